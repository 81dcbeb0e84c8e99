//! `dispatch-core`: the archive engine of Dispatch, with no UI dependency.
//!
//! Everything goes through [`Archive`]:
//!
//! ```no_run
//! use dispatch_core::{Archive, ClipRequest, SearchOptions};
//!
//! # fn main() -> dispatch_core::Result<()> {
//! let archive = Archive::open("/tmp/my-archive")?;
//! let clipped = archive.clip(ClipRequest {
//!     bytes: std::fs::read("article.html").unwrap(),
//!     url: Some("https://www.rfi.fr/en/africa/some-story".into()),
//!     tags: vec!["mali".into()],
//!     ..ClipRequest::default()
//! })?;
//! let results = archive.search("goita tag:mali", &SearchOptions::default())?;
//! assert_eq!(results.hits[0].id, clipped.id);
//! # Ok(())
//! # }
//! ```
//!
//! Modules: [`clip`] turns bytes into articles (pure functions), `store`
//! keeps them in SQLite (the source of truth), [`index`] makes them
//! searchable with tantivy (derived, rebuildable), and [`archive`] ties the
//! three together with the rules that keep them consistent.

pub mod archive;
pub mod clip;
mod error;
pub mod fetch;
pub mod index;
pub mod io;
mod lock;
pub mod model;
mod store;
pub mod text;
pub mod threads;

pub use archive::{Archive, ClipRequest, Known};
pub use error::{Error, Result};
pub use model::*;
