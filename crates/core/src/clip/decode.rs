//! Bytes to text: BOMs, declared charsets that may lie, and guessing.
//!
//! The order of trust is: a byte-order mark; valid UTF-8 (a page whose
//! `<meta charset>` says Latin-1 but whose bytes are valid multi-byte UTF-8
//! is UTF-8); the encoding the document declares; a statistical guess
//! (chardetng), which is how Windows-1252 files such as `‘Feminist` in
//! WikiRef come out with their curly quotes. ISO-8859-1 is decoded as
//! Windows-1252, as browsers do.
//!
//! Some pages were garbled before they were served: UTF-8 read as Latin-1
//! or Windows-1252 and saved as UTF-8 again ("Investorâ€™s"). Those
//! sequences are put back ([`repair_double_encoding`]).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::{Error, Result};

/// Text decoded from bytes, with the encoding that was used.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
}

/// Decodes plain text (or HTML when `declared` carries its meta charset).
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<Decoded> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(finish(text.into_owned(), encoding));
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return Ok(finish(text.into_owned(), encoding));
    }
    if looks_binary(bytes) {
        return Err(Error::InvalidInput(
            "this looks like a binary file, not text or HTML".into(),
        ));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(finish(text.to_string(), UTF_8));
    }
    let encoding = match declared {
        Some(e) if e != UTF_8 && e != UTF_16LE && e != UTF_16BE => e,
        _ => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, chardetng::Utf8Detection::Deny)
        }
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Ok(finish(text.into_owned(), encoding))
}

/// Finds `<meta charset=...>` or `http-equiv` content-type in the first
/// kilobytes of an HTML document, the way browsers prescan.
pub fn declared_html_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(at) = rest.find("charset") {
        rest = &rest[at + "charset".len()..];
        let value = rest.trim_start_matches([' ', '=', '"', '\'']);
        let end = value
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':'))
            .unwrap_or(value.len());
        if let Some(e) = Encoding::for_label(&value.as_bytes()[..end]) {
            return Some(e);
        }
    }
    None
}

fn finish(mut text: String, encoding: &'static Encoding) -> Decoded {
    if memchr::memchr2(b'\r', 0, text.as_bytes()).is_some() {
        text = with_unix_line_ends(&text);
    }
    if let Some(repaired) = repair_double_encoding(&text) {
        text = repaired;
    }
    Decoded { text, encoding }
}

/// "\r\n", a lone "\r" and NUL become "\n", in one pass over the bytes
/// (they are ASCII, so UTF-8 stays whole).
fn with_unix_line_ends(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut from = 0;
    while let Some(found) = memchr::memchr2(b'\r', 0, &bytes[from..]) {
        let at = from + found;
        out.extend_from_slice(&bytes[from..at]);
        out.push(b'\n');
        from = at + 1;
        if bytes[at] == b'\r' && bytes.get(from) == Some(&b'\n') {
            from += 1;
        }
    }
    out.extend_from_slice(&bytes[from..]);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Puts back the characters of UTF-8 that was read as Latin-1 or
/// Windows-1252 and encoded again: "â€™" or "â\u{80}\u{99}" is "’", "Ã©"
/// is "é". A sequence is repaired only when it is whole UTF-8 and can
/// hardly be real text: it holds a C1 control character (never written on
/// purpose), or starts with Â, Ã or â, the garbled leads of Latin-1 letters
/// and of typographic punctuation. `None` when there is nothing to repair.
pub fn repair_double_encoding(text: &str) -> Option<String> {
    // Read as bytes, not chars: most pages have nothing to repair, and
    // this runs on every page clipped. C1 controls are C2 80-9F in UTF-8;
    // Â, Ã and â are C3 82, C3 83 and C3 A2.
    let bytes = text.as_bytes();
    let suspect = memchr::memchr2_iter(0xC2, 0xC3, bytes).any(|at| {
        matches!(
            (bytes[at], bytes.get(at + 1)),
            (0xC2, Some(0x80..=0x9F)) | (0xC3, Some(0x82 | 0x83 | 0xA2))
        )
    });
    if !suspect {
        return None;
    }
    // Unchanged text is copied in runs, and only once something is repaired.
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(lead) = text[at..].chars().next() {
        let mut bytes = [0u8; 4];
        if let Some((decoded, used)) = garbled_char(&text[at..], lead, &mut bytes) {
            out.push_str(&text[copied..at]);
            out.push(decoded);
            at += used;
            copied = at;
        } else {
            at += lead.len_utf8();
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// The character that `text`, starting with `lead`, garbles, and how many
/// bytes of `text` its garbled form takes.
fn garbled_char(text: &str, lead: char, bytes: &mut [u8; 4]) -> Option<(char, usize)> {
    let continuations = match lead as u32 {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => return None,
    };
    bytes[0] = lead as u8;
    let mut used = lead.len_utf8();
    let mut control = false;
    let mut chars = text[used..].chars();
    for byte in bytes.iter_mut().skip(1).take(continuations) {
        let c = chars.next()?;
        control |= matches!(c, '\u{80}'..='\u{9f}');
        *byte = windows_1252_byte(c).filter(|b| (0x80..=0xBF).contains(b))?;
        used += c.len_utf8();
    }
    if !control && !matches!(lead, 'Â' | 'Ã' | 'â') {
        return None;
    }
    let decoded = std::str::from_utf8(&bytes[..=continuations]).ok()?;
    Some((decoded.chars().next()?, used))
}

/// The byte that Windows-1252 (or Latin-1, for its C1 controls) shows as `c`.
fn windows_1252_byte(c: char) -> Option<u8> {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '•', '–', '—', '˜',
        '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match c as u32 {
        0x80..=0xFF => Some(c as u8),
        _ => HIGH.iter().position(|h| *h == c).map(|i| 0x80 + i as u8),
    }
}

/// UTF-16 text saved without a BOM shows NUL in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if odd_nul * 10 > pairs * 7 && even_nul * 10 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 > pairs * 7 && odd_nul * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Text, in any 8-bit encoding, has almost no control bytes other than
/// whitespace; executables, images and archives have many.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.is_empty() {
        return false;
    }
    let controls = sample
        .iter()
        .filter(|b| matches!(**b, 0..=8 | 14..=26 | 28..=31))
        .count();
    controls * 20 > sample.len() || sample.iter().filter(|b| **b == 0).count() > 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_curly_quotes_decode() {
        let d = decode(b"\x91Feminist\x92 \x93quoted\x94\r\nnext", None).unwrap();
        assert_eq!(
            d.text,
            "\u{2018}Feminist\u{2019} \u{201c}quoted\u{201d}\nnext"
        );
    }

    #[test]
    fn line_ends_and_nul_become_newlines() {
        let d = decode("a\r\nb\rc\r\r\né\r".as_bytes(), None).unwrap();
        assert_eq!(d.text, "a\nb\nc\n\né\n");
        assert_eq!(with_unix_line_ends("a\0\r\0b"), "a\n\n\nb");
    }

    #[test]
    fn utf16_with_bom_decodes() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Goïta".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes, None).unwrap().text, "Goïta");
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let bytes: Vec<u8> = "Bamako and Paris"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode(&bytes, None).unwrap().text, "Bamako and Paris");
    }

    #[test]
    fn lying_meta_charset_loses_to_valid_utf8() {
        let html = "<meta charset=iso-8859-1><p>Goïta</p>".as_bytes();
        let declared = declared_html_charset(html);
        assert_eq!(declared, Some(encoding_rs::WINDOWS_1252));
        assert!(decode(html, declared).unwrap().text.contains("Goïta"));
    }

    #[test]
    fn declared_latin1_is_used_for_invalid_utf8() {
        let html = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>Go\xefta</p>";
        let declared = declared_html_charset(html);
        assert!(decode(html, declared).unwrap().text.contains("Goïta"));
    }

    #[test]
    fn utf8_garbled_into_latin1_or_windows_1252_is_repaired() {
        let latin1 = "Investor\u{e2}\u{80}\u{99}s Guide, JOHNSON\u{e2}\u{80}\u{99}S\u{c2}\u{ae}";
        assert_eq!(
            decode(latin1.as_bytes(), None).unwrap().text,
            "Investor’s Guide, JOHNSON’S®"
        );
        let windows = "Goïta\u{2019}s junta: â€œdÃ©jÃ\u{a0} vuâ€\u{9d} â€” Â« Mali Â»";
        assert_eq!(
            decode(windows.as_bytes(), None).unwrap().text,
            "Goïta’s junta: “déjà vu” — « Mali »"
        );
    }

    #[test]
    fn real_text_that_looks_garbled_is_left_alone() {
        for text in ["CAFÉ… pâte, château", "naïve £5 ±2 É§", "â€"] {
            assert_eq!(repair_double_encoding(text), None, "{text}");
        }
    }

    #[test]
    fn binary_is_refused() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
        assert!(matches!(decode(png, None), Err(Error::InvalidInput(_))));
    }
}
