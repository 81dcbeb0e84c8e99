//! Build script: makes sure the UI bundle exists (the context macro embeds
//! `ui/dist`), then lets tauri-build generate the app manifest, with one
//! permission per command, and check the capabilities.

use std::path::Path;

/// Commands the UI may call; each gets an `allow-<name>` permission that
/// `src-tauri/capabilities/` grants to the main window.
const COMMANDS: &[&str] = &[
    "archive_status",
    "search",
    "article",
    "matched_words",
    "tags",
    "tag_articles",
    "rename_tag",
    "delete_tag",
    "saved_searches",
    "save_search",
    "mark_saved_search_seen",
    "rename_saved_search",
    "delete_saved_search",
    "set_note",
    "delete_articles",
    "clip_text",
    "clip_url",
    "clip_file",
    "keep_images",
    "open_in_browser",
    "reindex",
    "reextract",
    "cancel_work",
    "related",
    "link",
    "unlink",
    "threads",
    "threads_of",
    "suggest_thread",
    "thread",
    "create_thread",
    "add_to_thread",
    "remove_from_thread",
    "dismiss_for_thread",
    "save_dossier",
    "watch_background",
    "answer_pairing",
    "tokens",
    "revoke_token",
    "read_import",
    "run_import",
    "pending_count",
    "fetch_pending",
    "feeds",
    "add_feed",
    "remove_feed",
    "refresh_feeds",
    "export_articles",
];

fn main() {
    let dist = Path::new("ui/dist");
    println!("cargo:rerun-if-changed=ui/dist");
    if !dist.join("index.html").exists() {
        println!(
            "cargo:warning=ui/dist is missing: building with a placeholder page; run `npm --prefix ui ci && npm --prefix ui run build` for the real UI"
        );
        std::fs::create_dir_all(dist).expect("create ui/dist");
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><title>Dispatch</title><p>The interface was not built. Run <code>npm --prefix ui run build</code>, then rebuild.</p>",
        )
        .expect("write placeholder ui/dist/index.html");
    }
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
