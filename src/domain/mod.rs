//! Domain rules as plain functions over plain types. Nothing here knows about
//! SQLite, Tauri or the UI; every rule is tested beside its code.

pub mod cash;
pub mod csv;
pub mod field;
#[cfg(test)]
mod input_props;
pub mod money;
pub mod payment;
pub mod phone;
pub mod print;
pub mod repairs;
pub mod reports;
pub mod returns;
pub mod sales;
pub mod service;
pub mod sheets;
pub mod shop;
pub mod staff;
pub mod sync;
pub mod terbilang;
pub mod totals;
pub mod warranty;
pub mod web;
pub mod web_store;

/// A new UUID v7 (time-ordered, so ids sort by creation and sync merges cheaply).
pub fn new_id() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}
