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

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::clip::{self, Extracted, Format};
use crate::index::{self, CommitPayload, IndexDoc, SearchIndex, SCHEMA_VERSION};
use crate::lock::WriterLock;
use crate::model::{
    Article, ClipOutcome, DoctorReport, Hit, ReextractFailure, ReextractReport, SearchOptions,
    SearchResults, TagCount,
};
use crate::store::{self, articles, changes, links, meta, tags, Store};
use crate::text::{fold, squash_whitespace};
use crate::threads;
use crate::{Error, Result};

mod backup;
mod feeds;
mod images;
mod io;
mod related;
mod saved;
mod tokens;

/// How long a write waits for another process's writer lock by default.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(5);
/// During bulk clipping the index is committed at least this often...
const BATCH_COMMIT_INTERVAL: Duration = Duration::from_secs(2);
/// ...and after at most this many articles.
const BATCH_COMMIT_DOCS: usize = 2_000;
/// Bumped when what is derived from each article's text in the database
/// (link and headline keys) is computed differently; archives
/// with another version are brought up to date at open.
const DERIVED_VERSION: &str = "4";

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
    /// The HTML the reporter selected on the page: it becomes the article's
    /// body; the page's metadata is read from `bytes` as usual.
    pub selection: Option<String>,
    /// The article as another tool already extracted it (an export's text
    /// and HTML): stored as it is, with `bytes`, when given, kept as the
    /// original. Without `bytes` or `content`, a request with a `url` is
    /// stored as pending: searchable by title and tags, fetched later.
    pub content: Option<Extracted>,
    /// What the clip's source already knows about it.
    pub known: Known,
}

/// What the source of a clip (the browser, another tool's export, a
/// bookmark, a feed item) already knows about it. Each field is used where
/// the page itself says nothing; `clipped` keeps when it was first saved.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
    /// RFC 3339.
    pub clipped: Option<String>,
}

impl ClipRequest {
    /// Whether this request carries nothing to read yet (see `content`).
    pub fn is_pending(&self) -> bool {
        self.bytes.is_empty() && self.content.is_none() && self.url.is_some()
    }

    /// A request for a page fetched by its address ([`crate::fetch`]): its
    /// bytes, the address it was served from, and plain text when the
    /// server says so.
    ///
    /// A page in a legacy charset that only the server names (`Content-Type:
    /// text/html; charset=ISO-8859-1`, no `<meta charset>`) is kept as
    /// UTF-8, so that reading it again later needs no header.
    pub fn fetched(page: crate::fetch::Fetched) -> ClipRequest {
        let content_type = page
            .content_type
            .as_deref()
            .unwrap_or("")
            .to_ascii_lowercase();
        let plain = content_type.trim_start().starts_with("text/plain");
        let declared = content_type
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("charset="))
            .find_map(|c| encoding_rs::Encoding::for_label(c.trim_matches('"').as_bytes()));
        let bytes = match declared {
            Some(encoding)
                if encoding != encoding_rs::UTF_8
                    && std::str::from_utf8(&page.bytes).is_err()
                    && encoding_rs::Encoding::for_bom(&page.bytes).is_none() =>
            {
                encoding
                    .decode_without_bom_handling(&page.bytes)
                    .0
                    .into_owned()
                    .into_bytes()
            }
            _ => page.bytes,
        };
        ClipRequest {
            bytes,
            url: Some(page.url),
            format: plain.then_some(Format::Text),
            ..ClipRequest::default()
        }
    }
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
    /// index up to date with the database. An archive this process cannot
    /// write (permissions, a read-only disk) opens read-only.
    pub fn open(dir: impl AsRef<Path>) -> Result<Archive> {
        Archive::open_with(dir, DEFAULT_LOCK_WAIT)
    }

    /// Like [`Archive::open`], with how long writes wait for another writer.
    pub fn open_with(dir: impl AsRef<Path>, lock_wait: Duration) -> Result<Archive> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io(format!("creating the archive folder {}", dir.display()), e))?;
        let db = dir.join("archive.db");
        let store = match (writable(&dir, &db)?, db.exists()) {
            (true, _) => Store::open(&db)?,
            (false, true) => Store::open_read_only(&db)?,
            (false, false) => {
                return Err(Error::ReadOnly(
                    dir,
                    "there is no archive there yet, and none can be made",
                ))
            }
        };
        let id = archive_id(&store)?;
        let (index, lock) = open_index(&dir, store.is_read_only(), lock_wait)?;
        let archive = Archive {
            dir,
            store,
            index,
            id,
            writer: Mutex::new(lock),
            lock_wait,
        };
        archive.refresh_derived()?;
        archive.sync_index()?;
        Ok(archive)
    }

    /// True when the archive was opened for reading only (see [`Error::ReadOnly`]).
    pub fn is_read_only(&self) -> bool {
        self.store.is_read_only()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Extracts and stores one clip, or finds the article it duplicates.
    pub fn clip(&self, request: ClipRequest) -> Result<ClipOutcome> {
        let prepared = prepare(request)?;
        let _writer = self.write_lock()?;
        let outcome = self.store_clip(prepared)?;
        self.commit_index()?;
        Ok(outcome)
    }

    /// Clips many items, calling `each` with every result as soon as the
    /// article is committed to the database. Pages are extracted on every
    /// core while earlier ones are stored; the index is committed in
    /// batches; an interruption leaves nothing half-written.
    pub fn clip_all(
        &self,
        requests: impl IntoIterator<Item = ClipRequest>,
        mut each: impl FnMut(&ClipRequest, Result<ClipOutcome>),
    ) -> Result<()> {
        let _writer = self.write_lock()?;
        let mut batch = IndexBatch::new();
        pipeline(
            requests,
            |request| {
                // What `each` is told of the request once its bytes are gone.
                let named = ClipRequest {
                    file_name: request.file_name.clone(),
                    url: request.url.clone(),
                    ..ClipRequest::default()
                };
                (prepare(request), named)
            },
            |(prepared, named)| {
                let outcome = prepared.and_then(|p| self.store_clip(p));
                if matches!(&outcome, Ok(o) if o.duplicate_of.is_none()) {
                    batch.pending += 1;
                }
                each(&named, outcome);
                batch.commit_if_due(self)?;
                Ok(ControlFlow::Continue(()))
            },
        )?;
        self.commit_index()
    }

    /// Extracts an article without storing it (`dispatch extract`).
    pub fn extract(request: &ClipRequest) -> Result<Extracted> {
        extract_owned(&mut request.clone())
    }

    /// Stores a prepared clip and indexes it (the caller holds the writer
    /// lock and commits the index), or finds the article it duplicates.
    fn store_clip(&self, p: Prepared) -> Result<ClipOutcome> {
        let Prepared {
            request,
            x,
            tags: tags_to_add,
            canonical,
            text_hash,
            folded_title,
            site,
            original,
            body,
            entities: found,
            pending,
        } = p;
        let clipped = request.known.clipped.clone().unwrap_or_else(now);
        let note = squash_whitespace(&request.note);
        let outlet = x.site_name.clone().or_else(|| site.clone());
        let stored = self.store.write(|tx| {
            if let Some((id, title)) =
                articles::find_duplicate(tx, canonical.as_deref(), &text_hash, &folded_title)?
            {
                let mut changed = false;
                for tag in &tags_to_add {
                    changed |= tags::add(tx, id, tag)?;
                }
                if changed {
                    changes::record(tx, id)?;
                }
                return Ok(Stored::Duplicate {
                    id,
                    title,
                    retagged: changed,
                });
            }
            let id = articles::insert(
                tx,
                &articles::NewArticle {
                    url: request.url.as_deref().or(x.url.as_deref()),
                    canonical_url: canonical.as_deref(),
                    title: &x.title,
                    byline: x.byline.as_deref(),
                    outlet: outlet.as_deref(),
                    site: site.as_deref(),
                    published: x.published.as_deref(),
                    updated: x.updated.as_deref(),
                    image: x.image.as_deref(),
                    page_title: x.page_title.as_deref(),
                    clipped: &clipped,
                    lang: x.lang.as_deref(),
                    body: &body,
                    excerpt: x.excerpt.as_deref(),
                    note: &note,
                    text_hash: &text_hash,
                    source_format: format_of(&request).name(),
                    links: &x.links,
                    original: original
                        .as_ref()
                        .map(|(hash, compressed)| articles::Original {
                            content_hash: hash.as_bytes(),
                            size: request.bytes.len(),
                            compressed,
                        }),
                    pending,
                },
            )?;
            for tag in &tags_to_add {
                tags::add(tx, id, tag)?;
            }
            links::resolve(tx, id)?;
            changes::record(tx, id)?;
            // As the archive spells them ("Mali" already there for "mali").
            let tags = tags::of_article(tx, id)?;
            Ok(Stored::New { id, tags })
        })?;
        let (id, stored_tags) = match stored {
            Stored::Duplicate {
                id,
                title,
                retagged,
            } => {
                if retagged {
                    self.index_article(id)?;
                }
                return Ok(ClipOutcome {
                    id,
                    title,
                    duplicate_of: Some(id),
                });
            }
            Stored::New { id, tags } => (id, tags),
        };
        let title = x.title.clone();
        // Indexed from what is in hand: no read back, no second pass over
        // the text for its names.
        self.index.upsert(&IndexDoc {
            id,
            title: x.title,
            text: x.text,
            byline: x.byline,
            outlet,
            site,
            canonical_url: canonical,
            lang: x.lang,
            published: x.published,
            clipped,
            page_title: x.page_title,
            tags: stored_tags,
            note,
            pending,
            entities: found,
        })?;
        Ok(ClipOutcome {
            id,
            title,
            duplicate_of: None,
        })
    }

    /// One article, with its tags and links.
    pub fn article(&self, id: i64) -> Result<Article> {
        articles::get(&self.store.read(), id)?.ok_or(Error::NotFound(id))
    }

    /// The bytes as they were clipped.
    pub fn original(&self, id: i64) -> Result<Vec<u8>> {
        articles::original(&self.store.read(), id)?.ok_or(Error::NotFound(id))
    }

    /// Searches with the query language (see [`crate::index::parse`]).
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        let expr = index::parse(query)?;
        let (matches, snippets) = self.index.search(&expr, options)?;
        let ids: Vec<i64> = matches.hits.iter().map(|(id, _)| *id).collect();
        let mut rows = articles::summaries(&self.store.read(), &ids)?;
        let hits = matches
            .hits
            .iter()
            .filter_map(|&(id, score)| {
                let row = rows.remove(&id)?;
                let lang = self.index.indexed_lang(row.lang.as_deref());
                Some(Hit {
                    id,
                    snippet: snippets.snippet_with_note(lang, &row.text, &row.note),
                    title: row.title,
                    outlet: row.outlet,
                    published: row.published,
                    clipped: row.clipped,
                    lang: row.lang,
                    tags: row.tags,
                    score,
                })
            })
            .collect();
        Ok(SearchResults {
            total: matches.total,
            hits,
            facets: matches.facets,
        })
    }

    /// The words of article `id` (headline and text) that `query`
    /// matches, as they are written there: what a reader highlights.
    pub fn matched_words(&self, query: &str, id: i64) -> Result<Vec<String>> {
        let expr = index::parse(query)?;
        let a = articles::summaries(&self.store.read(), &[id])?
            .remove(&id)
            .ok_or(Error::NotFound(id))?;
        let text = format!("{}\n{}", a.title, a.text);
        self.index.matched_words(&expr, a.lang.as_deref(), &text)
    }

    /// Adds and removes tags on an article; returns its tags after.
    pub fn tag(&self, id: i64, add: &[String], remove: &[String]) -> Result<Vec<String>> {
        self.tag_many(&[id], add, remove)?;
        tags::of_article(&self.store.read(), id)
    }

    /// Adds and removes tags on many articles in one transaction; returns
    /// the ids of the articles whose tags changed. Fails, changing
    /// nothing, if any id is unknown.
    pub fn tag_many(&self, ids: &[i64], add: &[String], remove: &[String]) -> Result<Vec<i64>> {
        let (add, remove) = (tags::normalize_all(add)?, tags::normalize_all(remove)?);
        self.retag(|tx| {
            let mut changed = Vec::new();
            for &id in ids {
                if !articles::exists(tx, id)? {
                    return Err(Error::NotFound(id));
                }
                let mut any = false;
                for t in &remove {
                    any |= tags::remove(tx, id, t)?;
                }
                for t in &add {
                    any |= tags::add(tx, id, t)?;
                }
                if any && !changed.contains(&id) {
                    changed.push(id);
                }
            }
            Ok(changed)
        })
    }

    /// Every tag with its article count, most used first.
    pub fn tags(&self) -> Result<Vec<TagCount>> {
        tags::counts(&self.store.read())
    }

    /// Renames a tag everywhere; renaming onto an existing tag merges them.
    pub fn rename_tag(&self, from: &str, to: &str) -> Result<usize> {
        let (from, to) = (tags::normalize(from)?, tags::normalize(to)?);
        self.retag(|tx| tags::rename(tx, &from, &to))
            .map(|ids| ids.len())
    }

    /// Merges tag `from` into the existing tag `into`.
    pub fn merge_tags(&self, from: &str, into: &str) -> Result<usize> {
        let (from, into) = (tags::normalize(from)?, tags::normalize(into)?);
        self.retag(|tx| {
            if tags::articles_with(tx, &into)?.is_empty() {
                return Err(Error::InvalidInput(format!(
                    "there is no tag '{into}' to merge into"
                )));
            }
            tags::rename(tx, &from, &into)
        })
        .map(|ids| ids.len())
    }

    /// Removes a tag from every article; returns how many had it.
    pub fn delete_tag(&self, name: &str) -> Result<usize> {
        let name = tags::normalize(name)?;
        self.retag(|tx| {
            let affected = tags::articles_with(tx, &name)?;
            for id in &affected {
                tags::remove(tx, *id, &name)?;
            }
            Ok(affected)
        })
        .map(|ids| ids.len())
    }

    /// Runs a tag change in one transaction and reindexes the articles it
    /// returns.
    fn retag(&self, f: impl FnOnce(&rusqlite::Connection) -> Result<Vec<i64>>) -> Result<Vec<i64>> {
        let _writer = self.write_lock()?;
        let affected = self.store.write(|tx| {
            let affected = f(tx)?;
            for id in &affected {
                changes::record(tx, *id)?;
            }
            Ok(affected)
        })?;
        for id in &affected {
            self.index_article(*id)?;
        }
        if !affected.is_empty() {
            self.commit_index()?;
        }
        Ok(affected)
    }

    /// Changes an article's title and/or note.
    pub fn edit(&self, id: i64, title: Option<&str>, note: Option<&str>) -> Result<Article> {
        let title = title.map(squash_whitespace);
        if title.as_deref() == Some("") {
            return Err(Error::InvalidInput("a title cannot be empty".into()));
        }
        let _writer = self.write_lock()?;
        self.store.write(|tx| {
            if !articles::exists(tx, id)? {
                return Err(Error::NotFound(id));
            }
            if let Some(t) = &title {
                tx.execute(
                    "UPDATE articles SET title = ?2, title_key = ?3, title_edited = 1 WHERE id = ?1",
                    rusqlite::params![id, t, threads::headline_key(t)],
                )?;
                links::index_title(tx, id, threads::headline_key(t).as_deref())?;
                links::resolve(tx, id)?;
            }
            if let Some(n) = note {
                tx.execute(
                    "UPDATE articles SET note = ?2 WHERE id = ?1",
                    rusqlite::params![id, n],
                )?;
            }
            changes::record(tx, id)?;
            Ok(())
        })?;
        self.index_article(id)?;
        self.commit_index()?;
        self.article(id)
    }

    /// Deletes an article.
    pub fn delete(&self, id: i64) -> Result<()> {
        self.delete_many(&[id])
    }

    /// Deletes articles in one transaction and one index commit; fails,
    /// deleting nothing, if any id is unknown.
    pub fn delete_many(&self, ids: &[i64]) -> Result<()> {
        let _writer = self.write_lock()?;
        self.store.write(|tx| {
            for &id in ids {
                if !articles::delete(tx, id)? {
                    return Err(Error::NotFound(id));
                }
                changes::record(tx, id)?;
            }
            Ok(())
        })?;
        for &id in ids {
            self.index_article(id)?;
        }
        self.commit_index()
    }

    /// Runs the current extractor again over every stored original and
    /// updates what it reads (text, HTML, metadata, links); tags, notes,
    /// clip times, resolved links and titles the reporter edited stay.
    /// `progress(done, total)` is called after each article; returning
    /// `Break` stops there (each article is its own transaction, so the
    /// ones done keep their new extraction). Articles the extractor now
    /// fails on are reported and left as they were.
    pub fn reextract(
        &self,
        mut progress: impl FnMut(usize, usize) -> ControlFlow<()>,
    ) -> Result<ReextractReport> {
        let _writer = self.write_lock()?;
        let sources = articles::sources(&self.store.read())?;
        let total = sources.len();
        let mut report = ReextractReport::default();
        let mut batch = IndexBatch::new();
        for (done, source) in sources.into_iter().enumerate() {
            let outcome = self.reextract_one(&source);
            report.articles += 1;
            match outcome {
                Ok(true) => {
                    report.changed += 1;
                    batch.pending += 1;
                }
                Ok(false) => {}
                Err(e) => report.failed.push(ReextractFailure {
                    id: source.id,
                    message: e.to_string(),
                }),
            }
            batch.commit_if_due(self)?;
            if progress(done + 1, total).is_break() {
                report.cancelled = true;
                break;
            }
        }
        self.commit_index()?;
        Ok(report)
    }

    fn reextract_one(&self, source: &articles::Source) -> Result<bool> {
        let bytes =
            articles::original(&self.store.read(), source.id)?.ok_or(Error::NotFound(source.id))?;
        let format = Format::from_name(&source.source_format);
        let x = clip::extract(&bytes, source.url.as_deref(), format)?;
        let canonical = canonical_url(&x, source.url.as_deref());
        let hash = text_hash(&x, canonical.as_deref());
        let changed = self.store.write(|tx| {
            let title = (!source.title_edited).then_some(x.title.as_str());
            let changed = articles::update_extraction(
                tx,
                source.id,
                &articles::Reextracted::of(&x, title, &hash),
            )?;
            if changed {
                links::resolve(tx, source.id)?;
                changes::record(tx, source.id)?;
            }
            Ok(changed)
        })?;
        if changed {
            self.index_article(source.id)?;
        }
        Ok(changed)
    }

    /// Rebuilds the search index from the database; returns the number of
    /// articles indexed. `progress(done, total)` is called as articles are
    /// indexed; returning `Break` abandons the rebuild and leaves the index
    /// as it was ([`Error::Cancelled`]).
    pub fn reindex(&self, progress: impl FnMut(usize, usize) -> ControlFlow<()>) -> Result<u64> {
        let _writer = self.write_lock()?;
        self.rebuild_index(progress)
    }

    /// Checks the database and the index against each other.
    pub fn doctor(&self) -> Result<DoctorReport> {
        self.index.reload()?;
        let conn = self.store.read();
        let mut problems: Vec<String> = store::integrity_problems(&conn)?
            .into_iter()
            .map(|p| format!("database: {p}"))
            .collect();
        let db_ids = articles::ids(&conn)?;
        let index_ids = self.index.all_ids()?;
        let missing = db_ids
            .iter()
            .filter(|id| index_ids.binary_search(id).is_err())
            .count();
        let extra = index_ids
            .iter()
            .filter(|id| db_ids.binary_search(id).is_err())
            .count();
        if missing > 0 {
            problems.push(format!(
                "{missing} articles are missing from the search index (run `dispatch reindex`)"
            ));
        }
        if extra > 0 {
            problems.push(format!("the search index has {extra} entries for deleted articles (run `dispatch reindex`)"));
        }
        let mut dup_ids = index_ids.clone();
        dup_ids.dedup();
        if dup_ids.len() != index_ids.len() {
            problems.push(format!(
                "{} articles are indexed more than once (run `dispatch reindex`)",
                index_ids.len() - dup_ids.len()
            ));
        }
        let latest = changes::latest(&conn)?;
        match self.index.payload()? {
            Some(p) if p.seq < latest => problems.push(format!(
                "the search index is {} changes behind the database",
                latest - p.seq
            )),
            None if latest > 0 => problems.push("the search index has never been committed".into()),
            _ => {}
        }
        Ok(DoctorReport {
            ok: problems.is_empty(),
            articles: db_ids.len() as u64,
            indexed: index_ids.len() as u64,
            problems,
        })
    }

    /// Sorts the failure of one item of bulk work: the item's own problem
    /// (bad input, a page that cannot be fetched), reported while the
    /// work goes on, or the machine's (disk, database), which stops it
    /// after committing the index for what was done.
    fn item_problem(&self, e: Error) -> Result<String> {
        if e.is_user_error() || matches!(e, Error::Network(_)) {
            Ok(e.to_string())
        } else {
            self.commit_index()?;
            Err(e)
        }
    }

    fn write_lock(&self) -> Result<MutexGuard<'_, Option<WriterLock>>> {
        if self.store.is_read_only() {
            return Err(Error::ReadOnly(self.dir.clone(), store::READ_ONLY_WRITE));
        }
        let mut guard = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        if guard.is_none() {
            *guard = Some(WriterLock::acquire(&self.dir, self.lock_wait)?);
        }
        Ok(guard)
    }

    /// Brings the index up to date with the database's change log: nothing
    /// to do, catch up on the changes after the index's last commit, or
    /// rebuild (a missing, foreign or outdated index). When another process
    /// holds the writer lock, it keeps the index current and this is skipped.
    fn sync_index(&self) -> Result<()> {
        if self.index_state()? == IndexState::Current {
            return Ok(());
        }
        let _writer = match self.write_lock() {
            Ok(guard) => guard,
            // Another process keeps it current, or none can.
            Err(Error::ArchiveBusy(_) | Error::ReadOnly(..)) => return Ok(()),
            Err(e) => return Err(e),
        };
        match self.index_state()? {
            IndexState::Current => Ok(()),
            IndexState::Behind(seq) => {
                let ids = changes::since(&self.store.read(), seq)?;
                for id in ids {
                    self.index_article(id)?;
                }
                self.commit_index()
            }
            IndexState::Rebuild => self
                .rebuild_index(|_, _| ControlFlow::Continue(()))
                .map(|_| ()),
        }
    }

    fn index_state(&self) -> Result<IndexState> {
        let (latest, any) = {
            let conn = self.store.read();
            (changes::latest(&conn)?, articles::any(&conn)?)
        };
        Ok(match self.index.payload()? {
            Some(p) if p.archive == self.id && p.schema == SCHEMA_VERSION && p.seq == latest => {
                IndexState::Current
            }
            Some(p) if p.archive == self.id && p.schema == SCHEMA_VERSION && p.seq < latest => {
                IndexState::Behind(p.seq)
            }
            // A new archive (not one whose articles were written without
            // the change log, by other means).
            None if latest == 0 && self.index.num_docs() == 0 && !any => IndexState::Current,
            _ => IndexState::Rebuild,
        })
    }

    /// Re-reads one article from the database into the index (or removes it
    /// when it is gone). The caller holds the writer lock and commits.
    fn index_article(&self, id: i64) -> Result<()> {
        let doc = articles::for_index(&self.store.read(), id)?;
        match doc {
            Some(mut doc) => {
                doc.entities = threads::entities::find(&doc.title, &doc.text);
                self.index.upsert(&doc)
            }
            None => self.index.remove(id),
        }
    }

    /// Recomputes what is derived from each article's text in the database
    /// when this build derives it differently from the one that wrote it
    /// (an archive from before threads, or new headline keys).
    fn refresh_derived(&self) -> Result<()> {
        if meta::get(&self.store.read(), "derived_version")?.as_deref() == Some(DERIVED_VERSION) {
            return Ok(());
        }
        let _writer = match self.write_lock() {
            Ok(guard) => guard,
            // The process that holds it brings the archive up to date (or
            // none can; what is derived stays as it was).
            Err(Error::ArchiveBusy(_) | Error::ReadOnly(..)) => return Ok(()),
            Err(e) => return Err(e),
        };
        self.store.write(|tx| {
            links::rekey_all(tx)?;
            meta::set(tx, "derived_version", DERIVED_VERSION)
        })
    }

    fn rebuild_index(
        &self,
        mut progress: impl FnMut(usize, usize) -> ControlFlow<()>,
    ) -> Result<u64> {
        self.index.clear()?;
        let mut count = 0usize;
        let conn = self.store.read();
        let total = articles::count(&conn)?;
        let indexed = articles::for_index_all(&conn, |mut doc: IndexDoc| {
            count += 1;
            doc.entities = threads::entities::find(&doc.title, &doc.text);
            self.index.upsert(&doc)?;
            if progress(count, total).is_break() {
                return Err(Error::Cancelled("the index was left as it was".into()));
            }
            Ok(())
        });
        drop(conn);
        if let Err(e) = indexed {
            self.index.rollback()?;
            return Err(e);
        }
        self.commit_index()?;
        Ok(count as u64)
    }

    /// Commits the index at the database's latest change and forgets the
    /// changes it now includes.
    fn commit_index(&self) -> Result<()> {
        let seq = changes::latest(&self.store.read())?;
        self.index.commit(&CommitPayload {
            archive: self.id.clone(),
            schema: SCHEMA_VERSION,
            seq,
        })?;
        self.store.write(|tx| changes::prune(tx, seq))
    }
}

#[derive(Debug, PartialEq, Eq)]
enum IndexState {
    Current,
    Behind(i64),
    Rebuild,
}

fn format_of(request: &ClipRequest) -> Format {
    request
        .format
        .unwrap_or_else(|| clip::sniff(&request.bytes, request.file_name.as_deref()))
}

/// Index commits during bulk work: after `BATCH_COMMIT_DOCS` articles or
/// `BATCH_COMMIT_INTERVAL`, whichever comes first.
struct IndexBatch {
    /// Articles indexed since the last commit.
    pending: usize,
    since: Instant,
}

impl IndexBatch {
    fn new() -> IndexBatch {
        IndexBatch {
            pending: 0,
            since: Instant::now(),
        }
    }

    fn is_due(&self) -> bool {
        self.pending >= BATCH_COMMIT_DOCS || self.since.elapsed() >= BATCH_COMMIT_INTERVAL
    }

    fn commit_if_due(&mut self, archive: &Archive) -> Result<()> {
        if self.is_due() {
            archive.commit_index()?;
            *self = IndexBatch::new();
        }
        Ok(())
    }
}

/// The address that identifies a story: the page's own canonical link,
/// else the address it was clipped from.
fn canonical_url(x: &Extracted, clipped_from: Option<&str>) -> Option<String> {
    x.url
        .as_deref()
        .and_then(clip::url::canonicalize)
        .or_else(|| clipped_from.and_then(clip::url::canonicalize))
}

/// What storing a clip came to.
enum Stored {
    /// The archive has it; the clip's tags were added (`retagged`) or not.
    Duplicate {
        id: i64,
        title: String,
        retagged: bool,
    },
    New {
        id: i64,
        tags: Vec<String>,
    },
}

/// A clip made ready for the archive before the write path: its
/// extraction and everything derived from it (pure work, done on any core).
struct Prepared {
    request: ClipRequest,
    x: Extracted,
    /// Normalised.
    tags: Vec<String>,
    canonical: Option<String>,
    text_hash: Vec<u8>,
    folded_title: String,
    site: Option<String>,
    /// The original's hash and compressed bytes, when it has bytes.
    original: Option<(blake3::Hash, Vec<u8>)>,
    /// Text and HTML, packed for storage (`store::body`).
    body: Vec<u8>,
    entities: Vec<threads::entities::Entity>,
    /// Whether the request had nothing to read yet (decided before its
    /// content was taken for the extraction).
    pending: bool,
}

fn prepare(mut request: ClipRequest) -> Result<Prepared> {
    let tags = tags::normalize_all(&request.tags)?;
    let pending = request.is_pending();
    let x = extract_owned(&mut request)?;
    let canonical = canonical_url(&x, request.url.as_deref());
    let original = match request.bytes.is_empty() {
        true => None,
        false => Some((
            blake3::hash(&request.bytes),
            zstd::bulk::compress(&request.bytes, 3)
                .map_err(|e| Error::io("compressing the original", e))?,
        )),
    };
    Ok(Prepared {
        tags,
        text_hash: text_hash(&x, canonical.as_deref()),
        folded_title: fold(&x.title),
        site: canonical.as_deref().and_then(clip::url::site_of),
        original,
        body: store::body::pack(&x.text, &x.html),
        entities: threads::entities::find(&x.title, &x.text),
        pending,
        canonical,
        x,
        request,
    })
}

/// How many items bulk work prepares ahead of the one being stored.
const PIPELINE_DEPTH: usize = 64;

/// Runs `work` over `items` on every core and hands each result to
/// `finish`, on this thread and in the items' order, while later items are
/// being worked on. `finish` returning `Break` or an error stops it (items
/// already handed out are worked on and dropped).
fn pipeline<I: Send, R: Send>(
    items: impl IntoIterator<Item = I>,
    work: impl Fn(I) -> R + Sync,
    mut finish: impl FnMut(R) -> Result<ControlFlow<()>>,
) -> Result<()> {
    use std::collections::BTreeMap;
    use std::sync::mpsc;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let (jobs, queue) = mpsc::sync_channel::<(usize, I)>(PIPELINE_DEPTH);
    let queue = Mutex::new(queue);
    let (done, results) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (queue, done, work) = (&queue, done.clone(), &work);
            scope.spawn(move || loop {
                let job = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok((seq, item)) = job else { return };
                if done.send((seq, work(item))).is_err() {
                    return;
                }
            });
        }
        drop(done);
        let mut items = items.into_iter();
        let (mut sent, mut next) = (0usize, 0usize);
        let mut ready: BTreeMap<usize, R> = BTreeMap::new();
        let outcome = loop {
            while sent - next < PIPELINE_DEPTH {
                let Some(item) = items.next() else { break };
                if jobs.send((sent, item)).is_err() {
                    break;
                }
                sent += 1;
            }
            if next == sent {
                break Ok(());
            }
            let result = loop {
                if let Some(r) = ready.remove(&next) {
                    break Some(r);
                }
                match results.recv() {
                    Ok((seq, r)) => {
                        ready.insert(seq, r);
                    }
                    Err(_) => break None,
                }
            };
            let Some(result) = result else {
                break Err(Error::io(
                    "preparing clips",
                    std::io::Error::other("a worker stopped"),
                ));
            };
            next += 1;
            match finish(result) {
                Ok(ControlFlow::Continue(())) => {}
                Ok(ControlFlow::Break(())) => break Ok(()),
                Err(e) => break Err(e),
            }
        };
        drop(jobs);
        outcome
    })
}

/// The article a request holds: its prepared content (taken, not copied),
/// nothing yet for a pending one, or the extraction of its bytes.
fn extract_owned(request: &mut ClipRequest) -> Result<Extracted> {
    let mut x = if let Some(content) = request.content.take() {
        content
    } else if request.is_pending() {
        let url = request.url.clone();
        Extracted {
            title: String::new(),
            site_name: url.as_deref().and_then(clip::url::site_of),
            url,
            ..Extracted::default()
        }
    } else {
        let page = clip::extract(&request.bytes, request.url.as_deref(), format_of(request))?;
        if page.text.trim().is_empty() {
            return Err(Error::InvalidInput(
                "no article text was found in this page (if the site fills it in with \
                 scripts, clip it from the browser with the Dispatch extension)"
                    .into(),
            ));
        }
        match &request.selection {
            Some(selection) => clip::with_selection(page, selection)?,
            None => page,
        }
    };
    let known = &request.known;
    let fill = |field: &mut Option<String>, value: &Option<String>| {
        if field.is_none() {
            field.clone_from(value);
        }
    };
    fill(&mut x.byline, &known.byline);
    fill(&mut x.site_name, &known.outlet);
    fill(&mut x.published, &known.published);
    fill(&mut x.lang, &known.lang);
    if x.title.is_empty() || x.title == clip::UNTITLED {
        x.title = known
            .title
            .as_deref()
            .map(squash_whitespace)
            .filter(|t| !t.is_empty())
            .or_else(|| request.url.clone())
            .unwrap_or_else(|| clip::UNTITLED.to_string());
    }
    Ok(x)
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

/// Opens the archive's index. One that cannot be read, or is from an
/// incompatible schema, is derived data: it is started again (the sync at
/// open refills it) under the writer lock, which is returned then. In an
/// archive that cannot be written it can only be read as it is.
fn open_index(
    dir: &Path,
    read_only: bool,
    lock_wait: Duration,
) -> Result<(SearchIndex, Option<WriterLock>)> {
    let index_dir = dir.join("index");
    if read_only {
        let index = SearchIndex::open_read_only(&index_dir).map_err(|_| {
            Error::ReadOnly(
                dir.to_path_buf(),
                "its search index is missing or from another version of Dispatch, and cannot be rebuilt there",
            )
        })?;
        return Ok((index, None));
    }
    if let Ok(index) = SearchIndex::open(&index_dir) {
        return Ok((index, None));
    }
    let lock = WriterLock::acquire(dir, lock_wait)?;
    std::fs::remove_dir_all(&index_dir)
        .map_err(|e| Error::io(format!("removing {}", index_dir.display()), e))?;
    Ok((SearchIndex::open(&index_dir)?, Some(lock)))
}

/// Whether this process can write the archive: its database file, and the
/// folder where SQLite keeps the WAL beside it and Dispatch its writer lock.
/// Asked without changing either.
fn writable(dir: &Path, db: &Path) -> Result<bool> {
    use std::io::ErrorKind::{NotFound, PermissionDenied, ReadOnlyFilesystem};
    for (path, create) in [(db.to_path_buf(), false), (dir.join("writer.lock"), true)] {
        match std::fs::OpenOptions::new()
            .append(true)
            .create(create)
            .open(&path)
        {
            Ok(_) => {}
            Err(e) if matches!(e.kind(), PermissionDenied | ReadOnlyFilesystem) => {
                return Ok(false)
            }
            // A new archive: only the folder matters.
            Err(e) if e.kind() == NotFound && !create => {}
            Err(e) => return Err(Error::io(format!("opening {}", path.display()), e)),
        }
    }
    Ok(true)
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
    use crate::model::Sort;

    const FIXTURE: &[u8] =
        include_bytes!("../../../../../shared/fixtures/france-mali-plaintext.txt");

    fn text_clip(bytes: &[u8]) -> ClipRequest {
        ClipRequest {
            bytes: bytes.to_vec(),
            format: Some(Format::Text),
            ..ClipRequest::default()
        }
    }

    /// A full disk, as SQLite meets it: the database may not grow by one
    /// more page. Clips and imports fail with a clear error, each whole or
    /// not at all, and the archive is sound once there is room again.
    #[test]
    fn a_full_disk_refuses_writes_whole_and_loses_nothing() {
        let (_dir, archive, mali, _) = two_clips();
        let limit_pages = |pages: Option<i64>| {
            archive
                .store
                .write(|c| {
                    let now: i64 = c.pragma_query_value(None, "page_count", |r| r.get(0))?;
                    Ok(c.pragma_update(None, "max_page_count", pages.unwrap_or(now))?)
                })
                .unwrap()
        };
        limit_pages(None);
        // Words that do not compress, so the story needs new pages.
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        let big: String = (0..30_000)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let word: String = (0..6)
                    .map(|k| char::from(b'a' + ((seed >> (k * 5)) % 26) as u8))
                    .collect();
                word + " "
            })
            .collect();
        let refused = archive.clip(text_clip(format!("A long story\n\n{big}").as_bytes()));
        let Err(e) = refused else {
            panic!("a clip fit on a full disk")
        };
        assert!(e.to_string().contains("full"), "{e}");
        // An import stops at the first write the disk refuses (what it
        // stored before stays), rather than listing every later item.
        let import = archive.import(
            crate::io::json::parse(
                serde_json::json!({"articles": [{"title": "Wire", "text": big}]})
                    .to_string()
                    .as_bytes(),
            )
            .unwrap(),
            |_, _| ControlFlow::Continue(()),
        );
        let Err(e) = import else {
            panic!("an import fit on a full disk: {import:?}")
        };
        assert!(e.to_string().contains("full"), "{e}");

        limit_pages(Some(1_073_741_823));
        let report = archive.doctor().unwrap();
        assert!(report.ok, "{report:?}");
        assert_eq!(report.articles, 2);
        assert_eq!(
            archive
                .search("goita", &SearchOptions::default())
                .unwrap()
                .hits[0]
                .id,
            mali
        );
        archive
            .clip(text_clip(format!("A long story\n\n{big}").as_bytes()))
            .unwrap();
    }

    /// The archive's folder removed while Dispatch runs: SQLite would write
    /// on into the deleted file and lose it all at exit; writes are refused
    /// with an error that says what happened, and reads go on.
    #[test]
    fn writes_to_a_removed_archive_are_refused_not_lost() {
        let (dir, archive, mali, _) = two_clips();
        std::fs::remove_file(dir.path().join("archive.db")).unwrap();
        let refused = archive.clip(text_clip(b"Chad\n\nN'Djamena expelled an envoy."));
        assert!(matches!(refused, Err(Error::ArchiveGone(_))), "{refused:?}");
        let refused = archive.tag(mali, &["sahel".to_string()], &[]);
        assert!(matches!(refused, Err(Error::ArchiveGone(_))), "{refused:?}");
        assert_eq!(archive.article(mali).unwrap().id, mali, "reads go on");
    }

    /// A fresh archive with the fixture and a short Niger story clipped;
    /// their ids.
    fn two_clips() -> (tempfile::TempDir, Archive, i64, i64) {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        let mali = archive.clip(text_clip(FIXTURE)).unwrap().id;
        let niger = archive
            .clip(text_clip(
                b"Niger junta\n\nThe junta in Niamey closed the border.",
            ))
            .unwrap()
            .id;
        (dir, archive, mali, niger)
    }

    fn ids(archive: &Archive, query: &str) -> Vec<i64> {
        let results = archive.search(query, &SearchOptions::default()).unwrap();
        results.hits.iter().map(|h| h.id).collect()
    }

    #[test]
    fn names_of_people_and_places_find_articles_in_every_language() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        let clip = |text: &str| archive.clip(text_clip(text.as_bytes())).unwrap().id;
        let english = clip(
            "Ivory Coast recalls its envoy\n\nThe government in Abidjan recalled its \
             ambassador to Germany on Monday over the arrest of soldiers.",
        );
        let french = clip(
            "La Côte d'Ivoire rappelle son ambassadeur\n\nAbidjan a rappelé son \
             ambassadeur à Bamako après l'arrestation de soldats par la junte.",
        );
        let german = clip(
            "Le retrait des soldats\n\nBerlin a annoncé que l'Allemagne retirait ses \
             soldats, selon le ministère de la Défense.",
        );
        // The words first, then the articles that name the place otherwise.
        for query in ["\"ivory coast\"", "ivory coast"] {
            assert_eq!(ids(&archive, query), [english, french], "{query}");
        }
        // Named by neither in these words: both, by their mention alone.
        for query in ["costa de marfil", "place:\"ivory coast\""] {
            let mut found = ids(&archive, query);
            found.sort();
            assert_eq!(found, [english, french], "{query}");
        }
        for query in ["Côte d'Ivoire", "\"cote d'ivoire\""] {
            assert_eq!(ids(&archive, query), [french, english], "{query}");
        }
        assert_eq!(ids(&archive, "germany"), [english, german]);
        assert_eq!(ids(&archive, "allemagne"), [german, english]);
        assert_eq!(ids(&archive, "ivory coast soldiers"), [english]);
        // Words that name nothing, or not in that order, are only words.
        assert_eq!(ids(&archive, "ivory"), [english]);
        assert_eq!(ids(&archive, "coast ivory"), [english]);
        assert_eq!(ids(&archive, "place:ivory"), Vec::<i64>::new());
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
    fn a_tag_spelled_differently_counts_once_in_the_facets() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        let mut first = text_clip(FIXTURE);
        first.tags = vec!["Mali".into()];
        archive.clip(first).unwrap();
        let mut second = text_clip(b"Niger junta\n\nThe junta in Niamey closed the border.");
        second.tags = vec!["mali".into()];
        archive.clip(second).unwrap();
        let facets = archive
            .search("", &SearchOptions::default())
            .unwrap()
            .facets;
        assert_eq!(
            facets.tags,
            [crate::model::FacetCount {
                value: "Mali".into(),
                count: 2
            }]
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
    fn notes_are_searched_and_shown_as_what_the_hit_was_found_by() {
        let (dir, archive, mali, niger) = two_clips();
        assert!(ids(&archive, "quai").is_empty());
        archive
            .edit(niger, None, Some("Ask the Quai d’Orsay about the border"))
            .unwrap();
        assert_eq!(ids(&archive, "quai orsay"), [niger]);
        assert_eq!(ids(&archive, "QUAI"), [niger]);
        // `note:` looks in notes alone: "border" is in the text too.
        assert_eq!(ids(&archive, "note:border"), [niger]);
        assert!(ids(&archive, "note:junta").is_empty());
        let hit = &archive
            .search("quai", &SearchOptions::default())
            .unwrap()
            .hits[0];
        assert_eq!(
            hit.snippet,
            "Note: Ask the <mark>Quai</mark> d’Orsay about the border"
        );
        // A word in the text keeps the text's snippet.
        let hit = &archive
            .search("niamey quai", &SearchOptions::default())
            .unwrap()
            .hits[0];
        assert!(
            hit.snippet.starts_with("The junta in <mark>Niamey</mark>"),
            "{}",
            hit.snippet
        );

        // A note given at clipping time, and one changed, as the index
        // rebuilt from the database sees them.
        let clipped = archive
            .clip(ClipRequest {
                note: "call the ministry".into(),
                ..text_clip(b"Chad votes\n\nN'Djamena held a referendum.")
            })
            .unwrap()
            .id;
        archive.edit(niger, None, Some("")).unwrap();
        assert!(ids(&archive, "quai").is_empty());
        drop(archive);
        let archive = Archive::open(dir.path()).unwrap();
        archive.reindex(|_, _| ControlFlow::Continue(())).unwrap();
        assert_eq!(ids(&archive, "ministry"), [clipped]);
        assert!(ids(&archive, "quai").is_empty());
        assert_eq!(ids(&archive, "goita"), [mali]);
    }

    #[test]
    fn tags_are_searchable_renamed_and_merged() {
        let (_dir, archive, a, b) = two_clips();
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
                    "INSERT INTO articles (title, clipped, body, text_hash, source_format)
                     VALUES ('Niger closes its border', '2025-08-20T00:00:00Z',
                             body_pack('Niamey closed the border with Benin.', ''), x'00', 'text')",
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
        assert_eq!(
            archive.reindex(|_, _| ControlFlow::Continue(())).unwrap(),
            1
        );
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

    #[test]
    fn bulk_tagging_changes_only_what_differs_and_rejects_unknown_ids() {
        let (_dir, archive, a, b) = two_clips();
        archive.tag(a, &["sahel".into()], &[]).unwrap();
        let changed = archive.tag_many(&[a, b], &["sahel".into()], &[]).unwrap();
        assert_eq!(changed, [b], "a already had the tag");
        let mut both = ids(&archive, "tag:sahel");
        both.sort();
        assert_eq!(both, [a, b]);

        let unknown = archive.tag_many(&[a, 9999], &[], &["sahel".into()]);
        assert!(matches!(unknown, Err(Error::NotFound(9999))));
        assert_eq!(ids(&archive, "tag:sahel").len(), 2, "nothing half-done");

        assert_eq!(archive.delete_tag("Sahel").unwrap(), 2);
        assert!(ids(&archive, "tag:sahel").is_empty());
        assert!(archive.tags().unwrap().is_empty());
    }

    #[test]
    fn matched_words_are_the_article_words_a_query_finds() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        let id = archive.clip(text_clip(FIXTURE)).unwrap().id;
        let mut words = archive.matched_words("goita diplomat tag:x", id).unwrap();
        words.sort();
        // As the search stems them: "diplomatic" is "diplomat" in English.
        assert_eq!(words, ["Goïta", "diplomat", "diplomatic", "diplomats"]);
        assert!(archive.matched_words("tag:x", id).unwrap().is_empty());
        assert!(matches!(
            archive.matched_words("after:yesterday", id),
            Err(Error::InvalidQuery(_))
        ));
    }

    #[test]
    fn clipped_sort_puts_the_latest_clip_first_whatever_its_date() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        let newer_story = archive.clip(text_clip(FIXTURE)).unwrap().id;
        let old_story = archive
            .clip(text_clip(
                b"Niger junta\n\nNIAMEY, March 3, 2011\n\nThe junta in Niamey closed the border.",
            ))
            .unwrap()
            .id;
        let by = |sort| {
            let options = SearchOptions {
                sort,
                ..SearchOptions::default()
            };
            let hits = archive.search("", &options).unwrap().hits;
            hits.iter().map(|h| h.id).collect::<Vec<_>>()
        };
        assert_eq!(by(Sort::Date), [newer_story, old_story]);
        assert_eq!(by(Sort::Clipped), [old_story, newer_story]);
    }

    #[test]
    fn a_cancelled_reindex_leaves_the_index_as_it_was() {
        let (_dir, archive, _, _) = two_clips();
        let cancelled = archive.reindex(|done, _| {
            if done == 1 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert!(matches!(cancelled, Err(Error::Cancelled(_))));
        assert_eq!(ids(&archive, "").len(), 2);
        assert_eq!(ids(&archive, "goita").len(), 1);
        let mut seen = Vec::new();
        let report = archive
            .reextract(|done, total| {
                seen.push((done, total));
                ControlFlow::Break(())
            })
            .unwrap();
        assert!(report.cancelled);
        assert_eq!((report.articles, seen), (1, vec![(1, 2)]));
    }

    #[test]
    fn name_facets_count_articles_across_segments() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        // Two clips, two commits: two segments.
        archive.clip(text_clip(FIXTURE)).unwrap();
        archive
            .clip(text_clip(
                "Junta tightens grip\n\nColonel Assimi Goïta met envoys in Bamako on Monday."
                    .as_bytes(),
            ))
            .unwrap();
        let facets = archive
            .search("", &SearchOptions::default())
            .unwrap()
            .facets;
        let count = |values: &[crate::model::FacetCount], name: &str| {
            values.iter().find(|v| v.value == name).map(|v| v.count)
        };
        assert_eq!(count(&facets.people, "Assimi Goïta"), Some(2), "{facets:?}");
        assert_eq!(count(&facets.places, "Bamako"), Some(2), "{facets:?}");
        assert_eq!(count(&facets.places, "Paris"), Some(1), "{facets:?}");
        let narrowed = archive
            .search("junta tightens", &SearchOptions::default())
            .unwrap();
        assert_eq!(count(&narrowed.facets.places, "Paris"), None);
    }

    #[test]
    fn deleting_many_is_all_or_nothing() {
        let (_dir, archive, mali, niger) = two_clips();
        let unknown = archive.delete_many(&[mali, 9999]);
        assert!(matches!(unknown, Err(Error::NotFound(9999))));
        assert_eq!(ids(&archive, "").len(), 2, "nothing deleted");
        archive.delete_many(&[mali, niger]).unwrap();
        assert!(ids(&archive, "").is_empty());
        assert!(matches!(archive.article(mali), Err(Error::NotFound(_))));
    }
}
