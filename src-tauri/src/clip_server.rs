//! The local clip endpoint: how the browser extension clips into the
//! archive. It runs inside the app and headless in `dispatch serve`.
//!
//! ```text
//! GET  /v1/ping               200 {app, version, pairing}
//! POST /v1/pair {name}        202 {request, code}   (403 pairing_unavailable headless)
//! GET  /v1/pair/REQUEST       202 pending | 200 {status: approved, token} | 403 denied
//! POST /v1/clip {url, html, selection?, title?, tags?, note?}   201 {id, title, duplicate_of}
//! GET  /v1/tags               200 [{name, count}]
//! POST /v1/open/ID            204, or 409 no_window headless
//! ```
//!
//! Rules, in the order they are checked:
//! - It listens on 127.0.0.1 only.
//! - A `Host` other than `127.0.0.1:PORT` or `localhost:PORT` is refused
//!   (403): a web page cannot reach it through DNS rebinding.
//! - An `Origin` that is not a browser extension's is refused (403): web
//!   pages can neither clip nor read answers. Tools without an `Origin`
//!   (curl, scripts) are let through to the token check.
//! - `clip`, `tags` and `open` need `Authorization: Bearer TOKEN` (401).
//! - Bodies over [`MAX_BODY_BYTES`] are refused (413); headers must arrive
//!   within [`HEADER_TIMEOUT`] and a body within [`BODY_TIMEOUT`]; at most
//!   [`MAX_CONNECTIONS`] connections are served at once, the rest wait.
//!
//! Errors are `{code, message}` like the window's.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dispatch_core::{Archive, ClipOutcome, ClipRequest};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use ts_rs::TS;

use crate::commands::CommandError;

/// The port the app listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 47811;
pub const MAX_BODY_BYTES: usize = 50 * 1024 * 1024;
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
pub const BODY_TIMEOUT: Duration = Duration::from_secs(60);
/// A connection is closed after this long, whatever it is doing.
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(120);
pub const MAX_CONNECTIONS: usize = 64;
/// An unanswered pairing request is forgotten after this long.
const PAIRING_TIMEOUT: Duration = Duration::from_secs(300);

/// What the endpoint needs from whoever runs it: the archive, and the
/// window when there is one.
pub trait Host: Send + Sync + 'static {
    fn archive(&self) -> Result<Arc<Archive>, CommandError>;
    /// Whether someone can approve pairing requests (a window is open).
    fn can_pair(&self) -> bool;
    /// Shows a pairing request to the reporter.
    fn ask_pairing(&self, request: &PairingRequest);
    /// A clip arrived (the window refreshes).
    fn clipped(&self, outcome: &ClipOutcome);
    /// Shows article `id`; false when there is no window to show it in.
    fn open(&self, id: i64) -> bool;
}

/// A browser asking for a token, as the approve dialog shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PairingRequest {
    pub request: String,
    /// The client's own name for itself ("Chromium extension").
    pub name: String,
    /// Shown both in the browser and in the window, so the reporter can
    /// tell that the request she approves is the one she made.
    pub code: String,
}

enum PairingState {
    Pending,
    Approved(String),
    Denied,
}

/// Pairing requests waiting for, or given, an answer.
#[derive(Default)]
pub struct Pairings {
    requests: Mutex<HashMap<String, (PairingRequest, PairingState, Instant)>>,
}

impl Pairings {
    /// A new request, or `None` when the system has no randomness to
    /// offer (the request's id is what lets the browser collect its token).
    fn ask(&self, name: &str) -> Option<PairingRequest> {
        let name: String = name.chars().filter(|c| !c.is_control()).take(60).collect();
        let name = name.trim();
        let mut secret = [0u8; 18];
        getrandom::fill(&mut secret).ok()?;
        let request = PairingRequest {
            request: secret[..16].iter().map(|b| format!("{b:02x}")).collect(),
            name: if name.is_empty() {
                "Browser extension"
            } else {
                name
            }
            .to_string(),
            code: format!(
                "{:04}",
                u16::from_le_bytes([secret[16], secret[17]]) % 10_000
            ),
        };
        let mut requests = self.lock();
        requests.retain(|_, (_, _, at)| at.elapsed() < PAIRING_TIMEOUT);
        requests.insert(
            request.request.clone(),
            (request.clone(), PairingState::Pending, Instant::now()),
        );
        Some(request)
    }

    /// Approves a request: makes a token named after the client (with a
    /// number when the name is taken) for the browser to collect.
    pub fn approve(&self, archive: &Archive, request: &str) -> Result<(), CommandError> {
        let name = match self.lock().get(request) {
            Some((r, PairingState::Pending, _)) => r.name.clone(),
            _ => return Err(no_such_request()),
        };
        let existing: Vec<String> = archive.tokens()?.into_iter().map(|t| t.name).collect();
        let free = (1..)
            .map(|n| match n {
                1 => name.clone(),
                n => format!("{name} ({n})"),
            })
            .find(|n| !existing.iter().any(|e| e.eq_ignore_ascii_case(n)))
            .unwrap_or(name);
        let token = archive.new_token(&free)?;
        match self.lock().get_mut(request) {
            Some(entry) => entry.1 = PairingState::Approved(token),
            None => return Err(no_such_request()),
        }
        Ok(())
    }

    pub fn deny(&self, request: &str) -> Result<(), CommandError> {
        match self.lock().get_mut(request) {
            Some(entry) => {
                entry.1 = PairingState::Denied;
                Ok(())
            }
            None => Err(no_such_request()),
        }
    }

    /// The answer for the browser; an approved token is handed out once.
    fn poll(&self, request: &str) -> Option<(StatusCode, serde_json::Value)> {
        let mut requests = self.lock();
        let answer = match &requests.get(request)?.1 {
            PairingState::Pending => (
                StatusCode::ACCEPTED,
                serde_json::json!({"status": "pending"}),
            ),
            PairingState::Approved(token) => (
                StatusCode::OK,
                serde_json::json!({"status": "approved", "token": token}),
            ),
            PairingState::Denied => (
                StatusCode::FORBIDDEN,
                serde_json::json!({"status": "denied"}),
            ),
        };
        if answer.0 != StatusCode::ACCEPTED {
            requests.remove(request);
        }
        Some(answer)
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<String, (PairingRequest, PairingState, Instant)>> {
        self.requests.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn no_such_request() -> CommandError {
    CommandError {
        code: "not_found".into(),
        message: "that pairing request was answered or has expired".into(),
    }
}

/// Binds the endpoint's port on the loopback address (0: any free port).
pub async fn bind(port: u16) -> std::io::Result<TcpListener> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await
}

/// Serves clip requests until the task is dropped.
pub async fn serve(listener: TcpListener, host: Arc<dyn Host>, pairings: Arc<Pairings>) {
    let Ok(addr) = listener.local_addr() else {
        return;
    };
    let ctx = Arc::new(Context {
        host,
        pairings,
        port: addr.port(),
    });
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file descriptors and the like: wait, then go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let ctx = ctx.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let ctx = ctx.clone();
                async move { Ok::<_, Infallible>(respond(&ctx, req).await) }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            let _ = tokio::time::timeout(CONNECTION_TIMEOUT, connection).await;
            drop(slot);
        });
    }
}

/// The address the endpoint listens on, for messages.
pub fn address(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

struct Context {
    host: Arc<dyn Host>,
    pairings: Arc<Pairings>,
    port: u16,
}

type Answer = Response<Full<Bytes>>;

async fn respond(ctx: &Context, req: Request<Incoming>) -> Answer {
    if !host_allowed(&req, ctx.port) {
        return error(
            StatusCode::FORBIDDEN,
            "forbidden_host",
            "requests must be addressed to 127.0.0.1",
        );
    }
    if !origin_allowed(&req) {
        return error(
            StatusCode::FORBIDDEN,
            "forbidden_origin",
            "only the Dispatch browser extension may use this endpoint",
        );
    }
    let path = req.uri().path().to_string();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (req.method().clone(), segments.as_slice()) {
        (Method::GET, ["v1", "ping"]) => json(
            StatusCode::OK,
            &serde_json::json!({
                "app": "dispatch",
                "version": env!("CARGO_PKG_VERSION"),
                "pairing": ctx.host.can_pair(),
            }),
        ),
        (Method::POST, ["v1", "pair"]) => pair(ctx, req).await,
        (Method::GET, ["v1", "pair", request]) => match ctx.pairings.poll(request) {
            Some((status, body)) => json(status, &body),
            None => error(
                StatusCode::NOT_FOUND,
                "not_found",
                "no such pairing request",
            ),
        },
        (Method::POST, ["v1", "clip"]) => match authorize(ctx, &req).await {
            Ok(archive) => clip(ctx, archive, req).await,
            Err(answer) => answer,
        },
        (Method::GET, ["v1", "tags"]) => match authorize(ctx, &req).await {
            Ok(archive) => match blocking(move || archive.tags()).await {
                Ok(tags) => json(StatusCode::OK, &tags),
                Err(e) => failure(e),
            },
            Err(answer) => answer,
        },
        (Method::POST, ["v1", "open", id]) => match authorize(ctx, &req).await {
            Ok(archive) => {
                let Ok(id) = id.parse::<i64>() else {
                    return error(StatusCode::NOT_FOUND, "not_found", "no such article");
                };
                match blocking(move || archive.article(id)).await {
                    Ok(_) if ctx.host.open(id) => empty(StatusCode::NO_CONTENT),
                    Ok(_) => error(
                        StatusCode::CONFLICT,
                        "no_window",
                        "no Dispatch window is open to show the article",
                    ),
                    Err(e) => failure(e),
                }
            }
            Err(answer) => answer,
        },
        (_, ["v1", "ping" | "pair" | "clip" | "tags" | "open", ..]) => error(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "that method is not allowed here",
        ),
        _ => error(StatusCode::NOT_FOUND, "not_found", "no such endpoint"),
    }
}

/// `Host` must name the loopback address and this port.
fn host_allowed(req: &Request<Incoming>, port: u16) -> bool {
    let Some(host) = req.headers().get(hyper::header::HOST) else {
        return false;
    };
    let host = host.to_str().unwrap_or("").to_ascii_lowercase();
    [format!("127.0.0.1:{port}"), format!("localhost:{port}")].contains(&host)
}

/// No `Origin`, or a browser extension's.
fn origin_allowed(req: &Request<Incoming>) -> bool {
    match req.headers().get(hyper::header::ORIGIN) {
        None => true,
        Some(origin) => {
            let origin = origin.to_str().unwrap_or("");
            origin.starts_with("chrome-extension://") || origin.starts_with("moz-extension://")
        }
    }
}

/// The archive, when the request carries a token it knows.
async fn authorize(ctx: &Context, req: &Request<Incoming>) -> Result<Arc<Archive>, Answer> {
    let token = req
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    let Some(token) = token else {
        return Err(unauthorized(
            "this request needs a token: pair the extension with Dispatch",
        ));
    };
    let archive = ctx.host.archive().map_err(failure)?;
    let checked = archive.clone();
    match blocking(move || checked.check_token(&token)).await {
        Ok(Some(_)) => Ok(archive),
        Ok(None) => Err(unauthorized(
            "this token is unknown or was revoked: pair the extension again",
        )),
        Err(e) => Err(failure(e)),
    }
}

#[derive(Deserialize)]
struct PairBody {
    #[serde(default)]
    name: String,
}

async fn pair(ctx: &Context, req: Request<Incoming>) -> Answer {
    if !ctx.host.can_pair() {
        return error(
            StatusCode::FORBIDDEN,
            "pairing_unavailable",
            "pairing needs the Dispatch window; or make a token with `dispatch token new NAME` and paste it in the extension's options",
        );
    }
    let body: PairBody = match read_json(req, 64 * 1024).await {
        Ok(body) => body,
        Err(answer) => return answer,
    };
    let Some(request) = ctx.pairings.ask(&body.name) else {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the system has no randomness to make a pairing request with",
        );
    };
    ctx.host.ask_pairing(&request);
    json(
        StatusCode::ACCEPTED,
        &serde_json::json!({"request": request.request, "code": request.code}),
    )
}

/// What the extension sends.
#[derive(Deserialize)]
struct ClipBody {
    url: Option<String>,
    html: String,
    selection: Option<String>,
    title: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    note: String,
}

async fn clip(ctx: &Context, archive: Arc<Archive>, req: Request<Incoming>) -> Answer {
    let body: ClipBody = match read_json(req, MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(answer) => return answer,
    };
    if body.html.trim().is_empty() {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            "the page's HTML is empty",
        );
    }
    let request = ClipRequest {
        bytes: body.html.into_bytes(),
        url: body
            .url
            .filter(|u| dispatch_core::clip::url::web_address(u).is_some()),
        format: Some(dispatch_core::clip::Format::Html),
        selection: body.selection.filter(|s| !s.trim().is_empty()),
        tags: body.tags,
        note: body.note,
        known: dispatch_core::archive::Known {
            title: body.title,
            ..Default::default()
        },
        ..ClipRequest::default()
    };
    match blocking(move || archive.clip(request)).await {
        Ok(outcome) => {
            ctx.host.clipped(&outcome);
            json(StatusCode::CREATED, &outcome)
        }
        Err(e) => failure(e),
    }
}

/// Reads a JSON body of at most `limit` bytes within [`BODY_TIMEOUT`].
async fn read_json<T: serde::de::DeserializeOwned>(
    req: Request<Incoming>,
    limit: usize,
) -> Result<T, Answer> {
    let too_large = || {
        error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            &format!("the request is over {} MB", limit / (1024 * 1024)),
        )
    };
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let body = Limited::new(req.into_body(), limit).collect();
    let bytes = match tokio::time::timeout(BODY_TIMEOUT, body).await {
        Err(_) => {
            return Err(error(
                StatusCode::REQUEST_TIMEOUT,
                "timeout",
                "the request's body took too long to arrive",
            ))
        }
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => return Err(too_large()),
        Ok(Err(_)) => {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "the request's body could not be read",
            ))
        }
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    serde_json::from_slice(&bytes).map_err(|e| {
        error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            &format!("the request's body is not the JSON expected: {e}"),
        )
    })
}

/// Runs archive work on a blocking thread.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> dispatch_core::Result<T> + Send + 'static,
) -> Result<T, CommandError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| CommandError::internal(format!("the work stopped unexpectedly: {e}")))?
        .map_err(CommandError::from)
}

fn failure(e: CommandError) -> Answer {
    let status = match e.code.as_str() {
        "invalid_input" | "invalid_query" => StatusCode::UNPROCESSABLE_ENTITY,
        "not_found" => StatusCode::NOT_FOUND,
        "archive_busy" | "archive_gone" | "archive_read_only" => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    json(status, &e)
}

fn unauthorized(message: &str) -> Answer {
    let mut answer = error(StatusCode::UNAUTHORIZED, "unauthorized", message);
    answer.headers_mut().insert(
        hyper::header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer"),
    );
    answer
}

fn error(status: StatusCode, code: &str, message: &str) -> Answer {
    json(
        status,
        &CommandError {
            code: code.into(),
            message: message.into(),
        },
    )
}

fn json(status: StatusCode, body: &impl Serialize) -> Answer {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut answer = Response::new(Full::new(Bytes::from(bytes)));
    *answer.status_mut() = status;
    let headers = answer.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    headers.insert("cache-control", HeaderValue::from_static("no-store"));
    answer
}

fn empty(status: StatusCode) -> Answer {
    let mut answer = Response::new(Full::new(Bytes::new()));
    *answer.status_mut() = status;
    answer
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use super::*;

    /// A window whose reporter answers every pairing request at once.
    struct Reporter {
        archive: Arc<Archive>,
        pairings: Arc<Pairings>,
        approves: bool,
    }

    impl Host for Reporter {
        fn archive(&self) -> Result<Arc<Archive>, CommandError> {
            Ok(self.archive.clone())
        }
        fn can_pair(&self) -> bool {
            true
        }
        fn ask_pairing(&self, request: &PairingRequest) {
            assert_eq!(request.name, "Firefox extension");
            assert_eq!(request.code.len(), 4);
            let answered = match self.approves {
                true => self.pairings.approve(&self.archive, &request.request),
                false => self.pairings.deny(&request.request),
            };
            answered.unwrap();
        }
        fn clipped(&self, _: &ClipOutcome) {}
        fn open(&self, _: i64) -> bool {
            true
        }
    }

    /// Starts the endpoint for `reporter` on a free port.
    fn start(approves: bool) -> (tempfile::TempDir, u16) {
        let dir = tempfile::tempdir().unwrap();
        let archive = Arc::new(Archive::open(dir.path()).unwrap());
        let pairings = Arc::new(Pairings::default());
        let host = Arc::new(Reporter {
            archive,
            pairings: pairings.clone(),
            approves,
        });
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(async move {
                let listener = bind(0).await.unwrap();
                tx.send(listener.local_addr().unwrap().port()).unwrap();
                serve(listener, host, pairings).await;
            });
        });
        (dir, rx.recv().unwrap())
    }

    fn send(
        port: u16,
        method: &str,
        path: &str,
        auth: Option<&str>,
        body: &str,
    ) -> (u16, serde_json::Value) {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        let auth = auth
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: moz-extension://x\r\n{auth}Connection: close\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let status = answer[9..12].parse().unwrap();
        let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        (status, serde_json::from_str(body).unwrap_or_default())
    }

    /// Asks to pair as "Firefox extension"; where to poll for the answer.
    fn ask(port: u16) -> String {
        let body = r#"{"name":"Firefox extension"}"#;
        let (status, asked) = send(port, "POST", "/v1/pair", None, body);
        assert_eq!(status, 202, "{asked}");
        format!("/v1/pair/{}", asked["request"].as_str().unwrap())
    }

    #[test]
    fn an_approved_pairing_gives_a_working_token_once() {
        let (_dir, port) = start(true);
        let path = ask(port);
        let (status, answer) = send(port, "GET", &path, None, "");
        assert_eq!(status, 200);
        assert_eq!(answer["status"], "approved");
        let token = answer["token"].as_str().unwrap();
        assert_eq!(
            send(port, "GET", &path, None, "").0,
            404,
            "the token is handed out once"
        );
        let (status, tags) = send(port, "GET", "/v1/tags", Some(token), "");
        assert_eq!((status, tags), (200, serde_json::json!([])));
        let page = r#"{"html": "<article><h1>Mali</h1><p>Bamako expelled five diplomats on Friday.</p></article>"}"#;
        let (status, clipped) = send(port, "POST", "/v1/clip", Some(token), page);
        assert_eq!((status, clipped["id"].as_i64()), (201, Some(1)));
        assert_eq!(send(port, "POST", "/v1/open/1", Some(token), "").0, 204);
        let (status, answer) = send(port, "POST", "/v1/open/2", Some(token), "");
        assert_eq!((status, answer["code"].as_str()), (404, Some("not_found")));

        // A second browser of the same name gets a token of its own.
        let path = ask(port);
        let second = send(port, "GET", &path, None, "").1;
        assert_ne!(second["token"], token);
    }

    #[test]
    fn a_denied_pairing_gives_nothing() {
        let (_dir, port) = start(false);
        let path = ask(port);
        let (status, answer) = send(port, "GET", &path, None, "");
        assert_eq!((status, answer["status"].as_str()), (403, Some("denied")));
        assert!(answer.get("token").is_none());
    }
}
