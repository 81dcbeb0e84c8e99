//! Dispatch's own JSON format (`dispatch export json`, `import json`):
//!
//! ```json
//! {"format": "dispatch", "version": 1, "exported": "2026-11-27T10:00:00Z",
//!  "articles": [{"key": 1, "url": "...", "title": "...", "text": "...", "html": "...",
//!                "tags": [], "note": "", "byline": null, "outlet": null, "published": null,
//!                "updated": null, "clipped": "...", "lang": "fr", "image": null,
//!                "links": [{"href": "...", "text": "...", "related": true}],
//!                "pending": false, "original": {"format": "html", "base64": "..."}}],
//!  "threads": [{"name": "France–Mali rift", "articles": [1, 2]}],
//!  "pairs": [{"a": 1, "b": 2, "linked": true}]}
//! ```
//!
//! Only `title` and `text` are required on import, so other tools can
//! write it. `key` ties threads and pairs to articles within one file.
//! With `original`, the article keeps the page as it was clipped, so a
//! later extractor can read it again.

use base64::Engine;
use serde::{Deserialize, Serialize};

use super::{Import, ImportItem, ImportProblem, ImportThread, ItemSource};
use crate::archive::{ClipRequest, Known};
use crate::clip::{self, ExtractedLink, Format};
use crate::{Error, Result};

#[derive(Debug, Serialize, Deserialize)]
pub struct Export {
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub version: u32,
    #[serde(default)]
    pub exported: Option<String>,
    pub articles: Vec<ExportArticle>,
    #[serde(default)]
    pub threads: Vec<ExportThread>,
    #[serde(default)]
    pub pairs: Vec<ExportPair>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExportArticle {
    #[serde(default)]
    pub key: Option<i64>,
    #[serde(default)]
    pub url: Option<String>,
    pub title: String,
    pub text: String,
    #[serde(default)]
    pub html: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub byline: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub clipped: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub links: Option<Vec<ExportLink>>,
    #[serde(default)]
    pub pending: bool,
    #[serde(default)]
    pub original: Option<ExportOriginal>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportLink {
    #[serde(default)]
    pub href: Option<String>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub related: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportOriginal {
    pub format: String,
    pub base64: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ExportThread {
    pub name: String,
    #[serde(default)]
    pub articles: Vec<i64>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ExportPair {
    pub a: i64,
    pub b: i64,
    pub linked: bool,
}

impl ExportOriginal {
    pub fn new(format: &str, bytes: &[u8]) -> ExportOriginal {
        ExportOriginal {
            format: format.to_string(),
            base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }
}

pub fn parse(bytes: &[u8]) -> Result<Import> {
    let text = super::utf8(bytes, "JSON")?;
    let export: Export = serde_json::from_str(&text).map_err(|e| {
        Error::InvalidInput(format!(
            "this is not a Dispatch JSON export ({e}); it needs {{\"articles\": [{{\"title\", \"text\"}}]}}"
        ))
    })?;
    let mut import = Import::default();
    let mut index_of_key = std::collections::HashMap::new();
    for (n, article) in export.articles.into_iter().enumerate() {
        let label = if article.title.trim().is_empty() {
            format!("article {}", n + 1)
        } else {
            article.title.clone()
        };
        if let Some(message) = unreadable(&article) {
            import.problems.push(ImportProblem {
                item: label,
                message,
            });
            continue;
        }
        if let Some(key) = article.key {
            index_of_key.insert(key, import.items.len());
        }
        // Read into an article (sanitising its HTML: the costly part) by
        // the import's workers, on every core.
        import.items.push(ImportItem {
            label,
            source: ItemSource::Record(Box::new(article)),
        });
    }
    for thread in export.threads {
        import.threads.push(ImportThread {
            items: thread
                .articles
                .iter()
                .filter_map(|k| index_of_key.get(k).copied())
                .collect(),
            name: thread.name,
        });
    }
    for pair in export.pairs {
        if let (Some(&a), Some(&b)) = (index_of_key.get(&pair.a), index_of_key.get(&pair.b)) {
            import.pairs.push((a, b, pair.linked));
        }
    }
    Ok(import)
}

/// Why a record cannot be imported, if it cannot.
fn unreadable(a: &ExportArticle) -> Option<String> {
    let has_address = a
        .url
        .as_deref()
        .is_some_and(|u| clip::url::web_address(u).is_some());
    (!has_content(a) && !has_address).then(|| "no text and no web address to fetch it from".into())
}

fn has_content(a: &ExportArticle) -> bool {
    !a.pending
        && (!a.text.trim().is_empty() || a.html.as_deref().is_some_and(|h| !h.trim().is_empty()))
}

/// Whether a record will be stored pending (no text to read yet).
pub fn is_pending(a: &ExportArticle) -> bool {
    !has_content(a)
}

/// A record as a clip request, or why it cannot be one.
pub fn request(a: ExportArticle) -> Result<ClipRequest, String> {
    if let Some(message) = unreadable(&a) {
        return Err(message);
    }
    let known = Known {
        title: Some(a.title.clone()),
        clipped: a.clipped.as_deref().and_then(super::any_date),
        ..Known::default()
    };
    let url = a
        .url
        .clone()
        .filter(|u| clip::url::web_address(u).is_some());
    if !has_content(&a) {
        return Ok(ClipRequest {
            url,
            known,
            tags: a.tags,
            note: a.note,
            ..ClipRequest::default()
        });
    }
    let original = match &a.original {
        Some(o) => Some((
            base64::engine::general_purpose::STANDARD
                .decode(o.base64.as_bytes())
                .map_err(|e| format!("its original is not base64 ({e})"))?,
            Format::from_name(&o.format),
        )),
        None => None,
    };
    let mut content = clip::from_parts(&a.title, &a.text, a.html.as_deref(), url.as_deref())
        .map_err(|e| e.to_string())?;
    // What the file says wins over what is read from the text.
    content.byline = a.byline;
    if a.outlet.is_some() {
        content.site_name = a.outlet;
    }
    content.published = a.published;
    content.updated = a.updated;
    if a.lang.is_some() {
        content.lang = a.lang;
    }
    content.image = a.image;
    if let Some(links) = a.links {
        content.links = links
            .into_iter()
            .map(|l| ExtractedLink {
                href: l.href,
                text: l.text,
                related: l.related,
            })
            .collect();
    }
    let (bytes, format) = original.map_or((Vec::new(), None), |(b, f)| (b, Some(f)));
    Ok(ClipRequest {
        bytes,
        format,
        url,
        tags: a.tags,
        note: a.note,
        content: Some(content),
        known,
        ..ClipRequest::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_title_and_text_are_needed() {
        let import = parse(
            br#"{"articles": [{"title": "Mali expels diplomats", "text": "Bamako said so."}]}"#,
        )
        .unwrap();
        assert_eq!(import.items.len(), 1);
        let ItemSource::Record(record) = &import.items[0].source else {
            panic!()
        };
        let r = request((**record).clone()).unwrap();
        let content = r.content.as_ref().unwrap();
        assert_eq!(content.title, "Mali expels diplomats");
        assert_eq!(content.text, "Bamako said so.");
        assert_eq!(content.html, "<p>Bamako said so.</p>\n");
    }

    #[test]
    fn items_without_text_or_address_are_problems_and_broken_files_are_refused() {
        let import = parse(
            br#"{"articles": [{"title": "", "text": ""}, {"title": "Bookmark", "text": "", "url": "https://example.com/a"}]}"#,
        )
        .unwrap();
        assert_eq!(import.problems.len(), 1);
        assert_eq!(import.items.len(), 1);
        assert!(import.items[0].source_is_pending());
        for broken in [
            &b"{\"articles\": [{\"title\": \"x\"}"[..],
            b"[]",
            b"\xff\xfe",
            b"",
        ] {
            assert!(
                matches!(parse(broken), Err(Error::InvalidInput(_))),
                "{broken:?}"
            );
        }
    }
}
