//! Changing an order's lines at the customer's request (seed 000: "changes
//! can be made before the order is processed or shipped"): other products
//! or quantities, re-priced from the catalog, the coupon applied again,
//! stock held again. Paid more than the new total → the difference goes
//! back to the original method; less → the order waits for the rest. A live
//! invoice is voided and, when the new total is covered, reissued at once.

use crate::domain::sales;
use crate::domain::sales::order::{transition, Context, OrderStatus, OrderTrigger};
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::sales::catalog::available;
use crate::store::sales::corrections::settle;
use crate::store::sales::flow::release;
use crate::store::sales::orders::{
    append_event, coupon, detail, detail_in, insert_lines, per_product, price_lines, reserve,
    taxed, write_totals, OrderDetail, OrderLineInput,
};
use crate::store::{shop, Ctx, Db};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct LineChange {
    /// The order's lines as they should be from now on.
    pub lines: Vec<OrderLineInput>,
    pub note: Option<String>,
}

pub async fn change_lines(db: &Db, ctx: &Ctx, id: Uuid, input: LineChange) -> Result<OrderDetail> {
    ctx.require(Action::Sell)?;
    let note = check::optional("note", input.note.as_deref(), 500)?;
    let profile = shop::profile(db).await?;
    // The order, its payments and the shelf as the write transaction sees
    // them: an order processed or paid a moment ago is not rewritten.
    let mut tx = db.begin().await?;
    let order = detail_in(db, &mut tx, id).await?;
    let source: Option<String> = sqlx::query_scalar("SELECT source FROM orders WHERE id = ?")
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await?;
    if order.payments.iter().any(|p| p.status == "pending") {
        return Err(Error::invalid_state(
            "transfer_pending",
            "the customer confirmed a transfer: verify or reject it before changing the order",
        ));
    }
    if source.is_some() {
        return Err(Error::invalid_state(
            "web_store_order",
            "change this order in the web store; the next import brings the change",
        ));
    }
    if !order.status.before_processing() {
        return Err(Error::invalid_state(
            "changes_closed",
            "the order is being processed or has left: it can no longer change",
        ));
    }
    let cur = order.currency;
    let lines = price_lines(db, &input.lines, cur).await?;
    let same = lines.len() == order.lines.len()
        && lines.iter().zip(&order.lines).all(|(new, old)| {
            new.product.id == old.product_id
                && new.qty == old.qty
                && new.line.discount == old.discount
        });
    if same {
        return Err(Error::validation(
            "lines",
            "unchanged",
            "these are the order's lines already",
        ));
    }
    // Totals as at ordering: the same coupon (dropped if the new lines no
    // longer qualify), the same shipping, PPN per product's tax class.
    let taxed = taxed(&lines);
    let gross: Decimal = taxed.iter().map(|(l, _)| l.amount(cur)).sum();
    let today = profile.tz();
    let today = ctx.now.with_timezone(&today).date_naive();
    let discount = match coupon(db, order.coupon_code.as_deref()).await {
        Ok(Some(c)) => sales::coupon_discount(&c, gross, today, cur).unwrap_or_default(),
        _ => Decimal::ZERO,
    };
    let (rate, inclusive): (String, bool) =
        sqlx::query_as("SELECT tax_rate, tax_inclusive FROM orders WHERE id = ?")
            .bind(id.to_string())
            .fetch_one(&mut *tx)
            .await?;
    let totals = sales::order_totals(
        &taxed,
        discount,
        order.totals.shipping,
        rate.parse().unwrap_or(profile.tax_rate),
        inclusive,
        cur,
    );
    crate::domain::money::check_amount("lines", totals.total, cur)?;
    let refund = (order.paid > totals.total).then(|| order.paid - totals.total);
    if refund.is_some() {
        ctx.require(Action::Refund)?;
    }
    let (from, cod) = (order.status, order.payment_method == "cod");
    let branch: String = sqlx::query_scalar("SELECT branch FROM orders WHERE id = ?")
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await?;
    release(&mut tx, ctx, id).await?;
    // Stock: every new line on the shelf; an order that was short may still
    // be, and goes on when its stock is there.
    let mut short = false;
    for (product, qty) in per_product(&lines) {
        let free = available(&mut tx, product, &branch).await?;
        if free < qty {
            if from != OrderStatus::InsufficientStock {
                let i = lines
                    .iter()
                    .rposition(|l| l.product.id == product)
                    .unwrap_or(0);
                return Err(Error::validation(
                    &format!("lines.{i}.qty"),
                    "not_enough_stock",
                    format!("{free} available"),
                ));
            }
            short = true;
        }
    }
    if !short {
        for l in &lines {
            reserve(&mut tx, id, l.product.id, &branch, l.qty).await?;
        }
    }
    sqlx::query("DELETE FROM order_lines WHERE order_id = ?")
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    insert_lines(&mut tx, id, &lines, cur).await?;
    write_totals(&mut tx, ctx, id, &totals, cur).await?;
    if let Some(amount) = refund {
        crate::store::sales::payments::refund(&mut tx, ctx, &order, amount).await?;
    }
    let voided =
        crate::store::sales::invoices::void_live(&mut tx, ctx, id, "Perubahan pesanan").await?;
    let paid = order.paid - refund.unwrap_or_default();
    let settled = settle(db, &mut tx, ctx, id, paid, totals.total, voided.is_some()).await?;
    let moved = if from == OrderStatus::InsufficientStock && !short {
        let paid = paid >= totals.total && paid > Decimal::ZERO;
        let to = transition(from, OrderTrigger::StockArrived, Context { cod, paid })?;
        Some((Some(from), to))
    } else {
        settled
    };
    let before: Vec<_> = order
        .lines
        .iter()
        .map(|l| serde_json::json!({ "sku": l.sku, "qty": l.qty, "unit_price": l.unit_price.to_string() }))
        .collect();
    let after: Vec<_> = lines
        .iter()
        .map(|l| serde_json::json!({ "sku": l.product.sku, "qty": l.qty, "unit_price": l.line.unit_price.to_string() }))
        .collect();
    let data = serde_json::json!({
        "before": before, "after": after,
        "total_before": order.totals.total.to_string(), "total": totals.total.to_string(),
        "refund": refund.map(|r| r.to_string()),
    });
    append_event(
        &mut tx,
        ctx,
        id,
        "lines_changed",
        moved,
        note.as_deref(),
        data,
    )
    .await?;
    tx.commit().await?;
    detail(db, id).await
}
