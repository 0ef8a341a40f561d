//! Bank transfers (seeds 000, 002): the customer's confirmation (bank,
//! account name, amount, date, proof) puts the order on hold; staff check the
//! statement and verify it (paid in full → payment received) or reject it.

use crate::domain::payment;
use crate::domain::sales::order::{transition, Context, OrderStatus, OrderTrigger};
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::sales::orders::{append_event, detail, detail_in, OrderDetail};
use crate::store::sales::payments::{insert, mark_paid, status};
use crate::store::{parse_id, shop::calendar, ts, Ctx, Db};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// What the customer's payment confirmation form says (seed 002).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TransferConfirmation {
    pub bank: String,
    pub account_name: String,
    pub amount: String,
    /// YYYY-MM-DD
    pub paid_on: String,
    /// Where the proof image was saved, if any.
    pub proof_path: Option<String>,
}

/// Records the customer's transfer confirmation; the order waits "on hold"
/// for staff to verify it.
pub async fn confirm_transfer(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    input: TransferConfirmation,
) -> Result<OrderDetail> {
    ctx.require(Action::Sell)?;
    let order = detail(db, id).await?;
    check::required("bank", &input.bank, 60)?;
    check::required("account_name", &input.account_name, 100)?;
    check::optional("proof_path", input.proof_path.as_deref(), 1000)?;
    let amount = payment::parse_amount("amount", &input.amount, order.currency)?;
    if amount.is_zero() {
        return Err(Error::validation(
            "amount",
            "required",
            "the amount transferred",
        ));
    }
    let paid_on = NaiveDate::parse_from_str(input.paid_on.trim(), "%Y-%m-%d")
        .map_err(|_| Error::validation("paid_on", "invalid_date", "use YYYY-MM-DD"))?;
    let today = calendar::calendar(db).await?.local_date(ctx.now);
    if paid_on > today {
        return Err(Error::validation(
            "paid_on",
            "in_future",
            "a date in the future",
        ));
    }
    let mut tx = db.begin().await?;
    let (from, cod) = status(&mut tx, id).await?;
    let to = transition(
        from,
        OrderTrigger::TransferConfirmed,
        Context { cod, paid: false },
    )?;
    let pid = insert(
        &mut tx,
        ctx,
        &order,
        "payment",
        "bank_transfer",
        amount,
        None,
        "pending",
        Some(&input),
    )
    .await?;
    let data = serde_json::json!({ "payment_id": pid, "bank": input.bank.trim(), "amount": amount.to_string(), "paid_on": paid_on });
    append_event(
        &mut tx,
        ctx,
        id,
        "transfer_confirmed",
        Some((Some(from), to)),
        None,
        data,
    )
    .await?;
    tx.commit().await?;
    detail(db, id).await
}

/// Staff decide a pending transfer: found on the statement (verified) or not
/// (rejected, the order waits for payment again). Verified in full → paid.
pub async fn decide_transfer(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    payment_id: &str,
    found: bool,
    note: Option<String>,
) -> Result<OrderDetail> {
    ctx.require(Action::VerifyPayment)?;
    let payment_id = parse_id("payment_id", payment_id)?;
    let note = check::optional("note", note.as_deref(), 500)?;
    let window = crate::store::shop::settings::get(db)
        .await?
        .payment_window_hours;
    let mut tx = db.begin().await?;
    let order = detail_in(db, &mut tx, id).await?;
    let pending = order
        .payments
        .iter()
        .find(|p| p.id == payment_id)
        .ok_or_else(|| Error::not_found("payment"))?;
    if pending.status != "pending" {
        return Err(Error::invalid_state(
            "already_decided",
            "this payment is already decided",
        ));
    }
    let amount = pending.amount;
    let (from, cod) = (order.status, order.payment_method == "cod");
    if from == OrderStatus::Cancelled && found {
        return Err(Error::invalid_state(
            "order_cancelled",
            "the order is cancelled: reject the transfer and pay it back",
        ));
    }
    sqlx::query(
        "UPDATE order_payments SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?",
    )
    .bind(if found { "verified" } else { "rejected" })
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .bind(payment_id.to_string())
    .execute(&mut *tx)
    .await?;
    let paid_in_full = found && order.paid + amount >= order.totals.total - order.returned;
    let trigger = match (found, paid_in_full) {
        (true, true) => Some(OrderTrigger::PaymentVerified),
        (true, false) => None,
        (false, _) => Some(OrderTrigger::PaymentRejected),
    };
    // Past payment already (short of stock, or the store said it was
    // completed): the money is recorded, the order stays where it is.
    let past_payment = !matches!(
        from,
        OrderStatus::OnHold | OrderStatus::AwaitingPayment | OrderStatus::PaymentDeclined
    );
    let moved = match trigger {
        Some(_) if past_payment => None,
        Some(t) if from == OrderStatus::OnHold || t == OrderTrigger::PaymentVerified => Some((
            Some(from),
            transition(
                from,
                t,
                Context {
                    cod,
                    paid: paid_in_full,
                },
            )?,
        )),
        _ => None,
    };
    // Rejected: the customer gets a fresh window to pay.
    if moved.is_some_and(|(_, to)| to == OrderStatus::AwaitingPayment) {
        let pay_by = crate::domain::sales::pay_deadline(ctx.now, window);
        sqlx::query("UPDATE orders SET pay_by = ? WHERE id = ? AND pay_by IS NOT NULL")
            .bind(ts(pay_by))
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
    }
    if paid_in_full {
        if !past_payment {
            mark_paid(db, &mut tx, ctx, id).await?;
        }
        if !order.invoices.iter().any(|i| i.voided_at.is_none()) {
            crate::store::sales::invoices::issue(db, &mut tx, ctx, order.id).await?;
        }
    }
    let kind = if found {
        "transfer_verified"
    } else {
        "transfer_rejected"
    };
    let data = serde_json::json!({ "payment_id": payment_id, "amount": amount.to_string(), "paid_in_full": paid_in_full });
    crate::store::sales::orders::append_event(&mut tx, ctx, id, kind, moved, note.as_deref(), data)
        .await?;
    tx.commit().await?;
    detail(db, id).await
}
