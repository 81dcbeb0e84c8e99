//! Helpers for the integration tests: a fresh archive in a temporary folder
//! and the `dispatch` binary run against it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The repository's shared data (`../shared` beside the checkout).
pub fn shared(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(path)
}

pub fn fixture() -> PathBuf {
    shared("fixtures/france-mali-plaintext.txt")
}

/// A temporary archive and a way to run `dispatch --archive` on it.
pub struct TestArchive {
    pub dir: tempfile::TempDir,
}

impl TestArchive {
    pub fn new() -> TestArchive {
        TestArchive {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dispatch"));
        cmd.arg("--archive").arg(self.path());
        cmd.env_remove("DISPATCH_ARCHIVE");
        cmd.stdin(Stdio::null());
        cmd
    }

    /// Runs and returns the output, whatever the exit status.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run dispatch")
    }

    /// Runs, asserts success, and parses stdout as JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "dispatch {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "dispatch {args:?} printed no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// Clips a file and returns its id.
    pub fn add(&self, file: &Path, extra: &[&str]) -> i64 {
        let mut args = vec!["add", "--json"];
        args.extend_from_slice(extra);
        let file = file.to_str().expect("utf-8 path");
        args.push(file);
        self.json(&args)["id"].as_i64().expect("an id")
    }

    /// Writes a page whose headline is `title`, about the arrests that the
    /// fixture's related headline names: the target of its link, written
    /// the way another outlet's page might differ (case, accents,
    /// punctuation, a word).
    pub fn arrest_story(&self, title: &str) -> PathBuf {
        let path = self.path().join("arrest.html");
        let html = format!(
            "<html lang=\"en\"><head><title>{title}</title></head><body><article><h1>{title}</h1>\
             <p>Mali's military government said on Thursday it had arrested a French national and \
             several generals accused of plotting with foreign backing to destabilise the \
             country's institutions.</p><p>Colonel Assimi Goïta's government did not say when \
             the arrests took place. Bamako has turned towards Russia and the Africa Corps.</p>\
             </article></body></html>"
        );
        std::fs::write(&path, html).expect("write the story");
        path
    }

    /// The ids a search returns, best first.
    pub fn search_ids(&self, query: &str) -> Vec<i64> {
        self.json(&["search", "--json", "--limit", "50", query])["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h["id"].as_i64().expect("id"))
            .collect()
    }
}

/// `dispatch serve --port 0` on `archive`: the running server and the port
/// it chose.
pub fn serve(archive: &TestArchive) -> (std::process::Child, u16) {
    use std::io::BufRead;
    let mut child = archive
        .command()
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start dispatch serve");
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().expect("its output"))
        .read_line(&mut first)
        .expect("the line naming its address");
    let port = first
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {first:?}"));
    (child, port)
}

/// The JSON body of a clip request to the endpoint: the page in `file`,
/// given the address `url`.
pub fn clip_body(file: &Path, url: &str) -> Vec<u8> {
    let html = String::from_utf8_lossy(&std::fs::read(file).expect("read the page")).into_owned();
    serde_json::json!({ "url": url, "html": html })
        .to_string()
        .into_bytes()
}

/// Serves `body` as `content_type` to every request on a local port, from
/// a thread that lives as long as the test; returns the page's address.
pub fn serve_page(body: Vec<u8>, content_type: &'static str) -> String {
    serve_site(vec![("/story", body, content_type)]) + "/story"
}

/// Serves each `(path, body, content type)` on a local port (404 for other
/// paths), from a thread that lives as long as the test; returns the
/// site's address (`http://127.0.0.1:PORT`).
pub fn serve_site(pages: Vec<(&'static str, Vec<u8>, &'static str)>) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let site = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 2 {
                line.clear();
            }
            let path = request_line.split_whitespace().nth(1).unwrap_or("/");
            let path = path.split('?').next().unwrap_or(path);
            let (status, body, content_type) = match pages.iter().find(|(p, _, _)| *p == path) {
                Some((_, body, content_type)) => ("200 OK", body.as_slice(), *content_type),
                None => ("404 Not Found", &b"not found"[..], "text/plain"),
            };
            let mut stream = &stream;
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body);
        }
    });
    site
}

/// A file of `tests/data`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Sends one HTTP/1.1 request to `host` (`127.0.0.1:PORT`) with these
/// extra headers (a `Host` among them replaces the real one); the status
/// and the JSON answer (`null` when there is none).
pub fn http(
    host: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Value) {
    use std::io::Write;
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {host}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) and close before reading it all.
    let _ = stream.write_all(body);
    read_answer(&mut stream)
}

/// Reads an HTTP answer to the end: its status and JSON body.
pub fn read_answer(stream: &mut std::net::TcpStream) -> (u16, Value) {
    use std::io::Read;
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

/// A page whose article holds a photo, a lazily loaded one, a tracking
/// pixel, an "image" that is an HTML page and one that is missing.
pub fn page_with_images(headline: &str) -> Vec<u8> {
    let paragraph = "<p>Bamako's transitional government expelled five French diplomats on \
                     Tuesday, accusing them of backing a plot against the state.</p>";
    format!(
        "<html><head><title>{headline}</title></head><body><article>\
         <h1>{headline}</h1><p>{headline}: what we know.</p>{paragraph}\
         <figure><img src=\"/photo.png\" alt=\"The presidential palace\" width=\"640\" height=\"400\">\
         <figcaption>The presidential palace in Koulouba.</figcaption></figure>{paragraph}\
         <img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" data-src=\"/lazy.png\" alt=\"Goïta\">\
         <img src=\"/pixel.gif\" width=\"1\" height=\"1\"><img src=\"/fake.jpg\" alt=\"\">\
         <img src=\"/missing.jpg\" alt=\"\">{paragraph}</article></body></html>"
    )
    .into_bytes()
}
