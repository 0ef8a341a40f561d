//! Cash couriers collect on delivery. What a courier actually took on a job
//! is recorded once per job that has cash to collect (by the courier on
//! their own job, or by the counter), never more than was due; at the end
//! of the run the counter counts what is handed in against what the jobs
//! collected, and a difference is explained and audited. A closed run takes
//! no more cash. Every decision rests on what the write transaction reads.
//!
//! This records cash in a courier's hands; it never settles the ticket (the
//! ticket's payments and invoice are the counter's settlement). The read
//! side (a run's cash, the day report's rows) is in `courier_cash_read`.

use crate::domain::money::{self, Currency};
use crate::domain::payment;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::field::courier_cash_read::{own_only, read, CASH_JOB};
pub use crate::store::field::courier_cash_read::{
    run_cash, CourierDay, JobCash, RunCash, RunClosed,
};
use crate::store::{shop, shop::calendar, shop::outbox, ts, Ctx, Db};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// The counted cash a courier hands in at the end of the run.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RunClose {
    pub handed_in: String,
    /// Required when the count differs from what was collected.
    pub note: Option<String>,
}

/// Records what the courier collected on one job (once; 0 when the
/// customer paid nothing).
pub async fn record(db: &Db, ctx: &Ctx, job_id: Uuid, amount: &str) -> Result<RunCash> {
    ctx.require(Action::RecordCourierCash)?;
    let cur = shop::profile(db).await?.currency;
    let amount = payment::parse_amount("amount", amount, cur)?;
    let mut tx = db.begin().await?;
    let job: Option<(String, String, String, i64, String, String)> = sqlx::query_as(
        "SELECT number, courier_id, planned_on, cash_to_collect, currency, status FROM courier_jobs WHERE id = ?",
    )
    .bind(job_id.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let (number, courier, day, due, job_cur, status) =
        job.ok_or_else(|| Error::not_found("job"))?;
    own_only(ctx, &courier)?;
    if status == "cancelled" {
        return Err(Error::invalid_state(
            "job_cancelled",
            "the job is cancelled",
        ));
    }
    if due <= 0 {
        return Err(Error::invalid_state(
            "no_cash_to_collect",
            "this job has no cash to collect",
        ));
    }
    let (recorded, closed): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM courier_cash WHERE job_id = ?1),
                (SELECT COUNT(*) FROM courier_reconciliations WHERE courier_id = ?2 AND day = ?3)",
    )
    .bind(job_id.to_string())
    .bind(&courier)
    .bind(&day)
    .fetch_one(&mut *tx)
    .await?;
    if recorded > 0 {
        return Err(Error::invalid_state(
            "already_recorded",
            "the cash of this job is already recorded",
        ));
    }
    if closed > 0 {
        return Err(Error::invalid_state(
            "run_closed",
            "this run is already closed at the counter",
        ));
    }
    let job_cur = Currency::parse(&job_cur)?;
    let minor = money::to_minor(amount, job_cur);
    if minor > due {
        return Err(Error::validation(
            "amount",
            "more_than_due",
            "more than the job's cash to collect",
        ));
    }
    let id = crate::domain::new_id();
    sqlx::query("INSERT INTO courier_cash (id, job_id, amount, currency, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(id.to_string())
        .bind(job_id.to_string())
        .bind(minor)
        .bind(job_cur.code())
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .execute(&mut *tx)
        .await?;
    let data = serde_json::json!({
        "job_id": job_id, "number": number, "courier_id": courier, "day": day,
        "amount": amount.to_string(), "due": money::from_minor(due, job_cur).to_string(), "currency": job_cur.code(),
    });
    outbox::append(&mut tx, ctx, "courier_cash", id, "collect", &data).await?;
    tx.commit().await?;
    read(
        db,
        crate::store::parse_id("courier_id", &courier)?,
        parse_day(&day)?,
    )
    .await
}

/// Closes a courier's run of `day` at the counter with the counted cash.
pub async fn reconcile(
    db: &Db,
    ctx: &Ctx,
    courier: Uuid,
    day: NaiveDate,
    input: RunClose,
) -> Result<RunCash> {
    ctx.require(Action::ReconcileCash)?;
    let cur = shop::profile(db).await?.currency;
    let handed_in = payment::parse_amount("handed_in", &input.handed_in, cur)?;
    let note = check::optional("note", input.note.as_deref(), 500)?;
    if day > calendar::calendar(db).await?.local_date(ctx.now) {
        return Err(Error::validation(
            "day",
            "in_future",
            "a run is closed on its day or later",
        ));
    }
    let role: Option<String> = sqlx::query_scalar("SELECT role FROM staff WHERE id = ?")
        .bind(courier.to_string())
        .fetch_optional(&db.pool)
        .await?;
    if role.as_deref() != Some("courier") {
        return Err(Error::validation(
            "courier_id",
            "not_a_courier",
            "choose a courier",
        ));
    }
    let mut tx = db.begin().await?;
    let closed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM courier_reconciliations WHERE courier_id = ? AND day = ?",
    )
    .bind(courier.to_string())
    .bind(day.to_string())
    .fetch_one(&mut *tx)
    .await?;
    if closed > 0 {
        return Err(Error::invalid_state(
            "already_reconciled",
            "this run is already closed",
        ));
    }
    let jobs: Vec<(String, Option<i64>)> = sqlx::query_as(&format!(
        "SELECT j.number, c.amount FROM courier_jobs j LEFT JOIN courier_cash c ON c.job_id = j.id
         WHERE {CASH_JOB} AND j.courier_id = ? AND j.planned_on = ? ORDER BY j.created_at"
    ))
    .bind(courier.to_string())
    .bind(day.to_string())
    .fetch_all(&mut *tx)
    .await?;
    if jobs.is_empty() {
        return Err(Error::invalid_state(
            "no_cash_jobs",
            "this run has no cash to collect",
        ));
    }
    if let Some((number, _)) = jobs.iter().find(|(_, c)| c.is_none()) {
        return Err(Error::invalid_state(
            "cash_not_recorded",
            format!("record what job {number} collected first"),
        ));
    }
    let expected: i64 = jobs.iter().filter_map(|(_, c)| *c).sum();
    let handed = money::to_minor(handed_in, cur);
    let difference = handed - expected;
    if difference != 0 && note.is_none() {
        return Err(Error::validation(
            "note",
            "required",
            "explain the difference",
        ));
    }
    let id = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO courier_reconciliations (id, courier_id, day, jobs, expected, handed_in, difference, currency, note, reconciled_by, reconciled_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(courier.to_string())
    .bind(day.to_string())
    .bind(jobs.len() as i64)
    .bind(expected)
    .bind(handed)
    .bind(difference)
    .bind(cur.code())
    .bind(&note)
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut *tx)
    .await?;
    let amount = |m: i64| money::from_minor(m, cur).to_string();
    let before = serde_json::json!({
        "courier_id": courier, "day": day, "jobs": jobs.len(), "expected": amount(expected), "reconciled": false,
    });
    let after = serde_json::json!({
        "courier_id": courier, "day": day, "jobs": jobs.len(), "expected": amount(expected),
        "handed_in": amount(handed), "difference": amount(difference), "note": note, "reconciled": true,
    });
    outbox::append_change(
        &mut tx,
        ctx,
        "courier_run",
        id,
        "reconcile",
        &before,
        &after,
    )
    .await?;
    tx.commit().await?;
    read(db, courier, day).await
}

fn parse_day(day: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|_| Error::validation("day", "invalid_date", "YYYY-MM-DD"))
}
