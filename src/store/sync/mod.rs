//! Branch sync as the device does it: joining a hub with a one-time
//! enrolment code (a standalone shop's whole database queued once when it
//! becomes the first device), the upload queue its capture triggers fill,
//! and one round of sync: push what waits, then pull and apply what others
//! did, in the hub's order, from where the last pull stopped.
//!
//! Owns `sync_config`, `sync_queue`, `sync_versions`, `sync_conflicts`.
//! Every step can be repeated: a push the hub already has changes nothing
//! there, a change is dropped from the queue only once the hub says it has
//! it, and the pull cursor never moves back. Never merges silently: what
//! cannot be applied as it stands is kept as a conflict.

mod apply;
mod capture;
mod client;

pub use apply::Applied;
pub use client::{enrol, HttpHub, Transport};

use crate::domain::staff::permissions::Action;
use crate::domain::sync::{Change, Enrolment, PushBatch, MAX_BATCH, MAX_BATCH_BYTES, MAX_PULL};
use crate::error::{check, Error, Result};
use crate::store::{parse_ts, ts, Ctx, Db, MIGRATOR};
use chrono::{DateTime, Utc};
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

/// What one round of sync did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub pushed: u32,
    pub pulled: Applied,
    pub head: i64,
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

/// Joins this device to a hub with the enrolment the hub gave for its code.
/// `promote`: this shop's whole database is queued for upload (it becomes the
/// hub's first device; an owner's decision). Otherwise the device starts
/// empty and receives the shop from the hub.
pub async fn join(
    db: &Db,
    ctx: Option<&Ctx>,
    hub_url: &str,
    e: &Enrolment,
    promote: bool,
    now: DateTime<Utc>,
) -> Result<u64> {
    if promote {
        let ctx =
            ctx.ok_or_else(|| Error::forbidden("promoting the shop needs its owner signed in"))?;
        ctx.require(Action::ManageShop)?;
    }
    let mut tx = db.begin().await?;
    if sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sync_config")
        .fetch_one(&mut *tx)
        .await?
        > 0
    {
        return Err(Error::invalid_state(
            "already_joined",
            "this device is already joined to a hub",
        ));
    }
    let local: Option<(String, String)> =
        sqlx::query_as("SELECT branch_code, counter_code FROM shop WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await?;
    match (&local, promote) {
        (Some((b, c)), _) if b != &e.branch_code || c != &e.counter_code => {
            return Err(Error::validation(
                "code",
                "counter_mismatch",
                format!(
                    "the code is for counter {}-{}, this device is {b}-{c}",
                    e.branch_code, e.counter_code
                ),
            ));
        }
        (Some(_), false) => {
            return Err(Error::validation(
                "code",
                "device_not_empty",
                "this device already has a shop: join it as the hub's first device (promote)",
            ));
        }
        (None, true) => {
            return Err(Error::invalid_state(
                "not_set_up",
                "there is no shop on this device to upload",
            ));
        }
        _ => {}
    }
    sqlx::query(
        "INSERT INTO sync_config (id, hub_url, shop_id, device_id, token, branch_code, counter_code, joined_at)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(hub_url.trim_end_matches('/'))
    .bind(e.shop_id.to_string())
    .bind(e.device_id.to_string())
    .bind(&e.token)
    .bind(&e.branch_code)
    .bind(&e.counter_code)
    .bind(ts(now))
    .execute(&mut *tx)
    .await?;
    capture::install(&mut tx).await?;
    let queued = if promote {
        capture::snapshot(&mut tx).await?
    } else {
        0
    };
    tx.commit().await?;
    Ok(queued)
}

/// What the counter types to join a hub.
#[derive(Debug, Clone, serde::Deserialize, TS)]
pub struct JoinInput {
    pub hub_url: String,
    pub code: String,
    pub device_name: String,
}

/// Joins this device to the hub at `hub_url` with a one-time code: a set-up
/// shop is promoted (its owner signed in), an empty device receives the shop.
pub async fn join_hub(
    db: &Db,
    ctx: Option<&Ctx>,
    input: &JoinInput,
    now: DateTime<Utc>,
) -> Result<u64> {
    let url = check::required("hub_url", &input.hub_url, 200)?;
    let code = check::required("code", &input.code, 40)?;
    let name = check::required("device_name", &input.device_name, 100)?;
    let set_up = crate::store::shop::is_setup(db).await?;
    if set_up {
        // Fail fast, before the code is spent at the hub.
        ctx.ok_or_else(|| Error::forbidden("promoting the shop needs its owner signed in"))?
            .require(Action::ManageShop)?;
    }
    if config(db).await?.is_some() {
        return Err(Error::invalid_state(
            "already_joined",
            "this device is already joined to a hub",
        ));
    }
    // A refused code is shown next to the code field.
    let e = client::enrol(&url, &code, &name)
        .await
        .map_err(|e| match e {
            Error::Unauthorized { code, message } => Error::Validation {
                field: "code".into(),
                code,
                message,
            },
            other => other,
        })?;
    join(db, ctx, &url, &e, set_up, now).await
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

/// One round when this device is joined to a hub; nothing otherwise.
pub async fn round_if_joined(db: &Db, now: DateTime<Utc>) -> Result<Option<Round>> {
    let Some(cfg) = config(db).await? else {
        return Ok(None);
    };
    let hub = HttpHub::for_config(&cfg)?;
    round(db, &hub, now).await.map(Some)
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

/// One round: push everything that waits, then pull until the hub's head.
/// An error leaves everything as it was for the next round to retry, and is
/// noted for the counter to show.
pub async fn round<T: Transport>(db: &Db, hub: &T, now: DateTime<Utc>) -> Result<Round> {
    let cfg = config(db)
        .await?
        .ok_or_else(|| Error::invalid_state("not_joined", "this device is not joined to a hub"))?;
    // A refused or failed push does not keep others' changes away: the pull
    // runs anyway, and the round reports the first error.
    let pushed = push(db, hub).await;
    let pulled = pull(db, hub, &cfg, now).await;
    let result = match (pushed, pulled) {
        (Ok(pushed), Ok((pulled, head))) => Ok(Round {
            pushed,
            pulled,
            head,
        }),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    let error = result.as_ref().err().map(|e: &Error| e.to_string());
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE sync_config SET last_sync_at = CASE WHEN ?1 IS NULL THEN ?2 ELSE last_sync_at END, last_error = ?1 WHERE id = 1")
        .bind(&error)
        .bind(ts(now))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    result
}

async fn push<T: Transport>(db: &Db, hub: &T) -> Result<u32> {
    let mut pushed = 0;
    loop {
        let rows: Vec<(i64, String, String, Option<String>, i64)> = sqlx::query_as(
            "SELECT seq, tbl, row_key, data, base_seq FROM sync_queue ORDER BY seq LIMIT ?",
        )
        .bind(MAX_BATCH as i64)
        .fetch_all(&db.pool)
        .await?;
        if rows.is_empty() {
            // Checked again under the write lock: nothing committed since
            // can be counted as at the hub.
            let mut tx = db.begin().await?;
            sqlx::query(
                "UPDATE sync_config SET outbox_synced = (SELECT COALESCE(MAX(seq), 0) FROM outbox)
                 WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM sync_queue)",
            )
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            return Ok(pushed);
        }
        let mut changes = Vec::with_capacity(rows.len());
        let mut bytes = 0;
        for (seq, table, key, data, base_seq) in rows {
            bytes += data.as_ref().map_or(0, |d| d.len()) + key.len() + 64;
            if !changes.is_empty() && bytes > MAX_BATCH_BYTES / 2 {
                break;
            }
            let data = match data {
                Some(d) => Some(serde_json::from_str(&d).map_err(|e| Error::Storage {
                    message: format!("queued row: {e}"),
                })?),
                None => None,
            };
            changes.push(Change {
                device_seq: seq,
                table,
                key,
                data,
                base_seq,
            });
        }
        let (first, last) = (changes[0].device_seq, changes[changes.len() - 1].device_seq);
        let n = changes.len() as u32;
        let reply = hub
            .push(&PushBatch {
                schema: schema_version(),
                changes,
            })
            .await?;
        if reply.accepted_through < first || reply.accepted_through > last {
            return Err(Error::Conflict {
                message: format!(
                    "the hub accepted up to {} of a batch {first}..{last}",
                    reply.accepted_through
                ),
            });
        }
        // Only what the hub confirmed leaves the queue.
        let mut tx = db.begin().await?;
        sqlx::query("DELETE FROM sync_queue WHERE seq <= ?")
            .bind(reply.accepted_through)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        pushed += n;
        if reply.accepted_through < last {
            return Err(Error::Conflict {
                message: "the hub accepted only part of the batch".into(),
            });
        }
    }
}

async fn pull<T: Transport>(
    db: &Db,
    hub: &T,
    cfg: &Config,
    now: DateTime<Utc>,
) -> Result<(Applied, i64)> {
    let mut total = Applied::default();
    loop {
        let after: i64 = sqlx::query_scalar("SELECT pulled_seq FROM sync_config WHERE id = 1")
            .fetch_one(&db.pool)
            .await?;
        let reply = hub.pull(after, MAX_PULL).await?;
        let mut last = after;
        for c in &reply.changes {
            if c.seq <= last {
                return Err(Error::Conflict {
                    message: "the hub's changes are not in its order".into(),
                });
            }
            last = c.seq;
        }
        if reply.changes.is_empty() {
            return Ok((total, reply.head));
        }
        let mut tx = db.begin().await?;
        let tables = capture::tables(&mut tx).await?;
        let done = apply::apply(&mut tx, &tables, cfg, &reply.changes, now).await?;
        sqlx::query("UPDATE sync_config SET pulled_seq = max(pulled_seq, ?) WHERE id = 1")
            .bind(last)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        total.applied += done.applied;
        total.own += done.own;
        total.held += done.held;
        total.conflicts += done.conflicts;
        if last >= reply.head {
            return Ok((total, reply.head));
        }
    }
}

/// When this device last finished a round, for people ("2 minutes ago").
pub async fn last_sync(db: &Db) -> Result<Option<DateTime<Utc>>> {
    let at: Option<Option<String>> =
        sqlx::query_scalar("SELECT last_sync_at FROM sync_config WHERE id = 1")
            .fetch_optional(&db.pool)
            .await?;
    Ok(at.flatten().map(|s| parse_ts(&s)))
}
