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
pub const LOCAL_TABLES: [&str; 13] = [
    "outbox",
    "audit_log",
    "settings",
    "sync_config",
    "sync_queue",
    "sync_versions",
    "sync_applying",
    "sync_conflicts",
    "sync_attributed",
    "sync_flags",
    "sync_held",
    "web_requests_done",
    "web_requests_tries",
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
pub const NO_UPDATE: [&str; 29] = [
    "attachments",
    "conflict_resolutions",
    "consultations",
    "contract_events",
    "courier_cash",
    "courier_reconciliations",
    "custody",
    "drawer_moves",
    "follow_ups_done",
    "invoice_lines",
    "order_credits",
    "order_events",
    "print_jobs",
    "returns",
    "service_order_acceptances",
    "service_order_events",
    "service_order_handovers",
    "service_order_invoice_papers",
    "service_order_invoices",
    "service_order_payments",
    "service_order_revisions",
    "service_order_updates",
    "stock_moves",
    "ticket_events",
    "trade_ins",
    "visit_events",
    "visit_payments",
    "visit_signatures",
    "warranty_events",
];

/// Shared tables whose changes need an owner or admin (the shop's profile,
/// rules, calendar, warranty terms and trade-in programmes, its staff and the keys its warranty cards
/// are trusted by): the device checks the permission, and the hub checks it
/// again against the staff rows it holds, so a device cannot make anyone an
/// owner, slip in a card key or settle a conflict by writing rows.
pub const GUARDED: [&str; 9] = [
    "card_keys",
    "conflict_resolutions",
    "holidays",
    "shop",
    "shop_settings",
    "staff",
    "trade_in_programmes",
    "warranty_rules",
    "working_hours",
];

/// Who made a change, as the hub knows them from the shop's staff rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: uuid::Uuid,
    pub role: String,
    pub active: bool,
}

/// Whether a change to a guarded table may stand. `actor`: the staff member
/// the device names (None: unknown at the hub or no one); `held`: the row as
/// the hub holds it now; `data`: the change's image; `first_card_key`: the
/// device has no card key at the hub yet (its own key, made by the system at
/// its first card, may come up once without a person). A member may change
/// their own password but not their own role, name or standing.
pub fn permitted(
    table: &str,
    actor: Option<&Actor>,
    key: &str,
    held: Option<&serde_json::Value>,
    data: Option<&serde_json::Value>,
    first_card_key: bool,
) -> bool {
    if !GUARDED.contains(&table) {
        return true;
    }
    if actor.is_some_and(|a| a.active && matches!(a.role.as_str(), "owner" | "admin")) {
        return true;
    }
    match table {
        "card_keys" => first_card_key && held.is_none() && data.is_some(),
        "staff" => {
            let (Some(a), Some(held), Some(data)) = (actor, held, data) else {
                return false;
            };
            a.active
                && a.id.to_string() == key
                && ["username", "name", "role", "active", "created_at"]
                    .iter()
                    .all(|c| held.get(c) == data.get(c))
        }
        _ => false,
    }
}

/// What two places changing one row while apart means for people: one
/// serial unit sold, handed over or returned at two counters; one ticket's
/// status moved at two places; or any other row changed twice.
pub fn apart_kind(
    table: &str,
    mine: Option<&serde_json::Value>,
    theirs: Option<&serde_json::Value>,
) -> &'static str {
    let field = |v: Option<&serde_json::Value>, f: &str| v.and_then(|v| v.get(f)).cloned();
    match table {
        "units" => "unit_twice",
        "tickets" | "orders" | "visits" | "courier_jobs" | "service_orders"
            if field(mine, "status") != field(theirs, "status") =>
        {
            "status_apart"
        }
        _ => "changed_apart",
    }
}

/// Shared tables whose rows are never deleted (`<table>_no_delete`).
pub const NO_DELETE: [&str; 35] = [
    "attachments",
    "conflict_resolutions",
    "consultations",
    "contract_events",
    "courier_cash",
    "courier_reconciliations",
    "custody",
    "drawer_moves",
    "follow_ups_done",
    "invoice_lines",
    "invoices",
    "order_credits",
    "order_events",
    "order_invoices",
    "order_payments",
    "payments",
    "print_jobs",
    "reservations",
    "returns",
    "service_order_acceptances",
    "service_order_events",
    "service_order_handovers",
    "service_order_invoice_papers",
    "service_order_invoices",
    "service_order_payments",
    "service_order_revisions",
    "service_order_updates",
    "shifts",
    "stock_moves",
    "ticket_events",
    "trade_ins",
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
    if batch.changes.is_empty() && batch.audit.is_empty() {
        return Err(BatchError::Empty);
    }
    if batch.changes.len() > MAX_BATCH || batch.audit.len() > MAX_AUDIT {
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

/// Whether a device's audit entries continue the chain the hub anchored
/// (its newest entry `head_seq` with `head_hash`): numbers follow on, each
/// entry names the previous hash and its hash is what its content gives.
/// Entries the hub already has are passed over (the one at the head must
/// match it). The new head, or the number of the first entry that breaks
/// the chain: a chain rewritten on the device.
pub fn follows(head_seq: i64, head_hash: &str, links: &[AuditLink]) -> Result<(i64, String), i64> {
    use crate::domain::shop::audit::hash;
    let (mut seq, mut prev) = (head_seq, head_hash.to_string());
    for l in links {
        if l.seq < head_seq {
            continue;
        }
        if l.seq == head_seq {
            if head_seq > 0 && l.hash != head_hash {
                return Err(l.seq);
            }
            continue;
        }
        let e = l;
        if l.seq != seq + 1 || l.prev_hash != prev || hash(&prev, e) != l.hash {
            return Err(l.seq);
        }
        seq = l.seq;
        prev = l.hash.clone();
    }
    Ok((seq, prev))
}

#[cfg(test)]
mod tests;
