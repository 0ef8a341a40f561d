//! Staff at a shared counter: sign-in, PIN, lock, and the whole permission matrix.

pub(crate) mod counter;
pub(crate) mod permissions;
