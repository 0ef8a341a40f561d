//! The web store's orders (WooCommerce) as they arrive: a file of API pages,
//! a webhook body or a pull from the store; each order read and checked
//! against the shop before anything is written, then written as a new order
//! or as the store's change to a known one.
//!
//! Owns the import and its report. Idempotent (an order is keyed by store
//! and id); never moves an order backwards, never records a payment the
//! store does not prove, never writes part of a refused order.

pub mod import;
pub mod pull;
pub(in crate::store) mod record;
pub(in crate::store) mod update;
pub(in crate::store) mod write;

pub use import::{ImportProgress, ImportReport};
