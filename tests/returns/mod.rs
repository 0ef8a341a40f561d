//! Returns at the showroom and returns that travel back by courier.

pub(crate) mod shipping;
pub(crate) mod showroom;
