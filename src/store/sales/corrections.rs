//! Pricing errors (seed 002): when the right price is lower, the customer
//! pays the lower one; when it is higher, the customer either accepts it or
//! the order is cancelled and refunded. Either way it is recorded, and a
//! live invoice is voided and reissued with the corrected amounts.

use crate::domain::money;
use crate::domain::payment;
use crate::domain::sales;
use crate::domain::sales::order::{transition, Context, OrderStatus, OrderTrigger};
use crate::domain::staff::permissions::Action;
use crate::domain::totals::{Line, LineKind};
use crate::error::{check, Error, Result};
use crate::store::sales::flow;
use crate::store::sales::orders::{append_event, detail, detail_in, OrderDetail};
use crate::store::{shop::outbox, Ctx, Db, Tx};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PriceCorrection {
    pub position: u32,
    /// The right unit price.
    pub unit_price: String,
    /// Needed when the right price is higher: accepted, or not (→ cancel and refund).
    pub customer_accepts: Option<bool>,
    pub note: Option<String>,
}

pub async fn correct_price(
    db: &Db,
    ctx: &Ctx,
    order_id: Uuid,
    input: PriceCorrection,
) -> Result<OrderDetail> {
    ctx.require(Action::OverridePrice)?;
    let note = check::optional("note", input.note.as_deref(), 500)?;
    let order = detail(db, order_id).await?;
    let line = open_line(&order, input.position)?;
    let price = payment::parse_amount("unit_price", &input.unit_price, order.currency)?;
    if price == line.unit_price {
        return Err(Error::validation(
            "unit_price",
            "same_price",
            "this is the price already charged",
        ));
    }
    let higher = price > line.unit_price;
    if higher {
        match input.customer_accepts {
            None => {
                return Err(Error::validation(
                    "customer_accepts",
                    "decision_needed",
                    "ask the customer: accept the right price or cancel",
                ))
            }
            Some(false) => {
                let reason = format!(
                    "Kesalahan harga: harga benar {} ditolak pelanggan",
                    money::format(price, order.currency)
                );
                return flow::cancel(db, ctx, order_id, &reason).await;
            }
            Some(true) => {}
        }
    }
    // Read again inside the write transaction: the order may have been
    // paid, refunded, corrected or shipped since the check above.
    let mut tx = db.begin().await?;
    let order = detail_in(db, &mut tx, order_id).await?;
    if order.payments.iter().any(|p| p.status == "pending") {
        return Err(Error::invalid_state(
            "transfer_pending",
            "the customer confirmed a transfer: verify or reject it before changing the price",
        ));
    }
    let line = open_line(&order, input.position)?;
    if price == line.unit_price || (price > line.unit_price) != higher {
        return Err(Error::validation(
            "unit_price",
            "same_price",
            "this is the price already charged",
        ));
    }
    if order.paid > Decimal::ZERO && price < line.unit_price {
        ctx.require(Action::Refund)?;
    }
    sqlx::query("UPDATE order_lines SET unit_price = ? WHERE order_id = ? AND position = ?")
        .bind(money::to_minor(price, order.currency))
        .bind(order_id.to_string())
        .bind(i64::from(input.position))
        .execute(&mut *tx)
        .await?;
    let totals = recompute(&mut tx, ctx, &order).await?;
    let before = serde_json::json!({ "position": input.position, "unit_price": line.unit_price.to_string(), "total": order.totals.total.to_string() });
    let after = serde_json::json!({ "position": input.position, "unit_price": price.to_string(), "total": totals.total.to_string(), "customer_accepted": higher });
    outbox::append_change(
        &mut tx,
        ctx,
        "order",
        order_id,
        "price_corrected",
        &before,
        &after,
    )
    .await?;
    // Paid more than the corrected total: the difference goes back.
    if order.paid > totals.total {
        crate::store::sales::payments::refund(&mut tx, ctx, &order, order.paid - totals.total)
            .await?;
    }
    let voided =
        crate::store::sales::invoices::void_live(&mut tx, ctx, order_id, "Koreksi harga").await?;
    let moved = settle(
        db,
        &mut tx,
        ctx,
        order_id,
        order.paid,
        totals.total,
        voided.is_some(),
    )
    .await?;
    append_event(
        &mut tx,
        ctx,
        order_id,
        "price_corrected",
        moved,
        note.as_deref(),
        after,
    )
    .await?;
    tx.commit().await?;
    detail(db, order_id).await
}

/// The line to correct, while the goods are still in the shop.
fn open_line(order: &OrderDetail, position: u32) -> Result<crate::store::sales::detail::OrderLine> {
    if order.status.is_closed() || order.status == OrderStatus::InDelivery {
        return Err(Error::invalid_state(
            "order_closed",
            "the goods have left the shop",
        ));
    }
    Ok(order.line(position)?.clone())
}

/// After the total changed on a paid order: still covered → the voided
/// invoice is reissued at once with the new amounts; not covered → a paid
/// order waits for the difference (awaiting payment).
pub(crate) async fn settle(
    db: &Db,
    tx: &mut Tx,
    ctx: &Ctx,
    order_id: Uuid,
    paid: Decimal,
    total: Decimal,
    was_invoiced: bool,
) -> Result<Option<(Option<OrderStatus>, OrderStatus)>> {
    let (from, cod) = crate::store::sales::payments::status(tx, order_id).await?;
    if paid >= total {
        if was_invoiced {
            crate::store::sales::invoices::issue(db, tx, ctx, order_id).await?;
        }
        return Ok(None);
    }
    if from != OrderStatus::PaymentReceived {
        return Ok(None);
    }
    let to = transition(
        from,
        OrderTrigger::LinesChanged,
        Context { cod, paid: false },
    )?;
    Ok(Some((Some(from), to)))
}

/// New totals from the corrected lines; the coupon discount and shipping stay.
async fn recompute(tx: &mut Tx, ctx: &Ctx, order: &OrderDetail) -> Result<sales::OrderTotals> {
    let cur = order.currency;
    let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(
        "SELECT l.qty, l.unit_price, l.discount, p.tax_class FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = ? ORDER BY l.position",
    )
    .bind(order.id.to_string())
    .fetch_all(&mut **tx)
    .await?;
    let lines: Vec<(Line, bool)> = rows
        .into_iter()
        .map(|(qty, price, discount, tax)| {
            let line = Line {
                kind: LineKind::Part,
                description: String::new(),
                qty: Decimal::from(qty),
                unit_price: money::from_minor(price, cur),
                discount: money::from_minor(discount, cur),
            };
            (line, tax != "exempt")
        })
        .collect();
    let (rate, inclusive): (String, bool) =
        sqlx::query_as("SELECT tax_rate, tax_inclusive FROM orders WHERE id = ?")
            .bind(order.id.to_string())
            .fetch_one(&mut **tx)
            .await?;
    let rate: Decimal = rate.parse().unwrap_or_default();
    let t = sales::order_totals(
        &lines,
        order.totals.discount,
        order.totals.shipping,
        rate,
        inclusive,
        cur,
    );
    crate::store::sales::orders::write_totals(tx, ctx, order.id, &t, cur).await?;
    Ok(t)
}
