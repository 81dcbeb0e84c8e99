//! A thread written out as a dossier: its timeline with a citation for
//! every article, in Markdown or self-contained HTML (no scripts, no
//! remote resources).

use crate::model::{Thread, TimelineEntry};
use crate::text::escape_html;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
}

impl Format {
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "markdown" | "md" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            _ => None,
        }
    }
}

pub fn render(thread: &Thread, format: Format) -> String {
    match format {
        Format::Markdown => markdown(thread),
        Format::Html => html(thread),
    }
}

/// "Le Monde. Jane Doe. “Mali expels five French diplomats.” 16 Aug 2025.
/// https://… (clipped 17 Aug 2025)."
pub fn citation(e: &TimelineEntry) -> String {
    let mut parts = Vec::new();
    if let Some(outlet) = &e.outlet {
        parts.push(format!("{outlet}."));
    }
    if let Some(byline) = &e.byline {
        parts.push(format!("{byline}."));
    }
    parts.push(format!("“{}.”", e.title.trim_end_matches('.')));
    if let Some(published) = &e.published {
        parts.push(format!("{}.", human_date(published)));
    }
    if let Some(url) = &e.url {
        parts.push(url.clone());
    }
    parts.push(format!("(clipped {}).", human_date(&e.clipped)));
    parts.join(" ")
}

fn span(thread: &Thread) -> String {
    match (thread.days.first(), thread.days.last()) {
        (Some(first), Some(last)) if first.day != last.day => {
            format!("{} – {}", human_date(&first.day), human_date(&last.day))
        }
        (Some(first), _) => human_date(&first.day),
        _ => "no articles yet".to_string(),
    }
}

fn sources(thread: &Thread) -> String {
    let list = |v: &[crate::model::FacetCount]| {
        v.iter()
            .map(|f| format!("{} ({})", f.value, f.count))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "Outlets: {}. Languages: {}.",
        list(&thread.outlets),
        list(&thread.langs)
    )
}

fn markdown(thread: &Thread) -> String {
    let count: usize = thread.days.iter().map(|d| d.articles.len()).sum();
    let mut out = format!(
        "# {}\n\n{} · {} articles\n\n{}\n",
        thread.name,
        span(thread),
        count,
        sources(thread)
    );
    for day in &thread.days {
        out.push_str(&format!("\n## {}\n", human_date(&day.day)));
        for e in &day.articles {
            out.push_str(&format!("\n### {}\n\n", e.title));
            if !e.summary.is_empty() {
                out.push_str(&format!("{}\n\n", e.summary));
            }
            out.push_str(&format!("> {}\n", citation(e)));
        }
    }
    out
}

fn html(thread: &Thread) -> String {
    let count: usize = thread.days.iter().map(|d| d.articles.len()).sum();
    let mut out = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>{name}</title>\
         <style>body{{font:17px/1.5 Georgia,serif;max-width:42em;margin:2em auto;padding:0 1em}}\
         h2{{font:600 14px system-ui,sans-serif;text-transform:uppercase;color:#666;margin-top:2em}}\
         cite{{display:block;font:13px system-ui,sans-serif;color:#555;font-style:normal}}</style>\
         </head><body>\n<h1>{name}</h1>\n<p>{span} · {count} articles</p>\n<p>{sources}</p>\n",
        name = escape_html(&thread.name),
        span = escape_html(&span(thread)),
        sources = escape_html(&sources(thread)),
    );
    for day in &thread.days {
        out.push_str(&format!(
            "<h2>{}</h2>\n",
            escape_html(&human_date(&day.day))
        ));
        for e in &day.articles {
            out.push_str(&format!(
                "<article><h3>{}</h3><p>{}</p><cite>{}</cite></article>\n",
                escape_html(&e.title),
                escape_html(&e.summary),
                escape_html(&citation(e))
            ));
        }
    }
    out.push_str("</body></html>\n");
    out
}

/// "2025-08-15…" -> "15 Aug 2025", as reporters write dates.
pub fn human_date(date: &str) -> String {
    chrono::NaiveDate::parse_from_str(date.get(..10).unwrap_or(date), "%Y-%m-%d")
        .map(|d| d.format("%-d %b %Y").to_string())
        .unwrap_or_else(|_| date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_read_like_a_reference_list() {
        let e = TimelineEntry {
            id: 1,
            title: "Mali expels five French diplomats".into(),
            outlet: Some("RFI".into()),
            byline: Some("Jane Doe".into()),
            url: Some("https://www.rfi.fr/en/mali".into()),
            published: Some("2025-08-15T09:00:00Z".into()),
            clipped: "2025-08-16T10:00:00Z".into(),
            lang: Some("en".into()),
            summary: String::new(),
        };
        assert_eq!(
            citation(&e),
            "RFI. Jane Doe. “Mali expels five French diplomats.” 15 Aug 2025. \
             https://www.rfi.fr/en/mali (clipped 16 Aug 2025)."
        );
    }
}
