//! Branch sync as the device does it: joining a hub with a one-time
//! enrolment code (a standalone shop's whole database queued once when it
//! becomes the first device), the upload queue its capture triggers fill,
//! and one round of sync: push what waits, then pull and apply what others
//! did, in the hub's order, from where the last pull stopped.
//!
//! Owns `sync_config`, `sync_queue`, `sync_versions`, `sync_conflicts`,
//! `sync_attributed` and the shared `conflict_resolutions`.
//! Every step can be repeated: a push the hub already has changes nothing
//! there, a change is dropped from the queue only once the hub says it has
//! it, and the pull cursor never moves back. Never merges silently: what
//! cannot be applied as it stands is kept as a conflict.

mod apply;
mod capture;
mod client;
mod held;
mod inbox;
mod join;
pub(crate) mod reindex;
mod resolve;
mod round;
mod snapshot;

pub use apply::{set_one_by_one, Applied};
pub use client::{enrol, HttpHub, Transport};
pub use inbox::WEB_ACCOUNT;
pub use join::{join, join_hub, JoinInput};
pub use resolve::{merge_customers, resolve, MergeInput, ResolveInput};
pub use round::{round, round_if_joined, set_serial_pull, Round};
pub use snapshot::set_snapshots;

use crate::domain::staff::permissions::Action;
use crate::error::{Error, Result};
use crate::store::{Ctx, Db, MIGRATOR};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

/// This device's place in its shop's sync.
#[derive(Debug, Clone)]
pub struct Config {
    pub hub_url: String,
    pub shop_id: Uuid,
    pub device_id: Uuid,
    pub token: String,
    pub branch_code: String,
    pub counter_code: String,
}

/// What the counter shows about sync.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncStatus {
    pub joined: bool,
    pub hub_url: Option<String>,
    /// Changes made here (actions, as the outbox counts them) that the hub
    /// does not have yet.
    #[ts(type = "number")]
    pub waiting: i64,
    pub last_sync_at: Option<String>,
    pub last_error: Option<String>,
    /// Others' changes this device kept aside for people to decide.
    #[ts(type = "number")]
    pub conflicts: i64,
}

/// A table that travels, as the device's schema has it: what the hub's
/// own tables of the shop's rows are made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedTable {
    pub name: String,
    pub key: String,
    /// Travelling columns with their declared type (INTEGER, TEXT, BLOB).
    pub columns: Vec<(String, String)>,
}

/// Every shared table of this build's schema, parents before children.
pub async fn shared_schema(db: &Db) -> Result<Vec<SharedTable>> {
    let mut conn = db.pool.acquire().await?;
    Ok(capture::tables(&mut conn)
        .await?
        .into_iter()
        .map(|t| SharedTable {
            name: t.name,
            key: t.key,
            columns: t.columns,
        })
        .collect())
}

/// The schema version this build writes (its newest migration).
pub fn schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

pub async fn config(db: &Db) -> Result<Option<Config>> {
    let row: Option<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT hub_url, shop_id, device_id, token, branch_code, counter_code FROM sync_config WHERE id = 1",
    )
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(
        |(hub_url, shop, device, token, branch_code, counter_code)| Config {
            hub_url,
            shop_id: Uuid::parse_str(&shop).unwrap_or_default(),
            device_id: Uuid::parse_str(&device).unwrap_or_default(),
            token,
            branch_code,
            counter_code,
        },
    ))
}

/// Remakes the capture triggers of a joined device (at every start, so a
/// new migration's tables and columns are captured too).
pub(crate) async fn refresh(db: &Db) -> Result<()> {
    if config(db).await?.is_none() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    capture::install(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The shop's open conflicts, from the hub (owner and admins: they hold
/// both versions of shop rows).
pub async fn hub_conflicts(db: &Db, ctx: &Ctx) -> Result<Vec<crate::domain::sync::HubConflict>> {
    ctx.require(Action::ViewAudit)?;
    let cfg = config(db)
        .await?
        .ok_or_else(|| Error::invalid_state("not_joined", "this device is not joined to a hub"))?;
    HttpHub::for_config(&cfg)?.conflicts().await
}

pub async fn status(db: &Db) -> Result<SyncStatus> {
    let cfg: Option<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT hub_url, last_sync_at, last_error FROM sync_config WHERE id = 1")
            .fetch_optional(&db.pool)
            .await?;
    // Changes as the counter made them (one per action, its outbox entry),
    // not the rows they wrote; at least one while anything is queued.
    let waiting: i64 = sqlx::query_scalar(
        "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM sync_queue) THEN 0
                ELSE max(1, (SELECT COUNT(*) FROM outbox WHERE seq > COALESCE((SELECT outbox_synced FROM sync_config WHERE id = 1), 0))) END",
    )
    .fetch_one(&db.pool)
    .await?;
    let conflicts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sync_conflicts")
        .fetch_one(&db.pool)
        .await?;
    Ok(SyncStatus {
        joined: cfg.is_some(),
        hub_url: cfg.as_ref().map(|c| c.0.clone()),
        waiting,
        last_sync_at: cfg.as_ref().and_then(|c| c.1.clone()),
        last_error: cfg.and_then(|c| c.2),
        conflicts,
    })
}

/// How the shop's hub stands on this device's rows of `table`: None for a
/// standalone device (nothing to confirm); otherwise the rows the hub has not
/// confirmed, each with why: `tentative` (made here, not at the hub yet) or
/// the kind of the open conflict the hub recorded on it (`double_booked`).
/// A row not listed is confirmed.
pub async fn standing(
    db: &Db,
    table: &str,
) -> Result<Option<std::collections::HashMap<String, String>>> {
    if config(db).await?.is_none() {
        return Ok(None);
    }
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT row_key, kind FROM sync_flags WHERE tbl = ?1
         UNION ALL SELECT DISTINCT row_key, 'tentative' FROM sync_queue WHERE tbl = ?1",
    )
    .bind(table)
    .fetch_all(&db.pool)
    .await?;
    // Not at the hub yet says more than a flag on an older version.
    let mut out = std::collections::HashMap::new();
    for (key, kind) in rows {
        if kind == "tentative" {
            out.insert(key, kind);
        } else {
            out.entry(key).or_insert(kind);
        }
    }
    Ok(Some(out))
}

/// An ORDER BY for a history kept as rows (custody hand-overs) that survives
/// syncing: the hub's order of the rows it has, then this device's own rows
/// not at the hub yet, in the order they were written here. Every device of
/// the shop reads the same history once synced (arrival order does not).
pub(crate) fn hub_order(table: &str, alias: &str, key: &str) -> String {
    format!(
        "COALESCE((SELECT v.hub_seq FROM sync_versions v WHERE v.tbl = '{table}' AND v.row_key = {alias}.{key}), 9223372036854775807), {alias}.rowid"
    )
}

/// An order's standing at the hub on a joined device (None when standalone):
/// `tentative` while the order or the stock it holds has not reached the
/// hub, `oversold` when the hub found its hold on the last unit taken by
/// another counter too, otherwise `confirmed`.
pub(crate) async fn order_standing(
    conn: &mut sqlx::SqliteConnection,
    order: Uuid,
) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT CASE
           WHEN NOT EXISTS (SELECT 1 FROM sync_config) THEN NULL
           WHEN EXISTS (SELECT 1 FROM sync_queue q WHERE q.tbl = 'orders' AND q.row_key = ?1)
             OR EXISTS (SELECT 1 FROM reservations r JOIN sync_queue q ON q.tbl = 'reservations' AND q.row_key = r.id
                        WHERE r.order_id = ?1 AND r.released_at IS NULL) THEN 'tentative'
           WHEN EXISTS (SELECT 1 FROM reservations r JOIN sync_flags f ON f.tbl = 'reservations' AND f.row_key = r.id
                        WHERE r.order_id = ?1 AND r.released_at IS NULL AND f.kind = 'oversold')
             OR EXISTS (SELECT 1 FROM stock_moves m JOIN sync_flags f ON f.tbl = 'stock_moves' AND f.row_key = m.id
                        WHERE m.order_id = ?1 AND f.kind = 'oversold') THEN 'oversold'
           ELSE 'confirmed' END",
    )
    .bind(order.to_string())
    .fetch_one(&mut *conn)
    .await?)
}
