//! Konter core: everything a counter does, without any UI or Tauri.
//!
//! Dependency direction is the architecture: `domain` (pure rules) ← `store`
//! (SQLite, one module per aggregate) ← `docs` (PDF rendering). The desktop
//! shell in `src-tauri/` only deserialises arguments and calls into here.

pub mod bindings;
pub mod demo;
pub mod docs;
pub mod domain;
pub mod error;
pub mod store;

pub use error::{Error, Result};
