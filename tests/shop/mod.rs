//! The shop's own data: backups and restore, and where its settings live.

pub(crate) mod backup;
mod demo;
pub(crate) mod settings;
mod today;
mod turkey;
