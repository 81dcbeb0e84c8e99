//! SQLite: the archive's source of truth.
//!
//! One database file, `archive.db`, in WAL mode with `synchronous=NORMAL`
//! and a busy timeout, so that one process writes while others read.
//! Migrations are the numbered files in `crates/core/migrations/`, embedded
//! in the binary and applied at open, tracked by `PRAGMA user_version`.
//! Queries are grouped by table in the submodules; writes go through
//! [`write`], which runs them in one `BEGIN IMMEDIATE` transaction.

pub mod articles;
pub mod body;
pub mod changes;
pub mod feeds;
pub mod links;
pub mod meta;
pub mod tags;
pub mod threads;
pub mod tokens;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::{Error, Result};

/// The migrations, in order; the schema version is their count.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_extraction_fields.sql"),
    include_str!("../../migrations/0003_threads.sql"),
    include_str!("../../migrations/0004_headline_words.sql"),
    include_str!("../../migrations/0005_clip_from_anywhere.sql"),
    include_str!("../../migrations/0006_compressed_bodies.sql"),
    include_str!("../../migrations/0007_mentions_on_read.sql"),
];

/// How long a write waits for another process's transaction to finish.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The database, with one connection for writes and one for reads so that
/// searches never wait behind an import.
pub struct Store {
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
}

impl Store {
    pub fn open(path: &Path) -> Result<Store> {
        let mut writer = connect(path)?;
        migrate(&mut writer, path)?;
        let reader = connect(path)?;
        reader.pragma_update(None, "query_only", true)?;
        Ok(Store {
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
        })
    }

    /// The read connection.
    pub fn read(&self) -> MutexGuard<'_, Connection> {
        self.reader.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` in one immediate transaction and commits it when `f`
    /// succeeds. Inside a [`Batch`], `f` runs in a savepoint of the batch's
    /// transaction instead: all of it or none of it, committed with the
    /// batch.
    pub fn write<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let mut conn = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        if !conn.is_autocommit() {
            let sp = conn.savepoint()?;
            let value = f(&sp)?;
            sp.commit()?;
            return Ok(value);
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Opens one transaction for many writes (bulk imports): each
    /// [`Store::write`] is then a savepoint in it, and only
    /// [`Batch::commit`] (or dropping the batch) makes them durable. Far
    /// fewer pages go through the journal than with one commit per article.
    pub fn batch(&self) -> Result<Batch<'_>> {
        let conn = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        if conn.is_autocommit() {
            conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        Ok(Batch { store: self })
    }
}

/// A transaction open for many writes; see [`Store::batch`]. Dropped, it
/// commits what it holds (each write in it is whole), or rolls back when
/// even that fails.
pub struct Batch<'a> {
    store: &'a Store,
}

impl Batch<'_> {
    /// Commits the writes so far and opens the transaction again.
    pub fn commit(&self) -> Result<()> {
        let conn = self.store.writer.lock().unwrap_or_else(|e| e.into_inner());
        if !conn.is_autocommit() {
            conn.execute_batch("COMMIT")?;
        }
        conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }
}

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        let conn = self.store.writer.lock().unwrap_or_else(|e| e.into_inner());
        if !conn.is_autocommit() && conn.execute_batch("COMMIT").is_err() {
            let _ = conn.execute_batch("ROLLBACK");
        }
    }
}

/// The page size of new archives (an existing one keeps its own). An
/// article's row is about 2 KB: 4 KB pages held one row and a hole.
const PAGE_SIZE: u32 = 8192;

fn connect(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "page_size", PAGE_SIZE)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    body::register(&conn)?;
    Ok(conn)
}

/// Applies the migrations the database has not seen, all in one immediate
/// transaction that re-reads the version, so two processes opening a new
/// archive at once do not both migrate it.
fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let known = MIGRATIONS.len() as i64;
    let version = |c: &Connection| -> Result<i64> {
        Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?)
    };
    if version(conn)? == known {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = version(&tx)?;
    if found > known {
        return Err(Error::TooNew {
            path: path.to_path_buf(),
            found,
            known,
        });
    }
    for sql in &MIGRATIONS[found as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", known)?;
    tx.commit()?;
    Ok(())
}

/// `PRAGMA integrity_check`, as a list of problems (empty when sound).
pub fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_creates_schema_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("archive.db");
        drop(Store::open(&path).unwrap());
        let store = Store::open(&path).unwrap();
        let conn = store.read();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        assert!(integrity_problems(&conn).unwrap().is_empty());
    }

    #[test]
    fn an_archive_from_before_compressed_bodies_keeps_its_texts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("archive.db");
        let old = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..5] {
            old.execute_batch(sql).unwrap();
        }
        old.pragma_update(None, "user_version", 5).unwrap();
        old.execute(
            "INSERT INTO articles (title, clipped, text, html, text_hash, source_format)
             VALUES ('Mali', '2025-08-16T00:00:00Z', 'Bamako expelled five diplomats.',
                     '<p>Bamako expelled five diplomats.</p>', x'01', 'text')",
            [],
        )
        .unwrap();
        drop(old);
        let store = Store::open(&path).unwrap();
        let (text, html): (String, String) = store
            .read()
            .query_row(
                "SELECT body_text(body), body_html(body) FROM articles",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(text, "Bamako expelled five diplomats.");
        assert_eq!(html, "<p>Bamako expelled five diplomats.</p>");
    }

    #[test]
    fn a_batch_keeps_each_write_whole_and_commits_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("archive.db")).unwrap();
        {
            let batch = store.batch().unwrap();
            store.write(|c| meta::set(c, "a", "1")).unwrap();
            let failed = store.write(|c| {
                meta::set(c, "b", "2")?;
                Err::<(), _>(Error::InvalidInput("refused".into()))
            });
            assert!(failed.is_err());
            assert_eq!(
                meta::get(&store.read(), "a").unwrap(),
                None,
                "not yet committed"
            );
            batch.commit().unwrap();
            assert_eq!(meta::get(&store.read(), "a").unwrap().as_deref(), Some("1"));
            store.write(|c| meta::set(c, "c", "3")).unwrap();
        }
        let read = store.read();
        assert_eq!(
            meta::get(&read, "b").unwrap(),
            None,
            "the failed write left nothing"
        );
        assert_eq!(
            meta::get(&read, "c").unwrap().as_deref(),
            Some("3"),
            "committed on drop"
        );
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("archive.db");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        assert!(matches!(
            Store::open(&path),
            Err(Error::TooNew { found: 99, .. })
        ));
    }
}
