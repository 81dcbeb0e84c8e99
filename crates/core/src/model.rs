//! The archive's public data types. TypeScript versions for the UI are
//! generated from these by ts-rs (`cargo test` writes `ui/src/lib/bindings`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A stored article, as `dispatch show` prints it and the reader shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Article {
    #[ts(type = "number")]
    pub id: i64,
    pub url: Option<String>,
    pub title: String,
    pub byline: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub updated: Option<String>,
    pub clipped: String,
    pub lang: Option<String>,
    /// The lead image's address (not loaded while reading offline).
    pub image: Option<String>,
    pub tags: Vec<String>,
    pub note: String,
    pub text: String,
    /// Sanitised HTML of the article body.
    pub html: String,
    pub links: Vec<Link>,
    /// People, places, organisations and names it mentions, most
    /// mentioned first.
    pub entities: Vec<Mention>,
    /// Known by its address and title only (an imported bookmark): its
    /// text is fetched later.
    pub pending: bool,
}

/// A link from an article; `target` is the archived article it points to,
/// once one is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Link {
    pub href: Option<String>,
    pub text: String,
    pub related: bool,
    #[ts(type = "number | null")]
    pub target: Option<i64>,
}

/// The answer to `Archive::clip`: the article's id, and the id of the
/// article it duplicates when nothing new was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClipOutcome {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    #[ts(type = "number | null")]
    pub duplicate_of: Option<i64>,
}

/// How search results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Sort {
    #[default]
    Relevance,
    /// Newest published first (clip time where the page gave no date).
    Date,
    /// Most recently clipped first.
    Clipped,
}

impl Sort {
    /// How the order is written in the database and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Date => "date",
            Sort::Clipped => "clipped",
        }
    }

    pub fn from_name(name: &str) -> Option<Sort> {
        [Sort::Relevance, Sort::Date, Sort::Clipped]
            .into_iter()
            .find(|s| s.name() == name)
    }
}

/// A search kept under a name, with how many articles it finds now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedSearch {
    pub name: String,
    pub query: String,
    pub sort: Sort,
    #[ts(type = "number")]
    pub count: u64,
    /// Of those, the ones clipped since the search was last opened.
    #[ts(type = "number")]
    pub new: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchOptions {
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 20,
            offset: 0,
            sort: Sort::Relevance,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchResults {
    #[ts(type = "number")]
    pub total: u64,
    pub hits: Vec<Hit>,
    pub facets: Facets,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Hit {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub clipped: String,
    pub lang: Option<String>,
    pub tags: Vec<String>,
    /// HTML-escaped text with the matched words in `<mark>`.
    pub snippet: String,
    pub score: f32,
}

/// Counts of the matching articles by tag, outlet, language, year and
/// the people, places and organisations they mention.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Facets {
    pub tags: Vec<FacetCount>,
    pub outlets: Vec<FacetCount>,
    pub langs: Vec<FacetCount>,
    pub years: Vec<FacetCount>,
    pub people: Vec<FacetCount>,
    pub places: Vec<FacetCount>,
    pub orgs: Vec<FacetCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FacetCount {
    pub value: String,
    #[ts(type = "number")]
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TagCount {
    pub name: String,
    #[ts(type = "number")]
    pub count: u64,
}

/// What `dispatch doctor` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DoctorReport {
    pub ok: bool,
    #[ts(type = "number")]
    pub articles: u64,
    #[ts(type = "number")]
    pub indexed: u64,
    pub problems: Vec<String>,
}

/// A backup written (`dispatch backup`) or restored (`dispatch restore`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupReport {
    pub file: String,
    #[ts(type = "number")]
    pub articles: u64,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// What `Archive::save_images` did for one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImagesReport {
    #[ts(type = "number")]
    pub id: i64,
    /// Images in the article.
    pub images: usize,
    /// Of those, the ones kept now (fetched this time or before).
    pub kept: usize,
    /// Fetched this time.
    pub fetched: usize,
    /// The images that could not be fetched, and why.
    pub failed: Vec<ImageFailure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImageFailure {
    pub url: String,
    pub message: String,
}

/// What `Archive::reextract` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReextractReport {
    /// Articles whose original was extracted again.
    pub articles: usize,
    /// Of those, the ones whose stored text or metadata changed.
    pub changed: usize,
    /// Articles the new extractor could not read; they are left as they were.
    pub failed: Vec<ReextractFailure>,
    /// Stopped early on request; the articles done so far keep their new extraction.
    pub cancelled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReextractFailure {
    #[ts(type = "number")]
    pub id: i64,
    pub message: String,
}

/// A person, place, organisation or recurring name an article mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Mention {
    /// `person`, `place`, `org` or `name`.
    pub kind: String,
    pub name: String,
    #[ts(type = "number")]
    pub count: u32,
}

/// Where a related article comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Relation {
    /// One article links to the other (a link or a related headline).
    Link,
    /// The reporter linked them.
    Manual,
    /// Suggested: similar wording, shared names, close in time.
    Suggestion,
}

/// An article related to another, as `dispatch related` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Related {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
    pub relation: Relation,
    pub score: f32,
    /// Why, in words: "links to it", "shares Mali, Assimi Goïta; 3 days apart".
    pub why: String,
}

/// A thread in the list of threads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ThreadSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub articles: u64,
    /// The first and last publication dates of its articles.
    pub first: Option<String>,
    pub last: Option<String>,
}

/// An article on a thread's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TimelineEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub outlet: Option<String>,
    pub byline: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub clipped: String,
    pub lang: Option<String>,
    /// The first sentence or so.
    pub summary: String,
}

/// The articles of one day of a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TimelineDay {
    /// `YYYY-MM-DD`; articles without a publication date fall on the day
    /// they were clipped.
    pub day: String,
    pub articles: Vec<TimelineEntry>,
}

/// A thread read as a timeline, with its sources and suggested additions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Thread {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub created: String,
    pub days: Vec<TimelineDay>,
    /// Source diversity: articles per outlet and per language.
    pub outlets: Vec<FacetCount>,
    pub langs: Vec<FacetCount>,
    pub suggestions: Vec<Related>,
}

/// The thread a new clip probably belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ThreadSuggestion {
    pub thread: ThreadSummary,
    pub score: f32,
    pub why: String,
}

/// A token that lets a client (the browser extension) clip through the
/// local endpoint. The token itself is shown once, when it is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TokenInfo {
    pub name: String,
    pub created: String,
    pub last_used: Option<String>,
}

/// What `Archive::fetch_pending` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FetchReport {
    /// Pending articles whose page was asked for.
    pub tried: usize,
    /// Of those, the ones now complete (merged ones included).
    pub fetched: usize,
    /// Of those, the ones that turned out to be already archived and were
    /// merged into that article.
    pub merged: usize,
    /// Pages that could not be fetched or read: still pending.
    pub failed: Vec<crate::io::ImportProblem>,
    pub cancelled: bool,
}

/// A feed the reporter subscribed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedInfo {
    #[ts(type = "number")]
    pub id: i64,
    pub url: String,
    pub title: Option<String>,
    /// Given to every article the feed brings.
    pub tags: Vec<String>,
    pub added: String,
    pub refreshed: Option<String>,
    /// Why the last refresh failed.
    pub error: Option<String>,
    /// Articles it brought.
    #[ts(type = "number")]
    pub articles: u64,
}

/// What refreshing feeds did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeedReport {
    pub feeds: usize,
    /// New items stored as articles.
    pub added: usize,
    /// New items the archive already had.
    pub duplicates: usize,
    /// Of the added, those stored pending (offline, no text in the feed).
    pub pending: usize,
    /// Feeds or items that failed, with the reason.
    pub failed: Vec<crate::io::ImportProblem>,
}
