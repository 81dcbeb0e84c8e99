//! Writes the benchmark's articles as a Dispatch JSON export, to time the
//! bulk path through the binary itself:
//!
//! ```text
//! cargo run --release -p dispatch-bench --example corpus_export -- 20000 /tmp/corpus.json
//! time target/release/dispatch --archive /tmp/imported import json /tmp/corpus.json
//! ```

use std::io::Write;

use dispatch_bench::corpus::{self, Rng};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|n| n.parse().ok())
        .expect("how many articles");
    let path = args.next().expect("the file to write");
    let texts = corpus::texts();
    let mut rng = Rng(42);
    let file = std::fs::File::create(&path).expect("create the file");
    let mut out = std::io::BufWriter::new(file);
    write!(out, "{{\"articles\":[").unwrap();
    for i in 0..n {
        if i > 0 {
            write!(out, ",").unwrap();
        }
        serde_json::to_writer(&mut out, &corpus::article(i, &texts, &mut rng)).unwrap();
    }
    writeln!(out, "]}}").unwrap();
    out.flush().unwrap();
    eprintln!("{n} articles in {path}");
}
