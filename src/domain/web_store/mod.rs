//! The shop's web store (WooCommerce REST API v3): the order fields Konter
//! reads and how a web order's status, payment and lines map onto an order
//! at the counter.
//!
//! Owns the mapping and the "forward only" rule for re-imports. Never trusts
//! the store for money it does not prove: a payment needs the store's paid
//! date in a paid status.

pub mod webhook;
pub mod woo;
