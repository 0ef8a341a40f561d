//! What an order no longer asks for without goods coming back: a cancelled
//! backorder's goods, which the customer paid for with the parent order.
//! The credit comes off the parent's balance; what the customer paid beyond
//! the new balance goes back to them. Also the value of goods on a line
//! (their share of the line discount and the coupon, with PPN), which
//! returns refund.

use crate::domain::money;
use crate::domain::returns as rules;
use crate::domain::totals::{Line, LineKind};
use crate::error::Result;
use crate::store::sales::detail::{detail_in, OrderDetail, OrderLine};
use crate::store::{shop::outbox, ts, Ctx, Db, Tx};
use rust_decimal::Decimal;

/// What `qty` units of `line` cost the customer on `order`.
pub(crate) async fn goods_value(
    tx: &mut Tx,
    order: &OrderDetail,
    line: &OrderLine,
    qty: i64,
) -> Result<Decimal> {
    let (rate, inclusive, tax_class): (String, bool, String) = sqlx::query_as(
        "SELECT o.tax_rate, o.tax_inclusive, p.tax_class FROM orders o, products p WHERE o.id = ? AND p.id = ?",
    )
    .bind(order.id.to_string())
    .bind(line.product_id.to_string())
    .fetch_one(&mut **tx)
    .await?;
    let priced = Line {
        kind: LineKind::Part,
        description: String::new(),
        qty: Decimal::from(line.qty),
        unit_price: line.unit_price,
        discount: line.discount,
    };
    Ok(rules::refund_amount(
        &priced,
        Decimal::from(qty),
        tax_class != "exempt",
        order.totals.subtotal,
        order.totals.discount,
        rate.parse().unwrap_or_default(),
        inclusive,
        order.currency,
    ))
}

/// The order a backorder was paid with: its parent, or the parent's parent
/// when the backorder was itself partly shipped (its lines carry no price).
pub(crate) async fn parent_of(tx: &mut Tx, order: uuid::Uuid) -> Result<Option<uuid::Uuid>> {
    let mut at = order;
    let mut root = None;
    for _ in 0..32 {
        let (source, parent): (Option<String>, Option<String>) =
            sqlx::query_as("SELECT source, external_id FROM orders WHERE id = ?")
                .bind(at.to_string())
                .fetch_one(&mut **tx)
                .await?;
        match (source.is_some_and(|s| s.starts_with("backorder:")), parent) {
            (true, Some(p)) => {
                // "<parent id>" or "<parent id>#2" for a second backorder.
                let id = p.split('#').next().unwrap_or_default();
                at = crate::store::parse_id("parent", id)?;
                root = Some(at);
            }
            _ => break,
        }
    }
    Ok(root)
}

/// When `order` is a backorder being cancelled: its goods are credited on
/// the parent order at the parent's prices, and what the parent was paid
/// beyond its new balance is refunded. Returns the credit, if any.
pub(crate) async fn credit_backorder(
    db: &Db,
    tx: &mut Tx,
    ctx: &Ctx,
    order: &OrderDetail,
    reason: &str,
) -> Result<Option<String>> {
    // Only what this backorder still owes: not what it shipped itself, nor
    // what went on to a backorder of its own (credited when that one ends).
    let mut goods: Vec<(uuid::Uuid, i64)> = vec![];
    for l in &order.lines {
        let settled: i64 = sqlx::query_scalar(
            "SELECT -COALESCE((SELECT SUM(qty) FROM stock_moves WHERE order_id = ?1 AND product_id = ?2 AND (kind = 'sale' OR (kind = 'return' AND note = 'parcel_returned'))), 0)
                  + COALESCE((SELECT SUM(l.qty) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.source = 'backorder:' || ?3 AND l.product_id = ?2), 0)",
        )
        .bind(order.id.to_string())
        .bind(l.product_id.to_string())
        .bind(&order.number)
        .fetch_one(&mut **tx)
        .await?;
        let owed = l.qty - settled.max(0);
        if owed > 0 {
            goods.push((l.product_id, owed));
        }
    }
    Ok(credit_parent(db, tx, ctx, order, &goods, reason)
        .await?
        .map(|(value, _)| value.to_string()))
}

/// Goods of a backorder that the customer no longer gets (cancelled) or
/// gave back (returned for a refund): credited on the parent order, which
/// was paid for them, at the parent's prices; what the parent was paid
/// beyond its new balance goes back. Returns (credit, refund).
pub(crate) async fn credit_parent(
    db: &Db,
    tx: &mut Tx,
    ctx: &Ctx,
    order: &OrderDetail,
    goods: &[(uuid::Uuid, i64)],
    reason: &str,
) -> Result<Option<(Decimal, Decimal)>> {
    let Some(parent) = parent_of(tx, order.id).await? else {
        return Ok(None);
    };
    let parent = detail_in(db, tx, parent).await?;
    let mut value = Decimal::ZERO;
    for (product, qty) in goods {
        if let Some(pl) = parent.lines.iter().find(|p| p.product_id == *product) {
            value += goods_value(tx, &parent, pl, (*qty).min(pl.qty)).await?;
        }
    }
    // Never more than the parent still asks for its goods.
    let value = value.min(parent.totals.total - parent.returned);
    if value <= Decimal::ZERO {
        return Ok(None);
    }
    let cur = parent.currency;
    let id = crate::domain::new_id();
    sqlx::query("INSERT INTO order_credits (id, order_id, amount, currency, reason, source_order_id, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(id.to_string())
        .bind(parent.id.to_string())
        .bind(money::to_minor(value, cur))
        .bind(cur.code())
        .bind(reason)
        .bind(order.id.to_string())
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .execute(&mut **tx)
        .await?;
    // Paid beyond what the parent now asks for goes back.
    let owed = parent.totals.total - parent.returned - value;
    let refund = (parent.paid - owed.max(Decimal::ZERO))
        .min(parent.paid)
        .max(Decimal::ZERO);
    if refund > Decimal::ZERO {
        crate::store::sales::payments::refund(tx, ctx, &parent, refund).await?;
    }
    let data = serde_json::json!({ "backorder": order.number, "credit": value.to_string(), "refund": refund.to_string() });
    outbox::append(tx, ctx, "order_credit", id, "create", &data).await?;
    crate::store::sales::write::append_event(
        tx,
        ctx,
        parent.id,
        "backorder_cancelled",
        None,
        Some(reason),
        data,
    )
    .await?;
    Ok(Some((value, refund)))
}
