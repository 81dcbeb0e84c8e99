//! Extraction speed on the evaluation pages, in process.
//!
//! ```sh
//! cargo bench --bench extract
//! ```
//!
//! Every page of `../shared/eval/readability` and `../shared/eval/wcxb-dev`
//! is read into memory first; then each is extracted (decoding, parsing,
//! Readability, metadata, sanitising, text) on one thread, three times over;
//! each page's time is the middle one of its three, and those are summarised:
//! median, p90, p99, slowest, and pages per second on one core. Then the
//! same pages on every core, as `dispatch add` of many files could. Figures
//! are printed, never asserted.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dispatch_core::clip::{extract, Format};

fn main() {
    let pages = load_pages();
    assert!(
        !pages.is_empty(),
        "no evaluation pages found under ../shared/eval"
    );
    let bytes: usize = pages.iter().map(|p| p.len()).sum();
    println!(
        "{} pages, {:.1} MB of HTML",
        pages.len(),
        bytes as f64 / 1e6
    );

    // One warm-up pass so that lazy statics and allocator pools are ready.
    for page in pages.iter().take(5) {
        let _ = extract(page, Some("https://example.org/story"), Format::Html);
    }
    // Each page's time is the middle of three passes, so that a moment
    // when the machine is busy elsewhere does not count as the page's.
    let mut passes = Vec::with_capacity(PASSES);
    let started = Instant::now();
    for _ in 0..PASSES {
        let times: Vec<Duration> = pages
            .iter()
            .map(|page| {
                let t = Instant::now();
                let _ = extract(page, Some("https://example.org/story"), Format::Html);
                t.elapsed()
            })
            .collect();
        passes.push(times);
    }
    let wall = started.elapsed() / PASSES as u32;
    let mut times: Vec<Duration> = (0..pages.len())
        .map(|i| {
            let mut page: Vec<Duration> = passes.iter().map(|pass| pass[i]).collect();
            page.sort();
            page[PASSES / 2]
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "one core: median {} · p90 {} · p99 {} · slowest {} · {:.0} pages/s",
        ms(at(0.5)),
        ms(at(0.9)),
        ms(at(0.99)),
        ms(*times.last().unwrap()),
        pages.len() as f64 / wall.as_secs_f64()
    );

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let started = Instant::now();
    std::thread::scope(|scope| {
        for chunk in pages.chunks(pages.len().div_ceil(cores)) {
            scope.spawn(move || {
                for page in chunk {
                    let _ = extract(page, Some("https://example.org/story"), Format::Html);
                }
            });
        }
    });
    println!(
        "{cores} cores: {:.0} pages/s",
        pages.len() as f64 / started.elapsed().as_secs_f64()
    );
}

/// Passes over the pages on one core.
const PASSES: usize = 3;

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn load_pages() -> Vec<Vec<u8>> {
    let eval = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval");
    let mut pages = Vec::new();
    for case in sorted_entries(&eval.join("readability")) {
        if let Ok(bytes) = std::fs::read(case.join("source.html")) {
            pages.push(bytes);
        }
    }
    for file in sorted_entries(&eval.join("wcxb-dev/html")) {
        let Ok(gz) = std::fs::File::open(&file) else {
            continue;
        };
        let mut bytes = Vec::new();
        if flate2::read::GzDecoder::new(gz)
            .read_to_end(&mut bytes)
            .is_ok()
        {
            pages.push(bytes);
        }
    }
    pages
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}
