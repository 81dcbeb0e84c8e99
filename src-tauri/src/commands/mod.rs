//! Commands the UI invokes. Each takes the state, calls the core, and maps
//! the error to `{ code, message }`; nothing else happens here.

use dispatch_core::threads::dossier;
use dispatch_core::{
    Article, Related, SearchOptions, SearchResults, TagCount, Thread, ThreadSuggestion,
    ThreadSummary,
};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::state::AppState;

/// An error as the UI receives it: a stable `code` to act on and a
/// sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CommandError {
    pub code: String,
    pub message: String,
}

impl From<dispatch_core::Error> for CommandError {
    fn from(e: dispatch_core::Error) -> Self {
        CommandError {
            code: e.code().to_string(),
            message: e.to_string(),
        }
    }
}

type CommandResult<T> = Result<T, CommandError>;

#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    options: SearchOptions,
) -> CommandResult<SearchResults> {
    Ok(state.archive()?.search(&query, &options)?)
}

#[tauri::command]
pub async fn article(state: State<'_, AppState>, id: i64) -> CommandResult<Article> {
    Ok(state.archive()?.article(id)?)
}

#[tauri::command]
pub async fn tags(state: State<'_, AppState>) -> CommandResult<Vec<TagCount>> {
    Ok(state.archive()?.tags()?)
}

#[tauri::command]
pub async fn related(state: State<'_, AppState>, id: i64) -> CommandResult<Vec<Related>> {
    Ok(state.archive()?.related(id, 12)?)
}

/// Links two articles (accepts a suggestion).
#[tauri::command]
pub async fn link(state: State<'_, AppState>, a: i64, b: i64) -> CommandResult<()> {
    Ok(state.archive()?.link(a, b)?)
}

/// Unlinks two articles (dismisses a suggestion), for good.
#[tauri::command]
pub async fn unlink(state: State<'_, AppState>, a: i64, b: i64) -> CommandResult<()> {
    Ok(state.archive()?.unlink(a, b)?)
}

#[tauri::command]
pub async fn threads(state: State<'_, AppState>) -> CommandResult<Vec<ThreadSummary>> {
    Ok(state.archive()?.threads()?)
}

#[tauri::command]
pub async fn threads_of(
    state: State<'_, AppState>,
    article: i64,
) -> CommandResult<Vec<ThreadSummary>> {
    Ok(state.archive()?.threads_of(article)?)
}

#[tauri::command]
pub async fn suggest_thread(
    state: State<'_, AppState>,
    article: i64,
) -> CommandResult<Option<ThreadSuggestion>> {
    Ok(state.archive()?.suggest_thread(article)?)
}

#[tauri::command]
pub async fn thread(state: State<'_, AppState>, id: i64) -> CommandResult<Thread> {
    Ok(state.archive()?.thread(id)?)
}

#[tauri::command]
pub async fn create_thread(
    state: State<'_, AppState>,
    name: String,
    articles: Vec<i64>,
) -> CommandResult<i64> {
    Ok(state.archive()?.create_thread(&name, &articles)?)
}

#[tauri::command]
pub async fn add_to_thread(
    state: State<'_, AppState>,
    id: i64,
    articles: Vec<i64>,
) -> CommandResult<()> {
    Ok(state.archive()?.add_to_thread(id, &articles)?)
}

#[tauri::command]
pub async fn remove_from_thread(
    state: State<'_, AppState>,
    id: i64,
    articles: Vec<i64>,
) -> CommandResult<()> {
    Ok(state.archive()?.remove_from_thread(id, &articles)?)
}

#[tauri::command]
pub async fn dismiss_for_thread(
    state: State<'_, AppState>,
    id: i64,
    article: i64,
) -> CommandResult<()> {
    Ok(state.archive()?.dismiss_for_thread(id, article)?)
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
    let path = state.archive()?.save_thread_dossier(id, format, &folder)?;
    Ok(path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_reach_the_ui_as_code_and_message() {
        let e = CommandError::from(dispatch_core::Error::NotFound(7));
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({ "code": "not_found", "message": "no article with id 7" })
        );
        let e = CommandError::from(dispatch_core::Error::InvalidQuery("bad date".into()));
        assert_eq!(serde_json::to_value(&e).unwrap()["code"], "invalid_query");
    }
}
