//! The shop as stored: its profile and first-run setup, counter settings,
//! the working calendar, backups and restore, the audit trail and its
//! viewer, and the outbox every change appends to (what sync ships).
//!
//! Owns the shop's configuration and the two journals of change. Every write
//! of every area appends to both in its own transaction (`outbox::append`,
//! `outbox::append_change` with the state before, or the `journal` of a bulk
//! import); never write a change without them.

pub mod attachments;
pub mod audit;
pub mod audit_view;
pub mod backup;
pub mod calendar;
pub(in crate::store) mod journal;
pub mod outbox;
mod profile;
pub mod settings;

pub use profile::*;
