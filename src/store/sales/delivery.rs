//! When delivery goes wrong (seed 004): the address may change until the
//! order is invoiced; a failed attempt is recorded, and a parcel that comes
//! back (absent twice, refused) returns to processing with a reship fee on
//! the order; damage found at handover is reported (what, courier, photos)
//! and opens the return case at the counter.

use crate::domain::money;
use crate::domain::sales::order::{transition, Context, OrderStatus, OrderTrigger};
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::sales::catalog::insert_move;
use crate::store::sales::invoices::void_live;
use crate::store::sales::orders::{append_event, detail, detail_in, OrderDetail};
use crate::store::{shop::settings, ts, Ctx, Db};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// Attempts before a parcel counts as returned.
pub const MAX_ATTEMPTS: usize = 2;

pub async fn change_address(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    address: &str,
    city: &str,
) -> Result<OrderDetail> {
    ctx.require(Action::FulfilOrder)?;
    let address = check::required("ship_address", address, 300)?;
    let city = check::required("ship_city", city, 80)?;
    let order = detail(db, id).await?;
    if order.invoices.iter().any(|i| i.voided_at.is_none()) {
        return Err(Error::invalid_state(
            "already_invoiced",
            "the order is invoiced: the address can no longer change",
        ));
    }
    if !matches!(
        order.status,
        OrderStatus::AwaitingPayment
            | OrderStatus::OnHold
            | OrderStatus::PaymentDeclined
            | OrderStatus::InsufficientStock
    ) {
        return Err(Error::invalid_state(
            "already_invoiced",
            "the address can no longer change",
        ));
    }
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE orders SET ship_address = ?, ship_city = ?, updated_at = ? WHERE id = ?")
        .bind(&address)
        .bind(&city)
        .bind(ts(ctx.now))
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let before =
        serde_json::json!({ "ship_address": order.ship_address, "ship_city": order.ship_city });
    let after = serde_json::json!({ "ship_address": address, "ship_city": city });
    crate::store::shop::outbox::append_change(
        &mut tx,
        ctx,
        "order",
        id,
        "address_changed",
        &before,
        &after,
    )
    .await?;
    append_event(&mut tx, ctx, id, "address_changed", None, None, after).await?;
    tx.commit().await?;
    detail(db, id).await
}

/// A failed delivery attempt. The second one (or `returned`) brings the
/// parcel back: the order returns to processing and owes the reship fee.
pub async fn delivery_failed(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    note: &str,
    returned: bool,
) -> Result<OrderDetail> {
    ctx.require(Action::FulfilOrder)?;
    let note = check::required("note", note, 500)?;
    let reship_fee = settings::get(db).await?.reship_fee;
    let mut tx = db.begin().await?;
    let order = detail_in(db, &mut tx, id).await?;
    if order.status != OrderStatus::InDelivery {
        return Err(Error::invalid_state(
            "not_in_delivery",
            "the order is not on its way",
        ));
    }
    let attempts = order
        .events
        .iter()
        .filter(|e| e.kind == "delivery_failed")
        .count()
        + 1;
    let back = returned || attempts >= MAX_ATTEMPTS;
    let (from, cod) = (order.status, order.payment_method == "cod");
    let moved = if back {
        let to = transition(
            from,
            OrderTrigger::ParcelReturned,
            Context {
                cod,
                paid: order.balance <= Decimal::ZERO,
            },
        )?;
        let fee = money::from_minor(reship_fee, order.currency);
        let minor = money::to_minor(fee, order.currency);
        sqlx::query("UPDATE orders SET shipping = shipping + ?, total = total + ?, tracking = NULL, updated_at = ? WHERE id = ?")
            .bind(minor)
            .bind(minor)
            .bind(ts(ctx.now))
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        // The invoice no longer shows what the customer owes: voided here,
        // reissued with the fee when it is paid.
        void_live(&mut tx, ctx, id, "Biaya kirim ulang").await?;
        back_on_the_shelf(&mut tx, ctx, id).await?;
        Some((Some(from), to))
    } else {
        None
    };
    let data = serde_json::json!({ "attempt": attempts, "returned": back });
    append_event(
        &mut tx,
        ctx,
        id,
        "delivery_failed",
        moved,
        Some(&note),
        data,
    )
    .await?;
    tx.commit().await?;
    detail(db, id).await
}

/// The parcel is back: what it carried is on the shelf again (units in
/// stock, a return move per product) and held for the order, so the reship
/// scans and takes it out once more.
async fn back_on_the_shelf(tx: &mut crate::store::Tx, ctx: &Ctx, id: Uuid) -> Result<()> {
    let branch: String = sqlx::query_scalar("SELECT branch FROM orders WHERE id = ?")
        .bind(id.to_string())
        .fetch_one(&mut **tx)
        .await?;
    let units: Vec<(String, String)> = sqlx::query_as(
        "SELECT product_id, serial FROM units WHERE order_id = ? AND status = 'sold' ORDER BY serial",
    )
    .bind(id.to_string())
    .fetch_all(&mut **tx)
    .await?;
    for (product, serial) in &units {
        sqlx::query("UPDATE units SET status = 'in_stock', order_id = NULL, updated_at = ? WHERE product_id = ? AND serial = ?")
            .bind(ts(ctx.now))
            .bind(product)
            .bind(serial)
            .execute(&mut **tx)
            .await?;
        let p = crate::store::parse_id("product_id", product)?;
        insert_move(
            tx,
            ctx,
            p,
            &branch,
            1,
            "return",
            Some(serial),
            Some(id),
            Some("parcel_returned"),
        )
        .await?;
    }
    // Non-serialised goods: what left net for this order, per product.
    let out: Vec<(String, i64)> = sqlx::query_as(
        "SELECT m.product_id, -SUM(m.qty) FROM stock_moves m JOIN products p ON p.id = m.product_id
         WHERE m.order_id = ? AND p.serialised = 0 GROUP BY m.product_id HAVING SUM(m.qty) < 0",
    )
    .bind(id.to_string())
    .fetch_all(&mut **tx)
    .await?;
    for (product, qty) in &out {
        let p = crate::store::parse_id("product_id", product)?;
        insert_move(
            tx,
            ctx,
            p,
            &branch,
            *qty,
            "return",
            None,
            Some(id),
            Some("parcel_returned"),
        )
        .await?;
    }
    let mut held: Vec<(String, i64)> = out;
    for (product, _) in &units {
        match held.iter_mut().find(|(p, _)| p == product) {
            Some((_, q)) => *q += 1,
            None => held.push((product.clone(), 1)),
        }
    }
    for (product, qty) in held {
        let p = crate::store::parse_id("product_id", &product)?;
        crate::store::sales::orders::reserve(tx, id, p, &branch, qty).await?;
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DamageReport {
    /// What is damaged, as seen at handover.
    pub what: String,
    pub courier: String,
    /// Saved photo files (paths), if any.
    pub photos: Vec<String>,
}

/// Damage found when the goods are handed over: recorded on the order; the
/// replacement or refund then goes through a return (RMA) at the counter.
pub async fn report_damage(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    input: DamageReport,
) -> Result<OrderDetail> {
    ctx.require(Action::FulfilOrder)?;
    let what = check::required("what", &input.what, 500)?;
    let courier = check::required("courier", &input.courier, 100)?;
    if input.photos.len() > 10 {
        return Err(Error::validation("photos", "too_many", "at most 10 photos"));
    }
    for (i, p) in input.photos.iter().enumerate() {
        check::required(&format!("photos.{i}"), p, 1000)?;
    }
    let order = detail(db, id).await?;
    if !matches!(
        order.status,
        OrderStatus::InDelivery | OrderStatus::Delivered | OrderStatus::PickedUp
    ) {
        return Err(Error::invalid_state(
            "not_handed_over",
            "the goods have not been handed over yet",
        ));
    }
    let mut tx = db.begin().await?;
    let data = serde_json::json!({ "what": what, "courier": courier, "photos": input.photos });
    append_event(&mut tx, ctx, id, "damage_report", None, Some(&what), data).await?;
    tx.commit().await?;
    detail(db, id).await
}
