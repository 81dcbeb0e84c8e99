//! The opening of an article that Readability leaves behind.
//!
//! Readability keeps the one container it scores highest, and a page can
//! put part of the article before it: an introduction ahead of a table of
//! contents, or the first sections of a post whose last section (a long
//! list of thanks) scored best. [`Opening::read`] records the text blocks
//! that follow the page's headline, before Readability takes the
//! document; [`Opening::before`] gives those that come before the
//! extracted text and share its container, as HTML to put in front of it.
//! What sits beside the headline (a standfirst, the byline, the date) is
//! left as Readability decided.
//!
//! Only prose is kept: a block of a few words (a byline, a date, "5 min
//! read"), one that is mostly links, a caption, or anything in navigation,
//! forms, asides or page widgets is not. A heading is kept when prose
//! follows it. The walk gives up, adding nothing, when it meets another
//! story's headline (another `h1`, or a heading linking to another page of
//! the site) or runs too long without reaching the extracted text: the
//! page is then a list of stories, not one article.

use dom_query::{Document, NodeId, NodeRef, Selection};

use super::{boilerplate, html};
use crate::text::{folded_words, squash_whitespace, without_spacing};

/// Blocks read after the headline before giving up.
const MAX_BLOCKS: usize = 200;
/// Visible characters read after the headline before giving up.
const MAX_CHARS: usize = 20_000;
/// How far into the extracted text its first paragraph is looked for.
const HEAD_CHARS: usize = 400;
/// Fewer words than this is a label, a byline or a date, not prose.
const MIN_PROSE_WORDS: usize = 7;

/// Elements whose text is read as one block.
const TEXT_BLOCKS: &[&str] = &[
    "p",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dd",
    "dt",
];

/// Elements whose text is never the article's opening.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "form",
    "header",
    "footer",
    "figure",
    "figcaption",
    "button",
    "select",
    "svg",
    "iframe",
    "table",
    "time",
];

/// Class and id words of elements that hold what surrounds the opening.
const SKIPPED_MARKS: &[&str] = &[
    "byline",
    "dateline",
    "author",
    "date",
    "meta",
    "timestamp",
    "caption",
    "credit",
    "share",
    "social",
    "breadcrumb",
    "breadcrumbs",
    "tags",
    "toc",
    "sidebar",
];

struct Block {
    html: String,
    /// Its ancestors, nearest first.
    ancestors: Vec<NodeId>,
    /// The text without spacing, to find the extracted text's start.
    compact: String,
    heading: bool,
    /// A list item.
    item: bool,
    prose: bool,
    /// Prose that ends with a colon: it introduces the list that follows.
    introduces: bool,
}

impl Block {
    /// Whether the extracted text holds this block already: its start or
    /// its end (a block's text can differ in a hidden label the extracted
    /// text went without).
    fn is_in(&self, text: &str) -> bool {
        let chars: Vec<char> = self.compact.chars().collect();
        let start: String = chars.iter().take(40).collect();
        let end: String = chars[chars.len().saturating_sub(40)..].iter().collect();
        text.contains(&start) || text.contains(&end)
    }
}

/// The text blocks that follow a page's headline.
pub struct Opening {
    blocks: Vec<Block>,
    /// The headline's ancestors.
    above_headline: Vec<NodeId>,
}

impl Opening {
    /// Reads the blocks after the page's headline: the first `h1` or `h2`
    /// whose words are those of one of `titles` (the page's `<title>`,
    /// og:title, JSON-LD headline) or begin it, or else the first `h1`
    /// outside navigation; `None` without one.
    pub fn read(doc: &Document, titles: &[&str], page: Option<&str>) -> Option<Opening> {
        let keys: Vec<String> = titles.iter().map(|t| folded_words(t).join(" ")).collect();
        let named = |h: &NodeRef| {
            let key = folded_words(&h.text()).join(" ");
            key.split(' ').count() >= 2
                && keys
                    .iter()
                    .any(|t| t == &key || t.starts_with(&format!("{key} ")))
        };
        let headings = doc.select("h1, h2").nodes().to_vec();
        let headline = headings
            .iter()
            .find(|h| named(h) && !in_navigation(h))
            .or_else(|| {
                headings.iter().find(|h| {
                    h.node_name().as_deref() == Some("h1")
                        && !squash_whitespace(&h.text()).is_empty()
                        && !in_navigation(h)
                })
            })
            .copied()?;
        let mut walk = Walk {
            blocks: Vec::new(),
            chars: 0,
            stop: false,
            site: page.and_then(|p| url::Url::parse(p).ok()),
        };
        let mut node = headline;
        loop {
            match node.next_sibling() {
                Some(next) => {
                    walk.visit(&next);
                    node = next;
                }
                None => match node.parent() {
                    Some(parent) if !matches!(parent.node_name().as_deref(), Some("body")) => {
                        node = parent;
                    }
                    _ => break,
                },
            }
            if walk.stop {
                break;
            }
        }
        Some(Opening {
            blocks: walk.blocks,
            above_headline: headline.ancestors_it(None).map(|a| a.id).collect(),
        })
    }

    /// The prose blocks before the block where `extracted` (the article's
    /// text as extracted) starts, as HTML; `None` when that start is not
    /// among the blocks read or nothing comes before it.
    ///
    /// A block is kept only when it shares a container with that first
    /// block which the headline is outside of: the article's own opening
    /// (an introduction, the sections before the one Readability chose),
    /// not the standfirst and notes under the headline, which some pages
    /// write as a summary of the article that follows.
    pub fn before(&self, extracted: &str) -> Option<String> {
        let whole = without_spacing(extracted);
        // The extracted text starts with the first paragraph found at its
        // head; a number or a label before it ("1", a repeated name) is
        // not a block of its own on every page.
        let head: String = whole.chars().take(HEAD_CHARS).collect();
        let first = self.blocks.iter().position(|block| {
            let block_start: String = block.compact.chars().take(60).collect();
            block.prose && head.contains(&block_start)
        })?;
        let anchor = &self.blocks[first];
        let beside_text = |block: &Block| {
            block
                .ancestors
                .iter()
                .find(|a| anchor.ancestors.contains(a))
                .is_some_and(|shared| !self.above_headline.contains(shared))
        };
        let mut html = String::new();
        let mut pending_heading: Option<&str> = None;
        let mut introduced = false;
        // The list it introduced, once its first item is met.
        let mut list: Option<NodeId> = None;
        let mut in_list = false;
        for block in &self.blocks[..first] {
            if !beside_text(block) || block.is_in(&whole) {
                continue;
            }
            if block.heading {
                pending_heading = Some(&block.html);
                introduced = false;
                continue;
            }
            // The items of a list a paragraph introduces ("Many patches
            // were sent for review:") are kept however short or linked.
            let parent = block.ancestors.first().copied();
            let in_introduced = block.item && introduced && list.is_none_or(|l| Some(l) == parent);
            if in_introduced {
                list = parent;
            }
            let keep = block.prose || in_introduced;
            if !block.item {
                introduced = block.introduces;
                list = None;
            }
            if !keep {
                continue;
            }
            if let Some(heading) = pending_heading.take() {
                html.push_str(heading);
            }
            if block.item != in_list {
                html.push_str(if in_list { "</ul>" } else { "<ul>" });
                in_list = block.item;
            }
            html.push_str(&block.html);
        }
        if in_list {
            html.push_str("</ul>");
        }
        (!html.is_empty()).then_some(html)
    }
}

struct Walk {
    blocks: Vec<Block>,
    chars: usize,
    stop: bool,
    /// The page's address, to tell links to its own site's stories.
    site: Option<url::Url>,
}

impl Walk {
    fn visit(&mut self, node: &NodeRef) {
        if self.stop || !node.is_element() {
            return;
        }
        let name = node.node_name().unwrap_or_default();
        if name.as_ref() == "h1" || is_subheading(&name) && self.links_to_own_site(node) {
            // Another story's headline: the page is a list of stories.
            self.stop = true;
            return;
        }
        if is_skipped(node) {
            return;
        }
        if TEXT_BLOCKS.contains(&name.as_ref()) {
            self.add(node, &name);
            return;
        }
        for child in node.children() {
            self.visit(&child);
            if self.stop {
                return;
            }
        }
    }

    /// Whether a heading links to a page of the page's own site: a story
    /// on a list of them. A list of products or places links elsewhere.
    fn links_to_own_site(&self, heading: &NodeRef) -> bool {
        Selection::from(*heading)
            .select("a[href]")
            .nodes()
            .iter()
            .any(|a| {
                let href = a.attr("href").unwrap_or_default();
                match self.site.as_ref().map(|site| site.join(&href)) {
                    Some(Ok(target)) => {
                        target.host_str() == self.site.as_ref().and_then(|s| s.host_str())
                            && target.path() != "/"
                    }
                    // Without the page's address, a relative link is its site's.
                    _ => url::Url::parse(&href).is_err(),
                }
            })
    }

    fn add(&mut self, node: &NodeRef, name: &str) {
        let text = squash_whitespace(&node.text());
        if text.is_empty() {
            return;
        }
        let compact = without_spacing(&text);
        self.chars += compact.chars().count();
        let links: usize = Selection::from(*node)
            .select("a")
            .nodes()
            .iter()
            .map(|a| html::measure_text(a, html::visible_size))
            .sum();
        let heading = is_subheading(name);
        let prose = !heading
            && text.split_whitespace().count() >= MIN_PROSE_WORDS
            && links * 2 < compact.len();
        self.blocks.push(Block {
            html: node.html().to_string(),
            ancestors: node.ancestors_it(Some(40)).map(|a| a.id).collect(),
            introduces: prose && text.ends_with(':'),
            compact,
            heading,
            item: name == "li",
            prose,
        });
        if self.blocks.len() >= MAX_BLOCKS || self.chars >= MAX_CHARS {
            self.stop = true;
        }
    }
}

/// Whether an element name is a heading below the headline's level.
pub(crate) fn is_subheading(name: &str) -> bool {
    matches!(name, "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Whether the element's text never opens the article: by its tag, its
/// class and id words, or because the page hides it.
fn is_skipped(node: &NodeRef) -> bool {
    let name = node.node_name().unwrap_or_default();
    SKIPPED.contains(&name.as_ref())
        || node.has_attr("hidden")
        || node.attr("aria-hidden").as_deref() == Some("true")
        || {
            let class = boilerplate::words_of(node, "class");
            let id = boilerplate::words_of(node, "id");
            boilerplate::names_widget_by(&class, &id)
                || class
                    .iter()
                    .chain(&id)
                    .any(|w| SKIPPED_MARKS.contains(&w.as_str()))
        }
}

fn in_navigation(node: &NodeRef) -> bool {
    node.ancestors_it(None)
        .any(|a| matches!(a.node_name().as_deref(), Some("nav" | "aside" | "footer")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opening_of(page: &str, extracted: &str) -> Option<String> {
        let doc = Document::from(page);
        Opening::read(
            &doc,
            &["Mali expels five French diplomats | RFI"],
            Some("https://www.rfi.fr/en/africa/mali-expels"),
        )?
        .before(extracted)
    }

    const SECTION: &str = "Bamako gave the diplomats seventy-two hours to leave the country.";

    #[test]
    fn the_introduction_before_the_section_readability_chose_is_kept() {
        let page = format!(
            "<body><header><h1><a href='/'>RFI</a></h1></header>
             <article><h2>Mali expels five French diplomats</h2>
             <p class='byline'>By Jane Doe and John Smith of our Africa desk</p>
             <div class='content'>
               <div class='sect'><p>The junta announced on Tuesday that five diplomats must go.</p>
                 <p>Short one.</p><h3>Why now</h3><p><a href='/a'>A link that is the whole paragraph of text</a></p>
                 <h3>The reaction</h3><p>Paris called the decision regrettable and without foundation.</p>
                 <p>Three ministers answered within the hour, in this order:</p>
                 <ul><li><a href='/f'>Foreign affairs</a></li><li><a href='/d'>Defence</a></li></ul>
                 <ul><li><a href='/n'>A list nobody introduced</a></li></ul></div>
               <div class='sect'><p>{SECTION}</p></div>
             </div></article></body>"
        );
        let opening = opening_of(&page, SECTION).unwrap();
        assert!(opening.contains("five diplomats must go"), "{opening}");
        assert!(
            opening.contains("<h3>The reaction</h3><p>Paris"),
            "{opening}"
        );
        // A heading with no prose after it, a short line, a paragraph of
        // links and the byline are not the article's opening.
        for gone in ["Why now", "Short one", "A link", "Jane Doe", "nobody"] {
            assert!(!opening.contains(gone), "{gone} in {opening}");
        }
    }

    #[test]
    fn a_standfirst_under_the_headline_is_left_to_readability() {
        let page = format!(
            "<body><article><header><h1>Mali expels five French diplomats</h1>
             <p class='standfirst'>The junta accuses them of backing a plot against the state.</p></header>
             <div class='body'><p>{SECTION}</p><p>More text follows here in the body.</p></div>
             </article></body>"
        );
        assert_eq!(opening_of(&page, SECTION), None);
    }

    #[test]
    fn a_page_listing_other_stories_adds_nothing() {
        for story in ["/b", "https://www.rfi.fr/en/b"] {
            let page = format!(
                "<body><main><h1>Mali expels five French diplomats</h1><div>
                 <h2><a href='{story}'>Another story entirely</a></h2>
                 <p>A summary of another story, long enough to pass for prose.</p>
                 <p>{SECTION}</p></div></main></body>"
            );
            assert_eq!(opening_of(&page, SECTION), None, "{story}");
        }
    }

    #[test]
    fn a_list_of_places_elsewhere_is_one_article_and_its_numbers_do_not_hide_its_start() {
        let page = format!(
            "<body><main><h1>Mali expels five French diplomats</h1><div class='list'>
             <p>Five places where the diplomats served, from the capital to the north of the country.</p>
             <div class='item'><span>1</span><h2><a href='https://bamako.example.org'>Bamako</a></h2>
             <p>{SECTION}</p></div></div></main></body>"
        );
        let extracted = format!("1Bamako{SECTION}");
        let opening = opening_of(&page, &extracted).unwrap();
        assert_eq!(
            opening,
            "<p>Five places where the diplomats served, from the capital to the north of the country.</p>"
        );
    }

    #[test]
    fn text_that_does_not_start_among_the_blocks_read_adds_nothing() {
        let page = "<body><h1>Mali expels five French diplomats</h1><div>
             <p>An introduction of some length that would otherwise be kept.</p>
             <p>Something else.</p></div></body>";
        assert_eq!(opening_of(page, SECTION), None);
        assert_eq!(opening_of(page, "Too short"), None);
    }
}
