//! The `dispatch` binary: the desktop app when run without a command, the
//! command line with one. It knows no SQL and no tantivy: everything goes
//! through `dispatch_core::Archive`.

pub mod cli;
mod commands;
mod state;

use std::path::PathBuf;

/// Opens the desktop window on the archive in `archive_dir`.
pub fn run_app(archive_dir: PathBuf) -> anyhow::Result<()> {
    tauri::Builder::default()
        .manage(state::AppState::open(archive_dir))
        .invoke_handler(tauri::generate_handler![
            commands::search,
            commands::article,
            commands::tags,
        ])
        .run(tauri::generate_context!("tauri.conf.json"))?;
    Ok(())
}
