//! Netscape bookmark files, as every browser and Pocket export them:
//!
//! ```html
//! <DL><p>
//!   <DT><H3>Mali</H3>
//!   <DL><p>
//!     <DT><A HREF="https://..." ADD_DATE="1692182400" TAGS="sahel,junta">Headline</A>
//!   </DL><p>
//! </DL>
//! ```
//!
//! Each link becomes a pending article (its page is fetched later) with
//! its title, `ADD_DATE` as the clip date, its description (`<DD>`) as the
//! note, and as tags its `TAGS` and the names of the folders it sits in,
//! except a browser's own top folders ("Bookmarks bar", "Other
//! bookmarks"...).

use std::sync::LazyLock;

use regex::Regex;

use super::{pending_item, Import, ImportProblem};
use crate::archive::Known;
use crate::clip::url::web_address;
use crate::{Error, Result};

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<h3([^>]*)>(.*?)</h3>|<a\s([^>]*)>(.*?)</a>|<dd>([^<]*)|<dl[\s>]|</dl\s*>")
        .unwrap()
});
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)([a-z_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#).unwrap()
});
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").unwrap());

/// Top folders that browsers make themselves: not the reporter's topics.
const BROWSER_FOLDERS: &[&str] = &[
    "bookmarks bar",
    "bookmarks toolbar",
    "bookmarks menu",
    "other bookmarks",
    "mobile bookmarks",
    "favorites bar",
    "unread",
    "read archive",
    "pocket",
];

pub fn parse(bytes: &[u8]) -> Result<Import> {
    let text = super::utf8(bytes, "bookmarks")?;
    let head = text
        .get(..text.len().min(1024))
        .unwrap_or("")
        .to_ascii_lowercase();
    if !head.contains("netscape-bookmark-file") && !text.to_ascii_lowercase().contains("<dt>") {
        return Err(Error::InvalidInput(
            "this is not a bookmarks file (Netscape bookmark HTML, as browsers export)".into(),
        ));
    }
    let mut import = Import::default();
    // The folder each open <DL> belongs to (None: not one of the reporter's).
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut next_folder: Option<Option<String>> = None;
    for token in TOKEN.captures_iter(&text) {
        if let Some(attributes) = token.get(1) {
            let name = unescape(&TAG.replace_all(&token[2], ""));
            let special = attribute(attributes.as_str(), "personal_toolbar_folder").is_some()
                || attribute(attributes.as_str(), "unfiled_bookmarks_folder").is_some()
                || BROWSER_FOLDERS.contains(&name.to_lowercase().as_str());
            next_folder = Some((!special && !name.is_empty()).then_some(name));
        } else if let Some(attributes) = token.get(3) {
            let attributes = attributes.as_str();
            let title = unescape(&TAG.replace_all(&token[4], ""));
            let href = attribute(attributes, "href")
                .map(|h| unescape(&h))
                .unwrap_or_default();
            let label = if title.is_empty() {
                href.clone()
            } else {
                title.clone()
            };
            let Some(url) = web_address(&href) else {
                import.problems.push(ImportProblem {
                    item: label,
                    message: format!("“{href}” is not a web address"),
                });
                continue;
            };
            let mut tags: Vec<String> = attribute(attributes, "tags")
                .map(|t| {
                    t.split(',')
                        .map(|t| unescape(t.trim()))
                        .filter(|t| !t.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            tags.extend(folders.iter().flatten().cloned());
            let known = Known {
                title: Some(title),
                clipped: attribute(attributes, "add_date").and_then(|d| super::unix_time(&d)),
                ..Known::default()
            };
            import.items.push(pending_item(
                label,
                url.to_string(),
                known,
                tags,
                String::new(),
            ));
        } else if let Some(description) = token.get(5) {
            if let Some(crate::io::ItemSource::Ready(last)) =
                import.items.last_mut().map(|i| &mut i.source)
            {
                last.note = unescape(description.as_str());
            }
        } else if token[0].starts_with("</") {
            folders.pop();
        } else {
            folders.push(next_folder.take().flatten());
        }
    }
    if import.items.is_empty() && import.problems.is_empty() {
        return Err(Error::InvalidInput(
            "this bookmarks file has no bookmarks".into(),
        ));
    }
    Ok(import)
}

fn attribute(attributes: &str, name: &str) -> Option<String> {
    ATTRIBUTE.captures_iter(attributes).find_map(|c| {
        c[1].eq_ignore_ascii_case(name).then(|| {
            c.get(2)
                .or(c.get(3))
                .or(c.get(4))
                .map_or(String::new(), |m| m.as_str().to_string())
        })
    })
}

/// Character references as bookmark files write them.
fn unescape(text: &str) -> String {
    let text = crate::text::squash_whitespace(text);
    if !text.contains('&') {
        return text;
    }
    dom_query::Document::from(format!("<p>{}</p>", text.replace('<', "&lt;")).as_str())
        .select("p")
        .text()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::ItemSource;

    const FILE: &str = r#"<!DOCTYPE NETSCAPE-Bookmark-file-1>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1692000000" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>
    <DL><p>
        <DT><H3>Mali &amp; Sahel</H3>
        <DL><p>
            <DT><A HREF="https://www.rfi.fr/en/africa/mali-expels" ADD_DATE="1692182400" TAGS="junta,france">Mali expels French diplomats &#8211; RFI</A>
            <DD>Check the ministry&#39;s statement
            <DT><A HREF="javascript:void(0)">A bookmarklet</A>
        </DL><p>
        <DT><A HREF="https://www.lemonde.fr/afrique/x.html" ADD_DATE="1692268800">Le Mali &eacute;carte</A>
    </DL><p>
</DL><p>
"#;

    #[test]
    fn links_become_pending_articles_with_folders_as_tags() {
        let import = parse(FILE.as_bytes()).unwrap();
        assert_eq!(import.items.len(), 2);
        assert_eq!(import.problems.len(), 1);
        assert_eq!(import.problems[0].item, "A bookmarklet");
        let ItemSource::Ready(first) = &import.items[0].source else {
            panic!()
        };
        assert!(first.is_pending());
        assert_eq!(
            first.url.as_deref(),
            Some("https://www.rfi.fr/en/africa/mali-expels")
        );
        assert_eq!(
            first.known.title.as_deref(),
            Some("Mali expels French diplomats – RFI")
        );
        assert_eq!(first.known.clipped.as_deref(), Some("2023-08-16T10:40:00Z"));
        assert_eq!(first.tags, ["junta", "france", "Mali & Sahel"]);
        assert_eq!(first.note, "Check the ministry's statement");
        let ItemSource::Ready(second) = &import.items[1].source else {
            panic!()
        };
        assert_eq!(second.known.title.as_deref(), Some("Le Mali écarte"));
        assert!(second.tags.is_empty(), "the toolbar is not a topic");
    }

    #[test]
    fn other_files_are_refused() {
        assert!(parse(b"<html><body><p>Just a page</p></body></html>").is_err());
        assert!(parse(b"").is_err());
        assert!(parse(b"\xff\xd8\xff\xe0 JFIF").is_err());
    }
}
