//! Splitting text into words, for every language.
//!
//! Letters and digits make words, anything else separates them, as in
//! tantivy's `SimpleTokenizer`; but Chinese, Japanese and Korean are written
//! without spaces, so their runs of characters are cut into overlapping
//! pairs ("神经网络" -> 神经 经网 网络), the usual way to make them
//! searchable without a dictionary: a query is cut the same way and its
//! pairs must follow each other.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};
use unicode_normalization::UnicodeNormalization;

#[derive(Clone, Default)]
pub struct WordTokenizer;

pub struct WordTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F
        | 0x20000..=0x2FA1F)
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream {
        let mut tokens = Vec::new();
        let mut push = |from: usize, to: usize| {
            tokens.push(Token {
                offset_from: from,
                offset_to: to,
                position: tokens.len(),
                text: text[from..to].to_string(),
                position_length: 1,
            });
        };
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if is_cjk(c) {
                let mut run = vec![(start, c)];
                while let Some(&(i, next)) = chars.peek() {
                    if !is_cjk(next) {
                        break;
                    }
                    run.push((i, next));
                    chars.next();
                }
                let end_of = |k: usize| run[k].0 + run[k].1.len_utf8();
                if run.len() == 1 {
                    push(start, end_of(0));
                }
                for k in 1..run.len() {
                    push(run[k - 1].0, end_of(k));
                }
            } else if c.is_alphanumeric() {
                let mut end = start + c.len_utf8();
                while let Some(&(i, next)) = chars.peek() {
                    if !next.is_alphanumeric() || is_cjk(next) {
                        break;
                    }
                    end = i + next.len_utf8();
                    chars.next();
                }
                push(start, end);
            }
        }
        WordTokenStream { tokens, next: 0 }
    }
}

impl TokenStream for WordTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Strips diacritics in every script, the way a person types without them:
/// Latin, Greek and Cyrillic accents ("Goïta" -> "Goita", "й" -> "и"), Arabic
/// and Hebrew vowel points, Japanese voicing marks ("デ" -> "テ"). Full-width
/// and other compatibility forms become their plain equivalents. Letters
/// that are not a base letter plus a mark ("ß", "ø") are left to tantivy's
/// ASCII folding, which runs after this.
#[derive(Clone)]
pub struct DiacriticFolder;

fn is_diacritic(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0591..=0x05C7 | 0x064B..=0x065F | 0x0670 | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

impl TokenFilter for DiacriticFolder {
    type Tokenizer<T: Tokenizer> = DiacriticFolderFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> DiacriticFolderFilter<T> {
        DiacriticFolderFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct DiacriticFolderFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for DiacriticFolderFilter<T> {
    type TokenStream<'a> = DiacriticFolderStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        DiacriticFolderStream {
            tail: self.inner.token_stream(text),
        }
    }
}

pub struct DiacriticFolderStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for DiacriticFolderStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if !token.text.is_ascii() {
            token.text = token
                .text
                .nfkd()
                .filter(|c| !is_diacritic(*c))
                .nfc()
                .collect();
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Tantivy's stemmer, remembering the stems it made on this thread. A
/// language's frequent words make most of any text and stemming them is
/// the costliest step of analysis: most of the time spent writing a
/// search's snippets, and a good share of indexing.
#[derive(Clone)]
pub struct CachedStemmer(pub Language);

/// Words remembered per language and thread before the memory starts over.
const STEMS_REMEMBERED: usize = 100_000;

thread_local! {
    static STEMS: RefCell<FxHashMap<Language, FxHashMap<String, String>>> =
        RefCell::new(FxHashMap::default());
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            language: self.0,
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(self.0))
                .build(),
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    language: Language,
    /// Stems one word, on a miss.
    stemmer: TextAnalyzer,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            language: self.language,
            stemmer: &mut self.stemmer,
        }
    }
}

pub struct CachedStemmerStream<'a, T> {
    tail: T,
    language: Language,
    stemmer: &'a mut TextAnalyzer,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        STEMS.with(|stems| {
            let mut stems = stems.borrow_mut();
            let stems = stems.entry(self.language).or_default();
            if let Some(stem) = stems.get(token.text.as_str()) {
                token.text.clone_from(stem);
                return;
            }
            let stem = {
                let mut stream = self.stemmer.token_stream(&token.text);
                stream.advance().then(|| stream.token().text.clone())
            };
            let Some(stem) = stem else {
                return;
            };
            if stems.len() >= STEMS_REMEMBERED {
                stems.clear();
            }
            stems.insert(std::mem::replace(&mut token.text, stem.clone()), stem);
        });
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut tokenizer = WordTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn splits_words_on_punctuation() {
        assert_eq!(
            words("Goïta's counter-terrorism, 2025!"),
            ["Goïta", "s", "counter", "terrorism", "2025"]
        );
        assert!(words("").is_empty());
    }

    #[test]
    fn folds_diacritics_in_every_script() {
        let mut analyzer = tantivy::tokenizer::TextAnalyzer::builder(WordTokenizer)
            .filter(DiacriticFolder)
            .build();
        let mut folded = |text: &str| {
            let mut stream = analyzer.token_stream(text);
            let mut out = Vec::new();
            while stream.advance() {
                out.push(stream.token().text.clone());
            }
            out
        };
        assert_eq!(folded("Goïta Élysée"), ["Goita", "Elysee"]);
        assert_eq!(folded("アカデミア"), ["アカ", "カテ", "テミ", "ミア"]);
        assert_eq!(folded("ｆｕｌｌ"), ["full"]);
        assert_eq!(folded("مُحَمَّد"), ["محمد"]);
        assert_eq!(folded("한국"), ["한국"]);
    }

    #[test]
    fn cuts_cjk_into_pairs() {
        assert_eq!(words("神经网络"), ["神经", "经网", "网络"]);
        assert_eq!(words("AlphaGo必须"), ["AlphaGo", "必须"]);
        assert_eq!(words("犬 イヌ"), ["犬", "イヌ"]);
    }

    #[test]
    fn remembered_stems_are_the_stemmers_own() {
        let analyse = |mut analyzer: TextAnalyzer, text: &str| {
            let mut stream = analyzer.token_stream(text);
            let mut out = Vec::new();
            while stream.advance() {
                out.push(stream.token().text.clone());
            }
            out
        };
        let text = "Les diplomates expulsés expliquent les expulsions; \
                    the diplomats explained the expulsions";
        for language in [Language::French, Language::English] {
            let plain = TextAnalyzer::builder(WordTokenizer)
                .filter(Stemmer::new(language))
                .build();
            let cached = TextAnalyzer::builder(WordTokenizer)
                .filter(CachedStemmer(language))
                .build();
            let expected = analyse(plain, text);
            // Once to learn the stems, once to read them back.
            assert_eq!(analyse(cached.clone(), text), expected, "{language:?}");
            assert_eq!(analyse(cached, text), expected, "{language:?}");
        }
        // Each language remembers its own stems.
        STEMS.with(|stems| {
            let stems = stems.borrow();
            assert!(stems[&Language::French].contains_key("expulsés"));
            assert!(stems[&Language::English].contains_key("explained"));
        });
    }
}
