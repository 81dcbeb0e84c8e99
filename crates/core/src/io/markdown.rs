//! One Markdown file per article, with YAML front matter that note-taking
//! tools (Obsidian, Zettlr, static site generators) read:
//!
//! ```markdown
//! ---
//! title: "Mali expels five French diplomats"
//! url: "https://www.lemonde.fr/..."
//! outlet: "Le Monde"
//! published: "2025-08-16"
//! tags: ["mali", "diplomacy"]
//! ---
//!
//! # Mali expels five French diplomats
//! ...
//! ```

use crate::clip::render::markdown_of;
use crate::model::Article;

/// "2025-08-16 Mali expels five French diplomats": the publication (or
/// clip) day and the headline; [`super::create_new_file`] makes it safe.
pub fn file_stem(article: &Article) -> String {
    let day: String = article
        .published
        .as_deref()
        .unwrap_or(&article.clipped)
        .chars()
        .take(10)
        .collect();
    let title: String = article.title.chars().take(100).collect();
    format!("{day} {title}")
}

pub fn render(article: &Article) -> String {
    let mut out = String::from("---\n");
    let mut field = |name: &str, value: Option<&str>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            out.push_str(&format!("{name}: {}\n", quoted(v)));
        }
    };
    field("title", Some(&article.title));
    field("url", article.url.as_deref());
    field("outlet", article.outlet.as_deref());
    field("byline", article.byline.as_deref());
    field("published", article.published.as_deref());
    field("updated", article.updated.as_deref());
    field("clipped", Some(&article.clipped));
    field("lang", article.lang.as_deref());
    field("note", Some(&article.note));
    let tags: Vec<String> = article.tags.iter().map(|t| quoted(t)).collect();
    out.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    if article.pending {
        out.push_str("pending: true\n");
    }
    out.push_str("---\n\n# ");
    out.push_str(&article.title);
    out.push_str("\n\n");
    let body = markdown_of(&article.html);
    out.push_str(body.trim());
    out.push('\n');
    out
}

/// A YAML double-quoted scalar (JSON's string syntax is valid YAML).
fn quoted(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn article() -> Article {
        Article {
            id: 7,
            url: Some("https://www.lemonde.fr/afrique/article/2025/08/16/mali.html".into()),
            title: "Mali expels five French \"diplomats\"".into(),
            byline: Some("Jane Doe and John Smith".into()),
            outlet: Some("Le Monde".into()),
            published: Some("2025-08-16".into()),
            updated: None,
            clipped: "2025-08-17T09:00:00Z".into(),
            lang: Some("fr".into()),
            image: None,
            tags: vec!["mali".into(), "diplomacy".into()],
            note: "check the ministry's statement".into(),
            text: "Bamako said so.".into(),
            html: "<p>Bamako <b>said</b> so.</p>".into(),
            links: vec![],
            entities: vec![],
            pending: false,
        }
    }

    #[test]
    fn front_matter_and_body() {
        let md = render(&article());
        assert!(
            md.starts_with("---\ntitle: \"Mali expels five French \\\"diplomats\\\"\"\n"),
            "{md}"
        );
        assert!(md.contains("\ntags: [\"mali\", \"diplomacy\"]\n---\n\n# Mali"));
        assert!(md.ends_with("Bamako **said** so.\n"), "{md}");
        assert_eq!(
            file_stem(&article()),
            "2025-08-16 Mali expels five French \"diplomats\""
        );
    }
}
