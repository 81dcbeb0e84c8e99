//! A small WebDriver client for the app's real window: `tauri-driver`
//! (in front of WebKitWebDriver) started for each session, the app
//! launched on a given archive. Used by the end-to-end tests and by the
//! window benchmark (`benches/window.rs`).

// Each of the two uses part of it.
#![allow(dead_code)]

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub const ENTER: &str = "\u{E007}";
pub const ESCAPE: &str = "\u{E00C}";
pub const ARROW_RIGHT: &str = "\u{E014}";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A WebDriver session on the app, through a tauri-driver of its own.
pub struct Session {
    pub driver: Child,
    /// The port of the app's clip endpoint (`DISPATCH_PORT`).
    pub clip_port: u16,
    /// When the request that launched the app was sent.
    pub launched: Instant,
    base: String,
    id: String,
}

impl Session {
    pub fn start(archive: &Path) -> Session {
        Session::start_with_home(archive, None)
    }

    /// With `home` as the app's home folder (where it saves dossiers when
    /// there is no Downloads folder).
    pub fn start_with_home(archive: &Path, home: Option<&Path>) -> Session {
        let (port, native_port, clip_port) = (free_port(), free_port(), free_port());
        // Its own process group, so that WebKitWebDriver and the app it
        // starts go with it; no inherited output, so nothing left behind
        // can hold the test runner's pipes open.
        let mut driver = Command::new(tauri_driver());
        if let Some(home) = home {
            driver
                .env("HOME", home)
                .env("XDG_CONFIG_HOME", home.join(".config"));
        }
        let driver = driver
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("DISPATCH_ARCHIVE", archive)
            .env("DISPATCH_PORT", clip_port.to_string())
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
        let (response, launched) = loop {
            let attempt = Instant::now();
            match post(&format!("{base}/session"), &capabilities) {
                Ok(v) => break (v, attempt),
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
        Session {
            driver,
            clip_port,
            launched,
            base,
            id,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/session/{}{path}", self.base, self.id)
    }

    pub fn find(&self, css: &str) -> Option<String> {
        let v = post(
            &self.url("/element"),
            &json!({"using": "css selector", "value": css}),
        )
        .ok()?;
        v["value"][ELEMENT_KEY].as_str().map(str::to_string)
    }

    /// Waits until the texts of the elements matching `css` satisfy `ok`.
    pub fn wait_for_texts(&self, css: &str, ok: impl Fn(&[String]) -> bool) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let texts = self.texts(css);
            if ok(&texts) {
                return texts;
            }
            if Instant::now() >= deadline {
                self.screenshot("failed");
                panic!("{css} never showed what was expected: {texts:?} (screenshot: failed.png)");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn wait_for(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(e) = self.find(css) {
                return e;
            }
            assert!(Instant::now() < deadline, "no element matches {css}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn texts(&self, css: &str) -> Vec<String> {
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
            // An element the page replaced meanwhile reads as empty; callers
            // that wait simply look again.
            .map(|e| {
                ureq::get(&self.url(&format!("/element/{e}/text")))
                    .call()
                    .ok()
                    .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
                    .and_then(|v| v["value"].as_str().map(str::to_string))
                    .unwrap_or_default()
            })
            .collect()
    }

    /// Types `query` into the search box and waits until the list shows
    /// its results. As-you-type search redraws the list for each
    /// keystroke's query ("e", "en", … may find nothing), so a click
    /// before then can land on a list about to be replaced.
    pub fn search(&self, query: &str) {
        let search = self.wait_for("#search");
        self.type_into(&search, query);
        let shown = format!("main.list[data-results-for={}]", json!(query));
        self.wait_for(&shown);
    }

    pub fn type_into(&self, element: &str, text: &str) {
        post(
            &self.url(&format!("/element/{element}/value")),
            &json!({"text": text}),
        )
        .unwrap();
    }

    /// Runs `script` in the page (W3C "execute async script": the last
    /// argument is the callback) and returns what it passed back.
    pub fn execute_async(&self, script: &str, args: Value) -> Value {
        post(
            &self.url("/execute/async"),
            &json!({"script": script, "args": args}),
        )
        .expect("execute script")["value"]
            .take()
    }

    /// Presses one key on whatever has focus (W3C key codes for Enter,
    /// Escape and the like).
    pub fn press(&self, key: &str) {
        let actions = json!({"actions": [{
            "type": "key", "id": "keyboard",
            "actions": [{"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]
        }]});
        post(&self.url("/actions"), &actions).unwrap();
    }

    /// Drags `element` by `dx` pixels to the right with the mouse.
    pub fn drag(&self, element: &str, dx: i64) {
        let actions = json!({"actions": [{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [
                {"type": "pointerMove", "origin": {ELEMENT_KEY: element}, "x": 0, "y": 0},
                {"type": "pointerDown", "button": 0},
                {"type": "pointerMove", "origin": "pointer", "x": dx, "y": 0, "duration": 150},
                {"type": "pointerUp", "button": 0}
            ]
        }]});
        post(&self.url("/actions"), &actions).unwrap_or_else(|e| panic!("drag: {e}"));
    }

    /// An input's current value.
    pub fn value(&self, element: &str) -> String {
        get(&self.url(&format!("/element/{element}/property/value")))["value"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// The browser's Back.
    pub fn back(&self) {
        post(&self.url("/back"), &json!({})).unwrap();
    }

    pub fn clear(&self, element: &str) {
        post(&self.url(&format!("/element/{element}/clear")), &json!({})).unwrap();
    }

    /// Finds `css` and clicks it. An element the page replaced between
    /// the two (a result list redrawn as a search answers) is found again.
    pub fn click_on(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let element = self.wait_for(css);
            match self.try_click(&element) {
                Ok(_) => return,
                Err(e) => assert!(Instant::now() < deadline, "clicking {css}: {e}"),
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn click(&self, element: &str) {
        self.try_click(element).unwrap();
    }

    fn try_click(&self, element: &str) -> Result<Value, ureq::Error> {
        post(&self.url(&format!("/element/{element}/click")), &json!({}))
    }

    pub fn screenshot(&self, name: &str) {
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
