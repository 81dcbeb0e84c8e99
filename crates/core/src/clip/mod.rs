//! From bytes to an article: pure functions, no I/O.
//!
//! [`extract`] takes the bytes of a page or of pasted text, decodes them
//! (see [`decode`]), finds the article (see [`html`] and [`plaintext`]), and
//! returns an [`Extracted`] article with sanitised HTML, plain text, the
//! metadata that could be found, the detected language, and the links that
//! may point to related coverage. It never panics on any input: oversized
//! input is refused, and parsing runs on a thread with a large stack so that
//! deeply nested markup cannot overflow it.

pub mod boilerplate;
pub mod decode;
pub mod html;
pub mod lang;
mod lead;
pub mod meta;
pub mod mhtml;
pub mod plaintext;
pub mod render;
mod streamed;
pub mod url;

use serde::Serialize;
use ts_rs::TS;

use crate::{Error, Result};

/// Larger inputs are refused rather than parsed.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;
/// The title of a clip in which nothing reads as one.
pub const UNTITLED: &str = "Untitled clip";
/// Parsing deeply nested HTML recurses; this keeps 200,000 levels safe.
const PARSER_STACK_BYTES: usize = 512 * 1024 * 1024;

/// What kind of document the bytes hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    /// A page saved as one MIME file ("Webpage, single file").
    Mhtml,
    Text,
}

/// An article as extracted from a page, before it is stored.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[ts(export)]
pub struct Extracted {
    pub title: String,
    pub byline: Option<String>,
    pub site_name: Option<String>,
    /// `YYYY-MM-DD`, or RFC 3339 when the time is known.
    pub published: Option<String>,
    /// When the page says it was last changed, in the same form.
    pub updated: Option<String>,
    /// ISO 639-1 code.
    pub lang: Option<String>,
    pub text: String,
    #[serde(skip)]
    pub html: String,
    pub links: Vec<ExtractedLink>,
    /// The page's own address for itself (its canonical link), else the
    /// address it was clipped from.
    pub url: Option<String>,
    /// The lead image's address; stored, never loaded while reading.
    pub image: Option<String>,
    pub excerpt: Option<String>,
    /// The title the page's metadata gives ("How to Build a Terrarium |
    /// eHow") when the headline differs from it; searched, not shown.
    #[serde(skip)]
    pub page_title: Option<String>,
}

/// A link found in an article. Headlines of related stories left inline in
/// pasted text have no `href`: they are resolved by title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExtractedLink {
    pub href: Option<String>,
    pub text: String,
    pub related: bool,
}

impl Format {
    /// The name stored with each article's original.
    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Mhtml => "mhtml",
            Format::Text => "text",
        }
    }

    /// The format of a stored original, by its [`name`](Format::name).
    pub fn from_name(name: &str) -> Format {
        match name {
            "html" => Format::Html,
            "mhtml" => Format::Mhtml,
            _ => Format::Text,
        }
    }
}

/// Guesses the format from a file name, then from the content.
pub fn sniff(bytes: &[u8], file_name: Option<&str>) -> Format {
    let ext = file_name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml" | "shtml") => return Format::Html,
        Some("mhtml" | "mht") => return Format::Mhtml,
        Some("txt" | "text" | "md") => return Format::Text,
        _ => {}
    }
    if mhtml::sniff(bytes) {
        return Format::Mhtml;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches(['\u{feff}', ' ', '\n', '\r', '\t']);
    let markup = [
        "<!doctype",
        "<html",
        "<head",
        "<body",
        "<article",
        "<div",
        "<p>",
        "<meta",
    ];
    if head.starts_with('<') && markup.iter().any(|m| head.contains(m)) {
        Format::Html
    } else {
        Format::Text
    }
}

/// Extracts an article from raw bytes. `url` is where the page came from,
/// when known; it resolves relative links and identifies the story.
pub fn extract(bytes: &[u8], url: Option<&str>, format: Format) -> Result<Extracted> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Error::InvalidInput(format!(
            "the input is {} MB; clips are limited to {} MB",
            bytes.len() / 1_000_000,
            MAX_INPUT_BYTES / 1_000_000
        )));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::InvalidInput(
            "there is nothing to clip: the input is empty".into(),
        ));
    }
    if format == Format::Mhtml {
        let page = mhtml::page(bytes).ok_or_else(|| {
            Error::InvalidInput("this saved page (MHTML) holds no HTML page".into())
        })?;
        let declared = page
            .charset
            .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
            .or_else(|| decode::declared_html_charset(&page.html));
        let text = decode::decode(&page.html, declared)?.text;
        let location = page.location.filter(|l| url::web_address(l).is_some());
        let url = url.map(str::to_string).or(location);
        return on_big_stack(move || extract_decoded(&text, url.as_deref(), Format::Html));
    }
    let declared = match format {
        Format::Html => decode::declared_html_charset(bytes),
        Format::Mhtml | Format::Text => None,
    };
    let text = decode::decode(bytes, declared)?.text;
    let url = url.map(str::to_string);
    on_big_stack(move || extract_decoded(&text, url.as_deref(), format))
}

/// Runs `work` on a thread whose stack survives deeply nested markup.
fn on_big_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    let worker = std::thread::Builder::new()
        .name("dispatch-extract".into())
        .stack_size(PARSER_STACK_BYTES)
        .spawn(work)
        .map_err(|e| Error::io("starting the extractor", e))?;
    worker
        .join()
        .map_err(|_| Error::InvalidInput("the page could not be parsed".into()))
}

fn extract_decoded(text: &str, url: Option<&str>, format: Format) -> Extracted {
    let mut article = match format {
        Format::Html | Format::Mhtml => html::extract(text, url),
        Format::Text => plaintext::extract(text),
    };
    if article.url.is_none() {
        article.url = url.map(str::to_string);
    }
    if article.site_name.is_none() {
        article.site_name = article.url.as_deref().and_then(url::site_of);
    }
    if let Some(detected) = lang::detect(&article.text) {
        article.lang = Some(detected);
    }
    if article.title.is_empty() {
        article.title = crate::text::truncate_words(article.text.lines().next().unwrap_or(""), 90);
    }
    if article.title.is_empty() {
        article.title = UNTITLED.into();
    }
    article
}

/// Keeps only what the reporter selected on a page: `page` is the whole
/// page's extraction (its metadata stays), `selection` the selected HTML,
/// which becomes the article's text, HTML and links as it is, without
/// looking for the article in it.
pub fn with_selection(mut page: Extracted, selection: &str) -> Result<Extracted> {
    let part = from_html(selection, page.url.as_deref())?;
    if part.text.trim().is_empty() {
        return Err(Error::InvalidInput("the selection has no text".into()));
    }
    page.excerpt = None;
    page.text = part.text;
    page.html = part.html;
    page.links = part.links;
    Ok(page)
}

/// An article that another tool already extracted (an export's text and
/// HTML): sanitised and read as it is. `html` wins over `text` when both
/// are given and the HTML has text.
pub fn from_parts(
    title: &str,
    text: &str,
    html: Option<&str>,
    url: Option<&str>,
) -> Result<Extracted> {
    let mut article = match html.filter(|h| !h.trim().is_empty()) {
        Some(html) => from_html(html, url)?,
        None => Extracted::default(),
    };
    if article.text.trim().is_empty() {
        article.text = text.trim().to_string();
        article.html = text_html(text);
        article.links = Vec::new();
    }
    article.title = crate::text::squash_whitespace(title);
    article.url = url.map(str::to_string);
    article.site_name = url.and_then(url::site_of);
    article.lang = lang::detect(&article.text);
    if article.title.is_empty() {
        article.title = crate::text::truncate_words(article.text.lines().next().unwrap_or(""), 90);
    }
    if article.title.is_empty() {
        article.title = UNTITLED.into();
    }
    Ok(article)
}

/// HTML fragment -> sanitised HTML, its text and its links.
fn from_html(fragment: &str, url: Option<&str>) -> Result<Extracted> {
    if fragment.len() > MAX_INPUT_BYTES {
        return Err(Error::InvalidInput("the HTML is too large to clip".into()));
    }
    let (fragment, url) = (fragment.to_string(), url.map(str::to_string));
    on_big_stack(move || {
        let html = html::sanitize(&fragment, url.as_deref());
        let (text, links) = html::text_and_links(&html, url.as_deref());
        Extracted {
            text,
            links,
            html,
            ..Extracted::default()
        }
    })
}

/// Plain text as HTML paragraphs (blank lines apart).
fn text_html(text: &str) -> String {
    let mut html = String::new();
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        html.push_str("<p>");
        html.push_str(&crate::text::escape_html(paragraph).replace('\n', "<br>"));
        html.push_str("</p>\n");
    }
    html
}

/// Normalises a date as pages write it in metadata to `YYYY-MM-DD` or RFC 3339.
pub fn normalize_date(raw: &str) -> Option<String> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    let raw = raw.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(raw) {
        return Some(dt.to_rfc3339());
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(raw) {
        return Some(dt.to_rfc3339());
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(raw, fmt) {
            return Some(dt.and_utc().to_rfc3339());
        }
    }
    for fmt in [
        "%Y-%m-%d%z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(raw, fmt) {
            return Some(dt.to_rfc3339());
        }
    }
    let date_part = raw.get(..10).unwrap_or(raw);
    NaiveDate::parse_from_str(date_part, "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_html_and_text() {
        assert_eq!(sniff(b"<!DOCTYPE html><html>", None), Format::Html);
        assert_eq!(sniff(b"  <p>para</p>", None), Format::Html);
        assert_eq!(
            sniff(b"Mali expels five French diplomats", None),
            Format::Text
        );
        assert_eq!(sniff(b"<p>", Some("clip.txt")), Format::Text);
    }

    #[test]
    fn normalizes_dates() {
        assert_eq!(normalize_date("2025-08-12").as_deref(), Some("2025-08-12"));
        assert_eq!(
            normalize_date("2025-08-12T10:30:00Z").as_deref(),
            Some("2025-08-12T10:30:00+00:00")
        );
        assert_eq!(
            normalize_date("Tue, 12 Aug 2025 10:30:00 +0200").as_deref(),
            Some("2025-08-12T10:30:00+02:00")
        );
        assert_eq!(normalize_date("yesterday"), None);
    }

    #[test]
    fn oversized_input_is_refused() {
        let big = vec![b'a'; MAX_INPUT_BYTES + 1];
        assert!(matches!(
            extract(&big, None, Format::Text),
            Err(Error::InvalidInput(_))
        ));
    }

    #[test]
    fn deeply_nested_html_does_not_overflow() {
        let depth = 200_000;
        let page = format!(
            "{}<p>deep</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let a = extract(page.as_bytes(), None, Format::Html).unwrap();
        assert!(a.text.contains("deep") || a.title == "Untitled clip");
    }
}
