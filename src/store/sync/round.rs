//! One round of sync: push everything that waits, then pull until the
//! hub's head. Every step can be repeated: only what the hub confirmed leaves
//! the queue, and the pull cursor never moves back.

use super::{apply, capture, config, schema_version, Applied, Config, HttpHub, Transport};
use crate::domain::sync::{
    AuditLink, Change, PushBatch, MAX_AUDIT, MAX_BATCH, MAX_BATCH_BYTES, MAX_PULL,
};
use crate::error::{Error, Result};
use crate::store::{ts, Db};
use chrono::{DateTime, Utc};

/// What one round of sync did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub pushed: u32,
    pub pulled: Applied,
    pub head: i64,
    /// Requests of the shop's public face carried out here.
    pub carried: u32,
}

/// One round when this device is joined to a hub; nothing otherwise.
pub async fn round_if_joined(db: &Db, now: DateTime<Utc>) -> Result<Option<Round>> {
    let Some(cfg) = config(db).await? else {
        return Ok(None);
    };
    let hub = HttpHub::for_config(&cfg)?;
    round(db, &hub, now).await.map(Some)
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
    // The public face's requests, once this device holds the shop as the
    // hub had it at the head; what they changed goes up at once.
    let carried = match &pulled {
        Ok((_, head)) => match super::inbox::carry(db, hub, *head, now).await {
            Ok(n) => {
                let pushed = if n > 0 { push(db, hub).await } else { Ok(0) };
                // Answered once the effects are at the hub.
                match pushed {
                    Ok(p) => super::inbox::settle_waiting(db, hub).await.map(|()| (n, p)),
                    Err(e) => Err(e),
                }
            }
            Err(e) => Err(e),
        },
        Err(_) => Ok((0, 0)),
    };
    let result = match (pushed, pulled, carried) {
        (Ok(pushed), Ok((pulled, head)), Ok((carried, more))) => Ok(Round {
            pushed: pushed + more,
            pulled,
            head,
            carried,
        }),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => Err(e),
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

/// The audit entries after the newest one the hub anchored, within a
/// share of the request's size.
async fn audit_links(db: &Db) -> Result<Vec<AuditLink>> {
    let synced: i64 = sqlx::query_scalar("SELECT audit_synced FROM sync_config WHERE id = 1")
        .fetch_one(&db.pool)
        .await?;
    let mut bytes = 0;
    Ok(crate::store::shop::audit::after(db, synced, MAX_AUDIT)
        .await?
        .into_iter()
        .take_while(|e| {
            // The first entry always goes, however large.
            let first = bytes == 0;
            bytes += e.detail.len() + e.before.as_ref().map_or(0, |b| b.len()) + 400;
            first || bytes <= MAX_BATCH_BYTES / 4
        })
        .collect())
}

type QueueRow = (i64, String, String, Option<String>, i64, Option<String>);

async fn push<T: Transport>(db: &Db, hub: &T) -> Result<u32> {
    let mut pushed = 0;
    // Set when the hub did not anchor the audit entries sent (a chain it
    // found rewritten): they are not sent again this round.
    let mut audit_stalled = false;
    loop {
        let rows: Vec<QueueRow> = sqlx::query_as(
            "SELECT seq, tbl, row_key, data, base_seq, staff_id FROM sync_queue ORDER BY seq LIMIT ?",
        )
        .bind(MAX_BATCH as i64)
        .fetch_all(&db.pool)
        .await?;
        let audit = if audit_stalled {
            Vec::new()
        } else {
            audit_links(db).await?
        };
        let audit_last = audit.last().map(|l| l.seq);
        if rows.is_empty() && audit.is_empty() {
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
        for (seq, table, key, data, base_seq, staff_id) in rows {
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
                staff_id: staff_id.and_then(|s| uuid::Uuid::parse_str(&s).ok()),
            });
        }
        let span = changes
            .first()
            .map(|c| (c.device_seq, changes[changes.len() - 1].device_seq));
        let n = changes.len() as u32;
        let reply = hub
            .push(&PushBatch {
                schema: schema_version(),
                changes,
                audit,
            })
            .await?;
        let mut tx = db.begin().await?;
        sqlx::query("UPDATE sync_config SET audit_synced = max(audit_synced, ?) WHERE id = 1")
            .bind(reply.audit_through)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        // Audit entries the hub cannot anchor are its conflict to show,
        // never a stuck queue.
        audit_stalled = audit_last.is_some_and(|a| reply.audit_through < a);
        let Some((first, last)) = span else {
            continue;
        };
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
    // The shared tables as the schema has them, read once per round.
    let tables = capture::tables(&mut *db.pool.acquire().await?).await?;
    // A device that joined empty first downloads the shop's rows.
    if let Some(n) = super::snapshot::download(db, hub, &tables, cfg, now).await? {
        total.applied += n;
    }
    let after: i64 = sqlx::query_scalar("SELECT pulled_seq FROM sync_config WHERE id = 1")
        .fetch_one(&db.pool)
        .await?;
    let mut reply = hub.pull(after, MAX_PULL).await?;
    let mut after = after;
    loop {
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
            // Others' changes held for a row whose own change has gone up
            // since apply now, though nothing new came.
            let held: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sync_held)")
                .fetch_one(&db.pool)
                .await?;
            if held {
                let done = apply_page(db, &tables, cfg, &[], None, now).await?;
                total.applied += done.applied;
                total.held += done.held;
                total.conflicts += done.conflicts;
            }
            return Ok((total, reply.head));
        }
        // The next page is asked for while this one is written: the hub
        // reads and sends while this device's disk writes. A page that
        // fails to apply leaves the cursor, and the next page is dropped.
        let (done, next) = if last < reply.head && !serial_pull() {
            let (done, next) = tokio::join!(
                apply_page(db, &tables, cfg, &reply.changes, Some(last), now),
                hub.pull(last, MAX_PULL)
            );
            (done?, Some(next))
        } else {
            (
                apply_page(db, &tables, cfg, &reply.changes, Some(last), now).await?,
                None,
            )
        };
        total.applied += done.applied;
        total.own += done.own;
        total.held += done.held;
        total.conflicts += done.conflicts;
        let next = match next {
            None if last < reply.head => Some(hub.pull(last, MAX_PULL).await),
            next => next,
        };
        match next {
            None => return Ok((total, reply.head)),
            Some(next) => {
                reply = next?;
                after = last;
            }
        }
    }
}

static SERIAL_PULL: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Pulls each page only once the one before is written (as before pages
/// were asked for ahead), for the sync benchmark's before and after in one
/// run. Not for the app.
#[doc(hidden)]
pub fn set_serial_pull(on: bool) {
    SERIAL_PULL.store(on, std::sync::atomic::Ordering::Relaxed);
}

fn serial_pull() -> bool {
    SERIAL_PULL.load(std::sync::atomic::Ordering::Relaxed)
}

/// Applies one pulled page in one transaction, moving the cursor to `last`.
async fn apply_page(
    db: &Db,
    tables: &[capture::Table],
    cfg: &Config,
    changes: &[crate::domain::sync::Pulled],
    last: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Applied> {
    let mut tx = db.begin().await?;
    let done = apply::apply(&mut tx, tables, cfg, changes, now).await?;
    if let Some(last) = last {
        sqlx::query("UPDATE sync_config SET pulled_seq = max(pulled_seq, ?) WHERE id = 1")
            .bind(last)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(done)
}
