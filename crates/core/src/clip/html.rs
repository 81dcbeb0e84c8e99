//! HTML pages to articles.
//!
//! The readable part of the page is found by `dom_smoothie` (a port of
//! Mozilla's Readability); when it finds nothing, the page's own text is
//! kept rather than nothing. Whatever HTML leaves this module has been
//! through [`sanitize`]: an allow-list of structural tags, links limited to
//! http(s) and mailto, images as one absolute address each (shown only
//! from the archive's copies), no scripts, styles, event handlers, frames
//! or forms.

use std::collections::{HashMap, HashSet};

use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability, TextMode};

use super::{boilerplate, lead, meta, render, streamed, Extracted, ExtractedLink};
use crate::text::{squash_whitespace, without_spacing};

/// Tags kept in stored article HTML; everything else is unwrapped or, for
/// script-like content, removed with its content.
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
];

/// The HTML tree builder checks scopes by walking the stack of open
/// elements, so parsing is quadratic in nesting depth; browsers cap the
/// depth too. Tags nested deeper than this are dropped, their text kept.
const MAX_PARSED_DEPTH: usize = 1_000;

/// How much of a page's text is searched for a written date or byline.
const PAGE_TEXT_LIMIT: usize = 256 * 1024;

/// Real pages nest a few dozen levels; this is far beyond any of them.
const MAX_READABLE_DEPTH: usize = 512;

/// Extracts the article from a decoded HTML page.
pub fn extract(html: &str, url: Option<&str>) -> Extracted {
    let config = Config {
        text_mode: TextMode::Raw,
        // Class names mark the boilerplate that `boilerplate::strip` removes.
        keep_classes: true,
        ..Config::default()
    };
    let base = url.filter(|u| url::Url::parse(u).is_ok());
    let html = prune_markup(html, MAX_PARSED_DEPTH);
    let doc = Document::from(html.as_ref());
    if depth_exceeds(&doc, MAX_READABLE_DEPTH) {
        // Readability's scoring walks ancestors for every node: quadratic
        // in the nesting depth. Pathological pages keep their text instead.
        return fallback(doc, base);
    }
    streamed::reveal(&doc);
    open_collapsed_panels(&doc);
    // MathML can carry scripts and links; it is kept as its text.
    for math in select_filtered(&doc, "math", |e| &*e.name.local == "math") {
        let pieces: Vec<String> = math
            .descendants_it()
            .filter_map(|n| text_node(&n, |t| t.trim().to_string()))
            .filter(|t| !t.is_empty())
            .collect();
        let text = crate::text::escape_html(&pieces.join(" "));
        math.replace_with_html(format!("<span>{text}</span>"));
    }
    // Readability takes the document; what it does not read is read first.
    let metas = select_filtered(&doc, "meta[property]", |e| &*e.name.local == "meta");
    let open_graph = |property: &str| {
        metas
            .iter()
            .find(|m| m.attr("property").as_deref() == Some(property))
            .and_then(|m| m.attr("content"))
            .map(|s| squash_whitespace(&s))
    };
    let og_site = open_graph("og:site_name");
    let headings = meta::headings(&doc, og_site.as_deref(), base);
    let og_title = open_graph("og:title");
    let linked = meta::linked_data(&doc);
    let bylines = meta::BylineSources::read(&doc);
    let markup_date = meta::markup_date(&doc);
    let page_title_text = squash_whitespace(&doc.select_single("title").text());
    let opening = lead::Opening::read(
        &doc,
        &[
            Some(page_title_text.as_str()),
            og_title.as_deref(),
            linked.headline.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>(),
        base,
    );
    let page_text = meta::PageText::read(&doc, PAGE_TEXT_LIMIT);
    // Numeric dates read month first only on American English pages.
    let page_lang = doc
        .select_single("html")
        .attr("lang")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let day_first = !(page_lang.is_empty() || page_lang == "en" || page_lang == "en-us");
    let densest = densest_block(&doc);
    let related_beside = boilerplate::related_boxes(&doc);
    let Ok(mut readability) = Readability::with_document(doc, base, Some(config)) else {
        return fallback(Document::from(html.as_ref()), base);
    };
    let article = match readability.parse() {
        Ok(article) => article,
        // No article found: the page's metadata with the block holding the
        // most paragraph text, or, without one, the page's own text.
        Err(_) => {
            let Some(block) = densest.as_ref() else {
                return fallback(Document::from(html.as_ref()), base);
            };
            let found = readability.get_article_metadata(readability.parse_json_ld());
            dom_smoothie::Article {
                title: found.title,
                byline: found.byline,
                content: block.html.as_str().into(),
                text_content: block.text.as_str().into(),
                length: block.text.chars().count(),
                excerpt: found.excerpt,
                site_name: found.site_name,
                dir: found.dir,
                lang: found.lang,
                published_time: found.published_time,
                modified_time: found.modified_time,
                image: found.image,
                favicon: found.favicon,
                url: found.url,
            }
        }
    };
    let site = article
        .site_name
        .clone()
        .or_else(|| base.and_then(super::url::site_of));
    let page_title = unescape(&squash_whitespace(&article.title));
    let ld_headline = linked.headline.as_deref().map(unescape);
    let shared_titles: Vec<&str> = og_title
        .iter()
        .chain(&ld_headline)
        .map(String::as_str)
        .collect();
    let title = meta::headline(
        &page_title,
        &shared_titles,
        &headings,
        site.as_deref(),
        base,
    );
    // Readability sometimes settles on a small box (a disclosure, a
    // footer) beside a long article it scored low; the block holding the
    // most paragraph text is the second opinion.
    let found = visible_size(&article.text_content);
    let (content, text): (String, &str) = match &densest {
        Some(block)
            if found < 1_000
                && block.size > 1_500
                && found * 4 < block.size
                && page_text.near_headline(
                    &[headings.first().map_or("", String::as_str), &title],
                    &opening_of(&block.text),
                ) =>
        {
            (block.html.clone(), block.text.as_str())
        }
        // Readability kept one section of an article split into several;
        // the block around it holds them all.
        Some(block)
            if block.text.len() > 1_500
                && visible_size(&block.text) * 2 > found * 5
                && block.text.contains(&opening_of(&article.text_content)) =>
        {
            (block.html.clone(), block.text.as_str())
        }
        _ => (article.content.to_string(), &*article.text_content),
    };
    // Readability can start the article late (after an introduction, or
    // at the section it scored highest); what comes before goes in front.
    let content = match opening.and_then(|o| o.before(text)) {
        Some(opening) => opening + &content,
        None => content,
    };
    let stripped = boilerplate::strip(&content);
    let clean = sanitize(&stripped.html, base);
    let (text, mut links) = text_and_links(&clean, base);
    for (href, text) in stripped.related_links.into_iter().chain(related_beside) {
        // "See all" and "More" are no headlines.
        if text.split_whitespace().nth(2).is_none() {
            continue;
        }
        let Some(href) = web_address(&href, base) else {
            continue;
        };
        if !links.iter().any(|l| l.href.as_deref() == Some(&href)) {
            links.push(ExtractedLink {
                href: Some(href),
                text,
                related: true,
            });
        }
    }
    let published = article
        .published_time
        .as_deref()
        .and_then(super::normalize_date)
        .or(linked.published.clone())
        .or(markup_date)
        .or_else(|| meta::visible_date(&page_text.text, &title, day_first));
    let host = base.and_then(super::url::host_stem);
    let byline = meta::byline(
        &bylines,
        &linked,
        article.byline.as_deref(),
        meta::visible_byline(
            &page_text,
            &[&title, headings.first().map_or("", String::as_str)],
        ),
        &[site.as_deref(), og_site.as_deref(), host.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
    );
    Extracted {
        byline,
        site_name: article.site_name.map(|s| squash_whitespace(&s)),
        published,
        updated: article
            .modified_time
            .as_deref()
            .and_then(super::normalize_date)
            .or(linked.modified.clone()),
        image: article.image.as_deref().and_then(|i| web_address(i, base)),
        lang: article.lang.as_deref().and_then(super::lang::from_tag),
        text,
        links,
        html: clean,
        url: article
            .url
            .as_deref()
            .and_then(|u| web_address(u, base))
            .or_else(|| base.map(str::to_string)),
        excerpt: article.excerpt.map(|e| squash_whitespace(&e)),
        page_title: (crate::text::fold(&page_title) != crate::text::fold(&title))
            .then_some(page_title),
        title,
    }
}

/// Opens the panels of accordions (the ARIA pattern: `role="region"`
/// labelled by the button that toggles it). A collapsed panel ("Step 2:
/// choose an installer", an answer under its question) is text the reader
/// opens with a click, not text the page hides, and Readability drops
/// whatever is hidden.
fn open_collapsed_panels(doc: &Document) {
    let labelled =
        |e: &dom_query::Element| e.attrs.iter().any(|a| &*a.name.local == "aria-labelledby");
    for panel in select_filtered(doc, "[role=region][aria-labelledby]", labelled) {
        panel.remove_attr("hidden");
        panel.remove_attr("aria-hidden");
        if let Some(style) = panel.attr("style") {
            let shown = style
                .split(';')
                .filter(|rule| !without_spacing(rule).eq_ignore_ascii_case("display:none"))
                .collect::<Vec<_>>()
                .join(";");
            panel.set_attr("style", &shown);
        }
    }
}

/// Text whose entities were escaped twice by its page ("And finally&#8230;"
/// in a `<title>`), read once more.
fn unescape(text: &str) -> String {
    let escaped = text.contains('&') && text.contains(';') && !text.contains('<');
    if !escaped {
        return text.to_string();
    }
    Document::from(format!("<p>{text}</p>").as_str())
        .select("p")
        .text()
        .to_string()
}

/// An http(s) address, made absolute against the page's own.
fn web_address(raw: &str, base: Option<&str>) -> Option<String> {
    let raw = raw.trim();
    let url = match base.and_then(|b| url::Url::parse(b).ok()) {
        Some(base) => base.join(raw).ok()?,
        None => url::Url::parse(raw).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// A block of the page that may hold the article.
struct Block {
    html: String,
    /// The visible size of its paragraphs (see `visible_size`).
    size: usize,
    /// All its text, whitespace squashed.
    text: String,
}

/// The first words of a text, whitespace squashed, to find it elsewhere.
fn opening_of(text: &str) -> String {
    squash_whitespace(text).chars().take(80).collect()
}

/// The element whose paragraphs hold the most text (half of it counted
/// for the grandparent too), widened to the ancestor that holds at least
/// twice its paragraph text when links are under two fifths of that
/// ancestor's text: pages built of many small sections keep an article's
/// paragraphs several levels apart, and a guide's cards each open with a
/// linked heading, while a menu or a list of stories is mostly links.
fn densest_block(doc: &Document) -> Option<Block> {
    let mut scores: HashMap<dom_query::NodeId, usize> = HashMap::new();
    // Paragraph text under each element, for widening.
    let mut held: HashMap<dom_query::NodeId, usize> = HashMap::new();
    let mut order = Vec::new();
    for p in doc.select("p").nodes() {
        let size = measure_text(p, visible_size);
        if size < 25 || in_comments(p) {
            continue;
        }
        let parent = p.parent();
        let grand = parent.and_then(|n| n.parent());
        for (node, share) in [(parent, size), (grand, size / 2)] {
            if let Some(node) = node {
                let score = scores.entry(node.id).or_insert_with(|| {
                    order.push(node);
                    0
                });
                *score += share;
            }
        }
        for ancestor in p.ancestors_it(Some(WIDEN_LEVELS + 2)) {
            *held.entry(ancestor.id).or_default() += size;
        }
    }
    // The first of equals in document order: the outer block.
    let mut node = order
        .into_iter()
        .rev()
        .max_by_key(|n| scores.get(&n.id).copied().unwrap_or(0))?;
    let mut size = scores.get(&node.id).copied().unwrap_or(0);
    let mut paragraphs = held.get(&node.id).copied().unwrap_or(0);
    let ancestors: Vec<_> = node.ancestors_it(Some(WIDEN_LEVELS)).collect();
    for ancestor in ancestors {
        if matches!(ancestor.node_name().as_deref(), Some("body" | "html")) {
            break;
        }
        let wider = held.get(&ancestor.id).copied().unwrap_or(0);
        if wider >= paragraphs * 2 && link_share(&ancestor) < MAX_WIDENED_LINK_SHARE {
            node = ancestor;
            paragraphs = wider;
            size = size.max(wider);
        }
    }
    Some(Block {
        html: node.html().to_string(),
        size,
        text: squash_whitespace(&node.text()),
    })
}

/// Whether a paragraph is in the readers' comments, which can outweigh
/// the article they follow: inside an element whose class or id names
/// them ("comments", "comment-list", "disqus_thread"), not one that only
/// says whether they are open ("comments-open").
fn in_comments(p: &NodeRef) -> bool {
    // Case is ignored without copying: every paragraph asks this of each
    // of its ancestors.
    let starts = |token: &str, start: &str| {
        token
            .get(..start.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(start))
    };
    let ends = |token: &str, end: &str| {
        token
            .get(token.len().saturating_sub(end.len())..)
            .is_some_and(|t| t.eq_ignore_ascii_case(end))
    };
    let names_comments = |token: &str| {
        starts(token, "comment") && !ends(token, "open") && !ends(token, "closed")
            || starts(token, "disqus")
    };
    p.ancestors_it(Some(40)).any(|a| {
        ["class", "id"].iter().any(|name| {
            a.attr(name)
                .is_some_and(|v| v.split_whitespace().any(names_comments))
        })
    })
}

/// How far above the densest block its article may reach.
const WIDEN_LEVELS: usize = 10;

/// The share of link text above which an ancestor is navigation, not
/// article (on the eval pages, 0.25 cut guides whose cards open with a
/// linked heading, and 0.5 let in lists of stories).
const MAX_WIDENED_LINK_SHARE: f64 = 0.4;

/// The share of an element's visible text that is link text.
fn link_share(node: &NodeRef) -> f64 {
    let all = measure_text(node, visible_size).max(1);
    let links: usize = dom_query::Selection::from(*node)
        .select("a")
        .nodes()
        .iter()
        .map(|a| measure_text(a, visible_size))
        .sum();
    links as f64 / all as f64
}

/// Reads a text node's contents in place (`NodeRef::text` copies them,
/// and the page's walks read every text node); `None` for other nodes.
pub(super) fn text_node<R>(node: &NodeRef, read: impl FnOnce(&str) -> R) -> Option<R> {
    node.query(|n| match &n.data {
        dom_query::NodeData::Text { contents } => Some(read(contents)),
        _ => None,
    })
    .flatten()
}

/// `measure` summed over the text of a node and its descendants, read in
/// place: for measures that add up over joined texts, the same as
/// measuring `node.text()` without copying it.
pub(super) fn measure_text(node: &NodeRef, measure: impl Fn(&str) -> usize) -> usize {
    std::iter::once(*node)
        .chain(node.descendants_it())
        .filter_map(|n| text_node(&n, &measure))
        .sum()
}

/// The size of a text without its spacing, in UTF-8 bytes: a measure in
/// which a Chinese character weighs about as much as a short word.
pub(super) fn visible_size(text: &str) -> usize {
    if text.is_ascii() {
        // The one-byte characters `char::is_whitespace` counts as spacing.
        return text.len()
            - text
                .bytes()
                .filter(|b| matches!(b, b'\t'..=b'\r' | b' '))
                .count();
    }
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(char::len_utf8)
        .sum()
}

/// When no article can be found, keep the visible text of the page.
fn fallback(doc: Document, base: Option<&str>) -> Extracted {
    doc.select("script, style, noscript, template, nav, header, footer, aside, form")
        .remove();
    let title = squash_whitespace(&doc.select("title").first().text());
    let h1 = squash_whitespace(&doc.select("h1").first().text());
    let body = doc.select("body");
    let clean = sanitize(&body.inner_html(), base);
    let (text, links) = text_and_links(&clean, base);
    let lang = doc.select("html").attr("lang");
    Extracted {
        title: if title.is_empty() { h1 } else { title },
        lang: lang.as_deref().and_then(super::lang::from_tag),
        text,
        links,
        html: clean,
        url: base.map(str::to_string),
        ..Extracted::default()
    }
}

/// The elements of `doc` that match `selector`, in document order, trying
/// only those `may_match` lets through: matching a list of selectors
/// against every element of a page costs more than a look at each one's
/// name and attributes.
pub(crate) fn select_filtered<'a>(
    doc: &'a Document,
    selector: &str,
    may_match: impl Fn(&dom_query::Element) -> bool,
) -> Vec<NodeRef<'a>> {
    let Ok(matcher) = dom_query::Matcher::new(selector) else {
        return Vec::new();
    };
    doc.root()
        .descendants_it()
        .filter(|node| {
            node.query_or(false, |tree_node| match &tree_node.data {
                dom_query::NodeData::Element(element) => may_match(element),
                _ => false,
            }) && node.is_match(&matcher)
        })
        .collect()
}

/// Drops, in one linear pass before parsing, what no later step reads:
/// - start and end tags nested deeper than `max_depth`, keeping the text.
///   Only elements that are closed explicitly are counted (not void
///   elements, nor `p`, `li` and the like that close themselves);
/// - the bodies of style sheets and scripts (about two fifths of the eval
///   pages' bytes, which the parser would otherwise tokenize), except
///   JSON-LD, which the metadata reads, and the moves of streamed pages
///   ([`streamed`]);
/// - the drawings of inline SVG (icons, logos, charts: a tenth of what is
///   left, and many small elements), which the sanitiser drops from every
///   article anyway.
///
/// The tags stay, empty, so the tree keeps its shape. An element without
/// its end tag keeps its content: what looked like one may be text (a
/// `<style>` written inside an attribute), and emptying it would take
/// the rest of the page with it.
///
/// A page with none of these passes through uncopied.
fn prune_markup(html: &str, max_depth: usize) -> std::borrow::Cow<'_, str> {
    const SELF_CLOSING: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th", "tbody",
        "thead", "tfoot", "colgroup", "rb", "rt", "rp", "optgroup",
    ];
    const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];
    let bytes = html.as_bytes();
    // Made at the first tag dropped.
    let mut out: Option<String> = None;
    let mut depth = 0usize;
    let mut copied_to = 0;
    // Copies what is kept up to `from`, and resumes copying at `to`.
    let mut cut = |from: usize, to: usize| {
        out.get_or_insert_with(|| String::with_capacity(html.len()))
            .push_str(&html[copied_to..from]);
        copied_to = to;
    };
    let mut i = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + offset;
        let rest = &html[start + 1..];
        let closing = rest.starts_with('/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if rest.starts_with("!--") {
            i = memchr::memmem::find(&bytes[start..], b"-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        if name_len == 0 {
            i = start + 1;
            continue;
        }
        let name = &html[name_start..name_start + name_len];
        let named = |list: &[&str]| list.iter().any(|tag| tag.eq_ignore_ascii_case(name));
        let end = memchr::memchr(b'>', &bytes[start..]).map_or(html.len(), |e| start + e + 1);
        let self_closed = bytes.get(end.saturating_sub(2)) == Some(&b'/');
        let counted = !self_closed && !named(SELF_CLOSING);
        let mut drop_tag = false;
        if closing && counted && depth > 0 {
            drop_tag = depth > max_depth;
            depth -= 1;
        } else if !closing && counted {
            depth += 1;
            drop_tag = depth > max_depth;
        }
        if drop_tag {
            cut(start, end);
        }
        i = end;
        if !closing && named(RAW_TEXT) {
            // Its text runs to its end tag, whatever it holds.
            let body_end = memchr::memmem::find_iter(&bytes[i..], b"</")
                .map(|at| i + at)
                .find(|&at| {
                    bytes[at + 2..]
                        .get(..name_len)
                        .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
                })
                .unwrap_or(html.len());
            let unread = name.eq_ignore_ascii_case("style")
                || name.eq_ignore_ascii_case("script")
                    && !html[start..end].to_ascii_lowercase().contains("ld+json")
                    && !streamed::moves_content(&html[end..body_end]);
            if unread && body_end > end && body_end < html.len() {
                cut(end, body_end);
            }
            i = body_end;
        } else if !closing && !self_closed && name.eq_ignore_ascii_case("svg") {
            if let Some(body_end) = svg_end(bytes, end) {
                cut(end, body_end);
                i = body_end;
            }
        }
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[copied_to..]);
            std::borrow::Cow::Owned(out)
        }
    }
}

/// Where the end tag of an `<svg>` whose start tag ends at `from` begins,
/// counting the drawings nested in it; `None` when it has none.
fn svg_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut open = 1usize;
    let mut i = from;
    while let Some(offset) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + offset;
        i = at + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let name = &bytes[i + usize::from(closing)..];
        let is_svg = name
            .get(..3)
            .is_some_and(|n| n.eq_ignore_ascii_case(b"svg"))
            && !name.get(3).is_some_and(u8::is_ascii_alphanumeric);
        if !is_svg {
            continue;
        }
        if closing {
            open -= 1;
            if open == 0 {
                return Some(at);
            }
        } else {
            let tag_end = memchr::memchr(b'>', name).map_or(name.len(), |e| e + 1);
            if name.get(tag_end.saturating_sub(2)) != Some(&b'/') {
                open += 1;
            }
        }
    }
    None
}

/// Whether any element is nested deeper than `limit`, found without
/// recursion (the depth itself may be in the hundreds of thousands).
fn depth_exceeds(doc: &Document, limit: usize) -> bool {
    let mut node = doc.root();
    let mut depth = 0usize;
    loop {
        if let Some(child) = node.first_child() {
            node = child;
            depth += 1;
            if depth > limit {
                return true;
            }
            continue;
        }
        loop {
            if let Some(sibling) = node.next_sibling() {
                node = sibling;
                break;
            }
            match node.parent() {
                Some(parent) => {
                    node = parent;
                    depth -= 1;
                }
                None => return false,
            }
        }
    }
}

/// Sanitises untrusted HTML for storage and display.
pub fn sanitize(html: &str, base: Option<&str>) -> String {
    let base = base.and_then(|b| url::Url::parse(b).ok());
    let mut builder = ammonia::Builder::default();
    builder
        .tags(ALLOWED_TAGS.iter().copied().collect())
        .clean_content_tags(
            [
                "script", "style", "noscript", "template", "iframe", "object", "svg",
            ]
            .into_iter()
            .collect(),
        )
        .generic_attributes(HashSet::new())
        .tag_attributes(
            [
                ("a", ["href", "title"].into_iter().collect()),
                ("abbr", ["title"].into_iter().collect()),
                (
                    "img",
                    ["src", "alt", "width", "height"].into_iter().collect(),
                ),
                ("time", ["datetime"].into_iter().collect()),
                ("td", ["colspan", "rowspan"].into_iter().collect()),
                ("th", ["colspan", "rowspan"].into_iter().collect()),
            ]
            .into_iter()
            .collect(),
        )
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        // Absolute addresses are written as parsed ("https:/host/x" is
        // "https://host/x"), so that every stored link is plainly absolute;
        // relative ones are resolved against the page's address next.
        .attribute_filter(|_, attribute, value| match attribute {
            "href" | "src" => match url::Url::parse(value) {
                Ok(url) => Some(url.to_string().into()),
                Err(_) => Some(value.into()),
            },
            _ => Some(value.into()),
        })
        .strip_comments(true);
    match &base {
        Some(base) => builder.url_relative(ammonia::UrlRelative::RewriteWithBase(base.clone())),
        None => builder.url_relative(ammonia::UrlRelative::Deny),
    };
    builder.clean(html).to_string()
}

/// An article keeps at most this many images...
const MAX_IMAGES: usize = 40;
/// ...and none declared smaller than this on a side: tracking pixels,
/// icons and avatars, not photos.
const MIN_IMAGE_SIDE: u32 = 48;

/// Gives each image of an article one address in `src` (a `srcset`'s
/// candidate, else its `src` unless that is inline data), which sanitising then
/// makes absolute, and removes images without one, tiny ones and those
/// past [`MAX_IMAGES`]. The address is where the archive fetches the image
/// from; the window shows the stored copy.
pub(crate) fn settle_images(doc: &Document) {
    let mut kept = 0;
    for img in doc.select("img").nodes() {
        let declared = |name: &str| {
            img.attr(name)
                .and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok())
        };
        let tiny = [declared("width"), declared("height")]
            .into_iter()
            .flatten()
            .any(|side| side < MIN_IMAGE_SIDE);
        // As a browser does, `srcset` first.
        let address = img
            .attr("srcset")
            .and_then(|srcset| srcset_candidate(&srcset))
            .or_else(|| {
                let src = img.attr("src")?.trim().to_string();
                (!src.is_empty() && !src.starts_with("data:")).then_some(src)
            });
        match address {
            Some(src) if !tiny && kept < MAX_IMAGES => {
                kept += 1;
                img.set_attr("src", &src);
            }
            _ => img.remove_from_parent(),
        }
    }
}

/// Images are kept sharp for the reading column on a high-density
/// screen: a `srcset` gives the narrowest candidate at least this wide...
const IMAGE_WIDTH: f64 = 1400.0;
/// ...or, when it lists densities, the first at least this dense.
const IMAGE_DENSITY: f64 = 2.0;

/// The candidate of a `srcset` the reading column needs (see
/// [`IMAGE_WIDTH`]), or its largest when none is as large: a sharp
/// image, not a 5,000-pixel master.
fn srcset_candidate(srcset: &str) -> Option<String> {
    let candidates: Vec<(&str, f64, bool)> = srcset
        .split(',')
        .filter_map(|candidate| {
            let mut parts = candidate.split_whitespace();
            let url = parts.next().filter(|u| !u.starts_with("data:"))?;
            let descriptor = parts.next().unwrap_or("1x");
            let size = descriptor
                .get(..descriptor.len().saturating_sub(1))?
                .parse::<f64>()
                .ok()?;
            Some((url, size, descriptor.ends_with('w')))
        })
        .collect();
    let enough = |&(_, size, width): &(&str, f64, bool)| {
        size >= if width { IMAGE_WIDTH } else { IMAGE_DENSITY }
    };
    let by_size = |a: &&(&str, f64, bool), b: &&(&str, f64, bool)| a.1.total_cmp(&b.1);
    candidates
        .iter()
        .filter(|c| enough(c))
        .min_by(by_size)
        .or_else(|| candidates.iter().max_by(by_size))
        .map(|(url, _, _)| url.to_string())
}

/// The addresses of the images in sanitised article HTML, in order.
pub fn image_addresses(clean_html: &str) -> Vec<String> {
    if !clean_html.contains("<img") {
        return Vec::new();
    }
    let mut seen = HashSet::new();
    Document::from(clean_html)
        .select("img[src]")
        .iter()
        .filter_map(|img| img.attr("src").map(|s| s.to_string()))
        .filter(|src| seen.insert(src.clone()))
        .take(MAX_IMAGES)
        .collect()
}

/// The plain text and the links of sanitised article HTML, parsed once.
pub(crate) fn text_and_links(clean_html: &str, page: Option<&str>) -> (String, Vec<ExtractedLink>) {
    let doc = Document::from(clean_html);
    (render::text_of_document(&doc), links_in(&doc, page))
}

/// Every link in sanitised article HTML. A link whose text reads like a
/// headline (several words) is taken to point to another story, unless it
/// points to a place in the page at `page` itself (a footnote, a section).
fn links_in(doc: &Document, page: Option<&str>) -> Vec<ExtractedLink> {
    fn document(url: &str) -> &str {
        url.split('#').next().unwrap_or(url)
    }
    let page = page.map(document);
    let mut seen = HashSet::new();
    let mut links = Vec::new();
    for a in doc.select("a[href]").iter() {
        let Some(href) = a.attr("href") else { continue };
        let text = squash_whitespace(&a.text());
        if !seen.insert((href.to_string(), text.clone())) {
            continue;
        }
        let related = text.split_whitespace().count() >= 5
            && href.starts_with("http")
            && page != Some(document(&href));
        links.push(ExtractedLink {
            href: Some(href.to_string()),
            text,
            related,
        });
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn sanitize_removes_scripts_handlers_and_remote_loads() {
        let dirty = r#"<p onclick="x()">Hi<script>alert(1)</script><img src="javascript:evil()" onerror="evil()">
            <a href="javascript:alert(1)">bad</a><a href="/rel">rel</a><a href="https:/host/x">odd</a>
            <iframe src="http://evil"></iframe><svg><script>alert(2)</script></svg>
            <style>p{background:url(http://evil)}</style></p>"#;
        let clean = sanitize(dirty, Some("https://www.rfi.fr/en/africa/x"));
        for bad in [
            "script",
            "onclick",
            "onerror",
            "src=",
            "javascript",
            "iframe",
            "svg",
            "style",
            "evil",
        ] {
            assert!(!clean.contains(bad), "{bad} survived in {clean}");
        }
        assert!(clean.contains(r#"href="https://www.rfi.fr/rel""#));
        assert!(clean.contains(r#"href="https://host/x""#), "{clean}");
    }

    #[test]
    fn images_keep_one_absolute_address_and_pixels_and_icons_go() {
        let dirty = r#"<p>Bamako</p>
            <img src="/photos/palace.jpg" alt="The palace" width="640" height="400" onload="x()">
            <img src="/w300.jpg" srcset="/w300.jpg 300w, /w1400.jpg 1400w" alt="sizes">
            <img srcset="/s.jpg 320w, https://cdn.example/l.jpg 1280w, /m.jpg 640w" alt="Goïta">
            <img srcset="/xl.jpg 4800w, /s.jpg 320w, /l.jpg 1600w, /xxl.jpg 2400w" alt="sharp">
            <img srcset="/two.jpg 2x, /one.jpg, /three.jpg 3x" alt="dense">
            <img src="https://tracker.example/p.gif" width="1" height="1">
            <img src="/icon.png" width="24px" height="24px"><img alt="no address">
            <img src="data:image/png;base64,iVBORw0KGgo=">"#;
        let settled = |html: &str, base| sanitize(&boilerplate::strip(html).html, base);
        let clean = settled(dirty, Some("https://www.rfi.fr/en/africa/story"));
        assert_eq!(
            image_addresses(&clean),
            [
                "https://www.rfi.fr/photos/palace.jpg",
                "https://www.rfi.fr/w1400.jpg",
                "https://cdn.example/l.jpg",
                "https://www.rfi.fr/l.jpg",
                "https://www.rfi.fr/two.jpg",
            ]
        );
        assert!(clean.contains(r#"alt="The palace""#), "{clean}");
        for gone in ["onload", "srcset", "tracker", "icon", "data:", "no address"] {
            assert!(!clean.contains(gone), "{gone} survived in {clean}");
        }
        let many = r#"<img src="https://cdn.example/a.jpg">"#.repeat(MAX_IMAGES + 5);
        assert_eq!(settled(&many, None).matches("<img").count(), MAX_IMAGES);
        assert_eq!(text_and_links(&clean, None).0, "Bamako");
    }

    #[test]
    fn article_page_keeps_title_and_text() {
        let page = r#"<html lang="fr"><head><title>Le Mali expulse cinq diplomates - Le Monde</title>
            <meta property="og:site_name" content="Le Monde"></head><body><nav>Menu Accueil</nav>
            <article><h1>Le Mali expulse cinq diplomates</h1>
            <p>Bamako a déclaré cinq diplomates français persona non grata, a annoncé le gouvernement de transition dirigé par le colonel Assimi Goïta.</p>
            <p>La France a répondu en suspendant la coopération antiterroriste et en expulsant deux diplomates maliens, selon des sources diplomatiques.</p>
            <p>Lire aussi <a href="https://www.lemonde.fr/afrique/article/2025/08/15/mali-arrestation.html">Au Mali, un Français arrêté et accusé d'espionnage</a></p>
            </article><footer>Mentions légales</footer></body></html>"#;
        let a = extract(page, Some("https://www.lemonde.fr/afrique/article/x.html"));
        assert!(a.title.starts_with("Le Mali expulse cinq diplomates"));
        assert_eq!(a.lang.as_deref(), Some("fr"));
        assert!(a.text.contains("Assimi Goïta"));
        assert!(!a.text.contains("Menu Accueil"));
        assert!(a
            .links
            .iter()
            .any(|l| l.related && l.text.starts_with("Au Mali")));
        // The headline of another story is coverage, not the story's text.
        assert!(!a.text.contains("Au Mali"), "{}", a.text);
    }

    #[test]
    fn links_in_related_boxes_are_kept_as_related_coverage_without_their_text() {
        let page = r#"<html><head><title>Mali expels French diplomats</title></head><body><article>
            <h1>Mali expels French diplomats</h1>
            <p>Bamako expelled five French diplomats on Tuesday, the transitional government said in a statement read on state television.</p>
            <p>France responded by suspending counter-terrorism cooperation, according to diplomatic sources in Paris, and recalled its envoy.</p>
            <p>Related: <a href="/2025/08/14/mali-arrests-french-national">Mali arrests French national and generals accused of plot</a></p>
            <p>The junta led by Assimi Goïta has ruled since a second coup in 2021 and has turned to Russia for security.</p>
            <div class="related-posts"><a href="/2025/08/01/wagner-leaves-mali">Wagner leaves Mali as Africa Corps takes over</a></div>
            <h3>Read more</h3><ul><li><a href="https://other.example/niger-junta">Niger junta suspends French broadcasters</a></li><li><a href="/more">See all</a></li></ul>
            </article></body></html>"#;
        let a = extract(
            page,
            Some("https://news.example/2025/08/15/mali-expels.html"),
        );
        assert!(a.text.contains("Assimi Goïta"), "{}", a.text);
        for headline in [
            "Mali arrests French",
            "Wagner leaves",
            "Niger junta",
            "See all",
        ] {
            assert!(!a.text.contains(headline), "{headline} in {}", a.text);
        }
        let related: Vec<(&str, &str)> = a
            .links
            .iter()
            .filter(|l| l.related)
            .map(|l| (l.href.as_deref().unwrap_or_default(), l.text.as_str()))
            .collect();
        for (href, text) in [
            (
                "https://news.example/2025/08/14/mali-arrests-french-national",
                "Mali arrests French national and generals accused of plot",
            ),
            (
                "https://news.example/2025/08/01/wagner-leaves-mali",
                "Wagner leaves Mali as Africa Corps takes over",
            ),
            (
                "https://other.example/niger-junta",
                "Niger junta suspends French broadcasters",
            ),
        ] {
            assert!(
                related.contains(&(href, text)),
                "{text} missing from {related:?}"
            );
        }
        assert!(
            !a.links.iter().any(|l| l.text == "See all"),
            "{:?}",
            a.links
        );
    }

    /// The headlines of the links an extraction took for other stories.
    fn related_texts(a: &Extracted) -> Vec<&str> {
        a.links
            .iter()
            .filter(|l| l.related)
            .map(|l| l.text.as_str())
            .collect()
    }

    #[test]
    fn related_boxes_beside_the_article_are_related_coverage_and_ad_or_other_boxes_are_not() {
        let page = r#"<html><head><title>Mali expels French diplomats</title></head><body>
            <nav class="site-menu"><a href="/world">World news from every continent today</a></nav>
            <main><article>
            <h1>Mali expels French diplomats</h1>
            <p>Bamako expelled five French diplomats on Tuesday, the transitional government said in a statement read on state television.</p>
            <p>France responded by suspending counter-terrorism cooperation, according to diplomatic sources in Paris, and recalled its envoy.</p>
            <p>The junta led by Assimi Goïta has ruled since a second coup in 2021 and has turned to Russia for security.</p>
            </article>
            <aside class="relatedStories"><h3>Related</h3><ul>
              <li><a href="/2025/08/14/mali-arrests">Mali arrests French national and generals</a></li>
              <li><a href="/tags/mali">Mali</a></li></ul></aside>
            <div class="trc_related_container" id="taboola-below-article"><div class="trc-content-sponsored">
              <a href="https://clicks.example/lp?id=1">You really need to see this password device</a></div></div>
            <section class="most-read"><h2>Most read</h2><ol>
              <li><a href="/2025/08/15/celebrity-wedding">Celebrity wedding draws crowds to the coast</a></li></ol></section>
            </main></body></html>"#;
        let a = extract(
            page,
            Some("https://news.example/2025/08/15/mali-expels.html"),
        );
        let related = related_texts(&a);
        assert_eq!(related, ["Mali arrests French national and generals"]);
        assert!(!a.text.contains("Mali arrests French"), "{}", a.text);
    }

    #[test]
    fn a_link_to_a_place_in_the_page_is_no_other_story() {
        let page = r##"<html><head><title>Mali expels French diplomats</title></head><body><article>
            <h1>Mali expels French diplomats</h1>
            <p>Bamako expelled five French diplomats on Tuesday, the transitional government said in a statement read on state television.</p>
            <p>The junta led by Assimi Goïta has ruled since a second coup in 2021 (see <a href="#why-the-junta-turned-to-russia">why the junta turned to Russia for help</a>) and <a href="/2025/08/01/wagner">Wagner leaves Mali as Africa Corps takes over</a>.</p>
            <h2 id="why-the-junta-turned-to-russia">Why the junta turned to Russia</h2>
            <p>France responded by suspending counter-terrorism cooperation, according to diplomatic sources in Paris, and recalled its envoy.</p>
            </article></body></html>"##;
        let a = extract(
            page,
            Some("https://news.example/2025/08/15/mali-expels.html#top"),
        );
        let related = related_texts(&a);
        assert_eq!(related, ["Wagner leaves Mali as Africa Corps takes over"]);
        assert!(a.links.iter().any(|l| l.text.starts_with("why the junta")));
        // Selections and other tools' exports read their links the same way.
        let selection =
            r#"<a href="https://news.example/a.html#why">why the junta turned to Russia</a>"#;
        assert!(!text_and_links(selection, Some("https://news.example/a.html")).1[0].related);
        assert!(text_and_links(selection, Some("https://news.example/b.html")).1[0].related);
    }

    #[test]
    fn visible_size_leaves_out_every_kind_of_spacing() {
        for text in [
            "",
            " \t\n\r\x0b\x0c",
            "Bamako, 3 June",
            " Bamako \t expelled\r\nfive ",
            "Goïta\u{a0}a parlé",
            "巴马科\u{3000}马里 ",
        ] {
            let by_chars: usize = text
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(char::len_utf8)
                .sum();
            assert_eq!(visible_size(text), by_chars, "{text:?}");
        }
        assert_eq!(visible_size(" Bamako \t expelled "), 14);
    }

    #[test]
    fn text_is_measured_in_place_as_its_copy_would_be() {
        let doc = Document::from(
            "<div id=a> Goïta <p>a <b>parlé</b>\t</p><!-- not text --><p>巴马科</p></div>",
        );
        let div = doc.select("#a").nodes()[0];
        assert_eq!(measure_text(&div, visible_size), visible_size(&div.text()));
        assert_eq!(measure_text(&div, visible_size), 22);
        let text = div.first_child().expect("a text node");
        assert_eq!(text_node(&text, str::to_string).as_deref(), Some(" Goïta "));
        assert_eq!(measure_text(&text, visible_size), 6);
        assert_eq!(text_node(&div, str::len), None);
    }

    #[test]
    fn deep_nesting_is_flattened_and_ordinary_pages_are_untouched() {
        let page = "<div><p>a<p>b<br><img src=x></div>";
        assert!(matches!(prune_markup(page, 2), Cow::Borrowed(p) if p == page));
        // A script's text is not markup, whatever case its end tag is in.
        let scripted = format!(
            "<SCRIPT>{}</Script>{}<p>text</p>",
            "<div>".repeat(3_000),
            "<div>".repeat(10)
        );
        assert_eq!(
            prune_markup(&scripted, 1000),
            format!("<SCRIPT></Script>{}<p>text</p>", "<div>".repeat(10))
        );
        let unclosed = format!("<script>{}", "<div>".repeat(3_000));
        assert!(matches!(prune_markup(&unclosed, 1000), Cow::Borrowed(_)));
        let quoted = r#"<p title="a > b <style>">Text</p><p>More text</p>"#;
        assert!(matches!(prune_markup(quoted, 1000), Cow::Borrowed(_)));
        // The drawing in the attribute finds no end tag of its own.
        let quoted = r#"<p data-icon='<svg class="x">'>Text</p><svg><g></g></svg><p>More</p>"#;
        assert_eq!(
            prune_markup(quoted, 1000),
            r#"<p data-icon='<svg class="x">'>Text</p><svg></svg><p>More</p>"#
        );
        let deep = format!("{}text{}", "<div>".repeat(5000), "</div>".repeat(5000));
        let flat = prune_markup(&deep, 1000);
        assert_eq!(flat.matches("<div>").count(), 1000);
        assert_eq!(flat.matches("</div>").count(), 1000);
        assert!(flat.contains("text"));
    }

    #[test]
    fn scripts_and_styles_reach_the_parser_empty_unless_metadata_or_streaming_reads_them() {
        let page = r#"<head><style>p { color: red }</style>
            <script type="application/ld+json">{"headline": "Kept"}</script>
            <script src="/app.js"></script><script>window.x = "<p>not text</p>";</script>
            </head><body><p>Text</p><script>$RC("B:0","S:0")</script></body>"#;
        assert_eq!(
            prune_markup(page, 1000),
            r#"<head><style></style>
            <script type="application/ld+json">{"headline": "Kept"}</script>
            <script src="/app.js"></script><script></script>
            </head><body><p>Text</p><script>$RC("B:0","S:0")</script></body>"#
        );
    }

    #[test]
    fn drawings_reach_the_parser_empty() {
        let page = r#"<p>Share <SVG viewBox="0 0 9 9"><g><path d="M0 0h9"/><svg><circle r="1"/></svg></g></SVG><svg/>
            <svg><title>icon</title></svg> on</p><p>after</p>"#;
        assert_eq!(
            prune_markup(page, 1000),
            r#"<p>Share <SVG viewBox="0 0 9 9"></SVG><svg/>
            <svg></svg> on</p><p>after</p>"#
        );
        let unclosed = "<p>a <svg><path d='M0'/></p><p>b</p>";
        assert!(matches!(prune_markup(unclosed, 1000), Cow::Borrowed(_)));
    }

    #[test]
    fn math_is_kept_as_text_and_its_links_are_not() {
        let page = r#"<html><body><article><h1>Quadratic</h1>
            <p>The roots of a quadratic are found with a formula that every pupil learns at school, and this article shows it.</p>
            <p>For <math><mi>a</mi><mo>≠</mo><mn>0</mn><maction actiontype="statusline" xlink:href="javascript:alert(1)">x<mtext>click</mtext></maction></math> there are two solutions, as the formula shows for every case.</p>
            </article></body></html>"#;
        let a = extract(page, None);
        assert!(a.text.contains("a ≠ 0"), "{}", a.text);
        assert!(!a.html.contains("javascript"));
        assert!(!a.html.contains("<math"));
    }

    #[test]
    fn doubly_escaped_titles_are_read_once_more() {
        assert_eq!(
            unescape("And finally&#8230; trouble"),
            "And finally… trouble"
        );
        assert_eq!(unescape("Q&A: Mali"), "Q&A: Mali");
        assert_eq!(unescape("a <b> &amp; c"), "a <b> &amp; c");
    }

    #[test]
    fn page_without_article_falls_back_to_its_text() {
        let a = extract("<title>Short</title><p>Just one line.</p>", None);
        assert_eq!(a.title, "Short");
        assert_eq!(a.text, "Just one line.");
    }

    #[test]
    fn a_paragraph_with_a_hidden_label_is_not_repeated_in_front_of_the_article() {
        // Readability's own test page: the opening's blocks read the label
        // the extracted text goes without.
        let html = r#"<html><body><article><h1>Lorem</h1><div>
            <p><span aria-hidden="true">**WRONG**</span>Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod
            tempor incididunt ut labore et dolore magna aliqua.</p>
            <p>Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.</p>
            </div></article></body></html>"#;
        let article = extract(html, None);
        assert_eq!(
            article.text.matches("Lorem ipsum").count(),
            1,
            "{}",
            article.text
        );
        assert!(!article.text.contains("WRONG"), "{}", article.text);
    }

    #[test]
    fn the_steps_of_an_accordion_are_text_and_what_the_page_hides_is_not() {
        let step = |n: usize| {
            format!(
                "<div><h3><button id=\"s{n}\" aria-expanded=\"false\" aria-controls=\"p{n}\">Step {n}</button></h3>\
                 <div id=\"p{n}\" role=\"region\" aria-labelledby=\"s{n}\" style=\"display: none\">\
                 <p>Step {n} of installing solar panels: gather a year of electricity bills, then compare \
                 the quotes of three installers before signing anything at all.</p></div></div>"
            )
        };
        let steps: String = (1..=4).map(step).collect();
        let html = format!(
            "<html><body><article><h1>How to install solar panels</h1>\
             <p>Installing solar panels can cut or end your monthly electricity bills, and the work \
             takes two to three months from the first visit to the first kilowatt.</p>{steps}\
             <div style=\"display:none\"><p>A hidden promotion that no reader of the page ever sees.</p></div>\
             </article></body></html>"
        );
        let article = extract(&html, None);
        assert!(
            article.text.contains("Step 1 of installing"),
            "{}",
            article.text
        );
        assert!(
            article.text.contains("Step 4 of installing"),
            "{}",
            article.text
        );
        assert!(
            !article.text.contains("hidden promotion"),
            "{}",
            article.text
        );
    }

    #[test]
    fn an_article_whose_last_section_readability_prefers_keeps_the_sections_before_it() {
        // A progress report: sections of changes, each a list of links,
        // then a long section of thanks that Readability scores highest.
        let links: String = (1..=12)
            .map(|n| format!("<li><p><a href=\"https://example.org/pull/{n}\">Change number {n} to the compiler backend</a></p></li>"))
            .collect();
        let section = |title: &str, intro: &str| {
            format!("<div class=\"sect1\"><h2>{title}</h2><div class=\"sectionbody\"><p>{intro}</p><ul>{links}</ul></div></div>")
        };
        let thanks: String = (1..=8)
            .map(|n| format!("<p>Thanks to sponsor number {n}, whose support keeps this project going, month after month.</p>"))
            .collect();
        let html = format!(
            "<html><head><title>Progress Report #39 | A Blog</title></head><body>\
             <header><h1><a href=\"/\">A Blog</a></h1></header><main><article>\
             <h2>Progress Report #39</h2><div class=\"content\">\
             {}{}<div class=\"sect1\"><h2>Thanks</h2><div class=\"sectionbody\">{thanks}</div></div>\
             </div></article></main></body></html>",
            section("Patches sent", "There has been some nice progress on the GCC side these past months."),
            section("State of the backend", "Here is what has been done during the past months, in order."),
        );
        let article = extract(&html, Some("https://blog.example.org/report-39"));
        assert!(
            article.text.contains("Thanks to sponsor number 8"),
            "{}",
            article.text
        );
        assert!(
            article
                .text
                .starts_with("Patches sent\n\nThere has been some nice progress"),
            "{}",
            article.text
        );
        assert!(
            article.text.contains("Here is what has been done"),
            "{}",
            article.text
        );
    }

    #[test]
    fn an_article_in_many_small_sections_is_kept_whole_without_its_comments() {
        let section = |n: usize| {
            format!(
                "<section><div class=\"css-{n}a\"><div class=\"css-{n}b\"><h2>Part {n}</h2>\
                 <p>Section {n} of the report on the junta's talks with Bamako's neighbours, \
                 which went on late into the night.</p><p>Its second paragraph adds what the \
                 envoys said to reporters afterwards in part {n}.</p></div></div></section>"
            )
        };
        let body: String = (1..=6).map(section).collect();
        let comment = "<p>A reader's long comment, longer than any one section of the article \
                       and written to disagree with every word of it at length.</p>";
        let html = format!(
            "<main class=\"post comments-open\"><h1>Talks</h1><div class=\"row\"><div class=\"col\">{body}</div></div></main>\
             <div id=\"comments\">{}</div>",
            comment.repeat(12)
        );
        let block = densest_block(&Document::from(html.as_str())).expect("a block");
        assert!(block.text.contains("Section 1 of"), "{}", block.text);
        assert!(block.text.contains("part 6."), "{}", block.text);
        assert!(
            !block.text.contains("A reader's long comment"),
            "{}",
            block.text
        );
    }

    #[test]
    fn regression_a_guide_whose_cards_open_with_linked_headings_was_cut_to_its_introduction() {
        // Links are a third of the text around the introduction and cards.
        let card = |topic: &str| {
            format!(
                "<div class=\"card\"><h3><a href=\"/{topic}\">Oral health for {topic} and \
                 families</a></h3><p>Good oral health matters to {topic}.</p></div>"
            )
        };
        let cards: String = ["adults", "children", "older adults", "people with HIV"]
            .iter()
            .map(|t| card(t))
            .collect();
        let html = format!(
            "<nav><a href=\"/a\">Home</a> <a href=\"/b\">Topics</a></nav>\
             <main><div class=\"intro\"><p>Problems with your teeth, gums or mouth can raise \
             your risk of some diseases; small steps like regular checkups help.</p></div>\
             <div class=\"grid\">{cards}</div></main>"
        );
        let block = densest_block(&Document::from(html.as_str())).expect("a block");
        assert!(
            block.text.contains("Problems with your teeth"),
            "{}",
            block.text
        );
        assert!(
            block.text.contains("matters to people with HIV."),
            "{}",
            block.text
        );
        assert!(!block.text.contains("Home"), "{}", block.text);
    }
}
