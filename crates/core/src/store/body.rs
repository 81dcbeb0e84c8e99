//! An article's text and sanitised HTML, kept together in one
//! zstd-compressed `body` blob. The HTML holds the text again, so the two
//! together compress to about a third of the text alone: most of what an
//! archive weighs on disk.
//!
//! SQL reads them through functions registered on every connection:
//! `body_text(body)`, `body_html(body)`, and `body_pack(text, html)` (used
//! by the migration that brought bodies in).

use std::cell::RefCell;

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
    // A context per thread, made once: making one costs more than
    // compressing a short article. Compressing bytes in memory cannot fail
    // short of running out of memory.
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            *c = zstd::bulk::Compressor::new(LEVEL).ok();
        }
        c.as_mut()
            .and_then(|c| c.compress(&raw).ok())
            .unwrap_or_default()
    })
}

thread_local! {
    static COMPRESSOR: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<zstd::bulk::Decompressor<'static>>> = const { RefCell::new(None) };
}

/// Larger bodies are refused when read (a damaged size field).
const MAX_BODY_BYTES: u64 = 512 * 1024 * 1024;

/// The text and HTML of a blob (empty for a damaged one).
pub fn unpack(blob: &[u8]) -> (String, String) {
    let raw = decompress(blob);
    let (text, html) = split(&raw);
    (
        String::from_utf8_lossy(text).into_owned(),
        String::from_utf8_lossy(html).into_owned(),
    )
}

/// (text, HTML) of a decompressed blob.
fn split(raw: &[u8]) -> (&[u8], &[u8]) {
    let Some((len, rest)) = raw.split_first_chunk::<4>() else {
        return (&[], &[]);
    };
    rest.split_at((u32::from_le_bytes(*len) as usize).min(rest.len()))
}

fn decompress(blob: &[u8]) -> Vec<u8> {
    let size = zstd::zstd_safe::get_frame_content_size(blob)
        .ok()
        .flatten()
        .filter(|&n| n <= MAX_BODY_BYTES)
        .unwrap_or(0) as usize;
    DECOMPRESSOR.with(|d| {
        let mut d = d.borrow_mut();
        if d.is_none() {
            *d = zstd::bulk::Decompressor::new().ok();
        }
        d.as_mut()
            .and_then(|d| d.decompress(blob, size).ok())
            .unwrap_or_default()
    })
}

/// The text of a blob alone.
pub fn text_of(blob: &[u8]) -> String {
    String::from_utf8_lossy(split(&decompress(blob)).0).into_owned()
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
        assert_eq!(text_of(&blob), text);
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
