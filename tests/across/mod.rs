//! Tests that cross every area: bad input to every command, two writers at once, a
//! writer killed mid-transaction, schema upgrades with data in them, the
//! printed paper read back, and the money and stock invariants (issue 11).

pub(crate) mod bad_input;
pub(crate) mod concurrency;
pub(crate) mod crash;
mod customers;
pub(crate) mod documents;
pub(crate) mod migrations;
pub(crate) mod money_integrity;
pub(crate) mod money_model;
pub(crate) mod money_review;
mod search;
