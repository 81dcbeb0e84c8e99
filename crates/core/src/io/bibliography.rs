//! Articles as references for Zotero and other reference managers:
//! CSL-JSON, RIS and BibTeX (biblatex-flavoured, UTF-8). Each is a
//! newspaper article with its outlet, authors, publication date, address
//! and the date it was clipped (accessed), tags as keywords and the note.

use std::collections::HashSet;

use serde_json::{json, Value};

use crate::model::Article;

/// The authors named in a byline: "Jane Doe, John Smith and Ana Ruiz".
pub fn authors(byline: Option<&str>) -> Vec<String> {
    let Some(byline) = byline else {
        return Vec::new();
    };
    byline
        .replace(" and ", ",")
        .replace(" et ", ",")
        .replace(" y ", ",")
        .replace(['&', ';', '('], ",")
        .replace(')', "")
        .split(',')
        .map(|n| {
            let n = n.trim();
            ["avec ", "with ", "con ", "by ", "par "]
                .iter()
                .find_map(|p| n.strip_prefix(p))
                .unwrap_or(n)
                .trim()
        })
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

/// ("Doe", "Jane") from "Jane Doe"; one-word names are all family name.
fn split_name(name: &str) -> (&str, &str) {
    match name.rsplit_once(' ') {
        Some((given, family)) => (family, given),
        None => (name, ""),
    }
}

/// [year, month, day] as far as the date says.
fn date_parts(date: &str) -> Vec<u32> {
    date.get(..10)
        .unwrap_or(date)
        .split('-')
        .map_while(|p| p.parse().ok())
        .take(3)
        .collect()
}

pub fn csl_json(articles: &[Article]) -> String {
    let items: Vec<Value> = articles
        .iter()
        .map(|a| {
            let mut item = json!({
                "id": format!("dispatch-{}", a.id),
                "type": "article-newspaper",
                "title": a.title,
                "accessed": {"date-parts": [date_parts(&a.clipped)]},
            });
            let authors: Vec<Value> = authors(a.byline.as_deref())
                .iter()
                .map(|n| {
                    let (family, given) = split_name(n);
                    json!({"family": family, "given": given})
                })
                .collect();
            if !authors.is_empty() {
                item["author"] = json!(authors);
            }
            if let Some(published) = &a.published {
                item["issued"] = json!({"date-parts": [date_parts(published)]});
            }
            let mut set = |key: &str, value: Option<&String>| {
                if let Some(v) = value.filter(|v| !v.is_empty()) {
                    item[key] = json!(v);
                }
            };
            set("container-title", a.outlet.as_ref());
            set("URL", a.url.as_ref());
            set("language", a.lang.as_ref());
            set("note", Some(&a.note));
            if !a.tags.is_empty() {
                item["keyword"] = json!(a.tags.join(", "));
            }
            item
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_default() + "\n"
}

pub fn ris(articles: &[Article]) -> String {
    let mut out = String::new();
    for a in articles {
        let mut line = |tag: &str, value: &str| {
            let value = crate::text::squash_whitespace(value);
            if !value.is_empty() {
                out.push_str(&format!("{tag}  - {value}\r\n"));
            }
        };
        line("TY", "NEWS");
        line("TI", &a.title);
        for name in authors(a.byline.as_deref()) {
            let (family, given) = split_name(&name);
            line(
                "AU",
                &if given.is_empty() {
                    family.to_string()
                } else {
                    format!("{family}, {given}")
                },
            );
        }
        line("T2", a.outlet.as_deref().unwrap_or(""));
        if let Some(published) = &a.published {
            let parts = date_parts(published);
            line("PY", &parts.first().map(u32::to_string).unwrap_or_default());
            line(
                "DA",
                &parts
                    .iter()
                    .map(|p| format!("{p:02}"))
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
        line("Y2", a.clipped.get(..10).unwrap_or(&a.clipped));
        line("UR", a.url.as_deref().unwrap_or(""));
        line("LA", a.lang.as_deref().unwrap_or(""));
        for tag in &a.tags {
            line("KW", tag);
        }
        line("N1", &a.note);
        out.push_str("ER  - \r\n");
    }
    out
}

pub fn bibtex(articles: &[Article]) -> String {
    let mut keys = HashSet::new();
    let mut out = String::new();
    for a in articles {
        let authors = authors(a.byline.as_deref());
        let year = a
            .published
            .as_deref()
            .and_then(|p| p.get(..4))
            .unwrap_or("");
        let key = unique_key(&mut keys, &authors, year, &a.title);
        out.push_str(&format!("@article{{{key},\n"));
        let mut field = |name: &str, value: &str| {
            if !value.is_empty() {
                out.push_str(&format!("  {name} = {{{}}},\n", escape(value)));
            }
        };
        field("title", &a.title);
        let names: Vec<String> = authors
            .iter()
            .map(|n| match split_name(n) {
                (family, "") => family.to_string(),
                (family, given) => format!("{family}, {given}"),
            })
            .collect();
        field("author", &names.join(" and "));
        field("journaltitle", a.outlet.as_deref().unwrap_or(""));
        field(
            "date",
            a.published
                .as_deref()
                .and_then(|p| p.get(..10))
                .or(a.published.as_deref())
                .unwrap_or(""),
        );
        field("url", a.url.as_deref().unwrap_or(""));
        field("urldate", a.clipped.get(..10).unwrap_or(""));
        field("langid", a.lang.as_deref().unwrap_or(""));
        field("keywords", &a.tags.join(", "));
        field("note", &a.note);
        out.push_str("}\n\n");
    }
    out
}

/// "doe2025mali", then "doe2025malia"...
fn unique_key(taken: &mut HashSet<String>, authors: &[String], year: &str, title: &str) -> String {
    let ascii = |s: &str| -> String {
        crate::text::fold(s)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let who = authors
        .first()
        .map(|n| ascii(split_name(n).0))
        .unwrap_or_default();
    let word = title
        .split_whitespace()
        .map(ascii)
        .find(|w| w.len() > 3)
        .unwrap_or_default();
    let stem = format!(
        "{}{year}{word}",
        if who.is_empty() { "article" } else { &who }
    );
    let key = std::iter::once(stem.clone())
        .chain(('a'..='z').map(|c| format!("{stem}{c}")))
        .chain((1..).map(|n| format!("{stem}{n}")))
        .find(|k| !taken.contains(k))
        .unwrap_or(stem);
    taken.insert(key.clone());
    key
}

fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in crate::text::squash_whitespace(value).chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::markdown::tests::article;

    #[test]
    fn authors_are_split_from_bylines() {
        assert_eq!(
            authors(Some("Jane Doe, John Smith and Ana Ruiz")),
            ["Jane Doe", "John Smith", "Ana Ruiz"]
        );
        assert_eq!(
            authors(Some("Cyril Bensimon et Morgane Le Cam")),
            ["Cyril Bensimon", "Morgane Le Cam"]
        );
        assert_eq!(
            authors(Some(
                "Martin Untersinger (avec Damien Leloup et Morgane Tual)"
            )),
            ["Martin Untersinger", "Damien Leloup", "Morgane Tual"]
        );
        assert!(authors(None).is_empty());
    }

    #[test]
    fn csl_json_is_a_newspaper_article() {
        let csl: Value = serde_json::from_str(&csl_json(&[article()])).unwrap();
        assert_eq!(csl[0]["type"], "article-newspaper");
        assert_eq!(
            csl[0]["author"][1],
            json!({"family": "Smith", "given": "John"})
        );
        assert_eq!(csl[0]["issued"]["date-parts"], json!([[2025, 8, 16]]));
        assert_eq!(csl[0]["accessed"]["date-parts"], json!([[2025, 8, 17]]));
        assert_eq!(csl[0]["container-title"], "Le Monde");
    }

    #[test]
    fn ris_and_bibtex_records() {
        let ris = ris(&[article()]);
        assert!(ris.starts_with("TY  - NEWS\r\nTI  - Mali expels"), "{ris}");
        assert!(ris.contains("AU  - Doe, Jane\r\nAU  - Smith, John\r\nT2  - Le Monde\r\nPY  - 2025\r\nDA  - 2025/08/16\r\n"));
        assert!(ris.contains("KW  - mali\r\nKW  - diplomacy\r\n"));
        assert!(ris.ends_with("ER  - \r\n"));
        let mut second = article();
        second.note = "50% & more_{x}".into();
        let bib = bibtex(&[article(), second]);
        assert!(bib.starts_with("@article{doe2025mali,\n  title = {Mali expels five French \"diplomats\"},\n  author = {Doe, Jane and Smith, John},"), "{bib}");
        assert!(bib.contains("@article{doe2025malia,"));
        assert!(bib.contains("note = {50\\% \\& more\\_\\{x\\}}"));
    }
}
