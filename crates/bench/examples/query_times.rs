//! Times each query of the benchmark's mix on an archive the benchmark
//! already built, to see which ones make the tail:
//!
//! ```text
//! cargo run --release -p dispatch-bench -- --articles 100000
//! cargo run --release -p dispatch-bench --example query_times -- target/bench-runs/articles-100000/archive
//! ```

use std::time::{Duration, Instant};

use dispatch_bench::fts5;
use dispatch_core::{Archive, SearchOptions};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/bench-runs/articles-100000/archive".into());
    let archive = Archive::open(std::path::Path::new(&dir)).expect("open the archive");
    let options = SearchOptions::default();
    let rounds = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(41);
    println!(
        "{:<40} {:>8} {:>8} {:>8}",
        "query", "hits", "p50 ms", "max ms"
    );
    let only = std::env::args().nth(2);
    for q in fts5::QUERIES
        .iter()
        .filter(|q| only.as_deref().is_none_or(|o| o == q.dispatch))
    {
        let mut times: Vec<Duration> = Vec::new();
        let mut total = 0;
        for round in 0..rounds {
            let t = Instant::now();
            let results = archive.search(q.dispatch, &options).expect("search");
            if round > 0 {
                times.push(t.elapsed());
            }
            total = results.total;
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<40} {:>8} {:>8.2} {:>8.2}",
            q.dispatch,
            total,
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1])
        );
    }
}
