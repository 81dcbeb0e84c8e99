//! The one error type of `dispatch-core`.
//!
//! Every variant has a stable [`Error::code`] that the desktop shell sends to
//! the UI as `{ code, message }` and that the command line maps to its exit
//! status: [`Error::is_user_error`] errors are the caller's (exit 2), the
//! rest are operational (exit 1).

use std::path::PathBuf;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Another process holds the archive's writer lock.
    #[error("archive busy: another Dispatch process is writing to {0} (close it or try again)")]
    ArchiveBusy(PathBuf),
    #[error("no article with id {0}")]
    NotFound(i64),
    #[error("no thread with id {0}")]
    ThreadNotFound(i64),
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// Long work stopped because the user asked; nothing was left half-done.
    #[error("cancelled: {0}")]
    Cancelled(String),
    /// A page could not be fetched (offline, refused, too slow).
    #[error("{0}")]
    Network(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The database file is no longer where it was opened (its folder was
    /// removed, moved or replaced while Dispatch ran).
    #[error("the archive at {0} was removed or moved while Dispatch was running; nothing more was written to it (open it again where it is now)")]
    ArchiveGone(PathBuf),
    /// The archive's folder or disk cannot be written (permissions, a
    /// read-only mount): it was opened for reading, and writes are refused.
    #[error("the archive at {0} is read-only (its folder or disk cannot be written): {1}")]
    ReadOnly(PathBuf, &'static str),
    #[error("archive at {path} was written by a newer Dispatch (schema {found}, this build knows {known})")]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
}

impl Error {
    /// A stable, machine-readable name for the error; part of the UI contract.
    pub fn code(&self) -> &'static str {
        match self {
            Error::ArchiveBusy(_) => "archive_busy",
            Error::NotFound(_) => "not_found",
            Error::ThreadNotFound(_) => "thread_not_found",
            Error::InvalidQuery(_) => "invalid_query",
            Error::InvalidInput(_) => "invalid_input",
            Error::Cancelled(_) => "cancelled",
            Error::Network(_) => "network",
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
            Error::Index(_) => "index",
            Error::ArchiveGone(_) => "archive_gone",
            Error::ReadOnly(..) => "archive_read_only",
            Error::TooNew { .. } => "archive_too_new",
        }
    }

    /// True when the caller can fix the error by changing what they asked for.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::NotFound(_)
                | Error::ThreadNotFound(_)
                | Error::InvalidQuery(_)
                | Error::InvalidInput(_)
        )
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}
