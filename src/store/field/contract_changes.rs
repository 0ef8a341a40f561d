//! A maintenance contract changed, renewed or cancelled (issue 17). A
//! change (units, frequency, response time) holds from a date on: the
//! planned visits from then on that are not under way are cancelled with
//! the reason and planned again at the new terms; done visits stay. A
//! renewal extends the period on the contract's cadence; its visits are
//! made as time goes on like the rest (`contract_plan`). A cancellation ends it with a reason and cancels the planned
//! visits still to come. Each act is one transaction with its event in
//! `contract_events` (before and after) and its outbox row.

use super::contract_plan::{date, held, make_between};
use super::contracts::{report, ContractReport};
use crate::domain::field::contract_plan::{horizon, Frequency};
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::{shop, shop::calendar, shop::outbox, ts, Ctx, Db, Tx};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ContractChange {
    pub units: Vec<String>,
    pub frequency: Frequency,
    /// Response time in working hours (1–240).
    pub sla_hours: u32,
    /// YYYY-MM-DD: the new terms hold from this day (today or later).
    pub from: String,
    pub reason: String,
}

/// Cancels the contract's planned visits due on or after `from` that are
/// not under way (requested or booked), with `reason`. Returns how many.
async fn cancel_planned(
    tx: &mut Tx,
    ctx: &Ctx,
    id: Uuid,
    from: NaiveDate,
    cal: &crate::domain::shop::calendar::WorkingCalendar,
    reason: &str,
) -> Result<usize> {
    let since = ts(cal.start_of(from));
    let open: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, status FROM visits WHERE contract_id = ? AND planned = 1 AND status IN ('requested', 'booked') AND due_at >= ?",
    )
    .bind(id.to_string())
    .bind(&since)
    .fetch_all(&mut **tx)
    .await?;
    for (vid, status) in &open {
        let vid = crate::store::parse_id("id", vid)?;
        crate::store::field::visits::set_status(tx, ctx, vid, "cancelled").await?;
        let data = serde_json::json!({ "from": status, "contract": id });
        crate::store::field::visits::event(tx, ctx, vid, "cancelled", Some(reason), &data).await?;
    }
    Ok(open.len())
}

pub(crate) async fn record(
    tx: &mut Tx,
    ctx: &Ctx,
    id: Uuid,
    kind: &str,
    note: Option<&str>,
    data: serde_json::Value,
) -> Result<()> {
    let event = crate::domain::new_id();
    sqlx::query("INSERT INTO contract_events (id, contract_id, kind, note, data, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(event.to_string())
        .bind(id.to_string())
        .bind(kind)
        .bind(note)
        .bind(data.to_string())
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .execute(&mut **tx)
        .await?;
    let payload = serde_json::json!({ "event_id": event, "note": note, "data": data });
    outbox::append(tx, ctx, "contract", id, kind, &payload).await
}

pub async fn change(db: &Db, ctx: &Ctx, id: Uuid, input: ContractChange) -> Result<ContractReport> {
    ctx.require(Action::TakeIn)?;
    if input.units.is_empty() || input.units.len() > 100 {
        return Err(Error::validation("units", "required", "1 to 100 units"));
    }
    let units = input
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| check::required(&format!("units.{i}"), u, 64).map(|u| u.to_uppercase()))
        .collect::<Result<Vec<_>>>()?;
    check::range("sla_hours", input.sla_hours.into(), 1, 240)?;
    let reason = check::required("reason", &input.reason, 500)?;
    let from = date("from", &input.from)?;
    let profile = shop::profile(db).await?;
    let cal = calendar::calendar(db).await?;
    if from < cal.local_date(ctx.now) {
        return Err(Error::validation(
            "from",
            "in_the_past",
            "a change holds from today on",
        ));
    }
    let mut tx = db.begin().await?;
    let h = held(&mut tx, id).await?;
    if from > h.ends_on {
        return Err(Error::validation(
            "from",
            "out_of_range",
            "within the contract's period",
        ));
    }
    if units == h.units && input.frequency == h.frequency && input.sla_hours == h.sla_hours {
        return Err(Error::validation("units", "unchanged", "nothing changed"));
    }
    let pair = (&profile, &cal);
    let cancelled = cancel_planned(&mut tx, ctx, id, from, &cal, &reason).await?;
    // The days before the change keep the terms they had: made now if the
    // horizon had not reached them yet (after the cancelling, so a visit of
    // the eve moved past a day off onto `from` stays).
    let eve = from.pred_opt().unwrap_or(from);
    let kept = match h.planned_through {
        Some(t) if t >= eve => 0,
        _ => make_between(&mut tx, ctx, id, &h, h.planned_through, eve, pair).await?,
    };
    sqlx::query("UPDATE contracts SET units = ?, frequency = ?, sla_hours = ?, plan_version = plan_version + 1, planner = COALESCE(planner, ?) WHERE id = ?")
        .bind(serde_json::to_string(&units).unwrap_or_default())
        .bind(
            serde_json::to_value(input.frequency)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string)),
        )
        .bind(input.sla_hours)
        .bind(super::contract_plan::planner_of(&profile))
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    // The cancelled ones again at the new terms, as far as the plan had gone.
    let now = held(&mut tx, id).await?;
    let through = now.planned_through.unwrap_or(eve);
    let planned = make_between(&mut tx, ctx, id, &now, Some(eve), through, pair).await?;
    let data = serde_json::json!({
        "from": from, "before": { "units": h.units, "frequency": h.frequency, "sla_hours": h.sla_hours },
        "after": { "units": units, "frequency": input.frequency, "sla_hours": input.sla_hours },
        "visits_cancelled": cancelled, "visits_kept": kept, "visits_planned": planned });
    record(&mut tx, ctx, id, "change", Some(&reason), data).await?;
    tx.commit().await?;
    report(db, ctx, id).await
}

/// Another period: the contract runs to `ends_on` (YYYY-MM-DD), the visits
/// of the days added made as they come within the horizon.
pub async fn renew(db: &Db, ctx: &Ctx, id: Uuid, ends_on: &str) -> Result<ContractReport> {
    ctx.require(Action::TakeIn)?;
    let end = date("ends_on", ends_on)?;
    let profile = shop::profile(db).await?;
    let cal = calendar::calendar(db).await?;
    let mut tx = db.begin().await?;
    let h = held(&mut tx, id).await?;
    if end <= h.ends_on || (end - h.ends_on).num_days() > 366 * 5 {
        return Err(Error::validation(
            "ends_on",
            "out_of_range",
            "after the current end, at most five years more",
        ));
    }
    sqlx::query("UPDATE contracts SET ends_on = ?, planner = COALESCE(planner, ?) WHERE id = ?")
        .bind(end.to_string())
        .bind(super::contract_plan::planner_of(&profile))
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let now = held(&mut tx, id).await?;
    let through = horizon(cal.local_date(ctx.now), end);
    let planned = make_between(
        &mut tx,
        ctx,
        id,
        &now,
        now.planned_through,
        through,
        (&profile, &cal),
    )
    .await?;
    let data = serde_json::json!({ "before": { "ends_on": h.ends_on }, "after": { "ends_on": end }, "visits_planned": planned });
    record(&mut tx, ctx, id, "renew", None, data).await?;
    tx.commit().await?;
    report(db, ctx, id).await
}

/// Ends the contract with a reason: the planned visits still to come are
/// cancelled; its units get the shop's response time from now on.
pub async fn cancel(db: &Db, ctx: &Ctx, id: Uuid, reason: &str) -> Result<ContractReport> {
    ctx.require(Action::TakeIn)?;
    let reason = check::required("reason", reason, 500)?;
    let cal = calendar::calendar(db).await?;
    let today = cal.local_date(ctx.now);
    let mut tx = db.begin().await?;
    held(&mut tx, id).await?;
    let cancelled = cancel_planned(&mut tx, ctx, id, today, &cal, &reason).await?;
    sqlx::query("UPDATE contracts SET status = 'cancelled', cancel_reason = ?, cancelled_at = ? WHERE id = ?")
        .bind(&reason)
        .bind(ts(ctx.now))
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let data = serde_json::json!({ "before": { "status": "active" }, "after": { "status": "cancelled" }, "visits_cancelled": cancelled });
    record(&mut tx, ctx, id, "cancel", Some(&reason), data).await?;
    tx.commit().await?;
    report(db, ctx, id).await
}
