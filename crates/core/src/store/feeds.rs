//! Queries on `feeds` and `feed_items`.

use rusqlite::{params, Connection, OptionalExtension};

use crate::model::FeedInfo;
use crate::Result;

/// Adds a feed (or returns the one with this address).
pub fn add(conn: &Connection, url: &str, tags: &[String], now: &str) -> Result<i64> {
    let tags = serde_json::to_string(tags).unwrap_or_else(|_| "[]".into());
    conn.execute(
        "INSERT INTO feeds (url, tags, added) VALUES (?1, ?2, ?3) ON CONFLICT (url) DO NOTHING",
        params![url, tags, now],
    )?;
    Ok(conn.query_row("SELECT id FROM feeds WHERE url = ?1", [url], |r| r.get(0))?)
}

pub fn list(conn: &Connection) -> Result<Vec<FeedInfo>> {
    let mut stmt = conn.prepare(
        "SELECT f.id, f.url, f.title, f.tags, f.added, f.refreshed, f.error,
             (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id AND i.article_id IS NOT NULL)
         FROM feeds f ORDER BY f.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let tags: String = r.get(3)?;
        Ok(FeedInfo {
            id: r.get(0)?,
            url: r.get(1)?,
            title: r.get(2)?,
            tags: serde_json::from_str(&tags).unwrap_or_default(),
            added: r.get(4)?,
            refreshed: r.get(5)?,
            error: r.get(6)?,
            articles: r.get::<_, i64>(7)? as u64,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn delete(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn.execute("DELETE FROM feeds WHERE id = ?1", [id])? > 0)
}

/// Whether the feed showed this item before.
pub fn seen(conn: &Connection, feed: i64, key: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM feed_items WHERE feed_id = ?1 AND item_key = ?2",
            params![feed, key],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub fn mark_seen(
    conn: &Connection,
    feed: i64,
    key: &str,
    article: Option<i64>,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO feed_items (feed_id, item_key, article_id, seen) VALUES (?1, ?2, ?3, ?4)",
        params![feed, key, article, now],
    )?;
    Ok(())
}

/// Records how a refresh went: the feed's title, or why it failed.
pub fn refreshed(
    conn: &Connection,
    feed: i64,
    title: Option<&str>,
    error: Option<&str>,
    now: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE feeds SET title = coalesce(?2, title), error = ?3, refreshed = ?4 WHERE id = ?1",
        params![feed, title, error, now],
    )?;
    Ok(())
}
