//! Work outside the counter: visits and their SLA, billing and invoices,
//! the dispatch board, maintenance contracts, couriers' jobs and the cash they collect.

pub(crate) mod billing;
pub(crate) mod contract_changes;
pub(crate) mod contract_plan;
pub(crate) mod contracts;
pub(crate) mod courier_cash;
pub(crate) mod courier_jobs;
pub(crate) mod dispatch;
pub(crate) mod invoices;
pub(crate) mod run_order;
pub(crate) mod sla;
pub(crate) mod visits;
