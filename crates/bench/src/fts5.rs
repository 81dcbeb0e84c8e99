//! The same articles and queries in SQLite FTS5, the engine several
//! comparable tools use: `unicode61` with diacritics removed and the
//! Porter stemmer, ranked by `bm25()` (headline weighted 3:1, as Dispatch
//! weighs it), the top 20 with `snippet()`. Filters the query language
//! expresses as fields (tag, site, language, dates) are columns of a side
//! table joined to the matches. Facet counts, which every Dispatch search
//! also computes, are not asked of FTS5.

use std::path::Path;

use dispatch_core::io::json::ExportArticle;
use rusqlite::{params, Connection};

pub struct Fts5 {
    conn: Connection,
}

/// A benchmark query in both languages: Dispatch's query, and FTS5's
/// MATCH expression with an SQL condition on `d` (the side table).
pub struct Query {
    pub dispatch: &'static str,
    pub fts_match: &'static str,
    pub fts_filter: &'static str,
}

impl Fts5 {
    pub fn create(path: &Path) -> rusqlite::Result<Fts5> {
        let _ = std::fs::remove_file(path);
        let conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
             CREATE TABLE docs (id INTEGER PRIMARY KEY, site TEXT, lang TEXT, published TEXT, tags TEXT);
             CREATE VIRTUAL TABLE fts USING fts5(title, text, tokenize = 'porter unicode61 remove_diacritics 2');",
        )?;
        Ok(Fts5 { conn })
    }

    /// Adds articles in one transaction.
    pub fn add(
        &mut self,
        articles: &[(i64, ExportArticle, Option<String>, String)],
    ) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut doc = tx.prepare(
                "INSERT INTO docs (id, site, lang, published, tags) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut fts = tx.prepare("INSERT INTO fts (rowid, title, text) VALUES (?1, ?2, ?3)")?;
            for (id, a, lang, site) in articles {
                let tags = format!(",{},", a.tags.join(","));
                doc.execute(params![id, site, lang, a.published, tags])?;
                fts.execute(params![id, a.title, a.text])?;
            }
        }
        tx.commit()
    }

    /// Merges the index into one b-tree, as a long-lived archive would be.
    pub fn optimize(&self) -> rusqlite::Result<()> {
        self.conn
            .execute("INSERT INTO fts (fts) VALUES ('optimize')", [])?;
        Ok(())
    }

    /// The top 20 with snippets; how many came back.
    pub fn search(&self, q: &Query) -> rusqlite::Result<usize> {
        let sql = format!(
            "SELECT d.id, snippet(fts, 1, '<mark>', '</mark>', '…', 24), bm25(fts, 3.0, 1.0) AS score
             FROM fts JOIN docs d ON d.id = fts.rowid
             WHERE fts MATCH ?1 {}
             ORDER BY score LIMIT 20",
            if q.fts_filter.is_empty() { String::new() } else { format!("AND {}", q.fts_filter) }
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([q.fts_match], |r| r.get::<_, String>(1))?;
        let mut n = 0;
        for row in rows {
            row?;
            n += 1;
        }
        Ok(n)
    }
}

/// The fixed mix: words, two words, phrases, exclusion and OR, headline
/// words, and field and date filters, on words the corpus holds.
pub const QUERIES: &[Query] = &[
    Query {
        dispatch: "police",
        fts_match: "police",
        fts_filter: "",
    },
    Query {
        dispatch: "earthquake",
        fts_match: "earthquake",
        fts_filter: "",
    },
    Query {
        dispatch: "president election",
        fts_match: "president election",
        fts_filter: "",
    },
    Query {
        dispatch: "album tour",
        fts_match: "album tour",
        fts_filter: "",
    },
    Query {
        dispatch: "\"prime minister\"",
        fts_match: "\"prime minister\"",
        fts_filter: "",
    },
    Query {
        dispatch: "\"world cup\"",
        fts_match: "\"world cup\"",
        fts_filter: "",
    },
    Query {
        dispatch: "shooting -police",
        fts_match: "shooting NOT police",
        fts_filter: "",
    },
    Query {
        dispatch: "(apple OR microsoft) launch",
        fts_match: "(apple OR microsoft) AND launch",
        fts_filter: "",
    },
    Query {
        dispatch: "title:arrested",
        fts_match: "title:arrested",
        fts_filter: "",
    },
    Query {
        dispatch: "killed tag:security",
        fts_match: "killed",
        fts_filter: "d.tags LIKE '%,security,%'",
    },
    Query {
        dispatch: "government site:reuters.com",
        fts_match: "government",
        fts_filter: "d.site = 'reuters.com'",
    },
    Query {
        dispatch: "fire after:2020-01-01",
        fts_match: "fire",
        fts_filter: "d.published >= '2020-01-01'",
    },
    Query {
        dispatch: "music before:2012-12-31 lang:en",
        fts_match: "music",
        fts_filter: "d.published <= '2012-12-31' AND d.lang = 'en'",
    },
    Query {
        dispatch: "court tag:courts after:2015",
        fts_match: "court",
        fts_filter: "d.tags LIKE '%,courts,%' AND d.published >= '2015'",
    },
];
