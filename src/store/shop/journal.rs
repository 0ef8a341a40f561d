//! Outbox rows and their chained audit entries for bulk writes (imports):
//! kept in memory while the records are written and flushed together, in
//! multi-row inserts, before the transaction commits. The rows are exactly
//! those `outbox::append` writes one at a time; only the round trips differ.

use crate::domain::new_id;
use crate::domain::shop::audit::{self, Entry};
use crate::error::{Error, Result};
use crate::store::{ts, Ctx, Tx};
use serde::Serialize;
use sqlx::{QueryBuilder, Sqlite};
use uuid::Uuid;

struct Pending {
    entity: &'static str,
    entity_id: Uuid,
    op: String,
    before: Option<String>,
    payload: String,
    staff_id: String,
    at: String,
}

/// Rows per multi-row INSERT (11 columns × 200 stays far below SQLite's
/// limit on bound parameters).
const PIECE: usize = 200;

#[derive(Default)]
pub(crate) struct Journal {
    pending: Vec<Pending>,
}

impl Journal {
    pub(crate) fn add<P: Serialize>(
        &mut self,
        ctx: &Ctx,
        entity: &'static str,
        entity_id: Uuid,
        op: &str,
        before: Option<String>,
        payload: &P,
    ) -> Result<()> {
        let payload = serde_json::to_string(payload).map_err(|e| Error::Storage {
            message: e.to_string(),
        })?;
        self.pending.push(Pending {
            entity,
            entity_id,
            op: op.to_string(),
            before,
            payload,
            staff_id: ctx.staff_id.to_string(),
            at: ts(ctx.now),
        });
        Ok(())
    }

    /// Writes everything added so far: the audit entries chained on the last
    /// one stored (the transaction holds the write lock), then the outbox.
    pub(crate) async fn flush(&mut self, tx: &mut Tx) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let last: Option<(i64, String)> =
            sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                .fetch_optional(&mut **tx)
                .await?;
        let (mut seq, mut prev) = last.unwrap_or((0, audit::GENESIS.to_string()));
        let pending = std::mem::take(&mut self.pending);
        let mut entries = Vec::with_capacity(pending.len());
        for p in &pending {
            seq += 1;
            let mut e = Entry {
                seq,
                id: new_id().to_string(),
                at: p.at.clone(),
                staff_id: Some(p.staff_id.clone()),
                entity: p.entity.to_string(),
                entity_id: p.entity_id.to_string(),
                op: p.op.clone(),
                before: p.before.clone(),
                detail: p.payload.clone(),
                prev_hash: prev,
                hash: String::new(),
            };
            e.hash = audit::hash(&e.prev_hash, &e);
            prev = e.hash.clone();
            entries.push(e);
        }
        for piece in entries.chunks(PIECE) {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO audit_log (seq, id, at, staff_id, entity, entity_id, op, before, detail, prev_hash, hash) ",
            );
            q.push_values(piece, |mut b, e| {
                b.push_bind(e.seq)
                    .push_bind(&e.id)
                    .push_bind(&e.at)
                    .push_bind(&e.staff_id)
                    .push_bind(&e.entity)
                    .push_bind(&e.entity_id)
                    .push_bind(&e.op)
                    .push_bind(&e.before)
                    .push_bind(&e.detail)
                    .push_bind(&e.prev_hash)
                    .push_bind(&e.hash);
            });
            q.build().execute(&mut **tx).await?;
        }
        for piece in pending.chunks(PIECE) {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO outbox (id, entity, entity_id, op, payload, staff_id, at) ",
            );
            q.push_values(piece, |mut b, p| {
                b.push_bind(new_id().to_string())
                    .push_bind(p.entity)
                    .push_bind(p.entity_id.to_string())
                    .push_bind(&p.op)
                    .push_bind(&p.payload)
                    .push_bind(&p.staff_id)
                    .push_bind(&p.at);
            });
            q.build().execute(&mut **tx).await?;
        }
        Ok(())
    }
}
