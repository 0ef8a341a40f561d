//! The cash of couriers' runs as recorded (read side of [`crate::store::field::courier_cash`]):
//! one run's jobs with their collected cash and its closing, and the day
//! report's row per courier. Reads only.

use crate::domain::money::{self, Currency};
use crate::domain::staff::permissions::Action;
use crate::domain::staff::Role;
use crate::error::{Error, Result};
use crate::store::{shop, Ctx, Db};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

/// One job of a run that has cash to collect, and what was collected.
#[derive(Debug, Clone, Serialize, TS)]
pub struct JobCash {
    pub job_id: Uuid,
    pub number: String,
    pub ticket_number: String,
    pub customer_name: String,
    #[ts(type = "string")]
    pub to_collect: Decimal,
    /// None until recorded (0 = the customer paid nothing).
    #[ts(type = "string | null")]
    pub collected: Option<Decimal>,
    pub recorded_at: Option<String>,
}

/// A run closed at the counter.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RunClosed {
    #[ts(type = "string")]
    pub expected: Decimal,
    #[ts(type = "string")]
    pub handed_in: Decimal,
    /// Handed in less expected: negative when cash is missing.
    #[ts(type = "string")]
    pub difference: Decimal,
    pub note: Option<String>,
    /// Who counted it.
    pub by: String,
    pub at: String,
}

/// The cash of one courier's run of a day.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RunCash {
    pub courier_id: Uuid,
    pub day: String,
    pub currency: Currency,
    pub jobs: Vec<JobCash>,
    #[ts(type = "string")]
    pub to_collect: Decimal,
    /// What the jobs collected so far: what the courier should hand in.
    #[ts(type = "string")]
    pub expected: Decimal,
    pub closed: Option<RunClosed>,
}

/// A courier's cash of the day in the day report.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CourierDay {
    pub courier_id: Uuid,
    pub courier_name: String,
    /// Jobs with cash to collect.
    #[ts(type = "number")]
    pub jobs: i64,
    #[ts(type = "string")]
    pub to_collect: Decimal,
    #[ts(type = "string")]
    pub expected: Decimal,
    #[ts(type = "string | null")]
    pub handed_in: Option<Decimal>,
    #[ts(type = "string | null")]
    pub difference: Option<Decimal>,
    pub reconciled: bool,
    pub note: Option<String>,
}

/// The jobs of a run that carry cash (`j` with its cash `c` left-joined):
/// cash to collect, not cancelled unless cash was already recorded on them
/// (recorded money always counts).
pub(in crate::store) const CASH_JOB: &str =
    "j.cash_to_collect > 0 AND (j.status <> 'cancelled' OR c.id IS NOT NULL)";

pub(in crate::store) fn own_only(ctx: &Ctx, courier: &str) -> Result<()> {
    if ctx.role == Role::Courier && courier != ctx.staff_id.to_string() {
        return Err(Error::forbidden("couriers act on their own jobs only"));
    }
    Ok(())
}

/// The cash of a courier's run (couriers see their own only).
pub async fn run_cash(db: &Db, ctx: &Ctx, courier: Uuid, day: NaiveDate) -> Result<RunCash> {
    ctx.require(Action::CourierJobs)?;
    own_only(ctx, &courier.to_string())?;
    read(db, courier, day).await
}

type JobRow = (
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
    Option<String>,
);
type ClosedRow = (i64, i64, i64, Option<String>, String, String);

pub(in crate::store) async fn read(db: &Db, courier: Uuid, day: NaiveDate) -> Result<RunCash> {
    let cur = shop::profile(db).await?.currency;
    let m = |v: i64| money::from_minor(v, cur);
    let rows: Vec<JobRow> = sqlx::query_as(&format!(
        "SELECT j.id, j.number, t.number, cu.name, j.cash_to_collect, c.amount, c.recorded_at
         FROM courier_jobs j JOIN tickets t ON t.id = j.ticket_id JOIN customers cu ON cu.id = t.customer_id
         LEFT JOIN courier_cash c ON c.job_id = j.id
         WHERE {CASH_JOB} AND j.courier_id = ? AND j.planned_on = ? ORDER BY j.city, j.created_at"
    ))
    .bind(courier.to_string())
    .bind(day.to_string())
    .fetch_all(&db.pool)
    .await?;
    let jobs = rows
        .into_iter()
        .map(|(id, number, ticket_number, customer_name, due, got, at)| {
            Ok(JobCash {
                job_id: crate::store::parse_id("job_id", &id)?,
                number,
                ticket_number,
                customer_name,
                to_collect: m(due),
                collected: got.map(m),
                recorded_at: at,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let closed: Option<ClosedRow> = sqlx::query_as(
        "SELECT r.expected, r.handed_in, r.difference, r.note, s.name, r.reconciled_at
         FROM courier_reconciliations r JOIN staff s ON s.id = r.reconciled_by WHERE r.courier_id = ? AND r.day = ?",
    )
    .bind(courier.to_string())
    .bind(day.to_string())
    .fetch_optional(&db.pool)
    .await?;
    Ok(RunCash {
        courier_id: courier,
        day: day.to_string(),
        currency: cur,
        to_collect: jobs.iter().map(|j| j.to_collect).sum(),
        expected: jobs.iter().filter_map(|j| j.collected).sum(),
        jobs,
        closed: closed.map(
            |(expected, handed_in, difference, note, by, at)| RunClosed {
                expected: m(expected),
                handed_in: m(handed_in),
                difference: m(difference),
                note,
                by,
                at,
            },
        ),
    })
}

type DayRow = (
    String,
    String,
    i64,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

/// Every courier with cash on the day's runs, or a run closed that day, by name.
pub(crate) async fn day_summary(db: &Db, day: NaiveDate, cur: Currency) -> Result<Vec<CourierDay>> {
    let rows: Vec<DayRow> = sqlx::query_as(&format!(
        "WITH per AS (
             SELECT j.courier_id, COUNT(*) AS n, SUM(j.cash_to_collect) AS due, COALESCE(SUM(c.amount), 0) AS got
             FROM courier_jobs j LEFT JOIN courier_cash c ON c.job_id = j.id
             WHERE {CASH_JOB} AND j.planned_on = ?1 GROUP BY j.courier_id
         )
         SELECT s.id, s.name, COALESCE(p.n, 0), COALESCE(p.due, 0), COALESCE(p.got, 0), r.handed_in, r.difference, r.note
         FROM staff s LEFT JOIN per p ON p.courier_id = s.id
         LEFT JOIN courier_reconciliations r ON r.courier_id = s.id AND r.day = ?1
         WHERE p.courier_id IS NOT NULL OR r.id IS NOT NULL ORDER BY s.name"
    ))
    .bind(day.to_string())
    .fetch_all(&db.pool)
    .await?;
    let m = |v: i64| money::from_minor(v, cur);
    rows.into_iter()
        .map(|(id, name, jobs, due, got, handed_in, difference, note)| {
            Ok(CourierDay {
                courier_id: crate::store::parse_id("courier_id", &id)?,
                courier_name: name,
                jobs,
                to_collect: m(due),
                expected: m(got),
                reconciled: handed_in.is_some(),
                handed_in: handed_in.map(m),
                difference: difference.map(m),
                note,
            })
        })
        .collect()
}
