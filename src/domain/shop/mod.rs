//! The shop itself: its profile (name, address, NPWP, paper), the counter
//! settings the owner tunes, the working calendar with Indonesia's national
//! holidays, document numbering per branch and counter, and the audit
//! trail's hash chain.
//!
//! Owns what every other area is configured by; the settings carry the
//! policies the other areas define (returns, shipping, visits) but decide
//! nothing with them. Never knows how anything is stored.

pub mod audit;
pub mod calendar;
pub mod holidays;
pub mod numbering;
mod profile;
pub mod settings;

pub use profile::*;
