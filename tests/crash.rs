//! Crash safety: `dispatch` is killed with SIGKILL at random moments while
//! it clips, imports, reindexes and serves the clip endpoint, many times
//! over. After every kill the archive must open, pass `PRAGMA
//! integrity_check`, have a search index that agrees with the database,
//! and hold every clip it acknowledged (an id printed by `add`, a 201 from
//! the endpoint), findable by search; running the work again must finish
//! it without duplicates.
//!
//! The moments come from a seed printed with each test, so a failure can
//! be replayed: `DISPATCH_CRASH_SEED=N`. `DISPATCH_CRASH_KILLS=N` kills
//! more often than the default for a longer run.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dispatch_core::{Archive, SearchOptions};
use serde_json::{json, Value};

use crate::util::{clip_body, serve, shared, TestArchive};

/// Kills per test unless `DISPATCH_CRASH_KILLS` says otherwise.
const KILLS: usize = 8;

fn kills() -> usize {
    std::env::var("DISPATCH_CRASH_KILLS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(KILLS)
}

/// Random moments to kill at, from a seed that is printed.
struct Moments(u64);

impl Moments {
    fn new(test: &str) -> Moments {
        let seed = std::env::var("DISPATCH_CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
                    | 1
            });
        eprintln!("{test}: DISPATCH_CRASH_SEED={seed}");
        Moments(seed)
    }

    /// A moment within `span`.
    fn next(&mut self, span: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Duration::from_millis(self.0 % (span.as_millis() as u64).max(1))
    }
}

/// How long `args` take to run to the end on `archive`: the span the
/// kills are spread over, so that they land while the work is under way
/// on this machine, fast or slow.
fn full_run(archive: &TestArchive, args: &[&str]) -> Duration {
    let started = std::time::Instant::now();
    let out = archive.run(args);
    assert!(out.status.success(), "{args:?}: {out:?}");
    started.elapsed()
}

/// Kills `child` after `after` (SIGKILL) and returns what it printed.
fn kill_after(mut child: Child, after: Duration) -> String {
    std::thread::sleep(after);
    let _ = child.kill();
    let out = child
        .wait_with_output()
        .expect("wait for the killed process");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The ids in `add --json`'s lines (a line cut by the kill is no answer).
fn ids_printed(stdout: &str) -> Vec<i64> {
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["id"].as_i64())
        .collect()
}

/// Opens the archive as the next run would and checks everything a kill
/// must not break.
fn assert_sound(dir: &Path, acknowledged: &[i64], moment: &str) -> u64 {
    let archive = Archive::open(dir).unwrap_or_else(|e| panic!("{moment}: does not open: {e}"));
    let report = archive.doctor().expect("doctor");
    assert!(report.ok, "{moment}: {report:?}");
    assert_eq!(report.articles, report.indexed, "{moment}");
    let everything = SearchOptions {
        limit: 10_000,
        ..SearchOptions::default()
    };
    for &id in acknowledged {
        let article = archive
            .article(id)
            .unwrap_or_else(|e| panic!("{moment}: acknowledged article {id} is gone: {e}"));
        let word = article
            .title
            .split(|c: char| !c.is_alphanumeric())
            .max_by_key(|w| w.chars().count())
            .unwrap_or_default();
        if word.chars().count() < 3 {
            continue;
        }
        let found = archive
            .search(&format!("title:{word}"), &everything)
            .expect("search");
        assert!(
            found.hits.iter().any(|h| h.id == id),
            "{moment}: acknowledged article {id} is not found by title:{word}"
        );
    }
    eprintln!(
        "{moment}: sound, {} articles, {} acknowledged clips found",
        report.articles,
        acknowledged.len()
    );
    report.articles
}

fn wikiref_pages() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared("eval/wikiref150"))
        .expect("the WikiRef pages")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn kills_during_bulk_clipping_lose_no_acknowledged_clip() {
    let archive = TestArchive::new();
    let files = wikiref_pages();
    let mut moments = Moments::new("add");
    let mut add = vec!["add", "--json"];
    add.extend(files.iter().map(|f| f.to_str().unwrap()));
    let span = full_run(&TestArchive::new(), &add);
    let mut acknowledged = Vec::new();
    for kill in 0..kills() {
        let child = archive
            .command()
            .arg("add")
            .arg("--json")
            .args(&files)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dispatch add");
        let printed = kill_after(child, moments.next(span));
        acknowledged.extend(ids_printed(&printed));
        assert_sound(archive.path(), &acknowledged, &format!("add, kill {kill}"));
    }
    let finished = archive.run(&add);
    assert!(finished.status.success(), "{finished:?}");
    let articles = assert_sound(archive.path(), &acknowledged, "add, finished");
    assert_eq!(articles, files.len() as u64, "every page once");
}

/// An export of `n` distinct articles made from the WikiRef pages' texts.
fn export_of(n: usize, dir: &Path) -> PathBuf {
    let texts: Vec<String> = wikiref_pages()
        .iter()
        .map(|p| {
            let raw = std::fs::read(p).unwrap();
            Archive::extract(&dispatch_core::ClipRequest {
                bytes: raw,
                ..Default::default()
            })
            .map(|x| x.text)
            .unwrap_or_default()
        })
        .filter(|t| t.len() > 500)
        .collect();
    let articles: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "title": format!("Dispatch number {i} from the wires"),
                "text": format!("Dispatch {i}. {}", texts[i % texts.len()]),
                "url": format!("https://example.org/wire/{i}"),
                "tags": [format!("batch-{}", i % 7)],
            })
        })
        .collect();
    let path = dir.join("export.json");
    std::fs::write(&path, json!({ "articles": articles }).to_string()).unwrap();
    path
}

#[test]
fn kills_during_import_and_reindex_leave_an_archive_a_rerun_completes() {
    let archive = TestArchive::new();
    let source = tempfile::tempdir().unwrap();
    let n = 1_500;
    let export = export_of(n, source.path());
    let export = export.to_str().unwrap();
    let mut moments = Moments::new("import");
    let span = full_run(&TestArchive::new(), &["import", "json", export]);
    for kill in 0..kills() {
        let child = archive
            .command()
            .args(["import", "json", export])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dispatch import");
        kill_after(child, moments.next(span));
        assert_sound(archive.path(), &[], &format!("import, kill {kill}"));
    }
    for run in ["first", "second"] {
        let finished = archive.run(&["import", "json", export]);
        assert!(finished.status.success(), "{run}: {finished:?}");
        let articles = assert_sound(archive.path(), &[], &format!("import, {run} full run"));
        assert_eq!(articles, n as u64, "{run} full run: each article once");
    }

    let span = full_run(&archive, &["reindex"]);
    for kill in 0..kills() {
        let child = archive
            .command()
            .arg("reindex")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dispatch reindex");
        kill_after(child, moments.next(span));
        let articles = assert_sound(archive.path(), &[], &format!("reindex, kill {kill}"));
        assert_eq!(articles, n as u64);
    }
}

/// Posts one clip; the id when the endpoint answered 201, `None` when the
/// connection failed or was cut (the server was killed).
fn post_clip(port: u16, token: &str, body: &[u8]) -> Option<i64> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    let head = format!(
        "POST /v1/clip HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Authorization: Bearer {token}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    let answer = String::from_utf8_lossy(&answer);
    if !answer.starts_with("HTTP/1.1 201") {
        return None;
    }
    let json: Value = serde_json::from_str(answer.split_once("\r\n\r\n")?.1).ok()?;
    json["id"].as_i64()
}

#[test]
fn kills_of_the_clip_endpoint_lose_no_clip_it_answered_201() {
    let archive = TestArchive::new();
    let made = archive.run(&["token", "new", "crash"]);
    assert!(made.status.success(), "{made:?}");
    let token = String::from_utf8(made.stdout).unwrap().trim().to_string();
    let pages: Arc<Vec<Vec<u8>>> = Arc::new(
        wikiref_pages()
            .iter()
            .enumerate()
            .map(|(i, p)| clip_body(p, &format!("https://example.org/page/{i}")))
            .collect(),
    );
    let mut moments = Moments::new("serve");
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    for kill in 0..kills() {
        let (server, port) = serve(&archive);
        let stop = Arc::new(AtomicBool::new(false));
        let clients: Vec<_> = (0..4)
            .map(|client| {
                let (pages, acknowledged, stop, token) = (
                    pages.clone(),
                    acknowledged.clone(),
                    stop.clone(),
                    token.clone(),
                );
                std::thread::spawn(move || {
                    let mut next = client * 37 + kill * 11;
                    while !stop.load(Ordering::Relaxed) {
                        let page = &pages[next % pages.len()];
                        next += 1;
                        if let Some(id) = post_clip(port, &token, page) {
                            acknowledged.lock().unwrap().push(id);
                        }
                    }
                })
            })
            .collect();
        kill_after(
            server,
            moments.next(Duration::from_millis(2_500)) + Duration::from_millis(200),
        );
        stop.store(true, Ordering::Relaxed);
        for client in clients {
            client.join().unwrap();
        }
        let acknowledged = acknowledged.lock().unwrap().clone();
        assert_sound(
            archive.path(),
            &acknowledged,
            &format!("serve, kill {kill}"),
        );
    }
    assert!(
        !acknowledged.lock().unwrap().is_empty(),
        "the endpoint acknowledged clips between kills"
    );
}
