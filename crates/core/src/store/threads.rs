//! Queries on `threads`, `thread_articles` and `thread_dismissed`.

use rusqlite::{params, Connection, OptionalExtension};

use crate::model::ThreadSummary;
use crate::{Error, Result};

pub fn create(conn: &Connection, name: &str, now: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO threads (name, created) VALUES (?1, ?2)",
        params![name, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The thread's name and creation time, or `ThreadNotFound`.
pub fn get(conn: &Connection, id: i64) -> Result<(String, String)> {
    conn.query_row(
        "SELECT name, created FROM threads WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or(Error::ThreadNotFound(id))
}

pub fn rename(conn: &Connection, id: i64, name: &str) -> Result<()> {
    get(conn, id)?;
    conn.execute(
        "UPDATE threads SET name = ?2 WHERE id = ?1",
        params![id, name],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    get(conn, id)?;
    conn.execute("DELETE FROM threads WHERE id = ?1", [id])?;
    Ok(())
}

/// Adds articles (already there ones are left as they are).
pub fn add(conn: &Connection, id: i64, articles: &[i64], now: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO thread_articles (thread_id, article_id, added) VALUES (?1, ?2, ?3)",
    )?;
    for article in articles {
        stmt.execute(params![id, article, now])?;
    }
    Ok(())
}

pub fn remove(conn: &Connection, id: i64, articles: &[i64]) -> Result<()> {
    let mut stmt = conn
        .prepare_cached("DELETE FROM thread_articles WHERE thread_id = ?1 AND article_id = ?2")?;
    for article in articles {
        stmt.execute(params![id, article])?;
    }
    Ok(())
}

/// The thread's articles, in id order.
pub fn members(conn: &Connection, id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT article_id FROM thread_articles WHERE thread_id = ?1 ORDER BY article_id",
    )?;
    let ids = stmt.query_map([id], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// The threads an article belongs to.
pub fn of_article(conn: &Connection, article: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT thread_id FROM thread_articles WHERE article_id = ?1 ORDER BY thread_id",
    )?;
    let ids = stmt.query_map([article], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// Every thread with its size and span, most recently active first.
pub fn list(conn: &Connection) -> Result<Vec<ThreadSummary>> {
    let mut stmt = conn.prepare(
        "SELECT t.id, t.name, count(a.id),
             min(coalesce(a.published, a.clipped)), max(coalesce(a.published, a.clipped))
         FROM threads t
         LEFT JOIN thread_articles ta ON ta.thread_id = t.id
         LEFT JOIN articles a ON a.id = ta.article_id
         GROUP BY t.id
         ORDER BY max(coalesce(a.published, a.clipped)) DESC NULLS LAST, t.id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        let day = |s: Option<String>| s.map(|s| s.chars().take(10).collect());
        Ok(ThreadSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            articles: r.get::<_, i64>(2)? as u64,
            first: day(r.get(3)?),
            last: day(r.get(4)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn dismiss(conn: &Connection, id: i64, article: i64) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO thread_dismissed (thread_id, article_id) VALUES (?1, ?2)",
        params![id, article],
    )?;
    Ok(())
}

pub fn dismissed(conn: &Connection, id: i64) -> Result<Vec<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT article_id FROM thread_dismissed WHERE thread_id = ?1")?;
    let ids = stmt.query_map([id], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}
