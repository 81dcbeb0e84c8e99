//! Pocket's CSV export: `title,url,time_added,tags,status`, tags joined by
//! `|`. Every row becomes a pending article (Pocket exports no text).

use super::{pending_item, Import, ImportProblem};
use crate::archive::Known;
use crate::clip::url::web_address;
use crate::{Error, Result};

pub fn parse(bytes: &[u8]) -> Result<Import> {
    let text = super::utf8(bytes, "Pocket CSV")?;
    let mut rows = records(&text).into_iter();
    let header: Vec<String> = rows
        .next()
        .unwrap_or_default()
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let Some(url_at) = column("url") else {
        return Err(Error::InvalidInput(
            "this is not a Pocket export: its first line has no `url` column".into(),
        ));
    };
    let (title_at, time_at, tags_at) = (column("title"), column("time_added"), column("tags"));
    let mut import = Import::default();
    for (n, row) in rows.enumerate() {
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |at: Option<usize>| at.and_then(|i| row.get(i)).map(|f| f.trim().to_string());
        let raw_url = field(Some(url_at)).unwrap_or_default();
        let title = field(title_at).filter(|t| !t.is_empty() && *t != raw_url);
        let label = title.clone().unwrap_or_else(|| format!("line {}", n + 2));
        let Some(url) = web_address(&raw_url) else {
            import.problems.push(ImportProblem {
                item: label,
                message: format!("“{raw_url}” is not a web address"),
            });
            continue;
        };
        let tags = field(tags_at)
            .map(|t| {
                t.split('|')
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let known = Known {
            title,
            clipped: field(time_at).and_then(|t| super::unix_time(&t)),
            ..Known::default()
        };
        import.items.push(pending_item(
            label,
            url.to_string(),
            known,
            tags,
            String::new(),
        ));
    }
    Ok(import)
}

/// RFC 4180 records: fields in double quotes may hold commas, quotes
/// (doubled) and line breaks.
fn records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::ItemSource;

    #[test]
    fn rows_become_pending_articles() {
        let csv = "title,url,time_added,tags,status\r\n\
\"Mali, France and the \"\"plot\"\"\",https://www.rfi.fr/en/a,1692182400,mali|france,unread\r\n\
https://www.lemonde.fr/b,https://www.lemonde.fr/b,1692268800,,archive\r\n\
Broken,not a url,1692268800,,unread\r\n";
        let import = parse(csv.as_bytes()).unwrap();
        assert_eq!(import.items.len(), 2);
        assert_eq!(import.problems[0].item, "Broken");
        let ItemSource::Ready(first) = &import.items[0].source else {
            panic!()
        };
        assert_eq!(
            first.known.title.as_deref(),
            Some("Mali, France and the \"plot\"")
        );
        assert_eq!(first.tags, ["mali", "france"]);
        assert_eq!(first.known.clipped.as_deref(), Some("2023-08-16T10:40:00Z"));
        let ItemSource::Ready(second) = &import.items[1].source else {
            panic!()
        };
        assert_eq!(
            second.known.title, None,
            "a title that is the address is no title"
        );
    }

    #[test]
    fn a_file_without_a_url_column_is_refused() {
        assert!(parse(b"name,link\na,b\n").is_err());
        assert!(parse(b"").is_err());
    }
}
