//! Returns and exchanges at the showroom (RMA) as stored: a return checked
//! against the policy (`domain::returns`) with what the customer still has
//! and was already refunded, the refund or the replacement, the goods back
//! on the shelf (or set aside), and the records the RMA receipt prints.
//!
//! Owns `returns` (one row per returned line). Never refunds more than was
//! paid for the goods, never takes back a unit that is not sold on this order
//! and still out.

pub mod records;
mod rma;
pub(in crate::store) mod stock;

pub use rma::*;
