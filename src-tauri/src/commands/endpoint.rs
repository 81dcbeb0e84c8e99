//! What happens outside the window's own calls, as the window sees it:
//! the clip endpoint (whether it listens; pairing requests, clips and
//! articles to show) and the feeds refreshed every half hour; pairing
//! answers, and the tokens that open the endpoint.

use std::sync::Arc;
use std::time::Duration;

use dispatch_core::model::ImagesReport;
use dispatch_core::{fetch, Archive, ClipOutcome, FeedReport, TokenInfo};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

use super::{CommandError, CommandResult};
use crate::clip_server::{self, Host, PairingRequest};
use crate::state::AppState;

/// Whether the endpoint listens, and where.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[ts(export)]
pub struct EndpointStatus {
    pub port: Option<u16>,
    /// Why it does not listen (the port is taken by another program).
    pub problem: Option<String>,
}

/// What happens in the background, told to the window.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[ts(export)]
pub enum BackgroundEvent {
    /// A browser asks to pair: show the approve dialog.
    Pairing(PairingRequest),
    /// An article arrived from the browser.
    Clipped(ClipOutcome),
    /// The extension asks to show an article.
    Open {
        #[ts(type = "number")]
        id: i64,
    },
    /// The feeds were refreshed on their own and brought new articles.
    Feeds(FeedReport),
    /// Images of an article were fetched and kept: show them.
    Images(ImagesReport),
}

/// The endpoint's state; `events` receives what happens in the
/// background from now on.
#[tauri::command]
pub async fn watch_background(
    state: State<'_, AppState>,
    events: Channel<BackgroundEvent>,
) -> CommandResult<EndpointStatus> {
    state.endpoint.watch(events);
    Ok(state.endpoint.status())
}

#[tauri::command]
pub async fn answer_pairing(
    state: State<'_, AppState>,
    request: String,
    approve: bool,
) -> CommandResult<()> {
    let pairings = state.endpoint.pairings.clone();
    match approve {
        true => {
            state
                .run_shell(move |archive| pairings.approve(archive, &request))
                .await
        }
        false => pairings.deny(&request),
    }
}

#[tauri::command]
pub async fn tokens(state: State<'_, AppState>) -> CommandResult<Vec<TokenInfo>> {
    state.run(|archive| archive.tokens()).await
}

#[tauri::command]
pub async fn revoke_token(state: State<'_, AppState>, name: String) -> CommandResult<()> {
    state.run(move |archive| archive.revoke_token(&name)).await
}

/// Starts the endpoint on `$DISPATCH_PORT`, else the default port, and
/// records whether it listens.
pub fn start_endpoint(app: &AppHandle) {
    let port = std::env::var("DISPATCH_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(clip_server::DEFAULT_PORT);
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        match clip_server::bind(port).await {
            Ok(listener) => {
                state.endpoint.set_status(EndpointStatus {
                    port: listener.local_addr().ok().map(|a| a.port()),
                    problem: None,
                });
                let pairings = state.endpoint.pairings.clone();
                clip_server::serve(listener, Arc::new(Window(app.clone())), pairings).await;
            }
            Err(e) => state.endpoint.set_status(EndpointStatus {
                port: None,
                problem: Some(format!(
                    "the browser extension cannot reach Dispatch: port {port} is in use ({e})"
                )),
            }),
        }
    });
}

/// How often the app refreshes feeds on its own, and how long after it
/// starts it first does.
const FEED_REFRESH_EVERY: Duration = Duration::from_secs(30 * 60);
const FEED_REFRESH_FIRST: Duration = Duration::from_secs(60);

/// Refreshes the feeds every [`FEED_REFRESH_EVERY`] while the app runs and
/// tells the window when they brought something. A failed refresh (offline)
/// is recorded on each feed and simply tried again next time.
pub fn start_feed_refresh(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FEED_REFRESH_FIRST).await;
        loop {
            let state = app.state::<AppState>();
            let refreshed = state
                .run(|archive| match archive.feeds()?.is_empty() {
                    true => Ok(None),
                    false => archive
                        .refresh_feeds(None, fetch::Limits::default())
                        .map(Some),
                })
                .await;
            if let Ok(Some(report)) = refreshed {
                if report.added > 0 {
                    state.endpoint.send(BackgroundEvent::Feeds(report));
                }
            }
            tokio::time::sleep(FEED_REFRESH_EVERY).await;
        }
    });
}

/// The endpoint's host inside the app: events go to the window.
struct Window(AppHandle);

impl Window {
    fn tell(&self, event: BackgroundEvent) -> bool {
        self.0.state::<AppState>().endpoint.send(event)
    }
}

impl Host for Window {
    fn archive(&self) -> Result<Arc<Archive>, CommandError> {
        self.0.state::<AppState>().archive()
    }

    fn can_pair(&self) -> bool {
        true
    }

    fn ask_pairing(&self, request: &PairingRequest) {
        self.tell(BackgroundEvent::Pairing(request.clone()));
        self.show();
    }

    fn clipped(&self, outcome: &ClipOutcome) {
        self.tell(BackgroundEvent::Clipped(outcome.clone()));
        if outcome.duplicate_of.is_none() {
            crate::images::keep_soon(&self.0, outcome.id);
        }
    }

    fn open(&self, id: i64) -> bool {
        let told = self.tell(BackgroundEvent::Open { id });
        if told {
            self.show();
        }
        told
    }
}

impl Window {
    fn show(&self) {
        if let Some(window) = self.0.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
    }
}
