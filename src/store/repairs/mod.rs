//! Repairs as stored: tickets taken in at the counter with their append-only
//! events, the quote and the customer's answer, parts the technician used,
//! the board the desk works from, pickup with its invoice and payment, and
//! voiding a payment recorded by mistake.
//!
//! Owns the `tickets`, `ticket_events`, `quote_lines`, the tickets' `invoices`
//! and `payments` tables. Never decides a status move itself (that is
//! `domain::repairs::ticket`) and never writes outside one transaction.

pub mod board;
pub mod parts;
pub mod payments;
pub mod pickup;
pub mod quotes;
pub mod ticket_detail;
pub mod tickets;
