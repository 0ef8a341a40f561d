//! Selling, at the counter, by phone and on the web: what the shop sells (the
//! catalog), an order's life from placed to delivered or returned, coupons,
//! order totals with PPN, cash on delivery regions, shipping fees and
//! delivery estimates.
//!
//! Owns the rules a sale is checked against. Never touches stock or money
//! records: those are decisions `store::sales` makes inside its transactions
//! with what these rules answer.

pub mod catalog;
pub mod order;
mod rules;
pub mod shipping;
pub mod trade_in;

pub use rules::*;
