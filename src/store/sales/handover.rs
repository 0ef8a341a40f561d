//! The goods leaving the shop against an order: the O2O pickup lookup, the
//! serials scanned at handover or packing (each one ours, this product, in
//! stock, scanned once), the stock moves and sold units, and the handover.

use crate::domain::sales::catalog::check_serial;
use crate::domain::sales::order::{transition, Context, OrderTrigger};
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::sales::catalog::insert_move;
use crate::store::sales::orders::{append_event, detail, detail_in, OrderDetail};
use crate::store::{ts, Ctx, Db, Tx};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;
use uuid::Uuid;

use crate::store::sales::flow::release;

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
    let typed = check::required("number", number, 40)?;
    let contact = check::optional("contact", contact, 120)?;
    let ids = numbered(db, &typed).await?;
    let mut found = vec![];
    for id in &ids {
        found.push(detail(db, crate::store::parse_id("id", id)?).await?);
    }
    // Two stores with a 1042: the contact tells them apart, else ask.
    if found.len() > 1 {
        if let Some(c) = &contact {
            found.retain(|o| contact_matches(o, c));
        }
    }
    let order = match found.len() {
        _ if ids.is_empty() => Err(Error::validation(
            "number",
            "unknown_order",
            "no order with this number",
        )),
        1 => Ok(found.remove(0)),
        0 => found_none(),
        _ => {
            let numbers: Vec<String> = found.iter().map(|o| o.number.clone()).collect();
            return Err(Error::validation(
                "number",
                "ambiguous_number",
                format!("which store? {}", numbers.join(", ")),
            ));
        }
    }?;
    if let Some(c) = contact {
        if !contact_matches(&order, &c) {
            return Err(Error::validation(
                "contact",
                "contact_mismatch",
                "does not match the order's e-mail or phone",
            ));
        }
    }
    Ok(order)
}

fn found_none() -> Result<OrderDetail> {
    Err(Error::validation(
        "contact",
        "contact_mismatch",
        "does not match the order's e-mail or phone",
    ))
}

fn contact_matches(order: &OrderDetail, c: &str) -> bool {
    let by_email = order
        .customer
        .email
        .as_deref()
        .is_some_and(|e| e.eq_ignore_ascii_case(c.trim()));
    let by_phone = crate::domain::phone::normalize(c).is_ok_and(|p| p == order.customer.phone);
    by_email || by_phone
}

/// The orders a typed number may mean: Konter's own number as typed, or a
/// web store's number in any form people give it (every store's).
pub(crate) async fn numbered(db: &Db, typed: &str) -> Result<Vec<String>> {
    let exact = typed.trim().to_uppercase();
    let web = crate::domain::sales::web_order_number(typed);
    // Every store's "WC-1042-k" as a range on the number's index.
    let base = web.as_deref().filter(|w| w.matches('-').count() == 1);
    Ok(sqlx::query_scalar(
        "SELECT id FROM orders WHERE number = ?1 OR number = ?2
            OR (?3 IS NOT NULL AND number > ?3 || '-' AND number < ?3 || '.' AND source LIKE 'woocommerce:%') ORDER BY rowid",
    )
    .bind(&exact)
    .bind(&web)
    .bind(base)
    .fetch_all(&db.pool)
    .await?)
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
    // What leaves must be on the shelf and not held for another order:
    // free stock plus what this order holds.
    for line in &order.lines {
        let qty = quantities.get(&line.position).copied().unwrap_or(line.qty);
        if qty == 0 {
            continue;
        }
        let same: i64 = order
            .lines
            .iter()
            .filter(|l| l.product_id == line.product_id)
            .map(|l| quantities.get(&l.position).copied().unwrap_or(l.qty))
            .sum();
        let own: i64 = sqlx::query_scalar(
            "SELECT COALESCE(SUM(qty), 0) FROM reservations WHERE order_id = ? AND product_id = ? AND released_at IS NULL",
        )
        .bind(order.id.to_string())
        .bind(line.product_id.to_string())
        .fetch_one(&mut **tx)
        .await?;
        if crate::store::sales::catalog::available(tx, line.product_id, &branch).await? + own < same
        {
            return Err(Error::validation(
                &format!("lines.{}", line.position),
                "not_enough_stock",
                "not that many on the shelf for this order",
            ));
        }
    }
    // The order's hold is released before its goods leave, so a push cut
    // between the two never shows the hub the same unit both held and gone.
    // (A refusal below rolls the whole transaction back.)
    release(tx, ctx, order.id).await?;
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
    Ok(())
}

/// The goods leave by courier: out of stock as packed, and the tracking
/// number kept on the order.
pub(crate) async fn ship_out(
    tx: &mut Tx,
    ctx: &Ctx,
    order: &OrderDetail,
    serials: &[(u32, String)],
    quantities: &HashMap<u32, i64>,
    tracking: &str,
) -> Result<()> {
    take_out_of_stock(tx, ctx, order, serials, quantities).await?;
    sqlx::query("UPDATE orders SET tracking = ? WHERE id = ?")
        .bind(tracking)
        .bind(order.id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The O2O handover: paid in full, every serialised unit scanned.
pub async fn hand_over(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    scanned: Vec<ScannedSerial>,
) -> Result<OrderDetail> {
    ctx.require(Action::FulfilOrder)?;
    let mut tx = db.begin().await?;
    let order = detail_in(db, &mut tx, id).await?;
    if order.balance > Decimal::ZERO {
        return Err(Error::invalid_state(
            "unpaid",
            "the order is not paid in full",
        ));
    }
    let serials = check_scans(&order, &scanned, &HashMap::new())?;
    let (from, cod) = (order.status, order.payment_method == "cod");
    let to = transition(from, OrderTrigger::HandedOver, Context { cod, paid: true })?;
    take_out_of_stock(&mut tx, ctx, &order, &serials, &HashMap::new()).await?;
    crate::store::sales::flow::mark_received(&mut tx, ctx, id).await?;
    // The warranty of every serialised unit starts the day the customer takes it.
    let registered = crate::store::warranty::register_order(db, &mut tx, ctx, id).await?;
    let data = serde_json::json!({ "serials": serials_json(&serials), "warranties": registered });
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
