//! A courier run's stops put in driving order: a job moved up or down its
//! run (the counter, or the courier on their own run), the whole run's
//! order written in one transaction and audited; the runs screen and the
//! route sheet read it.

use super::courier_jobs::{run, Job};
use crate::domain::staff::permissions::Action;
use crate::domain::staff::Role;
use crate::error::{Error, Result};
use crate::store::shop::outbox;
use crate::store::{Ctx, Db};
use chrono::NaiveDate;
use uuid::Uuid;

/// Moves `job` one stop earlier (`up`) or later in its run.
pub async fn move_stop(db: &Db, ctx: &Ctx, job: Uuid, up: bool) -> Result<Vec<Job>> {
    ctx.require(Action::CourierJobs)?;
    let mut tx = db.begin().await?;
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT courier_id, planned_on, status FROM courier_jobs WHERE id = ?")
            .bind(job.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    let (courier, day, status) = row.ok_or_else(|| Error::not_found("job"))?;
    if ctx.role == Role::Courier && courier != ctx.staff_id.to_string() {
        return Err(Error::forbidden("couriers order their own runs only"));
    }
    if status == "cancelled" {
        return Err(Error::invalid_state(
            "job_cancelled",
            "this job is cancelled",
        ));
    }
    let order: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM courier_jobs WHERE courier_id = ? AND planned_on = ? AND status <> 'cancelled'
         ORDER BY stop IS NULL, stop, city, created_at",
    )
    .bind(&courier)
    .bind(&day)
    .fetch_all(&mut *tx)
    .await?;
    let at = order
        .iter()
        .position(|id| *id == job.to_string())
        .ok_or_else(|| Error::not_found("job"))?;
    let to = match (up, at) {
        (true, 0) => None,
        (true, i) => Some(i - 1),
        (false, i) if i + 1 < order.len() => Some(i + 1),
        (false, _) => None,
    }
    .ok_or_else(|| Error::invalid_state("at_end", "this stop is already at that end of the run"))?;
    let mut after = order.clone();
    after.swap(at, to);
    for (stop, id) in after.iter().enumerate() {
        sqlx::query("UPDATE courier_jobs SET stop = ? WHERE id = ? AND stop IS NOT ?")
            .bind(stop as i64)
            .bind(id)
            .bind(stop as i64)
            .execute(&mut *tx)
            .await?;
    }
    let before = serde_json::json!({ "stops": order });
    let payload = serde_json::json!({ "stops": after, "day": day });
    outbox::append_change(
        &mut tx,
        ctx,
        "courier_job",
        job,
        "reorder",
        &before,
        &payload,
    )
    .await?;
    tx.commit().await?;
    let courier = crate::store::parse_id("courier_id", &courier)?;
    let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| Error::Storage {
        message: "bad run day".into(),
    })?;
    run(db, ctx, courier, day).await
}
