//! The hub's requests from the shop's public face (issue 14): a customer's
//! quote decision on the tracking page, a bank-transfer confirmation, an
//! order the web store sent by webhook. Each round, after the pull, the
//! device takes the requests the hub holds for the shop as it stood at the
//! pulled head, carries each through the counter's own functions (state
//! machine, permissions, audit, outbox) under the web account, and tells
//! the hub applied or refused with the error's code.
//!
//! A request is handed to one device, and again to it until its word
//! reaches the hub; `web_requests_done` answers a request handed out again.
//! The word goes to the hub only once the upload queue has sent the
//! request's effects (every change queued when it was carried out), so
//! "applied" at the hub always has its changes there. A request the hub hands to another device
//! (the first was revoked or silent for ten minutes) waits until that
//! device has pulled the shop as it then stood; its effect, if the first
//! device did carry it out, is then found (the web account's decision on
//! the ticket, the payment with the request's proof) and not made twice.

use super::Transport;
use crate::domain::money;
use crate::domain::repairs::ticket::{ApprovalChannel, TicketStatus};
use crate::domain::staff::Role;
use crate::domain::web::{
    proof_ref, ClaimRequest, QuoteAnswer, RequestKind, Settle, TransferForm, WebRequest, WooPayload,
};
use crate::error::{Error, Result};
use crate::store::repairs::quotes::{self, QuoteDecision};
use crate::store::repairs::ticket_detail;
use crate::store::sales::transfers::{self, TransferConfirmation};
use crate::store::{ts, Ctx, Db};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The account customers' actions on the hub's pages are recorded under
/// (migration 0021): inactive, a front desk's rights.
pub const WEB_ACCOUNT: Uuid = Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0001);

/// Requests taken per round.
const CLAIM: u32 = 20;

/// Tries of a request that fails in the database, over at least
/// [`TRYING_MINUTES`], before it is answered refused (`failed`).
const TRIES: i64 = 5;
const TRYING_MINUTES: i64 = 10;

fn web_ctx(now: DateTime<Utc>) -> Ctx {
    Ctx {
        staff_id: WEB_ACCOUNT,
        role: Role::FrontDesk,
        now,
    }
}

/// Takes and carries out the hub's requests; the number carried out. The
/// answers go to the hub with [`settle_waiting`] after the next push.
pub(crate) async fn carry<T: Transport>(
    db: &Db,
    hub: &T,
    through: i64,
    now: DateTime<Utc>,
) -> Result<u32> {
    settle_waiting(db, hub).await?;
    let requests = hub
        .claim(&ClaimRequest {
            through,
            limit: CLAIM,
        })
        .await?;
    let mut applied = 0;
    let mut failure = None;
    for r in requests {
        let known: Option<(bool, Option<String>)> =
            sqlx::query_as("SELECT applied, code FROM web_requests_done WHERE id = ?")
                .bind(r.id.to_string())
                .fetch_optional(&db.pool)
                .await?;
        if known.is_some() {
            continue;
        }
        let (ok, code) = match apply(db, &r, now).await {
            Ok(()) => (true, None),
            // The database failed: not an answer; tried again next round,
            // and the other requests go on meanwhile.
            Err(e @ Error::Storage { .. }) => {
                if !given_up(db, r.id, now).await? {
                    failure.get_or_insert(e);
                    continue;
                }
                (false, Some("failed".to_string()))
            }
            Err(e) => (false, Some(e.code().unwrap_or("refused").to_string())),
        };
        applied += u32::from(ok);
        sqlx::query(
            "INSERT INTO web_requests_done (id, kind, applied, code, at, queued_through)
             VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?3 THEN (SELECT COALESCE(MAX(seq), 0) FROM sync_queue) ELSE 0 END)",
        )
        .bind(r.id.to_string())
        .bind(r.kind.as_str())
        .bind(ok)
        .bind(&code)
        .bind(ts(now))
        .execute(&db.pool)
        .await?;
    }
    match failure {
        Some(e) => Err(e),
        None => Ok(applied),
    }
}

/// Counts a failed try of a request; whether to give it up now.
async fn given_up(db: &Db, id: Uuid, now: DateTime<Utc>) -> Result<bool> {
    let (tries, first): (i64, String) = sqlx::query_as(
        "INSERT INTO web_requests_tries (id, tries, first_at) VALUES (?, 1, ?)
         ON CONFLICT (id) DO UPDATE SET tries = tries + 1 RETURNING tries, first_at",
    )
    .bind(id.to_string())
    .bind(ts(now))
    .fetch_one(&db.pool)
    .await?;
    let since = DateTime::parse_from_rfc3339(&first)
        .map(|f| now.signed_duration_since(f).num_minutes())
        .unwrap_or(0);
    Ok(tries >= TRIES && since >= TRYING_MINUTES)
}

/// Sends the device's word on every request it answered that the hub has
/// not heard yet, once nothing waits in the upload queue (the requests'
/// effects are at the hub).
pub(crate) async fn settle_waiting<T: Transport>(db: &Db, hub: &T) -> Result<()> {
    let queued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sync_queue")
        .fetch_one(&db.pool)
        .await?;
    if queued > 0 {
        return Ok(());
    }
    let rows: Vec<(String, bool, Option<String>)> = sqlx::query_as(
        "SELECT id, applied, code FROM web_requests_done WHERE settled = 0 ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?;
    if rows.is_empty() {
        return Ok(());
    }
    let settles: Vec<Settle> = rows
        .iter()
        .filter_map(|(id, applied, code)| {
            Some(Settle {
                id: Uuid::parse_str(id).ok()?,
                applied: *applied,
                code: code.clone(),
            })
        })
        .collect();
    hub.settle(&settles).await?;
    let mut tx = db.begin().await?;
    for (id, _, _) in &rows {
        sqlx::query("UPDATE web_requests_done SET settled = 1 WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

fn malformed() -> Error {
    Error::validation("request", "malformed", "the hub's request is not readable")
}

async fn apply(db: &Db, r: &WebRequest, now: DateTime<Utc>) -> Result<()> {
    let ctx = web_ctx(now);
    match r.kind {
        RequestKind::QuoteDecision => {
            let a: QuoteAnswer =
                serde_json::from_value(r.payload.clone()).map_err(|_| malformed())?;
            let t = ticket_detail::detail(db, a.ticket_id).await?;
            if t.status != TicketStatus::AwaitingApproval && decided_online(db, &a).await? {
                // Carried out already (by this device before its answer
                // was kept, or by the device first handed the request).
                return Ok(());
            }
            if t.status != TicketStatus::AwaitingApproval {
                return Err(Error::invalid_state(
                    "not_awaiting_approval",
                    "the quote was already answered or withdrawn",
                ));
            }
            // The customer decided on what the page showed; a quote changed
            // since waits for them again.
            if money::to_minor(t.totals.total, t.currency) != a.total_minor {
                return Err(Error::invalid_state(
                    "quote_changed",
                    "the quote changed after the customer saw it",
                ));
            }
            let d = QuoteDecision {
                approved: a.approved,
                channel: ApprovalChannel::Web,
                diagnosis_fee: None,
                note: None,
            };
            quotes::decide(db, &ctx, a.ticket_id, d).await.map(|_| ())
        }
        RequestKind::TransferConfirmation => {
            let f: TransferForm =
                serde_json::from_value(r.payload.clone()).map_err(|_| malformed())?;
            let known: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM order_payments WHERE order_id = ? AND proof_path = ?)",
            )
            .bind(f.order_id.to_string())
            .bind(proof_ref(f.proof_id))
            .fetch_one(&db.pool)
            .await?;
            if known {
                // This request's proof is on a payment already.
                return Ok(());
            }
            let input = TransferConfirmation {
                bank: f.bank,
                account_name: f.account_name,
                amount: f.amount,
                paid_on: f.paid_on,
                proof_path: Some(proof_ref(f.proof_id)),
            };
            transfers::confirm_transfer(db, &ctx, f.order_id, input)
                .await
                .map(|_| ())
        }
        RequestKind::WooOrder => {
            let w: WooPayload =
                serde_json::from_value(r.payload.clone()).map_err(|_| malformed())?;
            let report = crate::store::web_store::import::import_values(
                db,
                &ctx,
                &w.store,
                vec![w.order],
                &|_| {},
            )
            .await?;
            match report.rejected.first() {
                Some(rej) => Err(Error::validation(
                    "order",
                    rej.code.as_deref().unwrap_or("rejected"),
                    rej.reason.clone(),
                )),
                None => Ok(()),
            }
        }
    }
}

/// Whether the ticket's last quote decision is this answer, made online.
async fn decided_online(db: &Db, a: &QuoteAnswer) -> Result<bool> {
    let last: Option<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT staff_id, json_extract(data, '$.decision'), json_extract(data, '$.channel') FROM ticket_events
         WHERE ticket_id = ? AND kind = 'quote_decision' ORDER BY at DESC, id DESC LIMIT 1",
    )
    .bind(a.ticket_id.to_string())
    .fetch_optional(&db.pool)
    .await?;
    let decision = if a.approved { "approved" } else { "refused" };
    Ok(last.is_some_and(|(staff, d, channel)| {
        staff == WEB_ACCOUNT.to_string()
            && d.as_deref() == Some(decision)
            && channel.as_deref() == Some("web")
    }))
}
