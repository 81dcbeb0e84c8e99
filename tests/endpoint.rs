//! The clip endpoint (`dispatch serve`), rule by rule, with real HTTP
//! requests on loopback: tokens, Origin and Host checks, size limits, slow
//! and broken clients, and the command line reading the archive meanwhile.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Child;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::util::{clip_body, http, read_answer, serve, shared, TestArchive};

/// `dispatch serve --port 0` on a fresh archive, stopped when dropped.
struct Server {
    archive: TestArchive,
    child: Child,
    port: u16,
    token: String,
}

impl Server {
    fn start() -> Server {
        let archive = TestArchive::new();
        let made = archive.run(&["token", "new", "tests"]);
        assert!(made.status.success(), "{made:?}");
        let token = String::from_utf8(made.stdout).unwrap().trim().to_string();
        let (child, port) = serve(&archive);
        Server {
            archive,
            child,
            port,
            token,
        }
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, Value) {
        http(&self.host(), method, path, headers, body)
    }

    fn clip(&self, body: &Value) -> (u16, Value) {
        let auth = format!("Bearer {}", self.token);
        self.send(
            "POST",
            "/v1/clip",
            &[
                ("Authorization", &auth),
                ("Content-Type", "application/json"),
            ],
            body.to_string().as_bytes(),
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn story() -> Value {
    let html = std::fs::read_to_string(shared("eval/readability/lemonde-1/source.html"))
        .expect("a Le Monde page");
    json!({
        "url": "https://www.lemonde.fr/pixels/article/2015/08/26/pas-de-grand-soir-pour-la-surveillance.html",
        "html": html,
        "title": "document.title",
        "tags": ["surveillance", "France"],
        "note": "for the privacy piece",
    })
}

#[test]
fn ping_answers_without_a_token() {
    let server = Server::start();
    let (status, body) = server.send("GET", "/v1/ping", &[], b"");
    assert_eq!(status, 200);
    assert_eq!(body["app"], "dispatch");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["pairing"], false, "serve has no window to pair in");
}

#[test]
fn a_clip_with_a_token_is_stored_once_and_searchable_while_serving() {
    let server = Server::start();
    let (status, first) = server.clip(&story());
    assert_eq!(status, 201, "{first}");
    assert!(first["duplicate_of"].is_null());
    let id = first["id"].as_i64().unwrap();
    let (status, again) = server.clip(&story());
    assert_eq!(status, 201);
    assert_eq!(again["duplicate_of"], id);

    // The command line reads the archive while `serve` holds it.
    let shown = server.archive.json(&["show", "--json", &id.to_string()]);
    assert_eq!(shown["tags"], json!(["France", "surveillance"]));
    assert_eq!(shown["note"], "for the privacy piece");
    assert_ne!(
        shown["title"], "document.title",
        "the page's own headline wins"
    );
    assert_eq!(server.archive.search_ids("tag:surveillance"), [id]);

    let auth = format!("Bearer {}", server.token);
    let (status, tags) = server.send("GET", "/v1/tags", &[("Authorization", &auth)], b"");
    assert_eq!(status, 200);
    assert!(tags
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["name"] == "surveillance"));
}

#[test]
fn a_selection_is_clipped_alone_with_the_pages_metadata() {
    let server = Server::start();
    let mut body = story();
    body["selection"] = json!("<p>Only <b>this paragraph</b> about surveillance was selected.</p>");
    let (status, answer) = server.clip(&body);
    assert_eq!(status, 201, "{answer}");
    let shown = server
        .archive
        .json(&["show", "--json", &answer["id"].to_string()]);
    assert_eq!(
        shown["text"],
        "Only this paragraph about surveillance was selected."
    );
    assert_eq!(shown["outlet"], "Le Monde.fr", "{shown}");
}

#[test]
fn clips_without_a_valid_token_are_refused() {
    let server = Server::start();
    let body = story().to_string();
    for headers in [
        vec![],
        vec![("Authorization", "Bearer dsp_wrong")],
        vec![("Authorization", "Basic dGVzdDp0ZXN0")],
    ] {
        let (status, answer) = server.send("POST", "/v1/clip", &headers, body.as_bytes());
        assert_eq!(status, 401, "{headers:?}");
        assert_eq!(answer["code"], "unauthorized");
    }
    let (status, _) = server.send("GET", "/v1/tags", &[], b"");
    assert_eq!(status, 401);

    // A revoked token stops working at once, while the server runs.
    let revoked = server.archive.run(&["token", "revoke", "tests"]);
    assert!(revoked.status.success());
    assert_eq!(server.clip(&story()).0, 401);
    assert_eq!(server.archive.json(&["search", "--json", ""])["total"], 0);
}

#[test]
fn web_pages_cannot_clip_or_detect_the_app() {
    let server = Server::start();
    let auth = format!("Bearer {}", server.token);
    let body = story().to_string();
    for origin in ["https://evil.example", "null", "http://127.0.0.1:8000"] {
        for (method, path) in [
            ("GET", "/v1/ping"),
            ("POST", "/v1/clip"),
            ("POST", "/v1/pair"),
        ] {
            let (status, answer) = server.send(
                method,
                path,
                &[("Origin", origin), ("Authorization", &auth)],
                body.as_bytes(),
            );
            assert_eq!(status, 403, "{origin} {path}");
            assert_eq!(answer["code"], "forbidden_origin");
        }
    }
    for origin in [
        "chrome-extension://abcdefghijklmnop",
        "moz-extension://0c5c-4a1e",
    ] {
        let (status, _) = server.send("GET", "/v1/ping", &[("Origin", origin)], b"");
        assert_eq!(status, 200, "{origin}");
    }
    assert_eq!(server.archive.json(&["search", "--json", ""])["total"], 0);
}

#[test]
fn a_foreign_host_header_is_refused_against_dns_rebinding() {
    let server = Server::start();
    let port = server.port.to_string();
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1".to_string(),
        "127.0.0.1:1".to_string(),
        format!("localhost.evil.example:{port}"),
    ] {
        let (status, answer) = server.send("GET", "/v1/ping", &[("Host", &host)], b"");
        assert_eq!(status, 403, "{host}");
        assert_eq!(answer["code"], "forbidden_host");
    }
    let localhost = format!("localhost:{port}");
    assert_eq!(
        server
            .send("GET", "/v1/ping", &[("Host", &localhost)], b"")
            .0,
        200
    );
}

#[test]
fn oversized_and_broken_bodies_get_clear_errors_and_the_server_goes_on() {
    let server = Server::start();
    let auth = format!("Bearer {}", server.token);
    // Declared too large: refused before reading.
    let mut stream = TcpStream::connect(server.host()).unwrap();
    write!(
        stream,
        "POST /v1/clip HTTP/1.1\r\nHost: {}\r\nAuthorization: {auth}\r\nContent-Length: 60000000\r\n\r\n",
        server.host()
    )
    .unwrap();
    assert_eq!(read_answer(&mut stream).0, 413);

    // Sent in chunks without a length, and too large once read.
    let mut stream = TcpStream::connect(server.host()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "POST /v1/clip HTTP/1.1\r\nHost: {}\r\nAuthorization: {auth}\r\nTransfer-Encoding: chunked\r\n\r\n",
        server.host()
    )
    .unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..51 {
        if write!(stream, "{:x}\r\n", chunk.len()).is_err()
            || stream.write_all(&chunk).is_err()
            || stream.write_all(b"\r\n").is_err()
        {
            break;
        }
    }
    assert_eq!(read_answer(&mut stream).0, 413);

    for (body, code) in [
        (&b"{not json"[..], "bad_request"),
        (&b"{\"url\": 3}"[..], "bad_request"),
        (&b"\xff\xfe\x00binary"[..], "bad_request"),
    ] {
        let (status, answer) = server.send("POST", "/v1/clip", &[("Authorization", &auth)], body);
        assert_eq!(status, 400);
        assert_eq!(answer["code"], code);
    }
    for html in [
        "",
        "<html><head><title>Empty</title></head><body><script>x()</script></body></html>",
    ] {
        let (status, answer) = server.clip(&json!({"url": "https://example.com/x", "html": html}));
        assert_eq!(status, 422, "{answer}");
        assert_eq!(answer["code"], "invalid_input");
    }
    assert_eq!(server.send("GET", "/v1/nothing", &[], b"").0, 404);
    assert_eq!(server.send("DELETE", "/v1/clip", &[], b"").0, 405);
    assert_eq!(server.send("GET", "/v1/ping", &[], b"").0, 200);
}

#[test]
fn a_slow_client_is_cut_off_and_others_are_served_meanwhile() {
    let server = Server::start();
    let started = Instant::now();
    let mut slow = TcpStream::connect(server.host()).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    slow.write_all(b"POST /v1/clip HTTP/1.1\r\nHost: ").unwrap();
    // While it dawdles, others clip.
    assert_eq!(server.clip(&story()).0, 201);
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(5) && waited < Duration::from_secs(30),
        "the slow client was cut off after {waited:?}"
    );
    assert_eq!(server.send("GET", "/v1/ping", &[], b"").0, 200);
}

#[test]
fn pairing_needs_the_window() {
    let server = Server::start();
    let (status, answer) = server.send("POST", "/v1/pair", &[], br#"{"name":"Firefox"}"#);
    assert_eq!(status, 403);
    assert_eq!(answer["code"], "pairing_unavailable");
    assert!(answer["message"]
        .as_str()
        .unwrap()
        .contains("dispatch token new"));
    assert_eq!(server.send("GET", "/v1/pair/0123", &[], b"").0, 404);
}

#[test]
fn tokens_are_listed_and_revoked_from_the_command_line() {
    let archive = TestArchive::new();
    let token = archive.json(&["token", "new", "--json", "Chromium"]);
    assert!(token["token"].as_str().unwrap().starts_with("dsp_"));
    let again = archive.run(&["token", "new", "chromium"]);
    assert_eq!(again.status.code(), Some(2), "names are unique");
    let listed = archive.json(&["token", "list", "--json"]);
    assert_eq!(listed[0]["name"], "Chromium");
    assert!(listed[0]["last_used"].is_null());
    assert!(archive
        .run(&["token", "revoke", "Chromium"])
        .status
        .success());
    assert_eq!(
        archive.run(&["token", "revoke", "Chromium"]).status.code(),
        Some(2)
    );
    assert_eq!(archive.json(&["token", "list", "--json"]), json!([]));
}

/// The archive folder removed under a running endpoint: clips are refused
/// with a reason (none is acknowledged and then lost with the deleted
/// file), and the endpoint goes on answering.
#[test]
fn a_removed_archive_folder_refuses_clips_and_says_why() {
    let server = Server::start();
    let (status, _) = server.clip(&story());
    assert_eq!(status, 201);
    std::fs::remove_dir_all(server.archive.path()).unwrap();
    let (status, body) = server.clip(&json!({
        "url": "https://example.org/after",
        "html": "<html><body><article><h1>After</h1><p>Bamako expelled five diplomats on Tuesday, the government said in a statement read on television.</p></article></body></html>",
    }));
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["code"], "archive_gone", "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("removed or moved"),
        "{body}"
    );
    let (status, _) = server.send("GET", "/v1/ping", &[], b"");
    assert_eq!(status, 200);
}

/// A bounded load on loopback: 24 clients clip 96 different pages at once
/// while 8 slow clients dribble their requests a byte at a time. Every
/// clip answered 201 is stored, once, and the endpoint answers pings
/// throughout.
#[test]
fn many_clients_at_once_and_slow_ones_lose_nothing() {
    let server = Server::start();
    let mut pages: Vec<_> = std::fs::read_dir(shared("eval/readability"))
        .unwrap()
        .map(|e| e.unwrap().path().join("source.html"))
        .filter(|p| p.exists())
        .collect();
    pages.sort();
    let bodies: Vec<Vec<u8>> = pages
        .iter()
        .take(96)
        .enumerate()
        .map(|(i, p)| clip_body(p, &format!("https://example.org/load/{i}")))
        .collect();
    let auth = format!("Bearer {}", server.token);
    let host = server.host();
    let done = std::sync::atomic::AtomicBool::new(false);
    let (answers, slowest_ping) = std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| {
                let Ok(mut slow) = TcpStream::connect(&host) else {
                    return;
                };
                for byte in b"POST /v1/clip HTTP/1.1\r\nHost: slow\r\n" {
                    if done.load(std::sync::atomic::Ordering::Relaxed)
                        || slow.write_all(&[*byte]).is_err()
                    {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(150));
                }
            });
        }
        let clients: Vec<_> = bodies
            .chunks(4)
            .map(|chunk| {
                let (auth, host) = (&auth, &host);
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|body| {
                            http(
                                host,
                                "POST",
                                "/v1/clip",
                                &[
                                    ("Authorization", auth),
                                    ("Content-Type", "application/json"),
                                ],
                                body,
                            )
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut slowest_ping = Duration::ZERO;
        while clients.iter().any(|c| !c.is_finished()) {
            let t = Instant::now();
            let (status, _) = http(&host, "GET", "/v1/ping", &[], b"");
            assert_eq!(status, 200, "ping under load");
            slowest_ping = slowest_ping.max(t.elapsed());
            std::thread::sleep(Duration::from_millis(100));
        }
        let answers: Vec<(u16, Value)> = clients
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        (answers, slowest_ping)
    });
    eprintln!(
        "{} clips under load; slowest ping {slowest_ping:?}",
        answers.len()
    );
    let mut ids = Vec::new();
    for (status, body) in &answers {
        match status {
            201 => ids.push(body["id"].as_i64().unwrap()),
            // A page with no article text in it is refused, and said so.
            422 => assert_eq!(body["code"], "invalid_input", "{body}"),
            other => panic!("{other}: {body}"),
        }
    }
    assert!(ids.len() > 80, "{} of 96 clipped", ids.len());
    let doctor = server.archive.json(&["doctor", "--json"]);
    assert_eq!(doctor["ok"], true, "{doctor}");
    for id in &ids {
        server.archive.json(&["show", "--json", &id.to_string()]);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(doctor["articles"], ids.len(), "each clip once: {doctor}");
}
