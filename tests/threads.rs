//! Related coverage and threads through the `dispatch` binary: links
//! resolved whichever article comes first, manual links and dismissals,
//! suggestions with reasons, threads and their dossiers.

use serde_json::Value;

use crate::util::{fixture, shared, TestArchive};

fn related(archive: &TestArchive, id: i64) -> Vec<Value> {
    archive
        .json(&["related", "--json", "--limit", "5", &id.to_string()])
        .as_array()
        .expect("a list")
        .clone()
}

fn ids(list: &[Value]) -> Vec<i64> {
    list.iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

#[test]
fn related_headline_links_both_ways_when_the_target_is_clipped_later() {
    let archive = TestArchive::new();
    let pasted = archive.add(&fixture(), &[]);
    let target = archive
        .arrest_story("Mali arrests French national and generals accused of foreign-backed plot");
    let arrest = archive.add(&target, &["--url", "https://example.org/mali-arrests"]);
    let from_pasted = related(&archive, pasted);
    assert_eq!(from_pasted[0]["id"], arrest, "{from_pasted:?}");
    assert_eq!(from_pasted[0]["relation"], "link");
    let from_arrest = related(&archive, arrest);
    assert_eq!(from_arrest[0]["id"], pasted, "{from_arrest:?}");
    assert_eq!(from_arrest[0]["why"], "links to this article");
    let shown = archive.json(&["show", "--json", &pasted.to_string()]);
    let link = shown["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["text"].as_str().unwrap().starts_with("Mali arrests"))
        .expect("the related headline");
    assert_eq!(link["target"], arrest);
}

#[test]
fn headline_matching_ignores_case_accents_and_punctuation_when_the_target_came_first() {
    let archive = TestArchive::new();
    let target = archive
        .arrest_story("MALI ARRESTS A FRENCH NATIONAL, GENERALS ACCUSED OF ‘FOREIGN BACKED’ PLOT");
    let arrest = archive.add(&target, &[]);
    let pasted = archive.add(&fixture(), &[]);
    assert_eq!(ids(&related(&archive, pasted))[0], arrest);
    assert_eq!(ids(&related(&archive, arrest))[0], pasted);
    // A different story with a similar headline is not a link.
    let other = archive.add(
        &archive.arrest_story("Niger arrests French national accused of spying"),
        &[],
    );
    let links: Vec<Value> = related(&archive, pasted)
        .into_iter()
        .filter(|r| r["relation"] == "link")
        .collect();
    assert_eq!(ids(&links), [arrest], "{other} must not be linked");
}

#[test]
fn a_headline_reworded_by_a_word_still_links_both_ways() {
    let archive = TestArchive::new();
    let reworded = archive.arrest_story(
        "Mali arrests French national and two generals accused of foreign-backed coup plot",
    );
    let before = archive.add(&reworded, &[]);
    let pasted = archive.add(&fixture(), &[]);
    assert_eq!(ids(&related(&archive, pasted))[0], before);
    assert_eq!(related(&archive, before)[0]["relation"], "link");

    // And when the pasted article comes first.
    let archive = TestArchive::new();
    let pasted = archive.add(&fixture(), &[]);
    let after = archive.add(
        &archive.arrest_story(
            "Mali arrests French national and two generals accused of foreign-backed coup plot",
        ),
        &[],
    );
    assert_eq!(related(&archive, pasted)[0]["id"], after);
    assert_eq!(related(&archive, pasted)[0]["relation"], "link");
}

#[test]
fn a_story_linked_only_from_a_related_box_links_both_ways() {
    let archive = TestArchive::new();
    let page = archive.path().join("expulsion.html");
    std::fs::write(
        &page,
        "<html lang=\"en\"><head><title>Mali expels French diplomats</title></head><body><article>\
         <h1>Mali expels French diplomats</h1><p>Bamako expelled five French diplomats on \
         Tuesday, the transitional government said in a statement read on state television.</p>\
         <p>France responded by suspending counter-terrorism cooperation, according to \
         diplomatic sources in Paris, and recalled its ambassador for consultations.</p>\
         <h3>Related stories</h3><ul><li><a href=\"/2025/08/14/arrests\">Arrests in Bamako: \
         what we know so far</a></li></ul></article></body></html>",
    )
    .unwrap();
    let expulsion = archive.add(&page, &["--url", "https://news.example/2025/08/15/expels"]);
    let arrest = archive.add(
        &archive.arrest_story("Mali arrests French national"),
        &["--url", "https://news.example/2025/08/14/arrests"],
    );
    assert_eq!(related(&archive, expulsion)[0]["id"], arrest);
    assert_eq!(related(&archive, expulsion)[0]["relation"], "link");
    assert_eq!(related(&archive, arrest)[0]["id"], expulsion);
    let shown = archive.json(&["show", "--json", &expulsion.to_string()]);
    assert!(!shown["text"].as_str().unwrap().contains("what we know"));
}

#[test]
fn manual_links_come_first_and_unlinked_pairs_stay_apart() {
    let archive = TestArchive::new();
    let dir = shared("eval/ecbplus-dev");
    let lohan = archive.add(&dir.join("ecbp-topica-plus.1.txt"), &[]);
    let lohan2 = archive.add(&dir.join("ecbp-topica-plus.2.txt"), &[]);
    let reid = archive.add(&dir.join("ecbp-topica-seminal.2.txt"), &[]);
    let earthquake = archive.add(&dir.join("ecbp-topicb-plus.1.txt"), &[]);

    let suggested = related(&archive, lohan);
    assert_eq!(suggested[0]["id"], lohan2, "{suggested:?}");
    assert_eq!(suggested[0]["relation"], "suggestion");
    assert!(
        suggested[0]["why"].as_str().unwrap().contains("Lohan"),
        "{suggested:?}"
    );

    archive.json(&[
        "link",
        "--json",
        &lohan.to_string(),
        &earthquake.to_string(),
    ]);
    let after_link = related(&archive, lohan);
    assert_eq!(after_link[0]["id"], earthquake);
    assert_eq!(after_link[0]["relation"], "manual");
    assert_eq!(ids(&related(&archive, earthquake))[0], lohan);

    archive.json(&["unlink", "--json", &lohan.to_string(), &lohan2.to_string()]);
    archive.json(&[
        "unlink",
        "--json",
        &earthquake.to_string(),
        &lohan.to_string(),
    ]);
    let after_unlink = ids(&related(&archive, lohan));
    assert!(!after_unlink.contains(&lohan2), "{after_unlink:?}");
    assert!(!after_unlink.contains(&earthquake), "{after_unlink:?}");
    // Clipping more does not bring a dismissed suggestion back.
    let lohan3 = archive.add(&dir.join("ecbp-topica-plus.3.txt"), &[]);
    let later = ids(&related(&archive, lohan));
    assert_eq!(later[0], lohan3, "{later:?}");
    assert!(
        !later.contains(&lohan2) && !later.contains(&reid),
        "{later:?}"
    );

    let out = archive.run(&["link", &lohan.to_string(), &lohan.to_string()]);
    assert_eq!(out.status.code(), Some(2));
    let out = archive.run(&["related", "999"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn threads_are_created_merged_split_and_read_as_a_timeline() {
    let archive = TestArchive::new();
    let dir = shared("eval/ecbplus-dev");
    let a: Vec<i64> = (1..=4)
        .map(|n| archive.add(&dir.join(format!("ecbp-topica-plus.{n}.txt")), &[]))
        .collect();
    let lohan = archive.json(&["thread", "new", "--json", "Lohan rehab", &a[0].to_string()])["id"]
        .as_i64()
        .unwrap();
    let other = archive.json(&["thread", "new", "--json", "More rehab", &a[1].to_string()])["id"]
        .as_i64()
        .unwrap();
    archive.json(&[
        "thread",
        "add",
        "--json",
        &other.to_string(),
        &a[2].to_string(),
    ]);
    archive.json(&[
        "thread",
        "merge",
        "--json",
        &lohan.to_string(),
        &other.to_string(),
    ]);
    let threads = archive.json(&["thread", "list", "--json"]);
    assert_eq!(threads.as_array().unwrap().len(), 1, "{threads}");
    assert_eq!(threads[0]["articles"], 3);

    let thread = archive.json(&["thread", "show", "--json", &lohan.to_string()]);
    let days = thread["days"].as_array().unwrap();
    let dates: Vec<&str> = days.iter().map(|d| d["day"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "days in order");
    assert_eq!(thread["langs"][0]["value"], "en");
    assert_eq!(
        thread["suggestions"][0]["id"], a[3],
        "{}",
        thread["suggestions"]
    );

    // The fourth article is suggested for the thread, until dismissed.
    let suggestion = archive.json(&["thread", "suggest", "--json", &a[3].to_string()]);
    assert_eq!(suggestion["thread"]["id"], lohan);
    archive.json(&[
        "thread",
        "dismiss",
        "--json",
        &lohan.to_string(),
        &a[3].to_string(),
    ]);
    let thread = archive.json(&["thread", "show", "--json", &lohan.to_string()]);
    assert!(thread["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["id"] != a[3]));

    let split = archive.json(&[
        "thread",
        "split",
        "--json",
        "--name",
        "Second stay",
        &lohan.to_string(),
        &a[2].to_string(),
    ])["id"]
        .as_i64()
        .unwrap();
    let threads = archive.json(&["thread", "list", "--json"]);
    let sizes: Vec<(i64, i64)> = threads
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["id"].as_i64().unwrap(), t["articles"].as_i64().unwrap()))
        .collect();
    assert!(
        sizes.contains(&(lohan, 2)) && sizes.contains(&(split, 1)),
        "{sizes:?}"
    );
    let out = archive.run(&["thread", "split", "--name", "x", &lohan.to_string(), "999"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn dossier_cites_every_article_of_the_thread() {
    let archive = TestArchive::new();
    let pasted = archive.add(
        &fixture(),
        &["--url", "https://www.rfi.fr/en/africa/mali-france"],
    );
    let arrest = archive.add(
        &archive.arrest_story(
            "Mali arrests French national and generals accused of foreign-backed plot",
        ),
        &[],
    );
    let thread = archive.json(&[
        "thread",
        "new",
        "--json",
        "France–Mali rift",
        &pasted.to_string(),
        &arrest.to_string(),
    ])["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let md = String::from_utf8(archive.run(&["thread", "export", &thread]).stdout).unwrap();
    assert!(md.starts_with("# France–Mali rift\n"), "{md}");
    assert_eq!(
        md.matches("\n> ").count(),
        2,
        "one citation per article: {md}"
    );
    assert!(
        md.contains("https://www.rfi.fr/en/africa/mali-france"),
        "{md}"
    );
    assert!(
        md.contains("“Mali arrests French national and generals accused of foreign-backed plot.”")
    );

    let out = archive.dir.path().join("dossier.html");
    archive.json(&[
        "thread",
        "export",
        "--json",
        "--format",
        "html",
        "--output",
        out.to_str().unwrap(),
        &thread,
    ]);
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.contains("<h1>France–Mali rift</h1>"));
    assert_eq!(html.matches("<cite>").count(), 2);
    assert!(!html.contains("<script"));
}

#[test]
fn people_places_and_organisations_are_searchable_and_faceted() {
    let archive = TestArchive::new();
    let pasted = archive.add(&fixture(), &[]);
    assert_eq!(archive.search_ids("person:goita"), [pasted]);
    assert_eq!(archive.search_ids("place:bamako"), [pasted]);
    assert_eq!(archive.search_ids("org:\"africa corps\""), [pasted]);
    assert!(archive.search_ids("person:macron").is_empty());
    // Names the gazetteer does not know are placed by their shape.
    let lohan = archive.add(&shared("eval/ecbplus-dev/ecbp-topica-plus.1.txt"), &[]);
    assert_eq!(archive.search_ids("person:\"lindsay lohan\""), [lohan]);
    assert_eq!(archive.search_ids("org:\"betty ford\""), [lohan]);
    let results = archive.json(&["search", "--json", "mali"]);
    let people: Vec<&str> = results["facets"]["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["value"].as_str().unwrap())
        .collect();
    assert!(people.contains(&"Assimi Goïta"), "{people:?}");
    let shown = archive.json(&["show", "--json", &pasted.to_string()]);
    let places: Vec<&str> = shown["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "place")
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(
        places.contains(&"Mali") && places.contains(&"Paris"),
        "{places:?}"
    );
}

#[test]
fn a_long_suggestion_list_holds_as_many_as_asked_for() {
    let archive = TestArchive::new();
    let ids: Vec<i64> = (0..40)
        .map(|n| {
            archive.add(
                &archive.arrest_story(&format!("Mali arrests, report {n}")),
                &[],
            )
        })
        .collect();
    let suggested = archive.json(&["related", "--json", "--limit", "36", &ids[0].to_string()]);
    assert_eq!(suggested.as_array().expect("a list").len(), 36);
}

#[test]
fn two_articles_on_one_story_are_related_in_a_new_archive() {
    // Every word they share is in every article of the archive.
    let archive = TestArchive::new();
    let first = archive.add(&archive.arrest_story("Mali arrests a French national"), &[]);
    let second = archive.add(&archive.arrest_story("Generals held in Bamako"), &[]);
    let suggested = related(&archive, first);
    assert_eq!(ids(&suggested), [second], "{suggested:?}");
    assert_eq!(suggested[0]["relation"], "suggestion");
}
