//! What related coverage needs from the index: the words of a text as the
//! index sees them (stemmed, folded, without stop words), how many articles
//! use each word and entity, and the articles most likely to be related.
//! The ranking itself is `threads::similar`.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, StopWordFilter, TextAnalyzer,
};
use tantivy::{Searcher, Term};

use super::{tokenizer, Fields, SearchIndex, LANGS};
use crate::Result;

/// Document frequencies, looked up once per term.
pub struct Frequencies {
    searcher: Searcher,
    fields: Fields,
    cache: RefCell<HashMap<(Field, String), u64>>,
}

/// The articles to compare with one article, found by its most telling
/// words and entities.
pub struct Candidates {
    pub ids: Vec<i64>,
}

impl Frequencies {
    /// Number of articles in the index.
    pub fn docs(&self) -> f32 {
        self.searcher.num_docs().max(1) as f32
    }

    /// Inverse document frequency of a word in a language's text
    /// (`lang` as from [`SearchIndex::indexed_lang`]), smoothed so that a
    /// word no other article uses still counts, and one every article uses
    /// counts for little.
    pub fn word_idf(&self, lang: &str, word: &str) -> f32 {
        self.idf(self.word_df(lang, word))
    }

    pub fn entity_idf(&self, key: &str) -> f32 {
        self.idf(self.entity_df(key))
    }

    /// Articles whose text has the word.
    pub fn word_df(&self, lang: &str, word: &str) -> u64 {
        self.df(self.fields.for_lang(Some(lang)).body, word)
    }

    /// Articles that mention the entity.
    pub fn entity_df(&self, key: &str) -> u64 {
        self.df(self.fields.entity, key)
    }

    /// Smoothed: a word in every article still counts a little, so two
    /// articles on one story in a new archive (every word of which they
    /// share is in every article) are still related. The flatter weights
    /// also serve topics: wikiref150 0.933 -> 0.940, ECB+ 0.985 -> 0.983.
    fn idf(&self, df: u64) -> f32 {
        ((self.docs() + 1.0) / (df as f32 + 1.0)).ln() + 1.0
    }

    fn df(&self, field: Field, value: &str) -> u64 {
        let key = (field, value.to_string());
        if let Some(df) = self.cache.borrow().get(&key) {
            return *df;
        }
        let df = self
            .searcher
            .doc_freq(&Term::from_field_text(field, value))
            .unwrap_or(0);
        self.cache.borrow_mut().insert(key, df);
        df
    }
}

impl SearchIndex {
    /// Frequencies as of the latest commit.
    pub fn frequencies(&self) -> Frequencies {
        Frequencies {
            searcher: self.reader.searcher(),
            fields: self.fields.clone(),
            cache: RefCell::new(HashMap::default()),
        }
    }

    /// The content words of a text in its language: stemmed and folded as
    /// the index stores them, stop words and single characters left out
    /// (numbers stay: a death toll or a year tells stories apart), each with
    /// the first form it was written in ("expelled" -> ("expel",
    /// "expelled")).
    pub fn content_words(&self, lang: Option<&str>, text: &str) -> Vec<(String, String)> {
        let code = self.indexed_lang(lang);
        let language = LANGS.iter().find(|(c, _)| *c == code).and_then(|(_, l)| *l);
        let mut analyzer = content_analyzer(language);
        let mut stream = analyzer.token_stream(text);
        let mut words = Vec::new();
        while stream.advance() {
            let token = stream.token();
            if token.text.chars().count() < 2 {
                continue;
            }
            let written = text
                .get(token.offset_from..token.offset_to)
                .unwrap_or(&token.text);
            words.push((token.text.clone(), written.to_string()));
        }
        words
    }

    /// Up to `limit` articles other than `id` sharing the most telling of
    /// the given words (`lang`'s text fields) and entities, each weighted.
    pub fn candidates(
        &self,
        id: i64,
        lang: &str,
        words: &[(String, f32)],
        entities: &[(String, f32)],
        limit: usize,
    ) -> Result<Candidates> {
        let fields = self.fields.for_lang(Some(lang));
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut term = |field, value: &str, weight: f32| {
            let q = TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::WithFreqs,
            );
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(q), weight)),
            ));
        };
        for (word, weight) in words {
            term(fields.body, word, *weight);
            term(fields.title, word, *weight);
        }
        for (key, weight) in entities {
            term(self.fields.entity, key, *weight);
        }
        if clauses.is_empty() {
            return Ok(Candidates { ids: Vec::new() });
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit + 1).order_by_score())?;
        let mut ids = Vec::with_capacity(top.len());
        for (_, address) in top {
            let segment = searcher.segment_reader(address.segment_ord);
            if let Some(found) = segment.fast_fields().i64("id")?.first(address.doc_id) {
                if found != id {
                    ids.push(found);
                }
            }
        }
        ids.truncate(limit);
        Ok(Candidates { ids })
    }
}

/// The index's analyser for a language, with its stop words removed
/// before folding (the stop lists are written with accents).
fn content_analyzer(language: Option<tantivy::tokenizer::Language>) -> TextAnalyzer {
    let base = TextAnalyzer::builder(tokenizer::WordTokenizer)
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(
            language
                .and_then(StopWordFilter::new)
                .unwrap_or_else(|| StopWordFilter::remove(Vec::<String>::new())),
        )
        .filter(tokenizer::DiacriticFolder)
        .filter(AsciiFoldingFilter);
    match language {
        Some(language) => base
            .filter(super::tokenizer::CachedStemmer(language))
            .build(),
        None => base.build(),
    }
}
