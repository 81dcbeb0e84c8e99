//! `dispatch-bench`: Dispatch at scale, measured.
//!
//! ```text
//! cargo run --release -p dispatch-bench -- --articles 100000 [--json] [--dir DIR]
//! ```
//!
//! Builds an archive of N realistic articles (`corpus`) through the
//! core's bulk import, then measures, in one run:
//!
//! - `import_per_s`: articles per second through `Archive::import_stream`,
//!   from export records to committed, searchable articles;
//! - `clip_html_per_s`: saved news pages (the evaluation pages) extracted
//!   and archived, into an archive of their own;
//! - `search_p50_ms` / `search_p99_ms`: a fixed mix of queries (`fts5::QUERIES`),
//!   top 20 with snippets and facet counts, 50 rounds after one warm-up round,
//!   on the archive at rest (reopened after the import), as FTS5 is measured
//!   after its `optimize`;
//! - `related_p50_ms`: related coverage of 50 articles spread over the archive;
//! - `saved_searches_p50_ms`: the sidebar's saved searches, the query mix
//!   saved under names, each counted whole and since it was last opened
//!   (what the window asks after every change);
//! - `fts5_p50_ms` / `fts5_p99_ms`: the same articles and queries in SQLite FTS5;
//! - `open_first_search_ms`: opening the archive afresh and answering a search;
//! - `disk_bytes_per_text_byte`: the archive (database without the original
//!   pages, and the index) over the bytes of headline and text;
//! - `peak_rss_mb`: the process's peak resident memory by the end of the import.
//!
//! It prints a table, or one JSON line with `--json`. Figures, not verdicts:
//! nothing here asserts on time.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dispatch_core::io::{ImportItem, ItemSource};
use dispatch_core::{Archive, SearchOptions, Sort};

use dispatch_bench::corpus::{self, Rng};
use dispatch_bench::fts5;

/// Timed rounds of the query mix, after one warm-up round: enough samples
/// (50 × 14) for a steady 99th percentile.
const ROUNDS: usize = 50;

struct Args {
    articles: usize,
    json: bool,
    dir: PathBuf,
}

fn args() -> Result<Args, String> {
    let mut out = Args {
        articles: 10_000,
        json: false,
        dir: PathBuf::new(),
    };
    let mut dir = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--articles" | "-n" => {
                out.articles = it
                    .next()
                    .and_then(|n| n.replace('_', "").parse().ok())
                    .ok_or("--articles takes a number")?
            }
            "--json" => out.json = true,
            "--dir" => dir = Some(PathBuf::from(it.next().ok_or("--dir takes a folder")?)),
            "--help" | "-h" => {
                return Err("usage: dispatch-bench [--articles N] [--json] [--dir DIR]".into())
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    out.dir = dir.unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/bench-runs")
            .join(format!("articles-{}", out.articles))
    });
    Ok(out)
}

fn main() {
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let _ = std::fs::remove_dir_all(&args.dir);
    std::fs::create_dir_all(&args.dir).expect("create the benchmark folder");
    let n = args.articles;
    let texts = corpus::texts();
    let say = |what: &str| {
        if !args.json {
            eprintln!("{what}");
        }
    };

    // Import.
    say(&format!("importing {n} articles…"));
    let archive_dir = args.dir.join("archive");
    let archive = Archive::open(&archive_dir).expect("create the archive");
    let mut rng = Rng(42);
    let mut text_bytes = 0u64;
    let items = (0..n).map(|i| {
        let a = corpus::article(i, &texts, &mut rng);
        text_bytes += (a.title.len() + a.text.len()) as u64;
        item(a)
    });
    let started = Instant::now();
    let (report, ids) = archive
        .import_stream(items, n, |done, total| {
            if !args.json && (done % 10_000 == 0 || done == total) {
                eprint!("\r  {done}/{total}");
            }
            std::ops::ControlFlow::Continue(())
        })
        .expect("import");
    let import_time = started.elapsed();
    say("");
    let peak_rss_mb = peak_rss_mb();
    assert_eq!(
        report.added,
        n,
        "every article is new: {:?}",
        report.problems.first()
    );
    let ids: Vec<i64> = ids.into_iter().flatten().collect();
    let options = SearchOptions::default();

    drop(archive);
    // At rest: closed, so the write-ahead log is folded in and merges are done.
    let disk = disk_bytes(&archive_dir);

    // Opening afresh.
    let t = Instant::now();
    let reopened = Archive::open(&archive_dir).expect("reopen");
    std::hint::black_box(reopened.search("police", &options).expect("search"));
    let open_first_search = t.elapsed();

    // Search and related coverage on the archive at rest, as FTS5 is
    // measured after its `optimize`.
    say("searching…");
    let mut search_times = Vec::new();
    for round in 0..=ROUNDS {
        for q in fts5::QUERIES {
            let t = Instant::now();
            let results = reopened.search(q.dispatch, &options).expect("search");
            if round > 0 {
                search_times.push(t.elapsed());
            }
            std::hint::black_box(results);
        }
    }
    let mut related_times = Vec::new();
    for k in 0..50 {
        let id = ids[k * ids.len() / 50];
        let t = Instant::now();
        std::hint::black_box(reopened.related(id, 10).expect("related"));
        related_times.push(t.elapsed());
    }

    for (i, q) in fts5::QUERIES.iter().enumerate() {
        reopened
            .save_search(&format!("search {i}"), q.dispatch, Sort::Relevance)
            .expect("save a search");
    }
    let mut saved_times = Vec::new();
    for round in 0..=ROUNDS {
        let t = Instant::now();
        std::hint::black_box(reopened.saved_searches().expect("saved searches"));
        if round > 0 {
            saved_times.push(t.elapsed());
        }
    }

    // FTS5 on the same articles.
    say("building the FTS5 comparison…");
    let mut fts = fts5::Fts5::create(&args.dir.join("fts5.db")).expect("create the FTS5 database");
    let mut rng = Rng(42);
    let mut chunk = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let a = corpus::article(i, &texts, &mut rng);
        let stored = reopened.article(*id).expect("an imported article");
        let site = a
            .url
            .as_deref()
            .and_then(|u| u.split('/').nth(2))
            .unwrap_or("")
            .trim_start_matches("www.")
            .to_string();
        chunk.push((*id, a, stored.lang, site));
        if chunk.len() == 5_000 {
            fts.add(&chunk).expect("fill FTS5");
            chunk.clear();
        }
    }
    fts.add(&chunk).expect("fill FTS5");
    fts.optimize().expect("optimize FTS5");
    let mut fts_times = Vec::new();
    for round in 0..=ROUNDS {
        for q in fts5::QUERIES {
            let t = Instant::now();
            std::hint::black_box(fts.search(q).expect("FTS5 search"));
            if round > 0 {
                fts_times.push(t.elapsed());
            }
        }
    }
    drop(reopened);

    // Clipping saved pages.
    say("clipping saved pages…");
    let clip_dir = args.dir.join("clips");
    let clips = Archive::open(&clip_dir).expect("create the clip archive");
    let mut requests = corpus::page_requests();
    requests.truncate(n);
    let pages_clipped = requests.len();
    let t = Instant::now();
    clips.clip_all(requests, |_, _| {}).expect("clip pages");
    let clip_time = t.elapsed();

    let figures = serde_json::json!({
        "articles": n,
        "import_per_s": round1(n as f64 / import_time.as_secs_f64()),
        "clip_html_per_s": round1(pages_clipped as f64 / clip_time.as_secs_f64()),
        "search_p50_ms": ms(percentile(&mut search_times, 50)),
        "search_p99_ms": ms(percentile(&mut search_times, 99)),
        "related_p50_ms": ms(percentile(&mut related_times, 50)),
        "saved_searches": fts5::QUERIES.len(),
        "saved_searches_p50_ms": ms(percentile(&mut saved_times, 50)),
        "fts5_p50_ms": ms(percentile(&mut fts_times, 50)),
        "fts5_p99_ms": ms(percentile(&mut fts_times, 99)),
        "open_first_search_ms": ms(open_first_search),
        "disk_bytes_per_text_byte": (disk as f64 / text_bytes as f64 * 100.0).round() / 100.0,
        "peak_rss_mb": peak_rss_mb,
        "text_mb": round1(text_bytes as f64 / 1e6),
        "pages_clipped": pages_clipped,
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
    });
    if args.json {
        println!("{figures}");
    } else {
        print_table(&figures);
    }
}

fn item(a: dispatch_core::io::json::ExportArticle) -> ImportItem {
    ImportItem {
        label: a.title.clone(),
        source: ItemSource::Record(Box::new(a)),
    }
}

fn percentile(times: &mut [Duration], p: usize) -> Duration {
    times.sort();
    times[(times.len() * p / 100).min(times.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0 * 100.0).round() / 100.0
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The archive's bytes on disk, the original pages aside.
fn disk_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let meta = entry.metadata().expect("metadata");
            if meta.is_dir() {
                pending.push(entry.path());
            } else {
                total += meta.len();
            }
        }
    }
    let originals: i64 = rusqlite::Connection::open(dir.join("archive.db"))
        .and_then(|c| {
            c.query_row(
                "SELECT coalesce(sum(length(data)), 0) FROM originals",
                [],
                |r| r.get(0),
            )
        })
        .unwrap_or(0);
    total - originals as u64
}

/// The process's peak resident memory so far (Linux), in MB.
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| round1(kb / 1024.0))
}

fn print_table(f: &serde_json::Value) {
    let row =
        |name: &str, value: String, target: &str| println!("{name:<34} {value:>12}   {target}");
    println!(
        "Dispatch at {} articles ({} cores, {} MB of text)\n",
        f["articles"], f["cores"], f["text_mb"]
    );
    println!("{:<34} {:>12}   target at 100,000", "", "measured");
    row(
        "import (articles/s)",
        f["import_per_s"].to_string(),
        "≥ 1,000",
    );
    row(
        &format!("clip saved pages ({} pages/s)", f["pages_clipped"]),
        f["clip_html_per_s"].to_string(),
        "≥ 150",
    );
    row("search p50 (ms)", f["search_p50_ms"].to_string(), "≤ 10");
    row(
        "search p99 (ms)",
        f["search_p99_ms"].to_string(),
        "≤ 50 and ≤ ½ FTS5 p99",
    );
    row("  FTS5 p50 (ms)", f["fts5_p50_ms"].to_string(), "");
    row("  FTS5 p99 (ms)", f["fts5_p99_ms"].to_string(), "");
    row(
        "related coverage p50 (ms)",
        f["related_p50_ms"].to_string(),
        "≤ 20",
    );
    row(
        &format!("{} saved searches counted (ms)", f["saved_searches"]),
        f["saved_searches_p50_ms"].to_string(),
        "",
    );
    row(
        "open + first search (ms)",
        f["open_first_search_ms"].to_string(),
        "≤ 1,000",
    );
    row(
        "disk / text",
        f["disk_bytes_per_text_byte"].to_string(),
        "≤ 1.5",
    );
    row(
        "peak memory during import (MB)",
        f["peak_rss_mb"].to_string(),
        "≤ 300",
    );
}
