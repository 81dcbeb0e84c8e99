//! What Readability leaves around the story inside the article it finds:
//! sign-up forms, share bars, "related" boxes, one-line calls to action.
//!
//! [`strip`] takes the article HTML (with its class names still on) and
//! removes, by general rules only:
//! - small forms (Readability leaves their labels and prompts), buttons,
//!   and the text of `<select>` menus;
//! - what the page hides (`hidden`, `display: none`, `aria-hidden`, or
//!   classes that hide it at every screen size, `d-none`), and what it
//!   shows only to screen readers ("sr-only": a "Photo" label before a
//!   picture, "(opens in a new tab)");
//! - elements whose class or id names a page widget (share, newsletter,
//!   related, comments, ads, the author's bio...) unless they hold most of
//!   the text;
//! - a "Related articles" / "Read more" / "You may also like" heading (or
//!   a block holding only such a label, "Also in the news") and everything
//!   after it in its container, or after the blocks that wrap only it;
//! - lists of teasers for other stories: items whose excerpt is cut short
//!   with an ellipsis;
//! - a line that only labels another story's headline ("Also read: …");
//! - a table of contents: a list of links to places in the page;
//! - short blocks that are calls to action ("Sign up for our newsletter",
//!   "Share this article", "Learn more"), with the small box such a
//!   heading opens, reading times ("8 min read"), picture credits ("Image
//!   credit: Getty Images"), lines that sign or date the story ("Written
//!   by …", "Updated …": the byline and dates hold them), and affiliate
//!   disclosures ("we may earn a commission");
//! - a section (two or more paragraphs) whose whole text repeats an
//!   earlier one's: pages carry one copy per screen size, or a second
//!   "gated" copy, and show only one.
//!
//! The links of the related boxes and lines it removes are handed back:
//! they are the story's related coverage, not its text.

use std::collections::{HashMap, HashSet};

use dom_query::{Document, NodeId, NodeRef};

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
    "bio",
    "author",
    "authors",
];

/// Headings that open a box of links to other stories on the same
/// subject: their links are kept as related coverage.
const RELATED_HEADINGS: &[&str] = &[
    "related",
    "related posts",
    "related articles",
    "related stories",
    "related content",
    "related coverage",
    "related reading",
    "you may also like",
    "you might also like",
    "read more",
    "read next",
    "read this next",
    "what to read next",
    "also in the news",
    "in other news",
    "more on this story",
    "sur le meme sujet",
    "a lire aussi",
    "lire aussi",
];

/// Whether a heading longer than the [`RELATED_HEADINGS`] begins like one
/// of their several words ("Related articles that may interest you",
/// "You may also like these stories"). One that links somewhere is a
/// story's headline under a label, left to the related-line check.
fn names_related_box(heading: &NodeRef, key: &str) -> bool {
    key.split(' ').count() <= 8
        && RELATED_HEADINGS.iter().any(|label| {
            label.contains(' ')
                && *label != "read more"
                && words_after(key, label).is_some_and(|rest| !rest.is_empty())
        })
        && !dom_query::Selection::from(*heading).select("a").exists()
}

/// Other headings that open a box of links or replies after the story.
const TAIL_HEADINGS: &[&str] = &[
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
    "previous article",
    "next article",
    "previous post",
    "next post",
    "contact us",
    "leave a reply",
    "leave a comment",
    "comments",
    "les plus lus",
];

/// Labels that put the headline of another story inside the article
/// ("Related: <a>Students aren't benefiting…</a>").
const INLINE_RELATED_LABELS: &[&str] = &[
    "related",
    "related story",
    "related article",
    "related coverage",
    "read more",
    "read also",
    "also read",
    "see also",
    "lire aussi",
    "a lire aussi",
    "lire egalement",
    "a lire egalement",
    "voir aussi",
    "lee tambien",
    "lea tambien",
    "leer mas",
    "ver tambien",
];

/// An inline related-story line is short: a label and a headline.
const MAX_INLINE_RELATED_WORDS: usize = 30;

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
    "contents",
    "in this article",
    "on this page",
    "jump to",
    "sommaire",
    "table des matieres",
    "stay updated",
    "follow us",
    "subscribe",
    "sign up",
    "read more",
    "learn more",
    "find out more",
    "see more",
    "show more",
    "load more",
    "back to top",
    "book now",
    "buy now",
    "shop now",
    "get a quote",
    "get started",
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
    "listen to this article",
    "listen to this story",
    "ecouter cet article",
    "reading time",
    "temps de lecture",
];

/// What an affiliate disclosure says ("When you buy through links on this
/// page, we may earn a commission"): the site's notice, not the story.
const AFFILIATE_DISCLOSURES: &[&str] = &[
    "earn a commission",
    "earn commission",
    "earn a small commission",
    "receive a commission",
    "receive a small commission",
    "affiliate link",
    "affiliate links",
    "affiliate commission",
    "commission d affiliation",
    "liens affilies",
];

/// Whether folded text holds one of the [`AFFILIATE_DISCLOSURES`] as whole
/// words. Every one names a commission or an affiliate, so most blocks are
/// ruled out by one search.
fn is_affiliate_disclosure(text: &str) -> bool {
    if !(text.contains("commission") || text.contains("affili")) {
        return false;
    }
    let padded = format!(" {text} ");
    AFFILIATE_DISCLOSURES
        .iter()
        .any(|d| padded.contains(&format!(" {d} ")))
}

/// Starts of the lines that say who wrote, edited or checked the story
/// and when it changed ("Written by Jane Doe", "Updated Dec. 3, 2025"):
/// the byline and dates hold them.
const SIGNATURE_STARTS: &[&str] = &[
    "written by",
    "edited by",
    "reviewed by",
    "fact checked by",
    "medically reviewed by",
    "updated",
];

/// Whether a short block (folded) is one of the [`SIGNATURE_STARTS`] lines:
/// ten words at most, and more than the label.
fn is_signature_line(text: &str) -> bool {
    text.split(' ').count() <= 10
        && SIGNATURE_STARTS
            .iter()
            .any(|s| words_after(text, s).is_some_and(|rest| !rest.is_empty()))
}

/// Labels of a line that credits a picture ("Image credit: Getty
/// Images", "Photo : AFP"): who took the picture is not the story's text.
const PICTURE_CREDIT_LABELS: &[&str] = &[
    "credit",
    "credits",
    "image credit",
    "image credits",
    "photo credit",
    "photo credits",
    "image source",
    "image",
    "photo",
    "photograph",
    "picture",
    "illustration",
    "credit photo",
    "credit image",
];

/// Whether a short block is a picture's credit: one of the
/// [`PICTURE_CREDIT_LABELS`] and a colon before a name or two.
fn is_picture_credit(raw: &str) -> bool {
    raw.split_once(':').is_some_and(|(label, name)| {
        !name.trim().is_empty() && PICTURE_CREDIT_LABELS.contains(&key(label).as_str())
    })
}

/// Whether a block only says how long the story takes to read: "8 min
/// read", "3 MIN. READ", "5 min de lecture".
fn is_reading_time(text: &str) -> bool {
    let words: Vec<&str> = text.split(' ').collect();
    match words.as_slice() {
        [n, unit, rest @ ..] => {
            n.chars().all(|c| c.is_ascii_digit())
                && ["min", "mins", "minute", "minutes"].contains(unit)
                && matches!(rest, ["read"] | ["reading"] | ["de", "lecture"])
        }
        _ => false,
    }
}

/// Article HTML without its boilerplate.
pub struct Stripped {
    pub html: String,
    /// `(href, text)` of the links to other stories on the same subject
    /// that went with the boxes and lines holding them: they are not the
    /// story's text, but they are its related coverage.
    pub related_links: Vec<(String, String)>,
}

/// Removes the boilerplate from article HTML.
pub fn strip(article_html: &str) -> Stripped {
    let doc = Document::from(article_html);
    let mut related_links = Vec::new();
    let total = doc.select("body").nodes().first().map_or(0, text_len);
    // A menu's options are no text the form shows: a list of job titles
    // can make a small form look long.
    doc.select("select").remove();
    // Readability has taken the fields out of the forms it leaves; what
    // remains of a small one is labels and prompts. Some sites wrap the
    // whole page in one form; that one stays.
    for form in doc.select("form").nodes() {
        let size = text_len(form);
        if size < 2_000 && size * 2 < total {
            form.remove_from_parent();
        }
    }
    doc.select("button, textarea, input").remove();
    // What the page hides is not part of what the reader saw.
    doc.select(
        "[hidden], [aria-hidden=true], [style*='display:none'], [style*='display: none'], \
         [style*='visibility:hidden'], [style*='visibility: hidden']",
    )
    .remove();
    for node in doc.select("[class], [id]").nodes() {
        if is_for_screen_readers(node) || is_hidden_at_every_size(node) {
            node.remove_from_parent();
            continue;
        }
        if names_widget(node) && text_len(node) * 2 < total {
            if ["class", "id"]
                .iter()
                .any(|attr| words_of(node, attr).iter().any(|w| w == "related"))
            {
                related_links.extend(links_of(node));
            }
            node.remove_from_parent();
        }
    }
    for label in doc.select("h2, h3, h4, h5, h6, div, p").nodes() {
        let heading = !label.has_name("div") && !label.has_name("p");
        // A block label is the innermost block around its words; the
        // blocks around it are found from it.
        if !heading
            && (label
                .children_it(false)
                .any(|c| c.has_name("div") || c.has_name("p"))
                || has_more_words_than(label, MAX_LABEL_WORDS))
        {
            continue;
        }
        let label_key = key(&label.text());
        let related = RELATED_HEADINGS.contains(&label_key.as_str())
            || heading && names_related_box(label, &label_key);
        let tail = TAIL_HEADINGS.contains(&label_key.as_str());
        // A block that is only a label, not a heading, must say more than
        // one word ("Also in the news", not "Related") and link nowhere.
        if !(related || tail)
            || !heading
                && (!label_key.contains(' ')
                    || label_key == "read more"
                    || dom_query::Selection::from(*label).select("a").exists())
        {
            continue;
        }
        let from = outermost_wrapper(label, &label_key);
        // Removed boxes keep their insides: a label there is not in the page.
        if !from.ancestors_it(None).any(|a| a.has_name("body")) {
            continue;
        }
        let mut box_nodes = vec![from];
        let mut next = from.next_sibling();
        while let Some(node) = next {
            next = node.next_sibling();
            box_nodes.push(node);
        }
        // A label over most of the text heads the story, whatever it says.
        if box_nodes.iter().map(text_len).sum::<usize>() * 2 >= total {
            continue;
        }
        for node in box_nodes {
            if related {
                related_links.extend(links_of(&node));
            }
            node.remove_from_parent();
        }
    }
    remove_labelled_link_boxes(&doc, &mut related_links);
    for list in doc.select("nav, ol, ul").nodes() {
        if text_len(list) * 2 < total && is_table_of_contents(list) {
            list.remove_from_parent();
        }
    }
    for block in doc.select("p, div, li, span, h2, h3, h4, h5, h6").nodes() {
        // Cheap first: a block of more than 30 words is neither a related
        // line nor a call to action (most blocks, and folding each one's
        // text was a tenth of clipping).
        if has_more_words_than(block, MAX_INLINE_RELATED_WORDS) {
            continue;
        }
        let raw = block.text();
        if !block.has_name("span") && is_inline_related(block, &raw) {
            related_links.extend(links_of(block));
            block.remove_from_parent();
            continue;
        }
        let text = key(&raw);
        if is_affiliate_disclosure(&text) {
            block.remove_from_parent();
            continue;
        }
        // A pitch can take a sentence ("Sign up to our newsletter to enjoy
        // New York without spending a thing"); a label is a few words.
        let short = text.split(' ').count() <= 14;
        if CALL_TO_ACTION_STARTS.iter().any(|s| text.starts_with(s))
            || short
                && (CALLS_TO_ACTION.contains(&text.as_str())
                    || is_reading_time(&text)
                    || is_picture_credit(&raw)
                    || is_signature_line(&text))
        {
            pitch_box(block, total)
                .unwrap_or(*block)
                .remove_from_parent();
        }
    }
    remove_teasers(&doc, total);
    remove_repeated_sections(&doc);
    super::html::settle_images(&doc);
    Stripped {
        html: doc.select("body").inner_html().to_string(),
        related_links,
    }
}

/// The most words in the box a call to action heads: a pitch and a form.
const MAX_PITCH_WORDS: usize = 80;

/// The box a heading that calls to action opens ("Sign up for The Replay
/// newsletter" over a line on what it is and its form): a small block
/// that the heading begins.
fn pitch_box<'a>(heading: &NodeRef<'a>, total: usize) -> Option<NodeRef<'a>> {
    if !super::lead::is_subheading(&heading.node_name()?) {
        return None;
    }
    let parent = heading.parent().filter(|p| !p.has_name("body"))?;
    let opens = parent
        .children_it(false)
        .find(NodeRef::is_element)
        .is_some_and(|first| first.id == heading.id);
    (opens && !has_more_words_than(&parent, MAX_PITCH_WORDS) && text_len(&parent) * 2 < total)
        .then_some(parent)
}

/// The outermost element around `label` that holds only its text
/// (`<div class="box-title"><h3>Related</h3></div>`): what follows that
/// element in its container is the box.
fn outermost_wrapper<'a>(label: &NodeRef<'a>, label_key: &str) -> NodeRef<'a> {
    // Each ASCII letter or digit of a text stays one in its key, so a
    // parent with more of them than the label's key has other text: found
    // without folding the whole text of the page's outer blocks.
    let label_chars = label_key.chars().filter(|c| c.is_alphanumeric()).count();
    let ascii_alphanumerics = |text: &str| text.bytes().filter(u8::is_ascii_alphanumeric).count();
    let mut wrapper = *label;
    while let Some(parent) = wrapper.parent() {
        if parent.has_name("body")
            || super::html::measure_text(&parent, ascii_alphanumerics) > label_chars
            || key(&parent.text()) != label_key
        {
            break;
        }
        wrapper = parent;
    }
    wrapper
}

/// A box of more links than this is a site's menu or archive, not one
/// story's related coverage.
const MAX_RELATED_BOX_LINKS: usize = 20;

/// Class and id words of paid placements, which "related" widgets of ad
/// networks are: their links are advertisers', not coverage.
const AD_MARKS: &[&str] = &[
    "sponsored",
    "promoted",
    "advert",
    "advertisement",
    "ads",
    "taboola",
    "outbrain",
];

/// The links of the page's related-coverage boxes wherever they sit,
/// inside the article or beside it: elements whose class or id names them
/// ("related-articles", "relatedStories", "story__related"), unless they
/// hold paid placements. Readability drops most such boxes before
/// [`strip`] sees the article; their links are the story's related
/// coverage all the same.
pub fn related_boxes(page: &Document) -> Vec<(String, String)> {
    let names = |node: &NodeRef| [words_of(node, "class"), words_of(node, "id")].concat();
    let is_ad = |node: &NodeRef| names(node).iter().any(|w| AD_MARKS.contains(&w.as_str()));
    let mut links = Vec::new();
    let named = |element: &dom_query::Element| {
        element
            .attrs
            .iter()
            .any(|a| matches!(&*a.name.local, "class" | "id") && a.value.contains("elated"))
    };
    for node in &super::html::select_filtered(page, "[class*='elated'], [id*='elated']", named) {
        if !names(node).iter().any(|w| w.starts_with("related"))
            || is_ad(node)
            || dom_query::Selection::from(*node)
                .select("[class], [id]")
                .nodes()
                .iter()
                .any(is_ad)
        {
            continue;
        }
        let found = links_of(node);
        if found.len() <= MAX_RELATED_BOX_LINKS {
            links.extend(found);
        }
    }
    links
}

/// Starts of the labels over boxes of links to other stories on the same
/// subject ("Related Posts:", "More from CFR", "What to read next...").
const RELATED_LABEL_STARTS: &[&str] = &[
    "related",
    "more from",
    "more on",
    "more in",
    "more articles",
    "more stories",
    "you might",
    "you may",
    "read next",
    "what to read next",
    "further reading",
    "keep reading",
    "recommended",
];

/// Starts of the labels over other boxes of links ("Most popular").
const OTHER_LABEL_STARTS: &[&str] = &["latest", "trending", "popular", "most", "top stories"];

/// A label is a heading's few words.
const MAX_LABEL_WORDS: usize = 8;

/// Removes each short label ("Related Posts:", "More from CFR") that sits
/// over a box of links, with the box: what follows the label up to the next
/// heading, when at least half its text is link text. The label alone
/// says little ("More on remote work" may head a section of the story);
/// the links under it make it a box.
fn remove_labelled_link_boxes(doc: &Document, related_links: &mut Vec<(String, String)>) {
    for label in doc
        .select("h2, h3, h4, h5, h6, p, div, span, strong, b")
        .nodes()
    {
        if has_more_words_than(label, MAX_LABEL_WORDS) || label.parent().is_none() {
            continue;
        }
        let raw = label.text();
        // Cheap first: a label's first word is one of a few.
        if !starts_with_first_word_of(&raw, RELATED_LABEL_STARTS)
            && !starts_with_first_word_of(&raw, OTHER_LABEL_STARTS)
        {
            continue;
        }
        let label_key = key(&raw);
        let starts = |start: &&str| words_after(&label_key, start).is_some();
        let related = RELATED_LABEL_STARTS.iter().any(starts);
        if !related && !OTHER_LABEL_STARTS.iter().any(starts) {
            continue;
        }
        let label = outermost_wrapper(label, &label_key);
        let mut contents = Vec::new();
        let mut next = label.next_sibling();
        while let Some(node) = next {
            if matches!(
                node.node_name().as_deref(),
                Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6")
            ) {
                break;
            }
            next = node.next_sibling();
            contents.push(node);
        }
        let text: usize = contents.iter().map(text_len).sum();
        let links: Vec<(String, String)> = contents.iter().flat_map(links_of).collect();
        let linked: usize = links.iter().map(|(_, t)| visible_chars(t)).sum();
        if text == 0 || linked * 2 < text {
            continue;
        }
        if related {
            related_links.extend(links);
        }
        for node in contents {
            node.remove_from_parent();
        }
        label.remove_from_parent();
    }
}

/// Whether a block is only a label and the headline of another story
/// ("Also read: <a>…</a>", "Lire aussi <a>…</a>").
fn is_inline_related(line: &NodeRef, raw: &str) -> bool {
    // Cheap first: most blocks start with no label.
    if !starts_with_first_word_of(raw, INLINE_RELATED_LABELS) {
        return false;
    }
    let whole = key(raw);
    let headline = key(&dom_query::Selection::from(*line).select("a[href]").text());
    !headline.is_empty()
        && whole
            .strip_suffix(headline.as_str())
            .map(str::trim_end)
            .is_some_and(|label| INLINE_RELATED_LABELS.contains(&label))
}

/// The words of folded `text` after `label`, when `text` opens with its
/// whole words ("related articles on mali" after "related articles" is
/// "on mali"; "relatedness" does not open with "related"): `Some("")`
/// when `text` is the label itself.
fn words_after<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(label)?;
    if rest.is_empty() {
        Some(rest)
    } else {
        rest.strip_prefix(' ')
    }
}

/// Whether a text's first word, folded, is the first word of one of `labels`.
fn starts_with_first_word_of(text: &str, labels: &[&str]) -> bool {
    let first = text.split_whitespace().next().unwrap_or_default();
    let first = crate::text::fold(first.trim_matches(|c: char| !c.is_alphanumeric()));
    labels
        .iter()
        .any(|l| l.split(' ').next() == Some(first.as_str()))
}

/// Whether a list is the page's table of contents: three or more links,
/// all to places in one page ("#the-good", "…/post#the-bad"), making up
/// nearly all of its text. The headings it lists are in the story itself.
fn is_table_of_contents(list: &NodeRef) -> bool {
    let links = dom_query::Selection::from(*list).select("a");
    if links.length() < 3 {
        return false;
    }
    let mut page = None;
    for link in links.iter() {
        let href = link.attr("href").unwrap_or_default();
        let Some((document, place)) = href.split_once('#') else {
            return false;
        };
        if place.is_empty() || *page.get_or_insert_with(|| document.to_string()) != document {
            return false;
        }
    }
    visible_chars(&links.text()) * 5 >= text_len(list) * 4
}

/// `(href, text)` of the links in a node, the node itself included.
fn links_of(node: &NodeRef) -> Vec<(String, String)> {
    let links = dom_query::Selection::from(*node);
    let links = if node.has_name("a") {
        links
    } else {
        links.select("a[href]")
    };
    links
        .iter()
        .filter_map(|a| {
            let href = a.attr("href")?;
            Some((href.to_string(), crate::text::squash_whitespace(&a.text())))
        })
        .collect()
}

/// An excerpt a site cuts short for a teaser has at least this many words.
const MIN_EXCERPT_WORDS: usize = 8;

/// A teaser (a headline, a date, an excerpt) is no longer than this.
const MAX_TEASER_WORDS: usize = 100;

/// Removes lists of teasers for other stories: two or more sibling items,
/// each a short block holding an excerpt cut off with an ellipsis
/// ("…at the Central Police ...") and more (its date, its author). A
/// paragraph that trails off is the story's; the excerpt must be part of
/// an item. A list that makes up most of the text is the page's content
/// and stays. Teasers are the site's latest or most read as often as the
/// story's related coverage, so their links are not kept as related.
fn remove_teasers(doc: &Document, total: usize) {
    let mut excerpts: Vec<NodeRef> = doc
        .select("p, div, span")
        .nodes()
        .iter()
        .filter(|block| is_excerpt(block) && !has_more_words_than(block, MAX_TEASER_WORDS))
        .copied()
        .collect();
    // An excerpt inside another (a <span> in its <div>) is the same one.
    let ids: HashSet<NodeId> = excerpts.iter().map(|e| e.id).collect();
    excerpts.retain(|e| !e.ancestors_it(None).any(|a| ids.contains(&a.id)));
    if excerpts.len() < 2 {
        return;
    }
    let mut excerpts_within: HashMap<NodeId, usize> = HashMap::new();
    for excerpt in &excerpts {
        for ancestor in excerpt.ancestors_it(None) {
            *excerpts_within.entry(ancestor.id).or_default() += 1;
        }
    }
    // Each excerpt's item is the largest block around it that holds no
    // other excerpt and is no longer than a teaser; items are grouped by
    // the list that holds them.
    let mut lists: HashMap<NodeId, (NodeRef, Vec<NodeRef>)> = HashMap::new();
    for excerpt in &excerpts {
        let mut item = None;
        for ancestor in excerpt.ancestors_it(None) {
            if excerpts_within[&ancestor.id] > 1
                || ancestor.has_name("body")
                || has_more_words_than(&ancestor, MAX_TEASER_WORDS)
            {
                break;
            }
            item = Some(ancestor);
        }
        // An item holds more than its excerpt: a headline, a date.
        let Some(item) = item.filter(|item| text_len(item) > text_len(excerpt)) else {
            continue;
        };
        if let Some(list) = item.parent() {
            lists
                .entry(list.id)
                .or_insert((list, Vec::new()))
                .1
                .push(item);
        }
    }
    for (list, teasers) in lists.into_values() {
        // A page that is a list (events, search results) keeps it: the
        // list is what it says.
        if teasers.len() < 2 || text_len(&list) * 2 >= total {
            continue;
        }
        for item in teasers {
            item.remove_from_parent();
        }
    }
}

/// Whether a block's whole text is an excerpt a site cut short: a
/// sentence of several words ending in "..." or "…".
fn is_excerpt(block: &NodeRef) -> bool {
    ends_with_ellipsis(block)
        && has_more_words_than(block, MIN_EXCERPT_WORDS - 1)
        && !block
            .children()
            .iter()
            .any(|c| c.is_element() && !c.has_name("a") && !c.has_name("span"))
}

/// Whether the last words of a node end with an ellipsis, read backwards
/// from its end without copying its text (most blocks are not excerpts).
fn ends_with_ellipsis(node: &NodeRef) -> bool {
    let mut resume = Vec::new();
    let mut at = node.last_child();
    loop {
        match at {
            Some(child) if child.is_text() => {
                let text = child.text();
                let text = text.trim_end();
                if !text.is_empty() {
                    return text.ends_with("...") || text.ends_with('…');
                }
                at = child.prev_sibling();
            }
            Some(child) if child.is_element() => {
                resume.push(child.prev_sibling());
                at = child.last_child();
            }
            Some(child) => at = child.prev_sibling(),
            None => match resume.pop() {
                Some(previous) => at = previous,
                None => return false,
            },
        }
    }
}

/// Sections shorter than this (visible characters) may repeat: a credit
/// line, a table row, a refrain.
const MIN_REPEATED_SECTION: usize = 100;

/// Removes every section (a container of two or more paragraphs, items or
/// headings) whose text is the same as an earlier one's that does not
/// contain it. A paragraph repeated alone is left: writers repeat lines.
fn remove_repeated_sections(doc: &Document) {
    const SECTIONS: &[&str] = &[
        "div",
        "section",
        "article",
        "ul",
        "ol",
        "table",
        "blockquote",
        "figure",
        "dl",
    ];
    // Texts are compared by fingerprint, every section's found in one walk:
    // an article's outer sections hold all of its text, and reading it
    // again for each one was a fortieth of clipping. A section's text is
    // read before any of it is removed (only a section already looked at
    // and what it holds are), so the prints stay true.
    let mut prints: HashMap<NodeId, TextPrint> = HashMap::new();
    TextPrint::walk(&doc.root(), |node, print| {
        if print.visible_chars > MIN_REPEATED_SECTION
            && print.blocks >= 2
            && node
                .node_name()
                .is_some_and(|name| SECTIONS.contains(&&*name))
        {
            prints.insert(node.id, *print);
        }
    });
    let mut first: HashMap<(u64, u64, usize), NodeId> = HashMap::new();
    for block in doc.select(&SECTIONS.join(", ")).nodes() {
        let Some(print) = prints.get(&block.id) else {
            continue;
        };
        match first.get(&print.text()) {
            None => {
                first.insert(print.text(), block.id);
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

/// A node's text with its spacing squashed (as [`crate::text::squash_whitespace`]
/// gives it), as a polynomial hash modulo the prime 2^61 - 1, with a count
/// of its visible characters and of the text blocks it holds. The print
/// of two texts one after the other is made from theirs, so that one walk
/// prints every element. Two texts that differ share a print by chance
/// about once in 2^61 per byte of text.
#[derive(Debug, Clone, Copy)]
struct TextPrint {
    hash: u64,
    /// `BASE` to the power of the squashed text's length in bytes.
    power: u64,
    visible_chars: usize,
    /// Paragraphs, items, subheadings, table rows and code blocks.
    blocks: usize,
    /// Spacing before the first visible character and after the last
    /// (for a text of spacing only, both).
    space_before: bool,
    space_after: bool,
}

impl Default for TextPrint {
    /// The print of no text.
    fn default() -> TextPrint {
        TextPrint {
            hash: 0,
            power: 1,
            visible_chars: 0,
            blocks: 0,
            space_before: false,
            space_after: false,
        }
    }
}

impl TextPrint {
    const MODULUS: u64 = (1 << 61) - 1;
    const BASE: u64 = 0x0ad3_5e4f_9b1c_7d23;

    /// What stands for the text: equal for equal texts.
    fn text(&self) -> (u64, u64, usize) {
        (self.hash, self.power, self.visible_chars)
    }

    #[cfg(test)]
    fn of(node: &NodeRef) -> TextPrint {
        TextPrint::walk(node, |_, _| {})
    }

    /// The print of what `root` holds, calling `finished` with each
    /// element below it and that element's print, walking without
    /// recursion (nesting may be deep).
    fn walk<'a>(
        root: &NodeRef<'a>,
        mut finished: impl FnMut(&NodeRef<'a>, &TextPrint),
    ) -> TextPrint {
        // The print so far of each element being walked, root first.
        let mut open = vec![TextPrint::default()];
        let Some(mut node) = root.first_child() else {
            return TextPrint::default();
        };
        loop {
            if let Some(child) = node.first_child() {
                open.push(TextPrint::default());
                node = child;
                continue;
            }
            let mut print = TextPrint::of_node(&node);
            loop {
                if node.is_element() {
                    finished(&node, &print);
                }
                let within = open.last_mut().expect("the root is open");
                *within = within.then(&TextPrint {
                    blocks: print.blocks + usize::from(is_text_block(&node)),
                    ..print
                });
                if let Some(next) = node.next_sibling() {
                    node = next;
                    break;
                }
                match node.parent() {
                    Some(parent) if parent.id != root.id => {
                        print = open.pop().expect("the parent is open");
                        node = parent;
                    }
                    _ => return open[0],
                }
            }
        }
    }

    /// The print of a node without children: a text's, or nothing.
    fn of_node(node: &NodeRef) -> TextPrint {
        let mut print = TextPrint::default();
        super::html::text_node(node, |text| {
            let mut spaced = false;
            for c in text.chars() {
                if c.is_whitespace() {
                    spaced = true;
                    continue;
                }
                if spaced {
                    if print.visible_chars == 0 {
                        print.space_before = true;
                    } else {
                        print.feed(b" ");
                    }
                    spaced = false;
                }
                print.feed(c.encode_utf8(&mut [0; 4]).as_bytes());
                print.visible_chars += 1;
            }
            if spaced {
                print.space_after = true;
                print.space_before |= print.visible_chars == 0;
            }
        });
        print
    }

    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.hash = add_mod(mul_mod(self.hash, Self::BASE), u64::from(b) + 1);
            self.power = mul_mod(self.power, Self::BASE);
        }
    }

    /// The print of this text followed by `next`.
    fn then(&self, next: &TextPrint) -> TextPrint {
        let blocks = self.blocks + next.blocks;
        if self.visible_chars == 0 {
            return TextPrint {
                blocks,
                space_before: self.space_before || next.space_before,
                space_after: next.space_after || next.visible_chars == 0 && self.space_after,
                ..*next
            };
        }
        if next.visible_chars == 0 {
            return TextPrint {
                blocks,
                space_after: self.space_after || next.space_before,
                ..*self
            };
        }
        let mut joined = TextPrint { blocks, ..*self };
        if self.space_after || next.space_before {
            joined.feed(b" ");
        }
        joined.hash = add_mod(mul_mod(joined.hash, next.power), next.hash);
        joined.power = mul_mod(joined.power, next.power);
        joined.visible_chars += next.visible_chars;
        joined.space_after = next.space_after;
        joined
    }
}

fn is_text_block(node: &NodeRef) -> bool {
    node.node_name().is_some_and(|name| {
        matches!(
            &*name,
            "p" | "li" | "h2" | "h3" | "h4" | "h5" | "h6" | "tr" | "pre"
        )
    })
}

fn mul_mod(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    let folded = (product as u64 & TextPrint::MODULUS) + (product >> 61) as u64;
    folded % TextPrint::MODULUS
}

fn add_mod(a: u64, b: u64) -> u64 {
    (a + b) % TextPrint::MODULUS
}

/// Whether an element's class or id names a page widget: a class word
/// ("social-share", "newsletter-signup"), or an id made only of widget
/// words ("related-posts", "comments"). Ids are often made from headings
/// ("sharing-mutable-history"), so one widget word does not make a widget.
pub(crate) fn names_widget(node: &NodeRef) -> bool {
    names_widget_by(&words_of(node, "class"), &words_of(node, "id"))
}

/// [`names_widget`] for an element's class and id words, read already.
pub(crate) fn names_widget_by(class: &[String], id: &[String]) -> bool {
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
    class.iter().any(|w| WIDGET_MARKS.contains(&w.as_str()))
        || id.iter().any(|w| WIDGET_MARKS.contains(&w.as_str()))
            && id
                .iter()
                .all(|w| WIDGET_MARKS.contains(&w.as_str()) || FILLER.contains(&w.as_str()))
}

/// Whether an element's classes hide it from the eye and keep it for
/// screen readers ("sr-only", "visually-hidden", "screen-reader-text"):
/// a "Photo" before a picture, a "Credit" before its credit, "(opens in
/// a new tab)". A class that does so at one screen size only
/// ("lg:sr-only") leaves it visible at others.
fn is_for_screen_readers(node: &NodeRef) -> bool {
    const MARKS: &[&str] = &[
        "sr-only",
        "visually-hidden",
        "visuallyhidden",
        "screen-reader-text",
        "screen-reader-only",
        "element-invisible",
        "hidden-visually",
        "a11y-hidden",
    ];
    node.attr("class").is_some_and(|class| {
        class.split_whitespace().any(|c| {
            let c = c.to_ascii_lowercase();
            !c.contains(':')
                && MARKS.iter().any(|m| {
                    c.strip_suffix(m)
                        .is_some_and(|rest| rest.is_empty() || rest.ends_with('-'))
                })
        })
    })
}

/// Whether an element's classes hide it at every screen size, so that no
/// reader ever sees it: Bootstrap's `d-none` with no `d-md-block` (or
/// other display class) that shows it from some width on, Bootstrap 3's
/// `hidden-xs hidden-sm hidden-md hidden-lg`, or a page builder's "hidden
/// on desktop, tablet and mobile" (`elementor-hidden-desktop` and the
/// other two). A page's scripts may still show it, but as a dialog or a
/// message of their own, not as the story's text.
fn is_hidden_at_every_size(node: &NodeRef) -> bool {
    // Class names are case-sensitive: `D-NONE` hides nothing.
    let Some(class) = node
        .attr("class")
        .filter(|c| c.contains("none") || c.contains("hidden"))
    else {
        return false;
    };
    let classes: Vec<&str> = class.split_whitespace().collect();
    let has = |c: &str| classes.contains(&c);
    let shown_from_some_width = || {
        classes.iter().any(|c| {
            c.strip_prefix("d-")
                .and_then(|rest| rest.split_once('-'))
                .is_some_and(|(width, display)| {
                    ["sm", "md", "lg", "xl", "xxl"].contains(&width) && display != "none"
                })
        })
    };
    has("d-none") && !shown_from_some_width()
        || ["hidden-xs", "hidden-sm", "hidden-md", "hidden-lg"]
            .iter()
            .all(|c| has(c))
        || [
            "elementor-hidden-desktop",
            "elementor-hidden-tablet",
            "elementor-hidden-mobile",
        ]
        .iter()
        .all(|c| has(c))
}

/// The words of a class or id ("social-share" -> "social", "share").
pub(crate) fn words_of(node: &NodeRef, attr: &str) -> Vec<String> {
    node.attr(attr)
        .unwrap_or_default()
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Folded words of a text, one space apart, without punctuation.
fn key(text: &str) -> String {
    folded_words(text).join(" ")
}

/// Whether a node's text has more than `limit` words, as
/// `text().split_whitespace()` counts them, reading no further than that:
/// an article's outer blocks hold all of its text.
fn has_more_words_than(node: &NodeRef, limit: usize) -> bool {
    let mut words = 0;
    let mut in_word = false;
    node.descendants_it().any(|text| {
        super::html::text_node(&text, |text| {
            text.chars().any(|c| {
                if c.is_whitespace() {
                    in_word = false;
                } else if !in_word {
                    in_word = true;
                    words += 1;
                }
                words > limit
            })
        })
        .unwrap_or(false)
    })
}

/// The characters of a node's text, spacing left out.
fn text_len(node: &NodeRef) -> usize {
    super::html::measure_text(node, visible_chars)
}

fn visible_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strips `html` and checks what went and what stayed.
    fn assert_strip(html: &str, gone: &[&str], kept: &[&str]) {
        let out = strip(html).html;
        for text in gone {
            assert!(!out.contains(text), "{text} survived in {out}");
        }
        for text in kept {
            assert!(out.contains(text), "{text} went from {out}");
        }
    }

    const STORY: &str = "<p>Bamako expelled five French diplomats on Tuesday, the transitional government said in a statement read on state television.</p>\
        <p>France responded by suspending counter-terrorism cooperation, according to diplomatic sources in Paris and Bamako.</p>";

    #[test]
    fn a_related_label_wrapped_in_blocks_takes_the_box_after_its_wrapper() {
        let html = format!(
            r#"<div>{STORY}<div class="widget"><section><div class="label">ALSO IN THE NEWS</div></section></div>
            <div class="posts"><p><a href="/mali-arrests">Mali arrests French national</a></p></div></div>"#
        );
        let stripped = strip(&html);
        assert!(
            stripped.html.contains("counter-terrorism"),
            "{}",
            stripped.html
        );
        assert!(!stripped.html.contains("ALSO IN"), "{}", stripped.html);
        assert!(!stripped.html.contains("Mali arrests"), "{}", stripped.html);
        assert_eq!(
            stripped.related_links,
            [(
                "/mali-arrests".to_string(),
                "Mali arrests French national".to_string()
            )]
        );
    }

    #[test]
    fn a_one_word_label_or_one_over_the_story_is_left() {
        // "Related" alone in a block may be prose; a label over most of
        // the text heads the story.
        let html = format!(r#"<div><div>Related</div>{STORY}</div>"#);
        assert!(strip(&html).html.contains("Bamako expelled"));
        let html = format!(r#"<div><div><span>Also in the news</span></div>{STORY}{STORY}</div>"#);
        assert!(strip(&html).html.contains("Bamako expelled"));
    }

    #[test]
    fn teasers_cut_short_go() {
        let teaser = |n: u32| {
            format!(
                r#"<article><div class="title"><a href="/story-{n}">Story {n}</a></div><div class="date">December 19, 2025</div>
                <div class="body">Members of the traffic department won the carolling contest for the third year at the Central Police ...</div></article>"#
            )
        };
        let html = format!(
            r#"<div>{STORY}{STORY}<div class="list">{}{}</div></div>"#,
            teaser(1),
            teaser(2)
        );
        let stripped = strip(&html);
        assert!(
            stripped.html.contains("Bamako expelled"),
            "{}",
            stripped.html
        );
        assert!(!stripped.html.contains("carolling"), "{}", stripped.html);
        assert!(
            stripped.related_links.is_empty(),
            "{:?}",
            stripped.related_links
        );
    }

    #[test]
    fn a_page_that_is_a_list_of_teasers_keeps_them_and_trailing_paragraphs_stay() {
        let teaser = |n: u32| {
            format!(
                r#"<li><div class="date">March {n}, 2026</div><h2><a href="/event-{n}">Summit {n}</a></h2>
                <p>The annual summit brings together the leaders of the channel to discuss security, networks and …</p></li>"#
            )
        };
        let html = format!(
            r#"<div><p>Upcoming events.</p><ul>{}{}{}</ul></div>"#,
            teaser(1),
            teaser(2),
            teaser(3)
        );
        assert!(strip(&html).html.contains("annual summit"));
        let trailing =
            "<p>And then, the minister said, we will see what the junta wants to do next...</p>";
        let html = format!(r#"<div>{STORY}{trailing}{trailing}</div>"#);
        assert_eq!(strip(&html).html.matches("junta").count(), 2);
    }

    #[test]
    fn widgets_forms_and_related_boxes_go_the_story_stays() {
        let html = r#"<div><p>Bamako expelled five French diplomats on Tuesday, the transitional government said in a statement read on state television.</p>
            <div class="social-share"><a href="x">Facebook</a><a href="y">X</a></div>
            <form><label>Email*</label><input type="email"><button>Subscribe</button></form>
            <p>Share this article</p><p hidden>Hidden teaser</p><span style="display: none">Secret</span>
            <p>By signing up, you agree to our Privacy Policy.</p>
            <p>France responded by suspending counter-terrorism cooperation, according to diplomatic sources in Paris.</p>
            <div class="author-bio"><p>Jill Barshay writes a weekly column about education research for a nonprofit newsroom.</p></div>
            <h3>Related articles</h3><ul><li><a href="z">Mali arrests French national</a></li></ul><p>More links</p></div>"#;
        assert_strip(
            html,
            &[
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
                "Jill Barshay",
            ],
            &["Bamako expelled", "counter-terrorism cooperation"],
        );
    }

    #[test]
    fn what_no_screen_size_shows_goes_what_some_size_shows_stays() {
        let html = r#"<div><p>Bamako expelled five French diplomats on Tuesday, the transitional government said in a statement.</p>
            <section class="elementor-hidden-desktop elementor-hidden-tablet elementor-hidden-mobile"><p>Course outline kept for later</p></section>
            <div class="alert d-none">Your message was sent</div>
            <div class="hidden-xs hidden-sm hidden-md hidden-lg">Old layout</div>
            <p class="d-none d-md-block">Shown from tablets on.</p>
            <p class="elementor-hidden-mobile">Shown on desktops.</p>
            <p class="hidden-xs">Shown on larger screens.</p></div>"#;
        assert_strip(
            html,
            &["Course outline", "message was sent", "Old layout"],
            &[
                "Bamako expelled",
                "from tablets",
                "on desktops",
                "larger screens",
            ],
        );
    }

    #[test]
    fn sign_up_pitches_and_picture_credits_go_captions_stay() {
        let html = r#"<div><p>Bamako expelled five French diplomats on Tuesday, the transitional government said in a statement.</p>
            <figure><img src="a.jpg"><figcaption>Soldiers in Bamako. <span>Image credit: Getty Images</span></figcaption></figure>
            <p>Photo: AFP</p>
            <div><h3>Sign up for The Replay newsletter</h3><p>The Replay is a weekly newsletter for dev and engineering leaders.</p>
            <p>Delivered once a week, it is your curated guide to the most important conversations.</p></div>
            <p>Sign up to our newsletter to enjoy New York without spending a thing, as well as options when you feel flush.</p>
            <p>Learn More</p>
            <p>France responded by suspending counter-terrorism cooperation: the image of a rupture, diplomats said.</p></div>"#;
        assert_strip(
            html,
            &[
                "Getty",
                "AFP",
                "Replay",
                "Delivered once",
                "enjoy New York",
                "Learn More",
            ],
            &[
                "Bamako expelled",
                "Soldiers in Bamako",
                "the image of a rupture",
            ],
        );
    }

    #[test]
    fn lines_that_sign_or_date_the_story_go_prose_that_starts_alike_stays() {
        let html = r#"<div><p>Written by Jane Doe</p><p>Updated Dec. 3, 2025</p>
            <p>Bamako expelled five French diplomats on Tuesday, the transitional government said in a statement.</p>
            <p>Reviewed by our editors</p>
            <p>Updated guidance from the ministry, published on Monday, tells French nationals to leave the country while commercial flights still run.</p></div>"#;
        assert_strip(
            html,
            &["Jane Doe", "Dec. 3", "our editors"],
            &["Bamako expelled", "Updated guidance from the ministry"],
        );
    }

    #[test]
    fn regression_a_form_readability_emptied_of_its_fields_left_its_labels() {
        // Readability takes inputs out of the forms it keeps: the labels
        // and prompts are what is left of a sign-up form.
        let html = r#"<div><p>A good risk management program requires proper screening of prospective renters at the counter.</p>
            <form><p><label for="f1">First Name*</label></p><p><label for="f2">Number of Employees*</label></p>
            <p>This field is hidden when viewing the form</p></form>
            <p>Implementing sound practices at the rental counter is the first step in keeping the fleet safe.</p></div>"#;
        assert_strip(
            html,
            &["First Name", "Employees", "This field"],
            &["proper screening", "sound practices"],
        );
    }

    #[test]
    fn a_line_that_only_labels_another_story_is_related_coverage_not_text() {
        let html = r#"<p>Also read: <a href="a">Meta's AI chief thinks language models are a dead end</a></p>
            <p><strong>Lire aussi :</strong> <a href="b">Au Mali, un Français arrêté</a></p>
            <h5>Related: <a href="e">Safety tips for preventative maintenance</a></h5>
            <p>Read more about ad blocking <a href="c">here</a>.</p>
            <p>More <a href="d">than 500 people</a> died.</p>"#;
        let out = strip(html);
        assert_eq!(
            out.related_links,
            [
                (
                    "a".to_string(),
                    "Meta's AI chief thinks language models are a dead end".to_string()
                ),
                ("b".to_string(), "Au Mali, un Français arrêté".to_string()),
                (
                    "e".to_string(),
                    "Safety tips for preventative maintenance".to_string()
                ),
            ]
        );
        for gone in ["Also read", "Lire aussi", "Related:"] {
            assert!(!out.html.contains(gone), "{gone} survived in {}", out.html);
        }
        assert!(out.html.contains("ad blocking") && out.html.contains("500 people"));
    }

    #[test]
    fn a_short_label_over_a_box_of_links_goes_with_its_box() {
        let html = r#"<div><p>The story's last paragraph, which stays where it is.</p>
            <p><strong>Related Posts:</strong></p>
            <ul><li><a href="a">How Mali's junta expelled the French ambassador</a></li>
            <li><a href="b">Wagner leaves Mali as Africa Corps takes over</a></li></ul>
            <h2>More on the sanctions</h2><p>The section of the story under a heading that starts the same way stays.</p>
            <p>More information here:</p><ul><li><a href="c">The official statement in full</a></li></ul>
            <div>Most popular</div><ol><li><a href="d">Ten things to know about the Sahel</a></li></ol></div>"#;
        let out = strip(html);
        for gone in [
            "Related Posts",
            "junta expelled",
            "Most popular",
            "Ten things",
        ] {
            assert!(!out.html.contains(gone), "{gone} survived in {}", out.html);
        }
        for kept in [
            "last paragraph",
            "More on the sanctions",
            "section of the story",
            "More information here",
            "official statement",
        ] {
            assert!(out.html.contains(kept), "{kept} missing from {}", out.html);
        }
        let hrefs: Vec<&str> = out.related_links.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(
            hrefs,
            ["a", "b"],
            "only the related box's links are related coverage"
        );
    }

    #[test]
    fn ids_made_from_headings_are_not_widgets() {
        let html = r#"<p>Intro paragraph of the story.</p><section id="sharing-mutable-history"><p>The section text stays.</p></section><div id="related-posts"><a href="x">Other story</a></div>"#;
        let out = strip(html).html;
        assert!(out.contains("The section text stays"));
        assert!(!out.contains("Other story"));
    }

    #[test]
    fn a_widget_class_on_the_whole_article_does_not_empty_it() {
        let html = r#"<div class="post related-content"><p>The whole story sits in a container whose class happens to say related.</p></div>"#;
        assert!(strip(html).html.contains("The whole story"));
    }

    #[test]
    fn a_section_repeated_for_another_screen_size_is_kept_once() {
        let section = "<h2>Costs across the state</h2><p>Labour is about sixty per cent of most remodelling budgets in the state.</p><p>Permits and inspections add thousands more to a whole-house project.</p>";
        let html = format!(
            r#"<div class="variant-desktop">{section}</div><div class="variant-mobile">{section}</div><div><div>{section}</div></div>"#
        );
        let out = strip(&html).html;
        assert_eq!(out.matches("Labour is about sixty").count(), 1, "{out}");
        assert_eq!(out.matches("Costs across the state").count(), 1, "{out}");
    }

    #[test]
    fn sections_print_alike_when_their_squashed_texts_are_alike() {
        let print = |html: &str| {
            let doc = Document::from(html);
            let node = doc.select("div").nodes()[0];
            TextPrint::of(&node)
        };
        let text = |html: &str| print(html).text();
        let a = print("<div><p>Bamako expelled\n  five</p> <p>French diplomats</p></div>");
        assert_eq!(
            a.text(),
            text("<div> <p>Bamako <b>expelled</b> five</p>\t<p>French diplomats </p></div>")
        );
        assert_eq!(
            a.visible_chars,
            "Bamakoexpelledfive".len() + "Frenchdiplomats".len()
        );
        assert_eq!(a.blocks, 2);
        assert_eq!(
            print("<div><ul><li>a</li><li>b</li></ul><h2>c</h2><span>d</span></div>").blocks,
            3
        );
        // Text nodes that meet without spacing make one word.
        assert_ne!(
            a.text(),
            text("<div><p>Bamako expelled five</p><p>French diplomats</p></div>")
        );
        assert_eq!(text("<div><b>Fr</b>ench</div>"), text("<div>French</div>"));
        // The same text in other blocks is the same text.
        assert_eq!(
            a.text(),
            text("<div><div>Bamako expelled five</div> <div>French diplomats</div></div>")
        );
        assert_ne!(
            a.text(),
            text("<div><p>Bamako expelled five</p> <p>French diplomat</p></div>")
        );
        assert_eq!(
            text("<div> <b> a </b><i></i> <u> </u>b<i> </i></div>"),
            text("<div>a b</div>")
        );
        // One walk prints each element as it would be printed alone.
        let doc = Document::from(
            "<div><section> <p>One</p> two <ul><li>three</li> <li>four</li></ul></section>\n<p>five</p></div>",
        );
        let mut walked = Vec::new();
        let whole = TextPrint::walk(&doc.root(), |node, print| walked.push((*node, *print)));
        assert_eq!(walked.len(), doc.select("*").length());
        for (node, print) in walked {
            let alone = TextPrint::of(&node);
            assert_eq!((print.text(), print.blocks), (alone.text(), alone.blocks));
        }
        assert_eq!(whole.text(), text("<div>One two three four five</div>"));
    }

    #[test]
    fn a_paragraph_the_writer_repeats_is_kept_each_time() {
        let line = "<p>We will not be silenced, the crowd chanted again and again outside the parliament building in the capital.</p>";
        let html = format!("<div>{line}<p>Police watched from a distance.</p>{line}</div>");
        assert_eq!(
            strip(&html).html.matches("We will not be silenced").count(),
            2
        );
    }

    #[test]
    fn boxes_after_the_story_go_under_any_of_their_usual_headings() {
        for heading in [
            "Read This Next",
            "Related articles that may interest you",
            "Also in the news",
            "Previous article",
            "Contact us",
        ] {
            let html = format!(
                "<div><p>Bamako expelled five French diplomats on Tuesday, the government said.</p>\
                 <h2>Related party transactions</h2><p>The ministry's accounts list them all.</p>\
                 <div><h3>{heading}</h3><p><a href=\"https://example.org/other\">Another story altogether, by another reporter</a></p></div></div>"
            );
            let out = strip(&html).html;
            assert!(!out.contains("Another story"), "{heading}: {out}");
            assert!(
                out.contains("Related party transactions"),
                "{heading}: {out}"
            );
            assert!(out.contains("accounts list them all"), "{heading}: {out}");
        }
    }

    #[test]
    fn every_affiliate_disclosure_passes_the_first_search() {
        for disclosure in AFFILIATE_DISCLOSURES {
            assert!(is_affiliate_disclosure(disclosure), "{disclosure}");
        }
    }

    #[test]
    fn affiliate_disclosures_go_the_commission_in_the_story_stays() {
        let html = r#"<div><p>When you buy through links on this page, we may earn a commission. Learn more about affiliate links</p>
            <p>The European Commission links the aid to reforms in Bamako, its spokesman said.</p>
            <p>Bamako expelled five French diplomats on Tuesday, the transitional government said on state television.</p></div>"#;
        let out = strip(html).html;
        assert!(!out.contains("we may earn"), "{out}");
        assert!(out.contains("European Commission links"), "{out}");
        assert!(out.contains("Bamako expelled"), "{out}");
    }

    #[test]
    fn reading_times_and_listen_prompts_go() {
        let html = r#"<div><p>8 min read</p><span>3 MIN. READ</span><p>Reading Time: 11 minutes</p><p>Listen to this article in summarized format</p>
            <p>Bamako expelled five French diplomats on Tuesday, the transitional government said on state television.</p><p>The talks lasted 45 minutes.</p></div>"#;
        assert_strip(
            html,
            &["8 min", "3 MIN", "Reading Time", "Listen"],
            &["Bamako expelled", "45 minutes"],
        );
    }

    #[test]
    fn labels_for_screen_readers_go_what_a_reader_sees_stays() {
        let html = r#"<div><figure><span class="visually-hidden">Photo</span><figcaption>Peacekeepers in a camp. <span class="credit"><span class="visually-hidden">Credit</span> Ashraf Shazly</span></figcaption></figure>
            <p>Sudan will improve access for aid groups, <a href="/a">officials said<span class="u-sr-only"> (opens in a new tab)</span></a>.</p>
            <p class="lg:sr-only">Shown on small screens.</p></div>"#;
        assert_strip(
            html,
            &["Photo", "Credit", "opens in"],
            &[
                "Peacekeepers in a camp.",
                "Ashraf Shazly",
                "officials said",
                "small screens",
            ],
        );
    }

    #[test]
    fn a_table_of_contents_goes_the_headings_it_lists_stay() {
        let html = r##"<div><p>Lately I have been writing Zig, and it is now one of my favourite programming languages for small tools.</p>
            <nav id="toc"><p>Contents</p><ol><li><a href="https://blog.example/zig#the-good">The Good</a><ol><li><a href="https://blog.example/zig#comptime">Comptime</a></li></ol></li><li><a href="https://blog.example/zig#the-bad">The Bad</a></li></ol></nav>
            <h2 id="the-good">The Good</h2><p>Comptime runs ordinary code while compiling, which replaces macros and generics at once.</p>
            <h2 id="the-bad">The Bad</h2><p>Breaking changes arrive with every release, so code from last year rarely builds today.</p>
            <ol><li>Kelley, A. <a href="#ref-1">Introducing Zig</a>, a talk given at a conference in 2016 about the language.</li><li><a href="#a">One</a></li><li><a href="#b">Two</a></li></ol>
            <ul><li><a href="https://other.example/a">Rust 1.80 released</a></li><li><a href="https://other.example/b">Go 1.23 released</a></li><li><a href="https://other.example/c">Nix 24.05 released</a></li></ul></div>"##;
        let out = strip(html).html;
        assert!(!out.contains("#comptime"), "{out}");
        assert!(!out.contains("Contents"), "{out}");
        assert_eq!(out.matches("The Good").count(), 1, "{out}");
        assert!(out.contains("Comptime runs ordinary code"));
        // Notes that link back into the page say more than their links;
        // links to other pages are no table of contents.
        assert!(out.contains("Introducing Zig"), "{out}");
        assert!(out.contains("Go 1.23 released"), "{out}");
    }
}
