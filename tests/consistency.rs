//! The database is the source of truth; the index follows it.

use std::time::Duration;

use crate::util::{fixture, shared, TestArchive};

fn results(archive: &TestArchive, query: &str) -> serde_json::Value {
    let mut r = archive.json(&["search", "--json", "--limit", "50", query]);
    // Scores may differ in the last bits after segments merge differently.
    for hit in r["hits"].as_array_mut().unwrap() {
        hit["score"] = serde_json::json!((hit["score"].as_f64().unwrap() * 1000.0).round());
    }
    r
}

fn add_wikiref(archive: &TestArchive, n: usize) {
    let mut files: Vec<_> = std::fs::read_dir(shared("eval/wikiref150"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut args = vec!["add".to_string(), "--json".to_string()];
    args.extend(
        files
            .iter()
            .take(n)
            .map(|f| f.to_str().unwrap().to_string()),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(archive.run(&args).status.success());
}

#[test]
fn reindex_gives_the_same_results() {
    let archive = TestArchive::new();
    archive.add(&fixture(), &["--tag", "mali"]);
    add_wikiref(&archive, 40);
    let queries = [
        "goita",
        "obama president",
        "\"financial crisis\"",
        "tag:mali",
        "",
        "cyprus -bank",
    ];
    let before: Vec<_> = queries.iter().map(|q| results(&archive, q)).collect();
    let reindexed = archive.json(&["reindex", "--json"]);
    assert_eq!(reindexed["count"], 41);
    let after: Vec<_> = queries.iter().map(|q| results(&archive, q)).collect();
    assert_eq!(before, after);
}

#[test]
fn deleted_index_folder_is_rebuilt_on_the_next_search() {
    let archive = TestArchive::new();
    let id = archive.add(&fixture(), &[]);
    std::fs::remove_dir_all(archive.path().join("index")).unwrap();
    assert_eq!(archive.search_ids("goita"), [id]);
    let doctor = archive.json(&["doctor", "--json"]);
    assert_eq!(
        doctor,
        serde_json::json!({"ok": true, "articles": 1, "indexed": 1, "problems": []})
    );
}

#[test]
fn corrupt_index_is_rebuilt() {
    let archive = TestArchive::new();
    let id = archive.add(&fixture(), &[]);
    std::fs::write(archive.path().join("index/meta.json"), b"{ not json").unwrap();
    assert_eq!(archive.search_ids("goita"), [id]);
}

#[test]
fn killed_bulk_add_leaves_a_sound_archive_that_completes_without_duplicates() {
    let archive = TestArchive::new();
    let mut files: Vec<_> = std::fs::read_dir(shared("eval/wikiref150"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut child = archive
        .command()
        .arg("add")
        .arg("--json")
        .args(&files)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    child.kill().unwrap(); // SIGKILL
    let out = child.wait_with_output().unwrap();
    let acknowledged: Vec<i64> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| v["id"].as_i64().unwrap())
        .collect();

    let doctor = archive.json(&["doctor", "--json"]);
    assert_eq!(doctor["ok"], true, "{doctor}");
    assert_eq!(doctor["articles"], doctor["indexed"]);
    for id in &acknowledged {
        archive.json(&["show", "--json", &id.to_string()]);
    }

    let mut args = vec!["add".to_string(), "--json".to_string()];
    args.extend(files.iter().map(|f| f.to_str().unwrap().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    archive.run(&args);
    let doctor = archive.json(&["doctor", "--json"]);
    assert_eq!(doctor["ok"], true, "{doctor}");
    assert_eq!(doctor["articles"], files.len());
    assert_eq!(doctor["indexed"], files.len());
}

#[test]
fn a_second_process_searches_while_another_writes() {
    let archive = TestArchive::new();
    let id = archive.add(&fixture(), &[]);
    // A long-running writer: `add` reading from a stdin that stays open
    // holds the archive open without having written yet; instead hold the
    // writer lock through the core API in this process.
    let writer = dispatch_core::Archive::open(archive.path()).unwrap();
    writer.tag(id, &["held".into()], &[]).unwrap();
    assert_eq!(archive.search_ids("tag:held"), [id]);
    let out = archive.run(&["tag", &id.to_string(), "+other"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("archive busy"));
    drop(writer);
    assert!(archive
        .run(&["tag", &id.to_string(), "+other"])
        .status
        .success());
}
