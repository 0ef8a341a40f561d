//! Every integration test of the core in one test binary: one link instead
//! of one per file keeps the debug build small and quick (CI builds from a
//! clean clone). The modules are grouped by the areas of the core (`across` holds what
//! crosses them all); each file is one story on real SQLite files. Run an
//! area with `cargo test --test integration sales::`, one story with
//! `cargo test --test integration sales::orders::`.

mod common;

mod across;
mod cash;
mod field;
mod print;
mod repairs;
mod reports;
mod returns;
mod sales;
mod service;
mod shop;
mod staff;
mod warranty;
mod web;
mod web_store;
