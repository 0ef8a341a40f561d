//! The audit trail as stored: one chained entry per change, appended in the
//! change's own transaction (from `outbox::append`, so no write can skip it),
//! and its verification.

use crate::domain::shop::audit::{self, Broken, Entry};
use crate::error::Result;
use crate::store::{ts, Ctx, Db, Tx};
use serde::Serialize;
use sqlx::FromRow;
use ts_rs::TS;
use uuid::Uuid;

#[derive(FromRow)]
struct Row {
    seq: i64,
    id: String,
    at: String,
    staff_id: Option<String>,
    entity: String,
    entity_id: String,
    op: String,
    before: Option<String>,
    detail: String,
    prev_hash: String,
    hash: String,
}

impl From<Row> for Entry {
    fn from(r: Row) -> Entry {
        Entry {
            seq: r.seq,
            id: r.id,
            at: r.at,
            staff_id: r.staff_id,
            entity: r.entity,
            entity_id: r.entity_id,
            op: r.op,
            before: r.before,
            detail: r.detail,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

pub(crate) async fn append(
    tx: &mut Tx,
    ctx: &Ctx,
    entity: &str,
    entity_id: Uuid,
    op: &str,
    before: Option<String>,
    detail: &str,
) -> Result<()> {
    // BEGIN IMMEDIATE holds the write lock, so the last hash cannot change under us.
    let last: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut **tx)
            .await?;
    let (seq, prev_hash) = last
        .map(|(s, h)| (s + 1, h))
        .unwrap_or((1, audit::GENESIS.to_string()));
    let mut e = Entry {
        seq,
        id: crate::domain::new_id().to_string(),
        at: ts(ctx.now),
        staff_id: Some(ctx.staff_id.to_string()),
        entity: entity.to_string(),
        entity_id: entity_id.to_string(),
        op: op.to_string(),
        before,
        detail: detail.to_string(),
        prev_hash,
        hash: String::new(),
    };
    e.hash = audit::hash(&e.prev_hash, &e);
    sqlx::query(
        "INSERT INTO audit_log (seq, id, at, staff_id, entity, entity_id, op, before, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(e.seq)
    .bind(&e.id)
    .bind(&e.at)
    .bind(&e.staff_id)
    .bind(&e.entity)
    .bind(&e.entity_id)
    .bind(&e.op)
    .bind(&e.before)
    .bind(&e.detail)
    .bind(&e.prev_hash)
    .bind(&e.hash)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AuditCheck {
    #[ts(type = "number")]
    pub entries: i64,
    /// None when the whole chain is intact.
    pub broken: Option<Broken>,
}

/// The entries after `seq`, oldest first, at most `limit` (what goes up to
/// the hub to be anchored).
pub(crate) async fn after(db: &Db, seq: i64, limit: usize) -> Result<Vec<Entry>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT seq, id, at, staff_id, entity, entity_id, op, before, detail, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
    )
    .bind(seq)
    .bind(limit as i64)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(Entry::from).collect())
}

/// Re-computes the whole chain (owner and admin).
pub async fn verify(db: &Db, ctx: &Ctx) -> Result<AuditCheck> {
    ctx.require(crate::domain::staff::permissions::Action::ViewAudit)?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT seq, id, at, staff_id, entity, entity_id, op, before, detail, prev_hash, hash FROM audit_log ORDER BY seq",
    )
        .fetch_all(&db.pool)
        .await?;
    let entries: Vec<Entry> = rows.into_iter().map(Entry::from).collect();
    Ok(match audit::verify(&entries) {
        Ok(n) => AuditCheck {
            entries: n as i64,
            broken: None,
        },
        Err(b) => AuditCheck {
            entries: entries.len() as i64,
            broken: Some(b),
        },
    })
}
