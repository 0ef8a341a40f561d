//! Service orders for IT work and installations (issue 17, seeds 000, 002
//! and 003): a CCTV system, a network, scanners set up at an office, a
//! software configuration. From the requirements discussed to a
//! confirmation the customer accepts (again after each change), payment
//! per its terms, milestones with their progress told, the handover
//! accepted or revised, and the support period after it.
//!
//! Owns the order's state machine (`order`) and what its confirmation
//! agrees to (`terms`: the scope, the instalments, the support period).
//! Never reads the database; visits and stock stay the field's and sales'.

pub mod order;
pub mod terms;

pub use order::{next, ServiceChannel, ServiceStatus, Trigger};
pub use terms::{Instalment, Milestone, ServiceScope};
