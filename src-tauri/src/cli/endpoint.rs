//! `dispatch serve` and `dispatch token`: the clip endpoint without a
//! window, and the tokens that open it.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Subcommand;
use dispatch_core::{Archive, ClipOutcome};

use crate::clip_server::{self, Host, PairingRequest, Pairings};
use crate::commands::CommandError;

#[derive(Subcommand)]
pub enum TokenAction {
    /// Make a token for a client and print it (it is shown only once).
    New { name: String },
    /// List tokens (never the tokens themselves).
    List,
    /// Revoke a token: its client can no longer clip.
    Revoke { name: String },
}

pub fn token(archive: &Archive, json: bool, action: TokenAction) -> anyhow::Result<ExitCode> {
    match action {
        TokenAction::New { name } => {
            let token = archive.new_token(&name)?;
            if json {
                out!(
                    "{}",
                    serde_json::json!({ "name": name.trim(), "token": token })
                );
            } else {
                out!("{token}");
            }
        }
        TokenAction::List => {
            let tokens = archive.tokens()?;
            if json {
                out!("{}", serde_json::to_string(&tokens)?);
            } else {
                for t in &tokens {
                    let used = t.last_used.as_deref().unwrap_or("never used");
                    out!("{}\tmade {}\t{used}", t.name, t.created);
                }
            }
        }
        TokenAction::Revoke { name } => {
            archive.revoke_token(&name)?;
            if !json {
                out!("revoked {}", name.trim());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Serves the clip endpoint on `port` (0: any free port) until stopped;
/// prints `listening on http://127.0.0.1:PORT` first, then one line per clip.
pub fn serve(archive: Archive, port: u16) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(async move {
        let listener = clip_server::bind(port).await.with_context(|| {
            format!("listening on 127.0.0.1:{port} (is Dispatch already running?)")
        })?;
        let addr = listener.local_addr()?;
        out!("listening on {}", clip_server::address(addr));
        std::io::stdout().flush()?;
        let host = Arc::new(Headless {
            archive: Arc::new(archive),
        });
        tokio::select! {
            _ = clip_server::serve(listener, host, Arc::new(Pairings::default())) => {}
            _ = tokio::signal::ctrl_c() => {}
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// The endpoint without a window: no pairing, nothing to open.
struct Headless {
    archive: Arc<Archive>,
}

impl Host for Headless {
    fn archive(&self) -> Result<Arc<Archive>, CommandError> {
        Ok(self.archive.clone())
    }

    fn can_pair(&self) -> bool {
        false
    }

    fn ask_pairing(&self, _: &PairingRequest) {}

    fn clipped(&self, outcome: &ClipOutcome) {
        let mut out = std::io::stdout().lock();
        let _ = match outcome.duplicate_of {
            Some(_) => writeln!(out, "{}\talready archived: {}", outcome.id, outcome.title),
            None => writeln!(out, "{}\t{}", outcome.id, outcome.title),
        };
        let _ = out.flush();
        if outcome.duplicate_of.is_none() {
            // As in the window: the clip is answered, its images follow.
            let (archive, id) = (self.archive.clone(), outcome.id);
            std::thread::spawn(move || archive.save_images(id, false));
        }
    }

    fn open(&self, _: i64) -> bool {
        false
    }
}
