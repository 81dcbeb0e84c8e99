//! Article metadata read from the page around the article: the headline,
//! the authors and the publication date.
//!
//! Readability (through `dom_smoothie`) reads the page's metadata; these
//! functions check it against what a reader sees and fill its gaps:
//!
//! - **Headline**: the page's own `<h1>` when it tells the same story as the
//!   metadata title in other words; never the site's name, nor a heading
//!   that sits in the page's header or navigation.
//! - **Byline**: the people named by JSON-LD `author`, then those listed
//!   one to a tag (`citation_author`, `author` repeated), then the
//!   publisher's author meta tags, Readability's byline, the author elements
//!   of the page and the byline a reader sees (under the headline, or an
//!   author box); an organisation (the outlet itself) only when no person
//!   is named.
//! - **Published**: the metadata date, else a date written next to the
//!   headline ("December 17, 2025", "17 décembre 2025", "2025-12-17"), else
//!   the first date in the page.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use dom_query::{Document, NodeRef};
use regex::Regex;

use crate::text::{floor_char_boundary, fold, folded_words, push_squashed, squash_whitespace};

/// Separators between a headline and the site name appended to it.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / ", " • ",
];

/// The `<h1>` texts of a page that can be its headline, in document order:
/// not in the page's header, navigation or footer, not the site's name.
pub fn headings(doc: &Document, site_name: Option<&str>, url: Option<&str>) -> Vec<String> {
    let site_key = site_name.map(alnum_key).unwrap_or_default();
    let host = url.and_then(super::url::site_of).unwrap_or_default();
    let host_stem = url
        .and_then(super::url::host_stem)
        .map(|h| alnum_key(&h))
        .unwrap_or_default();
    doc.select("h1")
        .nodes()
        .iter()
        .take(6)
        .filter(|h| !in_page_chrome(h))
        .filter(|h| !links_home(h, &host))
        // Permalink marks ("¶", "#") are not part of the heading.
        .map(|h| {
            without_leading_date(&squash_whitespace(h.text().trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, '¶' | '#' | '§')
            })))
        })
        .filter(|text| {
            let key = alnum_key(text);
            let names_site = !site_key.is_empty()
                && (key == site_key
                    || site_key.contains(&key)
                    || key.contains(&site_key) && key.len() <= site_key.len() + 4);
            let names_host = host_stem.len() > 3
                && text.split_whitespace().count() <= 3
                && key.contains(&host_stem)
                && key.len() < host_stem.len() + 12;
            !key.is_empty() && !names_site && !names_host
        })
        .collect()
}

/// A heading less the date a blog writes before it ("Dec 18 2025
/// Preparing a transition").
fn without_leading_date(heading: &str) -> String {
    match date_regex().find(heading) {
        Some(date) if date.start() == 0 => {
            let rest = heading[date.end()..]
                .trim_start_matches(|c: char| c.is_whitespace() || "-–—|:·,".contains(c));
            if rest.split_whitespace().count() >= 2 {
                rest.to_string()
            } else {
                heading.to_string()
            }
        }
        _ => heading.to_string(),
    }
}

/// Whether a heading sits in the page's header, navigation, sidebar or
/// footer rather than in its main content.
/// A `<header>` is not chrome: articles open with one around their headline.
fn in_page_chrome(node: &NodeRef) -> bool {
    for ancestor in node.ancestors_it(None) {
        let name = ancestor.node_name().unwrap_or_default();
        match name.as_ref() {
            "article" | "main" => return false,
            "nav" | "footer" | "aside" => return true,
            // The page's own classes ("wp-custom-logo") describe the
            // whole page, not a region of it.
            "body" | "html" => return false,
            _ => {}
        }
        let marks = format!(
            "{} {}",
            ancestor.attr("class").unwrap_or_default(),
            ancestor.attr("id").unwrap_or_default()
        )
        .to_ascii_lowercase();
        if [
            "masthead",
            "site-title",
            "navbar",
            "logo",
            "brand",
            "site-header",
        ]
        .iter()
        .any(|m| marks.contains(m))
        {
            return true;
        }
    }
    false
}

/// Whether a heading links to the site's home page (a logo or site title).
fn links_home(node: &NodeRef, host: &str) -> bool {
    let home = [
        "/".to_string(),
        "./".to_string(),
        format!("https://{host}/"),
        format!("https://www.{host}/"),
        format!("http://{host}/"),
        format!("https://{host}"),
    ];
    let Some(sel) = dom_query::Selection::from(*node)
        .select("a[href]")
        .nodes()
        .first()
        .cloned()
    else {
        return false;
    };
    sel.attr("href")
        .is_some_and(|h| home.iter().any(|x| x == h.as_ref()))
}

/// The headline: the title less the site's name around it, or the page's
/// main heading when it tells the same story in other words. `shared_titles`
/// are the titles the publisher gives the story for sharing and search
/// (`og:title`, the JSON-LD headline); `site` is the outlet's name or the
/// page's address (its host names the site too).
pub fn headline(
    title: &str,
    shared_titles: &[&str],
    headings: &[String],
    site: Option<&str>,
    url: Option<&str>,
) -> String {
    without_labels(chosen_headline(title, shared_titles, headings, site, url))
}

/// "How meditation rewires brains | Opinion" -> "How meditation rewires
/// brains": a pipe is never part of a headline's prose, so what follows
/// one (a section, a subtitle, the site) goes, when what precedes it is
/// the longest part and reads as a headline (three words or more).
fn without_labels(headline: String) -> String {
    let mut parts = headline.split(" | ");
    let first = parts.next().unwrap_or_default().trim();
    let words = first.split_whitespace().count();
    if words >= 3 && parts.all(|p| p.split_whitespace().count() <= words) {
        first.to_string()
    } else {
        headline
    }
}

fn chosen_headline(
    title: &str,
    shared_titles: &[&str],
    headings: &[String],
    site: Option<&str>,
    url: Option<&str>,
) -> String {
    // A heading the title ends with is the site's name: "Evolve: Shared
    // Mutable History — evolve extension for Mercurial".
    let folded_title = fold(title);
    let headings: Vec<String> = headings
        .iter()
        .filter(|h| {
            let folded = fold(h);
            let head_words = folded_title
                .strip_suffix(&folded)
                .map_or(0, |head| head.split_whitespace().count());
            head_words == 0 || h.split_whitespace().count() > head_words
        })
        .cloned()
        .collect();
    let site_keys = SiteKeys::new(site, url);
    let trimmed = without_site_name(title, &headings, &site_keys);
    let Some(h1) = headings.first() else {
        return trimmed;
    };
    if fold(h1) == fold(&trimmed) {
        return trimmed;
    }
    // A title the site cut short, inside a word ("…your monitor, laptop,
    // and k") or with an ellipsis, is the start of the whole headline.
    let ellipsis = trimmed.ends_with("...") || trimmed.ends_with('…');
    let cut = fold(trimmed.trim_end_matches(['.', '…', ' ']));
    let cut_short = fold(h1).strip_prefix(&cut).is_some_and(|rest| {
        rest.starts_with(char::is_alphanumeric) || ellipsis && !rest.is_empty()
    });
    if cut_short && cut.split_whitespace().count() >= 4 {
        return h1.clone();
    }
    // The visible headline, word for word a title the publisher gives for
    // sharing, outvotes the one other metadata gives.
    if shared_titles.iter().any(|t| fold(t) == fold(h1)) {
        return without_site_name(h1, &[], &site_keys);
    }
    let heading_words = word_set(h1);
    let mut title_words = word_set(&trimmed);
    for shared in shared_titles {
        title_words.extend(word_set(shared));
    }
    let shared = heading_words.intersection(&title_words).count();
    let union = heading_words.union(&title_words).count().max(1);
    let similarity = shared as f64 / union as f64;
    // Near-identical wording is the same headline in the publisher's
    // preferred form; a rewording that still shares its key words is the
    // headline the reader sees; little in common means the <h1> is a
    // section or site heading.
    if (0.35..0.8).contains(&similarity) && h1.split_whitespace().count() <= 30 {
        h1.clone()
    } else {
        trimmed
    }
}

/// The ways a page names its site, compared as [`alnum_key`]s: the outlet's
/// name, and the distinctive labels of its host ("tires.bridgestone.com"
/// gives "bridgestone" and "tires").
struct SiteKeys {
    name: String,
    labels: Vec<String>,
    /// The page's host, without "www.".
    host: Option<String>,
}

impl SiteKeys {
    fn new(site: Option<&str>, url: Option<&str>) -> SiteKeys {
        const GENERIC: &[&str] = &[
            "www", "blog", "blogs", "news", "apps", "shop", "store", "online", "home", "info",
            "help", "docs", "support", "learn", "mobile", "edition",
        ];
        let host = url.and_then(super::url::site_of).unwrap_or_default();
        let mut labels: Vec<String> = host
            .rsplit_once('.')
            .map_or("", |(name, _tld)| name)
            .split(['.', '-'])
            .filter(|l| l.len() >= 4 && !GENERIC.contains(l))
            .map(alnum_key)
            .collect();
        labels.dedup();
        SiteKeys {
            name: site.map(alnum_key).unwrap_or_default(),
            labels,
            host: (!host.is_empty()).then_some(host),
        }
    }

    /// Whether a segment of a title is the site's name ("Google Cloud",
    /// "Newegg.com", "Rust Blog"). A `bare` name is little more than the
    /// name, as a segment before the headline must be: "Video @ Blog name"
    /// is a headline that names its blog.
    fn named_by(&self, segment: &str, bare: bool) -> bool {
        let key = alnum_key(segment);
        if key.is_empty() {
            return false;
        }
        let names = |name: &str| key.contains(name) && (!bare || key.len() <= name.len() + 6);
        let by_name = !self.name.is_empty()
            && (key.len() >= 3 && self.name.contains(&key) || names(&self.name));
        by_name
            || self
                .labels
                .iter()
                .any(|l| names(l) || initials_of(segment.trim(), l))
    }
}

/// Whether `segment` is an abbreviation of a host label: "WFA" of
/// "worldfutureawards", "CAI" of "contemporaryartissue" (capitals that
/// start the label and appear in it in order).
fn initials_of(segment: &str, label: &str) -> bool {
    let letters = segment.chars().count();
    if !(2..=5).contains(&letters) || !segment.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let mut rest = label.chars();
    let lower = segment.to_ascii_lowercase();
    lower.starts_with(label.chars().next().unwrap_or(' '))
        && lower.chars().all(|c| rest.any(|l| l == c))
}

/// "What is Cloud Computing? | Google Cloud" -> "What is Cloud Computing?":
/// the heading the title starts with, or the title less the segments
/// before or after it that name the site ("Leadfeeder | State of SEO",
/// "Critics' Choice – Artlyst - Artlyst").
fn without_site_name(title: &str, headings: &[String], site: &SiteKeys) -> String {
    let folded = fold(title);
    let mut title = title.trim();
    for h1 in headings {
        let h = fold(h1);
        let long_enough =
            h.chars().count() * 2 >= folded.chars().count() || h.split_whitespace().count() >= 3;
        if folded.starts_with(&h) {
            let rest = title.get(h1.len()..).unwrap_or("").trim_start();
            // A short heading needs the rest of the title to name the site:
            // "Coffee - University of Wisconsin-Stevens Point".
            let after_separator = SEPARATORS
                .iter()
                .find_map(|s| rest.strip_prefix(s.trim_start()));
            let site_follows = after_separator.is_some_and(|tail| site.named_by(tail, false));
            if rest.is_empty() && long_enough
                || after_separator.is_some() && (long_enough || site_follows)
            {
                // The heading may carry the site's name too.
                title = h1.as_str();
                break;
            }
        }
    }
    // "davidbau.com Vibe Coding": the host before the headline.
    if let Some(rest) = site
        .host
        .as_deref()
        .and_then(|host| strip_prefix_ignore_case(title, host))
        .filter(|rest| rest.starts_with(' ') && rest.split_whitespace().count() >= 2)
    {
        title = rest.trim();
    }
    'strip: loop {
        for sep in SEPARATORS {
            if let Some((head, tail)) = title.rsplit_once(sep) {
                if site.named_by(tail, false) && head.split_whitespace().count() >= 2 {
                    title = head.trim();
                    continue 'strip;
                }
            }
            if let Some((head, tail)) = title.split_once(sep) {
                if site.named_by(head, true) && tail.split_whitespace().count() >= 3 {
                    title = tail.trim();
                    continue 'strip;
                }
            }
        }
        return title.to_string();
    }
}

/// What a page's JSON-LD says of its article.
#[derive(Debug, Default)]
pub struct LinkedData {
    /// People named as authors, in order.
    pub authors: Vec<String>,
    /// Organisations named as authors (the outlet, a team).
    pub organisations: Vec<String>,
    /// The article's `headline`, as written (entities and all).
    pub headline: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
}

/// Reads the JSON-LD blocks of a page; blocks that do not parse are skipped.
pub fn linked_data(doc: &Document) -> LinkedData {
    let mut found = LinkedData::default();
    for script in doc
        .select("script[type='application/ld+json']")
        .nodes()
        .iter()
        .take(20)
    {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&script.text()) else {
            continue;
        };
        let mut stack = vec![&value];
        let mut visited = 0;
        while let Some(v) = stack.pop() {
            visited += 1;
            if visited > 2_000 {
                break;
            }
            match v {
                serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
                serde_json::Value::Object(map) => {
                    let kind = map.get("@type").map(|t| t.to_string()).unwrap_or_default();
                    let article_like = [
                        "Article", "Posting", "Report", "WebPage", "Blog", "Review", "HowTo",
                    ]
                    .iter()
                    .any(|k| kind.contains(k));
                    if article_like {
                        if found.authors.is_empty() && found.organisations.is_empty() {
                            if let Some(author) = map.get("author") {
                                collect_authors(author, &mut found);
                            }
                        }
                        let date = |key: &str| {
                            map.get(key)
                                .and_then(|d| d.as_str())
                                .and_then(super::normalize_date)
                        };
                        if found.headline.is_none() {
                            found.headline = map
                                .get("headline")
                                .and_then(|h| h.as_str())
                                .map(squash_whitespace);
                        }
                        found.published = found.published.take().or_else(|| date("datePublished"));
                        found.modified = found.modified.take().or_else(|| date("dateModified"));
                    }
                    for key in ["@graph", "mainEntity", "mainEntityOfPage"] {
                        if let Some(inner) = map.get(key) {
                            stack.push(inner);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    found
}

fn collect_authors(value: &serde_json::Value, found: &mut LinkedData) {
    match value {
        serde_json::Value::String(name) => found.authors.push(squash_whitespace(name)),
        serde_json::Value::Array(items) => items
            .iter()
            .take(20)
            .for_each(|i| collect_authors(i, found)),
        serde_json::Value::Object(map) => {
            // `"name": ["Jane Doe"]` as well as `"name": "Jane Doe"`.
            let name = match map.get("name") {
                Some(serde_json::Value::String(name)) => squash_whitespace(name),
                Some(serde_json::Value::Array(parts)) => squash_whitespace(
                    &parts
                        .iter()
                        .take(20)
                        .filter_map(|p| p.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                _ => return,
            };
            if name.is_empty() {
                return;
            }
            let kind = map.get("@type").map(|t| t.to_string()).unwrap_or_default();
            if kind.contains("Organization") || kind.contains("Organisation") {
                found.organisations.push(name);
            } else {
                found.authors.push(name);
            }
        }
        _ => {}
    }
}

/// "Roy, Aniruddha" -> "Aniruddha Roy", as scholarly tags list authors.
fn first_name_first(name: &str) -> String {
    match name.split_once(',') {
        Some((last, first))
            if !last.trim().contains(' ')
                && !first.contains(',')
                && !first.trim().is_empty()
                && !last.trim().is_empty() =>
        {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => name.to_string(),
    }
}

/// Author names the page's markup offers, read before Readability takes
/// the document: publisher meta tags first, the rest after Readability's own.
#[derive(Debug, Default)]
pub struct BylineSources {
    /// People named one to a tag (`citation_author`, or `author`
    /// repeated), in order.
    listed: Vec<String>,
    publisher: Option<String>,
    markup: Vec<String>,
}

/// Whether an element could match one of the selectors
/// [`BylineSources::read`] reads: a `<meta>`, an element with an
/// `itemprop`, a link with a `rel`, or one whose class says "author" or
/// "byline" in any case.
fn may_name_author(element: &dom_query::Element) -> bool {
    let has_word = |value: &str, word: &str| {
        value
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    let name: &str = &element.name.local;
    name == "meta"
        || element.attrs.iter().any(|attr| match &*attr.name.local {
            "itemprop" => true,
            "rel" => name == "a",
            "class" => has_word(&attr.value, "author") || has_word(&attr.value, "byline"),
            _ => false,
        })
}

impl BylineSources {
    pub fn read(doc: &Document) -> BylineSources {
        const CITATION: &str = "meta[name=citation_author], meta[name=citation_authors]";
        const AUTHOR_META: &str = "meta[name='author'], meta[name='Author']";
        const PUBLISHER: &str =
            "meta[name='parsely-author'], meta[name='byl'], meta[name='sailthru.author']";
        const ELEMENTS: [&str; 4] = [
            "[itemprop=author]",
            "a[rel=author]",
            "[class*=author-name], [class*=author_name], [class*=authorName]",
            "[class*=byline]",
        ];
        // One walk over the page finds every candidate; each source then
        // picks its own out of the few found, in document order.
        let all = [CITATION, AUTHOR_META, PUBLISHER]
            .into_iter()
            .chain(ELEMENTS)
            .collect::<Vec<_>>()
            .join(", ");
        let candidates = super::html::select_filtered(doc, &all, may_name_author);
        let matching = |selector: &'static str| candidates.iter().filter(move |n| n.is(selector));
        let from_meta = |selector: &'static str| {
            matching(selector).find_map(|m| m.attr("content").map(|c| c.to_string()))
        };
        let from_element = |selector: &'static str| {
            matching(selector).take(3).find_map(|e| {
                let named = dom_query::Selection::from(*e).select("[itemprop=name]");
                let text = named
                    .nodes()
                    .first()
                    .map(|n| {
                        n.attr("content")
                            .map(|c| c.to_string())
                            .unwrap_or_else(|| n.text().to_string())
                    })
                    .or_else(|| e.attr("content").map(|c| c.to_string()))
                    .unwrap_or_else(|| e.text().to_string());
                clean_person(&text)
            })
        };
        let all_of = |selector: &'static str| -> Vec<String> {
            matching(selector)
                .take(30)
                .filter_map(|m| {
                    m.attr("content")
                        .and_then(|c| clean_person(&first_name_first(&c)))
                })
                .collect()
        };
        let mut listed = all_of(CITATION);
        if listed.is_empty() {
            listed = all_of(AUTHOR_META);
            if listed.len() < 2 {
                listed.clear();
            }
        }
        BylineSources {
            listed,
            publisher: from_meta(PUBLISHER),
            markup: std::iter::once(from_meta(AUTHOR_META))
                .chain(ELEMENTS.map(from_element))
                .flatten()
                .collect(),
        }
    }
}

/// The article's authors, from the most to the least reliable source.
pub fn byline(
    sources: &BylineSources,
    linked: &LinkedData,
    readability: Option<&str>,
    visible: Option<String>,
    outlet_names: &[&str],
) -> Option<String> {
    let outlet_keys: Vec<String> = outlet_names
        .iter()
        .map(|s| alnum_key(s))
        .filter(|k| !k.is_empty())
        .collect();
    let is_outlet = |s: &str| outlet_keys.contains(&alnum_key(s));
    let people = |names: &[String]| -> Vec<String> {
        names
            .iter()
            .filter_map(|a| clean_person(a))
            .filter(|a| !is_outlet(a))
            .collect()
    };
    for named in [people(&linked.authors), people(&sources.listed)] {
        if !named.is_empty() {
            return Some(join_names(&named));
        }
    }
    let candidates = sources
        .publisher
        .iter()
        .map(String::as_str)
        .chain(readability)
        .chain(sources.markup.iter().map(String::as_str))
        .chain(visible.as_deref());
    let mut outlet = None;
    for candidate in candidates {
        let Some(name) = clean_person(candidate) else {
            continue;
        };
        if is_outlet(&name) {
            outlet.get_or_insert(name);
            continue;
        }
        return Some(name);
    }
    linked
        .organisations
        .first()
        .and_then(|o| clean_person(o))
        .or(outlet)
}

/// Tidies a byline as pages mark it up: "By Reyan PerumalPublished on July
/// 18, 2025" -> "Reyan Perumal". Drops the "By", what follows the names
/// (dates, "Full Bio", a site after "|"), and bylines with nothing left
/// (what is left may still be a label only: [`clean_person`] checks).
fn clean_byline(raw: &str) -> Option<String> {
    let mut s = squash_whitespace(raw);
    // "Last Updated: 2025-02-22 Cite this Webpage By Melanie Hanson", "This
    // post was written by Danielle Padula": the names follow a "By" that
    // comes after dates or labels.
    if let Some(at) = s.find(" By ").or_else(|| s.find(" by ")) {
        let before = s[..at].to_lowercase();
        if before.contains(|c: char| c.is_ascii_digit() || c == ':')
            || ["written", "posted", "authored"]
                .iter()
                .any(|w| before.ends_with(w))
        {
            s = s[at + 4..].to_string();
        }
    }
    const TAILS: &[&str] = &[
        "Published",
        "Updated",
        "Last Updated",
        "Posted",
        "Full Bio",
        "Author’s Profile",
        "Author's Profile",
        "View Profile",
        "Cite this",
        "Reviewed by",
        "Fact checked",
        " | ",
        " - ",
        "- 20",
        " — ",
        " – ",
    ];
    cut_before_first(&mut s, TAILS);
    let lower = s.to_lowercase();
    for prefix in [
        "written by ",
        "words by ",
        "by: ",
        "by ",
        "par ",
        "por ",
        "von ",
        "author: ",
        "author ",
    ] {
        if lower.starts_with(prefix) {
            s = s[prefix.len()..].to_string();
            break;
        }
    }
    let s = s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '|' | '-' | '·')
    });
    if s.is_empty() || s.split_whitespace().count() > 12 {
        return None;
    }
    Some(s.to_string())
}

/// Cuts `s` before each of `marks` it holds, in turn; a mark that opens
/// `s` is left.
fn cut_before_first(s: &mut String, marks: &[&str]) {
    for mark in marks {
        if let Some(at) = s.find(mark).filter(|&at| at > 0) {
            s.truncate(at);
        }
    }
}

/// A byline with its decorations removed, or `None` when what is left
/// names nobody (a date, a link, a number, a form label).
fn clean_person(raw: &str) -> Option<String> {
    if raw.trim_start().starts_with("http") || raw.contains('@') && !raw.contains(' ') {
        return None;
    }
    let mut s = squash_whitespace(raw)
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    // "BySummer Swann", "Written byDan Pantelo", "Article by: Cara Dumaplin",
    // "AuthorVenteur" (a label element beside the name's).
    if let Some(m) = byline_label_regex().find(&s) {
        if s[m.end()..].starts_with(char::is_uppercase) {
            s = s[m.end()..].to_string();
        }
    }
    // A date glued to the names, before or after them:
    // "Luke KimDecember 17, 2025", "Dec 17, 2025Julian K. Arni",
    // "Chris Carroll30 Sep 2022" (a name's letters never run into digits).
    if let Some(at) = s
        .char_indices()
        .zip(s.chars().skip(1))
        .find(|((_, a), b)| a.is_lowercase() && b.is_ascii_digit())
        .map(|((i, a), _)| i + a.len_utf8())
    {
        s.insert(at, ' ');
    }
    if let Some(m) = date_regex().find(&s) {
        s = if m.start() == 0 {
            s[m.end()..].to_string()
        } else {
            s[..m.start()].to_string()
        };
    }
    cut_before_first(&mut s, &[" on ", "•", "·"]);
    let s = without_roles(&s);
    let s = clean_byline(&s)?;
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    let lower = s.to_lowercase();
    let label = LABELS.contains(&lower.trim_end_matches([':', '*', ' ']));
    let junk = lower.contains("min read") || s.starts_with('[') || s.ends_with(" says");
    if letters < 2 || digits * 2 > letters || label || junk || s.chars().count() > 100 {
        return None;
    }
    Some(s)
}

/// What a byline element holds when it names nobody: its label, a form
/// field's, a weekday of its date.
const LABELS: &[&str] = &[
    "by",
    "author",
    "the author",
    "about the author",
    "written by",
    "posted by",
    "full bio",
    "name",
    "admin",
    "staff",
    "submitted",
    "last",
    "updated",
    "published",
    "posted",
    "sat",
    "sun",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
];

fn byline_label_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:(?i:(?:written|authored|article|words|posted|story|text)\s*)?(?i:by)|Authors?)\s*:?\s*")
            .expect("the label pattern is valid")
    })
}

/// Lower-case words inside names, and the word joining two names.
const PARTICLES: &[&str] = &[
    "van", "de", "der", "da", "von", "le", "la", "del", "di", "du", "bin", "al", "el", "and",
];

/// Job titles glued to or following the names: "Harry RabinowitzTech
/// Reporter", "Brett Cruz, Privacy and Digital Security Expert", "Liz Kenny
/// Former McKinsey Consultant". Co-authors after a comma are kept.
fn without_roles(s: &str) -> String {
    const ROLES: &[&str] = &[
        "editor",
        "writer",
        "reporter",
        "correspondent",
        "contributor",
        "founder",
        "director",
        "manager",
        "expert",
        "consultant",
        "columnist",
        "specialist",
        "analyst",
        "officer",
        "head",
        "lead",
        "senior",
        "staff",
        "journalist",
        "producer",
        "reviewer",
        "former",
        "licensed",
        "certified",
        "chief",
        "president",
        "ceo",
        "professor",
    ];
    let is_role = |w: &str| {
        ROLES.contains(
            &w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
                .as_str(),
        )
    };
    // A lower-case run glued to a capital inside a word after the first:
    // "RabinowitzTech"; "McIntyre" and "MacDonald" are names.
    let words: Vec<&str> = s.split_whitespace().collect();
    let first_comma = s.find(',').unwrap_or(s.len());
    let mut cut = s.len();
    for (i, word) in words.iter().enumerate().skip(1) {
        let offset = word.as_ptr() as usize - s.as_ptr() as usize;
        let mut lower_run = 0;
        for (j, c) in word.char_indices() {
            if c.is_uppercase() && lower_run >= 3 {
                let glued = &word[j..];
                let next_is_role = words.get(i + 1).is_some_and(|w| is_role(w));
                let label = ["Last", "Updated", "Published", "Posted"]
                    .iter()
                    .any(|l| glued.starts_with(l));
                if is_role(glued) || next_is_role || label {
                    cut = cut.min(offset + j);
                }
                break;
            }
            lower_run = if c.is_lowercase() { lower_run + 1 } else { 0 };
        }
        // Roles after a comma end the names below, not here.
        if i >= 2 && is_role(word) && offset < first_comma {
            cut = cut.min(offset);
        }
        if cut < s.len() {
            break;
        }
    }
    let s = &s[..cut];
    let mut parts = s.split(',').map(str::trim);
    let mut kept = vec![parts.next().unwrap_or("")];
    for part in parts {
        let words: Vec<&str> = part.split_whitespace().collect();
        let credential = words.len() == 1
            && part.len() <= 6
            && part.chars().all(|c| c.is_uppercase() || c == '.');
        let name = (1..=4).contains(&words.len())
            && words
                .iter()
                .all(|w| w.starts_with(char::is_uppercase) || PARTICLES.contains(w))
            && !words.iter().any(|w| is_role(w));
        if !(credential || name) {
            break;
        }
        kept.push(part);
    }
    kept.join(", ")
}

fn join_names(names: &[String]) -> String {
    let mut seen = HashSet::new();
    names
        .iter()
        .filter(|n| seen.insert(fold(n)))
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
}

/// A publication date from the page's markup when its metadata has none:
/// `<meta>` date names Readability does not read, then a `<time datetime>`
/// marked as the publication date, then the first `<time datetime>`.
pub fn markup_date(doc: &Document) -> Option<String> {
    const META: &str = "meta[itemprop=datePublished], meta[name=date], meta[name=pubdate], \
        meta[name=publish-date], meta[name=publication_date], meta[name='dc.date'], \
        meta[name='DC.date.issued'], meta[property='og:published_time'], \
        meta[property='article:published_time'], meta[name='parsely-pub-date'], \
        meta[name='sailthru.date']";
    const MARKED: &str = "time[datetime][class*=publish], time[datetime][itemprop=datePublished], \
        time[datetime][pubdate]";
    // One walk over the page, trying only <meta> and <time> elements;
    // each source picks its own out of what it found.
    let found = super::html::select_filtered(doc, &format!("{META}, time[datetime]"), |element| {
        matches!(&*element.name.local, "meta" | "time")
    });
    let from_meta = found
        .iter()
        .filter(|m| m.has_name("meta"))
        .find_map(|m| m.attr("content"));
    let times = || found.iter().filter(|t| t.has_name("time"));
    let marked = times()
        .filter(|t| t.is(MARKED))
        .find_map(|t| t.attr("datetime"));
    let first = times().find_map(|t| t.attr("datetime"));
    [from_meta, marked, first]
        .into_iter()
        .flatten()
        .find_map(|d| super::normalize_date(&d))
}

/// A date written in the page's text: next after the headline, else just
/// before it (a dateline above the title), else the first in the page.
pub fn visible_date(page_text: &str, headline: &str, day_first: bool) -> Option<String> {
    let at = (!headline.is_empty())
        .then(|| page_text.find(headline))
        .flatten();
    if let Some(at) = at {
        let after_end = floor_char_boundary(page_text, at + headline.len() + 600);
        if let Some(d) = dates_in(&page_text[at..after_end], day_first).next() {
            return Some(d);
        }
        let before_start = floor_char_boundary(page_text, at.saturating_sub(300));
        if let Some(d) = dates_in(&page_text[before_start..at], day_first).last() {
            return Some(d);
        }
    }
    dates_in(page_text, day_first).next()
}

/// The readable text of a page (no scripts or styles): its text nodes in
/// document order, joined by single spaces.
#[derive(Debug, Default)]
pub struct PageText {
    pub text: String,
    /// Where each text node starts in `text`.
    starts: Vec<usize>,
}

impl PageText {
    /// Reads the text nodes of the body, up to about `limit` bytes.
    pub fn read(doc: &Document, limit: usize) -> PageText {
        let mut page = PageText::default();
        let Some(body) = doc.select_single("body").nodes().first().cloned() else {
            return page;
        };
        let mut stack = vec![body];
        while let Some(node) = stack.pop() {
            if page.text.len() >= limit {
                break;
            }
            let end = page.text.len();
            if let Some(pushed) =
                super::html::text_node(&node, |t| push_squashed(&mut page.text, t))
            {
                if pushed {
                    // After the space that joins it to the text before.
                    page.starts.push(if end == 0 { 0 } else { end + 1 });
                }
                continue;
            }
            let name = node.node_name().unwrap_or_default();
            if matches!(
                name.as_ref(),
                "script" | "style" | "noscript" | "template" | "svg"
            ) {
                continue;
            }
            // Last child first, so that the first is read next.
            stack.extend(node.children_it(true));
        }
        page
    }

    /// Whether `text` starts within a few screens of one of `headlines`
    /// in the page; true when none of them is found.
    /// Spacing is ignored: text nodes run together in an element's text.
    pub fn near_headline(&self, headlines: &[&str], text: &str) -> bool {
        let page = crate::text::without_spacing(&self.text);
        let found: Vec<(usize, usize)> = headlines
            .iter()
            .map(|h| crate::text::without_spacing(h))
            .filter(|h| !h.is_empty())
            .filter_map(|h| page.find(&h).map(|at| (at, h.len())))
            .collect();
        if found.is_empty() {
            return true;
        }
        page.find(&crate::text::without_spacing(text))
            .is_some_and(|at| {
                found
                    .iter()
                    .any(|&(head, len)| at <= head + len + 3_000 && head <= at + 3_000)
            })
    }

    fn segment(&self, i: usize) -> &str {
        let start = self.starts[i];
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |next| next - 1);
        &self.text[start..end]
    }

    /// The index of the text node holding byte `offset`.
    fn segment_at(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }
}

/// The byline a reader sees: a label ("By", "Par", "Written by",
/// "Author") and names, in one text node or two, among the text just after
/// the first of `headlines` the page shows, or a little before it. Failing
/// that, an explicit label ("Written by", "Article by", "Author") anywhere
/// in the page, as in an author box after the article.
pub fn visible_byline(page: &PageText, headlines: &[&str]) -> Option<String> {
    let count = page.starts.len();
    let at = headlines
        .iter()
        .filter(|h| !h.is_empty())
        .find_map(|h| page.text.find(h))
        .map(|offset| page.segment_at(offset));
    let near = at.map_or(0..0, |at| at.saturating_sub(12)..(at + 40).min(count));
    if let Some(at) = at {
        if let Some(found) = (at..near.end)
            .chain((near.start..at).rev())
            .find_map(|i| byline_at(page, i, false))
        {
            return Some(found);
        }
    }
    // What an explicit label signs near the headline was found above.
    let from = at.unwrap_or(0);
    (from..count)
        .chain(0..from)
        .filter(|i| !near.contains(i))
        .find_map(|i| byline_at(page, i, true))
}

/// The names text node `i` signs with, or those of the next node when it
/// is only a label; `explicit` takes only labels no sentence opens with.
fn byline_at(page: &PageText, i: usize, explicit: bool) -> Option<String> {
    const LABELS: &[&str] = &["by", "par", "por", "von", "words by", "posted by"];
    const EXPLICIT_LABELS: &[&str] = &[
        "written by",
        "article by",
        "article written by",
        "author",
        "authors",
        "author(s)",
    ];
    let known = |label: &str| {
        let label = label.trim_end_matches([':', ' ']).to_lowercase();
        EXPLICIT_LABELS.contains(&label.as_str()) || !explicit && LABELS.contains(&label.as_str())
    };
    let segment = page.segment(i);
    // Away from the headline a label opens its line, capitalised: "Written
    // by", not the "…the module written by" of a sentence. (Checked first:
    // this runs over every text node of a page.)
    if explicit
        && !EXPLICIT_LABELS
            .iter()
            .any(|label| opens_capitalised(segment, label))
    {
        return None;
    }
    if let Some(c) = signed_byline_regex().captures(segment) {
        return known(&c[1]).then(|| clean_person(&c[2])).flatten();
    }
    if known(segment) && i + 1 < page.starts.len() {
        let next = page.segment(i + 1);
        // After a label of its own, one name is enough: "By" "Amanda".
        let one_name = next.chars().count() >= 3
            && next.starts_with(char::is_uppercase)
            && next.chars().all(char::is_alphabetic);
        if one_name || names_regex().is_match(next) {
            return clean_person(next);
        }
    }
    None
}

/// Whether `text` opens with the first word of `label`, capitalised
/// ("Written" for "written by").
fn opens_capitalised(text: &str, label: &str) -> bool {
    let mut word = label.split(' ').next().unwrap_or(label).chars();
    word.next().is_some_and(|first| {
        text.strip_prefix(first.to_ascii_uppercase())
            .is_some_and(|rest| rest.starts_with(word.as_str()))
    })
}

/// One to four name words, then optionally more names after "," "and" "&".
const NAMES: &str = r"(?:\p{Lu}[\p{L}'’\-]*\.?(?:\s+(?:\p{Lu}[\p{L}'’\-]*\.?|van|de|der|da|von|le|la|del|di|du|bin|al|el)){1,3}(?:\s*(?:,|and|&|et|y|und)\s+\p{Lu}[\p{L}'’\-]*\.?(?:\s+\p{Lu}[\p{L}'’\-]*\.?){1,3})*)";

fn signed_byline_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"^((?:[Aa]rticle (?:[Ww]ritten )?|[Ww]ritten |[Ww]ords |[Pp]osted )?(?:[Bb]y|BY)|[Pp]ar|[Pp]or|[Vv]on|Authors?|Author\(s\))\s*:?\s+({NAMES})\s*(?:$|[,|•·–—-]|\s+on\s)"
        ))
        .expect("the byline pattern is valid")
    })
}

fn names_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&format!(r"^{NAMES}$")).expect("the names pattern is valid"))
}

/// Month names in the languages reporters read most, folded (no accents).
#[rustfmt::skip]
fn months() -> &'static HashMap<&'static str, u32> {
    static MONTHS: OnceLock<HashMap<&'static str, u32>> = OnceLock::new();
    MONTHS.get_or_init(|| {
        let lists: &[[&str; 12]] = &[
            ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
            ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
            ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"],
            ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
            ["januar", "februar", "marz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"],
            ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
            ["janeiro", "fevereiro", "marco", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
        ];
        let mut map = HashMap::new();
        for list in lists {
            for (i, name) in list.iter().enumerate() {
                map.insert(*name, i as u32 + 1);
            }
        }
        map.insert("sept", 9);
        map.insert("setiembre", 9);
        map
    })
}

fn date_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let mut names: Vec<String> = months().keys().map(|m| m.to_string()).collect();
        // Accented spellings match too: the text is not folded before matching.
        // Word boundaries are ASCII ones (they only ever sit next to digits):
        // a Unicode `\b` keeps the fast DFA off any page that is not
        // ASCII, and this pattern runs over whole pages.
        names.extend(["février", "août", "décembre", "märz", "março"].map(String::from));
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        let month = names.join("|");
        Regex::new(&format!(
            r"(?i)(?:(?P<m1>{month})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})|(?-u:\b)(?P<d2>\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(?P<m2>{month})\.?,?\s+(?:de\s+)?(?P<y2>\d{{4}})|(?-u:\b)(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}})|(?-u:\b)(?P<a4>\d{{1,2}})(?P<sep>[./])(?P<b4>\d{{1,2}})[./](?P<y4>\d{{4}})(?-u:\b))"
        ))
        .expect("the date pattern is valid")
    })
}

/// Every plausible date written in `text`, as `YYYY-MM-DD`, in order.
/// `day_first` reads an ambiguous 05/06/2025 as 5 June (everywhere but
/// the United States).
pub fn dates_in(text: &str, day_first: bool) -> impl Iterator<Item = String> + '_ {
    let this_year = chrono::Utc::now()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap_or(2100);
    date_regex().captures_iter(text).filter_map(move |c| {
        let number = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
        let month = |k: &str| {
            c.name(k)
                .and_then(|m| months().get(fold(m.as_str()).as_str()).copied())
        };
        let (y, m, d) = if c.name("y1").is_some() {
            (number("y1")?, month("m1")?, number("d1")?)
        } else if c.name("y2").is_some() {
            (number("y2")?, month("m2")?, number("d2")?)
        } else if c.name("y3").is_some() {
            (number("y3")?, number("m3")?, number("d3")?)
        } else {
            // 23.07.2025 and 15/12/2025 are day first; 10/31/2024 is
            // month first, as US pages write it when the day is > 12;
            // an ambiguous 05/06/2025 follows the page's language.
            let (a, b) = (number("a4")?, number("b4")?);
            let dotted = &c["sep"] == ".";
            let day_first = a > 12 || (b <= 12 && (dotted || day_first));
            if day_first {
                (number("y4")?, b, a)
            } else {
                (number("y4")?, a, b)
            }
        };
        let year = i32::try_from(y).ok()?;
        if !(1990..=this_year + 1).contains(&year) {
            return None;
        }
        chrono::NaiveDate::from_ymd_opt(year, m, d).map(|date| date.format("%Y-%m-%d").to_string())
    })
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Letters and digits only, folded: the form in which site names compare.
fn alnum_key(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

fn word_set(s: &str) -> HashSet<String> {
    folded_words(s).into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filtered_select_finds_what_select_finds() {
        let doc = Document::from(
            r#"<html><head><meta name="author" content="A"><meta name="date" content="2025-01-02"></head>
            <body><div class="Byline"><a rel="author" href="/x">B</a></div><span itemprop="author">C</span>
            <p class="author-name">D</p><p class="AuthorName">E</p><time datetime="2025-01-03">Jan 3</time></body></html>"#,
        );
        let selector = "meta[name='author'], [itemprop=author], a[rel=author], [class*=author-name], [class*=byline], [class*=authorName]";
        let ids = |nodes: &[NodeRef]| nodes.iter().map(|n| n.id).collect::<Vec<_>>();
        let found = crate::clip::html::select_filtered(&doc, selector, may_name_author);
        assert_eq!(ids(&found), ids(doc.select(selector).nodes()));
        assert_eq!(
            found.len(),
            4,
            "the meta, the link, the itemprop, author-name"
        );
    }

    #[test]
    fn bylines_lose_their_decorations() {
        assert_eq!(
            clean_byline("By Reyan PerumalPublished on July 18, 2025").as_deref(),
            Some("Reyan Perumal")
        );
        assert_eq!(
            clean_byline("Last Updated: 2025-02-22 Cite this Webpage By Melanie Hanson").as_deref(),
            Some("Melanie Hanson")
        );
        assert_eq!(
            clean_byline("Tina Huffman | Greenhouse Studio").as_deref(),
            Some("Tina Huffman")
        );
        assert_eq!(
            clean_byline("Ahmet Serhan Author’s Profile").as_deref(),
            Some("Ahmet Serhan")
        );
        assert_eq!(
            clean_byline("EcoFlow- 2025/4/29").as_deref(),
            Some("EcoFlow")
        );
        assert_eq!(
            clean_byline("Par Marie Dupont").as_deref(),
            Some("Marie Dupont")
        );
        assert_eq!(
            clean_byline("This post was written by Danielle Padula").as_deref(),
            Some("Danielle Padula")
        );
        assert_eq!(
            clean_byline("David Jackson - FullStack Editorial Team").as_deref(),
            Some("David Jackson")
        );
        for label in ["By", "Submitted", "Staff*", "Author:", "Posted by"] {
            assert_eq!(clean_person(label), None, "{label}");
        }
        assert_eq!(
            clean_byline("Written by Rob Ewaschuk Edited by Betsy Beyer").as_deref(),
            Some("Rob Ewaschuk Edited by Betsy Beyer")
        );
        assert_eq!(
            clean_byline("By JOE HILDEBRAND with Laurie Oakes").as_deref(),
            Some("JOE HILDEBRAND with Laurie Oakes")
        );
        assert_eq!(clean_byline(", USA TODAY").as_deref(), Some("USA TODAY"));
        assert_eq!(
            clean_byline("Jane Doe and John Smith").as_deref(),
            Some("Jane Doe and John Smith")
        );
    }

    #[test]
    fn site_names_are_taken_off_headlines() {
        let h1 = vec!["What is Cloud Computing?".to_string()];
        assert_eq!(
            headline(
                "What is Cloud Computing? | Google Cloud",
                &[],
                &h1,
                None,
                None
            ),
            "What is Cloud Computing?"
        );
        assert_eq!(
            headline(
                "10 Easy Steps for a Great Interior Design | Tarkett",
                &[],
                &[],
                Some("tarkett.com"),
                None
            ),
            "10 Easy Steps for a Great Interior Design"
        );
        assert_eq!(
            headline(
                "Mali: the junta - a year on",
                &[],
                &[],
                Some("rfi.fr"),
                None
            ),
            "Mali: the junta - a year on"
        );
        // Before the headline, repeated, or named by the address alone.
        let url = Some("https://tires.bridgestone.com/en-us/learn/checklist");
        for (title, site) in [
            ("Leadfeeder | State of SEO in 2026", Some("Leadfeeder")),
            ("State of SEO in 2026 – Artlyst - Artlyst", Some("Artlyst")),
            ("State of SEO in 2026 | Bridgestone Tires", None),
        ] {
            assert_eq!(headline(title, &[], &[], site, url), "State of SEO in 2026");
        }
        assert_eq!(
            headline(
                "davidbau.com Vibe Coding",
                &[],
                &[],
                None,
                Some("https://davidbau.com/a.html")
            ),
            "Vibe Coding"
        );
        let h1 = vec!["History of coffee".to_string()];
        assert_eq!(
            headline(
                "History of coffee | Origin, Spread, Facts | Britannica",
                &[],
                &h1,
                None,
                None
            ),
            "History of coffee"
        );
    }

    #[test]
    fn a_site_abbreviation_or_a_heading_with_the_site_name_loses_it() {
        let url = Some("https://worldfutureawards.com/2025-top-100/");
        assert_eq!(
            headline("2025 TOP 100 Web3 Companies | WFA", &[], &[], None, url),
            "2025 TOP 100 Web3 Companies"
        );
        // Capitals that are not the host's initials stay.
        assert_eq!(
            headline("Fighting in the east - DRC", &[], &[], None, url),
            "Fighting in the east - DRC"
        );
        let h1 = vec!["Critics' Choice: Best UK Art Exhibitions 2025 – Artlyst".to_string()];
        assert_eq!(
            headline(
                "Critics' Choice: Best UK Art Exhibitions 2025 – Artlyst - Artlyst",
                &[],
                &h1,
                None,
                Some("https://artlyst.com/reviews/x")
            ),
            "Critics' Choice: Best UK Art Exhibitions 2025"
        );
    }

    #[test]
    fn a_title_cut_short_gives_way_to_the_whole_heading() {
        let h1 = vec!["Ergonomic desk step by step: how to set up your monitor, laptop, and keyboard (checklist)".to_string()];
        for title in [
            "Ergonomic desk step by step: how to set up your monitor, laptop, and k | Oakywood",
            "Ergonomic desk step by step: how to set up your monitor…",
        ] {
            assert_eq!(
                headline(title, &[], &h1, None, Some("https://oakywood.shop/blogs/x")),
                h1[0]
            );
        }
    }

    #[test]
    fn a_section_or_subtitle_after_a_pipe_leaves_the_headline() {
        let h1 = vec![
            "How meditation rewires brains and improves physical health | Opinion".to_string(),
        ];
        assert_eq!(
            headline(&h1[0], &[], &h1, None, None),
            "How meditation rewires brains and improves physical health"
        );
        assert_eq!(
            headline(
                "Best Residential Movers in NYC 2025 | Top 19 Companies | Supermove",
                &[],
                &[],
                None,
                None
            ),
            "Best Residential Movers in NYC 2025"
        );
        // Before a longer part, the pipe follows a name, not a headline.
        let title = "Daily Star | Homestead gardening makes rural communities more self-reliant";
        assert_eq!(headline(title, &[], &[], None, None), title);
    }

    #[test]
    fn a_one_word_headline_leaves_the_site_name_after_it() {
        let title = "Coffee - University of Wisconsin-Stevens Point";
        let h1 = vec!["Coffee".to_string()];
        let site = Some("University of Wisconsin-Stevens Point");
        assert_eq!(headline(title, &[], &h1, site, None), "Coffee");
        // A short heading the title goes on from is not the headline.
        let title = "Coffee - How a bean crossed the world";
        assert_eq!(headline(title, &[], &h1, site, None), title);
    }

    #[test]
    fn the_visible_headline_wins_when_it_rewords_the_title() {
        let h1 = vec!["Top 10 Health and Nutrition Trends to Watch".to_string()];
        assert_eq!(
            headline("Health And Nutrition Trends For 2026", &[], &h1, None, None),
            h1[0]
        );
        // A heading the title ends with names the site.
        let site = vec!["evolve extension for Mercurial".to_string()];
        assert_eq!(
            headline(
                "Evolve: Shared Mutable History — evolve extension for Mercurial",
                &[],
                &site,
                None,
                None
            ),
            "Evolve: Shared Mutable History — evolve extension for Mercurial"
        );
        // The heading the sharing title repeats wins over other metadata.
        let h1 = vec!["7 days of healthy meals on a budget".to_string()];
        assert_eq!(
            headline(
                "Sample menus",
                &["7 days of healthy meals on a budget"],
                &h1,
                None,
                None
            ),
            h1[0]
        );
        // So does the JSON-LD headline, less the site's name the heading
        // may carry.
        let h1 = vec![
            "List of Top Health Insurance Companies: Finding the Right Coverage | Covered"
                .to_string(),
        ];
        let title = "Best Health Insurance Companies 2025 - Top 25 Ranked by Market Share";
        assert_eq!(
            headline(title, &[title, &h1[0]], &h1, Some("Covered"), None),
            "List of Top Health Insurance Companies: Finding the Right Coverage"
        );
        // A heading with nothing in common is a section title, not the headline.
        let section = vec!["Latest news".to_string()];
        assert_eq!(
            headline(
                "Mali expels five French diplomats",
                &[],
                &section,
                None,
                None
            ),
            "Mali expels five French diplomats"
        );
    }

    #[test]
    fn headings_skip_the_site_name_and_the_page_header() {
        let doc = Document::from(
            r#"<nav><h1>Site menu words</h1></nav>
               <div class="logo"><h1><a href="/">Houstonia Magazine</a></h1></div>
               <h1>Stanford Online</h1>
               <article><h1><time>Dec 18 2025</time> Houston's Hottest New Restaurants</h1></article>"#,
        );
        assert_eq!(
            headings(
                &doc,
                Some("Stanford Online"),
                Some("https://www.houstoniamag.com/eat")
            ),
            vec!["Houston's Hottest New Restaurants".to_string()]
        );
    }

    #[test]
    fn a_logo_named_in_the_page_class_does_not_hide_the_headline() {
        let doc = Document::from(
            r#"<html><body class="single-post wp-custom-logo"><div class="post">
               <h1>Top 30 Fine Art Photography Artists in the World</h1></div></body></html>"#,
        );
        assert_eq!(
            headings(&doc, None, None),
            vec!["Top 30 Fine Art Photography Artists in the World".to_string()]
        );
    }

    #[test]
    fn linked_data_names_people_before_organisations() {
        let doc = Document::from(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
                {"@type":"NewsArticle","headline":"x","datePublished":"2025-12-18T09:00:00Z",
                 "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":["Sergio Mart\u00ednez"]},
                           {"@type":"Organization","name":"Reuters"}]}]}</script>
               <script type="application/ld+json">{ not json</script>"#,
        );
        let ld = linked_data(&doc);
        assert_eq!(ld.authors, vec!["Jane Doe", "Sergio Martínez"]);
        assert_eq!(ld.organisations, vec!["Reuters"]);
        assert_eq!(ld.published.as_deref(), Some("2025-12-18T09:00:00+00:00"));
        assert_eq!(ld.headline.as_deref(), Some("x"));
        assert_eq!(
            byline(&BylineSources::read(&doc), &ld, Some("Reuters"), None, &[]).as_deref(),
            Some("Jane Doe, Sergio Martínez")
        );
    }

    #[test]
    fn every_author_a_page_lists_one_to_a_tag_is_named() {
        let doc = Document::from(
            r#"<meta name="citation_author" content="Roy, Aniruddha">
               <meta name="citation_author" content="Jyoti Patel">
               <meta name="author" content="Aniruddha Roy">"#,
        );
        let sources = BylineSources::read(&doc);
        assert_eq!(
            byline(&sources, &LinkedData::default(), None, None, &[]).as_deref(),
            Some("Aniruddha Roy, Jyoti Patel")
        );
        // One `author` tag is one candidate among others; several list them all.
        let doc = Document::from(
            r#"<meta name="author" content="Jane Doe"><meta name="author" content="John Smith">"#,
        );
        assert_eq!(
            byline(
                &BylineSources::read(&doc),
                &LinkedData::default(),
                Some("Readability Pick"),
                None,
                &[]
            )
            .as_deref(),
            Some("Jane Doe, John Smith")
        );
    }

    #[test]
    fn the_outlet_is_a_byline_only_when_no_person_is_named() {
        let doc = Document::from(r#"<span class="author-name">By Tracy Parker</span>"#);
        let ld = LinkedData {
            organisations: vec!["British Heart Foundation".into()],
            ..LinkedData::default()
        };
        assert_eq!(
            byline(&BylineSources::read(&doc), &ld, None, None, &[]).as_deref(),
            Some("Tracy Parker")
        );
        let empty = Document::from("<p>text</p>");
        assert_eq!(
            byline(&BylineSources::read(&empty), &ld, None, None, &[]).as_deref(),
            Some("British Heart Foundation")
        );
    }

    #[test]
    fn bylines_without_a_name_are_dropped() {
        assert_eq!(
            clean_person("Luke KimDecember 17, 2025").as_deref(),
            Some("Luke Kim")
        );
        assert_eq!(
            clean_person("Russell MillerDec 18, 2025").as_deref(),
            Some("Russell Miller")
        );
        assert_eq!(
            clean_person("Martin Untersinger (avec Damien Leloup)").as_deref(),
            Some("Martin Untersinger (avec Damien Leloup)")
        );
        assert_eq!(
            clean_person("Chris Carroll30 Sep 2022").as_deref(),
            Some("Chris Carroll")
        );
        assert_eq!(clean_person("AuthorVenteur").as_deref(), Some("Venteur"));
        assert_eq!(
            clean_person("Dec 17, 2025Julian K. Arni").as_deref(),
            Some("Julian K. Arni")
        );
        assert_eq!(
            clean_person("Haley Hoekstra • March 12, 2025").as_deref(),
            Some("Haley Hoekstra")
        );
        assert_eq!(clean_person("August 28, 2025•5 min read"), None);
        assert_eq!(clean_person("262588213843476"), None);
        assert_eq!(clean_person("https://example.com/user/megan"), None);
        assert_eq!(clean_person("Name *"), None);
        assert_eq!(
            clean_person("BySummer Swann").as_deref(),
            Some("Summer Swann")
        );
        assert_eq!(
            clean_person("Written byDan Pantelo").as_deref(),
            Some("Dan Pantelo")
        );
        assert_eq!(
            clean_person("Harry RabinowitzTech Reporter").as_deref(),
            Some("Harry Rabinowitz")
        );
        assert_eq!(
            clean_person("Spencer McIntyre").as_deref(),
            Some("Spencer McIntyre")
        );
        assert_eq!(
            clean_person("Team SimplyThrilled").as_deref(),
            Some("Team SimplyThrilled")
        );
        assert_eq!(
            clean_person("Jong, Michiel de").as_deref(),
            Some("Jong, Michiel de")
        );
        assert_eq!(clean_person("Posted by:"), None);
        assert_eq!(
            clean_person("Brett Cruz, Privacy and Digital Security Expert").as_deref(),
            Some("Brett Cruz")
        );
        assert_eq!(
            clean_person("Liz Kenny Former McKinsey Consultant").as_deref(),
            Some("Liz Kenny")
        );
        assert_eq!(
            clean_person("Doris Munoz-Mantilla, MD, FOMA").as_deref(),
            Some("Doris Munoz-Mantilla, MD, FOMA")
        );
        assert_eq!(
            clean_person("Craig Randall, Alli Miles, Eszter Horanyi").as_deref(),
            Some("Craig Randall, Alli Miles, Eszter Horanyi")
        );
        assert_eq!(clean_person("•5 min read"), None);
        assert_eq!(clean_person("Updated"), None);
    }

    #[test]
    fn dates_are_read_in_several_languages() {
        let found: Vec<String> = dates_in(
            "Published December 17, 2025 · le 1er mars 2024 · 17 de diciembre de 2025 · \
             17. Dezember 2025 · 2023-05-18 · Sept. 4, 2025 · 31 February 2025 · 12 May 1850",
            true,
        )
        .collect();
        assert_eq!(
            found,
            [
                "2025-12-17",
                "2024-03-01",
                "2025-12-17",
                "2025-12-17",
                "2023-05-18",
                "2025-09-04"
            ]
        );
    }

    #[test]
    fn dates_come_from_time_elements_when_metadata_has_none() {
        let doc = Document::from(
            r#"<p>Updated <time class="updated" datetime="2021-11-12T10:41:18-06:00">Nov 12</time>
               <time class="entry-date published" datetime="2020-06-29T15:00:23-05:00">June 29</time></p>"#,
        );
        assert_eq!(
            markup_date(&doc).as_deref(),
            Some("2020-06-29T15:00:23-05:00")
        );
        assert_eq!(markup_date(&Document::from("<p>no date</p>")), None);
    }

    #[test]
    fn numeric_dates_are_read_by_their_order() {
        let found: Vec<String> =
            dates_in("23.07.2025 · 15/12/2025 · 10/31/2024 · 05/06/2025", false).collect();
        assert_eq!(
            found,
            ["2025-07-23", "2025-12-15", "2024-10-31", "2025-05-06"]
        );
        let us: Vec<String> = dates_in("05/06/2025 · 1.2.3.2025", false).collect();
        assert_eq!(us[0], "2025-05-06");
        let eu: Vec<String> = dates_in("05/06/2025", true).collect();
        assert_eq!(eu, ["2025-06-05"]);
    }

    #[test]
    fn the_date_next_to_the_headline_is_preferred() {
        let text = "Most read: Storm hits coast May 2, 2024. Mali expels diplomats By Jane Doe, 12 août 2025. Related: June 1, 2025";
        assert_eq!(
            visible_date(text, "Mali expels diplomats", true).as_deref(),
            Some("2025-08-12")
        );
        assert_eq!(
            visible_date(text, "Not on the page", true).as_deref(),
            Some("2024-05-02")
        );
        assert_eq!(visible_date("no dates here", "", true), None);
    }

    #[test]
    fn page_text_skips_scripts() {
        let doc = Document::from(
            "<body><p>One</p><script>var x = 'Two';</script><div>Three <b>four</b></div></body>",
        );
        let page = PageText::read(&doc, 1000);
        assert_eq!(page.text, "One Three four");
        assert_eq!(page.segment(1), "Three");
        assert_eq!(page.segment_at(6), 1);
    }

    #[test]
    fn bylines_are_read_under_the_headline() {
        let doc = Document::from(
            "<body><a>By Bob Menu</a><h1>Mali expels diplomats</h1><p>By <a>Jane Doe</a> and <a>John Smith</a></p>\
             <p>Bamako said on Tuesday.</p></body>",
        );
        let page = PageText::read(&doc, 10_000);
        assert_eq!(
            visible_byline(&page, &["Mali expels diplomats"]).as_deref(),
            Some("Jane Doe")
        );
        // The page's heading when the title is not written out.
        assert_eq!(
            visible_byline(&page, &["Diplomats expelled", "Mali expels diplomats"]).as_deref(),
            Some("Jane Doe")
        );
        let doc = Document::from("<body><h1>Title here</h1><p>By Marie Dupont, Reuters</p></body>");
        let page = PageText::read(&doc, 10_000);
        assert_eq!(
            visible_byline(&page, &["Title here"]).as_deref(),
            Some("Marie Dupont")
        );
        let doc = Document::from(
            "<body><h1>Title here</h1><p>by <a>Amanda</a> · Dec 20, 2025</p></body>",
        );
        let page = PageText::read(&doc, 10_000);
        assert_eq!(
            visible_byline(&page, &["Title here"]).as_deref(),
            Some("Amanda")
        );
        let doc = Document::from(
            "<body><h1>Title here</h1><p>By the time the sun rose, nothing</p></body>",
        );
        let page = PageText::read(&doc, 10_000);
        assert_eq!(visible_byline(&page, &["Title here"]), None);
    }

    #[test]
    fn an_author_box_after_the_article_signs_it() {
        let body = "<p>Bamako said on Tuesday.</p>".repeat(60);
        let page = |tail: &str| {
            PageText::read(
                &Document::from(format!("<body><h1>Title here</h1>{body}{tail}</body>").as_str()),
                100_000,
            )
        };
        for tail in [
            "<div><p>Written by</p><p><a>Cassidy Horton</a></p></div>",
            "<div><span>Article written by:</span> <span>Cassidy Horton</span></div>",
            "<p>Author: Cassidy Horton</p>",
        ] {
            assert_eq!(
                visible_byline(&page(tail), &["Title here"]).as_deref(),
                Some("Cassidy Horton"),
                "{tail}"
            );
            // The headline need not be on the page.
            assert_eq!(
                visible_byline(&page(tail), &["Another title"]).as_deref(),
                Some("Cassidy Horton"),
                "{tail}"
            );
        }
        // Far from the headline, a bare "By" is a related story's byline,
        // and "written by" in a sentence is someone else's work.
        for tail in [
            "<ul><li>By Other Writer</li></ul>",
            "<p><a>regex</a> written by <a>Other Writer</a></p>",
        ] {
            assert_eq!(visible_byline(&page(tail), &["Title here"]), None, "{tail}");
        }
    }
}
