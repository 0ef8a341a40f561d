//! The outbox: one row per change, written in the change's own transaction.
//! A future sync process reads it in `seq` order and ships it to the central
//! PostgreSQL; nothing else reads it. Every outbox row also gets its chained
//! audit entry here, so no change can skip the audit trail.

use crate::domain::new_id;
use crate::error::Result;
use crate::store::{ts, Ctx, Tx};
use serde::Serialize;
use uuid::Uuid;

fn json<P: Serialize>(p: &P) -> Result<String> {
    serde_json::to_string(p).map_err(|e| crate::Error::Storage {
        message: e.to_string(),
    })
}

/// A creation or an event: the audit entry has no "before".
pub async fn append<P: Serialize>(
    tx: &mut Tx,
    ctx: &Ctx,
    entity: &str,
    entity_id: Uuid,
    op: &str,
    payload: &P,
) -> Result<()> {
    write(tx, ctx, entity, entity_id, op, None, json(payload)?).await
}

/// A change of an existing record: the audit entry keeps `before → after`.
pub async fn append_change<B: Serialize, P: Serialize>(
    tx: &mut Tx,
    ctx: &Ctx,
    entity: &str,
    entity_id: Uuid,
    op: &str,
    before: &B,
    after: &P,
) -> Result<()> {
    write(
        tx,
        ctx,
        entity,
        entity_id,
        op,
        Some(json(before)?),
        json(after)?,
    )
    .await
}

async fn write(
    tx: &mut Tx,
    ctx: &Ctx,
    entity: &str,
    entity_id: Uuid,
    op: &str,
    before: Option<String>,
    payload: String,
) -> Result<()> {
    crate::store::shop::audit::append(tx, ctx, entity, entity_id, op, before, &payload).await?;
    sqlx::query("INSERT INTO outbox (id, entity, entity_id, op, payload, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(new_id().to_string())
        .bind(entity)
        .bind(entity_id.to_string())
        .bind(op)
        .bind(payload)
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .execute(&mut **tx)
        .await?;
    Ok(())
}
