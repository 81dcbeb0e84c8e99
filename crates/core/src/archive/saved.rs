//! Saved searches: a query and its order kept under a name, listed with how
//! many articles each finds now and how many of those were clipped since
//! the reporter last opened it, so a story she follows shows when it has
//! new coverage.
//!
//! Like tokens, they are not part of the search index, so their writes do
//! not take the archive's writer lock: the command line can save one while
//! the app runs.

use super::{now, Archive};
use crate::index::{self, article_date};
use crate::model::{SavedSearch, SearchOptions, SearchResults, Sort};
use crate::store::saved_searches;
use crate::Result;

impl Archive {
    /// Saves `query` under `name` (replacing a search saved under it), as
    /// seen now. Refused, saving nothing, when the query is not valid.
    pub fn save_search(&self, name: &str, query: &str, sort: Sort) -> Result<SavedSearch> {
        let name = saved_searches::normalize_name(name)?;
        let query = query.trim();
        if query.is_empty() {
            return Err(crate::Error::InvalidInput(
                "a saved search needs a query".into(),
            ));
        }
        let expr = index::parse(query)?;
        let seen = now();
        self.store
            .write(|tx| saved_searches::save(tx, &name, query, sort, &seen))?;
        let (count, new) = self.index.count(&expr, article_date(None, &seen))?;
        Ok(SavedSearch {
            name,
            query: query.to_string(),
            sort,
            count,
            new,
        })
    }

    /// Every saved search by name, each with how many articles it finds
    /// and how many of them are new to the reporter. A query this build no
    /// longer reads finds none rather than hiding the list.
    pub fn saved_searches(&self) -> Result<Vec<SavedSearch>> {
        let rows = saved_searches::all(&self.store.read())?;
        rows.into_iter()
            .map(|row| {
                let (count, new) = match index::parse(&row.query) {
                    Ok(expr) => self.index.count(&expr, article_date(None, &row.seen))?,
                    Err(_) => (0, 0),
                };
                Ok(SavedSearch {
                    name: row.name,
                    query: row.query,
                    sort: row.sort,
                    count,
                    new,
                })
            })
            .collect()
    }

    /// The first `limit` articles a saved search finds, in its order; what
    /// it finds is then no longer new.
    pub fn run_saved_search(&self, name: &str, limit: usize) -> Result<SearchResults> {
        let saved = saved_searches::get(&self.store.read(), name.trim())?;
        let options = SearchOptions {
            limit,
            offset: 0,
            sort: saved.sort,
        };
        let results = self.search(&saved.query, &options)?;
        self.mark_saved_search_seen(&saved.name)?;
        Ok(results)
    }

    /// Notes that the reporter opened the saved search: what it finds is
    /// no longer new.
    pub fn mark_saved_search_seen(&self, name: &str) -> Result<()> {
        let seen = now();
        self.store
            .write(|tx| saved_searches::mark_seen(tx, name.trim(), &seen))
    }

    pub fn rename_saved_search(&self, from: &str, to: &str) -> Result<()> {
        let to = saved_searches::normalize_name(to)?;
        self.store
            .write(|tx| saved_searches::rename(tx, from.trim(), &to))
    }

    pub fn delete_saved_search(&self, name: &str) -> Result<()> {
        self.store
            .write(|tx| saved_searches::delete(tx, name.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::ClipRequest;
    use crate::clip::Format;
    use crate::Error;

    fn clip(archive: &Archive, text: &str) {
        clip_at(archive, text, None);
    }

    fn clip_at(archive: &Archive, text: &str, clipped: Option<&str>) {
        let mut request = ClipRequest {
            bytes: text.as_bytes().to_vec(),
            format: Some(Format::Text),
            ..ClipRequest::default()
        };
        request.known.clipped = clipped.map(str::to_string);
        archive.clip(request).unwrap();
    }

    fn counts(archive: &Archive) -> Vec<(u64, u64)> {
        let all = archive.saved_searches().unwrap();
        all.iter().map(|s| (s.count, s.new)).collect()
    }

    fn names(archive: &Archive) -> Vec<(String, u64)> {
        let all = archive.saved_searches().unwrap();
        all.into_iter().map(|s| (s.name, s.count)).collect()
    }

    #[test]
    fn a_saved_search_counts_what_it_finds_now() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        clip(
            &archive,
            "Mali expels French diplomats\n\nBamako ordered two diplomats to leave.",
        );
        clip(
            &archive,
            "Cup final tonight\n\nThe final kicks off at eight.",
        );
        let saved = archive
            .save_search("  Sahel  juntas ", "bamako", Sort::Date)
            .unwrap();
        assert_eq!((saved.name.as_str(), saved.count), ("Sahel juntas", 1));

        clip(
            &archive,
            "Junta in Bamako tightens its grip\n\nBamako's rulers extended their term.",
        );
        assert_eq!(names(&archive), [("Sahel juntas".to_string(), 2)]);
        let kept = &archive.saved_searches().unwrap()[0];
        assert_eq!((kept.query.as_str(), kept.sort), ("bamako", Sort::Date));

        // Kept in the database, not in the open archive.
        drop(archive);
        let archive = Archive::open(dir.path()).unwrap();
        assert_eq!(names(&archive), [("Sahel juntas".to_string(), 2)]);
    }

    #[test]
    fn what_was_clipped_since_a_search_was_last_opened_is_new() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        clip(
            &archive,
            "Mali expels French diplomats\n\nBamako ordered two diplomats to leave.",
        );
        let saved = archive.save_search("Sahel", "bamako", Sort::Date).unwrap();
        assert_eq!((saved.count, saved.new), (1, 0));

        // Last opened years ago: today's clip is new to the reporter.
        archive
            .store
            .write(|tx| {
                tx.execute(
                    "UPDATE saved_searches SET seen = '2020-01-01T00:00:00Z'",
                    [],
                )?;
                Ok(())
            })
            .unwrap();
        assert_eq!(counts(&archive), [(1, 1)]);
        // An old page imported now keeps the day it was first clipped: not new.
        clip_at(
            &archive,
            "Junta in Bamako\n\nBamako's rulers extended their term.",
            Some("2010-05-01T09:00:00Z"),
        );
        assert_eq!(counts(&archive), [(2, 1)]);

        archive.mark_saved_search_seen(" SAHEL ").unwrap();
        assert_eq!(counts(&archive), [(2, 0)]);
        assert!(archive.mark_saved_search_seen("Chad").is_err());
    }

    #[test]
    fn saving_under_a_taken_name_replaces_that_search() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        archive
            .save_search("mali", "mali", Sort::Relevance)
            .unwrap();
        archive
            .save_search("Wagner", "wagner", Sort::Relevance)
            .unwrap();
        archive
            .save_search("Mali", "mali -football", Sort::Clipped)
            .unwrap();
        let all = archive.saved_searches().unwrap();
        let shown: Vec<(&str, &str, Sort)> = all
            .iter()
            .map(|s| (s.name.as_str(), s.query.as_str(), s.sort))
            .collect();
        assert_eq!(
            shown,
            [
                ("Mali", "mali -football", Sort::Clipped),
                ("Wagner", "wagner", Sort::Relevance)
            ]
        );
    }

    #[test]
    fn an_invalid_query_or_name_is_refused_and_nothing_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        for (name, query) in [("dates", "after:yesterday"), ("", "mali"), ("empty", "  ")] {
            let err = archive
                .save_search(name, query, Sort::Relevance)
                .unwrap_err();
            assert!(
                matches!(err, Error::InvalidQuery(_) | Error::InvalidInput(_)),
                "{name}: {err}"
            );
        }
        let long = "x".repeat(81);
        assert!(archive.save_search(&long, "mali", Sort::Relevance).is_err());
        assert!(archive.saved_searches().unwrap().is_empty());
    }

    #[test]
    fn renaming_onto_another_search_or_a_missing_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        archive
            .save_search("Mali", "mali", Sort::Relevance)
            .unwrap();
        archive
            .save_search("Niger", "niger", Sort::Relevance)
            .unwrap();

        let taken = archive.rename_saved_search("Mali", "NIGER").unwrap_err();
        assert!(taken.to_string().contains("already"), "{taken}");
        assert!(archive.rename_saved_search("Chad", "Tchad").is_err());
        assert!(archive.delete_saved_search("Chad").is_err());

        archive.rename_saved_search("mali", "MALI").unwrap();
        archive.rename_saved_search("Niger", "Sahel").unwrap();
        archive.delete_saved_search("sahel").unwrap();
        assert_eq!(names(&archive), [("MALI".to_string(), 0)]);
    }
}
