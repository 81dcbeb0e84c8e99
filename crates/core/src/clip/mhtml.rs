//! MHTML (a page saved as one file, "Webpage, single file"): a MIME
//! message whose first `text/html` part is the page. This finds that part
//! and undoes its transfer encoding (quoted-printable or base64); the
//! page's own bytes then go through the HTML extractor like any page, with
//! the part's declared charset.

use base64::Engine;

/// The page inside an MHTML file.
#[derive(Debug, PartialEq, Eq)]
pub struct Page {
    pub html: Vec<u8>,
    /// The part's `charset`, when it declares one.
    pub charset: Option<String>,
    /// Where the page was saved from (`Content-Location`).
    pub location: Option<String>,
}

/// Whether the bytes look like an MHTML file (MIME headers announcing a
/// multipart message).
pub fn sniff(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let Some(headers) = head.split("\n\n").next().or(Some(&head)) else {
        return false;
    };
    let headers = headers.split("\r\n\r\n").next().unwrap_or(headers);
    (headers.starts_with("from:")
        || headers.starts_with("mime-version:")
        || headers.contains("\nmime-version:"))
        && headers.contains("content-type: multipart/")
}

/// The first HTML part, or `None` when there is none.
pub fn page(bytes: &[u8]) -> Option<Page> {
    let (headers, body) = split_headers(bytes)?;
    let content_type = header(&headers, "content-type")?;
    let boundary = parameter(&content_type, "boundary")?;
    let delimiter = format!("--{boundary}");
    let mut parts = split_on(body, delimiter.as_bytes());
    parts.next(); // the preamble
    for part in parts {
        if part.starts_with(b"--") {
            break; // the closing delimiter
        }
        let Some((headers, body)) = split_headers(trim_line_start(part)) else {
            continue;
        };
        let content_type = header(&headers, "content-type").unwrap_or_default();
        if !content_type.to_ascii_lowercase().starts_with("text/html") {
            continue;
        }
        let encoding = header(&headers, "content-transfer-encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let html = match encoding.trim() {
            "quoted-printable" => quoted_printable(body),
            "base64" => {
                let compact: Vec<u8> = body
                    .iter()
                    .copied()
                    .filter(|b| !b.is_ascii_whitespace())
                    .collect();
                base64::engine::general_purpose::STANDARD
                    .decode(compact)
                    .ok()?
            }
            _ => body.to_vec(),
        };
        return Some(Page {
            html,
            charset: parameter(&content_type, "charset"),
            location: header(&headers, "content-location"),
        });
    }
    None
}

/// Headers (unfolded, as text) and the body after the first blank line.
fn split_headers(bytes: &[u8]) -> Option<(String, &[u8])> {
    let (at, skip) = [&b"\r\n\r\n"[..], b"\n\n"]
        .iter()
        .filter_map(|sep| memchr::memmem::find(bytes, sep).map(|at| (at, sep.len())))
        .min()?;
    let headers = String::from_utf8_lossy(&bytes[..at])
        .replace("\r\n", "\n")
        .replace("\n ", " ")
        .replace("\n\t", " ");
    Some((headers, &bytes[at + skip..]))
}

fn header(headers: &str, name: &str) -> Option<String> {
    headers.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().to_string())
    })
}

/// A `name=value` parameter of a header value, quotes removed.
fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (key, v) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

fn split_on<'a>(mut bytes: &'a [u8], delimiter: &'a [u8]) -> impl Iterator<Item = &'a [u8]> {
    std::iter::from_fn(move || {
        if bytes.is_empty() {
            return None;
        }
        match memchr::memmem::find(bytes, delimiter) {
            Some(at) => {
                let part = &bytes[..at];
                bytes = &bytes[at + delimiter.len()..];
                Some(part)
            }
            None => Some(std::mem::take(&mut bytes)),
        }
    })
}

fn trim_line_start(part: &[u8]) -> &[u8] {
    part.strip_prefix(b"\r\n")
        .or_else(|| part.strip_prefix(b"\n"))
        .unwrap_or(part)
}

/// Undoes quoted-printable: `=XX` escapes and `=` soft line breaks.
fn quoted_printable(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'=' {
            out.push(body[i]);
            i += 1;
            continue;
        }
        let rest = &body[i + 1..];
        if rest.starts_with(b"\r\n") {
            i += 3;
        } else if rest.starts_with(b"\n") {
            i += 2;
        } else if let Some(byte) = rest
            .get(..2)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(b'=');
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAVED: &str = "From: <Saved by Blink>\r\n\
Snapshot-Content-Location: https://www.rfi.fr/en/africa/mali-story\r\n\
Subject: Mali expels French diplomats\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/related;\r\n\
\ttype=\"text/html\";\r\n\
\tboundary=\"----MultipartBoundary--abc----\"\r\n\
\r\n\
------MultipartBoundary--abc----\r\n\
Content-Type: text/css\r\n\
Content-Location: https://www.rfi.fr/style.css\r\n\
\r\n\
p { color: red }\r\n\
------MultipartBoundary--abc----\r\n\
Content-Type: text/html; charset=\"utf-8\"\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
Content-Location: https://www.rfi.fr/en/africa/mali-story\r\n\
\r\n\
<html><head><title>Mali expels French diplomats</title></head><body><p>Colonel Assimi Go=\r\n\
=C3=AFta's government expelled =3D five diplomats.</p></body></html>\r\n\
------MultipartBoundary--abc------\r\n";

    #[test]
    fn finds_the_page_and_undoes_quoted_printable() {
        assert!(sniff(SAVED.as_bytes()));
        let page = page(SAVED.as_bytes()).unwrap();
        let html = String::from_utf8(page.html).unwrap();
        assert!(
            html.contains("Assimi Goïta's government expelled = five"),
            "{html}"
        );
        assert_eq!(page.charset.as_deref(), Some("utf-8"));
        assert_eq!(
            page.location.as_deref(),
            Some("https://www.rfi.fr/en/africa/mali-story")
        );
    }

    #[test]
    fn base64_parts_are_decoded() {
        let body = base64::engine::general_purpose::STANDARD.encode("<p>Bonjour Bamako</p>");
        let saved = format!(
            "MIME-Version: 1.0\nContent-Type: multipart/related; boundary=b\n\n--b\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\n{}\n{}\n--b--\n",
            &body[..10],
            &body[10..]
        );
        assert_eq!(
            page(saved.as_bytes()).unwrap().html,
            b"<p>Bonjour Bamako</p>"
        );
    }

    #[test]
    fn text_and_broken_messages_are_not_pages() {
        assert!(!sniff(b"Mali expels diplomats\n\nBamako, 16 August"));
        assert_eq!(
            page(b"MIME-Version: 1.0\nContent-Type: multipart/related\n\n"),
            None
        );
        assert_eq!(page(b"\xff\xfe\x00\x00"), None);
        assert_eq!(page(b""), None);
    }
}
