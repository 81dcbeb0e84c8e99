//! What the window's commands share: the open archive, or why it could not
//! be opened (the app still starts and shows the reason).

use std::path::PathBuf;

use dispatch_core::Archive;

use crate::commands::CommandError;

pub struct AppState {
    archive: Result<Archive, CommandError>,
}

impl AppState {
    pub fn open(dir: PathBuf) -> AppState {
        AppState {
            archive: Archive::open(&dir).map_err(CommandError::from),
        }
    }

    pub fn archive(&self) -> Result<&Archive, CommandError> {
        self.archive.as_ref().map_err(Clone::clone)
    }
}
