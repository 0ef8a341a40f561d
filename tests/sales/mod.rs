//! Sales at the counter and from the web: orders, changes and the shops'
//! policies, cancellations, delivery, and the owner's day report.

pub(crate) mod cancellations;
pub(crate) mod changes;
pub(crate) mod delivery;
pub(crate) mod orders;
pub(crate) mod policies;
pub(crate) mod reports;
pub(crate) mod sheets;
pub(crate) mod trade_in;
