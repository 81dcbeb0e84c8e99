//! Imports from other tools and exports to them.
//!
//! Importers are parsers: they read a whole file (or list a folder) into an
//! [`Import`] before anything is written, so a broken file is refused as a
//! whole with a clear error and nothing half-imported. Items that cannot
//! be read (no address, a file that is not a page) are kept as
//! [`Import::problems`] and reported; [`crate::Archive::import`] stores the
//! rest, each article whole or not at all, and skips those it already has,
//! so running an import again completes it without duplicates.
//!
//! | format      | what it reads                                               |
//! |-------------|-------------------------------------------------------------|
//! | `json`      | Dispatch's own export (DESIGN.md), or any `{articles: [...]}` with `title` and `text` |
//! | `bookmarks` | Netscape bookmark HTML (browsers, Pocket): `ADD_DATE`, `TAGS`, folders as tags |
//! | `pocket`    | Pocket's CSV export (`title,url,time_added,tags,status`)     |
//! | `wallabag`  | wallabag's JSON export, with each article's content         |
//! | `folder`    | every HTML, MHTML and text file under a folder              |
//!
//! Items with no content (a bookmark) are stored as pending: searchable by
//! title and tags, fetched by [`crate::Archive::fetch_pending`].
//!
//! Exporters turn articles into `json` (full fidelity: import it into a new
//! archive and nothing is lost), Markdown files with front matter, CSL-JSON,
//! RIS and BibTeX for reference managers; [`crate::threads::dossier`] writes
//! dossiers.

pub mod bibliography;
pub mod bookmarks;
pub mod feed;
pub mod folder;
pub mod json;
pub mod markdown;
pub mod pocket;
pub mod wallabag;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::archive::ClipRequest;
use crate::{Error, Result};

/// Larger import files are refused (a folder's files are read one by one).
pub const MAX_IMPORT_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Json,
    Bookmarks,
    Pocket,
    Wallabag,
    Folder,
}

impl ImportFormat {
    pub const NAMES: &'static [&'static str] =
        &["json", "bookmarks", "pocket", "wallabag", "folder"];

    pub fn from_name(name: &str) -> Option<ImportFormat> {
        Some(match name {
            "json" => ImportFormat::Json,
            "bookmarks" | "netscape" => ImportFormat::Bookmarks,
            "pocket" => ImportFormat::Pocket,
            "wallabag" => ImportFormat::Wallabag,
            "folder" => ImportFormat::Folder,
            _ => return None,
        })
    }
}

/// The formats an export writes as one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    CslJson,
    Ris,
    Bibtex,
    DossierMarkdown,
    DossierHtml,
}

impl ExportFormat {
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        Some(match name {
            "json" => ExportFormat::Json,
            "csl-json" => ExportFormat::CslJson,
            "ris" => ExportFormat::Ris,
            "bibtex" => ExportFormat::Bibtex,
            "dossier" | "dossier-markdown" => ExportFormat::DossierMarkdown,
            "dossier-html" => ExportFormat::DossierHtml,
            _ => return None,
        })
    }

    /// The file name extension it is saved with.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json | ExportFormat::CslJson => "json",
            ExportFormat::Ris => "ris",
            ExportFormat::Bibtex => "bib",
            ExportFormat::DossierMarkdown => "md",
            ExportFormat::DossierHtml => "html",
        }
    }
}

/// A dossier's title for the articles a query finds.
pub fn export_title(query: &str) -> String {
    match query.trim() {
        "" => "Every article".to_string(),
        query => format!("Search: {query}"),
    }
}

/// Creates `STEM.EXT` in `folder`, or `STEM (2).EXT`... when taken: never
/// over an existing file.
pub fn create_new_file(
    folder: &Path,
    stem: &str,
    extension: &str,
) -> Result<(std::fs::File, PathBuf)> {
    std::fs::create_dir_all(folder)
        .map_err(|e| Error::io(format!("creating {}", folder.display()), e))?;
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    let stem = stem.trim_matches(['.', ' ']);
    let stem = if stem.is_empty() { "export" } else { stem };
    for n in 1..10_000 {
        let name = match n {
            1 => format!("{stem}.{extension}"),
            n => format!("{stem} ({n}).{extension}"),
        };
        let path = folder.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((file, path)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(format!("creating {}", path.display()), e)),
        }
    }
    Err(Error::InvalidInput(format!(
        "{} holds too many files named {stem}",
        folder.display()
    )))
}

/// What an import file holds, read in full before anything is stored.
#[derive(Debug, Default)]
pub struct Import {
    pub items: Vec<ImportItem>,
    /// Items that could not be read, by label, with the reason.
    pub problems: Vec<ImportProblem>,
    /// Threads, naming their articles by index into `items`.
    pub threads: Vec<ImportThread>,
    /// The reporter's links (`linked`) and dismissals between items.
    pub pairs: Vec<(usize, usize, bool)>,
}

/// One article to import.
#[derive(Debug)]
pub struct ImportItem {
    /// How the report names it: a title, an address, a file name.
    pub label: String,
    pub source: ItemSource,
}

impl ImportItem {
    /// Whether this item has nothing to read yet (see [`ClipRequest::is_pending`]).
    pub fn source_is_pending(&self) -> bool {
        match &self.source {
            ItemSource::Ready(r) => r.is_pending(),
            ItemSource::Record(a) => json::is_pending(a),
            ItemSource::File(_) => false,
        }
    }
}

#[derive(Debug)]
pub enum ItemSource {
    Ready(Box<ClipRequest>),
    /// A record of Dispatch's JSON format, read when its turn comes.
    Record(Box<json::ExportArticle>),
    /// A file of a folder, read when its turn comes.
    File(PathBuf),
}

#[derive(Debug)]
pub struct ImportThread {
    pub name: String,
    pub items: Vec<usize>,
}

/// What [`crate::Archive::import`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportReport {
    /// Items in the file, readable or not.
    pub items: usize,
    /// Articles added (pending ones included).
    pub added: usize,
    /// Of those, the ones stored as pending (no content yet).
    pub pending: usize,
    /// Items the archive already had.
    pub duplicates: usize,
    pub problems: Vec<ImportProblem>,
    /// Stopped early on request; what was imported stays.
    pub cancelled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportProblem {
    pub item: String,
    pub message: String,
}

/// Reads `path` in `format` (for `folder`, lists the folder).
pub fn read(format: ImportFormat, path: &Path) -> Result<Import> {
    if format == ImportFormat::Folder {
        return folder::list(path);
    }
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(format!("reading {}", path.display()), e))?
        .len();
    if size > MAX_IMPORT_FILE_BYTES {
        return Err(Error::InvalidInput(format!(
            "{} is {} MB; import files are limited to {} MB",
            path.display(),
            size / 1_000_000,
            MAX_IMPORT_FILE_BYTES / 1_000_000
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
    parse(format, &bytes)
}

/// Parses the bytes of an import file.
pub fn parse(format: ImportFormat, bytes: &[u8]) -> Result<Import> {
    match format {
        ImportFormat::Json => json::parse(bytes),
        ImportFormat::Bookmarks => bookmarks::parse(bytes),
        ImportFormat::Pocket => pocket::parse(bytes),
        ImportFormat::Wallabag => wallabag::parse(bytes),
        ImportFormat::Folder => Err(Error::InvalidInput(
            "a folder is imported from its path, not from bytes".into(),
        )),
    }
}

/// Text of an import file: UTF-8 (a BOM allowed) or refused.
fn utf8(bytes: &[u8], what: &str) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(bytes.to_vec())
        .map_err(|e| Error::InvalidInput(format!("this {what} file is not UTF-8 text ({e})")))
}

/// Seconds since 1970 as RFC 3339 (UTC), as exports give clip dates.
fn unix_time(seconds: &str) -> Option<String> {
    let seconds: i64 = seconds.trim().parse().ok()?;
    // Some tools write milliseconds or microseconds.
    let seconds = match seconds {
        s if s > 100_000_000_000_000 => s / 1_000_000,
        s if s > 100_000_000_000 => s / 1_000,
        s => s,
    };
    let time = chrono::DateTime::from_timestamp(seconds, 0)?;
    Some(time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// A date in any of the forms exports use, as RFC 3339 or `YYYY-MM-DD`.
fn any_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(raw) {
        return Some(
            t.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        );
    }
    crate::clip::normalize_date(raw).or_else(|| unix_time(raw))
}

/// A pending item: an address and what is known of it.
fn pending_item(
    label: String,
    url: String,
    known: crate::Known,
    tags: Vec<String>,
    note: String,
) -> ImportItem {
    ImportItem {
        label,
        source: ItemSource::Ready(Box::new(ClipRequest {
            url: Some(url),
            known,
            tags,
            note,
            ..ClipRequest::default()
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_files_are_numbered_and_stay_in_their_folder() {
        let dir = tempfile::tempdir().unwrap();
        let name = |stem: &str| {
            let (_, path) = create_new_file(dir.path(), stem, "md").unwrap();
            assert_eq!(path.parent(), Some(dir.path()));
            path.file_name().unwrap().to_string_lossy().into_owned()
        };
        assert_eq!(name("France–Mali rift"), "France–Mali rift.md");
        assert_eq!(name("France–Mali rift"), "France–Mali rift (2).md");
        assert_eq!(name("../etc/passwd"), "-etc-passwd.md");
        assert_eq!(name(".."), "export.md");
        assert_eq!(name("a\nb:c"), "a-b-c.md");
    }

    #[test]
    fn dates_in_export_forms() {
        assert_eq!(
            unix_time("1692182400").as_deref(),
            Some("2023-08-16T10:40:00Z")
        );
        assert_eq!(
            unix_time("1692182400000").as_deref(),
            Some("2023-08-16T10:40:00Z")
        );
        assert_eq!(unix_time("soon"), None);
        assert_eq!(
            any_date("2025-08-16T12:00:00+02:00").as_deref(),
            Some("2025-08-16T10:00:00Z")
        );
        assert_eq!(any_date("").as_deref(), None);
    }
}
