//! The clip endpoint as the window sees it: whether it listens, what it
//! reports (pairing requests, clips, articles to show), pairing answers,
//! and the tokens that open it.

use std::sync::Arc;

use dispatch_core::{Archive, ClipOutcome, TokenInfo};
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

/// What the endpoint tells the window.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[ts(export)]
pub enum EndpointEvent {
    /// A browser asks to pair: show the approve dialog.
    Pairing(PairingRequest),
    /// An article arrived from the browser.
    Clipped(ClipOutcome),
    /// The extension asks to show an article.
    Open {
        #[ts(type = "number")]
        id: i64,
    },
}

/// The endpoint's state; `events` receives what it reports from now on.
#[tauri::command]
pub async fn watch_endpoint(
    state: State<'_, AppState>,
    events: Channel<EndpointEvent>,
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

/// The endpoint's host inside the app: events go to the window.
struct Window(AppHandle);

impl Window {
    fn tell(&self, event: EndpointEvent) -> bool {
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
        self.tell(EndpointEvent::Pairing(request.clone()));
        self.show();
    }

    fn clipped(&self, outcome: &ClipOutcome) {
        self.tell(EndpointEvent::Clipped(outcome.clone()));
    }

    fn open(&self, id: i64) -> bool {
        let told = self.tell(EndpointEvent::Open { id });
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
