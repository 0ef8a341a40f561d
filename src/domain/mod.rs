//! Domain rules as plain functions over plain types. Nothing here knows about
//! SQLite, Tauri or the UI; every rule is tested beside its code.

pub mod audit;
pub mod booking;
pub mod calendar;
pub mod card;
pub mod catalog;
pub mod contract_plan;
pub mod csv;
pub mod custody;
pub mod holidays;
#[cfg(test)]
mod input_props;
pub mod money;
pub mod numbering;
pub mod order;
pub mod past_sales;
pub mod payment;
pub mod permissions;
pub mod phone;
pub mod returns;
pub mod sales;
pub mod settings;
pub mod shipping;
pub mod shop;
pub mod sla;
pub mod staff;
pub mod terbilang;
pub mod ticket;
pub mod totals;
pub mod visit_bill;
pub mod visit_policy;
pub mod warranty;
pub mod woo;

/// A new UUID v7 (time-ordered, so ids sort by creation and sync merges cheaply).
pub fn new_id() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}
