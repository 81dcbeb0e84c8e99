//! Commands the UI invokes. Each takes the state, calls the core, and maps
//! the error to `{ code, message }`; nothing else happens here.

use dispatch_core::{Article, SearchOptions, SearchResults, TagCount};
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
