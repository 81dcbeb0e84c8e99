//! End to end in the real window: the `dispatch` binary's WebKitGTK webview
//! driven through WebDriver (`tauri-driver` in front of `WebKitWebDriver`).
//!
//! Needs a display (Xvfb) and both drivers; `scripts/test` provides them
//! and sets `DISPATCH_E2E=1`. Without that variable these tests say they
//! were skipped; with it, a missing driver is a failure. Screenshots of
//! each view go to `tests/e2e-screenshots/` (ignored by git).

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

use crate::util::{fixture, TestArchive};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

fn enabled() -> bool {
    if std::env::var_os("DISPATCH_E2E").is_some() {
        return true;
    }
    eprintln!(
        "end-to-end test skipped: run it through scripts/test (or set DISPATCH_E2E=1 under Xvfb)"
    );
    false
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A WebDriver session on the app, through a tauri-driver of its own.
struct Session {
    driver: Child,
    base: String,
    id: String,
}

impl Session {
    fn start(archive: &Path) -> Session {
        let (port, native_port) = (free_port(), free_port());
        // Its own process group, so that WebKitWebDriver and the app it
        // starts go with it; no inherited output, so nothing left behind
        // can hold the test runner's pipes open.
        let driver = Command::new(tauri_driver())
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("DISPATCH_ARCHIVE", archive)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("tauri-driver must be installed for the end-to-end tests (cargo install tauri-driver)");
        let base = format!("http://127.0.0.1:{port}");
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "wry",
                "tauri:options": { "application": env!("CARGO_BIN_EXE_dispatch-app") }
            }}
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        let response = loop {
            match post(&format!("{base}/session"), &capabilities) {
                Ok(v) => break v,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => panic!("no WebDriver session: {e}"),
            }
        };
        let id = response["value"]["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        Session { driver, base, id }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/session/{}{path}", self.base, self.id)
    }

    fn find(&self, css: &str) -> Option<String> {
        let v = post(
            &self.url("/element"),
            &json!({"using": "css selector", "value": css}),
        )
        .ok()?;
        v["value"][ELEMENT_KEY].as_str().map(str::to_string)
    }

    fn wait_for(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(e) = self.find(css) {
                return e;
            }
            assert!(Instant::now() < deadline, "no element matches {css}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn texts(&self, css: &str) -> Vec<String> {
        let v = post(
            &self.url("/elements"),
            &json!({"using": "css selector", "value": css}),
        )
        .unwrap();
        v["value"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e[ELEMENT_KEY].as_str())
            .map(|e| {
                get(&self.url(&format!("/element/{e}/text")))["value"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    }

    fn type_into(&self, element: &str, text: &str) {
        post(
            &self.url(&format!("/element/{element}/value")),
            &json!({"text": text}),
        )
        .unwrap();
    }

    fn click(&self, element: &str) {
        post(&self.url(&format!("/element/{element}/click")), &json!({})).unwrap();
    }

    fn screenshot(&self, name: &str) {
        let png = get(&self.url("/screenshot"))["value"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png)
            .unwrap();
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/e2e-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), bytes).unwrap();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}/session/{}", self.base, self.id)).call();
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.wait();
    }
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    match home.map(|h| h.join("bin/tauri-driver")) {
        Some(p) if p.exists() => p,
        _ => PathBuf::from("tauri-driver"),
    }
}

fn post(url: &str, body: &Value) -> Result<Value, ureq::Error> {
    ureq::post(url).send_json(body)?.body_mut().read_json()
}

fn get(url: &str) -> Value {
    ureq::get(url)
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap()
}

#[test]
fn typing_a_query_shows_the_clipped_article() {
    if !enabled() {
        return;
    }
    let archive = TestArchive::new();
    archive.add(&fixture(), &["--tag", "mali"]);
    archive.add(&crate::util::shared("eval/wikiref150/U2.149.txt"), &[]);

    let session = Session::start(archive.path());
    let search = session.wait_for("#search");
    session.screenshot("library");
    session.type_into(&search, "goita");

    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let titles = session.texts(".result .title");
        if titles == ["Relations between France and Mali have worsened"] {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "results never showed the fixture: {titles:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let marks = session.texts(".result mark");
    assert!(marks.iter().any(|m| m == "Goïta"), "{marks:?}");
    session.screenshot("search");

    let result = session.wait_for(".result");
    session.click(&result);
    session.wait_for(".reader h1");
    assert_eq!(
        session.texts(".reader h1"),
        ["Relations between France and Mali have worsened"]
    );
    let subheads = session.texts(".reader .body h3");
    assert!(
        subheads.iter().any(|h| h == "Ties collapsed"),
        "{subheads:?}"
    );
    session.screenshot("reader");
}
