//! POST /v1/push: a device's batch of changes. Checked whole before anything
//! is written (credential, size, the device's numbering, the schema, every
//! table and column); then, in one transaction, the changes the hub does
//! not have yet get the next numbers of the shop's sequence, go into the
//! change log and onto the shop's rows. A change the hub already has (the
//! same push again after a lost reply) is counted, not applied twice.
//!
//! Two places that changed one row while apart are both kept: the later
//! change is applied in the hub's order and a conflict names both versions.
//! A change the rows cannot take (a value of the wrong type), or one that
//! would rewrite or erase history (an event, a stock move, a payment), stays
//! in the log with a conflict but out of the shop's rows, and devices leave
//! their rows as they are for it: the queue never blocks on it, and every
//! copy of the shop stays the same.

use crate::auth::device;
use crate::{Hub, HubError};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use konter::domain::sync::{
    check_batch, BatchError, Change, PushBatch, PushReply, MAX_BATCH_BYTES, NO_DELETE, NO_UPDATE,
};
use uuid::Uuid;

fn refused(e: BatchError) -> HubError {
    HubError::bad("batch", e.code(), e.to_string())
}

pub(crate) async fn push(
    State(hub): State<Hub>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<PushReply>, HubError> {
    let me = device(&hub, &headers).await?;
    if body.len() > MAX_BATCH_BYTES {
        return Err(refused(BatchError::TooLarge));
    }
    let batch: PushBatch = serde_json::from_slice(&body)
        .map_err(|_| HubError::bad("batch", "malformed", "the batch is not readable"))?;
    check_batch(&batch).map_err(refused)?;
    if batch.schema < hub.min_schema {
        return Err(HubError::bad(
            "batch",
            "old_schema",
            format!(
                "this device's Konter is older than the hub's (schema {} < {}): update it",
                batch.schema, hub.min_schema
            ),
        ));
    }
    for c in &batch.changes {
        let t = hub
            .tables
            .get(&c.table)
            .ok_or_else(|| refused(BatchError::UnknownTable(c.table.clone())))?;
        if let Some(obj) = c.data.as_ref().and_then(|d| d.as_object()) {
            if let Some(bad) = obj.keys().find(|k| !t.columns.contains(k)) {
                return Err(refused(BatchError::UnknownColumn(bad.clone())));
            }
            if obj
                .get(&t.key)
                .and_then(|v| {
                    v.as_str()
                        .map(String::from)
                        .or_else(|| v.as_i64().map(|i| i.to_string()))
                })
                .as_deref()
                != Some(c.key.as_str())
            {
                return Err(refused(BatchError::BadKey));
            }
        }
    }
    let mut tx = hub.pool.begin().await?;
    let through: i64 =
        sqlx::query_scalar("SELECT pushed_through FROM devices WHERE id = $1 FOR UPDATE")
            .bind(me.id)
            .fetch_one(&mut *tx)
            .await?;
    let last = batch.changes.last().map_or(0, |c| c.device_seq);
    let fresh: Vec<&Change> = batch
        .changes
        .iter()
        .filter(|c| c.device_seq > through)
        .collect();
    let duplicates = (batch.changes.len() - fresh.len()) as u32;
    // A device numbers its changes without gaps; a jump means it lost some
    // (a restored backup, a copied database): refused, so nothing is skipped
    // silently.
    if fresh.first().is_some_and(|c| c.device_seq != through + 1) {
        return Err(HubError::bad(
            "batch",
            "batch_gap",
            format!(
                "the hub has this device's changes up to {through}; the batch goes on from {}",
                fresh[0].device_seq
            ),
        ));
    }
    let mut conflicts = 0;
    if !fresh.is_empty() {
        let head: i64 =
            sqlx::query_scalar("UPDATE shops SET head = head + $2 WHERE id = $1 RETURNING head")
                .bind(me.shop_id)
                .bind(fresh.len() as i64)
                .fetch_one(&mut *tx)
                .await?;
        let first = head - fresh.len() as i64 + 1;
        for (i, c) in fresh.iter().enumerate() {
            conflicts += apply(&hub, &mut tx, me.shop_id, me.id, first + i as i64, c).await?;
        }
        sqlx::query("UPDATE devices SET pushed_through = $2, last_seen_at = now() WHERE id = $1")
            .bind(me.id)
            .bind(last)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Json(PushReply {
        accepted_through: last,
        applied: fresh.len() as u32,
        duplicates,
        conflicts,
    }))
}

/// Logs one change at `seq` and applies it to the shop's rows; returns the
/// number of conflicts it raised (0, 1 or 2).
async fn apply(
    hub: &Hub,
    tx: &mut sqlx::PgConnection,
    shop: Uuid,
    device: Uuid,
    seq: i64,
    c: &Change,
) -> Result<u32, HubError> {
    sqlx::query(
        "INSERT INTO changes (shop_id, seq, device_id, device_seq, tbl, row_key, data, base_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(shop)
    .bind(seq)
    .bind(device)
    .bind(c.device_seq)
    .bind(&c.table)
    .bind(&c.key)
    .bind(&c.data)
    .bind(c.base_seq)
    .execute(&mut *tx)
    .await?;
    let t = &hub.tables[&c.table];
    let held: Option<(i64, Uuid)> = sqlx::query_as(&format!(
        "SELECT _seq, _device FROM rows.\"{}\" WHERE _shop = $1 AND \"{}\"::text = $2",
        c.table, t.key
    ))
    .bind(shop)
    .bind(&c.key)
    .fetch_optional(&mut *tx)
    .await?;
    let mut raised = 0;
    if let Some((other_seq, other_device)) = held {
        if other_device != device && other_seq > c.base_seq {
            conflict(
                tx,
                shop,
                seq,
                c,
                "changed_apart",
                Some((other_seq, other_device)),
                None,
            )
            .await?;
            raised = 1;
        }
    }
    // History stays history at the hub as on the devices: a change that
    // rewrites or erases a row that never changes is kept out of the rows.
    if held.is_some() {
        let rewrites = match &c.data {
            Some(data) if NO_UPDATE.contains(&c.table.as_str()) => {
                let same: bool = sqlx::query_scalar(&format!(
                    "SELECT (to_jsonb(r) - '_shop' - '_seq' - '_device') = (to_jsonb(jsonb_populate_record(NULL::rows.\"{0}\", $3)) - '_shop' - '_seq' - '_device')
                     FROM rows.\"{0}\" r WHERE _shop = $1 AND \"{1}\"::text = $2",
                    c.table, t.key
                ))
                .bind(shop)
                .bind(&c.key)
                .bind(data)
                .fetch_one(&mut *tx)
                .await?;
                (!same).then_some("rewrites_history")
            }
            None if NO_DELETE.contains(&c.table.as_str()) => Some("erases_history"),
            _ => None,
        };
        if let Some(kind) = rewrites {
            conflict(tx, shop, seq, c, kind, held, None).await?;
            refuse(tx, shop, seq).await?;
            return Ok(raised + 1);
        }
    }
    sqlx::query("SAVEPOINT change").execute(&mut *tx).await?;
    let written = match &c.data {
        Some(data) => {
            sqlx::query(&crate::rows::upsert(&c.table, t))
                .bind(shop)
                .bind(seq)
                .bind(device)
                .bind(data)
                .execute(&mut *tx)
                .await
        }
        None => {
            sqlx::query(&format!(
                "DELETE FROM rows.\"{}\" WHERE _shop = $1 AND \"{}\"::text = $2",
                c.table, t.key
            ))
            .bind(shop)
            .bind(&c.key)
            .execute(&mut *tx)
            .await
        }
    };
    match written {
        Ok(_) => {
            sqlx::query("RELEASE SAVEPOINT change")
                .execute(&mut *tx)
                .await?;
        }
        Err(e) => {
            sqlx::query("ROLLBACK TO SAVEPOINT change")
                .execute(&mut *tx)
                .await?;
            let code = match &e {
                sqlx::Error::Database(d) => d.code().map(|c| c.to_string()),
                _ => None,
            };
            conflict(tx, shop, seq, c, "not_applied", None, code).await?;
            refuse(tx, shop, seq).await?;
            raised += 1;
        }
    }
    Ok(raised)
}

/// Marks a logged change as kept out of the shop's rows.
async fn refuse(tx: &mut sqlx::PgConnection, shop: Uuid, seq: i64) -> Result<(), HubError> {
    sqlx::query("UPDATE changes SET applied = false WHERE shop_id = $1 AND seq = $2")
        .bind(shop)
        .bind(seq)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

async fn conflict(
    tx: &mut sqlx::PgConnection,
    shop: Uuid,
    seq: i64,
    c: &Change,
    kind: &str,
    other: Option<(i64, Uuid)>,
    detail: Option<String>,
) -> Result<(), HubError> {
    sqlx::query(
        "INSERT INTO conflicts (id, shop_id, seq, tbl, row_key, kind, other_seq, other_device, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(konter::domain::new_id())
    .bind(shop)
    .bind(seq)
    .bind(&c.table)
    .bind(&c.key)
    .bind(kind)
    .bind(other.map(|o| o.0))
    .bind(other.map(|o| o.1))
    .bind(detail)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
