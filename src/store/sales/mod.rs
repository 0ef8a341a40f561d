//! Sales as stored: the catalog and its stock, coupons, orders with their
//! lines, reservations and events, payments and bank transfers, invoices,
//! the flow after payment (processing, ready, shipped, delivered), the
//! handover with scanned serials, changes, price corrections, cancels and
//! credits, delivery problems, partial delivery, and the owner's day report.
//!
//! Owns `products`, `units`, `stock_moves`, `coupons`, `orders` and everything
//! hanging off an order. Every decision about money or stock reads what it
//! rests on inside its own write transaction (`detail::detail_in`); never
//! records a payment, refund or stock move the source does not prove.

pub mod cancel;
pub mod catalog;
pub mod catalog_export;
pub mod catalog_sheet;
pub mod changes;
pub mod corrections;
pub mod coupons;
pub mod credits;
pub mod delivery;
pub mod detail;
pub mod flow;
pub mod handover;
pub mod invoices;
pub mod list;
pub mod orders;
pub mod partial;
pub mod payments;
pub mod prices;
pub mod reports;
pub mod trade_in;
pub mod transfers;
pub mod write;

pub use orders::{NewOrder, OrderDetail};
