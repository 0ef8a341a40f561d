//! Warranty: the registry, the verdict table, claims and past sales imported.

pub(crate) mod claims;
pub(crate) mod past_sales;
pub(crate) mod registry;
pub(crate) mod verdict;
