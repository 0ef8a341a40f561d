//! Money for orders at the counter: paid in full or as a down payment,
//! declined cards, cash collected at the door, refunds. Bank transfers and
//! their verification are in `transfers` (re-exported here).

use crate::domain::money;
use crate::domain::payment::{self, PaymentMethod};
use crate::domain::sales;
use crate::domain::sales::order::{transition, Context, OrderStatus, OrderTrigger};
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::sales::orders::{append_event, detail, detail_in, OrderDetail};
use crate::store::{shop::calendar, ts, Ctx, Db, Tx};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub use crate::store::sales::transfers::{confirm_transfer, decide_transfer, TransferConfirmation};

pub(crate) async fn status(tx: &mut Tx, id: Uuid) -> Result<(OrderStatus, bool)> {
    let (s, method): (String, String) =
        sqlx::query_as("SELECT status, payment_method FROM orders WHERE id = ?")
            .bind(id.to_string())
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(|| Error::not_found("order"))?;
    Ok((OrderStatus::parse(&s)?, method == "cod"))
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert(
    tx: &mut Tx,
    ctx: &Ctx,
    order: &OrderDetail,
    kind: &str,
    method: &str,
    amount: Decimal,
    tendered: Option<Decimal>,
    state: &str,
    transfer: Option<&TransferConfirmation>,
) -> Result<Uuid> {
    // A confirmation sent on the hub's page is one payment wherever it is
    // carried out: its id is the proof's (two counters carrying it out
    // write one row, and the hub names the second as a conflict).
    let id = transfer
        .and_then(|t| t.proof_path.as_deref())
        .and_then(crate::domain::web::parse_proof_ref)
        .unwrap_or_else(crate::domain::new_id);
    let cur = order.currency;
    sqlx::query(
        "INSERT INTO order_payments (id, order_id, kind, method, amount, tendered, currency, status, bank, account_name, paid_on, proof_path, received_by, received_at, decided_by, decided_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(order.id.to_string())
    .bind(kind)
    .bind(method)
    .bind(money::to_minor(amount, cur))
    .bind(tendered.map(|t| money::to_minor(t, cur)))
    .bind(cur.code())
    .bind(state)
    .bind(transfer.map(|t| t.bank.trim().to_string()))
    .bind(transfer.map(|t| t.account_name.trim().to_string()))
    .bind(transfer.map(|t| t.paid_on.trim().to_string()))
    .bind(transfer.and_then(|t| t.proof_path.clone()))
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .bind((state != "pending").then(|| ctx.staff_id.to_string()))
    .bind((state != "pending").then(|| ts(ctx.now)))
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Sets the working day the paid order will be processed on.
pub(crate) async fn mark_paid(db: &Db, tx: &mut Tx, ctx: &Ctx, id: Uuid) -> Result<NaiveDate> {
    let cal = calendar::calendar(db).await?;
    let day = sales::processing_date(ctx.now, &cal);
    sqlx::query("UPDATE orders SET processing_date = ?, pay_by = NULL WHERE id = ?")
        .bind(day.format("%Y-%m-%d").to_string())
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(day)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CounterPayment {
    pub method: PaymentMethod,
    /// Cash handed over (cash only; empty = exact).
    pub tendered: Option<String>,
    /// A down payment instead of the whole balance (empty = the balance);
    /// only when every product on the order allows down payments.
    #[serde(default)]
    pub amount: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PaidResult {
    pub order: OrderDetail,
    #[ts(type = "string")]
    pub change: Decimal,
    /// The payment just recorded (what the drawer opens for, if cash).
    pub payment_id: String,
}

/// The balance paid in full at the counter: cash (with change), card, QRIS
/// or a transfer seen on the spot.
pub async fn pay_at_counter(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    input: CounterPayment,
) -> Result<PaidResult> {
    ctx.require(Action::Sell)?;
    // What the payment rests on (balance, status) is read inside the write
    // transaction: two clicks or two counters cannot pay the balance twice.
    let mut tx = db.begin().await?;
    let order = detail_in(db, &mut tx, id).await?;
    let cur = order.currency;
    let tendered = payment::parse_optional_amount("tendered", input.tendered.as_deref(), cur)?;
    if tendered.is_some() && input.method != PaymentMethod::Cash {
        return Err(Error::validation(
            "tendered",
            "cash_only",
            "only for cash payments",
        ));
    }
    if order.balance <= Decimal::ZERO {
        return Err(Error::invalid_state("already_paid", "nothing left to pay"));
    }
    // A transfer the customer confirmed may already cover it: decide it first.
    if order.payments.iter().any(|p| p.status == "pending") {
        return Err(Error::invalid_state(
            "transfer_pending",
            "the customer confirmed a transfer: verify or reject it first",
        ));
    }
    let amount = match payment::parse_optional_amount("amount", input.amount.as_deref(), cur)? {
        None => order.balance,
        Some(a) if a.is_zero() || a > order.balance => {
            return Err(Error::validation(
                "amount",
                "out_of_range",
                "above 0 and at most the balance",
            ));
        }
        Some(a) if a < order.balance => {
            let all_allow: bool = sqlx::query_scalar(
                "SELECT COALESCE(MIN(p.down_payment_allowed), 0) FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = ?",
            )
            .bind(id.to_string())
            .fetch_one(&mut *tx)
            .await?;
            if !all_allow {
                return Err(Error::validation(
                    "amount",
                    "no_down_payment",
                    "these products are paid in full",
                ));
            }
            a
        }
        Some(a) => a,
    };
    if tendered.is_some_and(|t| t < amount) {
        return Err(Error::validation(
            "tendered",
            "not_enough",
            "less than the amount to pay",
        ));
    }
    let full = amount >= order.balance;
    let (from, cod) = (order.status, order.payment_method == "cod");
    if from == OrderStatus::Cancelled {
        return Err(Error::invalid_state(
            "illegal_transition",
            "the order is cancelled",
        ));
    }
    // A down payment leaves the status; the full balance moves it to paid.
    // A short order may be paid while it waits for stock (seed 001): it
    // stays "insufficient stock" and is refunded if the stock never comes.
    // A balance that appears after payment (a reship fee on a returned
    // parcel) is paid while the order goes on where it is.
    let later_charge = !from.before_processing() && from != OrderStatus::Cancelled;
    let moved = if full && (from == OrderStatus::InsufficientStock || later_charge) {
        None
    } else if full {
        Some((
            Some(from),
            transition(
                from,
                OrderTrigger::PaidAtCounter,
                Context { cod, paid: true },
            )?,
        ))
    } else if from == OrderStatus::Cancelled {
        return Err(Error::invalid_state(
            "illegal_transition",
            "the order is closed",
        ));
    } else {
        None
    };
    let pid = insert(
        &mut tx,
        ctx,
        &order,
        "payment",
        input.method.as_str(),
        amount,
        tendered,
        "verified",
        None,
    )
    .await?;
    let minor = money::to_minor(amount, order.currency);
    let source = crate::store::cash::drawer::Source::Order;
    let method = input.method.as_str();
    crate::store::cash::drawer::take(
        &mut tx,
        ctx,
        source,
        pid,
        "payment",
        method,
        minor,
        order.currency,
    )
    .await?;
    let (day, invoice) = if full && later_charge {
        // The invoice voided when the charge was added is reissued with it.
        let live = order.invoices.iter().any(|i| i.voided_at.is_none());
        let invoice = if live {
            None
        } else {
            Some(crate::store::sales::invoices::issue(db, &mut tx, ctx, order.id).await?)
        };
        (None, invoice)
    } else if full {
        (
            Some(mark_paid(db, &mut tx, ctx, id).await?),
            Some(crate::store::sales::invoices::issue(db, &mut tx, ctx, order.id).await?),
        )
    } else {
        (None, None)
    };
    if !full {
        // A down payment: the order is not abandoned, it no longer expires.
        sqlx::query("UPDATE orders SET pay_by = NULL WHERE id = ?")
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
    }
    let kind = if full { "paid" } else { "down_payment" };
    let data = serde_json::json!({ "payment_id": pid, "method": input.method, "amount": amount.to_string(), "processing_date": day, "invoice": invoice });
    append_event(&mut tx, ctx, id, kind, moved, None, data).await?;
    tx.commit().await?;
    Ok(PaidResult {
        change: tendered.map(|t| t - amount).unwrap_or_default(),
        order: detail(db, id).await?,
        payment_id: pid.to_string(),
    })
}

/// The card or QRIS authorisation was declined: recorded, the customer may
/// pay again or by another method.
pub async fn decline(db: &Db, ctx: &Ctx, id: Uuid, note: &str) -> Result<OrderDetail> {
    ctx.require(Action::Sell)?;
    let note = check::required("note", note, 300)?;
    let mut tx = db.begin().await?;
    let (from, cod) = status(&mut tx, id).await?;
    let to = transition(
        from,
        OrderTrigger::PaymentDeclined,
        Context { cod, paid: false },
    )?;
    append_event(
        &mut tx,
        ctx,
        id,
        "payment_declined",
        Some((Some(from), to)),
        Some(&note),
        serde_json::Value::Null,
    )
    .await?;
    tx.commit().await?;
    detail(db, id).await
}

/// Cash collected at the door for a COD order, inside the delivery's transaction.
pub(crate) async fn record_cod(db: &Db, tx: &mut Tx, ctx: &Ctx, order: &OrderDetail) -> Result<()> {
    insert(
        tx,
        ctx,
        order,
        "payment",
        "cash",
        order.balance,
        None,
        "verified",
        None,
    )
    .await?;
    crate::store::sales::invoices::issue(db, tx, ctx, order.id).await?;
    Ok(())
}

/// A refund of `amount` to the order's original method, inside the caller's transaction.
pub(crate) async fn refund(
    tx: &mut Tx,
    ctx: &Ctx,
    order: &OrderDetail,
    amount: Decimal,
) -> Result<()> {
    // A trade-in's credit was an old unit, not money: only what was paid
    // in money goes back as money, by the method it came in.
    let money_in: Decimal = order
        .payments
        .iter()
        .filter(|p| p.status == "verified" && p.method != "trade_in")
        .map(|p| {
            if p.kind == "refund" {
                -p.amount
            } else {
                p.amount
            }
        })
        .sum();
    let traded = order
        .payments
        .iter()
        .any(|p| p.status == "verified" && p.method == "trade_in");
    if traded && amount > money_in {
        return Err(Error::invalid_state(
            "trade_in_refund",
            "part of this order was paid with a trade-in unit: give the unit back by hand, only money paid is refunded",
        ));
    }
    let method = order
        .payments
        .iter()
        .find(|p| p.kind == "payment" && p.status == "verified" && p.method != "trade_in")
        .map(|p| p.method.clone())
        .unwrap_or_else(|| "cash".into());
    let id = insert(
        tx, ctx, order, "refund", &method, amount, None, "verified", None,
    )
    .await?;
    let minor = money::to_minor(amount, order.currency);
    let source = crate::store::cash::drawer::Source::Order;
    crate::store::cash::drawer::take(
        tx,
        ctx,
        source,
        id,
        "refund",
        &method,
        minor,
        order.currency,
    )
    .await
}
