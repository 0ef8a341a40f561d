//! Partial delivery (seed 004): only with the customer's recorded consent.
//! What is in stock ships now; the rest becomes a backorder — a follow-up
//! order for the same customer, already paid for with the first one (its
//! lines carry no price), shipped free when the stock arrives.

use crate::domain::sales::order::{transition, Context, Fulfilment, OrderStatus, OrderTrigger};
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::sales::catalog::available;
use crate::store::sales::handover::{check_scans, serials_json, ship_out, ScannedSerial};
use crate::store::sales::orders::{append_event, detail, reserve, OrderDetail};
use crate::store::{ts, Ctx, Db, Tx};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ShippedQty {
    pub position: u32,
    #[ts(type = "number")]
    pub qty: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PartialShipment {
    pub tracking: String,
    /// How many of each line ship now (lines not listed: none).
    pub lines: Vec<ShippedQty>,
    pub serials: Vec<ScannedSerial>,
    /// Who agreed to a partial delivery, how and when, as the customer said it.
    pub consent: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PartialResult {
    pub order: OrderDetail,
    pub backorder: OrderDetail,
}

pub async fn ship_partial(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    input: PartialShipment,
) -> Result<PartialResult> {
    ctx.require(Action::FulfilOrder)?;
    let tracking = check::required("tracking", &input.tracking, 60)?;
    let consent = check::required("consent", &input.consent, 300).map_err(|_| {
        Error::validation(
            "consent",
            "consent_needed",
            "a partial delivery needs the customer's consent",
        )
    })?;
    // Everything the shipment rests on is read inside the write transaction.
    let mut tx = db.begin().await?;
    let order = crate::store::sales::orders::detail_in(db, &mut tx, id).await?;
    crate::store::sales::flow::unpaid_stays(&order, order.payment_method == "cod")?;
    if order.fulfilment != Fulfilment::Delivery {
        return Err(Error::invalid_state(
            "not_delivery",
            "this order is picked up at the showroom",
        ));
    }
    let mut now: HashMap<u32, i64> = order.lines.iter().map(|l| (l.position, 0)).collect();
    for (i, s) in input.lines.iter().enumerate() {
        let line = order
            .lines
            .iter()
            .find(|l| l.position == s.position)
            .ok_or_else(|| Error::validation(&format!("lines.{i}"), "invalid", "no such line"))?;
        if s.qty < 0 || s.qty > line.qty {
            return Err(Error::validation(
                &format!("lines.{}", s.position),
                "invalid_qty",
                format!("0 to {}", line.qty),
            ));
        }
        now.insert(s.position, s.qty);
    }
    let rest: Vec<(&crate::store::sales::detail::OrderLine, i64)> = order
        .lines
        .iter()
        .map(|l| (l, l.qty - now[&l.position]))
        .filter(|(_, r)| *r > 0)
        .collect();
    if rest.is_empty() {
        return Err(Error::validation(
            "lines",
            "not_partial",
            "everything ships: use a normal shipment",
        ));
    }
    if now.values().all(|q| *q == 0) {
        return Err(Error::validation(
            "lines",
            "required",
            "choose what ships now",
        ));
    }
    let serials = check_scans(&order, &input.serials, &now)?;
    let (from, cod) = (order.status, order.payment_method == "cod");
    let to = transition(
        from,
        OrderTrigger::ShippedPartly,
        Context {
            cod,
            paid: order.balance <= Decimal::ZERO,
        },
    )?;
    // What ships now must be on the shelf (this order's own reservation counts).
    let branch: String = sqlx::query_scalar("SELECT branch FROM orders WHERE id = ?")
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await?;
    for l in order
        .lines
        .iter()
        .filter(|l| !l.serialised && now[&l.position] > 0)
    {
        let own: i64 = sqlx::query_scalar(
            "SELECT COALESCE(SUM(qty), 0) FROM reservations WHERE order_id = ? AND product_id = ? AND released_at IS NULL",
        )
        .bind(id.to_string())
        .bind(l.product_id.to_string())
        .fetch_one(&mut *tx)
        .await?;
        if available(&mut tx, l.product_id, &branch).await? + own < now[&l.position] {
            return Err(Error::validation(
                &format!("lines.{}", l.position),
                "not_enough_stock",
                "not that many on the shelf",
            ));
        }
    }
    ship_out(&mut tx, ctx, &order, &serials, &now, &tracking).await?;
    let back_id = backorder(&mut tx, ctx, &order, &rest).await?;
    let data = serde_json::json!({ "tracking": tracking, "serials": serials_json(&serials), "partial": true, "consent": consent, "backorder_id": back_id });
    append_event(
        &mut tx,
        ctx,
        id,
        "shipped",
        Some((Some(from), to)),
        Some(&consent),
        data,
    )
    .await?;
    tx.commit().await?;
    Ok(PartialResult {
        order: detail(db, id).await?,
        backorder: detail(db, back_id).await?,
    })
}

/// The follow-up order for what did not ship: same customer and address,
/// no price (paid with the first order), free shipping, stock reserved when
/// there is some, else held as insufficient stock.
async fn backorder(
    tx: &mut Tx,
    ctx: &Ctx,
    order: &OrderDetail,
    rest: &[(&crate::store::sales::detail::OrderLine, i64)],
) -> Result<Uuid> {
    let branch: String = sqlx::query_scalar("SELECT branch FROM orders WHERE id = ?")
        .bind(order.id.to_string())
        .fetch_one(&mut **tx)
        .await?;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE source = ?")
        .bind(format!("backorder:{}", order.number))
        .fetch_one(&mut **tx)
        .await?;
    let number = format!("{}-B{}", order.number, n + 1);
    // The rest per product: two lines of one product count together.
    let mut need: Vec<(Uuid, i64)> = vec![];
    for (l, q) in rest {
        match need.iter_mut().find(|(p, _)| *p == l.product_id) {
            Some((_, n)) => *n += q,
            None => need.push((l.product_id, *q)),
        }
    }
    let mut short = false;
    for (product, q) in need {
        if available(tx, product, &branch).await? < q {
            short = true;
        }
    }
    let status = if short {
        OrderStatus::InsufficientStock
    } else {
        OrderStatus::PaymentReceived
    };
    let id = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO orders (id, number, channel, source, external_id, customer_id, branch, status, fulfilment, ship_address, ship_city, payment_method,
         subtotal, discount, base, tax, shipping, total, tax_rate, tax_inclusive, currency, note, created_by, created_at, updated_at)
         SELECT ?, ?, channel, ?, ?, customer_id, branch, ?, fulfilment, ship_address, ship_city, payment_method,
         0, 0, 0, 0, 0, 0, tax_rate, tax_inclusive, currency, ?, ?, ?, ? FROM orders WHERE id = ?",
    )
    .bind(id.to_string())
    .bind(&number)
    .bind(format!("backorder:{}", order.number))
    // (source, external_id) is unique: a second backorder of one order
    // (its parcel came back and part shipped again) numbers its link.
    .bind(if n == 0 {
        order.id.to_string()
    } else {
        format!("{}#{}", order.id, n + 1)
    })
    .bind(status.as_str())
    .bind(format!("Sisa pesanan {} (dikirim gratis)", order.number))
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .bind(ts(ctx.now))
    .bind(order.id.to_string())
    .execute(&mut **tx)
    .await?;
    for (i, (l, q)) in rest.iter().enumerate() {
        sqlx::query("INSERT INTO order_lines (id, order_id, position, product_id, sku, name, qty, unit_price, discount, serialised) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?)")
            .bind(crate::domain::new_id().to_string())
            .bind(id.to_string())
            .bind(i as i64)
            .bind(l.product_id.to_string())
            .bind(&l.sku)
            .bind(&l.name)
            .bind(q)
            .bind(l.serialised)
            .execute(&mut **tx)
            .await?;
        if !short {
            reserve(tx, id, l.product_id, &branch, *q).await?;
        }
    }
    crate::store::sales::orders::index(tx, id, &number).await?;
    let data = serde_json::json!({ "parent": order.number, "lines": rest.len() });
    append_event(
        tx,
        ctx,
        id,
        "backorder_created",
        Some((None, status)),
        None,
        data,
    )
    .await?;
    Ok(id)
}
