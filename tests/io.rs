//! Imports, exports, pending articles and feeds through the `dispatch`
//! binary, with realistic files of each format (`tests/data`) and pages
//! served on loopback.

use serde_json::{json, Value};

use crate::util::{data, fixture, serve_site, shared, TestArchive};

fn show(archive: &TestArchive, id: i64) -> Value {
    archive.json(&["show", "--json", &id.to_string()])
}

fn import(archive: &TestArchive, format: &str, path: &std::path::Path) -> Value {
    let out = archive.run(&["import", "--json", format, path.to_str().unwrap()]);
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(2),
        "import {format} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    report["import"].clone()
}

/// Every article as `show` prints it, by title, without what differs
/// between two archives (ids, resolved link targets, derived entities).
fn articles_by_title(archive: &TestArchive) -> Vec<Value> {
    let mut all: Vec<Value> = archive
        .search_ids("")
        .into_iter()
        .map(|id| {
            let mut a = show(archive, id);
            let obj = a.as_object_mut().unwrap();
            obj.remove("id");
            obj.remove("entities");
            for link in obj["links"].as_array_mut().unwrap() {
                link.as_object_mut().unwrap().remove("target");
            }
            a
        })
        .collect();
    all.sort_by_key(|a| a["title"].as_str().unwrap().to_string());
    all
}

#[test]
fn json_export_imports_into_a_new_archive_with_nothing_lost() {
    let first = TestArchive::new();
    let mali = first.add(&fixture(), &["--tag", "mali", "--note", "the key story"]);
    let page = shared("eval/readability/lemonde-1/source.html");
    let lemonde = first.add(
        &page,
        &[
            "--url",
            "https://www.lemonde.fr/pixels/article/2015/05/05/loi.html",
        ],
    );
    let saved = first.json(&[
        "add",
        "--json",
        data("lemonde-saved.mhtml").to_str().unwrap(),
    ]);
    assert_eq!(
        saved["duplicate_of"], lemonde,
        "the saved page is the same story"
    );
    assert!(first
        .run(&["link", &mali.to_string(), &lemonde.to_string()])
        .status
        .success());
    first.json(&[
        "thread",
        "new",
        "--json",
        "Sahel rift",
        &mali.to_string(),
        &lemonde.to_string(),
    ]);
    import(&first, "bookmarks", &data("bookmarks-firefox.html"));
    let exported = first.path().join("export.json");
    let out = first.run(&["export", "json", "--output", exported.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let second = TestArchive::new();
    let report = import(&second, "json", &exported);
    assert_eq!(report["problems"], json!([]));
    let (before, after) = (articles_by_title(&first), articles_by_title(&second));
    assert_eq!(before.len(), after.len());
    for (a, b) in before.iter().zip(&after) {
        for (field, value) in a.as_object().unwrap() {
            assert_eq!(
                &b[field], value,
                "{field} of “{}” changed on the way",
                a["title"]
            );
        }
    }
    // The original page came along: a later extractor can read it again.
    let reextracted = second.json(&["reextract", "--json"]);
    assert_eq!(reextracted["failed"], json!([]));
    assert_eq!(reextracted["articles"], 2, "{reextracted}");
    let threads = second.json(&["thread", "list", "--json"]);
    assert_eq!(threads[0]["name"], "Sahel rift");
    assert_eq!(threads[0]["articles"], 2);
    let mali_again = second.search_ids("goita")[0];
    let related = second.json(&["related", "--json", &mali_again.to_string()]);
    assert_eq!(
        related[0]["title"],
        show(&first, lemonde)["title"],
        "the manual link came along"
    );

    // Importing the same file again adds nothing.
    let again = import(&second, "json", &exported);
    assert_eq!(again["added"], 0);
    assert_eq!(again["duplicates"], report["added"]);
    assert_eq!(second.json(&["thread", "list", "--json"])[0]["articles"], 2);
}

#[test]
fn bookmarks_are_pending_searchable_and_fetched_later() {
    let archive = TestArchive::new();
    let report = import(&archive, "bookmarks", &data("bookmarks-firefox.html"));
    assert_eq!(report["items"], 5);
    assert_eq!(report["added"], 4);
    assert_eq!(report["pending"], 4);
    assert_eq!(report["problems"][0]["item"], "Most Visited");

    // Offline, they are found by title and tags.
    let junta = archive.search_ids("tag:junta");
    assert_eq!(junta.len(), 2);
    let rfi = archive.search_ids("expels diplomats")[0];
    let article = show(&archive, rfi);
    assert_eq!(article["pending"], true);
    assert_eq!(article["text"], "");
    assert_eq!(article["clipped"], "2023-08-16T10:40:00Z");
    assert_eq!(article["note"], "Check the ministry's statement");
    assert_eq!(article["tags"], json!(["diplomacy", "junta", "Sahel"]));
    // Listed as waiting for their text, and found by their notes.
    assert_eq!(archive.search_ids("is:pending").len(), 4);
    assert_eq!(archive.search_ids("note:ministry"), [rfi]);

    // The same bookmarks again: nothing new, even with tracking parameters.
    assert_eq!(
        import(&archive, "bookmarks", &data("bookmarks-firefox.html"))["added"],
        0
    );
}

#[test]
fn fetching_a_pending_article_fills_it_and_keeps_tags_and_note() {
    let archive = TestArchive::new();
    let page = std::fs::read(shared("eval/readability/lemonde-1/source.html")).unwrap();
    let site = serve_site(vec![("/loi.html", page, "text/html; charset=utf-8")]);
    let bookmarks = archive.path().join("marks.html");
    std::fs::write(
        &bookmarks,
        format!(
            "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n<DT><A HREF=\"{site}/loi.html\" ADD_DATE=\"1692182400\" TAGS=\"surveillance\">Loi renseignement</A>\n<DD>for Monday\n<DT><A HREF=\"{site}/gone.html\">Gone</A>\n</DL>"
        ),
    )
    .unwrap();
    import(&archive, "bookmarks", &bookmarks);
    let out = archive.run(&["fetch", "--json"]);
    assert_eq!(out.status.code(), Some(1), "one page is gone");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (report["tried"].as_u64(), report["fetched"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(report["failed"][0]["item"], "Gone");

    let id = archive.search_ids("renseignement députés")[0];
    let article = show(&archive, id);
    assert_eq!(article["pending"], false);
    assert!(article["text"]
        .as_str()
        .unwrap()
        .contains("Les députés ont"));
    assert_eq!(
        article["title"],
        "Le projet de loi sur le renseignement massivement approuvé à l'Assemblée"
    );
    assert_eq!(article["tags"], json!(["surveillance"]));
    assert_eq!(article["note"], "for Monday");
    assert_eq!(article["clipped"], "2023-08-16T10:40:00Z");
    let gone = archive.search_ids("gone")[0];
    assert_eq!(
        show(&archive, gone)["pending"],
        true,
        "a failed fetch stays pending"
    );
    assert_eq!(archive.search_ids("is:pending"), [gone]);
}

#[test]
fn pocket_and_wallabag_exports_import_with_their_tags_dates_and_content() {
    let archive = TestArchive::new();
    let pocket = import(&archive, "pocket", &data("pocket.csv"));
    assert_eq!(
        (pocket["added"].as_u64(), pocket["pending"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(pocket["problems"][0]["item"], "Missing address");
    assert_eq!(archive.search_ids("tag:sahel").len(), 1);
    let niger = show(&archive, archive.search_ids("benin")[0]);
    assert_eq!(
        niger["title"],
        "Niger junta closes border with Benin, citing \"security\""
    );

    let wallabag = import(&archive, "wallabag", &data("wallabag.json"));
    assert_eq!(wallabag["added"], 2);
    assert_eq!(wallabag["pending"], 1);
    assert_eq!(wallabag["problems"].as_array().unwrap().len(), 1);
    let corps = show(
        &archive,
        archive.search_ids("\"africa corps\" tag:wagner")[0],
    );
    assert_eq!(
        corps["pending"], false,
        "an entry with its content is complete"
    );
    assert_eq!(corps["byline"], "Jason Burke");
    assert_eq!(corps["lang"], "en");
    assert!(corps["text"]
        .as_str()
        .unwrap()
        .contains("Yevgeny Prigozhin"));
    let html = corps["html"].as_str().unwrap();
    // The image keeps its address alone, to be fetched by the archive.
    assert!(
        !html.contains("onerror") && html.contains(r#"<img src="https://i.guim.co.uk/x.jpg">"#),
        "{html}"
    );
}

#[test]
fn a_folder_of_saved_pages_imports_each_and_lists_what_it_could_not() {
    let archive = TestArchive::new();
    let folder = archive.path().join("saved");
    std::fs::create_dir_all(folder.join("2025")).unwrap();
    std::fs::copy(
        shared("eval/readability/lemonde-1/source.html"),
        folder.join("lemonde.html"),
    )
    .unwrap();
    std::fs::copy(
        data("lemonde-saved.mhtml"),
        folder.join("2025/lemonde.mhtml"),
    )
    .unwrap();
    std::fs::copy(fixture(), folder.join("2025/mali.txt")).unwrap();
    std::fs::write(folder.join("binary.html"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    std::fs::write(folder.join("photo.jpg"), [0xff, 0xd8, 0xff]).unwrap();
    let report = import(&archive, "folder", &folder);
    assert_eq!(report["added"], 2, "{report}");
    assert_eq!(
        report["duplicates"], 1,
        "the MHTML is the same story as the HTML"
    );
    let problems: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["item"].as_str().unwrap())
        .collect();
    assert_eq!(problems, ["photo.jpg", "binary.html"]);
    assert_eq!(archive.search_ids("goita").len(), 1);
}

#[test]
fn a_broken_import_file_is_refused_whole() {
    let archive = TestArchive::new();
    let broken = archive.path().join("broken.json");
    let mut text = std::fs::read_to_string(data("wallabag.json")).unwrap();
    text.truncate(text.len() / 2);
    std::fs::write(&broken, format!("{{\"articles\": {text}")).unwrap();
    for (format, file) in [
        ("json", &broken),
        ("wallabag", &broken),
        ("pocket", &data("wallabag.json")),
        ("bookmarks", &data("pocket.csv")),
    ] {
        let out = archive.run(&["import", format, file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(!out.stderr.is_empty());
    }
    assert_eq!(archive.json(&["search", "--json", ""])["total"], 0);
}

#[test]
fn exports_for_notes_and_reference_managers() {
    let archive = TestArchive::new();
    let page = shared("eval/readability/lemonde-1/source.html");
    archive.add(
        &page,
        &[
            "--url",
            "https://www.lemonde.fr/pixels/loi.html",
            "--tag",
            "surveillance",
        ],
    );
    archive.add(&fixture(), &["--tag", "mali"]);

    let notes = archive.path().join("notes");
    assert!(archive
        .run(&["export", "markdown", "--output", notes.to_str().unwrap()])
        .status
        .success());
    let mut files: Vec<String> = std::fs::read_dir(&notes)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    let note = std::fs::read_to_string(notes.join(&files[0])).unwrap();
    assert!(note.starts_with("---\ntitle: \"Le projet de loi"), "{note}");
    assert!(note.contains("\ntags: [\"surveillance\"]\n---\n\n# Le projet"));

    let csl: Value = serde_json::from_slice(
        &archive
            .run(&["export", "csl-json", "tag:surveillance"])
            .stdout,
    )
    .unwrap();
    assert_eq!(csl.as_array().unwrap().len(), 1);
    assert_eq!(csl[0]["container-title"], "Le Monde.fr");
    assert_eq!(csl[0]["author"][0]["family"], "Untersinger");
    let ris = String::from_utf8(archive.run(&["export", "ris"]).stdout).unwrap();
    assert_eq!(ris.matches("TY  - NEWS").count(), 2);
    let bib = String::from_utf8(archive.run(&["export", "bibtex", "tag:mali"]).stdout).unwrap();
    assert!(bib.starts_with("@article{"), "{bib}");
    assert!(bib.contains("keywords = {mali}"));

    let dossier = archive.path().join("mali.html");
    assert!(archive
        .run(&[
            "export",
            "dossier",
            "--output",
            dossier.to_str().unwrap(),
            "goita"
        ])
        .status
        .success());
    let html = std::fs::read_to_string(&dossier).unwrap();
    assert!(
        html.contains("Search: goita") && !html.contains("<script"),
        "{html}"
    );
    let out = archive.run(&["export", "markdown"]);
    assert_eq!(out.status.code(), Some(2), "markdown needs a folder");
}

#[test]
fn feeds_bring_new_items_once() {
    let archive = TestArchive::new();
    let page = std::fs::read(shared("eval/readability/lemonde-1/source.html")).unwrap();
    let rss = |site: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Le Monde Pixels</title>
<item><title>Le projet de loi sur le renseignement</title><link>{site}/loi.html?utm_source=rss</link><guid>lm-1</guid>
<pubDate>Mon, 04 May 2015 11:36:31 GMT</pubDate></item>
<item><title>Un article disparu</title><link>{site}/gone.html</link><guid>lm-2</guid>
<description>&lt;p&gt;Le texte du flux, faute de page, est gardé tel quel.&lt;/p&gt;</description></item>
</channel></rss>"#
        )
    };
    // The feed names its own site, so it is served after the address is known.
    let site = serve_site(vec![("/loi.html", page, "text/html; charset=utf-8")]);
    let feed_site = serve_site(vec![(
        "/rss.xml",
        rss(&site).into_bytes(),
        "application/rss+xml",
    )]);
    let added = archive.json(&[
        "feed",
        "add",
        "--json",
        "--tag",
        "lemonde",
        &format!("{feed_site}/rss.xml"),
    ]);
    assert_eq!(
        (added["added"].as_u64(), added["pending"].as_u64()),
        (Some(2), Some(0)),
        "{added}"
    );
    let loi = show(&archive, archive.search_ids("tag:lemonde députés")[0]);
    assert!(
        loi["text"].as_str().unwrap().contains("Les députés ont"),
        "the full page"
    );
    let gone = show(&archive, archive.search_ids("disparu")[0]);
    assert_eq!(
        gone["text"],
        "Le texte du flux, faute de page, est gardé tel quel."
    );

    let again = archive.json(&["feed", "refresh", "--json"]);
    assert_eq!(
        (again["added"].as_u64(), again["duplicates"].as_u64()),
        (Some(0), Some(0))
    );
    let feeds = archive.json(&["feed", "list", "--json"]);
    assert_eq!(feeds[0]["title"], "Le Monde Pixels");
    assert_eq!(feeds[0]["articles"], 2);
    assert_eq!(archive.json(&["search", "--json", ""])["total"], 2);
}

/// Titles are hostile content too: exported one file per article, each
/// lands in the chosen folder, whatever its headline says about paths.
#[test]
fn exported_files_stay_in_their_folder_whatever_the_headlines_say() {
    let archive = TestArchive::new();
    let titles = [
        "../../../escaped",
        "/etc/passwd",
        "..",
        "C:\\Windows\\System32\\evil",
        "nul\u{0}byte and\nnewline",
        "....//....//deeper",
        "~/.bashrc",
    ];
    let articles: Vec<Value> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| {
            json!({
                "title": t,
                "text": format!("Article {i}: Bamako expelled five diplomats on Tuesday, the government said."),
            })
        })
        .collect();
    let file = archive.path().join("hostile-titles.json");
    std::fs::write(&file, json!({ "articles": articles }).to_string()).unwrap();
    let imported = import(&archive, "json", &file);
    assert_eq!(imported["added"], titles.len(), "{imported}");

    let outside = tempfile::tempdir().unwrap();
    let folder = outside.path().join("notes");
    let out = archive.run(&["export", "markdown", "--output", folder.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let written: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    assert_eq!(written.len(), titles.len());
    for entry in &written {
        assert!(entry.file_type().unwrap().is_file(), "{:?}", entry.path());
        assert!(entry.file_name().to_string_lossy().ends_with(".md"));
    }
    let beside: Vec<_> = std::fs::read_dir(outside.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["notes"], "nothing written beside the folder");
}

#[test]
fn images_are_fetched_once_kept_and_bad_ones_refused() {
    let archive = TestArchive::new();
    let photo = std::fs::read(data("photo.png")).unwrap();
    let site = serve_site(vec![
        (
            "/story",
            crate::util::page_with_images("Mali expels French diplomats"),
            "text/html; charset=utf-8",
        ),
        ("/photo.png", photo.clone(), "image/png"),
        ("/lazy.png", photo, "application/octet-stream"),
        (
            "/pixel.gif",
            b"GIF89a\x01\x00\x01\x00".to_vec(),
            "image/gif",
        ),
        (
            "/fake.jpg",
            b"<html>Not found</html>".to_vec(),
            "image/jpeg",
        ),
    ]);
    let id = archive.json(&["add", "--json", &format!("{site}/story")])["id"]
        .as_i64()
        .unwrap();
    let html = show(&archive, id)["html"].as_str().unwrap().to_string();
    assert!(
        html.contains(&format!("src=\"{site}/photo.png\"")),
        "{html}"
    );
    assert!(html.contains(&format!("src=\"{site}/lazy.png\"")), "{html}");
    assert!(
        !html.contains("pixel.gif") && !html.contains("data:"),
        "{html}"
    );

    // The photo and the lazy one are kept; the page posing as a JPEG and
    // the missing one are refused and said why, exit status 1.
    let out = archive.run(&["images", "--json", &id.to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report[0]["images"], 4);
    assert_eq!(report[0]["kept"], 2);
    assert_eq!(report[0]["fetched"], 2);
    let failed: Vec<&str> = report[0]["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(
        failed
            .iter()
            .any(|m| m.contains("fake.jpg") && m.contains("not a JPEG")),
        "{failed:?}"
    );
    assert!(failed.iter().any(|m| m.contains("404")), "{failed:?}");

    // Fetched once: a second run fetches nothing and tries no failure again
    // unless asked to.
    let again = archive.json(&["images", "--json"]);
    assert_eq!(
        again,
        json!([{"id": id, "images": 4, "kept": 2, "fetched": 0, "failed": []}])
    );
    let retried = archive.run(&["images", "--json", "--retry", &id.to_string()]);
    assert_eq!(retried.status.code(), Some(1));
    let retried: Value = serde_json::from_slice(&retried.stdout).unwrap();
    assert_eq!(
        (
            retried[0]["fetched"].as_i64(),
            retried[0]["failed"].as_array().map(Vec::len)
        ),
        (Some(0), Some(2))
    );

    let out = archive.run(&["images", "12345"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
