//! The `changes` log: which articles changed since the index last caught up.

use rusqlite::Connection;

use crate::Result;

/// Records that an article was written (inserted, edited or deleted).
pub fn record(conn: &Connection, article_id: i64) -> Result<i64> {
    conn.execute("INSERT INTO changes (article_id) VALUES (?1)", [article_id])?;
    Ok(conn.last_insert_rowid())
}

/// The latest sequence number ever handed out (0 for a new archive). Kept
/// by AUTOINCREMENT even after the log is pruned.
pub fn latest(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0)",
        [],
        |r| r.get(0),
    )?)
}

/// Articles changed after `seq`.
pub fn since(conn: &Connection, seq: i64) -> Result<Vec<i64>> {
    let mut stmt =
        conn.prepare("SELECT DISTINCT article_id FROM changes WHERE seq > ?1 ORDER BY article_id")?;
    let ids = stmt.query_map([seq], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// Forgets changes the index has applied.
pub fn prune(conn: &Connection, up_to: i64) -> Result<()> {
    conn.execute("DELETE FROM changes WHERE seq <= ?1", [up_to])?;
    Ok(())
}
