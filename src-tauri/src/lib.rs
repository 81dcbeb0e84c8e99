//! The `dispatch` binary: the desktop app when run without a command, the
//! command line with one. It knows no SQL and no tantivy: everything goes
//! through `dispatch_core::Archive`.

pub mod cli;
pub mod clip_server;
mod commands;
pub use commands::CommandError;
mod images;
mod state;

use std::path::PathBuf;

use anyhow::{bail, Context};

/// Opens the desktop window on the archive in `archive_dir`.
pub fn run_app(archive_dir: PathBuf) -> anyhow::Result<()> {
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        bail!("there is no display to open the window on; give a command to work headless (see `dispatch --help`)");
    }
    // The windowing toolkit reports a failed start (a display that cannot
    // be opened) by panicking; until the window is up, that panic becomes
    // an ordinary one-line error. Later panics are reported as usual.
    std::panic::set_hook(Box::new(|_| {}));
    let started = std::panic::catch_unwind(|| {
        tauri::Builder::default()
            .setup(|app| {
                drop(std::panic::take_hook());
                commands::start_endpoint(app.handle());
                commands::start_feed_refresh(app.handle());
                Ok(())
            })
            // The window opens at the size and place it was left.
            .plugin(tauri_plugin_window_state::Builder::default().build())
            .manage(state::AppState::open(archive_dir))
            .register_asynchronous_uri_scheme_protocol(images::SCHEME, |ctx, request, reply| {
                let app = ctx.app_handle().clone();
                tauri::async_runtime::spawn_blocking(move || {
                    reply.respond(images::answer(&app, &request))
                });
            })
            .invoke_handler(tauri::generate_handler![
                commands::archive_status,
                commands::search,
                commands::article,
                commands::matched_words,
                commands::tags,
                commands::tag_articles,
                commands::rename_tag,
                commands::delete_tag,
                commands::saved_searches,
                commands::save_search,
                commands::mark_saved_search_seen,
                commands::rename_saved_search,
                commands::delete_saved_search,
                commands::set_note,
                commands::delete_articles,
                commands::clip_text,
                commands::clip_url,
                commands::clip_file,
                commands::keep_images,
                commands::open_in_browser,
                commands::reindex,
                commands::reextract,
                commands::cancel_work,
                commands::related,
                commands::link,
                commands::unlink,
                commands::threads,
                commands::threads_of,
                commands::suggest_thread,
                commands::thread,
                commands::create_thread,
                commands::add_to_thread,
                commands::remove_from_thread,
                commands::dismiss_for_thread,
                commands::save_dossier,
                commands::watch_background,
                commands::answer_pairing,
                commands::tokens,
                commands::revoke_token,
                commands::read_import,
                commands::run_import,
                commands::pending_count,
                commands::fetch_pending,
                commands::feeds,
                commands::add_feed,
                commands::remove_feed,
                commands::refresh_feeds,
                commands::export_articles,
            ])
            .run(tauri::generate_context!("tauri.conf.json"))
    });
    match started {
        Ok(result) => result.context("the window stopped with an error"),
        Err(panic) => {
            let reason = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown reason".into());
            bail!("the window could not be opened: {reason}")
        }
    }
}
