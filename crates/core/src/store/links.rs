//! Queries on `links` (what articles link to) and `pairs` (what the
//! reporter linked, unlinked or dismissed).
//!
//! A link is matched to an archived article by its keys: the canonical
//! form of its address, or, for a related headline, the headline's
//! comparison form ([`crate::threads::headline_key`]). Matching runs both
//! ways in the transaction that stores an article: its links find the
//! articles already there, and links made earlier find it.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use crate::clip::{url, ExtractedLink};
use crate::model::Relation;
use crate::threads::{headline_key, key_words, near_headlines, probe_words};
use crate::Result;

/// The keys a link is matched by: its address's canonical form, and its
/// text's when it names another story.
pub fn keys(link: &ExtractedLink) -> (Option<String>, Option<String>) {
    let url_key = link.href.as_deref().and_then(url::canonicalize);
    let title_key = link.related.then(|| headline_key(&link.text)).flatten();
    (url_key, title_key)
}

/// Records the words a near match of an article's headline is found by.
pub fn index_title(conn: &Connection, id: i64, title_key: Option<&str>) -> Result<()> {
    conn.prepare_cached("DELETE FROM title_words WHERE article_id = ?1")?
        .execute([id])?;
    let mut insert =
        conn.prepare_cached("INSERT INTO title_words (word, article_id) VALUES (?1, ?2)")?;
    for word in title_key.map(key_words).unwrap_or_default() {
        insert.execute(params![word, id])?;
    }
    Ok(())
}

/// Records the words a near match of a link's headline is found by.
pub fn index_link(conn: &Connection, id: i64, position: i64, title_key: &str) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO link_words (word, article_id, position) VALUES (?1, ?2, ?3)",
    )?;
    for word in key_words(title_key) {
        insert.execute(params![word, id, position])?;
    }
    Ok(())
}

/// Points the unresolved links of article `id` at the articles they name,
/// and the unresolved links of other articles at `id`: by canonical URL or
/// headline key, then by a headline that differs by a word or two.
pub fn resolve(conn: &Connection, id: i64) -> Result<()> {
    resolve_exact(conn, id)?;
    resolve_near(conn, id)
}

fn resolve_exact(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE links SET target_id = coalesce(
             (SELECT a.id FROM articles a WHERE a.canonical_url = links.url_key AND a.id != ?1
              ORDER BY a.id LIMIT 1),
             (SELECT a.id FROM articles a WHERE a.title_key = links.title_key AND a.id != ?1
              ORDER BY a.id LIMIT 1))
         WHERE article_id = ?1 AND target_id IS NULL
             AND (url_key IS NOT NULL OR title_key IS NOT NULL)",
    )?
    .execute([id])?;
    let (canonical, title_key): (Option<String>, Option<String>) = conn.query_row(
        "SELECT canonical_url, title_key FROM articles WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if let Some(canonical) = canonical {
        conn.prepare_cached(
            "UPDATE links SET target_id = ?1
             WHERE target_id IS NULL AND url_key = ?2 AND article_id != ?1",
        )?
        .execute(params![id, canonical])?;
    }
    if let Some(title_key) = title_key {
        conn.prepare_cached(
            "UPDATE links SET target_id = ?1
             WHERE target_id IS NULL AND title_key = ?2 AND article_id != ?1",
        )?
        .execute(params![id, title_key])?;
    }
    Ok(())
}

/// `?, ?, ?` for the probe words, and the values to bind: the words, then
/// the article that must not match itself.
fn probe_params(probes: &[&str], id: i64) -> (String, Vec<rusqlite::types::Value>) {
    let mut values: Vec<rusqlite::types::Value> =
        probes.iter().map(|w| w.to_string().into()).collect();
    values.push(id.into());
    (vec!["?"; probes.len()].join(", "), values)
}

fn resolve_near(conn: &Connection, id: i64) -> Result<()> {
    // This article's related headlines that named nothing exactly.
    let open: Vec<(i64, String)> = conn
        .prepare_cached(
            "SELECT position, title_key FROM links
             WHERE article_id = ?1 AND target_id IS NULL AND title_key IS NOT NULL",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (position, key) in open {
        let probes = probe_words(&key);
        if probes.is_empty() {
            continue;
        }
        let (placeholders, values) = probe_params(&probes, id);
        let sql = format!(
            "SELECT DISTINCT a.id, a.title_key FROM title_words w JOIN articles a ON a.id = w.article_id
             WHERE w.word IN ({placeholders}) AND a.id != ? ORDER BY a.id"
        );
        let found = conn
            .prepare_cached(&sql)?
            .query_map(rusqlite::params_from_iter(values), |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .find(|(_, other)| other.as_deref().is_some_and(|o| near_headlines(&key, o)));
        if let Some((target, _)) = found {
            conn.prepare_cached(
                "UPDATE links SET target_id = ?3 WHERE article_id = ?1 AND position = ?2",
            )?
            .execute(params![id, position, target])?;
        }
    }
    // Other articles' related headlines that name this one closely.
    let own: Option<String> =
        conn.query_row("SELECT title_key FROM articles WHERE id = ?1", [id], |r| {
            r.get(0)
        })?;
    let Some(own) = own else { return Ok(()) };
    let probes = probe_words(&own);
    if probes.is_empty() {
        return Ok(());
    }
    let (placeholders, values) = probe_params(&probes, id);
    let sql = format!(
        "SELECT DISTINCT l.article_id, l.position, l.title_key
         FROM link_words w JOIN links l ON l.article_id = w.article_id AND l.position = w.position
         WHERE w.word IN ({placeholders}) AND l.target_id IS NULL AND l.article_id != ?"
    );
    let near: Vec<(i64, i64)> = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(values), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|(_, _, key)| near_headlines(&own, key))
        .map(|(article, position, _)| (article, position))
        .collect();
    for (article, position) in near {
        conn.prepare_cached(
            "UPDATE links SET target_id = ?3 WHERE article_id = ?1 AND position = ?2",
        )?
        .execute(params![article, position, id])?;
    }
    Ok(())
}

/// Recomputes the match keys of every link and headline (after an upgrade
/// or a change to how keys are made) and resolves links again from them.
pub fn rekey_all(conn: &Connection) -> Result<()> {
    let titles: Vec<(i64, String)> = conn
        .prepare("SELECT id, title FROM articles")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut set_title = conn.prepare("UPDATE articles SET title_key = ?2 WHERE id = ?1")?;
    for (id, title) in &titles {
        let key = headline_key(title);
        set_title.execute(params![id, key])?;
        index_title(conn, *id, key.as_deref())?;
    }
    let links: Vec<(i64, i64, ExtractedLink)> = conn
        .prepare("SELECT article_id, position, href, text, related FROM links")?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                ExtractedLink {
                    href: r.get(2)?,
                    text: r.get(3)?,
                    related: r.get(4)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut set_link = conn.prepare(
        "UPDATE links SET url_key = ?3, title_key = ?4 WHERE article_id = ?1 AND position = ?2",
    )?;
    conn.execute("DELETE FROM link_words", [])?;
    conn.execute("UPDATE links SET target_id = NULL", [])?;
    for (article, position, link) in &links {
        let (url_key, title_key) = keys(link);
        set_link.execute(params![article, position, url_key, title_key])?;
        if let Some(key) = &title_key {
            index_link(conn, *article, *position, key)?;
        }
    }
    for (id, _) in &titles {
        resolve(conn, *id)?;
    }
    Ok(())
}

/// The articles linked to `id` by links in either article or by the
/// reporter, without the pairs she unlinked: `(other, relation, why)`.
pub fn explicit(conn: &Connection, id: i64) -> Result<Vec<(i64, Relation, &'static str)>> {
    let mut found: HashMap<i64, (Relation, &'static str)> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT target_id, 0 FROM links WHERE article_id = ?1 AND target_id IS NOT NULL
         UNION ALL
         SELECT article_id, 1 FROM links WHERE target_id = ?1",
    )?;
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (other, incoming) = row?;
        let why = if incoming == 1 {
            "links to this article"
        } else {
            "this article links to it"
        };
        found.entry(other).or_insert((Relation::Link, why));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT b, linked FROM pairs WHERE a = ?1 UNION ALL SELECT a, linked FROM pairs WHERE b = ?1",
    )?;
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?)))?;
    for row in rows {
        match row? {
            (other, true) => {
                found.insert(other, (Relation::Manual, "you linked them"));
            }
            (other, false) => {
                found.remove(&other);
            }
        }
    }
    found.remove(&id);
    let mut out: Vec<(i64, Relation, &'static str)> =
        found.into_iter().map(|(k, (r, w))| (k, r, w)).collect();
    out.sort_by_key(|(other, relation, _)| (*relation != Relation::Manual, *other));
    Ok(out)
}

/// The articles the reporter unlinked from or dismissed for `id`.
pub fn dismissed(conn: &Connection, id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b FROM pairs WHERE a = ?1 AND linked = 0
         UNION ALL SELECT a FROM pairs WHERE b = ?1 AND linked = 0",
    )?;
    let ids = stmt.query_map([id], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// Records that two articles are linked (`true`) or must not be (`false`).
pub fn set_pair(conn: &Connection, x: i64, y: i64, linked: bool, now: &str) -> Result<()> {
    let (a, b) = if x < y { (x, y) } else { (y, x) };
    conn.prepare_cached(
        "INSERT INTO pairs (a, b, linked, created) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (a, b) DO UPDATE SET linked = excluded.linked, created = excluded.created",
    )?
    .execute(params![a, b, linked, now])?;
    Ok(())
}

/// Every pair the reporter linked (`true`) or unlinked and dismissed.
pub fn pairs(conn: &Connection) -> Result<Vec<(i64, i64, bool)>> {
    let mut stmt = conn.prepare("SELECT a, b, linked FROM pairs ORDER BY a, b")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
