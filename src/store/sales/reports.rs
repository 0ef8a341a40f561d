//! The owner's day at a glance: money taken by method (orders, repair
//! tickets and visits, refunds apart; visits also on their own), open
//! orders by status, bank transfers waiting for verification more than 24
//! hours, orders short of stock (backorders), and each courier's cash of
//! the day (expected, handed in, reconciled), and the money per branch (on
//! a device joined to the hub, the whole shop). Money counts on the day it
//! was verified: a bank transfer when staff found it on the statement, not
//! when the customer said they paid. Read-only.

use crate::domain::money::{self, Currency};
use crate::domain::staff::permissions::Action;
use crate::error::{Error, Result};
use crate::store::{shop, ts, Ctx, Db};
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

/// One branch's money of the day (refunds taken off), by the branch of each
/// payment's order, visit or ticket: on a device joined to the shop's hub
/// the report covers every branch that has synced.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BranchTotal {
    pub branch: String,
    #[ts(type = "number")]
    pub count: i64,
    #[ts(type = "string")]
    pub taken: Decimal,
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
    /// Visit payments (on site or at the counter), also in `by_method`.
    pub visit_by_method: Vec<MethodTotal>,
    #[ts(type = "string")]
    pub visit_taken: Decimal,
    /// Cash collected by couriers on the day's runs, per courier.
    pub couriers: Vec<crate::store::field::courier_cash::CourierDay>,
    /// The day's money per branch (the whole shop once synced).
    pub by_branch: Vec<BranchTotal>,
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
    // Order money (a trade-in's credit is no money) on the day it was verified (a counter payment is verified
    // as it is taken: its decided_at is its received_at), ticket money not
    // voided, and visit and service order money, received that day.
    // Each payment with its document's branch: an order's or a visit's own,
    // a ticket's or a service order's from its number's second part (codes are letters and
    // digits, so the dashes are clean).
    let rows: Vec<(String, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT source, method, kind, branch, COUNT(*), SUM(amount) FROM (
             SELECT 'order' AS source, p.method, p.kind, p.amount, o.branch AS branch FROM order_payments p JOIN orders o ON o.id = p.order_id
             WHERE p.status = 'verified' AND p.method <> 'trade_in' AND COALESCE(p.decided_at, p.received_at) >= ?1 AND COALESCE(p.decided_at, p.received_at) < ?2
             UNION ALL
             SELECT 'ticket', p.method, p.kind, p.amount,
                    substr(t.number, instr(t.number, '-') + 1, instr(substr(t.number, instr(t.number, '-') + 1), '-') - 1)
             FROM payments p JOIN tickets t ON t.id = p.ticket_id
             WHERE p.voided_at IS NULL AND p.received_at >= ?1 AND p.received_at < ?2
             UNION ALL
             SELECT 'visit', p.method, 'payment', p.amount, v.branch FROM visit_payments p JOIN visits v ON v.id = p.visit_id
             WHERE p.received_at >= ?1 AND p.received_at < ?2
             UNION ALL
             SELECT 'service_order', p.method, 'payment', p.amount,
                    substr(o.number, instr(o.number, '-') + 1, instr(substr(o.number, instr(o.number, '-') + 1), '-') - 1)
             FROM service_order_payments p JOIN service_orders o ON o.id = p.order_id
             WHERE p.received_at >= ?1 AND p.received_at < ?2
         ) GROUP BY source, method, kind, branch ORDER BY method, branch",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(&db.pool)
    .await?;
    let (mut by_method, mut visit_by_method) = (vec![], vec![]);
    let mut branches: Vec<BranchTotal> = vec![];
    for (source, method, kind, branch, count, amount) in rows {
        let amount = money::from_minor(amount, cur);
        add(&mut by_method, &method, &kind, count, amount);
        if source == "visit" {
            add(&mut visit_by_method, &method, &kind, count, amount);
        }
        let i = match branches.iter().position(|b| b.branch == branch) {
            Some(i) => i,
            None => {
                branches.push(BranchTotal {
                    branch,
                    count: 0,
                    taken: Decimal::ZERO,
                });
                branches.len() - 1
            }
        };
        if kind == "refund" {
            branches[i].taken -= amount;
        } else {
            branches[i].count += count;
            branches[i].taken += amount;
        }
    }
    branches.sort_by(|a, b| a.branch.cmp(&b.branch));
    let net = |list: &[MethodTotal]| list.iter().map(|m| m.amount - m.refunded).sum();
    let taken = net(&by_method);
    let visit_taken = net(&visit_by_method);
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
                    hours: (ctx.now - crate::store::parse_ts(&received_at)).num_hours(),
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
        visit_by_method,
        visit_taken,
        couriers: crate::store::field::courier_cash_read::day_summary(db, date, cur).await?,
        by_branch: branches,
    })
}

fn add(list: &mut Vec<MethodTotal>, method: &str, kind: &str, count: i64, amount: Decimal) {
    let i = match list.iter().position(|m| m.method == method) {
        Some(i) => i,
        None => {
            list.push(MethodTotal {
                method: method.to_string(),
                count: 0,
                amount: Decimal::ZERO,
                refunded: Decimal::ZERO,
            });
            list.len() - 1
        }
    };
    if kind == "refund" {
        list[i].refunded += amount;
    } else {
        list[i].count += count;
        list[i].amount += amount;
    }
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
