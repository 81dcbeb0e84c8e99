//! Queries on `entities`: the people, places, organisations and names
//! found in each article (derived from its text; see
//! [`crate::threads::entities`]).

use rusqlite::{params, Connection};

use crate::model::Mention;
use crate::threads::entities::{Entity, Kind};
use crate::Result;

/// Replaces an article's entities with those worth showing (lone
/// capitalised words are left to the search index).
pub fn replace(conn: &Connection, id: i64, entities: &[Entity]) -> Result<()> {
    conn.prepare_cached("DELETE FROM entities WHERE article_id = ?1")?
        .execute([id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO entities (article_id, kind, key, name, count) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for e in entities.iter().filter(|e| e.kind != Kind::Word) {
        insert.execute(params![id, e.kind.name(), e.key, e.name, e.count])?;
    }
    Ok(())
}

/// An article's entities, most mentioned first.
pub fn of_article(conn: &Connection, id: i64) -> Result<Vec<Mention>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, name, count FROM entities WHERE article_id = ?1
         ORDER BY count DESC, kind, name",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Mention {
            kind: r.get(0)?,
            name: r.get(1)?,
            count: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
