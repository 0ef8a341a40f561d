//! Moving an order after payment: processing, ready for O2O pickup, shipped,
//! delivered, and back on track when stock arrives. The handover and the
//! serial checks are in `handover`, cancellations in `cancel`;
//! both are re-exported here, where the counter looks for them.

use crate::domain::sales::order::{transition, Context, Fulfilment, OrderStatus, OrderTrigger};
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::sales::orders::{append_event, detail, detail_in, OrderDetail};
use crate::store::{ts, Ctx, Db, Tx};
use rust_decimal::Decimal;
use std::collections::HashMap;
use uuid::Uuid;

pub use crate::store::sales::cancel::{cancel, cancel_by_customer, expire_unpaid};
use crate::store::sales::handover::{check_scans, serials_json, ship_out};
pub use crate::store::sales::handover::{find_for_pickup, hand_over, ScannedSerial};

/// Goods leave (or are delivered) only when paid, unless paid at the door.
pub(crate) fn unpaid_stays(order: &OrderDetail, cod: bool) -> Result<()> {
    if !cod && order.balance > Decimal::ZERO {
        return Err(Error::invalid_state(
            "unpaid",
            "the order is not paid in full",
        ));
    }
    Ok(())
}

/// The customer has the goods (handover or delivery): the return window starts.
pub(crate) async fn mark_received(tx: &mut Tx, ctx: &Ctx, id: Uuid) -> Result<()> {
    sqlx::query("UPDATE orders SET received_at = ? WHERE id = ?")
        .bind(ts(ctx.now))
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Quantities per product: two lines of the same product count together
/// against the shelf.
pub(crate) fn per_product(lines: &[crate::store::sales::detail::OrderLine]) -> Vec<(Uuid, i64)> {
    let mut out: Vec<(Uuid, i64)> = vec![];
    for l in lines {
        match out.iter_mut().find(|(p, _)| *p == l.product_id) {
            Some((_, q)) => *q += l.qty,
            None => out.push((l.product_id, l.qty)),
        }
    }
    out
}

pub(crate) async fn release(tx: &mut Tx, ctx: &Ctx, id: Uuid) -> Result<()> {
    sqlx::query(
        "UPDATE reservations SET released_at = ? WHERE order_id = ? AND released_at IS NULL",
    )
    .bind(ts(ctx.now))
    .bind(id.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A move that needs nothing but the trigger (processing, ready, delivered).
async fn simple(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    trigger: OrderTrigger,
    kind: &str,
    data: serde_json::Value,
) -> Result<OrderDetail> {
    ctx.require(Action::FulfilOrder)?;
    let mut tx = db.begin().await?;
    let order = detail_in(db, &mut tx, id).await?;
    let paid = order.balance <= Decimal::ZERO;
    let (from, cod) = (order.status, order.payment_method == "cod");
    let to = transition(from, trigger, Context { cod, paid })?;
    if trigger == OrderTrigger::ReadyForPickup && order.fulfilment != Fulfilment::Pickup {
        return Err(Error::invalid_state(
            "not_pickup",
            "this order is delivered, not picked up",
        ));
    }
    if trigger == OrderTrigger::Shipped && order.fulfilment != Fulfilment::Delivery {
        return Err(Error::invalid_state(
            "not_delivery",
            "this order is picked up at the showroom",
        ));
    }
    append_event(&mut tx, ctx, id, kind, Some((Some(from), to)), None, data).await?;
    tx.commit().await?;
    detail(db, id).await
}

pub async fn start_processing(db: &Db, ctx: &Ctx, id: Uuid) -> Result<OrderDetail> {
    simple(
        db,
        ctx,
        id,
        OrderTrigger::StartProcessing,
        "processing",
        serde_json::Value::Null,
    )
    .await
}

pub async fn ready_for_pickup(db: &Db, ctx: &Ctx, id: Uuid) -> Result<OrderDetail> {
    simple(
        db,
        ctx,
        id,
        OrderTrigger::ReadyForPickup,
        "ready_for_pickup",
        serde_json::Value::Null,
    )
    .await
}

/// Shipped with its tracking number; the goods leave stock here, with the
/// serials scanned at packing.
pub async fn ship(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    tracking: &str,
    scanned: Vec<ScannedSerial>,
) -> Result<OrderDetail> {
    ctx.require(Action::FulfilOrder)?;
    let tracking = check::required("tracking", tracking, 60)?;
    let mut tx = db.begin().await?;
    let order = detail_in(db, &mut tx, id).await?;
    if order.fulfilment != Fulfilment::Delivery {
        return Err(Error::invalid_state(
            "not_delivery",
            "this order is picked up at the showroom",
        ));
    }
    let serials = check_scans(&order, &scanned, &HashMap::new())?;
    let (from, cod) = (order.status, order.payment_method == "cod");
    unpaid_stays(&order, cod)?;
    let to = transition(
        from,
        OrderTrigger::Shipped,
        Context {
            cod,
            paid: order.balance <= Decimal::ZERO,
        },
    )?;
    ship_out(&mut tx, ctx, &order, &serials, &HashMap::new(), &tracking).await?;
    let data = serde_json::json!({ "tracking": tracking, "serials": serials_json(&serials) });
    append_event(
        &mut tx,
        ctx,
        id,
        "shipped",
        Some((Some(from), to)),
        None,
        data,
    )
    .await?;
    tx.commit().await?;
    detail(db, id).await
}

/// Delivered at the door; for COD the courier's cash is recorded as paid.
pub async fn deliver(db: &Db, ctx: &Ctx, id: Uuid) -> Result<OrderDetail> {
    ctx.require(Action::FulfilOrder)?;
    let mut tx = db.begin().await?;
    let order = detail_in(db, &mut tx, id).await?;
    let (from, cod) = (order.status, order.payment_method == "cod");
    unpaid_stays(&order, cod)?;
    let to = transition(
        from,
        OrderTrigger::Delivered,
        Context {
            cod,
            paid: order.balance <= Decimal::ZERO,
        },
    )?;
    if cod && order.balance > Decimal::ZERO {
        crate::store::sales::payments::record_cod(db, &mut tx, ctx, &order).await?;
    }
    mark_received(&mut tx, ctx, id).await?;
    // Units shipped start their warranty the day the customer receives them.
    let registered = crate::store::warranty::register_order(db, &mut tx, ctx, id).await?;
    append_event(
        &mut tx,
        ctx,
        id,
        "delivered",
        Some((Some(from), to)),
        None,
        serde_json::json!({ "cod": cod, "warranties": registered }),
    )
    .await?;
    tx.commit().await?;
    detail(db, id).await
}

/// An order held as insufficient stock is checked again (after goods
/// arrived): when every line is available it is reserved and the order goes
/// on (paid → payment received, unpaid → awaiting payment).
pub async fn recheck_stock(db: &Db, ctx: &Ctx, id: Uuid) -> Result<OrderDetail> {
    ctx.require(Action::FulfilOrder)?;
    let window = crate::store::shop::settings::get(db)
        .await?
        .payment_window_hours;
    let mut tx = db.begin().await?;
    let order = detail_in(db, &mut tx, id).await?;
    let branch: String = sqlx::query_scalar("SELECT branch FROM orders WHERE id = ?")
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await?;
    let (from, cod) = (order.status, order.payment_method == "cod");
    let to = transition(
        from,
        OrderTrigger::StockArrived,
        Context {
            cod,
            paid: order.balance <= Decimal::ZERO,
        },
    )?;
    for (product, qty) in per_product(&order.lines) {
        if crate::store::sales::catalog::available(&mut tx, product, &branch).await? < qty {
            let sku = order.lines.iter().find(|l| l.product_id == product);
            return Err(Error::invalid_state(
                "still_short",
                format!(
                    "{} is still short",
                    sku.map(|l| l.sku.as_str()).unwrap_or("")
                ),
            ));
        }
        crate::store::sales::orders::reserve(&mut tx, id, product, &branch, qty).await?;
    }
    // An unpaid transfer order gets its payment window from now: the stock
    // it waited for has only just arrived.
    if to == OrderStatus::AwaitingPayment && order.payment_method == "bank_transfer" {
        let pay_by = crate::domain::sales::pay_deadline(ctx.now, window);
        sqlx::query("UPDATE orders SET pay_by = ? WHERE id = ?")
            .bind(ts(pay_by))
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
    }
    append_event(
        &mut tx,
        ctx,
        id,
        "stock_arrived",
        Some((Some(from), to)),
        None,
        serde_json::Value::Null,
    )
    .await?;
    tx.commit().await?;
    detail(db, id).await
}
