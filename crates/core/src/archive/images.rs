//! An article's images: fetched from the addresses its sanitised HTML
//! names, kept in the database, and served from there, so that a clipped
//! article keeps its photos, maps and charts offline.
//!
//! Fetching happens after the article is stored, never inside a clip: an
//! article is whole and searchable without its images, and a slow image
//! host delays nothing. Like saved searches, images are not part of the
//! search index, so their writes do not take the archive's writer lock.

use std::collections::HashSet;
use std::sync::Mutex;

use super::{now, Archive};
use crate::clip::html::image_addresses;
use crate::fetch::is_local_address;
use crate::model::{ImageFailure, ImagesReport};
use crate::store::images::{self, Image};
use crate::{Error, Result};

/// Images fetched at once for one article.
const PARALLEL_FETCHES: usize = 4;
/// The images fetched for an article at once are kept up to this size
/// together; past it, the rest are refused (and memory stays bounded).
const MAX_ARTICLE_IMAGE_BYTES: usize = 80 * 1024 * 1024;

impl Archive {
    /// Fetches and keeps the images of article `id` that were not fetched
    /// before, each stored as it arrives. An image that failed for good
    /// (not an image, too large, "404 Not Found") is kept as failed and
    /// not tried again unless `retry_failed`; one that failed for want of
    /// the network is tried again next time.
    pub fn save_images(&self, id: i64, retry_failed: bool) -> Result<ImagesReport> {
        let article = self.article(id)?;
        let wanted = image_addresses(&article.html);
        let page_host = article.url.as_deref().and_then(host_of);
        if retry_failed {
            self.store.write(|tx| images::forget_failures(tx, id))?;
        }
        let before = images::tried(&self.store.read(), id)?;
        let kept_before = wanted
            .iter()
            .filter(|url| before.iter().any(|(u, kept)| *kept && u == *url))
            .count();
        let tried: HashSet<String> = before.into_iter().map(|(url, _)| url).collect();
        let queue = Mutex::new(wanted.iter().filter(|url| !tried.contains(*url)));
        let report = Mutex::new(ImagesReport {
            id,
            images: wanted.len(),
            ..ImagesReport::default()
        });
        let fetched_bytes = Mutex::new(0usize);
        let outcome: Mutex<Result<()>> = Mutex::new(Ok(()));
        std::thread::scope(|scope| {
            for _ in 0..PARALLEL_FETCHES {
                scope.spawn(|| loop {
                    if lock(&outcome).is_err() {
                        return;
                    }
                    let Some(url) = lock(&queue).next() else {
                        return;
                    };
                    // A page may show images from this computer or its
                    // network only if it came from there itself.
                    let fetched = if is_local_address(url) && host_of(url) != page_host {
                        Err(Error::InvalidInput(format!(
                            "{url} is on this computer or its local network; a page from \
                             elsewhere may not make Dispatch fetch from there"
                        )))
                    } else {
                        crate::fetch::fetch_image(url)
                    };
                    let fetched = fetched.and_then(|image| {
                        let mut used = lock(&fetched_bytes);
                        if *used + image.bytes.len() > MAX_ARTICLE_IMAGE_BYTES {
                            return Err(Error::InvalidInput(format!(
                                "{url} was not kept: the article's images pass {} MB",
                                MAX_ARTICLE_IMAGE_BYTES / (1024 * 1024)
                            )));
                        }
                        *used += image.bytes.len();
                        Ok(image)
                    });
                    if let Err(e) = self.keep(id, url, &fetched, &report) {
                        *lock(&outcome) = Err(e);
                    }
                });
            }
        });
        outcome.into_inner().unwrap_or_else(|e| e.into_inner())?;
        let mut report = report.into_inner().unwrap_or_else(|e| e.into_inner());
        // Fetched now are addresses not tried before: kept on top of those.
        report.kept = kept_before + report.fetched;
        Ok(report)
    }

    /// Stores one fetched image, or why it failed when that is for good,
    /// and notes it in `report`.
    fn keep(
        &self,
        id: i64,
        url: &str,
        fetched: &Result<Image>,
        report: &Mutex<ImagesReport>,
    ) -> Result<()> {
        let message = fetched.as_ref().err().map(ToString::to_string);
        let lasting = !matches!(fetched, Err(Error::Network(_)));
        if lasting {
            let image = fetched
                .as_ref()
                .map_err(|_| message.as_deref().unwrap_or_default());
            self.store.write(|tx| {
                if !crate::store::articles::exists(tx, id)? {
                    // Deleted while its images were fetched.
                    return Err(Error::NotFound(id));
                }
                images::put(tx, id, url, image, &now())
            })?;
        }
        let mut report = lock(report);
        match message {
            None => report.fetched += 1,
            Some(message) => report.failed.push(ImageFailure {
                url: url.to_string(),
                message,
            }),
        }
        Ok(())
    }

    /// The kept copy of the image at `url` in article `id`, if any.
    pub fn image(&self, id: i64, url: &str) -> Result<Option<Image>> {
        images::get(&self.store.read(), id, url)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn host_of(url: &str) -> Option<String> {
    Some(url::Url::parse(url).ok()?.host_str()?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::ClipRequest;

    #[test]
    fn kept_images_are_served_back_and_go_with_their_article() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        let page = "<html><body><article><h1>Mali expels diplomats</h1>\
            <p>Bamako expelled five French diplomats on Tuesday, the government said.</p>\
            <img src=\"http://127.0.0.1:9/palace.png\" alt=\"The palace\">\
            <img src=\"http://192.168.1.1/router.png\" alt=\"\">\
            <p>The diplomats were given 48 hours to leave the country, officials said.</p>\
            </article></body></html>";
        let id = archive
            .clip(ClipRequest {
                bytes: page.as_bytes().to_vec(),
                url: Some("http://127.0.0.1:9/mali".into()),
                ..ClipRequest::default()
            })
            .unwrap()
            .id;
        let url = "http://127.0.0.1:9/palace.png";
        // Nothing listens on port 9: offline, as far as it can tell, so
        // the image is tried again next time. The router is on the local
        // network, which a page from elsewhere may not reach: refused for
        // good.
        let report = archive.save_images(id, false).unwrap();
        assert_eq!((report.images, report.kept, report.failed.len()), (2, 0, 2));
        assert!(
            report.failed[..]
                .iter()
                .any(|f| f.url.contains("192.168.1.1") && f.message.contains("local network")),
            "{:?}",
            report.failed
        );
        let again = archive.save_images(id, false).unwrap();
        assert_eq!(again.failed.len(), 1, "{:?}", again.failed);
        assert!(again.failed[0].url.contains("127.0.0.1"));
        assert_eq!(archive.image(id, url).unwrap(), None);

        let png = Image {
            mime: "image/png".into(),
            bytes: b"\x89PNG\r\n\x1a\n...".to_vec(),
        };
        archive
            .store
            .write(|tx| images::put(tx, id, url, Ok(&png), &now()))
            .unwrap();
        drop(archive);
        let archive = Archive::open(dir.path()).unwrap();
        assert_eq!(archive.image(id, url).unwrap(), Some(png));
        assert_eq!(archive.save_images(id, true).unwrap().kept, 1);

        archive.delete(id).unwrap();
        assert_eq!(archive.image(id, url).unwrap(), None);
        let left: i64 = archive
            .store
            .read()
            .query_row("SELECT count(*) FROM images", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
        assert!(matches!(
            archive.save_images(id, false),
            Err(Error::NotFound(_))
        ));
    }
}
