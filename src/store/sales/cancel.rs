//! Ending an order early: cancellation by the shop (full refund) or at the
//! customer's request under the shop's policy, and the automatic cancel of
//! transfer orders left unpaid past their window, which releases their stock.

use crate::domain::sales::order::{transition, Context, OrderTrigger};
use crate::domain::staff::permissions::Action;
use crate::domain::staff::Role;
use crate::error::{check, Error, Result};
use crate::store::sales::orders::{append_event, detail, detail_in, OrderDetail, SYSTEM};
use crate::store::sales::payments::status;
use crate::store::{ts, Ctx, Db};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::store::sales::flow::release;

/// Cancels with a reason on the shop's side (out of stock, pricing error,
/// fraud): the stock is released and a paid order is refunded in full to the
/// original method, which needs `Refund`.
pub async fn cancel(db: &Db, ctx: &Ctx, id: Uuid, reason: &str) -> Result<OrderDetail> {
    cancel_with(db, ctx, id, reason, false).await
}

/// Cancels at the customer's request, under the shop's policy: a paid order
/// only if the policy allows it (seed 001 does not), and after processing
/// started an admin fee is kept from the refund (seed 000).
pub async fn cancel_by_customer(db: &Db, ctx: &Ctx, id: Uuid, reason: &str) -> Result<OrderDetail> {
    cancel_with(db, ctx, id, reason, true).await
}

async fn cancel_with(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    reason: &str,
    by_customer: bool,
) -> Result<OrderDetail> {
    ctx.require(Action::CancelOrder)?;
    let reason = check::required("reason", reason, 500)?;
    let policy = crate::store::shop::settings::get(db).await?;
    // Paid amount, pending transfers and status as the write transaction
    // sees them: two counters cancelling at once refund once.
    let mut tx = db.begin().await?;
    let order = detail_in(db, &mut tx, id).await?;
    if order.payments.iter().any(|p| p.status == "pending") {
        return Err(Error::invalid_state(
            "transfer_pending",
            "the customer confirmed a transfer: verify or reject it before cancelling",
        ));
    }
    // A backorder was paid with the order it came from: cancelling it
    // gives money back there, under the same rights and policy.
    let paid_with = match crate::store::sales::credits::parent_of(&mut tx, id).await? {
        Some(root) => detail_in(db, &mut tx, root).await?.paid,
        None => Decimal::ZERO,
    };
    let paid = order.paid > Decimal::ZERO || paid_with > Decimal::ZERO;
    if paid {
        ctx.require(Action::Refund)?;
    }
    if by_customer && paid && !policy.customer_may_cancel_paid {
        return Err(Error::invalid_state(
            "paid_no_cancel",
            "a paid order cannot be cancelled by the customer under the shop's policy",
        ));
    }
    let fee = if by_customer && paid && !order.status.before_processing() {
        crate::domain::money::round(
            order.paid * Decimal::from(policy.cancel_fee_percent) / Decimal::from(100),
            order.currency,
        )
    } else {
        Decimal::ZERO
    };
    let (from, cod) = (order.status, order.payment_method == "cod");
    let to = transition(from, OrderTrigger::Cancel, Context { cod, paid })?;
    release(&mut tx, ctx, id).await?;
    let refunded = if order.paid > fee {
        crate::store::sales::payments::refund(&mut tx, ctx, &order, order.paid - fee).await?;
        Some(order.paid - fee)
    } else {
        None
    };
    // A backorder was paid with its parent order: what it no longer
    // delivers is credited there, and refunded when the parent is paid.
    let credited =
        crate::store::sales::credits::credit_backorder(db, &mut tx, ctx, &order, &reason).await?;
    let data = serde_json::json!({ "refund": refunded.map(|r| r.to_string()), "admin_fee": fee.to_string(), "by_customer": by_customer, "credited_to_parent": credited });
    append_event(
        &mut tx,
        ctx,
        id,
        "cancelled",
        Some((Some(from), to)),
        Some(&reason),
        data,
    )
    .await?;
    tx.commit().await?;
    detail(db, id).await
}

/// Cancels every unpaid transfer order whose window closed before `now`,
/// under the automatic-actions account. Returns the order numbers.
pub async fn expire_unpaid(db: &Db, now: DateTime<Utc>) -> Result<Vec<String>> {
    let due: Vec<(String, String)> = sqlx::query_as(
        "SELECT o.id, o.number FROM orders o WHERE o.status IN ('awaiting_payment', 'payment_declined') AND o.pay_by IS NOT NULL AND o.pay_by < ?
         AND NOT EXISTS (SELECT 1 FROM order_payments p WHERE p.order_id = o.id AND p.kind = 'payment' AND p.status IN ('verified', 'pending'))",
    )
    .bind(ts(now))
    .fetch_all(&db.pool)
    .await?;
    let ctx = Ctx {
        staff_id: SYSTEM,
        role: Role::Admin,
        now,
    };
    let mut done = vec![];
    for (id, number) in due {
        let id = crate::store::parse_id("id", &id)?;
        let mut tx = db.begin().await?;
        let (from, cod) = status(&mut tx, id).await?;
        // Anything paid (a down payment) or confirmed (a transfer awaiting
        // verification), counted here: the order is not abandoned.
        let money: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM order_payments WHERE order_id = ? AND kind = 'payment' AND status IN ('verified', 'pending')",
        )
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await?;
        let still_due: Option<String> =
            sqlx::query_scalar("SELECT pay_by FROM orders WHERE id = ? AND pay_by < ?")
                .bind(id.to_string())
                .bind(ts(now))
                .fetch_optional(&mut *tx)
                .await?
                .flatten();
        if money > 0 || still_due.is_none() {
            continue;
        }
        // Paid or moved on since the list was read: leave it.
        let Ok(to) = transition(
            from,
            OrderTrigger::PaymentExpired,
            Context { cod, paid: false },
        ) else {
            continue;
        };
        release(&mut tx, &ctx, id).await?;
        append_event(
            &mut tx,
            &ctx,
            id,
            "expired",
            Some((Some(from), to)),
            Some("unpaid when the payment window closed"),
            serde_json::Value::Null,
        )
        .await?;
        tx.commit().await?;
        done.push(number);
    }
    Ok(done)
}
