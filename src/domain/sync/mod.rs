//! Branch sync: what travels between a device and the shop's hub, and the
//! checks both ends agree on. A device sends its changes as an upload queue
//! of row images (a table, the row's key, every column, or nothing for a
//! delete), numbered by the device in the order it committed them; the hub
//! checks each batch, orders the changes by its own gap-free sequence and
//! hands them to the other devices in that order. Clocks play no part:
//! shop PCs have wrong clocks.
//!
//! Owns the wire types, the batch limits and which tables travel. Never
//! decides a conflict's outcome: a conflict is recorded for people.

mod wire;

pub use wire::*;

/// Tables that never leave the device: its own journals (outbox and audit
/// chain, anchored at the hub by their heads instead), its sync state, the
/// search indexes rebuilt from the rows, and settings that belong to one
/// counter (the idle lock, the backup folder, printers).
pub const LOCAL_TABLES: [&str; 8] = [
    "outbox",
    "audit_log",
    "settings",
    "sync_config",
    "sync_queue",
    "sync_versions",
    "sync_applying",
    "sync_conflicts",
];

/// Columns of a shared table that never leave the device: each counter
/// keeps its branch and counter code (its document series) under one shop
/// profile, a device's unlock PIN or password stays on the PC where it was
/// taken in (the technician there needs it; nobody else may see it), each
/// device's own card key is its own (others' keys arrive as trusted), and
/// the quick PIN switch is a counter's own: its PIN hash, its failed tries
/// and the day's password sign-in it rests on (so a login is no change to
/// sync, and a short PIN's hash is never in the shop's shared rows).
pub fn local_column(table: &str, column: &str) -> bool {
    matches!(
        (table, column),
        ("shop", "branch_code")
            | ("shop", "counter_code")
            | ("tickets", "unlock_secret")
            | ("card_keys", "own")
            | ("staff", "pin_hash")
            | ("staff", "pin_failures")
            | ("staff", "last_login_at")
    )
}

/// Whether a table of the device's schema travels to the hub.
pub fn shared_table(name: &str) -> bool {
    !LOCAL_TABLES.contains(&name)
        && !name.starts_with("sqlite_")
        && !name.starts_with('_')
        && !name.starts_with("ticket_search")
        && !name.starts_with("order_search")
}

/// Shared tables whose rows, once written, never change (the devices'
/// `<table>_no_update` triggers): history, stock moves, money records. The
/// hub keeps that promise for them too: a change rewriting such a row is a
/// conflict, not applied.
pub const NO_UPDATE: [&str; 14] = [
    "consultations",
    "courier_cash",
    "courier_reconciliations",
    "custody",
    "invoice_lines",
    "order_credits",
    "order_events",
    "returns",
    "stock_moves",
    "ticket_events",
    "visit_events",
    "visit_payments",
    "visit_signatures",
    "warranty_events",
];

/// Shared tables whose rows are never deleted (`<table>_no_delete`).
pub const NO_DELETE: [&str; 19] = [
    "consultations",
    "courier_cash",
    "courier_reconciliations",
    "custody",
    "invoice_lines",
    "invoices",
    "order_credits",
    "order_events",
    "order_invoices",
    "order_payments",
    "payments",
    "reservations",
    "returns",
    "stock_moves",
    "ticket_events",
    "visit_events",
    "visit_invoices",
    "visit_payments",
    "warranty_events",
];

/// Most changes one push may carry, and most bytes one request may have.
pub const MAX_BATCH: usize = 5000;
pub const MAX_BATCH_BYTES: usize = 8 * 1024 * 1024;
/// Most changes one pull returns.
pub const MAX_PULL: usize = 5000;

/// A table or column name as it may appear in a change: lower-case ASCII
/// letters, digits and underscores, starting with a letter (it is quoted
/// into SQL at both ends, so anything else is refused before).
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && name.len() <= 63
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Checks a batch before anything of it is written: its size, the device's
/// own numbering (strictly increasing, positive) and every name in it.
pub fn check_batch(batch: &PushBatch) -> Result<(), BatchError> {
    if batch.changes.is_empty() {
        return Err(BatchError::Empty);
    }
    if batch.changes.len() > MAX_BATCH {
        return Err(BatchError::TooLarge);
    }
    let mut last = 0;
    for c in &batch.changes {
        if c.device_seq <= last {
            return Err(BatchError::OutOfOrder);
        }
        last = c.device_seq;
        if !valid_name(&c.table) || !shared_table(&c.table) {
            return Err(BatchError::UnknownTable(c.table.clone()));
        }
        if c.key.is_empty() || c.key.len() > 200 {
            return Err(BatchError::BadKey);
        }
        if let Some(data) = &c.data {
            let Some(obj) = data.as_object() else {
                return Err(BatchError::BadRow);
            };
            if let Some(bad) = obj.keys().find(|k| !valid_name(k)) {
                return Err(BatchError::UnknownColumn(bad.clone()));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
