//! Money in by day and by method, and the busiest hours (payments and
//! intakes by the hour of the local day).

use super::{empty, Span};
use crate::domain::money::{self, Currency};
use crate::domain::reports::{ColumnKind::*, Report, ReportKind};
use crate::error::Result;
use crate::store::Db;
use chrono::{Duration, Timelike};

const METHODS: [&str; 4] = ["cash", "bank_transfer", "card", "qris"];

/// Every payment and refund of the span: (instant, method, kind, amount).
/// A trade-in's credit is an old unit, not money in: left out.
async fn payments(db: &Db, span: &Span) -> Result<Vec<(String, String, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT COALESCE(p.decided_at, p.received_at), p.method, p.kind, p.amount FROM order_payments p
         WHERE p.status = 'verified' AND p.method <> 'trade_in' AND COALESCE(p.decided_at, p.received_at) >= ?1 AND COALESCE(p.decided_at, p.received_at) < ?2
         UNION ALL
         SELECT p.received_at, p.method, p.kind, p.amount FROM payments p
         WHERE p.voided_at IS NULL AND p.received_at >= ?1 AND p.received_at < ?2
         UNION ALL
         SELECT p.received_at, p.method, 'payment', p.amount FROM visit_payments p
         WHERE p.received_at >= ?1 AND p.received_at < ?2
         UNION ALL
         SELECT p.received_at, p.method, 'payment', p.amount FROM service_order_payments p
         WHERE p.received_at >= ?1 AND p.received_at < ?2",
    )
    .bind(&span.start)
    .bind(&span.end)
    .fetch_all(&db.pool)
    .await?)
}

/// One row per day of the span: each method's takings, refunds, net.
pub(super) async fn money_in(db: &Db, span: &Span, cur: Currency) -> Result<Report> {
    let mut r = empty(
        ReportKind::MoneyIn,
        "day",
        &[
            ("day", Text),
            ("cash", Money),
            ("bank_transfer", Money),
            ("card", Money),
            ("qris", Money),
            ("refunds", Money),
            ("net", Money),
        ],
        "stacked",
        &METHODS,
    );
    let days = (span.to - span.from).num_days() as usize + 1;
    // [methods…, refunds] per day, in minor units.
    let mut grid = vec![[0i64; 5]; days];
    for (at, method, kind, amount) in payments(db, span).await? {
        let i = (span.local_day(&at) - span.from).num_days();
        let Some(day) = usize::try_from(i).ok().and_then(|i| grid.get_mut(i)) else {
            continue;
        };
        if kind == "refund" {
            day[4] += amount;
        } else if let Some(m) = METHODS.iter().position(|m| *m == method) {
            day[m] += amount;
        }
    }
    let m = |v: i64| money::from_minor(v, cur).to_string();
    let mut total = [0i64; 5];
    for (i, day) in grid.iter().enumerate() {
        let date = span.from + Duration::days(i as i64);
        let net = day[..4].iter().sum::<i64>() - day[4];
        let mut row = vec![date.to_string()];
        row.extend(day.iter().map(|v| m(*v)));
        row.push(m(net));
        r.rows.push(row);
        for (t, v) in total.iter_mut().zip(day) {
            *t += v;
        }
    }
    let mut t = vec![String::new()];
    t.extend(total.iter().map(|v| m(*v)));
    t.push(m(total[..4].iter().sum::<i64>() - total[4]));
    r.total = Some(t);
    Ok(r)
}

/// Payments and intakes by the hour of the local day, over the span.
pub(super) async fn busy_hours(db: &Db, span: &Span) -> Result<Report> {
    let mut r = empty(
        ReportKind::BusyHours,
        "hour",
        &[("hour", Text), ("payments", Count), ("intakes", Count)],
        "bar",
        &["payments", "intakes"],
    );
    let mut hours = [[0i64; 2]; 24];
    for (at, _, kind, _) in payments(db, span).await? {
        if kind != "refund" {
            hours[span.local(&at).hour() as usize][0] += 1;
        }
    }
    let intakes: Vec<String> = sqlx::query_scalar(
        "SELECT created_at FROM tickets WHERE created_at >= ?1 AND created_at < ?2",
    )
    .bind(&span.start)
    .bind(&span.end)
    .fetch_all(&db.pool)
    .await?;
    for at in intakes {
        hours[span.local(&at).hour() as usize][1] += 1;
    }
    // The shop's hours: from the first to the last hour anything happened.
    let busy = |h: &[i64; 2]| h[0] + h[1] > 0;
    let first = hours.iter().position(busy).unwrap_or(8);
    let last = hours.iter().rposition(busy).unwrap_or(17);
    for (h, counts) in hours.iter().enumerate().take(last + 1).skip(first) {
        r.rows.push(vec![
            format!("{h:02}.00"),
            counts[0].to_string(),
            counts[1].to_string(),
        ]);
    }
    let sum = |i: usize| hours.iter().map(|h| h[i]).sum::<i64>().to_string();
    r.total = Some(vec![String::new(), sum(0), sum(1)]);
    Ok(r)
}
