//! Correcting money already recorded. A payment is never deleted (a trigger
//! refuses it) nor edited: it is voided once, with a reason, by an admin or
//! the owner, and the ticket's balance reopens by that amount.

use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::repairs::tickets::{append_event, detail, TicketDetail};
use crate::store::{shop::outbox, ts, Ctx, Db};
use uuid::Uuid;

pub async fn void_payment(
    db: &Db,
    ctx: &Ctx,
    ticket_id: Uuid,
    payment_id: Uuid,
    reason: &str,
) -> Result<TicketDetail> {
    ctx.require(Action::VoidPayment)?;
    let reason = check::required("reason", reason, 500)?;
    if reason.chars().count() < 5 {
        return Err(Error::validation(
            "reason",
            "reason_too_short",
            "say why, at least 5 characters",
        ));
    }
    let mut tx = db.begin().await?;
    let row: Option<(String, String, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT kind, method, amount, currency, voided_at FROM payments WHERE id = ? AND ticket_id = ?",
    )
    .bind(payment_id.to_string())
    .bind(ticket_id.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let (kind, method, amount, currency, voided) =
        row.ok_or_else(|| Error::not_found("payment"))?;
    if voided.is_some() {
        return Err(Error::invalid_state(
            "already_voided",
            "this payment is already void",
        ));
    }
    sqlx::query("UPDATE payments SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?")
        .bind(ts(ctx.now))
        .bind(ctx.staff_id.to_string())
        .bind(&reason)
        .bind(payment_id.to_string())
        .execute(&mut *tx)
        .await?;
    let before = serde_json::json!({ "kind": kind, "method": method, "amount_minor": amount, "currency": currency, "voided": false });
    let after = serde_json::json!({ "voided": true, "reason": reason });
    outbox::append_change(&mut tx, ctx, "payment", payment_id, "void", &before, &after).await?;
    crate::store::cash::drawer::void(&mut tx, ctx, payment_id).await?;
    let data = serde_json::json!({ "payment_id": payment_id, "amount_minor": amount, "currency": currency });
    append_event(
        &mut tx,
        ctx,
        ticket_id,
        "payment_void",
        None,
        Some(&reason),
        data,
    )
    .await?;
    tx.commit().await?;
    detail(db, ticket_id).await
}
