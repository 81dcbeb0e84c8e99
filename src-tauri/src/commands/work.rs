//! Long work (rebuilding the index, re-extracting every clip): it runs on
//! a blocking thread, reports progress through a channel at most every
//! `PROGRESS_EVERY`, and stops when the reporter cancels.

use std::ops::ControlFlow;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use dispatch_core::ReextractReport;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;
use ts_rs::TS;

use super::CommandResult;
use crate::state::AppState;

const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// How far long work has got.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[ts(export)]
pub struct WorkProgress {
    pub done: usize,
    pub total: usize,
}

/// Rebuilds the search index; returns the number of articles indexed.
/// Cancelled, it leaves the index as it was (error code `cancelled`).
#[tauri::command]
pub async fn reindex(
    state: State<'_, AppState>,
    on_progress: Channel<WorkProgress>,
) -> CommandResult<u64> {
    let work = state.start_work()?;
    let mut progress = reporter(on_progress, work.cancelled.clone());
    state
        .run(move |archive| archive.reindex(&mut progress))
        .await
}

/// Runs the extractor again over every clip; cancelled, the articles done
/// keep their new extraction (`cancelled` in the report).
#[tauri::command]
pub async fn reextract(
    state: State<'_, AppState>,
    on_progress: Channel<WorkProgress>,
) -> CommandResult<ReextractReport> {
    let work = state.start_work()?;
    let mut progress = reporter(on_progress, work.cancelled.clone());
    state
        .run(move |archive| archive.reextract(&mut progress))
        .await
}

/// Asks the running long work to stop; false when none runs.
#[tauri::command]
pub async fn cancel_work(state: State<'_, AppState>) -> CommandResult<bool> {
    Ok(state.cancel_work())
}

/// The progress callback the core calls after each item.
pub(super) fn reporter(
    channel: Channel<WorkProgress>,
    cancelled: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> impl FnMut(usize, usize) -> ControlFlow<()> + Send + 'static {
    let mut last_sent: Option<Instant> = None;
    move |done, total| {
        if done == total || last_sent.is_none_or(|t| t.elapsed() >= PROGRESS_EVERY) {
            last_sent = Some(Instant::now());
            // The window may have gone; the work goes on regardless.
            let _ = channel.send(WorkProgress { done, total });
        }
        if cancelled.load(Ordering::Relaxed) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}
