//! An article's text and sanitised HTML, kept together in one
//! zstd-compressed `body` blob. The HTML holds the text again, so the two
//! together compress to about a third of the text alone: most of what an
//! archive weighs on disk.
//!
//! SQL reads them through functions registered on every connection:
//! `body_text(body)`, `body_html(body)`, and `body_pack(text, html)` (used
//! by the migration that brought bodies in).

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

/// zstd's level: fast to write, and reads cost microseconds per article.
const LEVEL: i32 = 3;

/// The blob for `text` and `html`: the text's length (4 bytes, little
/// endian), the text, the HTML, compressed.
pub fn pack(text: &str, html: &str) -> Vec<u8> {
    let mut raw = Vec::with_capacity(4 + text.len() + html.len());
    raw.extend_from_slice(&(text.len() as u32).to_le_bytes());
    raw.extend_from_slice(text.as_bytes());
    raw.extend_from_slice(html.as_bytes());
    // Compressing bytes in memory cannot fail short of running out of it.
    zstd::bulk::compress(&raw, LEVEL).unwrap_or_default()
}

/// The text and HTML of a blob (empty for a damaged one).
pub fn unpack(blob: &[u8]) -> (String, String) {
    let raw = zstd::stream::decode_all(blob).unwrap_or_default();
    let Some((len, rest)) = raw.split_first_chunk::<4>() else {
        return (String::new(), String::new());
    };
    let len = (u32::from_le_bytes(*len) as usize).min(rest.len());
    let (text, html) = rest.split_at(len);
    (
        String::from_utf8_lossy(text).into_owned(),
        String::from_utf8_lossy(html).into_owned(),
    )
}

/// Registers `body_text`, `body_html` and `body_pack` on `conn`.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("body_text", 1, flags, |ctx| {
        Ok(ctx
            .get::<Option<Vec<u8>>>(0)?
            .map_or_else(String::new, |b| unpack(&b).0))
    })?;
    conn.create_scalar_function("body_html", 1, flags, |ctx| {
        Ok(ctx
            .get::<Option<Vec<u8>>>(0)?
            .map_or_else(String::new, |b| unpack(&b).1))
    })?;
    conn.create_scalar_function("body_pack", 2, flags, |ctx| {
        Ok(pack(&ctx.get::<String>(0)?, &ctx.get::<String>(1)?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_html_come_back_and_take_less_room() {
        let text = "Colonel Assimi Goïta's government expelled five diplomats. ".repeat(40);
        let html = format!("<p>{text}</p>");
        let blob = pack(&text, &html);
        assert!(blob.len() < text.len() / 3, "{} bytes", blob.len());
        assert_eq!(unpack(&blob), (text, html));
        assert_eq!(unpack(&pack("", "")), (String::new(), String::new()));
        assert_eq!(unpack(b"not zstd"), (String::new(), String::new()));
    }

    #[test]
    fn sql_reads_bodies_through_functions() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let (text, html): (String, String) = conn
            .query_row(
                "SELECT body_text(b), body_html(b) FROM (SELECT body_pack('Bamako', '<p>Bamako</p>') AS b)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((text.as_str(), html.as_str()), ("Bamako", "<p>Bamako</p>"));
    }
}
