//! Service orders for IT work and installations: one order end to end, the
//! refusals that write nothing, and revisions that never undo what
//! happened; `fixtures` is what they share.

pub(crate) mod attachments;
pub(crate) mod fixtures;
pub(crate) mod orders;
pub(crate) mod papers;
pub(crate) mod refusals;
pub(crate) mod revisions;
