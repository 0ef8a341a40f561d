//! The cash drawer's paper: a shift's summary on the receipt roll (or its
//! 80 mm PDF), what the clerk hands the owner with the counted cash.

pub mod shift;
