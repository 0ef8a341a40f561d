//! Today, the counter's home screen: what waits on the shop now, each
//! item a link to act on. Repairs and web orders ready for pickup, bank
//! transfers waiting for verification, today's visits and courier jobs,
//! repairs past their promised date, repairs that have not moved for the
//! shop's number of working days, consultation follow-ups due, the cash
//! drawer's shift, and (for who may see the reports) today's money against
//! yesterday's. Read-only; it crosses every area, so it lives at the root
//! of the store like the search.

use crate::domain::staff::permissions::{allows, Action};
use crate::error::Result;
use crate::store::{shop, ts, Ctx, Db};
use chrono::Duration;
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::FromRow;
use ts_rs::TS;

/// One thing to act on: what it is (ticket, order, visit, courier_job,
/// consultation), its id to open and what the line says.
#[derive(Debug, Clone, Serialize, TS, FromRow)]
pub struct TodayItem {
    pub kind: String,
    pub id: String,
    pub number: String,
    pub customer: String,
    /// The status code (ticket, order, visit or courier job), if any.
    pub status: Option<String>,
    /// The technician or courier.
    pub who: Option<String>,
    /// The device, the bank account, the problem, the job's kind.
    pub detail: Option<String>,
    /// The instant or date the item is about (ready since, starts, promised).
    pub at: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TodayMoney {
    #[ts(type = "string")]
    pub today: Decimal,
    #[ts(type = "string")]
    pub yesterday: Decimal,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TodayShift {
    pub id: String,
    pub number: String,
    pub opened_by: String,
    #[ts(type = "string")]
    pub expected: Decimal,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Today {
    /// The shop's local date.
    pub date: String,
    pub ready: Vec<TodayItem>,
    pub transfers: Vec<TodayItem>,
    pub visits: Vec<TodayItem>,
    pub runs: Vec<TodayItem>,
    pub overdue: Vec<TodayItem>,
    pub stale: Vec<TodayItem>,
    /// The working days after which a repair counts as not moving.
    pub stale_days: u32,
    pub follow_ups: Vec<TodayItem>,
    /// Only for who may see the reports.
    pub money: Option<TodayMoney>,
    /// Whether this session may run the drawer's shift, and the open one.
    pub may_run_shift: bool,
    pub shift: Option<TodayShift>,
}

const LIMIT: i64 = 50;

async fn items(db: &Db, sql: &str, binds: &[&str]) -> Result<Vec<TodayItem>> {
    let mut q = sqlx::query_as::<_, TodayItem>(sql);
    for b in binds {
        q = q.bind(*b);
    }
    Ok(q.bind(LIMIT).fetch_all(&db.pool).await?)
}

/// Repairs still open whose `column` (promised date, last change) is
/// before `before`, oldest first.
async fn open_repairs(db: &Db, column: &str, before: &str) -> Result<Vec<TodayItem>> {
    let sql = format!(
        "SELECT 'ticket' AS kind, t.id, t.number, c.name AS customer, t.status, NULL AS who,
                t.brand || ' ' || t.model AS detail, t.{column} AS at
         FROM tickets t JOIN customers c ON c.id = t.customer_id
         WHERE t.status NOT IN ('ready_for_pickup', 'picked_up', 'cancelled', 'returned_unrepaired')
           AND t.{column} < ? ORDER BY t.{column} LIMIT ?"
    );
    items(db, &sql, &[before]).await
}

pub async fn today(db: &Db, ctx: &Ctx) -> Result<Today> {
    let cal = shop::calendar::calendar(db).await?;
    let settings = shop::settings::get(db).await?;
    let day = cal.local_date(ctx.now);
    let (start, end) = (cal.start_of(day), cal.start_of(day + Duration::days(1)));
    let (from, to, date) = (ts(start), ts(end), day.to_string());
    let ready = items(
        db,
        "SELECT * FROM (
           SELECT 'ticket' AS kind, t.id, t.number, c.name AS customer, t.status, NULL AS who, t.brand || ' ' || t.model AS detail, t.updated_at AS at
           FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.status = 'ready_for_pickup'
           UNION ALL
           SELECT 'order', o.id, o.number, c.name, o.status, NULL, o.fulfilment, o.updated_at
           FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = 'ready_for_pickup'
         ) ORDER BY at LIMIT ?",
        &[],
    )
    .await?;
    let transfers = items(
        db,
        "SELECT 'order' AS kind, o.id, o.number, c.name AS customer, o.status, NULL AS who, p.bank || ' · ' || p.account_name AS detail, p.received_at AS at
         FROM order_payments p JOIN orders o ON o.id = p.order_id JOIN customers c ON c.id = o.customer_id
         WHERE p.status = 'pending' ORDER BY p.received_at LIMIT ?",
        &[],
    )
    .await?;
    let visits = items(
        db,
        "SELECT 'visit' AS kind, v.id, v.number, c.name AS customer,
                v.status, s.name AS who, v.site_address AS detail, v.starts_at AS at
         FROM visits v JOIN customers c ON c.id = v.customer_id LEFT JOIN staff s ON s.id = v.technician_id
         WHERE v.starts_at >= ? AND v.starts_at < ? AND v.status <> 'cancelled' ORDER BY v.starts_at LIMIT ?",
        &[&from, &to],
    )
    .await?;
    let runs = items(
        db,
        "SELECT 'courier_job' AS kind, j.id, j.number, c.name AS customer,
                j.status, s.name AS who, j.kind AS detail, j.planned_on AS at
         FROM courier_jobs j JOIN tickets t ON t.id = j.ticket_id JOIN customers c ON c.id = t.customer_id
         JOIN staff s ON s.id = j.courier_id
         WHERE j.planned_on = ? AND j.status <> 'cancelled' ORDER BY s.name, j.created_at LIMIT ?",
        &[&date],
    )
    .await?;
    let overdue = open_repairs(db, "promised_date", &date).await?;
    // Not moved since before the day N working days ago started.
    let stale_days = settings.stale_ticket_days;
    let since = ts(cal.start_of(cal.working_days_back(day, stale_days)));
    let stale = open_repairs(db, "updated_at", &since).await?;
    let follow_ups = crate::store::field::follow_ups::due(db, day)
        .await?
        .into_iter()
        .map(|f| TodayItem {
            kind: "consultation".into(),
            id: f.id,
            number: String::new(),
            customer: f.customer_name,
            status: None,
            who: None,
            detail: Some(f.problem),
            at: Some(f.follow_up_on),
        })
        .collect();
    let money = if allows(ctx.role, Action::ViewReports) {
        let report = crate::store::sales::reports::day;
        let yesterday = (day - Duration::days(1)).to_string();
        Some(TodayMoney {
            today: report(db, ctx, Some(&date)).await?.taken,
            yesterday: report(db, ctx, Some(&yesterday)).await?.taken,
        })
    } else {
        None
    };
    let may_run_shift = allows(ctx.role, Action::RunShift);
    let shift = if may_run_shift {
        crate::store::cash::current(db, ctx)
            .await?
            .map(|s| TodayShift {
                id: s.id,
                number: s.number,
                opened_by: s.opened_by,
                expected: s.expected,
            })
    } else {
        None
    };
    Ok(Today {
        date,
        ready,
        transfers,
        visits,
        runs,
        overdue,
        stale,
        stale_days,
        follow_ups,
        money,
        may_run_shift,
        shift,
    })
}
