//! Queries on `images`: the copy of each image of an article, or why it
//! could not be fetched, keyed by the article and the image's address.

use rusqlite::{params, Connection, OptionalExtension};

use crate::Result;

/// An image as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// `image/jpeg`, `image/png`, `image/gif`, `image/webp` or `image/avif`.
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// Keeps the image at `url` of article `article_id`, or why fetching it
/// failed; replaces what was kept before under the same address.
pub fn put(
    conn: &Connection,
    article_id: i64,
    url: &str,
    image: std::result::Result<&Image, &str>,
    now: &str,
) -> Result<()> {
    let (mime, bytes, error) = match image {
        Ok(image) => (
            Some(image.mime.as_str()),
            Some(image.bytes.as_slice()),
            None,
        ),
        Err(error) => (None, None, Some(error)),
    };
    conn.execute(
        "INSERT INTO images (article_id, url, mime, bytes, error, fetched)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (article_id, url) DO UPDATE SET mime = excluded.mime,
             bytes = excluded.bytes, error = excluded.error, fetched = excluded.fetched",
        params![article_id, url, mime, bytes, error, now],
    )?;
    Ok(())
}

/// The stored copy of the image at `url` of article `article_id`.
pub fn get(conn: &Connection, article_id: i64, url: &str) -> Result<Option<Image>> {
    Ok(conn
        .query_row(
            "SELECT mime, bytes FROM images
             WHERE article_id = ?1 AND url = ?2 AND bytes IS NOT NULL",
            params![article_id, url],
            |r| {
                Ok(Image {
                    mime: r.get(0)?,
                    bytes: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// The addresses of article `article_id`'s images that were fetched, or
/// tried, already, each with whether it is kept.
pub fn tried(conn: &Connection, article_id: i64) -> Result<Vec<(String, bool)>> {
    let mut stmt =
        conn.prepare_cached("SELECT url, bytes IS NOT NULL FROM images WHERE article_id = ?1")?;
    let urls = stmt
        .query_map([article_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(urls)
}

/// Forgets the failed fetches of article `article_id`, so that they are
/// tried again.
pub fn forget_failures(conn: &Connection, article_id: i64) -> Result<()> {
    conn.execute(
        "DELETE FROM images WHERE article_id = ?1 AND bytes IS NULL",
        [article_id],
    )?;
    Ok(())
}
