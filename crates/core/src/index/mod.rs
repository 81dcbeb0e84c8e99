//! The tantivy index: derived from SQLite, rebuilt from it at will.
//!
//! Each article is indexed in the fields of its language (`title_fr`,
//! `body_fr`, ...), each with an analyser that splits words, lower-cases,
//! strips diacritics (so "goita" finds "Goïta") and stems in that language.
//! A query word is analysed once per language and looked up in each
//! language's fields, so French and English coverage answer the same query.
//! Languages without a stemmer share the `xx` fields, folded but unstemmed.
//!
//! There is one [`tantivy::IndexWriter`] per archive, created on the first
//! write by the process that holds the archive's writer lock, and one
//! long-lived [`tantivy::IndexReader`], reloaded after every commit (and
//! when another process commits). Each
//! commit carries a payload naming the archive and the last change
//! sequence number it includes; that is how an index that fell behind the
//! database is recognised.

mod names;
mod query;
mod read_only;
mod search;
mod similar;
mod tokenizer;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::merge_policy::LogMergePolicy;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, INDEXED,
    STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub use query::{parse, Expr, Scope};
pub use search::{Matches, Snippets};
pub use similar::{Candidates, Frequencies};

use crate::text::fold;
use crate::threads::entities::{Entity, Kind};
use crate::Result;
use read_only::ReadOnlyDirectory;

/// Bumped whenever the fields or analysers change, or the rules that find
/// an article's people, places and organisations (their facets and
/// `person:` fields are indexed); an index of another version is rebuilt
/// from the database.
pub const SCHEMA_VERSION: u32 = 10;

/// Languages with their own stemmed fields; everything else goes to `xx`.
pub const LANGS: &[(&str, Option<Language>)] = &[
    ("en", Some(Language::English)),
    ("fr", Some(Language::French)),
    ("es", Some(Language::Spanish)),
    ("de", Some(Language::German)),
    ("it", Some(Language::Italian)),
    ("pt", Some(Language::Portuguese)),
    ("ru", Some(Language::Russian)),
    ("ar", Some(Language::Arabic)),
    ("nl", Some(Language::Dutch)),
    ("sv", Some(Language::Swedish)),
    ("da", Some(Language::Danish)),
    ("no", Some(Language::Norwegian)),
    ("fi", Some(Language::Finnish)),
    ("ro", Some(Language::Romanian)),
    ("hu", Some(Language::Hungarian)),
    ("tr", Some(Language::Turkish)),
    ("el", Some(Language::Greek)),
    ("xx", None),
];

/// Memory for the writer's indexing buffer.
const WRITER_HEAP_BYTES: usize = 96 * 1024 * 1024;

impl Drop for SearchIndex {
    /// Lets the merges started by this process's commits finish: a
    /// one-shot command that exits at once would abandon them, and an
    /// archive filled by many such commands would be left in hundreds of
    /// one-article segments, slow to search.
    fn drop(&mut self) {
        let writer = self
            .writer
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(writer) = writer {
            let _ = writer.wait_merging_threads();
        }
    }
}

/// What the index holds of one article.
#[derive(Debug, Clone)]
pub struct IndexDoc {
    pub id: i64,
    pub title: String,
    pub text: String,
    pub byline: Option<String>,
    pub outlet: Option<String>,
    pub site: Option<String>,
    pub canonical_url: Option<String>,
    pub lang: Option<String>,
    pub published: Option<String>,
    pub clipped: String,
    /// The page's own title when the headline differs from it.
    pub page_title: Option<String>,
    pub tags: Vec<String>,
    /// The reporter's note ("ask the Quai d'Orsay"), empty when there is none.
    pub note: String,
    /// Imported without its text, waiting to be fetched (`is:pending`).
    pub pending: bool,
    /// Found in the title and text (`threads::entities`).
    pub entities: Vec<Entity>,
}

/// The payload of every commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitPayload {
    pub archive: String,
    pub schema: u32,
    pub seq: i64,
}

/// One language's pair of fields.
#[derive(Clone, Copy)]
struct LangFields {
    code: &'static str,
    title: Field,
    body: Field,
}

#[derive(Clone)]
struct Fields {
    id: Field,
    langs: Vec<LangFields>,
    author: Field,
    person: Field,
    place: Field,
    org: Field,
    /// Every entity's key, for related coverage (`similar.rs`).
    entity: Field,
    tag: Field,
    /// The reporter's note, folded but not stemmed: it may be in any
    /// language, whatever the article's.
    note: Field,
    site: Field,
    lang: Field,
    /// "pending" for an article waiting for its text.
    status: Field,
    date: Field,
    clipped: Field,
    /// Tags, outlets, languages and years, counted by tantivy's facets.
    /// Names of the people, places and organisations mentioned, as
    /// columns that `names::NameCounts` counts (faster than facets for
    /// values this many).
    names: [Field; names::FIELDS.len()],
}

impl Fields {
    fn for_lang(&self, code: Option<&str>) -> LangFields {
        let code = code.unwrap_or("xx");
        *self
            .langs
            .iter()
            .find(|l| l.code == code)
            .unwrap_or_else(|| self.langs.last().expect("the xx fields exist"))
    }
}

fn analyzer_name(code: &str) -> String {
    format!("dispatch_{code}")
}

/// The analyser for a language: words (CJK in pairs), lower case, no
/// diacritics, stems.
fn analyzer(language: Option<Language>) -> TextAnalyzer {
    let base = TextAnalyzer::builder(tokenizer::WordTokenizer)
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(tokenizer::DiacriticFolder)
        .filter(AsciiFoldingFilter);
    match language {
        Some(language) => base.filter(tokenizer::CachedStemmer(language)).build(),
        None => base.build(),
    }
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_i64_field(
        "id",
        NumericOptions::default()
            .set_indexed()
            .set_fast()
            .set_stored(),
    );
    let langs = LANGS
        .iter()
        .map(|(code, _)| {
            let options = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(&analyzer_name(code))
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            );
            LangFields {
                code,
                title: b.add_text_field(&format!("title_{code}"), options.clone()),
                body: b.add_text_field(&format!("body_{code}"), options),
            }
        })
        .collect();
    let names = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(&analyzer_name("xx"))
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id,
        langs,
        author: b.add_text_field("author", names.clone()),
        person: b.add_text_field("person", names.clone()),
        place: b.add_text_field("place", names.clone()),
        org: b.add_text_field("org", names.clone()),
        note: b.add_text_field("note", names),
        entity: b.add_text_field("entity", STRING),
        tag: b.add_text_field("tag", STRING),
        site: b.add_text_field("site", STRING),
        lang: b.add_text_field("lang", STRING),
        status: b.add_text_field("status", STRING),
        date: b.add_i64_field("date", NumericOptions::default().set_fast() | INDEXED),
        clipped: b.add_i64_field("clipped", NumericOptions::default().set_fast()),
        names: names::FIELDS
            .map(|name| b.add_text_field(name, TextOptions::default().set_fast("raw"))),
    };
    (b.build(), fields)
}

/// The search index of one archive.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    writer: Mutex<Option<IndexWriter>>,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating an empty one if there is none.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir)
            .map_err(|e| crate::Error::io(format!("creating {}", dir.display()), e))?;
        let (schema, fields) = schema();
        let directory = MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
        SearchIndex::with(Index::open_or_create(directory, schema)?, fields)
    }

    /// Opens the index of an archive that cannot be written, for searching
    /// only; it must have been built with this build's schema.
    pub fn open_read_only(dir: &Path) -> Result<SearchIndex> {
        let (schema, fields) = schema();
        let directory = MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
        let index = Index::open(ReadOnlyDirectory(directory))?;
        if index.schema() != schema {
            return Err(tantivy::TantivyError::SchemaError(
                "the index was built by another version of Dispatch".into(),
            )
            .into());
        }
        SearchIndex::with(index, fields)
    }

    fn with(index: Index, fields: Fields) -> Result<SearchIndex> {
        for (code, language) in LANGS {
            index
                .tokenizers()
                .register(&analyzer_name(code), analyzer(*language));
        }
        let reader = index
            .reader_builder()
            // Commits by this process reload at once (see `commit`); those
            // of another process are picked up within a second.
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            writer: Mutex::new(None),
        })
    }

    /// The payload of the last commit, `None` for a new or foreign index.
    pub fn payload(&self) -> Result<Option<CommitPayload>> {
        let metas = self.index.load_metas()?;
        Ok(metas
            .payload
            .and_then(|p| serde_json::from_str::<CommitPayload>(&p).ok()))
    }

    /// Documents visible to searches.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Makes the latest commit visible (another process may have made it).
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    fn writer(&self) -> Result<MutexGuard<'_, Option<IndexWriter>>> {
        let mut guard = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        if guard.is_none() {
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
            let writer = self
                .index
                .writer_with_num_threads(threads, WRITER_HEAP_BYTES)?;
            // Merging four segments of a size, not eight: a search visits
            // every segment, and a bulk import's commits leave many.
            let mut merges = LogMergePolicy::default();
            merges.set_min_num_segments(4);
            writer.set_merge_policy(Box::new(merges));
            *guard = Some(writer);
        }
        Ok(guard)
    }

    /// Replaces (or adds) an article's document. Call only while holding
    /// the archive's writer lock.
    pub fn upsert(&self, doc: &IndexDoc) -> Result<()> {
        let mut guard = self.writer()?;
        let writer = guard.as_mut().expect("writer was just created");
        writer.delete_term(Term::from_field_i64(self.fields.id, doc.id));
        writer.add_document(self.document(doc))?;
        Ok(())
    }

    /// Removes an article's document.
    pub fn remove(&self, id: i64) -> Result<()> {
        let mut guard = self.writer()?;
        let writer = guard.as_mut().expect("writer was just created");
        writer.delete_term(Term::from_field_i64(self.fields.id, id));
        Ok(())
    }

    /// Removes every document (before a rebuild).
    pub fn clear(&self) -> Result<()> {
        let mut guard = self.writer()?;
        guard
            .as_mut()
            .expect("writer was just created")
            .delete_all_documents()?;
        Ok(())
    }

    /// Forgets everything written since the last commit.
    pub fn rollback(&self) -> Result<()> {
        let mut guard = self.writer()?;
        guard
            .as_mut()
            .expect("writer was just created")
            .rollback()?;
        Ok(())
    }

    /// Commits what was written, recording `payload`, and reloads the reader.
    pub fn commit(&self, payload: &CommitPayload) -> Result<()> {
        let mut guard = self.writer()?;
        let writer = guard.as_mut().expect("writer was just created");
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&serde_json::to_string(payload).expect("payload serialises"));
        prepared.commit()?;
        drop(guard);
        self.reload()
    }

    /// Every article id in the index (for `doctor`).
    pub fn all_ids(&self) -> Result<Vec<i64>> {
        let searcher = self.reader.searcher();
        let mut ids = Vec::with_capacity(searcher.num_docs() as usize);
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().i64("id")?;
            let alive = segment.alive_bitset();
            for doc in 0..segment.max_doc() {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    ids.extend(column.first(doc));
                }
            }
        }
        ids.sort_unstable();
        Ok(ids)
    }

    fn document(&self, d: &IndexDoc) -> TantivyDocument {
        let f = &self.fields;
        let lang = f.for_lang(d.lang.as_deref());
        let mut doc = TantivyDocument::new();
        doc.add_i64(f.id, d.id);
        doc.add_text(lang.title, &d.title);
        // The page's own title and the outlet's name find an article the
        // way a reporter remembers it ("ehow terrarium").
        if let Some(page_title) = &d.page_title {
            doc.add_text(lang.title, page_title);
        }
        doc.add_text(lang.body, &d.text);
        if let Some(outlet) = &d.outlet {
            doc.add_text(lang.body, outlet);
        }
        if let Some(byline) = &d.byline {
            doc.add_text(f.author, byline);
        }
        if !d.note.is_empty() {
            doc.add_text(f.note, &d.note);
        }
        if d.pending {
            doc.add_text(f.status, "pending");
        }
        for tag in &d.tags {
            doc.add_text(f.tag, fold(tag));
            doc.add_text(f.names[0], tag);
        }
        for e in &d.entities {
            doc.add_text(f.entity, &e.key);
            let (field, names) = match e.kind {
                Kind::Person => (f.person, f.names[4]),
                Kind::Place => (f.place, f.names[5]),
                Kind::Org => (f.org, f.names[6]),
                Kind::Name | Kind::Word => continue,
            };
            doc.add_text(field, &e.name);
            doc.add_text(names, &e.name);
        }
        for site in site_terms(d) {
            doc.add_text(f.site, site);
        }
        let lang_code = d.lang.as_deref().unwrap_or("und");
        doc.add_text(f.lang, lang_code);
        doc.add_text(f.names[2], lang_code);
        if let Some(outlet) = &d.outlet {
            doc.add_text(f.names[1], outlet);
        }
        let date = article_date(d.published.as_deref(), &d.clipped);
        doc.add_i64(f.date, date);
        doc.add_i64(f.clipped, article_date(None, &d.clipped));
        if let Some(year) = DateTime::from_timestamp(date, 0).map(|d| d.year()) {
            doc.add_text(f.names[3], year.to_string());
        }
        doc
    }
}

/// What `site:` matches: the host and each parent domain ("en.rfi.fr",
/// "rfi.fr"), and the outlet's name without spaces ("lemonde").
fn site_terms(d: &IndexDoc) -> Vec<String> {
    let mut terms = Vec::new();
    let host = d.site.clone().or_else(|| {
        d.canonical_url
            .as_deref()
            .and_then(crate::clip::url::site_of)
    });
    if let Some(host) = host {
        let labels: Vec<&str> = host.split('.').collect();
        for i in 0..labels.len().saturating_sub(1) {
            terms.push(labels[i..].join("."));
        }
    }
    if let Some(outlet) = &d.outlet {
        let squashed: String = fold(outlet)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        if !squashed.is_empty() && !terms.contains(&squashed) {
            terms.push(squashed);
        }
    }
    terms
}

/// The date an article is sorted and filtered by, in Unix seconds: its
/// publication date, else when it was clipped.
pub fn article_date(published: Option<&str>, clipped: &str) -> i64 {
    published
        .and_then(parse_stored_date)
        .or_else(|| parse_stored_date(clipped))
        .unwrap_or(0)
}

fn parse_stored_date(s: &str) -> Option<i64> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.timestamp());
    }
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
        .ok()
        .map(|d| {
            d.and_hms_opt(0, 0, 0)
                .expect("midnight exists")
                .and_utc()
                .timestamp()
        })
}
