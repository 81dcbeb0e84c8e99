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
pub mod images;
pub mod links;
pub mod meta;
pub mod saved_searches;
pub mod tags;
pub mod threads;
pub mod tokens;

use std::path::{Path, PathBuf};
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
    include_str!("../../migrations/0008_saved_searches.sql"),
    include_str!("../../migrations/0009_images.sql"),
];

/// Why a write to a read-only archive was refused.
pub const READ_ONLY_WRITE: &str = "it can be searched and read, but not changed";

/// How long a write waits for another process's transaction to finish.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The database, with one connection for writes and one for reads so that
/// searches never wait behind an import.
pub struct Store {
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
    path: PathBuf,
    /// The file opened, to notice when the path no longer leads to it.
    identity: Option<FileIdentity>,
    /// Opened with [`Store::open_read_only`]: every write is refused.
    read_only: bool,
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
            path: path.to_path_buf(),
            identity: FileIdentity::of(path),
            read_only: false,
        })
    }

    /// Opens a database that this process cannot write (a read-only folder,
    /// file or disk) for reading; every write is then refused with
    /// [`Error::ReadOnly`] before it reaches SQLite.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let reader = connect_read_only(path)?;
        if known_version(&reader, path)? < MIGRATIONS.len() as i64 {
            return Err(Error::ReadOnly(
                path.to_path_buf(),
                "it was made by an earlier Dispatch and must be opened once where it can be written, to bring it up to date",
            ));
        }
        Ok(Store {
            writer: Mutex::new(connect_read_only(path)?),
            reader: Mutex::new(reader),
            path: path.to_path_buf(),
            identity: FileIdentity::of(path),
            read_only: true,
        })
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Fails when the database cannot take writes: opened read-only, or no
    /// longer at its path, where SQLite would go on writing to the removed
    /// file and everything written would be lost when the process ends.
    fn check_writable(&self) -> Result<()> {
        if self.read_only {
            return Err(Error::ReadOnly(self.path.clone(), READ_ONLY_WRITE));
        }
        match (self.identity, FileIdentity::of(&self.path)) {
            (Some(opened), Some(now)) if opened == now => Ok(()),
            (None, _) => Ok(()),
            _ => Err(Error::ArchiveGone(self.path.clone())),
        }
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
        self.check_writable()?;
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
        self.check_writable()?;
        let conn = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        if conn.is_autocommit() {
            conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        Ok(Batch { store: self })
    }
}

/// Which file a path leads to (device and inode on Unix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileIdentity(u64, u64);

impl FileIdentity {
    #[cfg(unix)]
    fn of(path: &Path) -> Option<FileIdentity> {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| FileIdentity(m.dev(), m.ino()))
    }

    #[cfg(not(unix))]
    fn of(path: &Path) -> Option<FileIdentity> {
        std::fs::metadata(path).ok().map(|_| FileIdentity(0, 0))
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
        self.store.check_writable()?;
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
        let in_place = self.store.check_writable().is_ok();
        let conn = self.store.writer.lock().unwrap_or_else(|e| e.into_inner());
        if !conn.is_autocommit() && (!in_place || conn.execute_batch("COMMIT").is_err()) {
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

/// Opens `path` for reading only. A database in WAL mode can be read
/// that way only if SQLite can make the WAL's shared-memory file beside it;
/// in a folder that cannot be written, it is read as immutable instead,
/// which is sound there because no process can change it.
fn connect_read_only(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let readable = |conn: Connection| -> Result<Connection> {
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        body::register(&conn)?;
        Ok(conn)
    };
    match Connection::open_with_flags(path, flags)
        .map_err(Error::from)
        .and_then(readable)
    {
        Ok(conn) => Ok(conn),
        Err(_) => {
            let uri = format!("file:{}?immutable=1", uri_path(path));
            readable(Connection::open_with_flags(
                uri,
                flags | OpenFlags::SQLITE_OPEN_URI,
            )?)
        }
    }
}

/// A path as the path part of an SQLite `file:` URI.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '?' | '#' | '%' => out.push_str(&format!("%{:02X}", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

/// Copies the database at `from` into a new file `to` with SQLite's
/// online backup, in a single step: one consistent snapshot, taken under
/// one read transaction while other connections go on writing. The copy
/// is left in rollback-journal mode, a single file.
pub fn copy_database(from: &Path, to: &Path) -> Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    let source = Connection::open_with_flags(
        from,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    source.busy_timeout(BUSY_TIMEOUT)?;
    match std::fs::remove_file(to) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(Error::io(format!("replacing {}", to.display()), e))
        }
        _ => {}
    }
    let mut target = Connection::open(to)?;
    {
        let backup = Backup::new(&source, &mut target)?;
        let started = std::time::Instant::now();
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                // A writer is checkpointing: wait as a write would.
                _ if started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(50))
                }
                _ => {
                    return Err(Error::Database(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("the archive stayed busy".into()),
                    )))
                }
            }
        }
    }
    target.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}

/// The database's schema version, refused when a newer Dispatch wrote it.
fn known_version(conn: &Connection, path: &Path) -> Result<i64> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(Error::TooNew {
            path: path.to_path_buf(),
            found: version,
            known,
        });
    }
    Ok(version)
}

/// Checks that the database at `path` is a whole Dispatch archive this
/// build can open, without changing it; returns how many articles it holds.
pub fn check_copy(path: &Path) -> Result<u64> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "query_only", true)?;
    let version = known_version(&conn, path)?;
    let problems = integrity_problems(&conn)?;
    if !problems.is_empty() {
        return Err(Error::InvalidInput(format!(
            "the database is damaged: {}",
            problems.join("; ")
        )));
    }
    let archive: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'archive_id'", [], |r| {
            r.get(0)
        })
        .ok();
    if version == 0 || archive.is_none() {
        return Err(Error::InvalidInput("it holds no Dispatch archive".into()));
    }
    Ok(conn.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))? as u64)
}

/// Applies the migrations the database has not seen, all in one immediate
/// transaction that re-reads the version, so two processes opening a new
/// archive at once do not both migrate it.
fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let known = MIGRATIONS.len() as i64;
    if known_version(conn, path)? == known {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = known_version(&tx, path)?;
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
    use rusqlite::params;

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

    /// An archive as each earlier schema version left it: one article
    /// (text, HTML, a tag, a note, a link), and the rows each version
    /// brought (entities, a reporter's link, a token).
    fn archive_at_version(path: &Path, version: usize) {
        let old = Connection::open(path).unwrap();
        body::register(&old).unwrap();
        for sql in &MIGRATIONS[..version] {
            old.execute_batch(sql).unwrap();
        }
        old.pragma_update(None, "user_version", version as i64)
            .unwrap();
        let (text, html) = (
            "Bamako expelled five diplomats, Colonel Goïta said.",
            "<p>Bamako expelled five diplomats, Colonel Goïta said.</p>",
        );
        let columns = if version < 6 { "text, html" } else { "body" };
        let values = if version < 6 {
            "?1, ?2"
        } else {
            "body_pack(?1, ?2)"
        };
        for (id, title) in [(1, "Mali expels diplomats"), (2, "Niger closes border")] {
            old.execute(
                &format!(
                    "INSERT INTO articles (id, title, clipped, {columns}, note, text_hash, source_format)
                     VALUES (?3, ?4, '2025-08-16T00:00:00Z', {values}, 'call back', x'01', 'text')"
                ),
                params![text, html, id, title],
            )
            .unwrap();
        }
        old.execute_batch(
            "INSERT INTO meta (key, value) VALUES ('archive_id', 'fixture');
             INSERT INTO tags (id, name) VALUES (1, 'mali');
             INSERT INTO article_tags (article_id, tag_id) VALUES (1, 1);
             INSERT INTO links (article_id, position, href, text, related, target_id)
                 VALUES (1, 0, 'https://example.org/niger', 'Niger closes border', 1, 2);",
        )
        .unwrap();
        if version >= 3 {
            old.execute(
                "INSERT INTO pairs (a, b, linked, created) VALUES (1, 2, 1, '2025-08-16T00:00:00Z')",
                [],
            )
            .unwrap();
        }
        // Stored from schema 3 until 7 dropped them.
        if (3..7).contains(&version) {
            old.execute(
                "INSERT INTO entities VALUES (1, 'person', 'assimi goita', 'Assimi Goïta', 1)",
                [],
            )
            .unwrap();
        }
        if version >= 5 {
            old.execute(
                "INSERT INTO tokens (name, hash, created) VALUES ('firefox', x'02', '2025-08-16T00:00:00Z')",
                [],
            )
            .unwrap();
        }
    }

    #[test]
    fn archives_from_every_earlier_schema_open_with_nothing_lost() {
        for version in 1..MIGRATIONS.len() {
            let dir = tempfile::tempdir().unwrap();
            archive_at_version(&dir.path().join("archive.db"), version);
            let archive = crate::Archive::open(dir.path())
                .unwrap_or_else(|e| panic!("schema {version}: {e}"));
            let article = archive.article(1).unwrap();
            assert_eq!(
                article.text,
                "Bamako expelled five diplomats, Colonel Goïta said."
            );
            assert!(article.html.contains("<p>Bamako"), "schema {version}");
            assert_eq!(article.tags, ["mali"], "schema {version}");
            assert_eq!(article.note, "call back", "schema {version}");
            assert_eq!(article.links[0].target, Some(2), "schema {version}");
            assert!(
                article.entities.iter().any(|e| e.name.contains("Goïta")),
                "schema {version}: mentions are found on reading"
            );
            let hits = archive
                .search("goita tag:mali", &Default::default())
                .unwrap();
            assert_eq!(hits.total, 1, "schema {version}");
            let report = archive.doctor().unwrap();
            assert!(report.ok, "schema {version}: {report:?}");
            let conn = Connection::open(dir.path().join("archive.db")).unwrap();
            let now: i64 = conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap();
            assert_eq!(now, MIGRATIONS.len() as i64);
            if version >= 3 {
                let pairs: i64 = conn
                    .query_row("SELECT count(*) FROM pairs", [], |r| r.get(0))
                    .unwrap();
                assert_eq!(pairs, 1, "schema {version}: the reporter's link");
            }
            if version >= 5 {
                let tokens: i64 = conn
                    .query_row("SELECT count(*) FROM tokens", [], |r| r.get(0))
                    .unwrap();
                assert_eq!(tokens, 1, "schema {version}");
            }
        }
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
