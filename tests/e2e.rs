//! End to end in the real window: the `dispatch` binary's WebKitGTK webview
//! driven through WebDriver (`tauri-driver` in front of `WebKitWebDriver`).
//!
//! Needs a display (Xvfb) and both drivers; `scripts/test` provides them
//! and sets `DISPATCH_E2E=1`. Without that variable these tests say they
//! were skipped; with it, a missing driver is a failure. Screenshots of
//! each view go to `tests/e2e-screenshots/` (ignored by git).

use std::time::{Duration, Instant};

use crate::util::{fixture, http, TestArchive};
use crate::webdriver::{Session, ARROW_RIGHT, ENTER, ESCAPE};

fn enabled() -> bool {
    if std::env::var_os("DISPATCH_E2E").is_some() {
        return true;
    }
    eprintln!(
        "end-to-end test skipped: run it through scripts/test (or set DISPATCH_E2E=1 under Xvfb)"
    );
    false
}

const SUDAN: &str = "United States to Lift Sudan Sanctions";

/// The reporter's day in the window: clip a saved page through the clip
/// dialog, find it, read it, tag it, filter by the tag, tag two results at
/// once, rename the tag. A screenshot of each view goes to
/// tests/e2e-screenshots/.
#[test]
fn a_reporter_clips_finds_tags_and_renames_in_the_window() {
    if !enabled() {
        return;
    }
    let archive = TestArchive::new();
    archive.add(&fixture(), &[]);
    archive.add(&crate::util::shared("eval/wikiref150/U2.149.txt"), &[]);
    let saved_page = archive.path().join("sudan-sanctions.html");
    std::fs::copy(
        crate::util::shared("eval/readability/nytimes-1/source.html"),
        &saved_page,
    )
    .unwrap();
    archive.json(&["saved", "--json", "add", "Sahel and Sudan", "mali OR sudan"]);

    let session = Session::start(archive.path());
    session.wait_for(".app[data-ready=\"true\"]");
    session.wait_for_texts(".all-count", |t| t == ["2"]);
    session.wait_for_texts(".saved-item .count", |t| t == ["1"]);
    session.screenshot("library");

    // Clip a file: one file clips and opens at once.
    session.click_on(".clip-button");
    let files = session.wait_for(".clip-files");
    session.screenshot("clip-dialog");
    session.type_into(&files, saved_page.to_str().unwrap());
    session.wait_for_texts(".reader .article-title", |t| t == [SUDAN]);
    session.wait_for_texts(".all-count", |t| t == ["3"]);

    // Search for it, as you type; the snippet marks the word.
    session.search("khartoum");
    session.wait_for_texts(".result .title", |t| t == [SUDAN]);
    let marks = session.texts(".result mark");
    assert!(marks.iter().any(|m| m == "Khartoum"), "{marks:?}");
    session.screenshot("search");

    // Open it: the reader marks the query's words in the article.
    session.click_on(".result");
    session.wait_for_texts(".reader .article-title", |t| t == [SUDAN]);
    session.wait_for_texts(".reader .body mark", |t| {
        !t.is_empty() && t.iter().all(|m| m == "Khartoum")
    });
    session.screenshot("reader");

    // Add a tag, with Enter.
    let tag_input = session.wait_for(".tag-input");
    session.type_into(&tag_input, "frontline");
    session.press(ENTER);
    session.wait_for_texts(".tag-editor .chip-label", |t| t == ["frontline"]);
    session.wait_for_texts(".tag-item", |t| {
        t.iter().any(|x| x.starts_with("frontline"))
    });

    // Filter by it from the sidebar.
    session.click_on(".tag-item[data-tag=\"frontline\"]");
    session.wait_for_texts(".filter-chip .chip-label", |t| t == ["tag: frontline"]);
    session.wait_for_texts(".result .title", |t| t == [SUDAN]);

    // Back returns to the search before the filter.
    session.back();
    session.wait_for_texts(".filter-chip .chip-label", |t| t.is_empty());
    session.wait_for_texts(".result mark", |t| t.iter().any(|m| m == "Khartoum"));
    assert_eq!(session.value(&session.wait_for("#search")), "khartoum");

    // Bulk-tag two results of the whole library.
    session.click_on(".nav-item");
    session.wait_for_texts(".result .title", |t| t.len() == 3);
    for row in [0, 1] {
        session.click_on(&format!(".row[data-index=\"{row}\"] .select"));
    }
    session.wait_for_texts(".bulk-count", |t| t == ["2 selected"]);
    let bulk = session.wait_for(".bulk-tag");
    session.type_into(&bulk, "dossier");
    session.click_on(".bulk-add");
    session.wait_for_texts(".toast-text", |t| t == ["Tagged 2 articles “dossier”"]);
    session.wait_for_texts(".tag-item[data-tag=\"dossier\"] .count", |t| t == ["2"]);
    session.screenshot("bulk-tagged");

    // Delete asks first, then can be undone while its message shows.
    session.click_on(".bulk-clear");
    session.click_on(".row[data-index=\"2\"] .select");
    session.click_on(".bulk-delete");
    session.click_on(".confirm");
    session.wait_for_texts(".toast-text", |t| t == ["Deleting 1 article"]);
    session.wait_for(".row.deleting");
    session.click_on(".toast-action");
    session.wait_for_texts(".row.deleting", |t| t.is_empty());
    // Past the time the deletion would have reached the archive.
    std::thread::sleep(Duration::from_secs(9));
    assert_eq!(archive.json(&["search", "--json", ""])["total"], 3);
    session.wait_for_texts(".result .title", |t| t.len() == 3);

    // A note is saved when the reporter leaves it.
    let note = session.wait_for(".note-input");
    session.type_into(&note, "Ask the Quai d'Orsay");
    session.click_on(".article-title");
    session.wait_for(".note .saved");

    // Rename the tag in the tags manager.
    session.click_on(".manage-tags");
    session.wait_for(".tag-table");
    session.screenshot("tags");
    session.click_on("tr[data-tag=\"dossier\"] .rename");
    let rename = session.wait_for(".rename-input");
    session.clear(&rename);
    session.type_into(&rename, "sahel dossier");
    session.click_on(".rename-save");
    session.wait_for_texts("tr[data-tag=\"sahel dossier\"] .count", |t| t == ["2"]);
    assert!(session.find("tr[data-tag=\"dossier\"]").is_none());
    // The command line reads the same archive while the window is open.
    let found = archive.json(&["search", "--json", "tag:\"sahel dossier\""]);
    assert_eq!(found["total"], 2);

    // Long work reports through a channel and ends with a message.
    session.click_on(".maintenance summary");
    session.click_on(".reindex");
    session.wait_for_texts(".toast-text", |t| {
        t == ["Search index rebuilt: 3 articles."]
    });
    // The message can be dismissed before it times out.
    session.click_on(".toast button[aria-label=\"Dismiss\"]");
    session.wait_for_texts(".toast-text", |t| t.is_empty());

    // A query the language cannot read says why, and the results stay.
    session.click_on(".nav-item");
    let search = session.wait_for("#search");
    session.type_into(&search, "after:yesterday");
    let error = session.wait_for_texts(".search-error", |t| !t.is_empty());
    assert!(error[0].contains("is not a date"), "{error:?}");
    session.click_on(".nav-item");
    session.wait_for_texts(".search-error", |t| t.is_empty());

    // The shortcuts sheet opens on ? and closes on Esc.
    session.press("?");
    session.wait_for(".shortcuts");
    session.screenshot("shortcuts");
    session.press(ESCAPE);
    session.wait_for_texts(".shortcuts", |t| t.is_empty());

    // The overview a reviewer sees first: a search, its result, the reader.
    session.click_on(".nav-item");
    session.search("sudan sanctions");
    session.click_on(".result");
    session.wait_for_texts(".reader .body mark", |t| t.len() > 3);
    // The saved search counts the page clipped since.
    session.wait_for_texts(".saved-item .count", |t| t == ["2"]);
    session.screenshot("overview");

    // Clip by address: the app fetches the page.
    let page = std::fs::read(crate::util::shared(
        "eval/readability/lemonde-1/source.html",
    ))
    .unwrap();
    let address = crate::util::serve_page(page, "text/html; charset=utf-8");
    session.click_on(".clip-button");
    let paste = session.wait_for(".clip-content");
    session.type_into(&paste, &address);
    session.click_on(".clip-form button[type=\"submit\"]");
    session.wait_for_texts(".reader .article-title", |t| {
        t == ["Le projet de loi sur le renseignement massivement approuvé à l'Assemblée"]
    });
    session.wait_for_texts(".all-count", |t| t == ["4"]);

    // Keyboard first: j and k walk the results into the reader, t tags.
    session.press(ESCAPE);
    session.click_on(".nav-item");
    let titles = session.wait_for_texts(".result .title", |t| t.len() == 4);
    for (key, row) in [("j", 0), ("j", 1), ("k", 0)] {
        session.press(key);
        session.wait_for_texts(".reader .article-title", |t| t == [titles[row].as_str()]);
    }
    session.press("t");
    for key in ["k", "b", "d", ENTER] {
        session.press(key);
    }
    session.wait_for_texts(".tag-editor .chip-label", |t| t.iter().any(|c| c == "kbd"));
}

/// A damaged archive does not leave a blank window: the app starts and
/// says what is wrong and what to do.
#[test]
fn an_archive_that_cannot_be_opened_is_explained_not_blank() {
    if !enabled() {
        return;
    }
    let archive = TestArchive::new();
    std::fs::write(archive.path().join("archive.db"), vec![0x5a; 64 * 1024]).unwrap();
    let session = Session::start(archive.path());
    session.wait_for_texts(".repair h1", |t| {
        t == ["Dispatch could not open your archive"]
    });
    let message = session.texts(".repair-message");
    assert!(message[0].contains("not a database"), "{message:?}");
    session.screenshot("repair");
}

#[test]
fn typing_a_query_shows_the_clipped_article() {
    if !enabled() {
        return;
    }
    let archive = TestArchive::new();
    archive.add(&fixture(), &["--tag", "mali"]);
    archive.add(&crate::util::shared("eval/wikiref150/U2.149.txt"), &[]);

    let session = Session::start(archive.path());
    let search = session.wait_for("#search");
    session.screenshot("library");
    session.type_into(&search, "goita");

    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let titles = session.texts(".result .title");
        if titles == ["Relations between France and Mali have worsened"] {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "results never showed the fixture: {titles:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let marks = session.texts(".result mark");
    assert!(marks.iter().any(|m| m == "Goïta"), "{marks:?}");
    session.screenshot("search");

    let result = session.wait_for(".result");
    session.click(&result);
    session.wait_for(".reader h1");
    assert_eq!(
        session.texts(".reader h1"),
        ["Relations between France and Mali have worsened"]
    );
    let subheads = session.texts(".reader .body h3");
    assert!(
        subheads.iter().any(|h| h == "Ties collapsed"),
        "{subheads:?}"
    );
    session.screenshot("reader");
}

/// A search saved from the search box is listed in the sidebar with how
/// many articles it finds, and brings its query back when chosen; from the
/// same popover it is renamed and deleted.
#[test]
fn a_saved_search_is_listed_with_its_count_and_runs_again() {
    if !enabled() {
        return;
    }
    let archive = TestArchive::new();
    archive.add(&fixture(), &[]);
    archive.add(&crate::util::shared("eval/wikiref150/U2.149.txt"), &[]);

    let session = Session::start(archive.path());
    let search = session.wait_for("#search");
    session.type_into(&search, "goita");
    session.wait_for_texts(".result .title", |t| t.len() == 1);
    session.click_on(".save-button");
    let name = session.wait_for("#saved-name");
    assert_eq!(session.value(&name), "goita");
    session.clear(&name);
    session.type_into(&name, "Sahel juntas");
    session.press(ENTER);
    session.wait_for_texts(".saved-item .nav-label", |t| t == ["Sahel juntas"]);
    assert_eq!(session.texts(".saved-item .count"), ["1"]);
    assert_eq!(session.texts(".save-button"), ["Saved"]);
    session.screenshot("saved-search");

    session.click_on(".nav-item");
    session.wait_for_texts(".result .title", |t| t.len() == 2);
    assert_eq!(session.value(&search), "");
    session.click_on(".saved-item");
    session.wait_for_texts(".result .title", |t| {
        t == ["Relations between France and Mali have worsened"]
    });
    assert_eq!(session.value(&search), "goita");
    assert!(session.find(".saved-item.current").is_some());

    session.click_on(".save-button");
    let name = session.wait_for("#saved-name");
    session.clear(&name);
    session.type_into(&name, "Mali");
    session.press(ENTER);
    session.wait_for_texts(".saved-item .nav-label", |t| t == ["Mali"]);
    session.click_on(".save-button");
    session.click_on(".delete-saved");
    session.wait_for_texts(".saved-item", |t| t.is_empty());
    assert_eq!(session.texts(".save-button"), ["Save"]);
}

/// The library and results panes are resized by dragging the edge between
/// them or with the arrow keys on it, and open at those widths next time.
#[test]
fn panes_are_resized_and_keep_their_widths() {
    if !enabled() {
        return;
    }
    let archive = TestArchive::new();
    archive.add(&fixture(), &[]);
    let home = tempfile::tempdir().unwrap();
    // Under Xvfb, with no window manager, a window can take its configured
    // width (1280) a moment after its page is ready, and the panes fit the
    // window they are in: measured earlier, a reopened window's results
    // pane once read 370, not 630.
    let widths = |session: &Session| {
        let got = session.execute_async(
            "const done = arguments[arguments.length - 1];
             const w = (css) => Math.round(document.querySelector(css).getBoundingClientRect().width);
             const since = Date.now();
             const measure = () => {
               if (window.innerWidth < 1280 && Date.now() - since < 5000) return setTimeout(measure, 50);
               requestAnimationFrame(() => requestAnimationFrame(() => done([w('.sidebar'), w('.list')])));
             };
             measure();",
            serde_json::json!([]),
        );
        serde_json::from_value::<[i64; 2]>(got).unwrap()
    };
    let session = Session::start_with_home(archive.path(), Some(home.path()));
    session.wait_for(".app[data-ready=true] .result");
    assert_eq!(widths(&session), [210, 440]);

    session.drag(
        &session.wait_for(".splitter[aria-label='Resize the library']"),
        60,
    );
    let results_edge = session.wait_for(".splitter[aria-label='Resize the results']");
    session.click(&results_edge);
    session.press(ARROW_RIGHT);
    session.press(ARROW_RIGHT);
    assert_eq!(widths(&session), [270, 472]);
    // However far it is dragged, the reader keeps room to read.
    session.drag(&results_edge, 500);
    assert_eq!(widths(&session), [270, 1280 - 270 - 380]);
    session.screenshot("panes-resized");
    // WebKit writes local storage to disk on a one-second timer, and the
    // session ends the app with SIGKILL, not by closing its window.
    std::thread::sleep(Duration::from_secs(3));
    drop(session);

    let session = Session::start_with_home(archive.path(), Some(home.path()));
    session.wait_for(".app[data-ready=true] .result");
    assert_eq!(widths(&session), [270, 630]);
}

#[test]
fn a_thread_reads_as_a_timeline_and_takes_suggested_coverage() {
    if !enabled() {
        return;
    }
    let archive = TestArchive::new();
    let pasted = archive.add(
        &fixture(),
        &["--url", "https://www.rfi.fr/en/africa/mali-france"],
    );
    let arrest_file = archive
        .arrest_story("Mali arrests French national and generals accused of foreign-backed plot");
    let arrest = archive.add(&arrest_file, &["--url", "https://example.org/mali-arrests"]);
    archive.add(&crate::util::shared("eval/wikiref150/U2.149.txt"), &[]);
    let thread = archive.json(&[
        "thread",
        "new",
        "--json",
        "France–Mali rift",
        &pasted.to_string(),
    ]);
    assert!(thread["id"].is_i64());

    let home = tempfile::tempdir().unwrap();
    let session = Session::start_with_home(archive.path(), Some(home.path()));
    let item = session.wait_for(".thread-item");
    session.click(&item);
    session.wait_for_texts(".thread h1", |t| t == ["France–Mali rift"]);
    session.wait_for_texts(".card .link-title", |t| {
        t == ["Relations between France and Mali have worsened"]
    });
    // The pasted text gave no date: the card says where it sits and why.
    session.wait_for_texts(".card .meta", |t| {
        t == ["rfi.fr · EN · undated: shown on the day it was clipped"]
    });
    let suggested = session.wait_for_texts(".suggestion .link-title", |t| !t.is_empty());
    assert_eq!(
        suggested[0],
        "Mali arrests French national and generals accused of foreign-backed plot"
    );
    session.screenshot("thread");

    let add = session.wait_for(&format!(".suggestion[data-id=\"{arrest}\"] .accept"));
    session.click(&add);
    session.wait_for_texts(".card .link-title", |t| t.len() == 2);
    session.wait_for_texts(".diversity", |d| {
        d.len() == 1
            && d[0].contains("example.org")
            && d[0].contains("rfi.fr")
            && d[0].contains("EN")
    });

    let export = session.wait_for(".export button");
    session.click(&export);
    let notice = session.wait_for_texts(".export .notice", |t| !t.is_empty());
    let path = notice[0].trim_start_matches("Saved to ").to_string();
    let dossier = std::fs::read_to_string(&path).unwrap();
    assert!(dossier.starts_with("# France–Mali rift"), "{dossier}");
    assert_eq!(dossier.matches("\n> ").count(), 2, "{dossier}");
    session.screenshot("thread-after-adding");

    // The reader offers the thread and lists the story its related
    // headline names as linked coverage.
    let card = session.wait_for(&format!(".card[data-id=\"{pasted}\"] .link-title"));
    session.click(&card);
    session.wait_for_texts(".reader h1", |t| {
        t == ["Relations between France and Mali have worsened"]
    });
    session.wait_for_texts(".open-thread", |t| t == ["Open thread: France–Mali rift"]);
    let linked = session.wait_for_texts(".related-item.linked .link-title", |t| !t.is_empty());
    assert_eq!(
        linked,
        ["Mali arrests French national and generals accused of foreign-backed plot"]
    );
    session.screenshot("reader-related");
}

/// A story the article links to from its related box, not archived yet,
/// is one click from the archive; once clipped it is linked coverage.
#[test]
fn a_linked_story_not_in_the_archive_is_clipped_from_the_reader() {
    if !enabled() {
        return;
    }
    let archive = TestArchive::new();
    let arrest = std::fs::read(archive.arrest_story("Mali arrests French national")).unwrap();
    let site = crate::util::serve_site(vec![("/arrests", arrest, "text/html; charset=utf-8")]);
    let page = archive.path().join("expulsion.html");
    std::fs::write(
        &page,
        format!(
            "<html lang=\"en\"><head><title>Mali expels French diplomats</title></head><body><article>\
             <h1>Mali expels French diplomats</h1><p>Bamako expelled five French diplomats on \
             Tuesday, the transitional government said in a statement read on state television.</p>\
             <p>France responded by suspending counter-terrorism cooperation, according to \
             diplomatic sources in Paris, and recalled its ambassador for consultations.</p>\
             <h3>Related stories</h3><ul><li><a href=\"{site}/arrests\">Arrests in Bamako: what \
             we know so far</a></li></ul></article></body></html>"
        ),
    )
    .unwrap();
    archive.add(&page, &["--url", "https://news.example/2025/08/15/expels"]);

    let session = Session::start(archive.path());
    session.click_on(".result");
    session.wait_for_texts(".reader h1", |t| t == ["Mali expels French diplomats"]);
    session.wait_for_texts(".unarchived .link-title", |t| {
        t == ["Arrests in Bamako: what we know so far"]
    });
    session.screenshot("reader-unarchived-links");
    session.click_on(".clip-link");
    session.wait_for_texts(".related-item.linked .link-title", |t| {
        t == ["Mali arrests French national"]
    });
    session.wait_for_texts(".unarchived", |t| t.is_empty());
    session.wait_for_texts(".all-count", |t| t == ["2"]);
}

#[test]
fn the_browser_clipper_pairs_clips_and_opens_articles_in_the_window() {
    if !enabled() {
        return;
    }
    let archive = TestArchive::new();
    let session = Session::start(archive.path());
    session.wait_for(".app[data-ready=\"true\"]");
    session.wait_for(".clipper-item .dot.ok");
    let host = format!("127.0.0.1:{}", session.clip_port);
    let extension = [("Origin", "chrome-extension://dispatchtestextension")];

    // The extension asks to pair; the window shows the same code; Allow.
    let (status, asked) = http(
        &host,
        "POST",
        "/v1/pair",
        &extension,
        br#"{"name":"Chromium extension"}"#,
    );
    assert_eq!(status, 202, "{asked}");
    let code = asked["code"].as_str().unwrap().to_string();
    session.wait_for_texts(".pairing-code", |t| t == [code.clone()]);
    session.screenshot("pairing");
    session.click_on(".allow-pairing");
    let poll = format!("/v1/pair/{}", asked["request"].as_str().unwrap());
    let deadline = Instant::now() + Duration::from_secs(10);
    let token = loop {
        let (status, answer) = http(&host, "GET", &poll, &extension, b"");
        if status == 200 {
            break answer["token"].as_str().unwrap().to_string();
        }
        assert!(
            status == 202 && Instant::now() < deadline,
            "{status} {answer}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };

    // A clip from the browser appears in the window at once.
    let auth = format!("Bearer {token}");
    let html = std::fs::read_to_string(crate::util::shared(
        "eval/readability/lemonde-1/source.html",
    ))
    .unwrap();
    let body = serde_json::json!({"url": "https://www.lemonde.fr/pixels/loi.html", "html": html, "tags": ["surveillance"]});
    let (status, clipped) = http(
        &host,
        "POST",
        "/v1/clip",
        &[extension[0], ("Authorization", &auth)],
        body.to_string().as_bytes(),
    );
    assert_eq!(status, 201, "{clipped}");
    const TITLE: &str = "Le projet de loi sur le renseignement massivement approuvé à l'Assemblée";
    session.wait_for_texts(".toast", |t| t.iter().any(|m| m.contains(TITLE)));
    session.wait_for_texts(".all-count", |t| t == ["1"]);

    // "Open in Dispatch" from the extension shows it in the reader.
    let open = format!("/v1/open/{}", clipped["id"]);
    assert_eq!(
        http(
            &host,
            "POST",
            &open,
            &[extension[0], ("Authorization", &auth)],
            b""
        )
        .0,
        204
    );
    session.wait_for_texts(".reader .article-title", |t| t == [TITLE]);

    // The clipper panel lists the browser; Disconnect revokes its token.
    session.click_on(".clipper-item");
    session.wait_for_texts(".clients strong", |t| t == ["Chromium extension"]);
    session.screenshot("clipper");
    session.click_on(".revoke");
    session.wait_for_texts(".clipper .meta", |t| t.iter().any(|m| m == "None yet."));
    let (status, _) = http(
        &host,
        "GET",
        "/v1/tags",
        &[extension[0], ("Authorization", &auth)],
        b"",
    );
    assert_eq!(status, 401);
    session.press(ESCAPE);

    // Import bookmarks through the dialog: they wait to be fetched.
    session.click_on(".import-item");
    let file = session.wait_for(".import-file");
    session.type_into(
        &file,
        crate::util::data("bookmarks-firefox.html")
            .to_str()
            .unwrap(),
    );
    session.wait_for_texts(".import-preview p", |t| {
        t.first()
            .is_some_and(|p| p.starts_with("4 articles to import"))
    });
    session.screenshot("import");
    session.click_on(".start-import");
    session.wait_for_texts(".all-count", |t| t == ["5"]);
    session.wait_for_texts(".pending-note .meta", |t| t == ["4 waiting to be fetched"]);
    // They are a view of the library until they are fetched.
    session.click_on(".pending-item");
    session.wait_for_texts(".result .title", |t| t.len() == 4);
    assert_eq!(session.value(&session.wait_for("#search")), "is:pending");

    // Subscribe to a feed: its item arrives at once, with the full page.
    let page = std::fs::read(crate::util::shared(
        "eval/readability/nytimes-1/source.html",
    ))
    .unwrap();
    let site = crate::util::serve_site(vec![("/sudan.html", page, "text/html; charset=utf-8")]);
    let rss = format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Africa desk</title>
        <item><title>Sudan sanctions</title><link>{site}/sudan.html</link><guid>s-1</guid></item></channel></rss>"#
    );
    let feed = crate::util::serve_site(vec![("/rss.xml", rss.into_bytes(), "application/rss+xml")]);
    session.click_on(".feeds-item");
    let address = session.wait_for(".feed-url");
    session.type_into(&address, &format!("{feed}/rss.xml"));
    session.click_on(".subscribe");
    session.wait_for_texts(".feed strong", |t| t == ["Africa desk"]);
    session.wait_for_texts(".all-count", |t| t == ["6"]);
    session.screenshot("feeds");
}

/// Listens on a local port and records the path of every request made to
/// it; returns its address and the record.
fn beacon() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = heard.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut line = String::new();
            let _ = BufReader::new(&stream).read_line(&mut line);
            record.lock().unwrap().push(line.trim().to_string());
            let _ = (&stream).write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        }
    });
    (address, heard)
}

/// A page made of script tags, event handlers, `javascript:` and `data:`
/// addresses, SVG and MathML tricks, CSS expressions, iframes, a meta
/// refresh and remote resources of every kind (`tests/data/hostile.html`),
/// each of which would call a local beacon or set `window.__pwned`: it is
/// clipped, then read and clicked through in the real window, and nothing
/// runs and nothing is fetched.
#[test]
fn a_hostile_page_is_read_in_the_window_without_running_or_loading_anything() {
    if !enabled() {
        return;
    }
    let (address, heard) = beacon();
    let archive = TestArchive::new();
    let page = archive.path().join("hostile.html");
    let html = std::fs::read_to_string(crate::util::data("hostile.html"))
        .unwrap()
        .replace("BEACON", &address);
    std::fs::write(&page, html).unwrap();
    let id = archive.add(&page, &["--url", "https://example.org/sahel/envoys"]);

    // What was stored is already clean.
    let stored = archive.json(&["show", "--json", &id.to_string()]);
    let stored_html = stored["html"].as_str().unwrap().to_ascii_lowercase();
    for vector in [
        "<script",
        "onerror",
        "onload",
        "ontoggle",
        "javascript:",
        "<iframe",
        "srcdoc",
        "<object",
        "<embed",
        "<svg",
        "<math",
        "<style",
        "<link",
        "<meta",
        "<base",
        "expression(",
        "data:",
        "<video",
        "<audio",
        "<source",
        "<form",
        "<input",
        "<button",
        "<template",
        "style=",
    ] {
        assert!(
            !stored_html.contains(vector),
            "{vector} was stored: {stored_html}"
        );
    }
    // An image keeps its address alone, to be fetched by the archive (a
    // page from the web may not make it fetch from this computer).
    assert_eq!(
        stored_html.matches("<img").count(),
        stored_html.matches("<img src=\"http").count(),
        "{stored_html}"
    );
    assert!(stored["text"]
        .as_str()
        .unwrap()
        .contains("Bamako expelled five European diplomats"));

    let session = Session::start(archive.path());
    session.search("envoys");
    session.click_on(".result");
    session.wait_for_texts(".reader h1", |t| {
        t == ["Junta expels envoys as Sahel crisis deepens"]
    });
    // The links whose addresses were `javascript:` and `data:` are
    // clicked: they do nothing.
    let links = session.texts(".reader .body a");
    assert!(links.iter().any(|l| l == "data link"), "{links:?}");
    let clicked = session.execute_async(
        "const links = [...document.querySelectorAll('.reader .body a')]
             .filter((a) => !/^https?:/.test(a.getAttribute('href') || ''));
         links.forEach((a) => a.click());
         arguments[arguments.length - 1](links.length);",
        serde_json::json!([]),
    );
    assert!(clicked.as_u64().unwrap_or(0) >= 1, "{clicked}");
    std::thread::sleep(Duration::from_secs(2));
    session.screenshot("hostile-page");

    let pwned = session.execute_async(
        "arguments[arguments.length - 1](String(window.__pwned))",
        serde_json::json!([]),
    );
    assert_eq!(pwned, "undefined", "a vector ran in the window");
    let live = session.execute_async(
        "const body = document.querySelector('.reader .body');
         const bad = [...body.querySelectorAll('*')].filter((e) =>
             ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'svg', 'math', 'STYLE'].includes(e.tagName)
             || (e.tagName === 'IMG' && !e.getAttribute('src').startsWith('dispatch-image://'))
             || [...e.attributes].some((a) => a.name.startsWith('on') || a.name === 'style'
                 || /^\\s*(javascript|data):/i.test(a.value)));
         arguments[arguments.length - 1](bad.map((e) => e.outerHTML));",
        serde_json::json!([]),
    );
    assert_eq!(live, serde_json::json!([]), "live DOM of the reader");
    assert_eq!(
        *heard.lock().unwrap(),
        Vec::<String>::new(),
        "the window fetched from the hostile page's addresses"
    );
}

/// Images clipped in the window are fetched in the background and shown
/// from the archive's copies; one that cannot be fetched takes no room.
/// An article clipped without them (from the command line) does not
/// touch the network when read: its images come when the reporter asks.
#[test]
fn an_article_shows_its_images_from_the_archive() {
    if !enabled() {
        return;
    }
    let archive = TestArchive::new();
    let photo = std::fs::read(crate::util::data("photo.png")).unwrap();
    let site = crate::util::serve_site(vec![
        (
            "/story",
            crate::util::page_with_images("Mali expels French diplomats"),
            "text/html; charset=utf-8",
        ),
        (
            "/again",
            crate::util::page_with_images("France recalls its ambassador"),
            "text/html; charset=utf-8",
        ),
        ("/photo.png", photo.clone(), "image/png"),
        ("/lazy.png", photo, "image/png"),
    ]);
    let again = archive.json(&["add", "--json", &format!("{site}/again")])["id"].clone();
    let session = Session::start(archive.path());
    let images = |session: &Session| {
        session.execute_async(
            "const done = arguments[arguments.length - 1];
             done([...document.querySelectorAll('.reader .body img')].map((img) => ({
               address: img.dataset.address, src: img.getAttribute('src'),
               width: img.complete ? img.naturalWidth : 0,
               kept: !img.classList.contains('not-kept') })));",
            serde_json::json!([]),
        )
    };
    let wait_for_photos = |session: &Session| {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let shown = images(session);
            let shown = shown.as_array().unwrap().clone();
            let photos = shown.iter().filter(|i| i["width"] == 160).count();
            let hidden = shown.iter().filter(|i| i["kept"] == false).count();
            if photos == 2 && hidden == 2 {
                return shown;
            }
            assert!(
                Instant::now() < deadline,
                "the images never showed: {shown:?}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    };

    // Clipped in the window: the photos follow the clip.
    session.click_on(".clip-button");
    let paste = session.wait_for(".clip-content");
    session.type_into(&paste, &format!("{site}/story"));
    session.click_on(".clip-form button[type=\"submit\"]");
    session.wait_for_texts(".reader .source", |t| t == [format!("{site}/story")]);
    let shown = wait_for_photos(&session);
    for image in &shown {
        let src = image["src"].as_str().unwrap();
        assert!(src.starts_with("dispatch-image://localhost/"), "{src}");
    }
    // The "image" that is an HTML page and the missing one are hidden.
    let hidden: Vec<&str> = shown
        .iter()
        .filter(|i| i["kept"] == false)
        .map(|i| i["address"].as_str().unwrap())
        .collect();
    assert_eq!(
        hidden,
        [format!("{site}/fake.jpg"), format!("{site}/missing.jpg")]
    );
    std::thread::sleep(Duration::from_millis(500));
    session.screenshot("reader-images");

    // Clipped from the command line: reading it fetches nothing...
    session.press(ESCAPE);
    session.click_on(".nav-item");
    session.wait_for_texts(".result .title", |t| t.len() == 2);
    session.click_on(&format!(".result[data-id=\"{again}\"]"));
    session.wait_for_texts(".reader .source", |t| t == [format!("{site}/again")]);
    session.wait_for_texts(".images-banner", |t| {
        t.len() == 1 && t[0].starts_with("4 images are not in the archive")
    });
    std::thread::sleep(Duration::from_secs(1));
    assert!(images(&session)
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["kept"] == false));
    // ...until the reporter asks.
    session.click_on(".keep-images");
    wait_for_photos(&session);
    session.wait_for_texts(".toast", |t| {
        t.iter()
            .any(|m| m.starts_with("Kept 2 of 4 images; 2 images could not be fetched"))
    });
    session.wait_for_texts(".images-banner", |t| t.is_empty());
}

/// A passage selected in the reader is copied quoted, before the
/// article's citation; with nothing selected, `y` copies the citation.
#[test]
fn a_selected_passage_is_copied_as_a_quote_with_its_citation() {
    if !enabled() {
        return;
    }
    let archive = TestArchive::new();
    archive.add(
        &crate::util::shared("eval/readability/nytimes-1/source.html"),
        &[
            "--url",
            "https://www.nytimes.com/2017/01/13/world/africa/sudan-sanctions.html",
        ],
    );
    let session = Session::start(archive.path());
    session.click_on(".result");
    session.wait_for_texts(".copy-citation", |t| t == ["Copy citation"]);
    let passage = session.execute_async(
        "const p = [...document.querySelectorAll('.reader .body p')].find((p) => p.textContent.length > 80);
         const range = document.createRange();
         range.selectNodeContents(p);
         getSelection().removeAllRanges();
         getSelection().addRange(range);
         arguments[arguments.length - 1](p.textContent.replace(/\\s+/g, ' ').trim());",
        serde_json::json!([]),
    );
    let passage = passage.as_str().unwrap().to_string();
    session.wait_for_texts(".copy-citation", |t| t == ["Copy quote with citation"]);
    session.click_on(".copy-citation");
    session.wait_for_texts(".toast", |t| {
        t.iter().any(|m| {
            m.starts_with(&format!("Quote copied: “{passage}” "))
                && m.contains("“United States to Lift Sudan Sanctions,”")
        })
    });
    session.execute_async(
        "getSelection().removeAllRanges(); document.activeElement.blur();
         arguments[arguments.length - 1](null);",
        serde_json::json!([]),
    );
    session.wait_for_texts(".copy-citation", |t| t == ["Copy citation"]);
    session.press("y");
    session.wait_for_texts(".toast", |t| {
        t.iter()
            .any(|m| m.starts_with("Citation copied: ") && m.contains("Sudan Sanctions"))
    });
}
