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
    let mut rng = XorShift(42);
    let started = Instant::now();
    let requests = (0..n).map(|i| {
        let base = &sources[i % sources.len()];
        let other = &sources[(rng.next() % sources.len() as u64) as usize];
        let day = 1 + rng.next() % 28;
        let month = 1 + rng.next() % 12;
        let year = 2010 + rng.next() % 16;
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
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval");
    let mut out = Vec::new();
    for set in ["ecbplus-dev", "wikiref150"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(shared.join(set))
            .expect("evaluation texts")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).expect("read");
            // WikiRef is Windows-1252; bytes above 0x7f become Latin-1
            // characters, close enough for a benchmark.
            let text: String = match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
            };
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let Some(title) = lines.next() else { continue };
            out.push((title.to_string(), lines.map(str::to_string).collect()));
        }
    }
    out
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}
