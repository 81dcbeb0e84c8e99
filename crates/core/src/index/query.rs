//! The query language, parsed into an [`Expr`].
//!
//! ```text
//! goita "counter-terrorism cooperation" -wagner tag:mali site:rfi.fr
//! lang:fr after:2025-08-01 before:2025-09-30 title:expel (mali OR niger)
//! ```
//!
//! Words must all match unless joined by `OR` (upper case); `-` excludes;
//! parentheses group. `after:` and `before:` take `YYYY`, `YYYY-MM` or
//! `YYYY-MM-DD` and include the day (or month, or year) they name. A field
//! value may be quoted (`tag:"civil war"`). The parser is forgiving where
//! the intent is obvious (an unclosed quote or parenthesis closes at the end,
//! a stray `OR` or `)` is ignored, `unknown:thing` is searched as words) and
//! precise where it is not: a bad date, an unknown language or an empty
//! field value is an [`Error::InvalidQuery`] that says what to write instead.

use chrono::{Datelike, NaiveDate};

use crate::{Error, Result};

/// Where a text term is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    TitleAndBody,
    Title,
    Author,
    Person,
    Place,
    Org,
    /// The reporter's note.
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Every article.
    All,
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    /// Words; a phrase when quoted (or when the word splits into several,
    /// as "counter-terrorism" does).
    Text {
        scope: Scope,
        text: String,
        phrase: bool,
    },
    Tag(String),
    Site(String),
    Lang(String),
    /// Imported without their text (a bookmark), waiting to be fetched.
    Pending,
    /// Inclusive range of days, as Unix seconds `[from, to)`.
    Dates {
        from: Option<i64>,
        to: Option<i64>,
    },
}

impl Expr {
    /// Whether the expression contains words to rank by (else results are
    /// best ordered by date).
    pub fn has_text(&self) -> bool {
        match self {
            Expr::Text { .. } => true,
            Expr::And(v) | Expr::Or(v) => v.iter().any(Expr::has_text),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    Or,
    Minus,
    Word(String),
    Phrase(String),
    Field(String, String, bool),
}

/// Parses a query. An empty query is [`Expr::All`].
pub fn parse(input: &str) -> Result<Expr> {
    let tokens = lex(input);
    let mut parser = Parser { tokens, pos: 0 };
    let expr = parser.sequence(false)?;
    Ok(expr)
}

fn lex(input: &str) -> Vec<Token> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let quoted = |i: &mut usize| -> String {
        *i += 1;
        let start = *i;
        while *i < chars.len() && !is_quote(chars[*i]) {
            *i += 1;
        }
        let s: String = chars[start..*i].iter().collect();
        *i += 1;
        s
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            tokens.push(Token::Open);
            i += 1;
        } else if c == ')' {
            tokens.push(Token::Close);
            i += 1;
        } else if is_quote(c) {
            tokens.push(Token::Phrase(quoted(&mut i)));
        } else if c == '-'
            && chars
                .get(i + 1)
                .is_some_and(|n| !n.is_whitespace() && *n != '-')
        {
            tokens.push(Token::Minus);
            i += 1;
        } else {
            let start = i;
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !matches!(chars[i], '(' | ')')
                && !is_quote(chars[i])
            {
                if chars[i] == ':' && i > start {
                    break;
                }
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if i < chars.len() && chars[i] == ':' {
                i += 1;
                let name = word.to_lowercase();
                if i < chars.len() && is_quote(chars[i]) {
                    let value = quoted(&mut i);
                    tokens.push(Token::Field(name, value, true));
                } else {
                    let vstart = i;
                    while i < chars.len()
                        && !chars[i].is_whitespace()
                        && !matches!(chars[i], '(' | ')')
                    {
                        i += 1;
                    }
                    let value: String = chars[vstart..i].iter().collect();
                    tokens.push(Token::Field(name, value, false));
                }
            } else if word == "OR" || word == "|" {
                tokens.push(Token::Or);
            } else if word != "AND" {
                tokens.push(Token::Word(word));
            }
        }
    }
    tokens
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»')
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    /// A run of clauses that must all match; inside parentheses it stops at
    /// the closing one.
    fn sequence(&mut self, nested: bool) -> Result<Expr> {
        let mut clauses = Vec::new();
        while let Some(token) = self.peek() {
            match token {
                Token::Close if nested => break,
                Token::Close | Token::Or => {
                    self.pos += 1;
                }
                _ => {
                    if let Some(e) = self.alternatives()? {
                        clauses.push(e);
                    }
                }
            }
        }
        Ok(match clauses.len() {
            0 => Expr::All,
            1 => clauses.pop().expect("one clause"),
            _ => Expr::And(clauses),
        })
    }

    fn alternatives(&mut self) -> Result<Option<Expr>> {
        let Some(first) = self.unary()? else {
            return Ok(None);
        };
        let mut options = vec![first];
        while self.peek() == Some(&Token::Or) {
            self.pos += 1;
            match self.peek() {
                None | Some(Token::Close) | Some(Token::Or) => continue,
                _ => {}
            }
            if let Some(next) = self.unary()? {
                options.push(next);
            }
        }
        Ok(Some(if options.len() == 1 {
            options.pop().expect("one option")
        } else {
            Expr::Or(options)
        }))
    }

    fn unary(&mut self) -> Result<Option<Expr>> {
        let Some(token) = self.peek().cloned() else {
            return Ok(None);
        };
        self.pos += 1;
        Ok(match token {
            Token::Minus => self.unary()?.map(|e| Expr::Not(Box::new(e))),
            Token::Open => {
                let inner = self.sequence(true)?;
                if self.peek() == Some(&Token::Close) {
                    self.pos += 1;
                }
                (inner != Expr::All).then_some(inner)
            }
            Token::Close | Token::Or => None,
            Token::Word(w) => text(Scope::TitleAndBody, w, false),
            Token::Phrase(p) => text(Scope::TitleAndBody, p, true),
            Token::Field(name, value, quoted) => field(&name, value, quoted)?,
        })
    }
}

fn text(scope: Scope, text: String, phrase: bool) -> Option<Expr> {
    (!text.trim().is_empty()).then_some(Expr::Text {
        scope,
        text,
        phrase,
    })
}

fn field(name: &str, value: String, quoted: bool) -> Result<Option<Expr>> {
    let value = value.trim().to_string();
    let known = [
        "tag", "site", "lang", "author", "title", "after", "before", "person", "place", "org",
        "note", "is",
    ];
    if !known.contains(&name) {
        // Not a field: "10:30", "http://...", "re:" are searched as words.
        let words = format!("{name} {value}");
        return Ok(text(Scope::TitleAndBody, words, quoted));
    }
    if value.is_empty() {
        return Err(Error::InvalidQuery(format!(
            "{name}: needs a value, for example {}",
            match name {
                "tag" => "tag:mali",
                "site" => "site:rfi.fr",
                "lang" => "lang:fr",
                "author" => "author:doe",
                "title" => "title:expel",
                "is" => "is:pending",
                _ => "after:2025-08-01",
            }
        )));
    }
    Ok(Some(match name {
        "tag" => Expr::Tag(crate::text::fold(&value)),
        "site" => Expr::Site(site_value(&value)),
        "lang" => Expr::Lang(lang_value(&value)?),
        "author" => return Ok(text(Scope::Author, value, quoted)),
        "title" => return Ok(text(Scope::Title, value, quoted)),
        "person" => return Ok(text(Scope::Person, value, quoted)),
        "place" => return Ok(text(Scope::Place, value, quoted)),
        "org" => return Ok(text(Scope::Org, value, quoted)),
        "note" => return Ok(text(Scope::Note, value, quoted)),
        "is" if crate::text::fold(&value) == "pending" => Expr::Pending,
        "is" => {
            return Err(Error::InvalidQuery(format!(
                "is:{value} is not a state; write is:pending (articles waiting for their text)"
            )))
        }
        "after" => Expr::Dates {
            from: Some(date_range(name, &value)?.0),
            to: None,
        },
        _ => Expr::Dates {
            from: None,
            to: Some(date_range(name, &value)?.1),
        },
    }))
}

fn site_value(value: &str) -> String {
    let v = value.to_lowercase();
    let v = v
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.");
    let host = v.split('/').next().unwrap_or(v);
    if host.contains('.') {
        host.to_string()
    } else {
        crate::text::fold(host)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    }
}

fn lang_value(value: &str) -> Result<String> {
    let v = crate::text::fold(value);
    let by_name = [
        ("english", "en"),
        ("anglais", "en"),
        ("french", "fr"),
        ("francais", "fr"),
        ("spanish", "es"),
        ("espanol", "es"),
        ("german", "de"),
        ("deutsch", "de"),
        ("italian", "it"),
        ("italiano", "it"),
        ("portuguese", "pt"),
        ("portugues", "pt"),
        ("russian", "ru"),
        ("arabic", "ar"),
        ("dutch", "nl"),
    ];
    if let Some((_, code)) = by_name.iter().find(|(n, _)| *n == v) {
        return Ok(code.to_string());
    }
    if v.len() == 2 && v.chars().all(|c| c.is_ascii_lowercase()) {
        return Ok(v);
    }
    Err(Error::InvalidQuery(format!(
        "lang:{value} is not a language; use a two-letter code such as lang:en or lang:fr"
    )))
}

/// The span of days a date names, as `[start, end)` in Unix seconds.
fn date_range(name: &str, value: &str) -> Result<(i64, i64)> {
    let bad = || {
        Error::InvalidQuery(format!(
            "{name}:{value} is not a date; write {name}:2025-08-01, {name}:2025-08 or {name}:2025"
        ))
    };
    let parts: Vec<&str> = value.split('-').collect();
    let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let (start, end) = match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = num(y)? as i32;
            (
                NaiveDate::from_ymd_opt(y, 1, 1),
                NaiveDate::from_ymd_opt(y + 1, 1, 1),
            )
        }
        [y, m] if y.len() == 4 => {
            let start = NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, 1);
            (
                start,
                start.and_then(|s| s.checked_add_months(chrono::Months::new(1))),
            )
        }
        [y, m, d] if y.len() == 4 => {
            let start = NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?);
            (start, start.and_then(|s| s.succ_opt()))
        }
        _ => (None, None),
    };
    let (Some(start), Some(end)) = (start, end) else {
        return Err(bad());
    };
    if start.year() < 1000 {
        return Err(bad());
    }
    let secs = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .expect("midnight")
            .and_utc()
            .timestamp()
    };
    Ok((secs(start), secs(end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Expr {
        Expr::Text {
            scope: Scope::TitleAndBody,
            text: s.into(),
            phrase: false,
        }
    }

    #[test]
    fn the_design_example_parses() {
        let e = parse(r#"goita "counter-terrorism cooperation" -wagner tag:Mali site:www.rfi.fr lang:fr after:2025-08-01 before:2025-09-30 title:expel note:quai"#).unwrap();
        let Expr::And(clauses) = e else {
            panic!("not a conjunction")
        };
        assert_eq!(clauses[0], words("goita"));
        assert_eq!(
            clauses[1],
            Expr::Text {
                scope: Scope::TitleAndBody,
                text: "counter-terrorism cooperation".into(),
                phrase: true
            }
        );
        assert_eq!(clauses[2], Expr::Not(Box::new(words("wagner"))));
        assert_eq!(clauses[3], Expr::Tag("mali".into()));
        assert_eq!(clauses[4], Expr::Site("rfi.fr".into()));
        assert_eq!(clauses[5], Expr::Lang("fr".into()));
        assert!(matches!(
            clauses[6],
            Expr::Dates {
                from: Some(_),
                to: None
            }
        ));
        assert!(matches!(
            clauses[7],
            Expr::Dates {
                from: None,
                to: Some(_)
            }
        ));
        assert_eq!(
            clauses[8],
            Expr::Text {
                scope: Scope::Title,
                text: "expel".into(),
                phrase: false
            }
        );
        assert_eq!(
            clauses[9],
            Expr::Text {
                scope: Scope::Note,
                text: "quai".into(),
                phrase: false
            }
        );
        assert_eq!(parse("is:Pending").unwrap(), Expr::Pending);
    }

    #[test]
    fn or_binds_tighter_than_and() {
        let e = parse("sahel mali OR niger").unwrap();
        assert_eq!(
            e,
            Expr::And(vec![
                words("sahel"),
                Expr::Or(vec![words("mali"), words("niger")])
            ])
        );
        let e = parse("(mali OR niger) junta").unwrap();
        assert_eq!(
            e,
            Expr::And(vec![
                Expr::Or(vec![words("mali"), words("niger")]),
                words("junta")
            ])
        );
    }

    #[test]
    fn best_effort_readings() {
        assert_eq!(parse("").unwrap(), Expr::All);
        assert_eq!(parse("   ").unwrap(), Expr::All);
        assert_eq!(parse("OR mali OR").unwrap(), words("mali"));
        assert_eq!(parse("mali)").unwrap(), words("mali"));
        assert_eq!(parse("(mali").unwrap(), words("mali"));
        assert_eq!(
            parse("\"unclosed phrase").unwrap(),
            Expr::Text {
                scope: Scope::TitleAndBody,
                text: "unclosed phrase".into(),
                phrase: true
            }
        );
        assert_eq!(parse("10:30").unwrap(), words("10 30"));
        assert_eq!(parse("covid-19").unwrap(), words("covid-19"));
        assert_eq!(
            parse("- mali").unwrap(),
            Expr::And(vec![words("-"), words("mali")])
        );
    }

    #[test]
    fn date_ranges_include_the_named_period() {
        let Expr::Dates { to: Some(to), .. } = parse("before:2025-09").unwrap() else {
            panic!()
        };
        assert_eq!(
            to,
            NaiveDate::from_ymd_opt(2025, 10, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp()
        );
        let Expr::Dates {
            from: Some(from), ..
        } = parse("after:2025").unwrap()
        else {
            panic!()
        };
        assert_eq!(
            from,
            NaiveDate::from_ymd_opt(2025, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp()
        );
    }

    #[test]
    fn malformed_fields_say_what_to_write() {
        for q in [
            "after:yesterday",
            "before:2025-13-01",
            "after:2025-02-30",
            "tag:",
            "lang:klingon",
            "after:12-08-2025",
            "is:read",
            "is:",
        ] {
            let err = parse(q).unwrap_err();
            assert!(matches!(err, Error::InvalidQuery(_)), "{q}");
            assert!(err.to_string().len() > 20, "{q}: {err}");
        }
    }
}
