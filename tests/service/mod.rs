//! Service orders for IT work and installations: one order end to end, and
//! the refusals that write nothing.

pub(crate) mod orders;
pub(crate) mod refusals;
