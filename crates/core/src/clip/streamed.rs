//! Pages rendered by streaming (React 18 and the frameworks on it) send a
//! placeholder first ("Loading paragraph...") and the real content later,
//! in a hidden `<div id="S:0">` that a script moves into place. Clipping
//! runs no scripts, so [`reveal`] makes that move itself:
//!
//! - `<template id="B:n">` marks a boundary whose fallback runs to the
//!   `<!--/$-->` comment that closes it; the fallback is replaced by the
//!   content of the hidden div (`$RC("B:n","S:m")` says which; without the
//!   script, the div with the same number);
//! - `<template id="P:n">` marks a placeholder with no fallback, replaced
//!   the same way (`$RS("S:m","P:n")`).
//!
//! A hidden div with no marker to go to is left hidden.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use dom_query::{Document, NodeData, NodeRef};
use regex::Regex;

/// The scripts' moves: `$RC("B:0","S:0")` fills a boundary,
/// `$RS("S:1","P:1")` a placeholder.
static CALLS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\$R([CS])\(\s*"([BPS]:[0-9a-z]+)"\s*,\s*"([BPS]:[0-9a-z]+)""#)
        .expect("a valid pattern")
});

/// More than any real page streams; bounds the work on hostile ones.
const MAX_SEGMENTS: usize = 2_000;
/// A fallback longer than this is content, not a "Loading..." line.
const MAX_PLACEHOLDER_CHARS: usize = 40;

/// Whether a script's text may hold the moves [`reveal`] follows, so the
/// script must reach it.
pub fn moves_content(script: &str) -> bool {
    script.contains("$R")
}

pub fn reveal(doc: &Document) {
    let segments: HashMap<String, NodeRef> = doc
        .select(r#"div[hidden][id^="S:"]"#)
        .nodes()
        .iter()
        .take(MAX_SEGMENTS)
        .filter_map(|n| Some((n.attr("id")?.to_string(), *n)))
        .collect();
    if segments.is_empty() {
        return;
    }
    let markers: HashMap<String, NodeRef> = doc
        .select(r#"template[id^="B:"], template[id^="P:"]"#)
        .nodes()
        .iter()
        .filter_map(|n| Some((n.attr("id")?.to_string(), *n)))
        .collect();
    for (marker_id, segment_id) in pairs(doc, &segments, &markers) {
        let (Some(marker), Some(segment)) = (markers.get(&marker_id), segments.get(&segment_id))
        else {
            continue;
        };
        // A marker already used is out of the tree; one inside its own
        // segment (or inside a segment that moved into it) would make the
        // tree a cycle.
        if marker.parent().is_none() || marker.ancestors_it(None).any(|a| a.id == segment.id) {
            continue;
        }
        if marker_id.starts_with("B:") {
            remove_fallback(marker);
        }
        for child in segment.children() {
            marker.insert_before(&child);
        }
        marker.remove_from_parent();
        segment.remove_from_parent();
    }
}

/// (marker, segment) ids: those the page's scripts name, then those
/// matched by number.
fn pairs(
    doc: &Document,
    segments: &HashMap<String, NodeRef>,
    markers: &HashMap<String, NodeRef>,
) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let is_script = |e: &dom_query::Element| &*e.name.local == "script";
    for script in super::html::select_filtered(doc, "script:not([src])", is_script) {
        let text = script.text();
        if !moves_content(&text) {
            continue;
        }
        for call in CALLS.captures_iter(&text) {
            if pairs.len() == MAX_SEGMENTS {
                return pairs;
            }
            let (a, b) = (call[2].to_string(), call[3].to_string());
            pairs.push(if &call[1] == "C" { (a, b) } else { (b, a) });
        }
    }
    let mut used: HashSet<String> = pairs
        .iter()
        .flat_map(|(m, s)| [m.clone(), s.clone()])
        .collect();
    let mut unnamed: Vec<&String> = segments.keys().filter(|s| !used.contains(*s)).collect();
    unnamed.sort();
    for segment in unnamed {
        let number = &segment[2..];
        let marker = ["B:", "P:"]
            .map(|kind| format!("{kind}{number}"))
            .into_iter()
            .find(|m| markers.contains_key(m) && !used.contains(m));
        if let Some(marker) = marker {
            used.insert(marker.clone());
            pairs.push((marker, segment.clone()));
        }
    }
    pairs
}

/// Removes what follows a boundary's marker up to the comment that closes
/// the boundary (nested boundaries included), leaving that comment. A page
/// saved without its comments keeps no such mark: then only a short
/// element right after the marker ("Loading paragraph...") goes.
fn remove_fallback(marker: &NodeRef) {
    let mut fallback = Vec::new();
    let mut depth = 0usize;
    let mut next = marker.next_sibling();
    while let Some(node) = next {
        next = node.next_sibling();
        match comment_of(&node).as_deref() {
            Some("/$") if depth == 0 => {
                fallback.iter().for_each(NodeRef::remove_from_parent);
                return;
            }
            Some("/$") => depth -= 1,
            Some("$" | "$?" | "$!") => depth += 1,
            _ => {}
        }
        fallback.push(node);
    }
    if let Some(next) = marker.next_element_sibling() {
        let placeholder = next.node_name().is_some_and(|n| &*n != "template")
            && next.text().chars().count() <= MAX_PLACEHOLDER_CHARS;
        if placeholder {
            next.remove_from_parent();
        }
    }
}

fn comment_of(node: &NodeRef) -> Option<String> {
    node.query(|n| match &n.data {
        NodeData::Comment { contents } => Some(contents.to_string()),
        _ => None,
    })
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_content_replaces_its_loading_placeholder() {
        let doc = Document::from(
            r#"<body><article><h1>Index funds</h1>
            <!--$?--><template id="B:0"></template><div>Loading paragraph...</div><!--/$-->
            <template id="P:1"></template>
            </article>
            <div hidden id="S:0"><p>You don't need to be a stock market expert.</p></div>
            <div hidden id="S:1"><p>Index funds track a market.</p></div>
            <div hidden id="S:7"><p>Orphan segment.</p></div></body>"#,
        );
        reveal(&doc);
        let article = doc.select("article").text().to_string();
        assert!(article.contains("stock market expert"), "{article}");
        assert!(article.contains("Index funds track"), "{article}");
        assert!(!article.contains("Loading paragraph"), "{article}");
        assert!(
            !doc.select(r#"[id="S:7"]"#).is_empty(),
            "an orphan stays where it was"
        );
    }

    #[test]
    fn the_page_script_says_which_segment_fills_which_boundary() {
        let doc = Document::from(
            r#"<body><p><!--$?--><template id="B:0"></template>Loading<!--/$--></p>
            <div hidden id="S:0"><span>wrong</span></div>
            <div hidden id="S:3"><span>right</span></div>
            <script>$RC("B:0","S:3")</script></body>"#,
        );
        reveal(&doc);
        assert_eq!(doc.select("p").text().trim(), "right");
    }

    #[test]
    fn a_page_saved_without_comments_loses_only_the_placeholder() {
        let doc = Document::from(
            r#"<body><article><template id="B:0"></template><div>Loading paragraph...</div>
            <p>The paragraph after the boundary was always there and stays.</p></article>
            <div hidden id="S:0"><p>Streamed paragraph.</p></div></body>"#,
        );
        reveal(&doc);
        let article = doc.select("article").text().to_string();
        assert!(article.contains("Streamed paragraph"), "{article}");
        assert!(article.contains("always there and stays"), "{article}");
        assert!(!article.contains("Loading"), "{article}");
    }

    #[test]
    fn segments_that_hold_their_own_markers_are_left_alone() {
        let doc = Document::from(
            r#"<body><div hidden id="S:0"><p>a</p><template id="B:0"></template></div>
            <div hidden id="S:1"><template id="P:2"></template><p>b</p></div>
            <div hidden id="S:2"><template id="P:1"></template><p>c</p></div></body>"#,
        );
        reveal(&doc);
        // Every paragraph is still in the document, once.
        assert_eq!(doc.select("p").length(), 3);
        assert_eq!(
            doc.select("body").text().matches(['a', 'b', 'c']).count(),
            3
        );
    }
}
