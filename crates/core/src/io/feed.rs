//! RSS and Atom feeds (and JSON Feed), read with `feed-rs`: the feed's
//! title and its items, each with the key that tells it apart from the
//! others over time (its id, else its link, else its title).

use crate::clip::url::web_address;
use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    pub key: String,
    pub title: Option<String>,
    /// The story's address.
    pub link: Option<String>,
    pub published: Option<String>,
    pub authors: Vec<String>,
    /// The item's own text, as HTML (its content, else its summary).
    pub content: Option<String>,
}

pub fn parse(bytes: &[u8], url: Option<&str>) -> Result<Feed> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(url)
        .build()
        .parse(bytes)
        .map_err(|e| Error::InvalidInput(format!("this is not an RSS or Atom feed ({e})")))?;
    let items = feed
        .entries
        .into_iter()
        .filter_map(|entry| {
            let link = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(entry.links.first())
                .and_then(|l| web_address(&l.href))
                .map(|u| u.to_string());
            let title = entry
                .title
                .map(|t| crate::text::squash_whitespace(&t.content));
            let key = Some(entry.id)
                .filter(|id| !id.trim().is_empty())
                .or_else(|| link.clone())
                .or_else(|| title.clone())?;
            let content = entry
                .content
                .and_then(|c| c.body)
                .or(entry.summary.map(|s| s.content))
                .filter(|c| !c.trim().is_empty());
            Some(FeedItem {
                key,
                title: title.filter(|t| !t.is_empty()),
                link,
                published: entry
                    .published
                    .or(entry.updated)
                    .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                authors: entry
                    .authors
                    .into_iter()
                    .filter_map(|a| a.name)
                    .filter(|n| !n.trim().is_empty())
                    .collect(),
                content,
            })
        })
        .collect();
    Ok(Feed {
        title: feed
            .title
            .map(|t| crate::text::squash_whitespace(&t.content))
            .filter(|t| !t.is_empty()),
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_and_atom_items() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>RFI - Africa</title>
            <item><title>Mali expels French diplomats</title><link>https://www.rfi.fr/en/a</link>
              <guid>rfi-1</guid><pubDate>Sat, 16 Aug 2025 10:00:00 GMT</pubDate>
              <description>&lt;p&gt;The junta said so.&lt;/p&gt;</description></item>
            <item><title>No guid</title><link>https://www.rfi.fr/en/b</link></item>
            </channel></rss>"#;
        let feed = parse(rss, Some("https://www.rfi.fr/en/rss")).unwrap();
        assert_eq!(feed.title.as_deref(), Some("RFI - Africa"));
        assert_eq!(feed.items.len(), 2);
        assert_eq!(feed.items[0].key, "rfi-1");
        assert_eq!(
            feed.items[0].published.as_deref(),
            Some("2025-08-16T10:00:00Z")
        );
        assert_eq!(
            feed.items[0].content.as_deref(),
            Some("<p>The junta said so.</p>")
        );
        assert!(!feed.items[1].key.is_empty());
        let atom = br#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
            <title>Le Monde Afrique</title><id>urn:lm</id><updated>2025-08-16T10:00:00Z</updated>
            <entry><title>Le Mali expulse</title><id>urn:lm:1</id><link href="https://www.lemonde.fr/x.html"/>
              <updated>2025-08-16T10:00:00Z</updated><author><name>Jane Doe</name></author>
              <content type="html">&lt;p&gt;Texte&lt;/p&gt;</content></entry></feed>"#;
        let feed = parse(atom, None).unwrap();
        assert_eq!(
            feed.items[0].link.as_deref(),
            Some("https://www.lemonde.fr/x.html")
        );
        assert_eq!(feed.items[0].authors, ["Jane Doe"]);
    }

    #[test]
    fn other_bytes_are_refused() {
        assert!(parse(b"<html><body>not a feed</body></html>", None).is_err());
        assert!(parse(b"", None).is_err());
        assert!(parse(b"\xff\xfe\x00\x01", None).is_err());
    }
}
