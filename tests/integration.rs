//! Every integration test of the core in one test binary: one link instead
//! of one per file keeps the debug build small and quick (CI builds from a
//! clean clone). Each module below is one story on real SQLite files; run one
//! with `cargo test --test integration <module>::`.

mod common;

mod backup;
mod bad_input;
mod cancellations;
mod concurrency;
mod contracts;
mod counter_rules;
mod courier_cash;
mod courier_jobs;
mod crash;
mod delivery;
mod documents;
mod migrations;
mod money_integrity;
mod money_model;
mod money_review;
mod money_rules;
mod order_changes;
mod order_policies;
mod orders;
mod past_sales;
mod permissions;
mod reports;
mod return_shipping;
mod returns;
mod sla;
mod staff;
mod story;
mod visit_billing;
mod visit_invoices;
mod visits;
mod warranty;
mod warranty_claims;
mod warranty_verdict;
mod woo;
