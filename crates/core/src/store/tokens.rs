//! Queries on `tokens`: who may clip through the local endpoint. Only a
//! hash of each token is kept.

use rusqlite::{params, Connection, OptionalExtension};

use crate::model::TokenInfo;
use crate::Result;

/// Adds a token; false when the name is taken.
pub fn insert(conn: &Connection, name: &str, hash: &[u8], created: &str) -> Result<bool> {
    Ok(conn.execute(
        "INSERT INTO tokens (name, hash, created) VALUES (?1, ?2, ?3) ON CONFLICT (name) DO NOTHING",
        params![name, hash, created],
    )? > 0)
}

pub fn list(conn: &Connection) -> Result<Vec<TokenInfo>> {
    let mut stmt =
        conn.prepare("SELECT name, created, last_used FROM tokens ORDER BY created, name")?;
    let rows = stmt.query_map([], |r| {
        Ok(TokenInfo {
            name: r.get(0)?,
            created: r.get(1)?,
            last_used: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removes a token; false when there was none of that name.
pub fn delete(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn.execute("DELETE FROM tokens WHERE name = ?1", [name])? > 0)
}

/// The name of the token with this hash.
pub fn name_of(conn: &Connection, hash: &[u8]) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT name FROM tokens WHERE hash = ?1", [hash], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn touch(conn: &Connection, name: &str, when: &str) -> Result<()> {
    conn.execute(
        "UPDATE tokens SET last_used = ?2 WHERE name = ?1",
        params![name, when],
    )?;
    Ok(())
}
