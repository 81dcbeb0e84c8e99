//! The scale benchmark's parts, shared with the app's own benches
//! (`benches/common`): the recombined corpus and the FTS5 comparison.
//! The binary (`main.rs`) runs them.

pub mod corpus;
pub mod fts5;
