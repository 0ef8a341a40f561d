//! Moving an order after payment: processing, ready for O2O pickup, shipped,
//! delivered; the O2O handover with every serial scanned; cancellations with
//! their reason and refund; and the automatic cancel of orders left unpaid
//! past their payment window, which releases their stock.

use super::catalog::insert_move;
use super::order_payments::status;
use super::orders::{append_event, detail, OrderDetail, SYSTEM};
use super::{ts, Ctx, Db, Tx};
use crate::domain::catalog::check_serial;
use crate::domain::order::{transition, Context, Fulfilment, OrderTrigger};
use crate::domain::permissions::Action;
use crate::domain::staff::Role;
use crate::error::{check, Error, Result};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;
use uuid::Uuid;

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
    let order = detail(db, id).await?;
    let paid = order.balance <= Decimal::ZERO;
    let mut tx = db.begin().await?;
    let (from, cod) = status(&mut tx, id).await?;
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
    let order = detail(db, id).await?;
    if order.fulfilment != Fulfilment::Delivery {
        return Err(Error::invalid_state(
            "not_delivery",
            "this order is picked up at the showroom",
        ));
    }
    let serials = check_scans(&order, &scanned, &HashMap::new())?;
    let mut tx = db.begin().await?;
    let (from, cod) = status(&mut tx, id).await?;
    let to = transition(
        from,
        OrderTrigger::Shipped,
        Context {
            cod,
            paid: order.balance <= Decimal::ZERO,
        },
    )?;
    take_out_of_stock(&mut tx, ctx, &order, &serials, &HashMap::new()).await?;
    sqlx::query("UPDATE orders SET tracking = ? WHERE id = ?")
        .bind(&tracking)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
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
    let order = detail(db, id).await?;
    let mut tx = db.begin().await?;
    let (from, cod) = status(&mut tx, id).await?;
    let to = transition(
        from,
        OrderTrigger::Delivered,
        Context {
            cod,
            paid: order.balance <= Decimal::ZERO,
        },
    )?;
    if cod && order.balance > Decimal::ZERO {
        super::order_payments::record_cod(db, &mut tx, ctx, &order).await?;
    }
    append_event(
        &mut tx,
        ctx,
        id,
        "delivered",
        Some((Some(from), to)),
        None,
        serde_json::json!({ "cod": cod }),
    )
    .await?;
    tx.commit().await?;
    detail(db, id).await
}

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
    let order = detail(db, id).await?;
    let paid = order.paid > Decimal::ZERO;
    if paid {
        ctx.require(Action::Refund)?;
    }
    let policy = super::settings::get(db).await?;
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
    let mut tx = db.begin().await?;
    let (from, cod) = status(&mut tx, id).await?;
    let to = transition(from, OrderTrigger::Cancel, Context { cod, paid })?;
    release(&mut tx, ctx, id).await?;
    let refunded = if paid && order.paid > fee {
        super::order_payments::refund(&mut tx, ctx, &order, order.paid - fee).await?;
        Some(order.paid - fee)
    } else {
        None
    };
    let data = serde_json::json!({ "refund": refunded.map(|r| r.to_string()), "admin_fee": fee.to_string(), "by_customer": by_customer });
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

/// An order held as insufficient stock is checked again (after goods
/// arrived): when every line is available it is reserved and the order goes
/// on (paid → payment received, unpaid → awaiting payment).
pub async fn recheck_stock(db: &Db, ctx: &Ctx, id: Uuid) -> Result<OrderDetail> {
    ctx.require(Action::FulfilOrder)?;
    let order = detail(db, id).await?;
    let branch: String = sqlx::query_scalar("SELECT branch FROM orders WHERE id = ?")
        .bind(id.to_string())
        .fetch_one(&db.pool)
        .await?;
    let mut tx = db.begin().await?;
    let (from, cod) = status(&mut tx, id).await?;
    let to = transition(
        from,
        OrderTrigger::StockArrived,
        Context {
            cod,
            paid: order.balance <= Decimal::ZERO,
        },
    )?;
    for l in &order.lines {
        if super::catalog::available(&mut tx, l.product_id, &branch).await? < l.qty {
            return Err(Error::invalid_state(
                "still_short",
                format!("{} is still short", l.sku),
            ));
        }
        super::orders::reserve(&mut tx, id, l.product_id, &branch, l.qty).await?;
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

/// Cancels every unpaid transfer order whose window closed before `now`,
/// under the automatic-actions account. Returns the order numbers.
pub async fn expire_unpaid(db: &Db, now: DateTime<Utc>) -> Result<Vec<String>> {
    let due: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, number FROM orders WHERE status IN ('awaiting_payment', 'payment_declined') AND pay_by IS NOT NULL AND pay_by < ?",
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
        let id = super::parse_id("id", &id)?;
        let mut tx = db.begin().await?;
        let (from, cod) = status(&mut tx, id).await?;
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

/// One serial scanned at the handover, for the line at `position`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ScannedSerial {
    pub position: u32,
    pub serial: String,
}

/// Finds an order for O2O pickup: its number plus the customer's e-mail or
/// phone, as the customer gives them (or the number alone from its QR, read
/// by staff from the customer's screen or printout).
pub async fn find_for_pickup(db: &Db, number: &str, contact: Option<&str>) -> Result<OrderDetail> {
    let number = check::required("number", number, 40)?.to_uppercase();
    let id: String = sqlx::query_scalar("SELECT id FROM orders WHERE number = ?")
        .bind(&number)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::validation("number", "unknown_order", "no order with this number"))?;
    let order = detail(db, super::parse_id("id", &id)?).await?;
    if let Some(c) = check::optional("contact", contact, 120)? {
        let by_email = order
            .customer
            .email
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case(&c));
        let by_phone = crate::domain::phone::normalize(&c).is_ok_and(|p| p == order.customer.phone);
        if !by_email && !by_phone {
            return Err(Error::validation(
                "contact",
                "contact_mismatch",
                "does not match the order's e-mail or phone",
            ));
        }
    }
    Ok(order)
}

/// Checks the scans against the order: each serial well-formed and once,
/// exactly `qty` per serialised line and none for the others.
pub(crate) fn check_scans(
    order: &OrderDetail,
    scanned: &[ScannedSerial],
    quantities: &HashMap<u32, i64>,
) -> Result<Vec<(u32, String)>> {
    let mut serials: Vec<(u32, String)> = vec![];
    for (i, s) in scanned.iter().enumerate() {
        let serial = check_serial(&format!("serials.{i}"), &s.serial)?;
        if serials.iter().any(|(_, x)| *x == serial) {
            return Err(Error::validation(
                &format!("serials.{i}"),
                "duplicate_serial",
                "scanned twice",
            ));
        }
        serials.push((s.position, serial));
    }
    for line in &order.lines {
        let n = serials.iter().filter(|(p, _)| *p == line.position).count() as i64;
        let shipping = quantities.get(&line.position).copied().unwrap_or(line.qty);
        let expected = if line.serialised { shipping } else { 0 };
        if n != expected {
            return Err(Error::validation(
                &format!("lines.{}", line.position),
                "serial_count",
                format!("scan {expected} serial(s)"),
            ));
        }
    }
    Ok(serials)
}

pub(crate) fn serials_json(serials: &[(u32, String)]) -> serde_json::Value {
    serials
        .iter()
        .map(|(p, s)| serde_json::json!({ "position": p, "serial": s }))
        .collect()
}

/// The goods leave the shop: each scanned unit must be ours, of that
/// product, in stock; units are sold to the order, stock moves out, the
/// reservation is released.
pub(crate) async fn take_out_of_stock(
    tx: &mut Tx,
    ctx: &Ctx,
    order: &OrderDetail,
    serials: &[(u32, String)],
    quantities: &HashMap<u32, i64>,
) -> Result<()> {
    let branch: String = sqlx::query_scalar("SELECT branch FROM orders WHERE id = ?")
        .bind(order.id.to_string())
        .fetch_one(&mut **tx)
        .await?;
    for (i, (position, serial)) in serials.iter().enumerate() {
        let field = format!("serials.{i}");
        let line = order
            .lines
            .iter()
            .find(|l| l.position == *position)
            .ok_or_else(|| Error::validation(&field, "invalid", "no such line"))?;
        let unit: Option<(String, String)> = sqlx::query_as(
            "SELECT id, status FROM units WHERE product_id = ? AND serial = ? AND branch = ?",
        )
        .bind(line.product_id.to_string())
        .bind(serial)
        .bind(&branch)
        .fetch_optional(&mut **tx)
        .await?;
        let unit_id = match unit {
            None => {
                return Err(Error::validation(
                    &field,
                    "serial_not_ours",
                    "not a unit of this product in our stock",
                ))
            }
            Some((_, st)) if st != "in_stock" => {
                return Err(Error::validation(
                    &field,
                    "serial_not_in_stock",
                    "this unit is not in stock",
                ))
            }
            Some((unit_id, _)) => unit_id,
        };
        sqlx::query("UPDATE units SET status = 'sold', order_id = ?, updated_at = ? WHERE id = ?")
            .bind(order.id.to_string())
            .bind(ts(ctx.now))
            .bind(unit_id)
            .execute(&mut **tx)
            .await?;
        insert_move(
            tx,
            ctx,
            line.product_id,
            &branch,
            -1,
            "sale",
            Some(serial),
            Some(order.id),
            None,
        )
        .await?;
    }
    for line in order.lines.iter().filter(|l| !l.serialised) {
        let qty = quantities.get(&line.position).copied().unwrap_or(line.qty);
        if qty == 0 {
            continue;
        }
        insert_move(
            tx,
            ctx,
            line.product_id,
            &branch,
            -qty,
            "sale",
            None,
            Some(order.id),
            None,
        )
        .await?;
    }
    release(tx, ctx, order.id).await
}

/// The O2O handover: paid in full, every serialised unit scanned.
pub async fn hand_over(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    scanned: Vec<ScannedSerial>,
) -> Result<OrderDetail> {
    ctx.require(Action::FulfilOrder)?;
    let order = detail(db, id).await?;
    if order.balance > Decimal::ZERO {
        return Err(Error::invalid_state(
            "unpaid",
            "the order is not paid in full",
        ));
    }
    let serials = check_scans(&order, &scanned, &HashMap::new())?;
    let mut tx = db.begin().await?;
    let (from, cod) = status(&mut tx, id).await?;
    let to = transition(from, OrderTrigger::HandedOver, Context { cod, paid: true })?;
    take_out_of_stock(&mut tx, ctx, &order, &serials, &HashMap::new()).await?;
    let data = serde_json::json!({ "serials": serials_json(&serials) });
    append_event(
        &mut tx,
        ctx,
        id,
        "handed_over",
        Some((Some(from), to)),
        None,
        data,
    )
    .await?;
    tx.commit().await?;
    detail(db, id).await
}
