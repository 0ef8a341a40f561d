//! A contract's planned visits, made as time goes on (issue 17): the visits
//! of the plan up to the horizon exist (`domain::field::contract_plan`), the
//! contract row keeps the last plan day made (`planned_through`), and
//! `roll` makes the next ones as days pass, at start and every hour.
//!
//! One counter plans each contract (its `planner`, the one that made or
//! last renewed or changed it): two counters apart never both make the
//! same visits. If that counter is a week late with a visit, any other
//! takes over and becomes the planner. A joined counter plans right after
//! a sync round went through (the shell calls `roll` from its sync loop),
//! from what the others did while it was off. A
//! planned visit's key is derived from the contract, the day and the terms'
//! version, so even then the same visit made twice is one key at the hub,
//! a recorded conflict and never a silent second visit.

use crate::domain::field::contract_plan::{due, horizon, planner_late, Frequency};
use crate::domain::shop::calendar::WorkingCalendar;
use crate::domain::shop::numbering::Series;
use crate::domain::shop::ShopProfile;
use crate::domain::staff::Role;
use crate::error::{Error, Result};
use crate::store::{shop, shop::calendar, ts, Ctx, Db, Tx};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use uuid::Uuid;

/// The contract as its planning and its changes read it, in their transaction.
pub(crate) struct Held {
    pub number: String,
    pub customer: Uuid,
    /// The customer's name and phone, the visits' contact on site.
    pub contact: (String, String),
    pub units: Vec<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub frequency: Frequency,
    pub sla_hours: u32,
    pub address: String,
    /// The last plan day whose visit was made (none yet: nothing made).
    pub planned_through: Option<NaiveDate>,
    pub plan_version: i64,
    pub planner: Option<String>,
}

pub(crate) fn date(field: &str, v: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .map_err(|_| Error::validation(field, "invalid_date", "YYYY-MM-DD"))
}

pub(crate) fn frequency(v: &str) -> Result<Frequency> {
    serde_json::from_value(serde_json::Value::String(v.to_string())).map_err(|_| {
        Error::invalid_state("bad_contract", "the contract's frequency cannot be read")
    })
}

#[derive(sqlx::FromRow)]
struct HeldRow {
    number: String,
    customer_id: String,
    name: String,
    phone: String,
    units: String,
    starts_on: String,
    ends_on: String,
    frequency: String,
    sla_hours: i64,
    site_address: String,
    status: String,
    planned_through: Option<String>,
    plan_version: i64,
    planner: Option<String>,
}

/// The active contract `id`; a cancelled one is refused.
pub(crate) async fn held(tx: &mut Tx, id: Uuid) -> Result<Held> {
    let r: HeldRow = sqlx::query_as(
        "SELECT k.number, k.customer_id, c.name, c.phone, k.units, k.starts_on, k.ends_on, k.frequency, k.sla_hours,
                k.site_address, k.status, k.planned_through, k.plan_version, k.planner
         FROM contracts k JOIN customers c ON c.id = k.customer_id WHERE k.id = ?",
    )
    .bind(id.to_string())
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| Error::not_found("contract"))?;
    if r.status != "active" {
        return Err(Error::invalid_state(
            "contract_cancelled",
            "this contract was cancelled",
        ));
    }
    Ok(Held {
        number: r.number,
        customer: crate::store::parse_id("customer_id", &r.customer_id)?,
        contact: (r.name, r.phone),
        units: serde_json::from_str(&r.units).unwrap_or_default(),
        starts_on: date("starts_on", &r.starts_on)?,
        ends_on: date("ends_on", &r.ends_on)?,
        frequency: frequency(&r.frequency)?,
        sla_hours: r.sla_hours as u32,
        address: r.site_address,
        planned_through: r
            .planned_through
            .as_deref()
            .map(|d| date("planned_through", d))
            .transpose()?,
        plan_version: r.plan_version,
        planner: r.planner,
    })
}

/// This device's branch and counter, as a contract names its planner.
pub(crate) fn planner_of(profile: &ShopProfile) -> String {
    format!("{}-{}", profile.branch_code, profile.counter_code)
}

/// Makes the contract's plan visits after `after` up to `through` (never
/// past its end) at its terms in force, and moves `planned_through` up to
/// `through` if it was behind. A visit whose key is held already (made by
/// another counter and pulled here) is not made again. Returns how many
/// visits were made.
pub(crate) async fn make_between(
    tx: &mut Tx,
    ctx: &Ctx,
    id: Uuid,
    h: &Held,
    after: Option<NaiveDate>,
    through: NaiveDate,
    (profile, cal): (&ShopProfile, &WorkingCalendar),
) -> Result<usize> {
    let through = through.min(h.ends_on);
    let (days, of) = due(h.starts_on, h.ends_on, h.frequency, after, through);
    let units: Vec<_> = h
        .units
        .iter()
        .map(|u| serde_json::json!({ "serial": u, "verdict": null }))
        .collect();
    let mut made = 0;
    for (k, day) in &days {
        let vid = crate::domain::derived_id(
            cal.start_of(*day),
            &format!("contract-visit/{id}/{day}/{}", h.plan_version),
        );
        // Made already (by the counter that planned before, and pulled here).
        let held: Option<String> = sqlx::query_scalar("SELECT id FROM visits WHERE id = ?")
            .bind(vid.to_string())
            .fetch_optional(&mut **tx)
            .await?;
        if held.is_some() {
            continue;
        }
        let work_day = if cal.is_working_day(*day) {
            *day
        } else {
            cal.next_business_day(*day)
        };
        let opens = cal.opening(work_day).unwrap_or(ctx.now);
        let due = cal.closing(work_day).unwrap_or(ctx.now);
        let series = Series::of_shop("VS", profile, work_day.year());
        let number = crate::store::repairs::tickets::next_number(tx, &series).await?;
        sqlx::query(
            "INSERT INTO visits (id, number, customer_id, branch, site_address, site_contact, site_phone, kind, problem, units, skills,
             preferred_at, requested_at, due_at, quote, currency, status, contract_id, planned, created_by, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'maintenance', ?, ?, '[]', ?, ?, ?, 0, ?, 'requested', ?, 1, ?, ?, ?)",
        )
        .bind(vid.to_string())
        .bind(&number)
        .bind(h.customer.to_string())
        .bind(&profile.branch_code)
        .bind(&h.address)
        .bind(&h.contact.0)
        .bind(&h.contact.1)
        .bind(format!("Perawatan berkala {} ({k}/{of})", h.number))
        .bind(serde_json::to_string(&units).unwrap_or_default())
        .bind(ts(opens))
        .bind(ts(ctx.now))
        .bind(ts(due))
        .bind(profile.currency.code())
        .bind(id.to_string())
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .bind(ts(ctx.now))
        .execute(&mut **tx)
        .await?;
        let data = serde_json::json!({ "number": number, "kind": "maintenance", "due_at": ts(due), "contract": h.number });
        crate::store::field::visits::event(tx, ctx, vid, "requested", None, &data).await?;
        made += 1;
    }
    if h.planned_through.is_none_or(|p| p < through) {
        sqlx::query("UPDATE contracts SET planned_through = ? WHERE id = ?")
            .bind(through.to_string())
            .bind(id.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(made)
}

/// Makes the visits that came within the horizon of every active contract
/// this counter plans (or whose planner fell a week behind on a visit),
/// one transaction per contract with its event and outbox row; a contract
/// that cannot be planned is reported and the others go on. Run again, it
/// makes nothing and writes nothing: returns how many visits it made. A
/// joined device calls it right after a sync round went through.
pub async fn roll(db: &Db, now: DateTime<Utc>) -> Result<usize> {
    type Listed = (
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
    );
    let active: Vec<Listed> = sqlx::query_as(
        "SELECT id, starts_on, ends_on, frequency, planned_through, planner FROM contracts WHERE status = 'active' ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?;
    if active.is_empty() {
        return Ok(0);
    }
    let ctx = Ctx {
        staff_id: crate::store::sales::orders::SYSTEM,
        role: Role::Admin,
        now,
    };
    let profile = shop::profile(db).await?;
    let cal = calendar::calendar(db).await?;
    let today = cal.local_date(now);
    let me = planner_of(&profile);
    let mut made = 0;
    for (id, start, end, freq, through, planner) in active {
        let (Ok(id), Ok(start), Ok(end), Ok(freq)) = (
            Uuid::parse_str(&id),
            date("starts_on", &start),
            date("ends_on", &end),
            frequency(&freq),
        ) else {
            continue;
        };
        let through = through.and_then(|t| date("planned_through", &t).ok());
        let target = horizon(today, end);
        if due(start, end, freq, through, target).0.is_empty() {
            continue;
        }
        // Another counter's contract: only a visit it should have made a
        // week ago and did not (that counter is gone or off).
        let mine = planner.as_deref() == Some(me.as_str());
        if !mine && !planner_late(start, end, freq, through, today) {
            continue;
        }
        match roll_one(db, &ctx, id, target, &me, (&profile, &cal)).await {
            Ok(n) => made += n,
            // The text names no person (see error.rs).
            Err(e) => eprintln!("planning contract {id} failed: {e}"),
        }
    }
    Ok(made)
}

/// One contract's visits up to `target`, in its own transaction.
async fn roll_one(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    target: NaiveDate,
    me: &str,
    pair: (&ShopProfile, &WorkingCalendar),
) -> Result<usize> {
    let mut tx = db.begin().await?;
    // Read again in the transaction: another round may have planned it.
    let h = held(&mut tx, id).await?;
    if h.planned_through.is_some_and(|t| t >= target) {
        return Ok(0);
    }
    let n = make_between(&mut tx, ctx, id, &h, h.planned_through, target, pair).await?;
    if h.planner.as_deref() != Some(me) {
        sqlx::query("UPDATE contracts SET planner = ? WHERE id = ?")
            .bind(me)
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
    }
    let data = serde_json::json!({
        "before": { "planned_through": h.planned_through, "planner": h.planner },
        "after": { "planned_through": target.min(h.ends_on), "planner": me },
        "visits_planned": n });
    super::contract_changes::record(&mut tx, ctx, id, "plan", None, data).await?;
    tx.commit().await?;
    Ok(n)
}
