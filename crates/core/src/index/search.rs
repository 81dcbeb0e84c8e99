//! Running a parsed query: compiling it for tantivy, ranking, facets and
//! snippets.

use std::collections::HashMap;
use std::ops::Bound;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, DocId, Searcher, SegmentReader, Term};

use super::names::NameCounts;
use super::{analyzer_name, Expr, LangFields, Scope, SearchIndex};
use crate::model::{FacetCount, Facets, SearchOptions, Sort};
use crate::text::escape_html;
use crate::Result;

/// How much a match in the title counts against one in the body.
const TITLE_BOOST: f32 = 2.5;
/// Weight of an article's mention of the person, place or organisation a
/// query's words name, in whatever language the article names it: below
/// the words themselves, so that articles with the words come first.
const MENTION_BOOST: f32 = 0.5;
/// The snippet generator of notes, beside the languages' (`"en"`, `"xx"`).
const NOTE: &str = "note";
/// Snippet length in characters.
const SNIPPET_CHARS: usize = 220;
/// How much of a text the snippet generator reads at a time.
const SNIPPET_WINDOW_BYTES: usize = 3_000;
/// Facet values returned per facet.
const MAX_FACET_VALUES: usize = 100;

/// The ids that matched, best first, with the total and facet counts.
pub struct Matches {
    pub total: u64,
    pub hits: Vec<(i64, f32)>,
    pub facets: Facets,
}

/// Makes highlighted snippets for the hits of one query.
pub struct Snippets {
    generators: HashMap<&'static str, SnippetGenerator>,
}

impl Snippets {
    /// A snippet of `text` (in language `lang`) around the query's words,
    /// HTML-escaped, with the words in `<mark>`; the start of the text when
    /// none of them occur in it.
    ///
    /// A long text is read a window at a time, the snippet taken from the
    /// first window where the words occur: most matches are near the top,
    /// and reading a 50,000-word page whole for each hit is what made
    /// searches slow.
    pub fn snippet(&self, lang: &str, text: &str) -> String {
        if let Some(generator) = self.generators.get(lang) {
            let mut start = 0;
            while start < text.len() {
                let mut end = crate::text::floor_char_boundary(text, start + SNIPPET_WINDOW_BYTES);
                if end < text.len() {
                    // Windows overlap by a snippet's length, so a passage
                    // cut by a window's end is whole in the next one.
                    end = text[..end]
                        .rfind(char::is_whitespace)
                        .filter(|&e| e > start)
                        .unwrap_or(end);
                }
                let snippet = generator.snippet(&text[start..end]);
                if !snippet.is_empty() {
                    return marked(snippet);
                }
                if end >= text.len() {
                    break;
                }
                let back =
                    crate::text::floor_char_boundary(text, end.saturating_sub(SNIPPET_CHARS * 4));
                start = if back > start { back } else { end };
            }
        }
        escape_html(&crate::text::truncate_words(
            &crate::text::squash_whitespace(text),
            SNIPPET_CHARS,
        ))
    }

    /// [`Snippets::snippet`] of the text, or of the reporter's note when
    /// only the note has the query's words: what the hit was found by.
    pub fn snippet_with_note(&self, lang: &str, text: &str, note: &str) -> String {
        let snippet = self.snippet(lang, text);
        if note.is_empty() || snippet.contains("<mark>") {
            return snippet;
        }
        match self.generators.get(NOTE) {
            Some(generator) => {
                let in_note = generator.snippet(note);
                if in_note.is_empty() {
                    return snippet;
                }
                format!("Note: {}", marked(in_note))
            }
            None => snippet,
        }
    }
}

/// A snippet as one line of HTML with the query's words in `<mark>`.
fn marked(mut snippet: tantivy::snippet::Snippet) -> String {
    snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
    snippet.to_html().replace('\n', " ")
}

impl SearchIndex {
    /// How many articles a query finds, without ranking or facets: all of
    /// them, and those clipped after `since` (Unix seconds).
    pub fn count(&self, expr: &Expr, since: i64) -> Result<(u64, u64)> {
        let searcher = self.reader.searcher();
        let langs = self.present_langs(&searcher);
        let Some(query) = self.compile(expr, &langs) else {
            return Ok((0, 0));
        };
        let all = searcher.search(&*query, &Count)?;
        let clipped_since = RangeQuery::new(
            Bound::Excluded(Term::from_field_i64(self.fields.clipped, since)),
            Bound::Unbounded,
        );
        let recent = BooleanQuery::intersection(vec![query, Box::new(clipped_since)]);
        let new = searcher.search(&recent, &Count)?;
        Ok((all as u64, new as u64))
    }

    /// Runs a query; `None` from the compiler (a query of words that are
    /// all punctuation) matches nothing.
    pub fn search(&self, expr: &Expr, options: &SearchOptions) -> Result<(Matches, Snippets)> {
        let searcher = self.reader.searcher();
        let langs = self.present_langs(&searcher);
        let query = self.compile(expr, &langs);
        let Some(query) = query else {
            let empty = Matches {
                total: 0,
                hits: Vec::new(),
                facets: Facets::default(),
            };
            return Ok((
                empty,
                Snippets {
                    generators: HashMap::new(),
                },
            ));
        };

        let top = TopDocs::with_limit(options.limit.max(1)).and_offset(options.offset);
        let newest_by = match options.sort {
            Sort::Clipped => Some("clipped"),
            Sort::Date => Some("date"),
            Sort::Relevance if !expr.has_text() => Some("date"),
            Sort::Relevance => None,
        };
        let counters = (Count, NameCounts);
        let (addresses, (total, counts)): (Vec<(f32, DocAddress)>, _) =
            if let Some(field) = newest_by {
                // Newest first; the id breaks ties so the order never depends
                // on how segments happen to be laid out.
                let date_then_id = |segment: &SegmentReader| {
                    let date = segment.fast_fields().i64(field).ok();
                    let id = segment.fast_fields().i64("id").ok();
                    move |doc: DocId| {
                        (
                            date.as_ref().and_then(|c| c.first(doc)),
                            id.as_ref().and_then(|c| c.first(doc)),
                        )
                    }
                };
                let (docs, counted) =
                    searcher.search(&*query, &(top.order_by(date_then_id), counters))?;
                let docs = docs.into_iter().map(|(_, addr)| (0.0, addr)).collect();
                (docs, counted)
            } else {
                searcher.search(&*query, &(top.order_by_score(), counters))?
            };

        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses.into_iter().take(options.limit) {
            let segment = searcher.segment_reader(address.segment_ord);
            if let Some(id) = segment.fast_fields().i64("id")?.first(address.doc_id) {
                hits.push((id, score));
            }
        }
        let [tags, outlets, lang_counts, years, people, places, orgs] = counts;
        let facets = Facets {
            tags: most_frequent(values(tags)),
            outlets: most_frequent(values(outlets)),
            langs: most_frequent(values(lang_counts)),
            years: newest_first(values(years)),
            people: most_frequent(values(people)),
            places: most_frequent(values(places)),
            orgs: most_frequent(values(orgs)),
        };

        let mut generators = HashMap::new();
        if let Some(highlight) = positive(expr).and_then(|e| self.compile(&e, &langs)) {
            for lang in &langs {
                let mut generator = SnippetGenerator::create(&searcher, &*highlight, lang.body)?;
                generator.set_max_num_chars(SNIPPET_CHARS);
                generators.insert(lang.code, generator);
            }
            let mut generator = SnippetGenerator::create(&searcher, &*highlight, self.fields.note)?;
            generator.set_max_num_chars(SNIPPET_CHARS);
            generators.insert(NOTE, generator);
        }
        let matches = Matches {
            total: total as u64,
            hits,
            facets,
        };
        Ok((matches, Snippets { generators }))
    }

    /// The words of `text` (indexed in `lang`) that the query's words
    /// match, as they are written there, each once: what the reader
    /// highlights, with the same stemming and folding as the search.
    pub fn matched_words(
        &self,
        expr: &Expr,
        lang: Option<&str>,
        text: &str,
    ) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let langs = self.present_langs(&searcher);
        let Some(highlight) = positive(expr).and_then(|e| self.compile(&e, &langs)) else {
            return Ok(Vec::new());
        };
        let mut generator =
            SnippetGenerator::create(&searcher, &*highlight, self.fields.for_lang(lang).body)?;
        generator.set_max_num_chars(text.len() + 1);
        let snippet = generator.snippet(text);
        let mut words: Vec<String> = Vec::new();
        for range in snippet.highlighted() {
            if let Some(word) = snippet.fragment().get(range.clone()) {
                if !words.iter().any(|w| w == word) {
                    words.push(word.to_string());
                }
            }
        }
        Ok(words)
    }

    /// The language code under which an article's text was indexed.
    pub fn indexed_lang(&self, lang: Option<&str>) -> &'static str {
        self.fields.for_lang(lang).code
    }

    /// The languages that have documents, so that query words are not
    /// looked up in dozens of empty fields.
    fn present_langs(&self, searcher: &Searcher) -> Vec<LangFields> {
        self.fields
            .langs
            .iter()
            .copied()
            .filter(|lang| {
                searcher.segment_readers().iter().any(|segment| {
                    segment
                        .inverted_index(lang.body)
                        .map(|ii| ii.terms().num_terms() > 0)
                        .unwrap_or(false)
                })
            })
            .collect()
    }

    fn compile(&self, expr: &Expr, langs: &[LangFields]) -> Option<Box<dyn Query>> {
        let f = &self.fields;
        let filter = |field: Field, value: &str| -> Option<Box<dyn Query>> {
            let term = TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            );
            Some(Box::new(ConstScoreQuery::new(Box::new(term), 0.0)))
        };
        match expr {
            Expr::All => Some(Box::new(AllQuery)),
            Expr::And(clauses) => {
                let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                let mut i = 0;
                while i < clauses.len() {
                    // Words in a row that name someone or somewhere ("ivory
                    // coast") also find the articles that mention them.
                    if let Some((q, n)) = self.compile_named_run(&clauses[i..], langs) {
                        parts.push((Occur::Must, q));
                        i += n;
                        continue;
                    }
                    match &clauses[i] {
                        Expr::Not(inner) => {
                            if let Some(q) = self.compile(inner, langs) {
                                parts.push((Occur::MustNot, q));
                            }
                        }
                        other => {
                            if let Some(q) = self.compile(other, langs) {
                                parts.push((Occur::Must, q));
                            }
                        }
                    }
                    i += 1;
                }
                if parts.is_empty() {
                    return None;
                }
                if parts.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    parts.push((Occur::Must, Box::new(AllQuery)));
                }
                Some(Box::new(BooleanQuery::new(parts)))
            }
            Expr::Or(options) => {
                let parts: Vec<(Occur, Box<dyn Query>)> = options
                    .iter()
                    .filter_map(|o| self.compile(o, langs))
                    .map(|q| (Occur::Should, q))
                    .collect();
                (!parts.is_empty()).then(|| Box::new(BooleanQuery::new(parts)) as Box<dyn Query>)
            }
            Expr::Not(inner) => {
                let excluded = self.compile(inner, langs)?;
                Some(Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery)),
                    (Occur::MustNot, excluded),
                ])))
            }
            Expr::Text {
                scope,
                text,
                phrase,
            } => self.compile_text(*scope, text, *phrase, langs),
            Expr::Tag(tag) => filter(f.tag, tag),
            Expr::Site(site) => filter(f.site, site),
            Expr::Lang(lang) => filter(f.lang, lang),
            Expr::Pending => filter(f.status, "pending"),
            Expr::Dates { from, to } => {
                let bound = |v: &Option<i64>, inclusive: bool| match v {
                    Some(v) if inclusive => Bound::Included(Term::from_field_i64(f.date, *v)),
                    Some(v) => Bound::Excluded(Term::from_field_i64(f.date, *v)),
                    None => Bound::Unbounded,
                };
                let range = RangeQuery::new(bound(from, true), bound(to, false));
                Some(Box::new(ConstScoreQuery::new(Box::new(range), 0.0)))
            }
        }
    }

    /// When the plain words opening `clauses` (two or more) name a
    /// person, place or organisation of the gazetteer: the words, or a
    /// mention of it; with how many clauses that takes.
    fn compile_named_run(
        &self,
        clauses: &[Expr],
        langs: &[LangFields],
    ) -> Option<(Box<dyn Query>, usize)> {
        // The words of the plain clauses in a row, and how many words each
        // clause ends at ("d'Ivoire" is two).
        let mut words: Vec<String> = Vec::new();
        let mut ends = Vec::new();
        for clause in clauses {
            match clause {
                Expr::Text {
                    scope: Scope::TitleAndBody,
                    text,
                    phrase: false,
                } => {
                    words.extend(crate::text::folded_words(text));
                    ends.push(words.len());
                }
                _ => break,
            }
        }
        let (kind, name, length) = crate::threads::entities::named_from(&words)?;
        let n = ends.iter().position(|&end| end == length)? + 1;
        if n < 2 {
            return None;
        }
        let words: Vec<(Occur, Box<dyn Query>)> = clauses[..n]
            .iter()
            .filter_map(|c| self.compile(c, langs))
            .map(|q| (Occur::Must, q))
            .collect();
        let mut options: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Should, Box::new(BooleanQuery::new(words)))];
        options.extend(self.mention(kind, name).map(|q| (Occur::Should, q)));
        Some((Box::new(BooleanQuery::new(options)), n))
    }

    /// Articles that mention the gazetteer's `name`, weighted below words.
    fn mention(&self, kind: crate::threads::entities::Kind, name: &str) -> Option<Box<dyn Query>> {
        use crate::threads::entities::Kind;
        let field = match kind {
            Kind::Person => self.fields.person,
            Kind::Place => self.fields.place,
            Kind::Org => self.fields.org,
            Kind::Name | Kind::Word => return None,
        };
        let q = term_or_phrase(field, &self.tokens(&analyzer_name("xx"), name), true)?;
        Some(Box::new(BoostQuery::new(q, MENTION_BOOST)))
    }

    /// Words in every language present: each language's analyser gives the
    /// terms to look up in that language's fields. Words that name a
    /// person, place or organisation of the gazetteer, in any of its
    /// languages, also find the articles that mention it however they name
    /// it ("Ivory Coast" finds "la Côte d'Ivoire").
    fn compile_text(
        &self,
        scope: Scope,
        text: &str,
        phrase: bool,
        langs: &[LangFields],
    ) -> Option<Box<dyn Query>> {
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut add = |field: Field, analyzer: &str, boost: f32| {
            let tokens = self.tokens(analyzer, text);
            if let Some(q) = term_or_phrase(field, &tokens, phrase) {
                let q: Box<dyn Query> = if boost == 1.0 {
                    q
                } else {
                    Box::new(BoostQuery::new(q, boost))
                };
                alternatives.push((Occur::Should, q));
            }
        };
        let named = crate::threads::entities::named_by(&crate::text::folded_words(text));
        match scope {
            Scope::Author => add(self.fields.author, &analyzer_name("xx"), 1.0),
            Scope::Person => add(self.fields.person, &analyzer_name("xx"), 1.0),
            Scope::Place => add(self.fields.place, &analyzer_name("xx"), 1.0),
            Scope::Org => add(self.fields.org, &analyzer_name("xx"), 1.0),
            Scope::Note => add(self.fields.note, &analyzer_name("xx"), 1.0),
            Scope::Title | Scope::TitleAndBody => {
                if scope == Scope::TitleAndBody {
                    add(self.fields.note, &analyzer_name("xx"), 1.0);
                }
                for lang in langs {
                    let analyzer = analyzer_name(lang.code);
                    add(lang.title, &analyzer, TITLE_BOOST);
                    if scope == Scope::TitleAndBody {
                        add(lang.body, &analyzer, 1.0);
                    }
                }
            }
        }
        use crate::threads::entities::Kind;
        let mention = named.filter(|(kind, _)| match scope {
            Scope::TitleAndBody => true,
            Scope::Person => *kind == Kind::Person,
            Scope::Place => *kind == Kind::Place,
            Scope::Org => *kind == Kind::Org,
            Scope::Author | Scope::Note | Scope::Title => false,
        });
        if let Some(q) = mention.and_then(|(kind, name)| self.mention(kind, name)) {
            alternatives.push((Occur::Should, q));
        }
        match alternatives.len() {
            0 => None,
            1 => alternatives.pop().map(|(_, q)| q),
            _ => Some(Box::new(BooleanQuery::new(alternatives))),
        }
    }

    fn tokens(&self, analyzer: &str, text: &str) -> Vec<String> {
        let Some(mut analyzer) = self.index.tokenizers().get(analyzer) else {
            return Vec::new();
        };
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while stream.advance() {
            tokens.push(stream.token().text.clone());
        }
        tokens
    }
}

fn term_or_phrase(field: Field, tokens: &[String], phrase: bool) -> Option<Box<dyn Query>> {
    let terms: Vec<Term> = tokens
        .iter()
        .map(|t| Term::from_field_text(field, t))
        .collect();
    match terms.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(
            terms.into_iter().next().expect("one term"),
            IndexRecordOption::WithFreqs,
        ))),
        _ if phrase || terms.len() > 1 => Some(Box::new(PhraseQuery::new(terms))),
        _ => None,
    }
}

/// The query without its exclusions, for highlighting.
fn positive(expr: &Expr) -> Option<Expr> {
    match expr {
        Expr::Not(_) => None,
        Expr::And(v) => {
            let kept: Vec<Expr> = v.iter().filter_map(positive).collect();
            (!kept.is_empty()).then_some(Expr::And(kept))
        }
        Expr::Or(v) => {
            let kept: Vec<Expr> = v.iter().filter_map(positive).collect();
            (!kept.is_empty()).then_some(Expr::Or(kept))
        }
        Expr::Text { .. } => Some(expr.clone()),
        _ => None,
    }
}

/// The most mentioned names first (then alphabetical).
fn values(counts: impl IntoIterator<Item = (String, u64)>) -> Vec<FacetCount> {
    counts
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect()
}

/// The `MAX_FACET_VALUES` most frequent values, ties alphabetical.
fn most_frequent(mut values: Vec<FacetCount>) -> Vec<FacetCount> {
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    values.truncate(MAX_FACET_VALUES);
    values
}

/// Years, the most recent first.
fn newest_first(mut values: Vec<FacetCount>) -> Vec<FacetCount> {
    values.sort_by(|a, b| b.value.cmp(&a.value));
    values.truncate(MAX_FACET_VALUES);
    values
}
