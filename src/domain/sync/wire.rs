//! The messages of the sync protocol (JSON over HTTPS).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One row change from a device's upload queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The device's own number for it: strictly increasing, never reused.
    /// With the device's id it is the change's identity, so a push that is
    /// sent twice is applied once.
    pub device_seq: i64,
    pub table: String,
    /// The row's primary key as text.
    pub key: String,
    /// Every column of the row after the change; `None` for a delete.
    pub data: Option<serde_json::Value>,
    /// The hub's sequence of the version of this row the device had when it
    /// changed it (0: none). A newer version from another device at the hub
    /// means both changed the row while apart: a conflict.
    pub base_seq: i64,
    /// The staff member whose action made it (from the transaction's outbox
    /// entry); None for the system's own work. The hub checks their
    /// permission again for guarded tables.
    #[serde(default)]
    pub staff_id: Option<Uuid>,
}

/// One entry of a device's audit chain, as the hub anchors it: the hub
/// recomputes each hash and checks it follows the last one it holds, so a
/// chain rewritten on a device is found at the hub.
pub use crate::domain::shop::audit::Entry as AuditLink;

/// Most audit entries one push carries.
pub const MAX_AUDIT: usize = 2000;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PushBatch {
    /// The device's schema version (its newest migration); a device behind
    /// the hub's schema is refused until it updates.
    pub schema: i64,
    pub changes: Vec<Change>,
    /// The device's audit entries after the last one the hub anchored.
    #[serde(default)]
    pub audit: Vec<AuditLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushReply {
    /// The device's changes up to this number are at the hub (applied now or
    /// before): the device may drop them from its queue.
    pub accepted_through: i64,
    pub applied: u32,
    /// Changes the hub already had (a push repeated after a lost reply).
    pub duplicates: u32,
    pub conflicts: u32,
    /// The device's audit chain is anchored at the hub up to this entry.
    #[serde(default)]
    pub audit_through: i64,
}

/// A change as the hub hands it out, in its order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pulled {
    pub seq: i64,
    pub device_id: Uuid,
    pub table: String,
    pub key: String,
    pub data: Option<serde_json::Value>,
    /// The hub did not apply it to the shop's rows (it rewrote history, or
    /// its values did not fit): devices note it and leave their rows as
    /// they are, so every copy of the shop stays the same.
    #[serde(default)]
    pub refused: bool,
    /// An open conflict the hub recorded on this change (its id and kind):
    /// the device shows the row as not confirmed (a double booking).
    #[serde(default)]
    pub conflict: Option<(Uuid, String)>,
}

/// One page of one table's rows as the hub holds them now: a joining
/// device's first download, before it follows the change log from `head`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SnapshotPage {
    /// The hub's newest sequence for this shop, read before the rows: every
    /// change up to it is in them (some rows may be newer still; the log
    /// from here brings each row to its last version anyway).
    pub head: i64,
    /// The columns of each row's values, in order.
    pub columns: Vec<String>,
    /// The rows in key order, each a JSON array: the columns' values, then
    /// the hub sequence of the version, then the open conflict on it (its
    /// id and kind, or two nulls). Passed through as text: the device hands
    /// it to SQLite whole.
    pub rows: Box<serde_json::value::RawValue>,
    pub count: usize,
    /// The key of the last row, for the next page; None when there are none.
    pub last_key: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PullReply {
    pub changes: Vec<Pulled>,
    /// The hub's newest sequence for this shop when it answered.
    pub head: i64,
}

/// What an enrolment code is exchanged for, once.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Enrolment {
    pub shop_id: Uuid,
    pub device_id: Uuid,
    /// The device's credential: shown once, stored hashed at the hub.
    pub token: String,
    pub branch_code: String,
    pub counter_code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnrolRequest {
    pub code: String,
    pub device_name: String,
}

/// Why a batch is refused before anything of it is written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("the batch is empty")]
    Empty,
    #[error("the batch has more changes than one push may carry")]
    TooLarge,
    #[error("the device's numbers in the batch do not increase")]
    OutOfOrder,
    #[error("unknown table {0}")]
    UnknownTable(String),
    #[error("unknown column {0}")]
    UnknownColumn(String),
    #[error("a row key is empty or too long")]
    BadKey,
    #[error("a row is not an object of columns")]
    BadRow,
}

impl BatchError {
    pub fn code(&self) -> &'static str {
        match self {
            BatchError::Empty => "empty_batch",
            BatchError::TooLarge => "batch_too_large",
            BatchError::OutOfOrder => "batch_out_of_order",
            BatchError::UnknownTable(_) => "unknown_table",
            BatchError::UnknownColumn(_) => "unknown_column",
            BatchError::BadKey => "bad_key",
            BatchError::BadRow => "bad_row",
        }
    }
}

/// A conflict as the hub shows it to people: what happened, where, and both
/// versions (this change's row image, and the one it was not made on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct HubConflict {
    pub id: Uuid,
    #[ts(type = "number")]
    pub seq: i64,
    pub table: String,
    pub key: String,
    /// changed_apart, status_apart, unit_twice, same_customer,
    /// double_booked, oversold, not_permitted, rewrites_history,
    /// erases_history, not_applied or audit_broken.
    pub kind: String,
    /// The device whose change it is, and the other side's (when there is one).
    pub device: String,
    pub other_device: Option<String>,
    #[ts(type = "Record<string, unknown> | null")]
    pub mine: Option<serde_json::Value>,
    #[ts(type = "Record<string, unknown> | null")]
    pub theirs: Option<serde_json::Value>,
    pub at: String,
    /// Set once a person decided it (a synced resolution).
    pub resolved: Option<String>,
}
