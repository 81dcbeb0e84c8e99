use dispatch_core::{Archive, ClipRequest};
fn main() {
    let pages = dispatch_bench::corpus::pages();
    let dir = std::path::Path::new("/tmp/clip-profile");
    let _ = std::fs::remove_dir_all(dir);
    let clips = Archive::open(dir).unwrap();
    let requests: Vec<ClipRequest> = pages
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| ClipRequest {
            bytes,
            url: Some(format!("https://example.org/saved/{i}")),
            ..ClipRequest::default()
        })
        .collect();
    let n = requests.len();
    let t = std::time::Instant::now();
    clips.clip_all(requests, |_, _| {}).unwrap();
    println!("{:.1} pages/s", n as f64 / t.elapsed().as_secs_f64());
}
