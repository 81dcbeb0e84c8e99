//! What the benchmarks share: an archive of N plain-text articles
//! recombined from the ECB+ and WikiRef evaluation texts, built once and
//! reused from `target/bench-archives/`. Each article keeps one text's
//! headline and most of its paragraphs, borrows two paragraphs from
//! another, and gets a dateline between 2010 and 2025, so that words,
//! names and dates look like a real archive's.

#![allow(dead_code)] // each bench uses its part

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dispatch_core::clip::Format;
use dispatch_core::{Archive, ClipRequest};

/// The cached archive of `n` articles (built on first use).
pub fn archive(n: usize) -> Archive {
    build(&archive_dir(n), n)
}

pub fn archive_dir(n: usize) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-archives/related-{n}"))
}

/// Opens the cached archive of `n` articles, or builds it.
pub fn build(dir: &Path, n: usize) -> Archive {
    if dir.join("complete").exists() {
        return Archive::open(dir).expect("open the cached archive");
    }
    let _ = std::fs::remove_dir_all(dir);
    let archive = Archive::open(dir).expect("create the archive");
    let sources = sources();
    let mut rng = Rng(42);
    let started = Instant::now();
    let requests = (0..n).map(|i| {
        let base = &sources[i % sources.len()];
        let other = &sources[(rng.next_u64() % sources.len() as u64) as usize];
        let day = 1 + rng.next_u64() % 28;
        let month = 1 + rng.next_u64() % 12;
        let year = 2010 + rng.next_u64() % 16;
        let mut text = format!(
            "{} ({})\nPublished: {year}-{month:02}-{day:02}\n",
            base.0, i
        );
        let keep = base.1.len().saturating_sub(1).max(1);
        for p in base.1.iter().take(keep) {
            text.push_str(p);
            text.push('\n');
        }
        for p in other.1.iter().take(2) {
            text.push_str(p);
            text.push('\n');
        }
        ClipRequest {
            bytes: text.into_bytes(),
            format: Some(Format::Text),
            ..ClipRequest::default()
        }
    });
    let mut stored = 0usize;
    archive
        .clip_all(requests, |_, outcome| {
            if outcome.is_ok() {
                stored += 1;
            }
            if stored.is_multiple_of(10_000) && stored > 0 {
                eprint!("\rbuilt {stored}/{n}");
            }
        })
        .expect("clip");
    let elapsed = started.elapsed();
    eprintln!();
    println!(
        "built {stored} articles in {:.1} s ({:.0} articles/s, clip_all, one process)",
        elapsed.as_secs_f64(),
        stored as f64 / elapsed.as_secs_f64()
    );
    std::fs::write(dir.join("complete"), b"").expect("mark the archive complete");
    archive
}

/// (headline, paragraphs) of every evaluation text.
pub fn sources() -> Vec<(String, Vec<String>)> {
    dispatch_bench::corpus::texts()
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub use dispatch_bench::corpus::Rng;
