//! Plain text as a reporter pastes it from a web page.
//!
//! Pasted articles come as one line per paragraph (or hard-wrapped blocks
//! separated by blank lines), often without a headline, with subheads, with
//! the headlines of related stories that the page interleaved, and with a
//! sign-off such as "(with newswires)". Each non-empty line is classified:
//!
//! - a paragraph ends like a sentence (`.`, `?`, `!`, `:`, or a closing quote
//!   after one) or is long;
//! - a short line that does not (up to [`MAX_SUBHEAD_WORDS`] words, or
//!   quoted) is a subhead;
//! - a longer one that does not is the headline of a related story: kept
//!   where it stood (it is part of what was clipped, and searchable) and
//!   recorded as a related link, to be resolved against the archive;
//! - a short parenthesised line at the end is a sign-off.
//!
//! The title is the first line when it reads like one; otherwise the first
//! sentence, cut at a clause boundary, stands in (editable later).

use super::{Extracted, ExtractedLink};
use crate::text::{escape_html, squash_whitespace, truncate_words};

/// Subheads are short; a headline of a related story is a full clause.
const MAX_SUBHEAD_WORDS: usize = 5;
/// A line longer than this is a paragraph whatever its ending.
const MAX_HEADING_CHARS: usize = 200;
/// A title made from the first sentence is cut around this length.
const MAX_DERIVED_TITLE_CHARS: usize = 90;

#[derive(Debug, PartialEq)]
enum Block {
    Paragraph(String),
    Subhead(String),
    RelatedHeadline(String),
}

/// Extracts an article from decoded plain text.
pub fn extract(text: &str) -> Extracted {
    let lines = logical_lines(text);
    let mut lines: &[String] = &lines;

    let mut signoff = None;
    if let Some(last) = lines.last() {
        if is_signoff(last) {
            signoff = Some(last.trim_matches(['(', ')']).trim().to_string());
            lines = &lines[..lines.len() - 1];
        }
    }

    let mut title = None;
    if lines.len() > 1 && reads_like_title(&lines[0]) && dateline(&lines[0]).is_none() {
        title = Some(lines[0].clone());
        lines = &lines[1..];
    }

    // A dateline opening the text or under its headline ("May 03, 2013", "Published:
    // July 28, 2004 at 1:24 PM") is the publication date, not text.
    let mut lines = lines.to_vec();
    let found = lines
        .iter()
        .take(if title.is_some() { 3 } else { 1 })
        .enumerate()
        .find_map(|(at, l)| dateline(l).map(|date| (at, date)));
    let published = found.map(|(at, date)| {
        lines.remove(at);
        date
    });

    let mut blocks: Vec<Block> = lines.iter().map(|l| classify(l)).collect();
    // A headline with only its date under it is the text too (an empty text
    // would be refused as no article at all), not a link to another story.
    if blocks.is_empty() {
        blocks.extend(title.clone().map(Block::Paragraph));
    }
    let title = title.unwrap_or_else(|| derived_title(&blocks));

    let mut html = String::new();
    let mut body = Vec::new();
    let mut links = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                html.push_str(&format!("<p>{}</p>\n", escape_html(&p)));
                body.push(p);
            }
            Block::Subhead(h) => {
                html.push_str(&format!("<h3>{}</h3>\n", escape_html(&h)));
                body.push(h);
            }
            Block::RelatedHeadline(h) => {
                html.push_str(&format!("<p><cite>{}</cite></p>\n", escape_html(&h)));
                body.push(h.clone());
                links.push(ExtractedLink {
                    href: None,
                    text: h,
                    related: true,
                });
            }
        }
    }

    Extracted {
        title,
        byline: signoff,
        published,
        text: body.join("\n\n"),
        html,
        links,
        ..Extracted::default()
    }
}

/// Splits into paragraphs: one per line, except that hard-wrapped blocks
/// (blank-line separated, lines not ending sentences) are joined.
fn logical_lines(text: &str) -> Vec<String> {
    let raw: Vec<&str> = text.lines().map(str::trim).collect();
    let blocks: Vec<&[&str]> = raw
        .split(|l| l.is_empty())
        .filter(|b| !b.is_empty())
        .collect();
    // In wrapped text, lines inside a block stop mid-sentence.
    let inner_lines: Vec<&str> = blocks
        .iter()
        .flat_map(|b| b[..b.len() - 1].iter().copied())
        .collect();
    // Wrapped text has no long lines, and most lines inside a block stop
    // mid-sentence near the wrap width (subheads above paragraphs do not).
    let longest = raw.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let broken = inner_lines
        .iter()
        .filter(|l| !ends_sentence(l) && l.chars().count() >= 40)
        .count();
    let hard_wrapped = longest <= 100 && broken >= 3 && broken * 2 >= inner_lines.len();

    if !hard_wrapped {
        return raw
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| squash_whitespace(l))
            .collect();
    }
    blocks
        .iter()
        .map(|block| squash_whitespace(&block.join(" ")))
        .collect()
}

/// The date of a line that is only a dateline: short, not a sentence,
/// with a full date in it.
fn dateline(line: &str) -> Option<String> {
    if line.chars().count() > 80 || ends_sentence(line) {
        return None;
    }
    super::meta::dates_in(line, false).next()
}

fn classify(line: &str) -> Block {
    if ends_sentence(line) || line.chars().count() > MAX_HEADING_CHARS || dateline(line).is_some() {
        return Block::Paragraph(line.to_string());
    }
    let words = line.split_whitespace().count();
    let quoted = line.starts_with(['\'', '"', '‘', '“', '«']);
    if words <= MAX_SUBHEAD_WORDS || quoted {
        Block::Subhead(line.to_string())
    } else {
        Block::RelatedHeadline(line.to_string())
    }
}

fn reads_like_title(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '\'', '’', '”', ' ']);
    line.chars().count() <= MAX_HEADING_CHARS && !trimmed.ends_with(['.', ',', ';'])
}

fn ends_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '\'', '’', '”', '»', ')', ' ', '\u{a0}']);
    trimmed.ends_with(['.', '!', '?', ':', '…', ';'])
}

fn is_signoff(line: &str) -> bool {
    line.starts_with('(') && line.ends_with(')') && line.split_whitespace().count() <= 5
}

/// The first sentence, cut at a clause boundary when long: "Relations
/// between France and Mali have worsened, after France suspended…" gives
/// "Relations between France and Mali have worsened".
fn derived_title(blocks: &[Block]) -> String {
    let first = blocks.iter().find_map(|b| match b {
        Block::Paragraph(p) => Some(p.as_str()),
        _ => None,
    });
    let Some(first) = first else {
        return blocks
            .iter()
            .find_map(|b| match b {
                Block::Subhead(s) | Block::RelatedHeadline(s) => Some(s.clone()),
                Block::Paragraph(_) => None,
            })
            .unwrap_or_else(|| super::UNTITLED.to_string());
    };
    let sentence = first_sentence(first);
    if sentence.chars().count() <= MAX_DERIVED_TITLE_CHARS {
        return sentence.trim_end_matches('.').to_string();
    }
    for sep in [", ", " – ", " — ", "; ", " - "] {
        if let Some(at) = sentence.find(sep) {
            let clause = &sentence[..at];
            if clause.split_whitespace().count() >= 4
                && clause.chars().count() <= MAX_DERIVED_TITLE_CHARS
            {
                return clause.to_string();
            }
        }
    }
    truncate_words(sentence, MAX_DERIVED_TITLE_CHARS)
}

fn first_sentence(paragraph: &str) -> &str {
    let bytes = paragraph.as_bytes();
    for (i, c) in paragraph.char_indices() {
        if matches!(c, '.' | '!' | '?') {
            let next = bytes.get(i + 1);
            let word_before = paragraph[..i].rsplit(' ').next().unwrap_or("");
            // "U.S." or "Mr." are not ends of sentences.
            let abbreviation = word_before.len() <= 2 || word_before.contains('.');
            if next.is_none_or(|b| *b == b' ') && !abbreviation {
                return &paragraph[..=i];
            }
        }
    }
    paragraph
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("../../../../../shared/fixtures/france-mali-plaintext.txt");

    #[test]
    fn pasted_rfi_article_without_title() {
        let a = extract(FIXTURE);
        assert_eq!(a.title, "Relations between France and Mali have worsened");
        let related: Vec<&str> = a.links.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            related,
            [
                "Mali arrests French national and generals accused of foreign-backed plot",
                "Wagner Russian paramilitary group's troubled legacy in Mali revealed",
            ]
        );
        assert!(a.html.contains("<h3>Ties collapsed</h3>"));
        assert!(a.html.contains("<h3>'Violation of international law'</h3>"));
        assert!(a.html.contains("<p><cite>Mali arrests French national"));
        assert!(!a.text.contains("with newswires"));
        assert_eq!(a.byline.as_deref(), Some("with newswires"));
        assert!(a.text.starts_with("Relations between France and Mali"));
        assert!(a.text.ends_with("has now been severed."));
    }

    #[test]
    fn a_dateline_under_the_headline_is_the_publication_date() {
        let a = extract("Lindsay Lohan checks into Betty Ford Center\nPublished: May 03, 2013 4: 59 PM EDT\nAfter skipping rehab, Lindsay Lohan has checked in.\nReid checked in on Tuesday, December 9, 2008.\n");
        assert_eq!(a.published.as_deref(), Some("2013-05-03"));
        assert!(!a.text.contains("Published"), "{}", a.text);
        assert!(a.text.contains("December 9, 2008"));
        let undated = extract("Title here\nOn 15 August 2025, the junta announced an arrest.\n");
        assert_eq!(undated.published, None);
    }

    #[test]
    fn a_headline_with_only_its_dateline_is_kept_as_text() {
        let a = extract("Jury decides Scott Peterson should be executed\nDecember 13, 2004");
        assert_eq!(a.title, "Jury decides Scott Peterson should be executed");
        assert_eq!(a.published.as_deref(), Some("2004-12-13"));
        assert_eq!(a.text, a.title);
        assert!(a.links.is_empty());
    }

    #[test]
    fn first_line_headline_is_the_title() {
        let a = extract("Rolling Stones to return to Hyde Park\n\nThe Rolling Stones are to perform.\n\nThe gig will take place on 6 July.\n");
        assert_eq!(a.title, "Rolling Stones to return to Hyde Park");
        assert_eq!(
            a.text,
            "The Rolling Stones are to perform.\n\nThe gig will take place on 6 July."
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let a = extract("Title here\n\nThis paragraph was wrapped by an email client at a fixed\nwidth so its lines break in the middle of sentences and\nmust be joined again.\n\nSecond paragraph, also wrapped at a fixed width so that\nit spans lines.\n");
        assert_eq!(a.title, "Title here");
        assert!(a
            .text
            .starts_with("This paragraph was wrapped by an email client at a fixed width so"));
        assert_eq!(a.text.matches("\n\n").count(), 1);
    }

    #[test]
    fn subheads_above_paragraphs_are_not_hard_wrapping() {
        let text = "Evolution of the Draft\n\n1947-65: Territorial Picks\nIn the league's early years, when teams were struggling to include fan bases, the draft included territorial picks that went on.\n\n1966-84: The Coin Flip\nFrom 1966 to 1984, the worst teams from each conference flipped a coin to determine who got the first pick of the draft.\n\n1985: The Lottery\nThe lottery was introduced in 1985 to discourage teams from losing on purpose in order to get the first pick.\n";
        let a = extract(text);
        assert!(
            a.text
                .starts_with("1947-65: Territorial Picks\n\nIn the league's"),
            "{}",
            a.text
        );
        assert!(a.html.contains("<h3>1985: The Lottery</h3>"));
    }

    #[test]
    fn empty_text_gets_a_placeholder_title() {
        let a = extract("  \n\n");
        assert_eq!(a.title, "Untitled clip");
        assert!(a.text.is_empty());
    }
}
