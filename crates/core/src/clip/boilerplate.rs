//! What Readability leaves around the story inside the article it finds:
//! sign-up forms, share bars, "related" boxes, one-line calls to action.
//!
//! [`strip`] takes the article HTML (with its class names still on) and
//! removes, by general rules only:
//! - forms with fields, buttons, and the text of `<select>` menus;
//! - what the page hides (`hidden`, `display: none`, `aria-hidden`);
//! - elements whose class or id names a page widget (share, newsletter,
//!   related, comments, ads...) unless they hold most of the text;
//! - a "Related articles" / "Read more" / "You may also like" heading and
//!   everything after it in its container;
//! - short blocks that are calls to action ("Sign up for our newsletter",
//!   "Share this article");
//! - a section (two or more paragraphs) whose whole text repeats an
//!   earlier one's: pages carry one copy per screen size, or a second
//!   "gated" copy, and show only one.

use std::collections::HashMap;

use dom_query::{Document, NodeRef};

use crate::text::folded_words;

/// Class and id words that name page widgets rather than story content.
const WIDGET_MARKS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "related",
    "promo",
    "advert",
    "advertisement",
    "ads",
    "cookie",
    "cookies",
    "comments",
    "breadcrumb",
    "breadcrumbs",
    "popup",
    "modal",
    "sponsored",
    "paywall",
];

/// Headings that open a box of links to other pages.
const TAIL_HEADINGS: &[&str] = &[
    "related",
    "related posts",
    "related articles",
    "related stories",
    "related content",
    "related reading",
    "you may also like",
    "you might also like",
    "read more",
    "read next",
    "more stories",
    "more articles",
    "recommended",
    "recommended for you",
    "recommended articles",
    "most read",
    "most popular",
    "popular posts",
    "latest posts",
    "recent posts",
    "trending",
    "leave a reply",
    "leave a comment",
    "comments",
    "sur le meme sujet",
    "a lire aussi",
    "lire aussi",
    "les plus lus",
];

/// Whole short blocks that are navigation or calls to action.
const CALLS_TO_ACTION: &[&str] = &[
    "share",
    "share this",
    "share this article",
    "share this post",
    "share this story",
    "share on facebook",
    "share on twitter",
    "tweet",
    "print",
    "email",
    "copy link",
    "advertisement",
    "sponsored",
    "table of contents",
    "stay updated",
    "follow us",
    "subscribe",
    "sign up",
    "read more",
    "related",
    "related post",
    "publicite",
    "partager",
];

/// Starts of short blocks that ask the reader to do something.
const CALL_TO_ACTION_STARTS: &[&str] = &[
    "by signing up",
    "sign up for",
    "sign up to",
    "subscribe to",
    "subscribe for",
    "join our newsletter",
    "join our mailing list",
    "follow us on",
    "was this article",
    "was this newsletter forwarded",
    "click here to subscribe",
    "get the latest",
    "this field is for validation",
    "abonnez-vous",
    "inscrivez-vous",
];

/// Removes the boilerplate from article HTML; returns the remaining HTML.
pub fn strip(article_html: &str) -> String {
    let doc = Document::from(article_html);
    let total = text_len(&doc.select("body").nodes().first().copied());
    for form in doc.select("form").nodes() {
        let has_fields = !dom_query::Selection::from(*form)
            .select("input, select, textarea")
            .is_empty();
        let size = text_len(&Some(*form));
        // Some sites wrap the whole page in one form; that one stays.
        if has_fields && size < 2_000 && size * 2 < total {
            form.remove_from_parent();
        }
    }
    doc.select("button, select, textarea, input").remove();
    // What the page hides is not part of what the reader saw.
    doc.select(
        "[hidden], [aria-hidden=true], [style*='display:none'], [style*='display: none'], \
         [style*='visibility:hidden'], [style*='visibility: hidden']",
    )
    .remove();
    for node in doc.select("[class], [id]").nodes() {
        if names_widget(node) && text_len(&Some(*node)) * 2 < total {
            node.remove_from_parent();
        }
    }
    for heading in doc.select("h2, h3, h4, h5, h6").nodes() {
        if TAIL_HEADINGS.contains(&key(&heading.text()).as_str()) {
            let mut next = heading.next_sibling();
            heading.remove_from_parent();
            while let Some(node) = next {
                next = node.next_sibling();
                node.remove_from_parent();
            }
        }
    }
    for block in doc.select("p, div, li, span, h2, h3, h4, h5, h6").nodes() {
        let raw = block.text();
        // Cheap first: a block of more than 14 words is no call to action
        // (most blocks, and folding each one's text was a tenth of clipping).
        if raw.split_whitespace().nth(14).is_some() {
            continue;
        }
        let text = key(&raw);
        let short = text.split(' ').count() <= 14;
        if short
            && (CALLS_TO_ACTION.contains(&text.as_str())
                || CALL_TO_ACTION_STARTS.iter().any(|s| text.starts_with(s)))
        {
            block.remove_from_parent();
        }
    }
    remove_repeated_sections(&doc);
    doc.select("body").inner_html().to_string()
}

/// Sections shorter than this (visible characters) may repeat: a credit
/// line, a table row, a refrain.
const MIN_REPEATED_SECTION: usize = 100;

/// Removes every section (a container of two or more paragraphs, items or
/// headings) whose text is the same as an earlier one's that does not
/// contain it. A paragraph repeated alone is left: writers repeat lines.
fn remove_repeated_sections(doc: &Document) {
    let mut first: HashMap<String, dom_query::NodeId> = HashMap::new();
    let sections = doc.select("div, section, article, ul, ol, table, blockquote, figure, dl");
    for block in sections.nodes() {
        let text = block.text();
        if text
            .chars()
            .filter(|c| !c.is_whitespace())
            .nth(MIN_REPEATED_SECTION)
            .is_none()
            || dom_query::Selection::from(*block)
                .select("p, li, h2, h3, h4, h5, h6, tr, pre")
                .length()
                < 2
        {
            continue;
        }
        let text = crate::text::squash_whitespace(&text);
        match first.get(&text) {
            None => {
                first.insert(text, block.id);
            }
            Some(earlier) => {
                let wraps = block.ancestors_it(None).any(|a| a.id == *earlier);
                if !wraps {
                    block.remove_from_parent();
                }
            }
        }
    }
}

/// Whether an element's class or id names a page widget: a class word
/// ("social-share", "newsletter-signup"), or an id made only of widget
/// words ("related-posts", "comments"). Ids are often made from headings
/// ("sharing-mutable-history"), so one widget word does not make a widget.
fn names_widget(node: &NodeRef) -> bool {
    const FILLER: &[&str] = &[
        "posts",
        "articles",
        "box",
        "container",
        "wrapper",
        "section",
        "block",
        "links",
        "buttons",
        "bar",
        "widget",
        "area",
        "list",
        "form",
        "top",
        "bottom",
    ];
    let words = |attr: &str| -> Vec<String> {
        node.attr(attr)
            .unwrap_or_default()
            .to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let class = words("class");
    let id = words("id");
    class.iter().any(|w| WIDGET_MARKS.contains(&w.as_str()))
        || id.iter().any(|w| WIDGET_MARKS.contains(&w.as_str()))
            && id
                .iter()
                .all(|w| WIDGET_MARKS.contains(&w.as_str()) || FILLER.contains(&w.as_str()))
}

/// Folded words of a text, one space apart, without punctuation.
fn key(text: &str) -> String {
    folded_words(text).join(" ")
}

fn text_len(node: &Option<NodeRef>) -> usize {
    node.map_or(0, |n| {
        n.text().chars().filter(|c| !c.is_whitespace()).count()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widgets_forms_and_related_boxes_go_the_story_stays() {
        let html = r#"<div><p>Bamako expelled five French diplomats on Tuesday, the transitional government said in a statement read on state television.</p>
            <div class="social-share"><a href="x">Facebook</a><a href="y">X</a></div>
            <form><label>Email*</label><input type="email"><button>Subscribe</button></form>
            <p>Share this article</p><p hidden>Hidden teaser</p><span style="display: none">Secret</span>
            <p>By signing up, you agree to our Privacy Policy.</p>
            <p>France responded by suspending counter-terrorism cooperation, according to diplomatic sources in Paris.</p>
            <h3>Related articles</h3><ul><li><a href="z">Mali arrests French national</a></li></ul><p>More links</p></div>"#;
        let out = strip(html);
        assert!(out.contains("Bamako expelled"));
        assert!(out.contains("counter-terrorism cooperation"));
        for gone in [
            "Facebook",
            "Email*",
            "Subscribe",
            "Share this",
            "signing up",
            "Related",
            "Mali arrests",
            "More links",
            "Hidden teaser",
            "Secret",
        ] {
            assert!(!out.contains(gone), "{gone} survived in {out}");
        }
    }

    #[test]
    fn ids_made_from_headings_are_not_widgets() {
        let html = r#"<p>Intro paragraph of the story.</p><section id="sharing-mutable-history"><p>The section text stays.</p></section><div id="related-posts"><a href="x">Other story</a></div>"#;
        let out = strip(html);
        assert!(out.contains("The section text stays"));
        assert!(!out.contains("Other story"));
    }

    #[test]
    fn a_widget_class_on_the_whole_article_does_not_empty_it() {
        let html = r#"<div class="post related-content"><p>The whole story sits in a container whose class happens to say related.</p></div>"#;
        assert!(strip(html).contains("The whole story"));
    }

    #[test]
    fn a_section_repeated_for_another_screen_size_is_kept_once() {
        let section = "<h2>Costs across the state</h2><p>Labour is about sixty per cent of most remodelling budgets in the state.</p><p>Permits and inspections add thousands more to a whole-house project.</p>";
        let html = format!(
            r#"<div class="variant-desktop">{section}</div><div class="variant-mobile">{section}</div><div><div>{section}</div></div>"#
        );
        let out = strip(&html);
        assert_eq!(out.matches("Labour is about sixty").count(), 1, "{out}");
        assert_eq!(out.matches("Costs across the state").count(), 1, "{out}");
    }

    #[test]
    fn a_paragraph_the_writer_repeats_is_kept_each_time() {
        let line = "<p>We will not be silenced, the crowd chanted again and again outside the parliament building in the capital.</p>";
        let html = format!("<div>{line}<p>Police watched from a distance.</p>{line}</div>");
        assert_eq!(strip(&html).matches("We will not be silenced").count(), 2);
    }
}
