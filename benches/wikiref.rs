//! Clipping throughput and search latency on the WikiRef evaluation set.
//!
//! ```sh
//! cargo bench --bench wikiref
//! ```
//!
//! 1. One `dispatch add` of all 150 WikiRef files (Windows-1252 plain text)
//!    into a fresh archive, through the release binary: articles per second,
//!    process start and archive creation included.
//! 2. A dozen queries (words, phrases, exclusions, fields, dates, an empty
//!    query), each run 50 times in one process against that archive, top 20
//!    with snippets and facets: the median and p99 latency of each, and the
//!    median over all of them.
//!
//! Figures are printed, never asserted.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use dispatch_core::{Archive, SearchOptions, Sort};

const QUERIES: &[&str] = &[
    "obama",
    "michelle obama",
    "\"financial crisis\"",
    "greece austerity -riots",
    "cyprus OR greece",
    "bailout title:greek",
    "flight mh370 ocean",
    "rolling stones hyde park",
    "goita",
    "president lang:en",
    "draft lottery after:2020",
    "",
];
const RUNS: usize = 50;

fn main() {
    let files = wikiref_files();
    let dir = tempfile::tempdir().expect("temporary folder");

    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_dispatch"))
        .arg("--archive")
        .arg(dir.path())
        .args(["add", "--json"])
        .args(&files)
        .output()
        .expect("run dispatch add");
    let elapsed = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let added = String::from_utf8_lossy(&out.stdout).lines().count();
    println!(
        "clip: {added} WikiRef files in one `dispatch add` in {:.3} s: {:.0} articles/s",
        elapsed.as_secs_f64(),
        added as f64 / elapsed.as_secs_f64()
    );

    let archive = Archive::open(dir.path()).expect("open archive");
    let mut medians = Vec::new();
    println!(
        "\n{:<28} {:>8} {:>10} {:>10}",
        "query", "hits", "p50 ms", "p99 ms"
    );
    for query in QUERIES {
        let options = SearchOptions {
            limit: 20,
            offset: 0,
            sort: Sort::Relevance,
        };
        let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
        let mut total = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            let results = archive.search(query, &options).expect("search");
            times.push(t.elapsed());
            total = results.total;
        }
        times.sort();
        let p50 = times[RUNS / 2];
        let p99 = times[(RUNS * 99 / 100).min(RUNS - 1)];
        medians.push(p50);
        println!(
            "{:<28} {:>8} {:>10.3} {:>10.3}",
            format!("{query:?}"),
            total,
            ms(p50),
            ms(p99)
        );
    }
    medians.sort();
    println!(
        "\nsearch: median of the {} queries' medians: {:.3} ms",
        QUERIES.len(),
        ms(medians[medians.len() / 2])
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn wikiref_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/wikiref150");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}
