//! Returns at the showroom (RMA): whether a return is accepted under the
//! shop's policy (window in calendar or working days, reason, condition, the
//! box), what is refunded (with PPN and the coupon's share) and who pays the
//! return shipping.
//!
//! Owns the return policy and its verdict. Never decides what a customer
//! still has or was already refunded: the store reads that in the return's
//! own transaction and hands it in.

mod policy;

pub use policy::*;
