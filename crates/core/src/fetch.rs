//! Fetching a page by its address, for clipping by URL: redirects followed
//! (at most `MAX_REDIRECTS`), compressed bodies decoded, a time limit on the
//! whole exchange and a size limit on the body, and the address the page
//! was finally served from. Fetching an article's images, the same way.
//! The only module of the crate that uses the network; clipping itself
//! stays a pure function of the bytes.

use std::time::Duration;

use crate::store::images::Image;
use crate::{Error, Result};

/// Pages larger than this are refused (the clip endpoint's limit too).
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;
const TIMEOUT: Duration = Duration::from_secs(30);
const MAX_REDIRECTS: u32 = 10;
const USER_AGENT: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Dispatch/0.1";

/// A fetched page.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Where the page was served from, after redirects.
    pub url: String,
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
}

/// Limits of one fetch; [`Limits::default`] is what clipping uses.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_bytes: u64,
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: MAX_BYTES,
            timeout: TIMEOUT,
        }
    }
}

/// Fetches an `http` or `https` address.
pub fn fetch(url: &str, limits: Limits) -> Result<Fetched> {
    get(
        url,
        limits,
        "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
    )
}

/// Images larger than this are not kept.
pub const MAX_IMAGE_BYTES: u64 = 15 * 1024 * 1024;

/// Fetches an image: one of the raster formats a webview shows (JPEG, PNG,
/// GIF, WebP, AVIF), recognised by its bytes whatever the server calls
/// it. Anything else (an HTML error page, an SVG, which can carry
/// scripts) is refused.
pub fn fetch_image(url: &str) -> Result<Image> {
    let limits = Limits {
        max_bytes: MAX_IMAGE_BYTES,
        timeout: Duration::from_secs(20),
    };
    let fetched = get(url, limits, "image/avif,image/webp,image/*;q=0.8")?;
    let mime = image_type(&fetched.bytes).ok_or_else(|| {
        Error::InvalidInput(format!("{url} is not a JPEG, PNG, GIF, WebP or AVIF image"))
    })?;
    Ok(Image {
        mime: mime.to_string(),
        bytes: fetched.bytes,
    })
}

/// Whether `url` names this computer or its local network (`localhost`,
/// loopback, private and link-local addresses): places a page on the web
/// has no business making Dispatch fetch from.
pub fn is_local_address(url: &str) -> bool {
    use std::net::IpAddr;
    let Ok(url) = url::Url::parse(url) else {
        return false;
    };
    let ip = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            return name == "localhost"
                || name.ends_with(".localhost")
                || name.ends_with(".local")
                || name.ends_with(".internal");
        }
        None => return false,
    };
    match ip {
        IpAddr::V4(ip) => {
            ip.is_loopback()
                || ip.is_private()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_broadcast()
                // Carrier-grade NAT, 100.64.0.0/10.
                || (ip.octets()[0] == 100 && (ip.octets()[1] & 0xC0) == 64)
        }
        IpAddr::V6(ip) => {
            let first = ip.segments()[0];
            ip.is_loopback()
                || ip.is_unspecified()
                || (first & 0xFE00) == 0xFC00
                || (first & 0xFFC0) == 0xFE80
                || ip
                    .to_ipv4_mapped()
                    .is_some_and(|v4| v4.is_loopback() || v4.is_private())
        }
    }
}

/// The media type of raster image bytes, by their signature.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some("image/png"),
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some("image/gif"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some("image/webp"),
        [_, _, _, _, b'f', b't', b'y', b'p', b'a', b'v', b'i', b'f' | b's', ..] => {
            Some("image/avif")
        }
        _ => None,
    }
}

fn get(url: &str, limits: Limits, accept: &str) -> Result<Fetched> {
    let parsed = crate::clip::url::web_address(url).ok_or_else(|| {
        Error::InvalidInput(format!("'{url}' is not a web address (http or https)"))
    })?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .max_redirects(MAX_REDIRECTS)
        .user_agent(USER_AGENT)
        .http_status_as_error(false)
        .build()
        .into();
    let failed = |e: ureq::Error| Error::Network(format!("fetching {parsed}: {}", describe(&e)));
    let mut response = agent
        .get(parsed.as_str())
        .header("Accept", accept)
        .call()
        .map_err(failed)?;
    let status = response.status();
    if !status.is_success() {
        let answer = format!("fetching {parsed}: the server answered {status}");
        // Gone or refused for good ("404 Not Found"), unlike a server that
        // is down or busy, which may answer later.
        let lasting = status.is_client_error() && !matches!(status.as_u16(), 408 | 429);
        return Err(if lasting {
            Error::InvalidInput(answer)
        } else {
            Error::Network(answer)
        });
    }
    let final_url = ureq::ResponseExt::get_uri(&response).to_string();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let bytes = response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => Error::InvalidInput(format!(
                "{parsed} is larger than {} MB",
                limits.max_bytes / (1024 * 1024)
            )),
            e => failed(e),
        })?;
    Ok(Fetched {
        url: final_url,
        bytes,
        content_type,
    })
}

fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "it took too long (no answer within the time limit)".into(),
        ureq::Error::TooManyRedirects => format!("more than {MAX_REDIRECTS} redirects"),
        ureq::Error::HostNotFound => {
            "the host was not found (offline, or a mistyped address?)".into()
        }
        e => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    /// Serves `answers` in turn, one connection each, on a local port.
    fn serve(answers: Vec<Vec<u8>>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for answer in answers {
                let Ok((mut stream, _)) = listener.accept() else {
                    return;
                };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap_or(0) > 2 {
                    line.clear();
                }
                if answer.is_empty() {
                    // Never answer: the client's time limit must end it.
                    std::thread::sleep(Duration::from_secs(5));
                    continue;
                }
                let _ = stream.write_all(&answer);
            }
        });
        base
    }

    fn ok(body: &str) -> Vec<u8> {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    }

    #[test]
    fn local_addresses_are_told_from_the_web() {
        for local in [
            "http://localhost:8080/admin",
            "http://printer.local/",
            "http://127.0.0.1/x",
            "http://10.1.2.3/x",
            "http://172.16.0.1/x",
            "http://192.168.1.1/router.png",
            "http://169.254.169.254/latest/meta-data",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
            "http://[::1]/x",
            "http://[fd00::1]/x",
            "http://[fe80::1]/x",
            "http://[::ffff:127.0.0.1]/x",
        ] {
            assert!(is_local_address(local), "{local}");
        }
        for web in [
            "https://www.rfi.fr/x.jpg",
            "https://8.8.8.8/x",
            "https://[2001:db8::1]/x",
            "https://localhost.example.com/x",
            "not a url",
        ] {
            assert!(!is_local_address(web), "{web}");
        }
    }

    #[test]
    fn follows_redirects_and_reports_the_final_address() {
        let redirect = b"HTTP/1.1 301 Moved\r\nLocation: /story\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec();
        let base = serve(vec![redirect, ok("<h1>Mali</h1>")]);
        let page = fetch(&format!("{base}/old"), Limits::default()).unwrap();
        assert_eq!(page.url, format!("{base}/story"));
        assert_eq!(page.bytes, b"<h1>Mali</h1>");
        assert_eq!(
            page.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
    }

    #[test]
    fn refuses_what_is_too_big_slow_missing_or_not_a_web_address() {
        let base = serve(vec![ok(&"x".repeat(2048))]);
        let small = Limits {
            max_bytes: 1024,
            timeout: TIMEOUT,
        };
        assert!(matches!(fetch(&base, small), Err(Error::InvalidInput(_))));

        let base = serve(vec![Vec::new()]);
        let quick = Limits {
            max_bytes: MAX_BYTES,
            timeout: Duration::from_millis(300),
        };
        let slow = fetch(&base, quick).unwrap_err();
        assert!(slow.to_string().contains("too long"), "{slow}");

        let base = serve(vec![
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
        ]);
        let missing = fetch(&base, Limits::default()).unwrap_err();
        assert!(missing.to_string().contains("404"), "{missing}");

        for bad in ["file:///etc/passwd", "javascript:alert(1)", "not a url", ""] {
            assert!(
                matches!(fetch(bad, Limits::default()), Err(Error::InvalidInput(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_compressed_latin1_page_behind_a_tracking_redirect_is_read_and_stored_once() {
        use std::io::Write as _;
        let html = "<html><head><title>Goïta expels envoys</title></head><body><article>\
            <h1>Goïta expels envoys</h1><p>Colonel Assimi Goïta's government expelled five \
            French diplomats, accusing them of a plot against the state's institutions.</p>\
            </article></body></html>";
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(html);
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gzip.write_all(&latin1).unwrap();
        let body = gzip.finish().unwrap();
        let page = |body: &[u8]| {
            let mut answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            answer.extend_from_slice(body);
            answer
        };
        let redirect = b"HTTP/1.1 302 Found\r\nLocation: /story/?utm_source=rss&fbclid=x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec();
        let base = serve(vec![redirect, page(&body), page(&body)]);

        let dir = tempfile::tempdir().unwrap();
        let archive = crate::Archive::open(dir.path()).unwrap();
        let first = fetch(&format!("{base}/amp/short"), Limits::default()).unwrap();
        assert_eq!(first.url, format!("{base}/story/?utm_source=rss&fbclid=x"));
        let stored = archive.clip(crate::ClipRequest::fetched(first)).unwrap();
        let article = archive.article(stored.id).unwrap();
        assert_eq!(article.title, "Goïta expels envoys");
        assert!(
            article.text.contains("Assimi Goïta's government"),
            "{}",
            article.text
        );
        // The same story at its plain address: the archive has it already.
        let again = fetch(&format!("{base}/story"), Limits::default()).unwrap();
        let second = archive.clip(crate::ClipRequest::fetched(again)).unwrap();
        assert_eq!(second.duplicate_of, Some(stored.id));
    }
}
