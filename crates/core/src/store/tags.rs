//! Queries on `tags` and `article_tags`. Tag names are compared without
//! regard to case; the first spelling used is the one shown.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

use crate::model::TagCount;
use crate::{Error, Result};

const MAX_TAG_CHARS: usize = 64;

/// Tidies a tag as typed: trims, collapses spaces, drops a leading `#`.
pub fn normalize(name: &str) -> Result<String> {
    let name = crate::text::squash_whitespace(name.trim().trim_start_matches('#'));
    if name.is_empty() {
        return Err(Error::InvalidInput("a tag cannot be empty".into()));
    }
    if name.chars().count() > MAX_TAG_CHARS {
        return Err(Error::InvalidInput(format!(
            "tags are at most {MAX_TAG_CHARS} characters"
        )));
    }
    Ok(name)
}

/// [`normalize`] for each of several tags.
pub fn normalize_all(names: &[String]) -> Result<Vec<String>> {
    names.iter().map(|n| normalize(n)).collect()
}

fn id_of(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT id FROM tags WHERE name = ?1", [name], |r| r.get(0))
        .optional()?)
}

fn ensure(conn: &Connection, name: &str) -> Result<i64> {
    if let Some(id) = id_of(conn, name)? {
        return Ok(id);
    }
    conn.execute("INSERT INTO tags (name) VALUES (?1)", [name])?;
    Ok(conn.last_insert_rowid())
}

/// Tags an article; true when the tag was not there yet.
pub fn add(conn: &Connection, article_id: i64, name: &str) -> Result<bool> {
    let tag_id = ensure(conn, name)?;
    Ok(conn.execute(
        "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?1, ?2)",
        [article_id, tag_id],
    )? > 0)
}

/// Untags an article; true when it had the tag. Unused tags are dropped.
pub fn remove(conn: &Connection, article_id: i64, name: &str) -> Result<bool> {
    let Some(tag_id) = id_of(conn, name)? else {
        return Ok(false);
    };
    let removed = conn.execute(
        "DELETE FROM article_tags WHERE article_id = ?1 AND tag_id = ?2",
        [article_id, tag_id],
    )? > 0;
    drop_if_unused(conn, tag_id)?;
    Ok(removed)
}

fn drop_if_unused(conn: &Connection, tag_id: i64) -> Result<()> {
    conn.execute(
        "DELETE FROM tags WHERE id = ?1 AND NOT EXISTS
             (SELECT 1 FROM article_tags WHERE tag_id = ?1)",
        [tag_id],
    )?;
    Ok(())
}

pub fn of_article(conn: &Connection, article_id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.name FROM article_tags a JOIN tags t ON t.id = a.tag_id
         WHERE a.article_id = ?1 ORDER BY t.name COLLATE NOCASE",
    )?;
    let names = stmt.query_map([article_id], |r| r.get(0))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

/// Every article's tags, for rebuilding the index in one pass.
pub fn all_assignments(conn: &Connection) -> Result<HashMap<i64, Vec<String>>> {
    let mut stmt = conn.prepare(
        "SELECT a.article_id, t.name FROM article_tags a JOIN tags t ON t.id = a.tag_id
         ORDER BY t.name COLLATE NOCASE",
    )?;
    let mut rows = stmt.query([])?;
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    Ok(out)
}

/// Every tag with the number of articles carrying it, most used first.
pub fn counts(conn: &Connection) -> Result<Vec<TagCount>> {
    let mut stmt = conn.prepare(
        "SELECT t.name, COUNT(a.article_id) AS n FROM tags t
         JOIN article_tags a ON a.tag_id = t.id
         GROUP BY t.id ORDER BY n DESC, t.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(TagCount {
            name: r.get(0)?,
            count: r.get::<_, i64>(1)? as u64,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Articles carrying a tag.
pub fn articles_with(conn: &Connection, name: &str) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.article_id FROM article_tags a JOIN tags t ON t.id = a.tag_id
         WHERE t.name = ?1 ORDER BY a.article_id",
    )?;
    let ids = stmt.query_map([name], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// Renames a tag; when the new name is another existing tag, the two are
/// merged. Returns the articles whose tags changed.
pub fn rename(conn: &Connection, from: &str, to: &str) -> Result<Vec<i64>> {
    let Some(from_id) = id_of(conn, from)? else {
        return Err(Error::InvalidInput(format!("there is no tag '{from}'")));
    };
    let affected = articles_with(conn, from)?;
    match id_of(conn, to)? {
        Some(to_id) if to_id != from_id => {
            conn.execute(
                "INSERT OR IGNORE INTO article_tags (article_id, tag_id)
                 SELECT article_id, ?2 FROM article_tags WHERE tag_id = ?1",
                [from_id, to_id],
            )?;
            conn.execute("DELETE FROM tags WHERE id = ?1", [from_id])?;
        }
        _ => {
            conn.execute(
                "UPDATE tags SET name = ?2 WHERE id = ?1",
                rusqlite::params![from_id, to],
            )?;
        }
    }
    Ok(affected)
}
