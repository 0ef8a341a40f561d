//! A known web order the store changed: what a re-import or pull may do to
//! it. The store's word moves an order forward only (`domain::web_store::woo::
//! import_moves`), never back over what the counter did (Konter does not
//! write back to the store, so a shipped order still reads `processing`
//! there). A change that contradicts money or goods Konter holds is refused
//! with its reason for people to settle, never applied silently. Goods leave
//! stock once: a completed order takes its goods off the shelf only if the
//! counter has not already done so.

use crate::domain::money::{self, Currency};
use crate::domain::sales::order::OrderStatus;
use crate::domain::web_store::woo::{self, WooMoney, WooOrder};
use crate::error::{Error, Result};
use crate::store::web_store::record::{Line, StorePayment, Update};
use crate::store::Tx;
use rust_decimal::Decimal;
use uuid::Uuid;

fn refuse(code: &str, message: &str) -> Error {
    Error::invalid_state(code, message)
}

/// What Konter holds for the order, read in the import's transaction.
struct Held {
    total: Decimal,
    /// What payments imported from the store already recorded.
    from_store: Decimal,
    /// Verified payments less refunds.
    paid: Decimal,
    returned: Decimal,
    pending: i64,
    /// Goods already left stock against the order (handover or shipping).
    out: bool,
    serialised: bool,
    currency: Currency,
}

async fn held(tx: &mut Tx, id: Uuid) -> Result<Held> {
    type Row = (i64, String, i64, i64, i64, i64, i64, i64);
    let (total, cur, paid, pending, out, serialised, returned, from_store): Row = sqlx::query_as(
        "SELECT o.total, o.currency,
            COALESCE((SELECT SUM(CASE WHEN kind = 'refund' THEN -amount ELSE amount END) FROM order_payments WHERE order_id = o.id AND status = 'verified'), 0),
            (SELECT COUNT(*) FROM order_payments WHERE order_id = o.id AND status = 'pending'),
            -COALESCE((SELECT SUM(qty) FROM stock_moves WHERE order_id = o.id AND (kind = 'sale' OR (kind = 'return' AND note = 'parcel_returned'))), 0),
            (SELECT COUNT(*) FROM order_lines WHERE order_id = o.id AND serialised = 1),
            COALESCE((SELECT SUM(COALESCE(refund_amount, 0) + CASE WHEN shipping_paid_by = 'shop' THEN COALESCE(return_shipping, 0) ELSE 0 END) FROM returns WHERE order_id = o.id), 0)
              + COALESCE((SELECT SUM(amount) FROM order_credits WHERE order_id = o.id), 0),
            COALESCE((SELECT SUM(amount) FROM order_payments WHERE order_id = o.id AND kind = 'payment' AND status IN ('verified', 'pending') AND reference LIKE 'woocommerce #%'), 0)
         FROM orders o WHERE o.id = ?",
    )
    .bind(id.to_string())
    .fetch_one(&mut **tx)
    .await?;
    let cur = Currency::parse(&cur)?;
    let m = |v| money::from_minor(v, cur);
    Ok(Held {
        total: m(total),
        from_store: m(from_store),
        paid: m(paid),
        returned: m(returned),
        pending,
        out: out > 0,
        currency: cur,
        serialised: serialised > 0,
    })
}

/// Decides what the store's change does to a known order; a refusal names
/// what the counter must settle.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn decide(
    tx: &mut Tx,
    id: Uuid,
    from: OrderStatus,
    to: OrderStatus,
    money: WooMoney,
    pay: Option<StorePayment>,
    may_verify: bool,
    order: WooOrder,
) -> Result<Update> {
    let h = held(tx, id).await?;
    let due = h.total - h.returned - h.paid;
    let mut moves = woo::import_moves(from, to);
    let mut update = Update {
        id,
        from,
        to: None,
        pay: None,
        refund: None,
        take_out: false,
        order,
    };
    // A contradiction with what the counter closed is for people to settle.
    if from.is_closed() && to != from && to.is_closed() {
        return Err(refuse(
            "store_conflict",
            &format!(
                "the web store says {} but Konter has it {}: settle it at the counter",
                update.order.status,
                from.as_str()
            ),
        ));
    }
    // The store took money for an order the counter cancelled.
    if from == OrderStatus::Cancelled && pay.is_some() && h.from_store.is_zero() {
        return Err(refuse(
            "store_conflict",
            "paid in the web store but cancelled here: refund it in the store, or settle it at the counter",
        ));
    }
    if to == OrderStatus::Cancelled && moves {
        if h.pending > 0 {
            return Err(refuse(
                "transfer_pending",
                "cancelled in the web store while a transfer awaits verification here",
            ));
        }
        if h.paid > Decimal::ZERO {
            if money != WooMoney::Refunded {
                return Err(refuse(
                    "paid_here",
                    "cancelled in the web store but paid here: cancel and refund it at the counter",
                ));
            }
            if !may_verify {
                return Err(refuse(
                    "needs_verify",
                    "a refund from the web store needs someone who may verify payments",
                ));
            }
            update.refund = Some(h.paid);
        }
    }
    if matches!(to, OrderStatus::PickedUp | OrderStatus::Delivered) && moves && !h.out {
        // A parcel that came back is on the shelf again: its goods leave now.
        if h.serialised {
            return Err(refuse(
                "serials_not_scanned",
                "completed in the web store, but its serialised goods were not scanned out: hand it over or ship it at the counter",
            ));
        }
        let lines: Vec<(String, i64)> = sqlx::query_as(
            "SELECT product_id, SUM(qty) FROM order_lines WHERE order_id = ? GROUP BY product_id",
        )
        .bind(id.to_string())
        .fetch_all(&mut **tx)
        .await?;
        let branch: String = sqlx::query_scalar("SELECT branch FROM orders WHERE id = ?")
            .bind(id.to_string())
            .fetch_one(&mut **tx)
            .await?;
        for (product, qty) in lines {
            let p = crate::store::parse_id("product_id", &product)?;
            let own: i64 = sqlx::query_scalar(
                "SELECT COALESCE(SUM(qty), 0) FROM reservations WHERE order_id = ? AND product_id = ? AND released_at IS NULL",
            )
            .bind(id.to_string())
            .bind(&product)
            .fetch_one(&mut **tx)
            .await?;
            if crate::store::sales::catalog::available(tx, p, &branch).await? + own < qty {
                return Err(not_in_stock());
            }
        }
        update.take_out = true;
    }
    // The store's payment: at most what the store's own total still lacks
    // of what it recorded (never Konter's own charges: a reship fee, a
    // corrected price), and at most what the order still asks for.
    if let Some(p) = pay {
        let store_total = woo::amount("total", &update.order.total, h.currency)?;
        let amount = (store_total - h.from_store).min(due);
        if amount > Decimal::ZERO && h.pending == 0 && from != OrderStatus::Cancelled {
            update.pay = Some((p, amount));
        }
    }
    // "Payment received" only when verified money covers what is due.
    if to == OrderStatus::PaymentReceived {
        let verified = update
            .pay
            .as_ref()
            .filter(|(p, _)| p.verified)
            .map(|(_, a)| *a)
            .unwrap_or_default();
        if h.pending > 0 || verified < due {
            moves = false;
        }
    }
    if moves {
        update.to = Some(to);
    }
    Ok(update)
}

fn not_in_stock() -> Error {
    Error::invalid_state(
        "not_in_stock",
        "completed in the web store, but its goods are not in Konter's stock: receive them first",
    )
}

/// A new order already completed in the store: its goods must be on the
/// shelf (they leave it now) and carry no serial to scan.
pub(crate) async fn check_take_out(
    tx: &mut Tx,
    stock: &mut std::collections::HashMap<Uuid, i64>,
    lines: &[Line],
    branch: &str,
) -> Result<()> {
    if lines.iter().any(|l| l.serialised) {
        return Err(refuse(
            "serials_not_scanned",
            "completed in the web store with serialised goods: import it before it is completed and hand it over with the serials",
        ));
    }
    let mut per: Vec<(Uuid, i64)> = vec![];
    for l in lines {
        match per.iter_mut().find(|(p, _)| *p == l.product) {
            Some((_, q)) => *q += l.item.quantity,
            None => per.push((l.product, l.item.quantity)),
        }
    }
    for (product, qty) in per {
        let left = match stock.get(&product) {
            Some(n) => *n,
            None => crate::store::sales::catalog::available(tx, product, branch).await?,
        };
        stock.insert(product, left);
        if left < qty {
            return Err(not_in_stock());
        }
    }
    Ok(())
}

/// The goods of a completed web order leave stock (non-serialised lines).
pub(crate) async fn take_out(tx: &mut Tx, ctx: &crate::store::Ctx, id: Uuid) -> Result<()> {
    let lines: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT l.product_id, l.qty, o.branch FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.order_id = ? ORDER BY l.position",
    )
    .bind(id.to_string())
    .fetch_all(&mut **tx)
    .await?;
    for (product, qty, branch) in lines {
        let p = crate::store::parse_id("product_id", &product)?;
        crate::store::sales::catalog::insert_move(
            tx,
            ctx,
            p,
            &branch,
            -qty,
            "sale",
            None,
            Some(id),
            Some("completed in the web store"),
        )
        .await?;
    }
    crate::store::sales::flow::release(tx, ctx, id).await
}
