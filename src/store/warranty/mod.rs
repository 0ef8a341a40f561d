//! Warranty as stored: the registry of serialised units sold (made at
//! handover or delivery, or imported from past sales), the check at the
//! counter by card, serial, invoice or phone, claims that open service
//! tickets, what returns do to a unit's warranty, and the shop's card keys.
//!
//! Owns `warranties`, their events, `warranty_rules`, the principals' RMAs
//! and the signing keys (`card_keys`). A unit sold here is registered only
//! when its serial is scanned out to the customer; past sales and a
//! principal's replacements come in with their source recorded, never as
//! sales.

pub mod card_keys;
pub mod check;
pub mod claims;
pub mod past_sales;
mod registry;
pub(in crate::store) mod returns;

pub use registry::*;
