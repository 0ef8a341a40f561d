//! Writes every order module shares: a stock reservation, the search entry,
//! an order event with its outbox row and audit entry (status moves keep
//! the status they left as the audit's "before"), priced lines and totals.

use crate::domain::money::{self, Currency};
use crate::domain::sales;
use crate::domain::sales::order::OrderStatus;
use crate::domain::totals::Line;
use crate::error::Result;
use crate::store::sales::orders::PricedLine;
use crate::store::shop::journal::Journal;
use crate::store::{shop::outbox, ts, Ctx, Tx};
use rust_decimal::Decimal;
use uuid::Uuid;

pub(crate) async fn reserve(
    tx: &mut Tx,
    order: Uuid,
    product: Uuid,
    branch: &str,
    qty: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO reservations (id, order_id, product_id, branch, qty) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(crate::domain::new_id().to_string())
    .bind(order.to_string())
    .bind(product.to_string())
    .bind(branch)
    .bind(qty)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The search text of an order: number, customer name, phones, e-mail.
pub(crate) async fn index(tx: &mut Tx, id: Uuid, number: &str) -> Result<()> {
    let (name, phone, email): (String, String, Option<String>) = sqlx::query_as(
        "SELECT c.name, c.phone, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?",
    )
    .bind(id.to_string())
    .fetch_one(&mut **tx)
    .await?;
    index_with(tx, id, number, &name, &phone, email.as_deref()).await
}

/// What the order list's search finds an order by.
pub(crate) fn order_body(number: &str, name: &str, phone: &str, email: Option<&str>) -> String {
    format!(
        "{number} {name} {phone} {} {}",
        crate::domain::phone::national(phone),
        email.unwrap_or_default()
    )
}

/// The search entry when the caller already has the customer's details.
pub(crate) async fn index_with(
    tx: &mut Tx,
    id: Uuid,
    number: &str,
    name: &str,
    phone: &str,
    email: Option<&str>,
) -> Result<()> {
    let body = order_body(number, name, phone, email);
    sqlx::query("INSERT INTO order_search (rowid, order_id, body) SELECT rowid, id, ? FROM orders WHERE id = ?")
        .bind(body)
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Appends an order event (and its outbox/audit row); moves the cached status.
pub(crate) async fn append_event(
    tx: &mut Tx,
    ctx: &Ctx,
    order_id: Uuid,
    kind: &str,
    moved: Option<(Option<OrderStatus>, OrderStatus)>,
    note: Option<&str>,
    data: serde_json::Value,
) -> Result<()> {
    let (before, payload) = insert_event(tx, ctx, order_id, kind, moved, note, data).await?;
    match before {
        Some(before) => {
            outbox::append_change(tx, ctx, "order", order_id, kind, &before, &payload).await
        }
        None => outbox::append(tx, ctx, "order", order_id, kind, &payload).await,
    }
}

/// The same event with its outbox row kept in a journal (bulk imports).
pub(crate) async fn append_event_journaled(
    tx: &mut Tx,
    journal: &mut Journal,
    ctx: &Ctx,
    order_id: Uuid,
    kind: &str,
    moved: Option<(Option<OrderStatus>, OrderStatus)>,
    data: serde_json::Value,
) -> Result<()> {
    let (before, payload) = insert_event(tx, ctx, order_id, kind, moved, None, data).await?;
    journal.add(
        ctx,
        "order",
        order_id,
        kind,
        before.map(|b| b.to_string()),
        &payload,
    )
}

/// The event row and the status cache; returns the outbox payload and, for
/// a status move, the "before" the audit keeps.
async fn insert_event(
    tx: &mut Tx,
    ctx: &Ctx,
    order_id: Uuid,
    kind: &str,
    moved: Option<(Option<OrderStatus>, OrderStatus)>,
    note: Option<&str>,
    data: serde_json::Value,
) -> Result<(Option<serde_json::Value>, serde_json::Value)> {
    let id = crate::domain::new_id();
    sqlx::query("INSERT INTO order_events (id, order_id, kind, from_status, to_status, note, data, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(id.to_string())
        .bind(order_id.to_string())
        .bind(kind)
        .bind(moved.and_then(|(f, _)| f).map(OrderStatus::as_str))
        .bind(moved.map(|(_, t)| t.as_str()))
        .bind(note)
        .bind(data.to_string())
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .execute(&mut **tx)
        .await?;
    // A creation event (no "from") describes the status the INSERT just wrote.
    if let Some((Some(_), to)) = moved {
        sqlx::query("UPDATE orders SET status = ?, updated_at = ? WHERE id = ?")
            .bind(to.as_str())
            .bind(ts(ctx.now))
            .bind(order_id.to_string())
            .execute(&mut **tx)
            .await?;
    }
    let payload = serde_json::json!({ "event_id": id, "kind": kind, "to": moved.map(|(_, t)| t.as_str()), "note": note, "data": data });
    let before = match moved {
        Some((Some(from), _)) => Some(serde_json::json!({ "status": from.as_str() })),
        _ => None,
    };
    Ok((before, payload))
}

/// Quantities per product of priced lines (see `flow::per_product`).
pub(crate) fn per_product(lines: &[PricedLine]) -> Vec<(Uuid, i64)> {
    let mut out: Vec<(Uuid, i64)> = vec![];
    for l in lines {
        match out.iter_mut().find(|(p, _)| *p == l.product.id) {
            Some((_, q)) => *q += l.qty,
            None => out.push((l.product.id, l.qty)),
        }
    }
    out
}

/// The order's lines, in order, as priced.
pub(crate) async fn insert_lines(
    tx: &mut Tx,
    id: Uuid,
    lines: &[PricedLine],
    cur: Currency,
) -> Result<()> {
    for (i, l) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_lines (id, order_id, position, product_id, sku, name, qty, unit_price, discount, serialised) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(crate::domain::new_id().to_string())
        .bind(id.to_string())
        .bind(i as i64)
        .bind(l.product.id.to_string())
        .bind(&l.product.sku)
        .bind(&l.product.name)
        .bind(l.qty)
        .bind(money::to_minor(l.line.unit_price, cur))
        .bind(money::to_minor(l.line.discount, cur))
        .bind(l.product.serialised)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Each line with whether PPN applies to it (its product's tax class).
pub(crate) fn taxed(lines: &[PricedLine]) -> Vec<(Line, bool)> {
    lines
        .iter()
        .map(|p| {
            (
                p.line.clone(),
                p.product.tax_class == crate::domain::sales::catalog::TaxClass::Standard,
            )
        })
        .collect()
}

/// Stores new totals of an existing order.
pub(crate) async fn write_totals(
    tx: &mut Tx,
    ctx: &Ctx,
    id: Uuid,
    t: &sales::OrderTotals,
    cur: Currency,
) -> Result<()> {
    let m = |d: Decimal| money::to_minor(d, cur);
    sqlx::query(
        "UPDATE orders SET subtotal = ?, discount = ?, base = ?, tax = ?, total = ?, updated_at = ? WHERE id = ?",
    )
    .bind(m(t.subtotal))
    .bind(m(t.discount))
    .bind(m(t.base))
    .bind(m(t.tax))
    .bind(m(t.total))
    .bind(ts(ctx.now))
    .bind(id.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
