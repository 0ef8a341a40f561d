//! Work outside the counter as stored: technicians with their skills and
//! hours, visit requests with their SLA due time, booking, the week board
//! and the dispatch board (a time grid per technician),
//! the work on site (check-in, check-out, parts, signature), the visit's
//! bill and invoice, maintenance contracts, couriers' pickup and delivery
//! jobs with the device's custody, and the cash couriers collect.
//!
//! Owns `technicians`, `visits`, `contracts`, `courier_jobs`, `custody` and
//! the couriers' cash.
//! Never counts cash a courier did not record, never books over another
//! visit.

pub mod billing;
pub(in crate::store) mod board;
pub mod booking;
pub mod contract_changes;
pub mod contract_plan;
pub mod contracts;
pub mod courier_cash;
pub(in crate::store) mod courier_cash_read;
pub mod courier_jobs;
pub mod dispatch;
pub mod follow_ups;
pub mod invoices;
pub mod run_order;
pub mod technicians;
pub mod visits;
pub mod work;
