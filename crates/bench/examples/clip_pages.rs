//! Times clipping alone: the evaluation's saved pages, extracted on every
//! core and archived into a fresh archive, as the benchmark's
//! `clip_html_per_s` does at the end of a long run. Quick to repeat while
//! working on the extractor, and easy to profile:
//!
//! ```text
//! cargo run --release -p dispatch-bench --example clip_pages
//! perf record -g target/release/examples/clip_pages
//! ```

use std::time::Instant;

use dispatch_core::Archive;

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let archive = Archive::open(dir.path()).expect("create the archive");
    let requests = dispatch_bench::corpus::page_requests();
    let n = requests.len();
    let t = Instant::now();
    archive
        .clip_all(requests, |_, _| {})
        .expect("clip the pages");
    let seconds = t.elapsed().as_secs_f64();
    println!(
        "{n} pages in {seconds:.2} s: {:.1} pages/s",
        n as f64 / seconds
    );
}
