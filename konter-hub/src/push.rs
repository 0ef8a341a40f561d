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
    check_batch, follows, AuditLink, BatchError, Change, PushBatch, PushReply, MAX_BATCH_BYTES,
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
    let last = batch.changes.last().map_or(through, |c| c.device_seq);
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
        conflicts = crate::apply::batch(&hub, &mut tx, me.shop_id, me.id, first, &fresh).await?;
        sqlx::query("UPDATE devices SET pushed_through = $2, last_seen_at = now() WHERE id = $1")
            .bind(me.id)
            .bind(last)
            .execute(&mut *tx)
            .await?;
    }
    let audit_through = anchor(&mut tx, me.shop_id, me.id, &batch.audit).await?;
    tx.commit().await?;
    Ok(Json(PushReply {
        accepted_through: last,
        applied: fresh.len() as u32,
        duplicates,
        conflicts,
        audit_through,
    }))
}

/// Anchors the device's audit entries that continue its chain; a chain that
/// does not (rewritten on the device) is a conflict for people, once, and
/// the hub keeps the chain it had. Returns how far the device need not send
/// again: the anchored head, or past what it sent once its chain is broken.
async fn anchor(
    tx: &mut sqlx::PgConnection,
    shop: Uuid,
    device: Uuid,
    links: &[AuditLink],
) -> Result<i64, HubError> {
    let (seq, hash, broken): (i64, String, bool) = sqlx::query_as(
        "SELECT audit_seq, audit_hash, audit_broken_at IS NOT NULL FROM devices WHERE id = $1",
    )
    .bind(device)
    .fetch_one(&mut *tx)
    .await?;
    if links.is_empty() {
        return Ok(seq);
    }
    // Past what the device sent, once its chain is broken: the conflict is
    // recorded and the entries need not come again.
    let past = links.last().map_or(seq, |l| l.seq.max(seq));
    if broken {
        return Ok(past);
    }
    match follows(seq, &hash, links) {
        Ok((head, head_hash)) => {
            let new: Vec<&AuditLink> = links.iter().filter(|l| l.seq > seq).collect();
            if new.is_empty() {
                return Ok(seq);
            }
            let col =
                |f: fn(&AuditLink) -> Option<String>| new.iter().map(|l| f(l)).collect::<Vec<_>>();
            sqlx::query(
                "INSERT INTO audit_entries (device_id, seq, id, at, staff_id, entity, entity_id, op, before, detail, prev_hash, hash)
                 SELECT $1, * FROM UNNEST($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])",
            )
            .bind(device)
            .bind(new.iter().map(|l| l.seq).collect::<Vec<_>>())
            .bind(col(|l| Some(l.id.clone())))
            .bind(col(|l| Some(l.at.clone())))
            .bind(col(|l| l.staff_id.clone()))
            .bind(col(|l| Some(l.entity.clone())))
            .bind(col(|l| Some(l.entity_id.clone())))
            .bind(col(|l| Some(l.op.clone())))
            .bind(col(|l| l.before.clone()))
            .bind(col(|l| Some(l.detail.clone())))
            .bind(col(|l| Some(l.prev_hash.clone())))
            .bind(col(|l| Some(l.hash.clone())))
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE devices SET audit_seq = $2, audit_hash = $3 WHERE id = $1")
                .bind(device)
                .bind(head)
                .bind(head_hash)
                .execute(&mut *tx)
                .await?;
            Ok(head)
        }
        Err(at) => {
            sqlx::query("UPDATE devices SET audit_broken_at = now() WHERE id = $1")
                .bind(device)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO conflicts (id, shop_id, seq, tbl, row_key, kind, device_id, detail)
                 VALUES ($1, $2, NULL, 'audit_log', $3, 'audit_broken', $4, $5)",
            )
            .bind(konter::domain::new_id())
            .bind(shop)
            .bind(at.to_string())
            .bind(device)
            .bind(format!(
                "the device's audit chain no longer follows entry {seq} the hub holds"
            ))
            .execute(&mut *tx)
            .await?;
            Ok(past)
        }
    }
}
