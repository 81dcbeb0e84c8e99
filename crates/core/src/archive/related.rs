//! Related coverage and threads (see [`crate::threads`] for the rules).
//!
//! Suggestions read the search index (words, frequencies, candidates) and
//! SQLite (texts); the writes here (pairs, threads) live in SQLite only, so
//! they take the writer lock and one transaction, with no index commit.

use std::collections::{HashMap, HashSet};

use super::{now, Archive};
use crate::model::{
    FacetCount, Related, Relation, Thread, ThreadSuggestion, ThreadSummary, TimelineDay,
    TimelineEntry,
};
use crate::store::{articles, links, threads as thread_rows};
use crate::text::floor_char_boundary;
use crate::threads::similar::{rank, why, Profile, Vectors};
use crate::threads::{dossier, entities};
use crate::{Error, Result};

/// Articles compared in full for one suggestion list (or as many as asked
/// for, when more).
const CANDIDATES: usize = 30;
/// How much of an article's text is compared: its headline and lead, where
/// a story says what it is about (later paragraphs drift into background
/// that stories of the same kind share). Bytes, cut at a character.
const PROFILE_TEXT_BYTES: usize = 2000;
/// Words and entities of an article used to find candidates.
const CANDIDATE_WORDS: usize = 30;
const CANDIDATE_ENTITIES: usize = 12;
/// Below this, an article is not worth suggesting at all: what it shares
/// is a word or two ("shares Center"). On the eval sets no right
/// suggestion among the first five scores below it.
const MIN_SUGGESTION_SCORE: f32 = 0.1;
/// Thread members whose suggestions make the thread's suggestions.
const THREAD_SUGGESTION_MEMBERS: usize = 12;

impl Archive {
    /// Articles related to `id`, best first: explicit links (the
    /// reporter's, then those in the articles), then suggestions, at most
    /// `limit` in all. Pairs the reporter unlinked or dismissed never
    /// appear.
    pub fn related(&self, id: i64, limit: usize) -> Result<Vec<Related>> {
        let conn = self.store.read();
        if !articles::exists(&conn, id)? {
            return Err(Error::NotFound(id));
        }
        let explicit = links::explicit(&conn, id)?;
        let mut skip: HashSet<i64> = links::dismissed(&conn, id)?.into_iter().collect();
        skip.extend(explicit.iter().map(|(other, _, _)| *other));
        skip.insert(id);
        drop(conn);

        let mut out: Vec<(i64, Relation, f32, String)> = explicit
            .into_iter()
            .map(|(other, relation, why)| (other, relation, 1.0, why.to_string()))
            .collect();
        if out.len() < limit {
            let wanted = limit - out.len();
            for (other, score, why) in self.suggestions(id, wanted, &skip)? {
                out.push((other, Relation::Suggestion, score, why));
            }
        }
        out.truncate(limit);
        self.describe(out)
    }

    /// Suggested articles for `id` not in `skip`: `(id, score, why)`.
    fn suggestions(
        &self,
        id: i64,
        limit: usize,
        skip: &HashSet<i64>,
    ) -> Result<Vec<(i64, f32, String)>> {
        let Some(row) = articles::for_similarity(&self.store.read(), &[id])?.pop() else {
            return Err(Error::NotFound(id));
        };
        let freq = self.index.frequencies();
        let this = self.profile(row);
        let this_vectors = Vectors::of(&this, &freq);
        let compared = CANDIDATES.max(limit);
        let candidates = self.index.candidates(
            id,
            this.lang,
            &this_vectors.shared_words(&this, &freq, CANDIDATE_WORDS),
            &this_vectors.shared_entities(&freq, CANDIDATE_ENTITIES),
            compared + skip.len(),
        )?;
        // Ranking compares the candidates with each other too, so their
        // number is bounded whatever the number of skipped pairs.
        let ids: Vec<i64> = candidates
            .ids
            .into_iter()
            .filter(|c| !skip.contains(c))
            .take(compared)
            .collect();
        let others: Vec<(Profile, Vectors)> = articles::for_similarity(&self.store.read(), &ids)?
            .into_iter()
            .map(|row| {
                let other = self.profile(row);
                let vectors = Vectors::of(&other, &freq);
                (other, vectors)
            })
            .collect();
        Ok(rank(&this, &this_vectors, &others)
            .into_iter()
            .filter(|r| r.score >= MIN_SUGGESTION_SCORE)
            .take(limit)
            .map(|r| {
                let (other, other_vectors) = &others[r.index];
                (
                    other.id,
                    r.score,
                    why(&this, &this_vectors, other, other_vectors),
                )
            })
            .collect())
    }

    fn profile(&self, row: articles::ForSimilarity) -> Profile {
        let lang = self.index.indexed_lang(row.lang.as_deref());
        let lead = &row.text[..floor_char_boundary(&row.text, PROFILE_TEXT_BYTES)];
        let words = self
            .index
            .content_words(row.lang.as_deref(), &format!("{}\n{}", row.title, lead));
        let found = entities::find(&row.title, lead);
        Profile::new(row.id, lang, words, found, row.published.as_deref())
    }

    fn describe(&self, found: Vec<(i64, Relation, f32, String)>) -> Result<Vec<Related>> {
        let ids: Vec<i64> = found.iter().map(|(id, ..)| *id).collect();
        let entries: HashMap<i64, TimelineEntry> = articles::entries(&self.store.read(), &ids)?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        Ok(found
            .into_iter()
            .filter_map(|(id, relation, score, why)| {
                let e = entries.get(&id)?;
                Some(Related {
                    id,
                    title: e.title.clone(),
                    outlet: e.outlet.clone(),
                    published: e.published.clone(),
                    lang: e.lang.clone(),
                    relation,
                    score,
                    why,
                })
            })
            .collect())
    }

    /// Links two articles by hand (this also undoes an unlink or dismissal).
    pub fn link(&self, a: i64, b: i64) -> Result<()> {
        self.set_pair(a, b, true)
    }

    /// Unlinks two articles, or dismisses a suggestion: the pair is not
    /// shown as related again, whatever links or similarity say.
    pub fn unlink(&self, a: i64, b: i64) -> Result<()> {
        self.set_pair(a, b, false)
    }

    fn set_pair(&self, a: i64, b: i64, linked: bool) -> Result<()> {
        if a == b {
            return Err(Error::InvalidInput(
                "an article cannot be linked to itself".into(),
            ));
        }
        let _writer = self.write_lock()?;
        self.store.write(|tx| {
            for id in [a, b] {
                if !articles::exists(tx, id)? {
                    return Err(Error::NotFound(id));
                }
            }
            links::set_pair(tx, a, b, linked, &now())
        })
    }

    /// Every thread, most recently active first.
    pub fn threads(&self) -> Result<Vec<ThreadSummary>> {
        thread_rows::list(&self.store.read())
    }

    /// The threads an article is in.
    pub fn threads_of(&self, article: i64) -> Result<Vec<ThreadSummary>> {
        let ids = thread_rows::of_article(&self.store.read(), article)?;
        Ok(self
            .threads()?
            .into_iter()
            .filter(|t| ids.contains(&t.id))
            .collect())
    }

    /// Starts a thread, with articles or empty.
    pub fn create_thread(&self, name: &str, articles: &[i64]) -> Result<i64> {
        let name = thread_name(name)?;
        self.write_threads(articles, |tx| {
            let id = thread_rows::create(tx, &name, &now())?;
            thread_rows::add(tx, id, articles, &now())?;
            Ok(id)
        })
    }

    pub fn rename_thread(&self, id: i64, name: &str) -> Result<()> {
        let name = thread_name(name)?;
        self.write_threads(&[], |tx| thread_rows::rename(tx, id, &name))
    }

    /// Deletes a thread; its articles stay in the archive.
    pub fn delete_thread(&self, id: i64) -> Result<()> {
        self.write_threads(&[], |tx| thread_rows::delete(tx, id))
    }

    pub fn add_to_thread(&self, id: i64, articles: &[i64]) -> Result<()> {
        self.write_threads(articles, |tx| {
            thread_rows::get(tx, id)?;
            thread_rows::add(tx, id, articles, &now())
        })
    }

    pub fn remove_from_thread(&self, id: i64, articles: &[i64]) -> Result<()> {
        self.write_threads(&[], |tx| {
            thread_rows::get(tx, id)?;
            thread_rows::remove(tx, id, articles)
        })
    }

    /// Moves every article of thread `from` into thread `into` and deletes
    /// `from`.
    pub fn merge_threads(&self, into: i64, from: i64) -> Result<()> {
        if into == from {
            return Err(Error::InvalidInput(
                "a thread cannot be merged into itself".into(),
            ));
        }
        self.write_threads(&[], |tx| {
            thread_rows::get(tx, into)?;
            let moved = thread_rows::members(tx, from)?;
            thread_rows::add(tx, into, &moved, &now())?;
            thread_rows::delete(tx, from)
        })
    }

    /// Moves some of a thread's articles into a new thread; returns its id.
    pub fn split_thread(&self, id: i64, articles: &[i64], name: &str) -> Result<i64> {
        let name = thread_name(name)?;
        self.write_threads(&[], |tx| {
            thread_rows::get(tx, id)?;
            let members = thread_rows::members(tx, id)?;
            if let Some(stranger) = articles.iter().find(|a| !members.contains(a)) {
                return Err(Error::InvalidInput(format!(
                    "article {stranger} is not in thread {id}"
                )));
            }
            if articles.is_empty() || articles.len() == members.len() {
                return Err(Error::InvalidInput(
                    "a split moves some, not none or all, of a thread's articles".into(),
                ));
            }
            let new = thread_rows::create(tx, &name, &now())?;
            thread_rows::add(tx, new, articles, &now())?;
            thread_rows::remove(tx, id, articles)?;
            Ok(new)
        })
    }

    /// Turns down a suggested addition to a thread, for good.
    pub fn dismiss_for_thread(&self, id: i64, article: i64) -> Result<()> {
        self.write_threads(&[article], |tx| {
            thread_rows::get(tx, id)?;
            thread_rows::dismiss(tx, id, article)
        })
    }

    fn write_threads<T>(
        &self,
        articles: &[i64],
        f: impl FnOnce(&rusqlite::Connection) -> Result<T>,
    ) -> Result<T> {
        let _writer = self.write_lock()?;
        self.store.write(|tx| {
            for &id in articles {
                if !articles::exists(tx, id)? {
                    return Err(Error::NotFound(id));
                }
            }
            f(tx)
        })
    }

    /// A thread as a timeline: its articles by publication date, grouped
    /// by day, the outlets and languages it draws on, and suggested
    /// additions.
    pub fn thread(&self, id: i64) -> Result<Thread> {
        let conn = self.store.read();
        let (name, created) = thread_rows::get(&conn, id)?;
        let members = thread_rows::members(&conn, id)?;
        let dismissed = thread_rows::dismissed(&conn, id)?;
        let mut entries = articles::entries(&conn, &members)?;
        drop(conn);
        let (days, outlets, langs) = timeline(&mut entries);
        let suggestions = self.thread_suggestions(&entries, &dismissed, 8)?;
        Ok(Thread {
            id,
            name,
            created,
            days,
            outlets,
            langs,
            suggestions,
        })
    }

    /// Articles as a dossier titled `title`, as if they were a thread (a
    /// search result, say): a timeline with a citation for each.
    pub fn dossier(&self, title: &str, ids: &[i64], format: dossier::Format) -> Result<String> {
        let mut entries = articles::entries(&self.store.read(), ids)?;
        let (days, outlets, langs) = timeline(&mut entries);
        let thread = Thread {
            id: 0,
            name: title.to_string(),
            created: now(),
            days,
            outlets,
            langs,
            suggestions: Vec::new(),
        };
        Ok(dossier::render(&thread, format))
    }

    /// Articles related to the thread's most recent members (links first,
    /// then suggestions), ranked by how strongly they relate to the thread
    /// as a whole.
    fn thread_suggestions(
        &self,
        members: &[TimelineEntry],
        dismissed: &[i64],
        limit: usize,
    ) -> Result<Vec<Related>> {
        let mut skip: HashSet<i64> = members.iter().map(|m| m.id).collect();
        skip.extend(dismissed);
        let mut total: HashMap<i64, (Related, f32, usize)> = HashMap::new();
        for member in members.iter().rev().take(THREAD_SUGGESTION_MEMBERS) {
            for mut r in self.related(member.id, limit + skip.len())? {
                if skip.contains(&r.id) {
                    continue;
                }
                if r.relation != Relation::Suggestion {
                    r.why = format!("linked with “{}”", member.title);
                }
                let t = total.entry(r.id).or_insert((r.clone(), 0.0, 0));
                t.1 += r.score;
                t.2 += 1;
                if r.score > t.0.score {
                    t.0 = r;
                }
            }
        }
        let mut ranked: Vec<Related> = total
            .into_values()
            .map(|(mut best, sum, n)| {
                if n > 1 {
                    best.why = format!("related to {n} articles of the thread; {}", best.why);
                }
                best.score = sum;
                best
            })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
        ranked.truncate(limit);
        Ok(ranked)
    }

    /// The thread a new clip most probably belongs to: the one holding the
    /// most of its related coverage, if any does.
    pub fn suggest_thread(&self, article: i64) -> Result<Option<ThreadSuggestion>> {
        let related = self.related(article, 10)?;
        let mut by_thread: HashMap<i64, (f32, usize)> = HashMap::new();
        let conn = self.store.read();
        let own: HashSet<i64> = thread_rows::of_article(&conn, article)?
            .into_iter()
            .collect();
        for r in &related {
            for thread in thread_rows::of_article(&conn, r.id)? {
                if !own.contains(&thread) {
                    let t = by_thread.entry(thread).or_default();
                    t.0 += r.score;
                    t.1 += 1;
                }
            }
        }
        drop(conn);
        let Some((&thread, &(score, n))) = by_thread
            .iter()
            .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0).then(b.0.cmp(a.0)))
        else {
            return Ok(None);
        };
        let Some(summary) = self.threads()?.into_iter().find(|t| t.id == thread) else {
            return Ok(None);
        };
        let why = match n {
            1 => "1 related article is in it".to_string(),
            n => format!("{n} related articles are in it"),
        };
        Ok(Some(ThreadSuggestion {
            thread: summary,
            score,
            why,
        }))
    }

    /// The thread as a dossier: `markdown` or `html`, every article with
    /// its citation.
    pub fn thread_dossier(&self, id: i64, format: dossier::Format) -> Result<String> {
        let thread = self.thread(id)?;
        Ok(dossier::render(&thread, format))
    }

    /// Writes the thread's dossier into `folder`, named after the thread
    /// and never over an existing file; returns the file's path.
    pub fn save_thread_dossier(
        &self,
        id: i64,
        format: dossier::Format,
        folder: &std::path::Path,
    ) -> Result<std::path::PathBuf> {
        let thread = self.thread(id)?;
        let text = dossier::render(&thread, format);
        let extension = match format {
            dossier::Format::Markdown => "md",
            dossier::Format::Html => "html",
        };
        let (mut file, path) = crate::io::create_new_file(folder, &thread.name, extension)?;
        std::io::Write::write_all(&mut file, text.as_bytes())
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
        Ok(path)
    }
}

/// The date an article sits at on a timeline: published, else clipped.
fn timeline_date(e: &TimelineEntry) -> &str {
    e.published.as_deref().unwrap_or(&e.clipped)
}

fn thread_name(name: &str) -> Result<String> {
    let name = crate::text::squash_whitespace(name);
    if name.is_empty() {
        return Err(Error::InvalidInput("a thread needs a name".into()));
    }
    Ok(name)
}

/// Sorts `entries` by publication date and groups them by day; counts the
/// outlets and languages they draw on.
fn timeline(entries: &mut [TimelineEntry]) -> (Vec<TimelineDay>, Vec<FacetCount>, Vec<FacetCount>) {
    entries.sort_by(|a, b| timeline_date(a).cmp(timeline_date(b)).then(a.id.cmp(&b.id)));
    let mut days: Vec<TimelineDay> = Vec::new();
    for entry in entries.iter().cloned() {
        let day: String = timeline_date(&entry).chars().take(10).collect();
        match days.last_mut() {
            Some(last) if last.day == day => last.articles.push(entry),
            _ => days.push(TimelineDay {
                day,
                articles: vec![entry],
            }),
        }
    }
    let count = |key: fn(&TimelineEntry) -> Option<&str>| {
        let mut counts: HashMap<&str, u64> = HashMap::new();
        for e in entries.iter() {
            *counts.entry(key(e).unwrap_or("unknown")).or_default() += 1;
        }
        let mut v: Vec<FacetCount> = counts
            .into_iter()
            .map(|(value, count)| FacetCount {
                value: value.to_string(),
                count,
            })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        v
    };
    let outlets = count(|e| e.outlet.as_deref());
    let langs = count(|e| e.lang.as_deref());
    (days, outlets, langs)
}
