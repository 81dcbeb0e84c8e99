//! wallabag's JSON export: an array of entries with `title`, `url`,
//! `content` (the article's HTML, already extracted by wallabag), `tags`,
//! `created_at`, `published_at`, `published_by`, `language` and
//! `preview_picture`. Entries without content are stored as pending.

use serde::Deserialize;

use super::{pending_item, Import, ImportItem, ImportProblem, ItemSource};
use crate::archive::{ClipRequest, Known};
use crate::clip::{self, url::web_address};
use crate::{Error, Result};

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    tags: Vec<Tag>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    published_at: Option<String>,
    #[serde(default)]
    published_by: Option<Vec<String>>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    preview_picture: Option<String>,
}

/// wallabag writes tags as strings, or as `{label}` objects in some versions.
#[derive(Deserialize)]
#[serde(untagged)]
enum Tag {
    Name(String),
    Object { label: String },
}

pub fn parse(bytes: &[u8]) -> Result<Import> {
    let text = super::utf8(bytes, "wallabag")?;
    let entries: Vec<serde_json::Value> = serde_json::from_str(&text).map_err(|e| {
        Error::InvalidInput(format!(
            "this is not a wallabag export (a JSON array of entries): {e}"
        ))
    })?;
    let mut import = Import::default();
    for (n, value) in entries.into_iter().enumerate() {
        let label_of = |title: Option<&str>| {
            title
                .filter(|t| !t.trim().is_empty())
                .map_or_else(|| format!("entry {}", n + 1), str::to_string)
        };
        match serde_json::from_value::<Entry>(value) {
            Ok(entry) => {
                let label = label_of(entry.title.as_deref());
                match item(entry, label.clone()) {
                    Ok(item) => import.items.push(item),
                    Err(message) => import.problems.push(ImportProblem {
                        item: label,
                        message,
                    }),
                }
            }
            Err(e) => import.problems.push(ImportProblem {
                item: label_of(None),
                message: format!("unreadable entry: {e}"),
            }),
        }
    }
    Ok(import)
}

fn item(entry: Entry, label: String) -> Result<ImportItem, String> {
    let url = entry
        .url
        .as_deref()
        .and_then(web_address)
        .map(|u| u.to_string());
    let tags = entry
        .tags
        .into_iter()
        .map(|t| match t {
            Tag::Name(n) => n,
            Tag::Object { label } => label,
        })
        .collect();
    let known = Known {
        title: entry.title.clone(),
        clipped: entry.created_at.as_deref().and_then(super::any_date),
        ..Known::default()
    };
    let content = entry.content.unwrap_or_default();
    if content.trim().is_empty() {
        return match url {
            Some(url) => Ok(pending_item(label, url, known, tags, String::new())),
            None => Err("no content and no web address to fetch it from".into()),
        };
    }
    let title = entry.title.unwrap_or_default();
    let mut article =
        clip::from_parts(&title, "", Some(&content), url.as_deref()).map_err(|e| e.to_string())?;
    if article.text.trim().is_empty() {
        return Err("its content has no text".into());
    }
    article.byline = entry
        .published_by
        .map(|names| names.join(", "))
        .filter(|b| !b.trim().is_empty());
    article.published = entry.published_at.as_deref().and_then(clip::normalize_date);
    if let Some(lang) = entry.language.filter(|l| l.len() >= 2) {
        article.lang = Some(lang[..2].to_ascii_lowercase());
    }
    article.image = entry.preview_picture.filter(|p| web_address(p).is_some());
    Ok(ImportItem {
        label,
        source: ItemSource::Ready(Box::new(ClipRequest {
            url,
            tags,
            known,
            content: Some(article),
            ..ClipRequest::default()
        })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_keep_their_content_authors_and_tags() {
        let json = r#"[
          {"id": 1, "title": "Mali expels French diplomats", "url": "https://www.rfi.fr/en/a",
           "content": "<p>The junta <b>expelled</b> five diplomats.</p><script>alert(1)</script>",
           "tags": ["mali", {"label": "france"}], "created_at": "2025-08-16T12:00:00+02:00",
           "published_at": "2025-08-15T09:00:00+00:00", "published_by": ["A. Reporter"],
           "language": "en_GB"},
          {"title": "Bookmark only", "url": "https://www.lemonde.fr/b", "content": ""},
          {"title": "Nowhere", "content": ""},
          42
        ]"#;
        let import = parse(json.as_bytes()).unwrap();
        assert_eq!(import.items.len(), 2);
        assert_eq!(import.problems.len(), 2);
        let ItemSource::Ready(first) = &import.items[0].source else {
            panic!()
        };
        let article = first.content.as_ref().unwrap();
        assert_eq!(article.text, "The junta expelled five diplomats.");
        assert!(!article.html.contains("script"));
        assert_eq!(article.byline.as_deref(), Some("A. Reporter"));
        assert_eq!(article.lang.as_deref(), Some("en"));
        assert_eq!(first.tags, ["mali", "france"]);
        assert_eq!(first.known.clipped.as_deref(), Some("2025-08-16T10:00:00Z"));
        assert!(import.items[1].source_is_pending());
    }

    #[test]
    fn other_json_is_refused() {
        assert!(parse(br#"{"articles": []}"#).is_err());
        assert!(parse(b"nope").is_err());
    }
}
