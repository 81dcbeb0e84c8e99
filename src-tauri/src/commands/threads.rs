//! Related coverage and threads.

use dispatch_core::threads::dossier;
use dispatch_core::{Related, Thread, ThreadSuggestion, ThreadSummary};
use tauri::State;

use super::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn related(state: State<'_, AppState>, id: i64) -> CommandResult<Vec<Related>> {
    state.run(move |archive| archive.related(id, 12)).await
}

/// Links two articles (accepts a suggestion).
#[tauri::command]
pub async fn link(state: State<'_, AppState>, a: i64, b: i64) -> CommandResult<()> {
    state.run(move |archive| archive.link(a, b)).await
}

/// Unlinks two articles (dismisses a suggestion), for good.
#[tauri::command]
pub async fn unlink(state: State<'_, AppState>, a: i64, b: i64) -> CommandResult<()> {
    state.run(move |archive| archive.unlink(a, b)).await
}

#[tauri::command]
pub async fn threads(state: State<'_, AppState>) -> CommandResult<Vec<ThreadSummary>> {
    state.run(move |archive| archive.threads()).await
}

#[tauri::command]
pub async fn threads_of(
    state: State<'_, AppState>,
    article: i64,
) -> CommandResult<Vec<ThreadSummary>> {
    state.run(move |archive| archive.threads_of(article)).await
}

#[tauri::command]
pub async fn suggest_thread(
    state: State<'_, AppState>,
    article: i64,
) -> CommandResult<Option<ThreadSuggestion>> {
    state
        .run(move |archive| archive.suggest_thread(article))
        .await
}

#[tauri::command]
pub async fn thread(state: State<'_, AppState>, id: i64) -> CommandResult<Thread> {
    state.run(move |archive| archive.thread(id)).await
}

#[tauri::command]
pub async fn create_thread(
    state: State<'_, AppState>,
    name: String,
    articles: Vec<i64>,
) -> CommandResult<i64> {
    state
        .run(move |archive| archive.create_thread(&name, &articles))
        .await
}

#[tauri::command]
pub async fn add_to_thread(
    state: State<'_, AppState>,
    id: i64,
    articles: Vec<i64>,
) -> CommandResult<()> {
    state
        .run(move |archive| archive.add_to_thread(id, &articles))
        .await
}

#[tauri::command]
pub async fn remove_from_thread(
    state: State<'_, AppState>,
    id: i64,
    articles: Vec<i64>,
) -> CommandResult<()> {
    state
        .run(move |archive| archive.remove_from_thread(id, &articles))
        .await
}

#[tauri::command]
pub async fn dismiss_for_thread(
    state: State<'_, AppState>,
    id: i64,
    article: i64,
) -> CommandResult<()> {
    state
        .run(move |archive| archive.dismiss_for_thread(id, article))
        .await
}

/// Saves the thread's dossier (`markdown` or `html`) in the Downloads
/// folder; returns where.
#[tauri::command]
pub async fn save_dossier(
    state: State<'_, AppState>,
    id: i64,
    format: String,
) -> CommandResult<String> {
    let format = dossier::Format::from_name(&format).ok_or_else(|| {
        dispatch_core::Error::InvalidInput(format!("no dossier format '{format}'"))
    })?;
    let folder = dirs::download_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(std::env::temp_dir);
    let path = state
        .run(move |archive| archive.save_thread_dossier(id, format, &folder))
        .await?;
    Ok(path.display().to_string())
}
