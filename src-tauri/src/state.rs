//! What the window's commands share: the open archive (or why it could not
//! be opened: the app still starts and shows the reason), and the long work
//! in progress, so that it can be cancelled.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use dispatch_core::io::Import;
use dispatch_core::Archive;

use tauri::ipc::Channel;

use crate::clip_server::Pairings;
use crate::commands::{BackgroundEvent, CommandError, EndpointStatus};

pub struct AppState {
    dir: PathBuf,
    archive: RwLock<Result<Arc<Archive>, CommandError>>,
    /// Set while long work runs; storing `true` asks it to stop.
    work: Mutex<Option<Arc<AtomicBool>>>,
    pub endpoint: Endpoint,
    /// An import file read and waiting for the reporter to confirm it.
    staged_import: Mutex<Option<Import>>,
    /// Articles whose images are being fetched.
    pub images: crate::images::InFlight,
}

/// The clip endpoint's side of the state.
#[derive(Default)]
pub struct Endpoint {
    pub pairings: Arc<Pairings>,
    status: Mutex<EndpointStatus>,
    /// Where the window listens for what the endpoint reports.
    events: Mutex<Option<Channel<BackgroundEvent>>>,
}

impl Endpoint {
    pub fn status(&self) -> EndpointStatus {
        lock(&self.status).clone()
    }

    pub fn set_status(&self, status: EndpointStatus) {
        *lock(&self.status) = status;
    }

    pub fn watch(&self, events: Channel<BackgroundEvent>) {
        *lock(&self.events) = Some(events);
    }

    /// Sends an event to the window; false when no window listens.
    pub fn send(&self, event: BackgroundEvent) -> bool {
        lock(&self.events)
            .as_ref()
            .is_some_and(|c| c.send(event).is_ok())
    }
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    pub fn open(dir: PathBuf) -> AppState {
        let archive = open(&dir);
        AppState {
            dir,
            archive: RwLock::new(archive),
            work: Mutex::new(None),
            endpoint: Endpoint::default(),
            staged_import: Mutex::new(None),
            images: Default::default(),
        }
    }

    pub fn dir(&self) -> &PathBuf {
        &self.dir
    }

    pub fn archive(&self) -> Result<Arc<Archive>, CommandError> {
        self.archive
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Tries to open the archive again (after the reporter fixed what was
    /// wrong); keeps an archive that is already open.
    pub fn reopen(&self) -> Result<Arc<Archive>, CommandError> {
        let mut archive = self.archive.write().unwrap_or_else(|e| e.into_inner());
        if archive.is_err() {
            *archive = open(&self.dir);
        }
        archive.clone()
    }

    /// Runs `f` on the archive on a blocking thread, so that neither the
    /// window nor the async runtime waits for the disk.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Archive) -> dispatch_core::Result<T> + Send + 'static,
    ) -> Result<T, CommandError> {
        self.run_shell(move |archive| f(archive).map_err(CommandError::from))
            .await
    }

    pub fn stage_import(&self, import: Import) {
        *lock(&self.staged_import) = Some(import);
    }

    pub fn take_import(&self) -> Option<Import> {
        lock(&self.staged_import).take()
    }

    /// Like [`AppState::run`], for work that answers in the shell's errors.
    pub async fn run_shell<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Archive) -> Result<T, CommandError> + Send + 'static,
    ) -> Result<T, CommandError> {
        let archive = self.archive()?;
        tauri::async_runtime::spawn_blocking(move || f(&archive))
            .await
            .map_err(|e| CommandError::internal(format!("the work stopped unexpectedly: {e}")))?
    }

    /// Starts long work; fails if some is already running. The flag turns
    /// `true` when the reporter cancels; dropping the guard ends the work.
    pub fn start_work(&self) -> Result<WorkGuard<'_>, CommandError> {
        let mut work = self.work.lock().unwrap_or_else(|e| e.into_inner());
        if work.is_some() {
            return Err(CommandError {
                code: "busy".into(),
                message: "other work is still running; wait for it or cancel it first".into(),
            });
        }
        let cancelled = Arc::new(AtomicBool::new(false));
        *work = Some(cancelled.clone());
        Ok(WorkGuard {
            state: self,
            cancelled,
        })
    }

    /// Asks the running long work to stop; false if none runs.
    pub fn cancel_work(&self) -> bool {
        let work = self.work.lock().unwrap_or_else(|e| e.into_inner());
        work.as_ref()
            .map(|c| c.store(true, Ordering::Relaxed))
            .is_some()
    }
}

pub struct WorkGuard<'a> {
    state: &'a AppState,
    pub cancelled: Arc<AtomicBool>,
}

impl Drop for WorkGuard<'_> {
    fn drop(&mut self) {
        *self.state.work.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

fn open(dir: &std::path::Path) -> Result<Arc<Archive>, CommandError> {
    Archive::open(dir).map(Arc::new).map_err(CommandError::from)
}
