//! The shop's own data: backups and restore.

pub(crate) mod backup;
