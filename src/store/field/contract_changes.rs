//! A maintenance contract changed, renewed or cancelled (issue 17). A
//! change (units, frequency, response time) holds from a date on: the
//! planned visits from then on that are not under way are cancelled with
//! the reason and planned again at the new terms; done visits stay. A
//! renewal extends the period and plans its visits on the contract's
//! cadence. A cancellation ends it with a reason and cancels the planned
//! visits still to come. Each act is one transaction with its event in
//! `contract_events` (before and after) and its outbox row.

use super::contracts::{plan_visits, report, ContractReport, Site};
use crate::domain::field::contract_plan::{plan, Frequency};
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

struct Held {
    number: String,
    customer: Uuid,
    units: Vec<String>,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    frequency: Frequency,
    sla_hours: u32,
    address: String,
    status: String,
}

fn date(field: &str, v: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .map_err(|_| Error::validation(field, "invalid_date", "YYYY-MM-DD"))
}

async fn held(tx: &mut Tx, id: Uuid) -> Result<Held> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        i64,
        String,
        String,
    );
    let r: Row = sqlx::query_as(
        "SELECT number, customer_id, units, starts_on, ends_on, frequency, sla_hours, site_address, status FROM contracts WHERE id = ?",
    )
    .bind(id.to_string())
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| Error::not_found("contract"))?;
    let frequency: Frequency =
        serde_json::from_value(serde_json::Value::String(r.5)).map_err(|_| {
            Error::invalid_state("bad_contract", "the contract's frequency cannot be read")
        })?;
    let h = Held {
        number: r.0,
        customer: crate::store::parse_id("customer_id", &r.1)?,
        units: serde_json::from_str(&r.2).unwrap_or_default(),
        starts_on: date("starts_on", &r.3)?,
        ends_on: date("ends_on", &r.4)?,
        frequency,
        sla_hours: r.6 as u32,
        address: r.7,
        status: r.8,
    };
    if h.status != "active" {
        return Err(Error::invalid_state(
            "contract_cancelled",
            "this contract was cancelled",
        ));
    }
    Ok(h)
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

async fn record(
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
    let cancelled = cancel_planned(&mut tx, ctx, id, from, &cal, &reason).await?;
    sqlx::query("UPDATE contracts SET units = ?, frequency = ?, sla_hours = ? WHERE id = ?")
        .bind(serde_json::to_string(&units).unwrap_or_default())
        .bind(
            serde_json::to_value(input.frequency)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string)),
        )
        .bind(input.sla_hours)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let all = plan(h.starts_on, h.ends_on, input.frequency);
    let days: Vec<NaiveDate> = all.iter().copied().filter(|d| *d >= from).collect();
    let c = crate::store::customers::get(db, h.customer).await?;
    let site = Site {
        contract: id,
        number: &h.number,
        customer: h.customer,
        contact: (&c.name, &c.phone),
        address: &h.address,
        units: &units,
    };
    plan_visits(&mut tx, ctx, &site, &days, all.len(), (&profile, &cal)).await?;
    let data = serde_json::json!({
        "from": from, "before": { "units": h.units, "frequency": h.frequency, "sla_hours": h.sla_hours },
        "after": { "units": units, "frequency": input.frequency, "sla_hours": input.sla_hours },
        "visits_cancelled": cancelled, "visits_planned": days.len() });
    record(&mut tx, ctx, id, "change", Some(&reason), data).await?;
    tx.commit().await?;
    report(db, ctx, id).await
}

/// Another period: the contract runs to `ends_on` (YYYY-MM-DD), its visits
/// planned on its cadence for the days added.
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
    sqlx::query("UPDATE contracts SET ends_on = ? WHERE id = ?")
        .bind(end.to_string())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let all = plan(h.starts_on, end, h.frequency);
    let days: Vec<NaiveDate> = all.iter().copied().filter(|d| *d > h.ends_on).collect();
    let c = crate::store::customers::get(db, h.customer).await?;
    let site = Site {
        contract: id,
        number: &h.number,
        customer: h.customer,
        contact: (&c.name, &c.phone),
        address: &h.address,
        units: &h.units,
    };
    plan_visits(&mut tx, ctx, &site, &days, all.len(), (&profile, &cal)).await?;
    let data = serde_json::json!({ "before": { "ends_on": h.ends_on }, "after": { "ends_on": end }, "visits_planned": days.len() });
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
