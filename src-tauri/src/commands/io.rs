//! Other tools' files in and out of the window, articles waiting for their
//! text, and feeds. An import is read first (`read_import`: the window
//! shows what the file holds), then run (`run_import`) as long work.

use dispatch_core::io::{self, ExportFormat, ImportFormat, ImportReport};
use dispatch_core::{fetch, FeedInfo, FeedReport, FetchReport};
use serde::Serialize;
use tauri::ipc::{Channel, Request};
use tauri::State;
use ts_rs::TS;

use super::{work::reporter, CommandResult, WorkProgress};
use crate::state::AppState;

/// What an import file holds, before anything is stored.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    pub items: usize,
    /// Of those, items without text, to be fetched later.
    pub pending: usize,
    pub problems: Vec<io::ImportProblem>,
}

/// Reads an import file sent as the request's body, its format in the
/// `x-import-format` header; keeps it for `run_import`.
#[tauri::command]
pub async fn read_import(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<ImportPreview> {
    let (bytes, format) = super::raw_body(&request, "x-import-format")?;
    let format = format
        .and_then(ImportFormat::from_name)
        .ok_or_else(|| dispatch_core::Error::InvalidInput("unknown import format".into()))?;
    let bytes = bytes.to_vec();
    let parsed = tauri::async_runtime::spawn_blocking(move || io::parse(format, &bytes))
        .await
        .map_err(|e| super::CommandError::internal(e.to_string()))??;
    let preview = ImportPreview {
        items: parsed.items.len() + parsed.problems.len(),
        pending: parsed
            .items
            .iter()
            .filter(|i| i.source_is_pending())
            .count(),
        problems: parsed.problems.clone(),
    };
    state.stage_import(parsed);
    Ok(preview)
}

/// Imports the file `read_import` read; cancelled, what was imported stays.
#[tauri::command]
pub async fn run_import(
    state: State<'_, AppState>,
    on_progress: Channel<WorkProgress>,
) -> CommandResult<ImportReport> {
    let staged = state.take_import().ok_or_else(|| {
        dispatch_core::Error::InvalidInput("choose a file to import first".into())
    })?;
    let work = state.start_work()?;
    let mut progress = reporter(on_progress, work.cancelled.clone());
    state
        .run(move |archive| archive.import(staged, &mut progress))
        .await
}

#[tauri::command]
pub async fn pending_count(state: State<'_, AppState>) -> CommandResult<usize> {
    state.run(|archive| Ok(archive.pending()?.len())).await
}

/// Fetches the pages of articles that came without text.
#[tauri::command]
pub async fn fetch_pending(
    state: State<'_, AppState>,
    on_progress: Channel<WorkProgress>,
) -> CommandResult<FetchReport> {
    let work = state.start_work()?;
    let mut progress = reporter(on_progress, work.cancelled.clone());
    state
        .run(move |archive| archive.fetch_pending(fetch::Limits::default(), &mut progress))
        .await
}

#[tauri::command]
pub async fn feeds(state: State<'_, AppState>) -> CommandResult<Vec<FeedInfo>> {
    state.run(|archive| archive.feeds()).await
}

/// Subscribes to a feed and takes its items now.
#[tauri::command]
pub async fn add_feed(
    state: State<'_, AppState>,
    url: String,
    tags: Vec<String>,
) -> CommandResult<FeedReport> {
    state
        .run(move |archive| {
            let feed = archive.add_feed(&url, &tags)?;
            archive.refresh_feeds(Some(feed.id), fetch::Limits::default())
        })
        .await
}

#[tauri::command]
pub async fn remove_feed(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    state.run(move |archive| archive.remove_feed(id)).await
}

#[tauri::command]
pub async fn refresh_feeds(state: State<'_, AppState>) -> CommandResult<FeedReport> {
    state
        .run(|archive| archive.refresh_feeds(None, fetch::Limits::default()))
        .await
}

/// Saves the articles `query` finds in the Downloads folder, in `format`
/// (`json`, `csl-json`, `ris`, `bibtex`, `dossier`, `dossier-html`);
/// returns the file's path.
#[tauri::command]
pub async fn export_articles(
    state: State<'_, AppState>,
    format: String,
    query: String,
) -> CommandResult<String> {
    let format = ExportFormat::from_name(&format).ok_or_else(|| {
        dispatch_core::Error::InvalidInput(format!("no export format '{format}'"))
    })?;
    let folder = dirs::download_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(std::env::temp_dir);
    let path = state
        .run(move |archive| {
            let ids = archive.export_ids(&query)?;
            let title = io::export_title(&query);
            let (file, path) =
                io::create_new_file(&folder, &format!("Dispatch – {title}"), format.extension())?;
            archive.export(format, &ids, &title, &mut std::io::BufWriter::new(file))?;
            Ok(path)
        })
        .await?;
    Ok(path.display().to_string())
}
