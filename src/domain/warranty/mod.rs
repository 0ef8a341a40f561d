//! Warranty: the verdict on a unit brought back (is it ours, is it still
//! covered by the shop or the maker, dead on arrival, what the checklist
//! excludes), the signed QR of a warranty card, and the columns of past
//! sales imported from a spreadsheet.
//!
//! Owns the warranty rules and the card's signature format. Never looks a
//! unit up: the registry in `store::warranty` finds the purchase and hands
//! it in.

pub mod card;
pub mod past_sales;
mod verdict;

pub use verdict::*;
