//! Feeds: subscriptions whose new items become articles.

use super::{now, prepare, Archive, ClipRequest, IndexBatch, Known};
use crate::io::feed::{self, FeedItem};
use crate::io::ImportProblem;
use crate::model::{FeedInfo, FeedReport};
use crate::store::{feeds, tags as tag_rows};
use crate::{clip, fetch, Error, Result};

impl Archive {
    /// Subscribes to the feed at `url`; its items will carry `tags`.
    pub fn add_feed(&self, url: &str, tags: &[String]) -> Result<FeedInfo> {
        let url = clip::url::web_address(url.trim())
            .ok_or_else(|| Error::InvalidInput(format!("“{url}” is not a web address")))?
            .to_string();
        let tags = tag_rows::normalize_all(tags)?;
        let id = self.store.write(|tx| feeds::add(tx, &url, &tags, &now()))?;
        self.feeds()?
            .into_iter()
            .find(|f| f.id == id)
            .ok_or_else(|| Error::InvalidInput("the feed vanished".into()))
    }

    pub fn feeds(&self) -> Result<Vec<FeedInfo>> {
        feeds::list(&self.store.read())
    }

    /// Unsubscribes; the articles it brought stay.
    pub fn remove_feed(&self, id: i64) -> Result<()> {
        match self.store.write(|tx| feeds::delete(tx, id))? {
            true => Ok(()),
            false => Err(Error::InvalidInput(format!("no feed with id {id}"))),
        }
    }

    /// Fetches feeds (`only` one, or all) and stores their new items: the
    /// full article from its page when it can be fetched, else the text the
    /// feed carries, else pending. Items seen before are skipped, and the
    /// same story from two feeds is stored once. The network is waited for
    /// without holding the archive's writes: the window stays usable.
    pub fn refresh_feeds(&self, only: Option<i64>, limits: fetch::Limits) -> Result<FeedReport> {
        let subscribed: Vec<FeedInfo> = self
            .feeds()?
            .into_iter()
            .filter(|f| only.is_none_or(|id| f.id == id))
            .collect();
        if let (Some(id), true) = (only, subscribed.is_empty()) {
            return Err(Error::InvalidInput(format!("no feed with id {id}")));
        }
        let mut report = FeedReport {
            feeds: subscribed.len(),
            ..FeedReport::default()
        };
        // Fail early when another process writes to the archive.
        drop(self.write_lock()?);
        let mut batch = IndexBatch::new();
        for info in subscribed {
            let parsed = fetch::fetch(&info.url, limits)
                .and_then(|page| feed::parse(&page.bytes, Some(&page.url)));
            let parsed = match parsed {
                Ok(parsed) => parsed,
                Err(e) => {
                    let message = e.to_string();
                    self.store
                        .write(|tx| feeds::refreshed(tx, info.id, None, Some(&message), &now()))?;
                    report.failed.push(ImportProblem {
                        item: info.title.clone().unwrap_or(info.url.clone()),
                        message,
                    });
                    continue;
                }
            };
            for item in parsed.items {
                if feeds::seen(&self.store.read(), info.id, &item.key)? {
                    continue;
                }
                let Some(mut request) = item_request(&item, limits) else {
                    self.store
                        .write(|tx| feeds::mark_seen(tx, info.id, &item.key, None, &now()))?;
                    continue;
                };
                request.tags = info.tags.clone();
                let pending = request.is_pending();
                let prepared = prepare(request);
                let _writer = self.write_lock()?;
                match prepared.and_then(|p| self.store_clip(p)) {
                    Ok(outcome) => {
                        self.store.write(|tx| {
                            feeds::mark_seen(tx, info.id, &item.key, Some(outcome.id), &now())
                        })?;
                        if outcome.duplicate_of.is_some() {
                            report.duplicates += 1;
                        } else {
                            report.added += 1;
                            report.pending += usize::from(pending);
                            batch.pending += 1;
                        }
                    }
                    Err(e) => {
                        let message = self.item_problem(e)?;
                        self.store
                            .write(|tx| feeds::mark_seen(tx, info.id, &item.key, None, &now()))?;
                        report.failed.push(ImportProblem {
                            item: item.title.clone().unwrap_or(item.key.clone()),
                            message,
                        });
                    }
                }
                batch.commit_if_due(self)?;
            }
            self.store
                .write(|tx| feeds::refreshed(tx, info.id, parsed.title.as_deref(), None, &now()))?;
        }
        let _writer = self.write_lock()?;
        self.commit_index()?;
        Ok(report)
    }
}

/// How a feed item is clipped: its page when it can be fetched, else the
/// feed's own text, else pending; `None` when it has none of these.
fn item_request(item: &FeedItem, limits: fetch::Limits) -> Option<ClipRequest> {
    let known = Known {
        title: item.title.clone(),
        published: item.published.clone(),
        byline: (!item.authors.is_empty()).then(|| item.authors.join(", ")),
        ..Known::default()
    };
    if let Some(page) = item
        .link
        .as_deref()
        .and_then(|link| fetch::fetch(link, limits).ok())
    {
        return Some(ClipRequest {
            known,
            ..ClipRequest::fetched(page)
        });
    }
    let content = item.content.as_deref().and_then(|html| {
        clip::from_parts(
            item.title.as_deref().unwrap_or(""),
            "",
            Some(html),
            item.link.as_deref(),
        )
        .ok()
        .filter(|x| !x.text.trim().is_empty())
    });
    match (content, &item.link) {
        (Some(mut content), _) => {
            content.published.clone_from(&known.published);
            Some(ClipRequest {
                url: item.link.clone(),
                content: Some(content),
                known,
                ..ClipRequest::default()
            })
        }
        (None, Some(link)) => Some(ClipRequest {
            url: Some(link.clone()),
            known,
            ..ClipRequest::default()
        }),
        (None, None) => None,
    }
}
