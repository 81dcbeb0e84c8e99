//! The archive as a library: its state, search, reading, tags, notes,
//! deleting and clipping.

use dispatch_core::{
    fetch, Archive, Article, ClipOutcome, ClipRequest, ImagesReport, SavedSearch, SearchOptions,
    SearchResults, Sort, TagCount,
};
use serde::Serialize;
use tauri::ipc::Request;
use tauri::{AppHandle, State};
use ts_rs::TS;

use super::{CommandError, CommandResult};
use crate::state::AppState;

/// Whether the archive could be opened, and where it is.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ArchiveStatus {
    pub dir: String,
    /// Why the archive could not be opened; `None` when it is open.
    pub problem: Option<CommandError>,
    /// Open for reading only: its folder or disk cannot be written.
    pub read_only: bool,
}

/// The archive's state; with `retry`, first tries again to open it.
#[tauri::command]
pub async fn archive_status(
    state: State<'_, AppState>,
    retry: bool,
) -> CommandResult<ArchiveStatus> {
    let opened = if retry {
        state.reopen()
    } else {
        state.archive()
    };
    Ok(ArchiveStatus {
        dir: state.dir().display().to_string(),
        read_only: opened.as_ref().is_ok_and(|a| a.is_read_only()),
        problem: opened.err(),
    })
}

#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    options: SearchOptions,
) -> CommandResult<SearchResults> {
    state
        .run(move |archive| archive.search(&query, &options))
        .await
}

#[tauri::command]
pub async fn article(state: State<'_, AppState>, id: i64) -> CommandResult<Article> {
    state.run(move |archive| archive.article(id)).await
}

/// The words of an article that a query matches, for highlighting.
#[tauri::command]
pub async fn matched_words(
    state: State<'_, AppState>,
    query: String,
    id: i64,
) -> CommandResult<Vec<String>> {
    state
        .run(move |archive| archive.matched_words(&query, id))
        .await
}

#[tauri::command]
pub async fn tags(state: State<'_, AppState>) -> CommandResult<Vec<TagCount>> {
    state.run(Archive::tags).await
}

/// Adds and removes tags on articles; returns the ids that changed.
#[tauri::command]
pub async fn tag_articles(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    add: Vec<String>,
    remove: Vec<String>,
) -> CommandResult<Vec<i64>> {
    state
        .run(move |archive| archive.tag_many(&ids, &add, &remove))
        .await
}

/// Renames a tag; onto an existing tag, merges them.
#[tauri::command]
pub async fn rename_tag(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CommandResult<usize> {
    state
        .run(move |archive| archive.rename_tag(&from, &to))
        .await
}

#[tauri::command]
pub async fn delete_tag(state: State<'_, AppState>, name: String) -> CommandResult<usize> {
    state.run(move |archive| archive.delete_tag(&name)).await
}

/// Saved searches by name, each with how many articles it finds now.
#[tauri::command]
pub async fn saved_searches(state: State<'_, AppState>) -> CommandResult<Vec<SavedSearch>> {
    state.run(Archive::saved_searches).await
}

/// Saves a search under a name, replacing one saved under it.
#[tauri::command]
pub async fn save_search(
    state: State<'_, AppState>,
    name: String,
    query: String,
    sort: Sort,
) -> CommandResult<SavedSearch> {
    state
        .run(move |archive| archive.save_search(&name, &query, sort))
        .await
}

/// The reporter opened a saved search: what it finds is no longer new.
#[tauri::command]
pub async fn mark_saved_search_seen(state: State<'_, AppState>, name: String) -> CommandResult<()> {
    state
        .run(move |archive| archive.mark_saved_search_seen(&name))
        .await
}

#[tauri::command]
pub async fn rename_saved_search(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CommandResult<()> {
    state
        .run(move |archive| archive.rename_saved_search(&from, &to))
        .await
}

#[tauri::command]
pub async fn delete_saved_search(state: State<'_, AppState>, name: String) -> CommandResult<()> {
    state
        .run(move |archive| archive.delete_saved_search(&name))
        .await
}

#[tauri::command]
pub async fn set_note(state: State<'_, AppState>, id: i64, note: String) -> CommandResult<Article> {
    state
        .run(move |archive| archive.edit(id, None, Some(&note)))
        .await
}

#[tauri::command]
pub async fn delete_articles(state: State<'_, AppState>, ids: Vec<i64>) -> CommandResult<()> {
    state.run(move |archive| archive.delete_many(&ids)).await
}

/// Clips pasted text or HTML (the format is recognised from the content).
#[tauri::command]
pub async fn clip_text(
    app: AppHandle,
    state: State<'_, AppState>,
    content: String,
    url: Option<String>,
    tags: Vec<String>,
) -> CommandResult<ClipOutcome> {
    let request = ClipRequest {
        bytes: content.into_bytes(),
        url: url.filter(|u| !u.trim().is_empty()),
        tags,
        ..ClipRequest::default()
    };
    clipped(&app, state.run(move |archive| archive.clip(request)).await)
}

/// Fetches a page by its address and clips it.
#[tauri::command]
pub async fn clip_url(
    app: AppHandle,
    state: State<'_, AppState>,
    url: String,
    tags: Vec<String>,
) -> CommandResult<ClipOutcome> {
    let outcome = state
        .run(move |archive| {
            let page = fetch::fetch(&url, fetch::Limits::default())?;
            archive.clip(ClipRequest {
                tags,
                ..ClipRequest::fetched(page)
            })
        })
        .await;
    clipped(&app, outcome)
}

/// Clips a file the reporter chose or dropped: its bytes are the request's
/// body and its name the `x-file-name` header (URI-encoded). The window
/// sends bytes, never paths, so it cannot read files on its own.
#[tauri::command]
pub async fn clip_file(
    app: AppHandle,
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<ClipOutcome> {
    let (bytes, file_name) = super::raw_body(&request, "x-file-name")?;
    let file_name = file_name.map(|v| {
        percent_encoding::percent_decode_str(v)
            .decode_utf8_lossy()
            .into_owned()
    });
    let request = ClipRequest {
        bytes: bytes.to_vec(),
        file_name,
        ..ClipRequest::default()
    };
    clipped(&app, state.run(move |archive| archive.clip(request)).await)
}

/// A new clip's images are fetched in the background.
fn clipped(app: &AppHandle, outcome: CommandResult<ClipOutcome>) -> CommandResult<ClipOutcome> {
    if let Ok(ClipOutcome {
        id,
        duplicate_of: None,
        ..
    }) = &outcome
    {
        crate::images::keep_soon(app, *id);
    }
    outcome
}

/// Fetches the images of an article that are not kept yet (it was clipped
/// offline, or by another tool), trying again those that failed before.
#[tauri::command]
pub async fn keep_images(state: State<'_, AppState>, id: i64) -> CommandResult<ImagesReport> {
    state
        .run(move |archive| archive.save_images(id, true))
        .await
}

/// Opens a web address in the system's browser (only `http` and `https`).
#[tauri::command]
pub async fn open_in_browser(url: String) -> CommandResult<()> {
    let parsed = dispatch_core::clip::url::web_address(&url).ok_or_else(|| {
        dispatch_core::Error::InvalidInput(format!("'{url}' is not a web address"))
    })?;
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(parsed.as_str())
        .spawn()
        .map(drop)
        .map_err(|e| CommandError::internal(format!("could not start the browser ({opener}): {e}")))
}
