//! Queries on `saved_searches`: a query and its order kept under a name.
//! Names are compared without regard to case; saving under a name that is
//! taken replaces that search.

use rusqlite::{params, Connection, OptionalExtension};

use crate::model::Sort;
use crate::{Error, Result};

const MAX_NAME_CHARS: usize = 80;

/// A saved search as stored.
pub struct Row {
    pub name: String,
    pub query: String,
    pub sort: Sort,
    /// When the reporter last opened it (RFC 3339, as articles' `clipped`).
    pub seen: String,
}

/// Tidies a name as typed: trims and collapses spaces.
pub fn normalize_name(name: &str) -> Result<String> {
    let name = crate::text::squash_whitespace(name.trim());
    if name.is_empty() {
        return Err(Error::InvalidInput("a saved search needs a name".into()));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::InvalidInput(format!(
            "saved searches' names are at most {MAX_NAME_CHARS} characters"
        )));
    }
    Ok(name)
}

/// Saves a search, seen as of `now`, replacing the query, order and
/// spelling of one saved under the same name.
pub fn save(conn: &Connection, name: &str, query: &str, sort: Sort, now: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO saved_searches (name, query, sort, seen) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (name) DO UPDATE SET name = excluded.name,
             query = excluded.query, sort = excluded.sort, seen = excluded.seen",
        params![name, query, sort.name(), now],
    )?;
    Ok(())
}

/// Notes that the reporter opened the search at `now`.
pub fn mark_seen(conn: &Connection, name: &str, now: &str) -> Result<()> {
    if conn.execute(
        "UPDATE saved_searches SET seen = ?2 WHERE name = ?1",
        [name, now],
    )? == 0
    {
        return Err(missing(name));
    }
    Ok(())
}

/// The saved search named `name`.
pub fn get(conn: &Connection, name: &str) -> Result<Row> {
    conn.query_row(&format!("{SELECT} WHERE name = ?1"), [name], row)
        .optional()?
        .ok_or_else(|| missing(name))
}

/// Every saved search, by name.
pub fn all(conn: &Connection) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY name COLLATE NOCASE"))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const SELECT: &str = "SELECT name, query, sort, seen FROM saved_searches";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok(Row {
        name: r.get(0)?,
        query: r.get(1)?,
        sort: Sort::from_name(&r.get::<_, String>(2)?).unwrap_or_default(),
        seen: r.get(3)?,
    })
}

/// Renames a saved search; refused when another one has the new name.
pub fn rename(conn: &Connection, from: &str, to: &str) -> Result<()> {
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM saved_searches WHERE name = ?1 AND name <> ?2)",
        [to, from],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Error::InvalidInput(format!(
            "there is already a saved search named '{to}'"
        )));
    }
    let renamed = conn.execute(
        "UPDATE saved_searches SET name = ?2 WHERE name = ?1",
        [from, to],
    )?;
    if renamed == 0 {
        return Err(missing(from));
    }
    Ok(())
}

/// Deletes a saved search.
pub fn delete(conn: &Connection, name: &str) -> Result<()> {
    if conn.execute("DELETE FROM saved_searches WHERE name = ?1", [name])? == 0 {
        return Err(missing(name));
    }
    Ok(())
}

fn missing(name: &str) -> Error {
    Error::InvalidInput(format!("there is no saved search named '{name}'"))
}
