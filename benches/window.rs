//! The window as the reporter sees it, on a 10,000-article archive:
//! time from launch to a usable search box, search latency from the last
//! keystroke to the results on screen, and the app's memory when idle.
//!
//! ```sh
//! xvfb-run -a -s "-screen 0 1280x820x24" cargo bench --bench window
//! DISPATCH_BENCH_ARTICLES=100000 xvfb-run -a cargo bench --bench window
//! ```
//!
//! Needs what the end-to-end tests need (Xvfb, WebKitWebDriver,
//! `tauri-driver`; `scripts/setup --test` installs them). The archive is
//! the one `benches/related.rs` uses (see `common`). Queries are typed into
//! the real search box a character at a time, 120 ms apart, as a quick
//! typist would; latency runs from the last keystroke until the results for
//! the whole query are in the DOM and a frame has been painted. Figures
//! are printed, never asserted.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::json;

use common::ms;

mod common;
#[path = "../tests/webdriver.rs"]
mod webdriver;

const LAUNCHES: usize = 5;
const KEYSTROKE_GAP_MS: u64 = 120;
const QUERIES: &[&str] = &[
    "earthquake",
    "police shooting",
    "arrested",
    "hurricane",
    "fire",
    "election",
    "tsunami warning",
    "killed",
    "oscar",
    "\"death toll\"",
    "murder suspect",
    "bomb",
    "strike",
    "iphone",
    "nobel prize",
    "president",
    "storm",
    "court",
    "lang:en quake",
    "after:2015 police",
    "flood -storm",
    "magnitude",
    "protest",
    "rescue",
];

/// Types `query` into the search box and reports, in milliseconds, how long
/// after the last keystroke its results were on screen.
const TYPE_AND_WAIT: &str = r#"
const [query, gap, done] = arguments;
const input = document.querySelector('#search');
const list = () => document.querySelector('main.list');
input.focus();
const type = (text) => { input.value = text; input.dispatchEvent(new Event('input', { bubbles: true })); };
let i = 0;
const next = () => {
  i += 1;
  type(query.slice(0, i));
  if (i < query.length) { setTimeout(next, gap); return; }
  const t0 = performance.now();
  const check = () => {
    if (list() && list().dataset.resultsFor === query) {
      requestAnimationFrame(() => done(performance.now() - t0));
    } else {
      setTimeout(check, 1);
    }
  };
  check();
};
next();
"#;

fn main() {
    let n: usize = std::env::var("DISPATCH_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    // Built (or brought up to date) here, so the launches below measure
    // an archive that is ready.
    drop(common::archive(n));
    let dir = common::archive_dir(n);

    let mut launches = Vec::new();
    for _ in 0..LAUNCHES {
        let session = webdriver::Session::start(&dir);
        session.wait_for(".app[data-ready=\"true\"]");
        launches.push(session.launched.elapsed());
    }
    launches.sort();

    println!("window on {n} articles:");
    println!(
        "  launch to usable search box: median {:.0} ms, best {:.0} ms, worst {:.0} ms ({LAUNCHES} launches)",
        ms(launches[LAUNCHES / 2]),
        ms(launches[0]),
        ms(launches[LAUNCHES - 1])
    );

    let session = webdriver::Session::start(&dir);
    session.wait_for(".app[data-ready=\"true\"]");
    let mut latencies: Vec<f64> = QUERIES
        .iter()
        .map(|q| {
            let v = session.execute_async(TYPE_AND_WAIT, json!([q, KEYSTROKE_GAP_MS]));
            v.as_f64()
                .unwrap_or_else(|| panic!("no timing for {q}: {v}"))
        })
        .collect();
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];

    std::thread::sleep(Duration::from_secs(5));
    let memory = memory_of_descendants(session.driver.id());
    let (rss, pss) = memory
        .iter()
        .fold((0, 0), |(r, p), (_, (rss, pss))| (r + rss, p + pss));

    println!(
        "  search, last keystroke to results on screen: p50 {:.0} ms, p90 {:.0} ms, max {:.0} ms ({} queries typed {KEYSTROKE_GAP_MS} ms a key)",
        at(0.5),
        at(0.9),
        latencies[latencies.len() - 1],
        latencies.len()
    );
    println!(
        "  idle memory (app + its WebKit processes): {:.0} MB proportional set size, {:.0} MB resident",
        pss as f64 / 1024.0,
        rss as f64 / 1024.0
    );
    for (name, (_, pss)) in &memory {
        println!("    {name}: {:.0} MB", *pss as f64 / 1024.0);
    }
}

/// Resident and proportional set sizes (KiB) of the processes below `root`
/// (tauri-driver), by process name: the app and WebKit's web and network
/// processes, not the drivers themselves.
fn memory_of_descendants(root: u32) -> std::collections::BTreeMap<String, (u64, u64)> {
    let mut parent = HashMap::new();
    let mut name = HashMap::new();
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // "pid (comm) state ppid ...": comm may hold spaces, so split after ')'.
        let Some((head, tail)) = stat.rsplit_once(')') else {
            continue;
        };
        let comm = head
            .split_once('(')
            .map(|(_, c)| c.to_string())
            .unwrap_or_default();
        if let Some(ppid) = tail
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse::<u32>().ok())
        {
            parent.insert(pid, ppid);
            name.insert(pid, comm);
        }
    }
    let below_root = |mut pid: u32| loop {
        match parent.get(&pid) {
            Some(&p) if p == root => return true,
            Some(&p) if p > 1 => pid = p,
            _ => return false,
        }
    };
    let field = |pid: u32, file: &str, key: &str| -> u64 {
        std::fs::read_to_string(format!("/proc/{pid}/{file}"))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with(key))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|v| v.parse().ok())
            })
            .unwrap_or(0)
    };
    let mut by_name = std::collections::BTreeMap::new();
    for (&pid, comm) in &name {
        if below_root(pid) && !comm.contains("WebDriver") && !comm.contains("tauri-driver") {
            let entry: &mut (u64, u64) = by_name.entry(comm.clone()).or_default();
            entry.0 += field(pid, "status", "VmRSS:");
            entry.1 += field(pid, "smaps_rollup", "Pss:");
        }
    }
    by_name
}
