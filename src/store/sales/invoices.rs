//! Invoices of orders: issued when an order is paid in full (counter,
//! verified transfer, COD at the door), numbered from the shop's invoice
//! series shared with tickets, with a snapshot of the lines. An admin voids
//! one with a reason (it keeps its number and prints VOID) and reissues.

use crate::domain::money::{self, Currency};
use crate::domain::shop::numbering::Series;
use crate::domain::staff::permissions::Action;
use crate::domain::totals::{Line, LineKind};
use crate::error::{check, Error, Result};
use crate::store::sales::orders::{detail, OrderDetail};
use crate::store::{shop, shop::calendar, shop::outbox, ts, Ctx, Db, Tx};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OrderInvoice {
    pub id: Uuid,
    pub number: String,
    pub issued_at: String,
    pub buyer_tax_id: Option<String>,
    pub lines: Vec<Line>,
    pub void_reason: Option<String>,
    pub voided_at: Option<String>,
}

/// Issues the order's invoice inside the caller's transaction, from the
/// order as that transaction sees it (lines, serials handed over, totals).
pub(crate) async fn issue(db: &Db, tx: &mut Tx, ctx: &Ctx, order_id: Uuid) -> Result<String> {
    let profile = shop::profile(db).await?;
    let series = Series {
        prefix: profile.invoice_prefix.clone(),
        branch: profile.branch_code.clone(),
        counter: profile.counter_code.clone(),
        year: calendar::calendar(db).await?.local_date(ctx.now).year(),
    };
    let number = crate::store::repairs::tickets::next_number(tx, &series).await?;
    let (total, cur): (i64, String) =
        sqlx::query_as("SELECT total, currency FROM orders WHERE id = ?")
            .bind(order_id.to_string())
            .fetch_one(&mut **tx)
            .await?;
    let cur = Currency::parse(&cur)?;
    let rows: Vec<(String, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT product_id, sku, name, qty, unit_price, discount FROM order_lines WHERE order_id = ? ORDER BY position",
    )
    .bind(order_id.to_string())
    .fetch_all(&mut **tx)
    .await?;
    let sold: Vec<(String, String)> = sqlx::query_as(
        "SELECT product_id, serial FROM stock_moves WHERE order_id = ? AND kind = 'sale' AND serial IS NOT NULL ORDER BY at, rowid",
    )
    .bind(order_id.to_string())
    .fetch_all(&mut **tx)
    .await?;
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|(product, sku, name, qty, price, discount)| {
            let serials: Vec<&str> = sold
                .iter()
                .filter(|(p, _)| *p == product)
                .map(|(_, s)| s.as_str())
                .collect();
            Line {
                kind: LineKind::Part,
                description: if serials.is_empty() {
                    format!("{sku} {name}")
                } else {
                    format!("{sku} {name} (S/N {})", serials.join(", "))
                },
                qty: rust_decimal::Decimal::from(qty),
                unit_price: money::from_minor(price, cur),
                discount: money::from_minor(discount, cur),
            }
        })
        .collect();
    let id = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO order_invoices (id, number, order_id, subtotal, discount, base, tax, shipping, total, tax_rate, tax_inclusive, currency, buyer_tax_id, lines, issued_by, issued_at)
         SELECT ?, ?, id, subtotal, discount, base, tax, shipping, total, tax_rate, tax_inclusive, currency, buyer_tax_id, ?, ?, ? FROM orders WHERE id = ?",
    )
    .bind(id.to_string())
    .bind(&number)
    .bind(serde_json::to_string(&lines).unwrap_or_default())
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .bind(order_id.to_string())
    .execute(&mut **tx)
    .await?;
    let payload = serde_json::json!({ "order_id": order_id, "number": number, "total": money::from_minor(total, cur).to_string() });
    outbox::append(tx, ctx, "invoice", id, "issue", &payload).await?;
    Ok(number)
}

/// Every invoice of an order, the live one first, then voided ones newest first.
pub async fn of_order(db: &Db, order_id: Uuid) -> Result<Vec<OrderInvoice>> {
    let mut conn = db.pool.acquire().await?;
    of_order_in(&mut conn, order_id).await
}

pub(crate) async fn of_order_in(
    conn: &mut sqlx::SqliteConnection,
    order_id: Uuid,
) -> Result<Vec<OrderInvoice>> {
    type R = (
        String,
        String,
        String,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<R> = sqlx::query_as(
        "SELECT id, number, issued_at, buyer_tax_id, lines, void_reason, voided_at FROM order_invoices WHERE order_id = ?
         ORDER BY voided_at IS NOT NULL, issued_at DESC",
    )
    .bind(order_id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(
            |(id, number, issued_at, buyer_tax_id, lines, void_reason, voided_at)| {
                Ok(OrderInvoice {
                    id: crate::store::parse_id("id", &id)?,
                    number,
                    issued_at,
                    buyer_tax_id,
                    lines: serde_json::from_str(&lines).unwrap_or_default(),
                    void_reason,
                    voided_at,
                })
            },
        )
        .collect()
}

/// Voids the live invoice with a reason; the number stays used.
pub async fn void(db: &Db, ctx: &Ctx, order_id: Uuid, reason: &str) -> Result<OrderDetail> {
    ctx.require(Action::VoidInvoice)?;
    let reason = check::required("reason", reason, 500)?;
    let mut tx = db.begin().await?;
    void_live(&mut tx, ctx, order_id, &reason)
        .await?
        .ok_or_else(|| Error::invalid_state("no_invoice", "this order has no live invoice"))?;
    tx.commit().await?;
    detail(db, order_id).await
}

/// Voids the order's live invoice, if it has one, inside the caller's
/// transaction (a correction or a new charge changed what it should say);
/// returns the voided number.
pub(crate) async fn void_live(
    tx: &mut Tx,
    ctx: &Ctx,
    order_id: Uuid,
    reason: &str,
) -> Result<Option<String>> {
    let live: Option<(String, String)> = sqlx::query_as(
        "SELECT id, number FROM order_invoices WHERE order_id = ? AND voided_at IS NULL",
    )
    .bind(order_id.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    let Some((id, number)) = live else {
        return Ok(None);
    };
    sqlx::query(
        "UPDATE order_invoices SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?",
    )
    .bind(ts(ctx.now))
    .bind(ctx.staff_id.to_string())
    .bind(reason)
    .bind(&id)
    .execute(&mut **tx)
    .await?;
    let before = serde_json::json!({ "number": number, "voided": false });
    let after = serde_json::json!({ "number": number, "voided": true, "reason": reason });
    outbox::append_change(
        tx,
        ctx,
        "invoice",
        crate::store::parse_id("id", &id)?,
        "void",
        &before,
        &after,
    )
    .await?;
    Ok(Some(number))
}

/// A new invoice for a paid order whose invoice was voided (e.g. to add the
/// buyer's NPWP), with the next number.
pub async fn reissue(
    db: &Db,
    ctx: &Ctx,
    order_id: Uuid,
    buyer_tax_id: Option<String>,
) -> Result<OrderDetail> {
    ctx.require(Action::VoidInvoice)?;
    let buyer = crate::store::sales::orders::check_tax_id(buyer_tax_id.as_deref())?;
    let order = detail(db, order_id).await?;
    if order.balance > rust_decimal::Decimal::ZERO {
        return Err(Error::invalid_state(
            "unpaid",
            "the order is not paid in full",
        ));
    }
    let mut tx = db.begin().await?;
    let live: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM order_invoices WHERE order_id = ? AND voided_at IS NULL",
    )
    .bind(order_id.to_string())
    .fetch_one(&mut *tx)
    .await?;
    if live > 0 {
        return Err(Error::invalid_state(
            "invoice_live",
            "void the current invoice first",
        ));
    }
    sqlx::query("UPDATE orders SET buyer_tax_id = ?, updated_at = ? WHERE id = ?")
        .bind(&buyer)
        .bind(ts(ctx.now))
        .bind(order_id.to_string())
        .execute(&mut *tx)
        .await?;
    issue(db, &mut tx, ctx, order_id).await?;
    tx.commit().await?;
    detail(db, order_id).await
}
