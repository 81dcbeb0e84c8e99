//! The command line end to end, on the fixtures and evaluation pages.

use std::path::{Path, PathBuf};

use crate::util::{fixture, shared, TestArchive};

#[test]
fn pasted_fixture_is_found_by_folded_words_phrases_and_tags() {
    let archive = TestArchive::new();
    let id = archive.add(&fixture(), &["--tag", "Mali"]);
    assert_eq!(archive.search_ids("goita"), [id]);
    assert_eq!(archive.search_ids("Goïta"), [id]);
    assert_eq!(
        archive.search_ids("\"counter-terrorism cooperation\""),
        [id]
    );
    assert!(archive
        .search_ids("\"cooperation counter-terrorism\"")
        .is_empty());
    assert!(archive.search_ids("goita -wagner").is_empty());
    assert_eq!(archive.search_ids("tag:mali"), [id]);
    assert_eq!(archive.search_ids("tag:MALI goita"), [id]);
    assert!(archive.search_ids("tag:niger").is_empty());
}

#[test]
fn search_json_has_the_documented_shape() {
    let archive = TestArchive::new();
    archive.add(&fixture(), &["--tag", "mali"]);
    let results = archive.json(&["search", "--json", "goita"]);
    assert_eq!(results["total"], 1);
    let hit = &results["hits"][0];
    for key in ["id", "title", "outlet", "published", "snippet", "score"] {
        assert!(hit.get(key).is_some(), "hit lacks {key}: {hit}");
    }
    assert!(hit["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>Goïta</mark>"));
    for key in ["tags", "outlets", "langs", "years"] {
        assert!(results["facets"][key].is_array(), "facets lack {key}");
    }
    assert_eq!(results["facets"]["tags"][0]["value"], "mali");
    assert_eq!(results["facets"]["langs"][0]["value"], "en");
}

#[test]
fn fixture_keeps_a_title_subheads_and_related_headlines() {
    let archive = TestArchive::new();
    let id = archive.add(&fixture(), &[]);
    let article = archive.json(&["show", "--json", &id.to_string()]);
    assert_eq!(
        article["title"],
        "Relations between France and Mali have worsened"
    );
    assert!(article["html"]
        .as_str()
        .unwrap()
        .contains("<h3>Ties collapsed</h3>"));
    let related: Vec<&str> = article["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["related"] == true)
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        related,
        [
            "Mali arrests French national and generals accused of foreign-backed plot",
            "Wagner Russian paramilitary group's troubled legacy in Mali revealed"
        ]
    );
    for key in [
        "id",
        "url",
        "title",
        "byline",
        "outlet",
        "published",
        "clipped",
        "lang",
        "tags",
        "text",
        "html",
        "links",
    ] {
        assert!(article.get(key).is_some(), "show lacks {key}");
    }
}

#[test]
fn french_page_is_found_with_a_french_stemmed_query() {
    let archive = TestArchive::new();
    let page = shared("eval/readability/lemonde-1/source.html");
    let id = archive.add(&page, &["--url", "http://fakehost/test/page.html"]);
    archive.add(&fixture(), &[]);
    assert_eq!(archive.search_ids("deputes approuver lang:fr"), [id]);
    assert!(archive.search_ids("goita lang:fr").is_empty());
}

#[test]
fn windows_1252_wikiref_file_decodes_without_replacement_characters() {
    let archive = TestArchive::new();
    let file = shared("eval/wikiref150/U2.149.txt");
    let raw = std::fs::read(&file).unwrap();
    assert!(
        std::str::from_utf8(&raw).is_err(),
        "the test needs a non-UTF-8 file"
    );
    let id = archive.add(&file, &[]);
    let text = archive.json(&["show", "--json", &id.to_string()])["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        !text.contains('\u{fffd}'),
        "replacement character in {text}"
    );
    assert!(text.contains("“Mandela: Long Walk to Freedom”"), "{text}");
}

#[test]
fn curly_quote_in_feminist_comes_out_right() {
    let dir = shared("eval/wikiref150");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            std::fs::read(p)
                .unwrap()
                .windows(9)
                .any(|w| w == b"\x91Feminist")
        })
        .expect("a WikiRef file with \u{2018}Feminist");
    let archive = TestArchive::new();
    let id = archive.add(&file, &[]);
    let article = archive.json(&["show", "--json", &id.to_string()]);
    let all = format!("{} {}", article["title"], article["text"]);
    assert!(all.contains("\u{2018}Feminist"), "{all}");
}

#[test]
fn clipping_again_returns_the_existing_article() {
    let archive = TestArchive::new();
    let first = archive.json(&["add", "--json", fixture().to_str().unwrap()]);
    let again = archive.json(&["add", "--json", fixture().to_str().unwrap()]);
    assert_eq!(first["duplicate_of"], serde_json::Value::Null);
    assert_eq!(again["duplicate_of"], first["id"]);
    assert_eq!(again["id"], first["id"]);

    let page = shared("eval/readability/lemonde-1/source.html");
    let url = "https://www.lemonde.fr/politique/article/2015/05/05/loi-renseignement.html";
    let a = archive.json(&["add", "--json", "--url", url, page.to_str().unwrap()]);
    let tracked = format!("{url}?utm_source=twitter#comments");
    let b = archive.json(&["add", "--json", "--url", &tracked, page.to_str().unwrap()]);
    assert_eq!(b["duplicate_of"], a["id"]);
    assert_eq!(archive.json(&["doctor", "--json"])["articles"], 2);
}

#[test]
fn several_files_and_standard_input_in_one_add() {
    let archive = TestArchive::new();
    let files = ["NBA.draft.2.txt", "U2.149.txt", "barack.obama.1.txt"].map(|f| {
        shared(&format!("eval/wikiref150/{f}"))
            .to_str()
            .unwrap()
            .to_string()
    });
    let mut args = vec!["add", "--json"];
    args.extend(files.iter().map(String::as_str));
    let out = archive.run(&args);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);

    let mut child = archive
        .command()
        .args(["add", "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "Niger closes its airspace\n\nThe junta in Niamey closed the airspace on Sunday.\n"
                .as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let added: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(added["title"], "Niger closes its airspace");
    assert_eq!(
        archive.search_ids("niamey airspace"),
        [added["id"].as_i64().unwrap()]
    );
}

#[test]
fn bad_input_gets_a_message_and_exit_2() {
    let archive = TestArchive::new();
    archive.add(&fixture(), &[]);
    for query in ["after:yesterday", "lang:klingon", "tag:"] {
        let out = archive.run(&["search", query]);
        assert_eq!(out.status.code(), Some(2), "{query}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("dispatch: invalid query"), "{stderr}");
    }
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("junk.bin");
    std::fs::write(
        &binary,
        [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0, 0, 7, 8].repeat(100),
    )
    .unwrap();
    let out = archive.run(&["add", binary.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary"));
    let out = archive.run(&["add", "/nonexistent/file.html"]);
    assert_eq!(out.status.code(), Some(2));
    // An empty file is called empty, not a page without an article.
    let empty = dir.path().join("empty.html");
    std::fs::write(&empty, " \n").unwrap();
    let out = archive.run(&["add", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("the input is empty"), "{said}");
    // A page its scripts would fill: the reporter is told where to clip it.
    let app_shell = dir.path().join("app.html");
    std::fs::write(
        &app_shell,
        "<html><head><title>2025 in review</title></head><body><div id=\"app\"></div>\
         <script>render()</script></body></html>",
    )
    .unwrap();
    let out = archive.run(&["add", app_shell.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("no article text") && said.contains("browser"),
        "{said}"
    );
    let out = archive.run(&["show", "999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no article with id 999"));
    let out = archive.run(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    // Nothing was lost along the way.
    assert_eq!(archive.json(&["doctor", "--json"])["articles"], 1);
}

#[test]
fn tags_are_added_removed_listed_renamed_and_merged() {
    let archive = TestArchive::new();
    let a = archive.add(&fixture(), &[]);
    let b = archive.add(&shared("eval/wikiref150/U2.149.txt"), &[]);
    let (a_s, b_s) = (a.to_string(), b.to_string());
    archive.json(&["tag", "--json", &a_s, "+mali", "+diplomacy", "sahel"]);
    archive.json(&["tag", "--json", &b_s, "+music", "+sahel"]);
    let tagged = archive.json(&["tag", "--json", &a_s, "-sahel"]);
    assert_eq!(tagged["tags"], serde_json::json!(["diplomacy", "mali"]));
    let tags = archive.json(&["tags", "--json"]);
    assert_eq!(tags.as_array().unwrap().len(), 4);
    archive.json(&["tags", "--json", "rename", "mali", "Mali"]);
    assert_eq!(archive.search_ids("tag:mali"), [a]);
    archive.json(&["tags", "--json", "merge", "music", "sahel"]);
    assert_eq!(archive.search_ids("tag:sahel"), [b]);
    assert!(archive.search_ids("tag:music").is_empty());
    let out = archive.run(&["tags", "merge", "sahel", "nonexistent"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn searches_are_saved_listed_with_counts_renamed_and_deleted() {
    let archive = TestArchive::new();
    archive.add(&fixture(), &[]);
    let saved = archive.json(&[
        "saved",
        "--json",
        "add",
        "Sahel juntas",
        "--sort",
        "date",
        "goita",
        "-football",
    ]);
    assert_eq!(saved["name"], "Sahel juntas");
    assert_eq!(saved["query"], "goita -football");
    assert_eq!(saved["sort"], "date");
    assert_eq!(saved["count"], 1);
    archive.add(&archive.arrest_story("Mali arrests generals"), &[]);
    let listed = archive.json(&["saved", "--json"]);
    assert_eq!(listed[0]["count"], 2, "{listed}");
    let found = archive.json(&["saved", "--json", "run", "SAHEL JUNTAS"]);
    assert_eq!(found["total"], 2, "{found}");
    // Opened: nothing it finds is new any more.
    assert_eq!(archive.json(&["saved", "--json"])[0]["new"], 0);

    archive.json(&["saved", "--json", "rename", "sahel juntas", "Mali"]);
    let out = archive.run(&["saved", "add", "Dates", "after:yesterday"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid query"));
    archive.json(&["saved", "--json", "delete", "MALI"]);
    assert_eq!(archive.json(&["saved", "--json"]), serde_json::json!([]));
    assert_eq!(
        archive.run(&["saved", "delete", "Mali"]).status.code(),
        Some(2)
    );
}

#[test]
fn extract_prints_the_documented_json() {
    let archive = TestArchive::new();
    let page = shared("eval/readability/lemonde-1/source.html");
    let out = archive.json(&[
        "extract",
        "--url",
        "http://fakehost/test/page.html",
        page.to_str().unwrap(),
    ]);
    for key in [
        "title",
        "byline",
        "site_name",
        "published",
        "lang",
        "text",
        "links",
    ] {
        assert!(out.get(key).is_some(), "extract lacks {key}");
    }
    assert_eq!(out["lang"], "fr");
    assert!(out["text"].as_str().unwrap().len() > 1000);
}

#[test]
fn reextract_refreshes_the_text_and_keeps_tags_notes_and_edited_titles() {
    let archive = TestArchive::new();
    let page = shared("eval/readability/lemonde-1/source.html");
    let added = archive.json(&[
        "add",
        "--json",
        "--url",
        "https://www.lemonde.fr/pixels/article/x.html",
        "--tag",
        "surveillance",
        page.to_str().unwrap(),
    ]);
    let id = added["id"].as_i64().unwrap();
    // What an older, worse extractor would have stored: the body of a clip
    // that read only "menu accueil".
    let worse = TestArchive::new();
    let menu = worse.path().join("menu.txt");
    std::fs::write(&menu, "menu accueil").unwrap();
    worse.add(&menu, &[]);
    let body: Vec<u8> = rusqlite::Connection::open(worse.path().join("archive.db"))
        .unwrap()
        .query_row("SELECT body FROM articles", [], |r| r.get(0))
        .unwrap();
    let db = rusqlite::Connection::open(archive.path().join("archive.db")).unwrap();
    db.execute(
        "UPDATE articles SET body = ?2, byline = NULL WHERE id = ?1",
        rusqlite::params![id, body],
    )
    .unwrap();
    drop(db);
    {
        let core = dispatch_core::Archive::open(archive.path()).unwrap();
        core.reindex(|_, _| std::ops::ControlFlow::Continue(()))
            .unwrap();
        core.edit(id, Some("Mon titre"), Some("à relire")).unwrap();
    }
    assert_eq!(archive.json(&["search", "--json", "menu"])["total"], 1);

    let report = archive.json(&["reextract", "--json"]);
    assert_eq!(report["articles"], 1);
    assert_eq!(report["changed"], 1);
    assert_eq!(report["failed"], serde_json::json!([]));

    let shown = archive.json(&["show", "--json", &id.to_string()]);
    assert!(shown["text"].as_str().unwrap().len() > 1000);
    assert!(shown["byline"]
        .as_str()
        .is_some_and(|b| b.contains("Martin Untersinger")));
    assert_eq!(shown["title"], "Mon titre");
    assert_eq!(shown["note"], "à relire");
    assert_eq!(shown["tags"], serde_json::json!(["surveillance"]));
    assert_eq!(archive.json(&["search", "--json", "menu"])["total"], 0);
    assert_eq!(
        archive.json(&["search", "--json", "tag:surveillance renseignement"])["total"],
        1
    );

    let again = archive.json(&["reextract", "--json"]);
    assert_eq!(again["changed"], 0, "a second run finds nothing new");
}

#[test]
fn headline_drops_the_site_name_but_search_still_knows_it() {
    let archive = TestArchive::new();
    let page = shared("eval/readability/ehow-1/source.html");
    let added = archive.json(&[
        "add",
        "--json",
        "--url",
        "http://fakehost/test/page.html",
        page.to_str().unwrap(),
    ]);
    assert_eq!(added["title"], "How to Build a Terrarium");
    let hits = archive.json(&["search", "--json", "ehow terrarium"]);
    assert_eq!(hits["hits"][0]["id"], added["id"]);
}

#[test]
fn no_display_gives_a_message_not_a_panic() {
    let archive = TestArchive::new();
    let out = archive
        .command()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no display"), "{stderr}");
}

#[test]
fn add_fetches_a_web_address_and_clipping_it_again_is_a_duplicate() {
    let archive = TestArchive::new();
    let page = std::fs::read(shared("eval/readability/nytimes-1/source.html")).unwrap();
    let address = crate::util::serve_page(page, "text/html; charset=utf-8");
    let first = archive.json(&["add", "--json", "--tag", "sudan", &address]);
    assert_eq!(first["title"], "United States to Lift Sudan Sanctions");
    assert!(first["duplicate_of"].is_null());
    let again = archive.json(&["add", "--json", &address]);
    assert_eq!(again["duplicate_of"], first["id"]);
    assert_eq!(
        archive.search_ids("tag:sudan khartoum"),
        [first["id"].as_i64().unwrap()]
    );

    // Nothing listens there: a clear message, exit status 2, nothing stored.
    let out = archive.run(&["add", "http://127.0.0.1:9/nothing"]);
    assert_eq!(out.status.code(), Some(2));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains("127.0.0.1:9"), "{message}");
}

/// Files no one should clip, and some that only look broken: each is
/// answered with an article or a one-line reason (exit 0 or 2, never a
/// panic or a hang), and the archive stays sound.
#[test]
fn a_corpus_of_broken_files_is_answered_cleanly() {
    let archive = TestArchive::new();
    let dir = tempfile::tempdir().unwrap();
    let story = "<p>Bamako expelled five French diplomats on Tuesday, the transitional \
                 government said in a statement read on state television.</p>";
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in
        "Mali expels diplomats\n\nBamako expelled five French diplomats on Tuesday.".encode_utf16()
    {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let mut seed = 0x2545_F491_4F6C_DD1D_u64;
    let random: Vec<u8> = (0..100_000)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("empty.html", Vec::new()),
        ("whitespace.txt", b" \n\t\r\n   \n".to_vec()),
        ("random.bin", random),
        ("invalid-utf8.txt", b"Mali \xC3\x28 expels \xFF\xFE diplomats\n\nBamako \x80\x81 said.".to_vec()),
        ("utf16.txt", utf16),
        ("nul-bytes.html", format!("<html><body><h1>Mali\0 expels</h1>{story}\0\0{story}</body></html>").into_bytes()),
        ("nested.html", format!("<html><body>{}{story}{}</body></html>", "<div>".repeat(200_000), "</div>".repeat(200_000)).into_bytes()),
        ("huge.html", format!("<html><body><article><h1>A very long page</h1>{}</article></body></html>", story.repeat(30_000_000 / story.len())).into_bytes()),
        ("truncated.html", format!("<html><head><title>Mali</title></head><body>{story}<div class=\"a").into_bytes()),
        ("only-scripts.html", b"<html><head><script>alert(1)</script></head><body><script>x()</script><style>p{}</style></body></html>".to_vec()),
        ("unclosed-comment.html", format!("<html><body>{story}<!-- never closed").into_bytes()),
    ];
    let mut stored = 0;
    for (name, bytes) in &files {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let started = std::time::Instant::now();
        let out = archive.run(&["add", "--json", path.to_str().unwrap()]);
        let took = started.elapsed();
        eprintln!("{name}: exit {:?} in {took:.1?}", out.status.code());
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => {
                let added: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                stored += usize::from(added["duplicate_of"].is_null());
            }
            Some(2) => assert_eq!(stderr.trim().lines().count(), 1, "{name}: {stderr}"),
            other => panic!("{name}: exit {other:?}: {stderr}"),
        }
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        // A guard against hangs, not a speed target (the release build takes
        // about 3 s on the 30 MB page; this debug build, on a loaded CI
        // machine, up to three minutes).
        assert!(
            took < std::time::Duration::from_secs(300),
            "{name} hung: {took:?}"
        );
    }
    let doctor = archive.json(&["doctor", "--json"]);
    assert_eq!(doctor["ok"], true, "{doctor}");
    assert_eq!(doctor["articles"], stored, "{doctor}");
}

/// `dispatch --archive DIR` unable to write the folder: as an ordinary user
/// its permissions are enough; as root (CI), the capabilities that let
/// root ignore them are dropped.
fn without_write_permission(dir: &Path) -> std::process::Command {
    let uid = std::process::Command::new("id")
        .arg("-u")
        .output()
        .expect("id -u");
    let mut cmd = if String::from_utf8_lossy(&uid.stdout).trim() == "0" {
        let mut cmd = std::process::Command::new("setpriv");
        cmd.arg("--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable")
            .arg(env!("CARGO_BIN_EXE_dispatch"));
        cmd
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_dispatch"))
    };
    cmd.arg("--archive")
        .arg(dir)
        .env_remove("DISPATCH_ARCHIVE")
        .stdin(std::process::Stdio::null());
    cmd
}

/// Sets the write permission of the archive folder and every file in it.
fn set_writable(dir: &Path, writable: bool) {
    use std::os::unix::fs::PermissionsExt;
    for entry in walk(dir) {
        let mode = std::fs::metadata(&entry).unwrap().permissions().mode();
        let mode = if writable {
            mode | 0o200
        } else {
            mode & !0o222
        };
        std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut paths = vec![dir.to_path_buf()];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            paths.extend(walk(&path));
        } else {
            paths.push(path);
        }
    }
    paths
}

#[test]
fn read_only_archive_folder_is_searched_and_read_and_refuses_writes() {
    let archive = TestArchive::new();
    let id = archive.add(&fixture(), &["--tag", "sahel"]);
    let db = archive.path().join("archive.db");
    let before = std::fs::read(&db).unwrap();
    let outside = tempfile::tempdir().unwrap();
    let page = outside.path().join("page.html");
    std::fs::write(
        &page,
        std::fs::read(archive.arrest_story("Mali arrests generals")).unwrap(),
    )
    .unwrap();
    set_writable(archive.path(), false);
    let run = |args: &[&str]| {
        without_write_permission(archive.path())
            .args(args)
            .output()
            .unwrap()
    };

    let found = run(&["search", "--json", "Goita tag:sahel"]);
    assert!(
        found.status.success(),
        "{}",
        String::from_utf8_lossy(&found.stderr)
    );
    let found: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(found["hits"][0]["id"], id, "{found}");
    let shown = run(&["show", "--json", &id.to_string()]);
    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let exported = outside.path().join("export.json");
    let export = run(&["export", "json", "--output", exported.to_str().unwrap()]);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    assert!(std::fs::read_to_string(&exported)
        .unwrap()
        .contains("Goïta"));
    let doctor = run(&["doctor", "--json"]);
    let doctor: serde_json::Value = serde_json::from_slice(&doctor.stdout).unwrap();
    assert_eq!(doctor["ok"], true, "{doctor}");

    let id_arg = id.to_string();
    for write in [
        vec!["add", page.to_str().unwrap()],
        vec!["tag", &id_arg, "+more"],
        vec!["reindex"],
    ] {
        let out = run(&write);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success(),
            "{write:?} succeeded on a read-only archive"
        );
        assert!(stderr.contains("read-only"), "{write:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{write:?}: {stderr}");
    }

    // No archive in a folder that cannot be written: none can be made.
    let empty = outside.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    set_writable(&empty, false);
    let out = without_write_permission(&empty)
        .args(["search", "Mali"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("none can be made"), "{stderr}");
    set_writable(&empty, true);

    set_writable(archive.path(), true);
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the read-only archive changed"
    );
    let tags = archive.json(&["show", "--json", &id_arg])["tags"].clone();
    assert_eq!(tags, serde_json::json!(["sahel"]));
    assert_eq!(archive.json(&["doctor", "--json"])["articles"], 1);
}

#[test]
fn output_to_a_reader_that_has_gone_ends_quietly_not_in_a_panic() {
    let archive = TestArchive::new();
    let id = archive.add(&fixture(), &[]).to_string();
    let fixture = fixture();
    let commands: [&[&str]; 5] = [
        &["search", "Mali"],
        &["show", &id],
        &["export", "json"],
        &["tags"],
        &["extract", fixture.to_str().unwrap()],
    ];
    for args in commands {
        // A pipe whose reading end is closed before anything is written,
        // as after `| head -1` has read its line.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = archive
            .command()
            .args(args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}
