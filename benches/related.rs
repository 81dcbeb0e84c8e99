//! Related-coverage latency on a large archive.
//!
//! ```sh
//! cargo bench --bench related                     # 100,000 articles
//! DISPATCH_BENCH_ARTICLES=10000 cargo bench --bench related
//! ```
//!
//! Builds (once, then reuses) an archive of N recombined evaluation texts
//! (see `common`), then asks for the related coverage (top 10) of 300
//! random articles in one process and prints the latency distribution.
//! Figures are printed, never asserted.

use std::time::Instant;

use common::{ms, Rng};

mod common;

const QUERIES: usize = 300;

fn main() {
    let n: usize = std::env::var("DISPATCH_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let archive = common::archive(n);

    let mut rng = Rng(0x9e3779b97f4a7c15);
    let ids: Vec<i64> = (0..QUERIES)
        .map(|_| 1 + (rng.next_u64() % n as u64) as i64)
        .collect();
    for id in ids.iter().take(10) {
        archive.related(*id, 10).expect("related");
    }
    let mut times = Vec::with_capacity(ids.len());
    let mut suggested = 0usize;
    for id in &ids {
        let started = Instant::now();
        let related = archive.related(*id, 10).expect("related");
        times.push(started.elapsed());
        suggested += related.len();
    }
    times.sort();
    let at = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
    println!(
        "related (top 10) over {n} articles, {} queries: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {:.1} suggestions per article",
        times.len(),
        at(0.5),
        at(0.9),
        at(0.99),
        ms(*times.last().expect("some queries")),
        suggested as f64 / times.len() as f64
    );
}
