//! Staff as stored: accounts (add, change role or status, the owner's
//! password reset) and signing in at a shared counter (the full password
//! once a day, then a PIN; the lock when idle).
//!
//! Owns `staff` (the session itself is held by the shell). Never stores or
//! logs a plain secret; never lets a role grant itself more.

mod accounts;
pub mod signin;

pub use accounts::*;
