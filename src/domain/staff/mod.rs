//! The people at the counter: roles, passwords and PINs (argon2id), usernames,
//! and the permission matrix of action × role that the core checks on every
//! command.
//!
//! Owns who may do what. Never lets a plain password or PIN leave this area
//! or reach a log.

mod accounts;
pub mod permissions;

pub use accounts::*;
