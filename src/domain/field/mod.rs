//! Work outside the counter: on-site technician visits (booking without
//! overlaps, the SLA in working hours, the shop's visit policy, what a visit
//! bills), maintenance contracts' planned visits, and the chain of custody
//! of a device carried by a courier.
//!
//! Owns the rules of booking, deadlines, billing and custody. Never reads a
//! clock or a calendar of its own: the working calendar and the time come
//! in as arguments.

pub mod billing;
pub mod booking;
pub mod contract_plan;
pub mod custody;
pub mod dispatch;
pub mod policy;
pub mod sla;
