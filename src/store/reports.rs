//! The owner's day at a glance: money taken by method (orders and repair
//! tickets, refunds apart), open orders by status, bank transfers waiting
//! for verification more than 24 hours, and orders short of stock
//! (backorders). Read-only.

use super::{shop, ts, Ctx, Db};
use crate::domain::money::{self, Currency};
use crate::domain::permissions::Action;
use crate::error::{Error, Result};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct MethodTotal {
    pub method: String,
    #[ts(type = "number")]
    pub count: i64,
    #[ts(type = "string")]
    pub amount: Decimal,
    #[ts(type = "string")]
    pub refunded: Decimal,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct StatusCount {
    pub status: String,
    #[ts(type = "number")]
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct WaitingTransfer {
    pub order_id: String,
    pub number: String,
    pub customer: String,
    #[ts(type = "string")]
    pub amount: Decimal,
    pub received_at: String,
    #[ts(type = "number")]
    pub hours: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DayReport {
    pub date: String,
    pub by_method: Vec<MethodTotal>,
    #[ts(type = "string")]
    pub taken: Decimal,
    pub open_orders: Vec<StatusCount>,
    pub waiting_transfers: Vec<WaitingTransfer>,
    /// Orders held as insufficient stock.
    pub backorders: Vec<StatusCount>,
    #[ts(type = "number")]
    pub backorder_count: i64,
}

/// The report of one local day (YYYY-MM-DD; empty = today).
pub async fn day(db: &Db, ctx: &Ctx, date: Option<&str>) -> Result<DayReport> {
    ctx.require(Action::ViewReports)?;
    let profile = shop::profile(db).await?;
    let tz = profile.tz();
    let cur: Currency = profile.currency;
    let date = match date.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| Error::validation("date", "invalid_date", "use YYYY-MM-DD"))?,
        None => ctx.now.with_timezone(&tz).date_naive(),
    };
    let start = tz
        .from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default())
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default();
    let (from, to) = (ts(start), ts(start + Duration::days(1)));
    // Verified order money and ticket money (not voided) received that day.
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT method, kind, COUNT(*), SUM(amount) FROM (
             SELECT method, kind, amount FROM order_payments WHERE status = 'verified' AND received_at >= ?1 AND received_at < ?2
             UNION ALL
             SELECT method, kind, amount FROM payments WHERE voided_at IS NULL AND received_at >= ?1 AND received_at < ?2
         ) GROUP BY method, kind ORDER BY method",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(&db.pool)
    .await?;
    let mut by_method: Vec<MethodTotal> = vec![];
    for (method, kind, count, amount) in rows {
        let amount = money::from_minor(amount, cur);
        let entry = match by_method.iter_mut().find(|m| m.method == method) {
            Some(e) => e,
            None => {
                by_method.push(MethodTotal {
                    method: method.clone(),
                    count: 0,
                    amount: Decimal::ZERO,
                    refunded: Decimal::ZERO,
                });
                by_method.last_mut().expect("just pushed")
            }
        };
        if kind == "refund" {
            entry.refunded += amount;
        } else {
            entry.count += count;
            entry.amount += amount;
        }
    }
    let taken = by_method.iter().map(|m| m.amount - m.refunded).sum();
    let open_orders = counts(db, "status NOT IN ('picked_up', 'delivered', 'cancelled')").await?;
    let backorders = counts(db, "status = 'insufficient_stock'").await?;
    let backorder_count = backorders.iter().map(|b| b.count).sum();
    let cutoff = ts(ctx.now - Duration::hours(24));
    let waiting: Vec<(String, String, String, i64, String)> = sqlx::query_as(
        "SELECT o.id, o.number, c.name, p.amount, p.received_at FROM order_payments p JOIN orders o ON o.id = p.order_id
         JOIN customers c ON c.id = o.customer_id WHERE p.status = 'pending' AND p.received_at < ? ORDER BY p.received_at",
    )
    .bind(cutoff)
    .fetch_all(&db.pool)
    .await?;
    Ok(DayReport {
        date: date.to_string(),
        by_method,
        taken,
        open_orders,
        waiting_transfers: waiting
            .into_iter()
            .map(
                |(order_id, number, customer, amount, received_at)| WaitingTransfer {
                    hours: (ctx.now - super::parse_ts(&received_at)).num_hours(),
                    order_id,
                    number,
                    customer,
                    amount: money::from_minor(amount, cur),
                    received_at,
                },
            )
            .collect(),
        backorders,
        backorder_count,
    })
}

async fn counts(db: &Db, filter: &str) -> Result<Vec<StatusCount>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT status, COUNT(*) FROM orders WHERE {filter} GROUP BY status ORDER BY status"
    ))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(status, count)| StatusCount { status, count })
        .collect())
}
