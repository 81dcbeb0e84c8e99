//! [`Archive`]: the one entry point to an archive folder.
//!
//! ```text
//! ARCHIVE/
//!   archive.db    SQLite, the source of truth (WAL: also -wal and -shm)
//!   index/        tantivy, derived from archive.db
//!   writer.lock   held by the process that writes
//! ```
//!
//! Every write follows one path: take the writer lock, commit to SQLite in
//! one immediate transaction that also appends to the `changes` log, then
//! update the index from what was committed and commit it with the log's
//! sequence number. A process killed between the two commits leaves an
//! index that is behind; the next [`Archive::open`] sees it and catches up.
//! Reads need no lock: any number of processes can search an archive while
//! one writes to it.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::clip::{self, Extracted, Format};
use crate::index::{self, CommitPayload, IndexDoc, SearchIndex, SCHEMA_VERSION};
use crate::lock::WriterLock;
use crate::model::{
    Article, ClipOutcome, DoctorReport, Hit, SearchOptions, SearchResults, TagCount,
};
use crate::store::{self, articles, changes, meta, tags, Store};
use crate::text::{fold, squash_whitespace};
use crate::{Error, Result};

/// How long a write waits for another process's writer lock by default.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(5);
/// During bulk clipping the index is committed at least this often...
const BATCH_COMMIT_INTERVAL: Duration = Duration::from_secs(2);
/// ...and after at most this many articles.
const BATCH_COMMIT_DOCS: usize = 2_000;

/// Something to clip: the bytes of a page or of text, and what is known
/// about them.
#[derive(Debug, Clone, Default)]
pub struct ClipRequest {
    pub bytes: Vec<u8>,
    /// Where the page came from.
    pub url: Option<String>,
    /// `None` guesses from `file_name` and the content.
    pub format: Option<Format>,
    pub file_name: Option<String>,
    pub tags: Vec<String>,
    pub note: String,
}

/// An open archive. Cheap to share between threads (`Send + Sync`).
pub struct Archive {
    dir: PathBuf,
    store: Store,
    index: SearchIndex,
    id: String,
    /// The writer lock once taken; the mutex also serialises this
    /// process's writes so that index commits follow the change log.
    writer: Mutex<Option<WriterLock>>,
    lock_wait: Duration,
}

impl Archive {
    /// Opens the archive in `dir`, creating it if needed, and brings its
    /// index up to date with the database.
    pub fn open(dir: impl AsRef<Path>) -> Result<Archive> {
        Archive::open_with(dir, DEFAULT_LOCK_WAIT)
    }

    /// Like [`Archive::open`], with how long writes wait for another writer.
    pub fn open_with(dir: impl AsRef<Path>, lock_wait: Duration) -> Result<Archive> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io(format!("creating the archive folder {}", dir.display()), e))?;
        let store = Store::open(&dir.join("archive.db"))?;
        let id = archive_id(&store)?;
        let writer = Mutex::new(None);
        let index = match SearchIndex::open(&dir.join("index")) {
            Ok(index) => index,
            Err(_) => {
                // Unreadable or from an incompatible schema: it is derived
                // data, so start it again (the sync below refills it).
                let lock = WriterLock::acquire(&dir, lock_wait)?;
                let index_dir = dir.join("index");
                std::fs::remove_dir_all(&index_dir)
                    .map_err(|e| Error::io(format!("removing {}", index_dir.display()), e))?;
                *writer.lock().unwrap_or_else(|e| e.into_inner()) = Some(lock);
                SearchIndex::open(&index_dir)?
            }
        };
        let archive = Archive {
            dir,
            store,
            index,
            id,
            writer,
            lock_wait,
        };
        archive.sync_index()?;
        Ok(archive)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Extracts and stores one clip, or finds the article it duplicates.
    pub fn clip(&self, request: ClipRequest) -> Result<ClipOutcome> {
        let extracted = extract(&request)?;
        let _writer = self.write_lock()?;
        let outcome = self.store_clip(&request, &extracted)?;
        self.commit_index()?;
        Ok(outcome)
    }

    /// Clips many items, calling `each` with every result as soon as the
    /// article is committed to the database. The index is committed in
    /// batches; an interruption leaves nothing half-written.
    pub fn clip_all(
        &self,
        requests: impl IntoIterator<Item = ClipRequest>,
        mut each: impl FnMut(&ClipRequest, Result<ClipOutcome>),
    ) -> Result<()> {
        let _writer = self.write_lock()?;
        let mut since_commit = 0;
        let mut last_commit = Instant::now();
        for request in requests {
            let outcome = extract(&request).and_then(|e| self.store_clip(&request, &e));
            if matches!(
                outcome,
                Ok(ClipOutcome {
                    duplicate_of: None,
                    ..
                })
            ) {
                since_commit += 1;
            }
            each(&request, outcome);
            if since_commit >= BATCH_COMMIT_DOCS || last_commit.elapsed() >= BATCH_COMMIT_INTERVAL {
                self.commit_index()?;
                since_commit = 0;
                last_commit = Instant::now();
            }
        }
        self.commit_index()
    }

    /// Extracts an article without storing it (`dispatch extract`).
    pub fn format_of(request: &ClipRequest) -> Format {
    request
        .format
        .unwrap_or_else(|| clip::sniff(&request.bytes, request.file_name.as_deref()))
}

fn extract(request: &ClipRequest) -> Result<Extracted> {
    clip::extract(&request.bytes, request.url.as_deref(), format_of(request))
}

/// What makes two clips the same article: the same headline over the same
/// words in the same order (case, accents and spacing aside). Clips without
/// text are told apart by their URL, or failing that their headline.
fn text_hash(x: &Extracted, canonical: Option<&str>) -> Vec<u8> {
    let words = squash_whitespace(&fold(&x.text));
    let key = if words.is_empty() {
        format!(
            "\0empty\0{}",
            canonical.map_or_else(|| fold(&x.title), str::to_string)
        )
    } else {
        format!("{}\0{words}", squash_whitespace(&fold(&x.title)))
    };
    blake3::hash(key.as_bytes()).as_bytes().to_vec()
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The archive's identity, made at creation; the index records it so that
/// an index from another archive is never trusted.
fn archive_id(store: &Store) -> Result<String> {
    if let Some(id) = meta::get(&store.read(), "archive_id")? {
        return Ok(id);
    }
    store.write(|tx| {
        if let Some(id) = meta::get(tx, "archive_id")? {
            return Ok(id);
        }
        let seed = format!(
            "{:?}{}{:?}",
            std::time::SystemTime::now(),
            std::process::id(),
            std::thread::current().id()
        );
        let id = blake3::hash(seed.as_bytes()).to_hex()[..16].to_string();
        meta::set(tx, "archive_id", &id)?;
        Ok(id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &[u8] = include_bytes!("../../../../shared/fixtures/france-mali-plaintext.txt");

    fn text_clip(bytes: &[u8]) -> ClipRequest {
        ClipRequest {
            bytes: bytes.to_vec(),
            format: Some(Format::Text),
            ..ClipRequest::default()
        }
    }

    fn ids(archive: &Archive, query: &str) -> Vec<i64> {
        let results = archive.search(query, &SearchOptions::default()).unwrap();
        results.hits.iter().map(|h| h.id).collect()
    }

    #[test]
    fn clipped_fixture_is_found_across_diacritics_and_phrases() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        let id = archive.clip(text_clip(FIXTURE)).unwrap().id;
        assert_eq!(ids(&archive, "goita"), [id]);
        assert_eq!(ids(&archive, "GOÏTA"), [id]);
        assert_eq!(ids(&archive, "\"counter-terrorism cooperation\""), [id]);
        assert!(ids(&archive, "\"cooperation counter-terrorism\"").is_empty());
        assert!(ids(&archive, "goita -wagner").is_empty());
        assert_eq!(ids(&archive, "expelled OR diplomats"), [id]);
        let hit = &archive
            .search("goita", &SearchOptions::default())
            .unwrap()
            .hits[0];
        assert!(
            hit.snippet.contains("<mark>Goïta</mark>"),
            "{}",
            hit.snippet
        );
    }

    #[test]
    fn a_second_clip_of_the_same_text_is_a_duplicate() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        let first = archive.clip(text_clip(FIXTURE)).unwrap();
        let mut again = text_clip(FIXTURE);
        again.tags = vec!["Mali".into()];
        let second = archive.clip(again).unwrap();
        assert_eq!(second.duplicate_of, Some(first.id));
        assert_eq!(archive.article(first.id).unwrap().tags, ["Mali"]);
        assert_eq!(
            archive.search("", &SearchOptions::default()).unwrap().total,
            1
        );
    }

    #[test]
    fn tags_are_searchable_renamed_and_merged() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        let a = archive.clip(text_clip(FIXTURE)).unwrap().id;
        let b = archive
            .clip(text_clip(
                b"Niger junta\n\nThe junta in Niamey closed the border.",
            ))
            .unwrap()
            .id;
        archive
            .tag(a, &["Mali".into(), "diplomacy".into()], &[])
            .unwrap();
        archive.tag(b, &["sahel".into()], &[]).unwrap();
        assert_eq!(ids(&archive, "tag:mali"), [a]);
        archive.rename_tag("sahel", "Sahel region").unwrap();
        assert_eq!(ids(&archive, "tag:\"sahel region\""), [b]);
        archive.merge_tags("Sahel region", "diplomacy").unwrap();
        let mut both = ids(&archive, "tag:diplomacy");
        both.sort();
        assert_eq!(both, [a, b]);
        let tags = archive.tags().unwrap();
        assert_eq!(tags[0].name, "diplomacy");
        assert_eq!(tags[0].count, 2);
        archive.tag(a, &[], &["diplomacy".into()]).unwrap();
        assert_eq!(ids(&archive, "tag:diplomacy"), [b]);
    }

    #[test]
    fn an_index_behind_the_database_catches_up_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        archive.clip(text_clip(FIXTURE)).unwrap();
        // Simulate a process killed after the SQLite commit but before the
        // index commit: a change the index never saw.
        let id = archive
            .store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO articles (title, clipped, text, html, text_hash, source_format)
                     VALUES ('Niger closes its border', '2025-08-20T00:00:00Z',
                             'Niamey closed the border with Benin.', '', x'00', 'text')",
                    [],
                )?;
                let id = tx.last_insert_rowid();
                changes::record(tx, id)?;
                Ok(id)
            })
            .unwrap();
        drop(archive);
        let archive = Archive::open(dir.path()).unwrap();
        assert_eq!(ids(&archive, "niamey"), [id]);
        assert!(archive.doctor().unwrap().ok);
    }

    #[test]
    fn a_deleted_index_is_rebuilt_and_reindex_keeps_results() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        let id = archive.clip(text_clip(FIXTURE)).unwrap().id;
        let before = archive.search("mali", &SearchOptions::default()).unwrap();
        assert_eq!(archive.reindex().unwrap(), 1);
        assert_eq!(
            archive.search("mali", &SearchOptions::default()).unwrap(),
            before
        );
        drop(archive);
        std::fs::remove_dir_all(dir.path().join("index")).unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        assert_eq!(ids(&archive, "goita"), [id]);
        let report = archive.doctor().unwrap();
        assert!(report.ok, "{report:?}");
        assert_eq!((report.articles, report.indexed), (1, 1));
    }

    #[test]
    fn a_second_writer_gets_archive_busy() {
        let dir = tempfile::tempdir().unwrap();
        let first = Archive::open(dir.path()).unwrap();
        first.clip(text_clip(FIXTURE)).unwrap();
        let second = Archive::open_with(dir.path(), Duration::from_millis(100)).unwrap();
        // Reading works while the first holds the writer lock...
        assert_eq!(ids(&second, "goita").len(), 1);
        // ...writing does not.
        let err = second
            .clip(text_clip(b"Another story\n\nWith its own text."))
            .unwrap_err();
        assert!(matches!(err, Error::ArchiveBusy(_)), "{err}");
        assert_eq!(err.code(), "archive_busy");
        drop(first);
        second
            .clip(text_clip(b"Another story\n\nWith its own text."))
            .unwrap();
    }

    #[test]
    fn filters_by_date_language_and_site() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        let page = |title: &str, lang: &str, date: &str, body: &str| {
            let author = if lang == "en" {
                "Jane Doe"
            } else {
                "Marie Dupont"
            };
            format!(
                "<html lang=\"{lang}\"><head><title>{title}</title>
                 <meta name=\"author\" content=\"{author}\">
                 <meta property=\"article:published_time\" content=\"{date}\"></head>
                 <body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>"
            )
        };
        let fr = archive
            .clip(ClipRequest {
                bytes: page("Le Mali expulse des diplomates", "fr", "2025-08-16", "Les députés ont approuvé l'expulsion des diplomates français par le gouvernement malien, selon la presse locale.").into_bytes(),
                url: Some("https://www.lemonde.fr/afrique/mali.html".into()),
                ..ClipRequest::default()
            })
            .unwrap()
            .id;
        let en = archive
            .clip(ClipRequest {
                bytes: page("Mali expels diplomats", "en", "2025-10-02", "Lawmakers approved the expulsion of French diplomats by the Malian government, local press reported.").into_bytes(),
                url: Some("https://www.rfi.fr/en/africa/mali.html".into()),
                ..ClipRequest::default()
            })
            .unwrap()
            .id;
        assert_eq!(ids(&archive, "deputes approuver lang:fr"), [fr]);
        assert_eq!(ids(&archive, "diplomats lang:en"), [en]);
        assert_eq!(ids(&archive, "site:lemonde.fr"), [fr]);
        assert_eq!(ids(&archive, "site:rfi.fr"), [en]);
        assert_eq!(ids(&archive, "after:2025-09"), [en]);
        assert_eq!(ids(&archive, "before:2025-08-16"), [fr]);
        assert_eq!(ids(&archive, "title:expels"), [en]);
        assert_eq!(ids(&archive, "author:doe"), [en]);
        assert_eq!(ids(&archive, "author:\"marie dupont\""), [fr]);
        let all = archive.search("", &SearchOptions::default()).unwrap();
        assert_eq!(
            all.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
            [en, fr],
            "newest first"
        );
        assert_eq!(all.facets.langs.len(), 2);
        assert_eq!(all.facets.years[0].value, "2025");
        assert_eq!(all.facets.years[0].count, 2);
    }
}
