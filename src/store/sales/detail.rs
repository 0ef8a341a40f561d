//! The read side of orders: one order in full (on a write transaction's
//! connection when a decision rests on it). The list/search the counter
//! works from is in `list`, re-exported here.

pub use crate::store::sales::list::{list, OrderQuery, OrderSummary};

use crate::domain::money::{self, Currency};
use crate::domain::sales::order::{Channel, Fulfilment, OrderStatus};
use crate::domain::sales::OrderTotals;
use crate::error::{Error, Result};
use crate::store::customers::{self, Customer};
use crate::store::{parse_id, Db};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{FromRow, SqliteConnection};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderLine {
    pub position: u32,
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    #[ts(type = "number")]
    pub qty: i64,
    #[ts(type = "string")]
    pub unit_price: Decimal,
    #[ts(type = "string")]
    pub discount: Decimal,
    pub serialised: bool,
    /// Serials handed over for this line (after pickup or delivery).
    pub serials: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderPayment {
    pub id: Uuid,
    /// payment | refund
    pub kind: String,
    pub method: String,
    #[ts(type = "string")]
    pub amount: Decimal,
    /// pending (a transfer awaiting verification) | verified | rejected
    pub status: String,
    pub bank: Option<String>,
    pub account_name: Option<String>,
    pub paid_on: Option<String>,
    pub received_at: String,
    /// Where the transfer's proof is: a file the clerk chose, or
    /// `hub:proof/<id>` for one sent on the hub's payment page.
    pub proof_path: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderEvent {
    pub kind: String,
    pub to_status: Option<OrderStatus>,
    pub note: Option<String>,
    pub staff_name: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderDetail {
    pub id: Uuid,
    pub number: String,
    pub channel: Channel,
    pub status: OrderStatus,
    pub customer: Customer,
    pub fulfilment: Fulfilment,
    pub ship_address: Option<String>,
    pub ship_city: Option<String>,
    /// cash | card | qris | bank_transfer | cod
    pub payment_method: String,
    pub coupon_code: Option<String>,
    pub lines: Vec<OrderLine>,
    pub totals: OrderTotals,
    pub currency: Currency,
    /// Verified payments minus refunds.
    #[ts(type = "string")]
    pub paid: Decimal,
    /// What returns gave back (refunded goods, the return shipping the shop
    /// bore) and credits (a cancelled backorder's goods). It comes off what
    /// the order still asks for.
    #[ts(type = "string")]
    pub returned: Decimal,
    /// Still to pay: the total less returns and payments (none once cancelled).
    #[ts(type = "string")]
    pub balance: Decimal,
    /// Unpaid transfer orders are cancelled after this (UTC).
    pub pay_by: Option<String>,
    /// The working day a paid order is processed (local date).
    pub processing_date: Option<String>,
    pub payments: Vec<OrderPayment>,
    pub events: Vec<OrderEvent>,
    pub note: Option<String>,
    pub created_at: String,
    pub buyer_tax_id: Option<String>,
    /// The courier's tracking number once shipped.
    pub tracking: Option<String>,
    /// Expected delivery, local dates (working days after the processing day).
    pub deliver_from: Option<String>,
    pub deliver_by: Option<String>,
    /// The live invoice first, then voided ones.
    pub invoices: Vec<crate::store::sales::invoices::OrderInvoice>,
    /// On a device joined to a hub: `tentative` until the order and the
    /// stock it holds are at the hub, `oversold` when the hub found the same
    /// last unit held at another counter, `confirmed` otherwise. None on a
    /// standalone device.
    pub confirmation: Option<String>,
}

impl OrderDetail {
    /// The line at `position`, or the refusal a form shows at its field.
    pub fn line(&self, position: u32) -> Result<&OrderLine> {
        self.lines
            .iter()
            .find(|l| l.position == position)
            .ok_or_else(|| Error::validation("position", "invalid", "no such line"))
    }
}

#[derive(FromRow)]
struct Row {
    number: String,
    channel: String,
    status: String,
    customer_id: String,
    fulfilment: String,
    ship_address: Option<String>,
    ship_city: Option<String>,
    payment_method: String,
    coupon_code: Option<String>,
    subtotal: i64,
    discount: i64,
    base: i64,
    tax: i64,
    shipping: i64,
    total: i64,
    currency: String,
    pay_by: Option<String>,
    processing_date: Option<String>,
    note: Option<String>,
    created_at: String,
    buyer_tax_id: Option<String>,
    tracking: Option<String>,
    delivery_days_min: Option<i64>,
    delivery_days_max: Option<i64>,
}

/// One order as committed (for screens and after an action).
pub async fn detail(db: &Db, id: Uuid) -> Result<OrderDetail> {
    let mut conn = db.pool.acquire().await?;
    detail_in(db, &mut conn, id).await
}

/// One order as `conn` sees it: inside a write transaction, what a decision
/// about money or stock rests on (paid, balance, status, lines, serials).
pub(crate) async fn detail_in(
    db: &Db,
    conn: &mut SqliteConnection,
    id: Uuid,
) -> Result<OrderDetail> {
    let r: Row = sqlx::query_as("SELECT * FROM orders WHERE id = ?")
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::not_found("order"))?;
    let cur = Currency::parse(&r.currency)?;
    let m = |v: i64| money::from_minor(v, cur);
    let customer = customers::get_in(&mut *conn, parse_id("customer_id", &r.customer_id)?).await?;
    let payments = payments(&mut *conn, id, cur).await?;
    let paid: Decimal = payments
        .iter()
        .filter(|p| p.status == "verified")
        .map(|p| {
            if p.kind == "refund" {
                -p.amount
            } else {
                p.amount
            }
        })
        .sum();
    let total = m(r.total);
    let returned: i64 = sqlx::query_scalar(
        "SELECT COALESCE((SELECT SUM(COALESCE(refund_amount, 0) + CASE WHEN shipping_paid_by = 'shop' THEN COALESCE(return_shipping, 0) ELSE 0 END) FROM returns WHERE order_id = ?1), 0)
              + COALESCE((SELECT SUM(amount) FROM order_credits WHERE order_id = ?1), 0)",
    )
    .bind(id.to_string())
    .fetch_one(&mut *conn)
    .await?;
    let returned = m(returned);
    let status = OrderStatus::parse(&r.status)?;
    let balance = if status == OrderStatus::Cancelled {
        Decimal::ZERO
    } else {
        total - returned - paid
    };
    let (deliver_from, deliver_by) = estimate(
        db,
        r.processing_date.as_deref(),
        r.delivery_days_min,
        r.delivery_days_max,
    )
    .await?;
    Ok(OrderDetail {
        id,
        number: r.number,
        channel: Channel::parse(&r.channel)?,
        status,
        customer,
        fulfilment: Fulfilment::parse(&r.fulfilment)?,
        ship_address: r.ship_address,
        ship_city: r.ship_city,
        payment_method: r.payment_method,
        coupon_code: r.coupon_code,
        lines: lines(&mut *conn, id, cur).await?,
        totals: OrderTotals {
            subtotal: m(r.subtotal),
            discount: m(r.discount),
            base: m(r.base),
            tax: m(r.tax),
            shipping: m(r.shipping),
            total,
        },
        currency: cur,
        paid,
        returned,
        balance,
        pay_by: r.pay_by,
        processing_date: r.processing_date,
        payments,
        events: events(&mut *conn, id).await?,
        note: r.note,
        created_at: r.created_at,
        buyer_tax_id: r.buyer_tax_id,
        tracking: r.tracking,
        deliver_from,
        deliver_by,
        invoices: crate::store::sales::invoices::of_order_in(&mut *conn, id).await?,
        confirmation: crate::store::sync::order_standing(&mut *conn, id).await?,
    })
}

/// The delivery window: `min` and `max` working days after the processing
/// day, as local dates (the calendar read once).
async fn estimate(
    db: &Db,
    processing: Option<&str>,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<(Option<String>, Option<String>)> {
    let (Some(p), Some(min), Some(max)) = (processing, min, max) else {
        return Ok((None, None));
    };
    let Ok(start) = chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d") else {
        return Ok((None, None));
    };
    let cal = crate::store::shop::calendar::calendar(db).await?;
    let after = |d: i64| Some(cal.add_working_days(start, d.max(0) as u32).to_string());
    Ok((after(min), after(max)))
}

async fn lines(conn: &mut SqliteConnection, id: Uuid, cur: Currency) -> Result<Vec<OrderLine>> {
    type L = (i64, String, String, String, i64, i64, i64, bool);
    let rows: Vec<L> = sqlx::query_as(
        "SELECT position, product_id, sku, name, qty, unit_price, discount, serialised FROM order_lines WHERE order_id = ? ORDER BY position",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let sold: Vec<(String, String)> = sqlx::query_as(
        "SELECT product_id, serial FROM stock_moves WHERE order_id = ? AND serial IS NOT NULL AND kind IN ('sale', 'return')
         GROUP BY product_id, serial HAVING SUM(CASE WHEN kind = 'sale' THEN 1 ELSE 0 END) > 0
            AND (SUM(qty) < 0 OR MAX(CASE WHEN kind = 'return' THEN COALESCE(note, '') END) <> 'parcel_returned')
         ORDER BY MIN(rowid)",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(
            |(position, product_id, sku, name, qty, price, discount, serialised)| {
                Ok(OrderLine {
                    position: position as u32,
                    serials: sold
                        .iter()
                        .filter(|(p, _)| *p == product_id)
                        .map(|(_, s)| s.clone())
                        .collect(),
                    product_id: parse_id("product_id", &product_id)?,
                    sku,
                    name,
                    qty,
                    unit_price: money::from_minor(price, cur),
                    discount: money::from_minor(discount, cur),
                    serialised,
                })
            },
        )
        .collect()
}

async fn payments(
    conn: &mut SqliteConnection,
    id: Uuid,
    cur: Currency,
) -> Result<Vec<OrderPayment>> {
    type P = (
        String,
        String,
        String,
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
    );
    let rows: Vec<P> = sqlx::query_as(
        "SELECT id, kind, method, amount, status, bank, account_name, paid_on, received_at, proof_path FROM order_payments WHERE order_id = ? ORDER BY received_at, rowid",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(
            |(
                pid,
                kind,
                method,
                amount,
                status,
                bank,
                account_name,
                paid_on,
                received_at,
                proof_path,
            )| {
                Ok(OrderPayment {
                    id: parse_id("id", &pid)?,
                    kind,
                    method,
                    amount: money::from_minor(amount, cur),
                    status,
                    bank,
                    account_name,
                    paid_on,
                    received_at,
                    proof_path,
                })
            },
        )
        .collect()
}

async fn events(conn: &mut SqliteConnection, id: Uuid) -> Result<Vec<OrderEvent>> {
    type E = (String, Option<String>, Option<String>, String, String);
    let rows: Vec<E> = sqlx::query_as(
        "SELECT e.kind, e.to_status, e.note, s.name, e.at FROM order_events e JOIN staff s ON s.id = e.staff_id WHERE e.order_id = ? ORDER BY e.at, e.rowid",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(kind, to, note, staff_name, at)| {
            Ok(OrderEvent {
                kind,
                to_status: to.as_deref().map(OrderStatus::parse).transpose()?,
                note,
                staff_name,
                at,
            })
        })
        .collect()
}
