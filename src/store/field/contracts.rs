//! Maintenance contracts: a customer's units covered for a period, with
//! maintenance visits planned at the contract's frequency (requests the
//! counter books like any other visit, due by the close of their planned
//! day), made as time goes on (`contract_plan`); the contract report counts
//! planned, done, late and open visits, and those still to come.
//! A contract also sets a response time: a visit requested for a unit it
//! covers, within its period, is due within that many working hours.
//! And the free consultation log, with its follow-up dates.

use super::contract_plan::{date, frequency, held, make_between, planner_of};
use crate::domain::field::contract_plan::{due, horizon, Frequency};
use crate::domain::shop::numbering::Series;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::{shop, shop::calendar, shop::outbox, ts, Ctx, Db};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewContract {
    pub customer_id: String,
    pub units: Vec<String>,
    pub site_address: String,
    /// YYYY-MM-DD, both included.
    pub starts_on: String,
    pub ends_on: String,
    pub frequency: Frequency,
    /// Response time for visits to the covered units, in working hours (1–240).
    pub sla_hours: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ContractReport {
    pub id: Uuid,
    pub number: String,
    pub customer_name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub frequency: String,
    pub sla_hours: u32,
    /// Planned visits made so far (the plan's visits up to the horizon).
    pub planned: u32,
    /// The plan's visits still to be made as time goes on.
    pub to_come: u32,
    pub done: u32,
    /// Done after their due time, or not done and past it.
    pub late: u32,
    pub open: u32,
    /// Visits requested for covered units besides the plan.
    pub callouts: u32,
    /// active | cancelled
    pub status: String,
    /// The serials it covers.
    pub units: Vec<String>,
}

pub async fn create(db: &Db, ctx: &Ctx, input: NewContract) -> Result<ContractReport> {
    ctx.require(Action::TakeIn)?;
    let customer = crate::store::parse_id("customer_id", &input.customer_id)?;
    crate::store::customers::get(db, customer)
        .await
        .map_err(|_| Error::validation("customer_id", "unknown_customer", "choose a customer"))?;
    if input.units.is_empty() || input.units.len() > 100 {
        return Err(Error::validation("units", "required", "1 to 100 units"));
    }
    let units = input
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| check::required(&format!("units.{i}"), u, 64).map(|u| u.to_uppercase()))
        .collect::<Result<Vec<_>>>()?;
    let address = check::required("site_address", &input.site_address, 300)?;
    let (start, end) = (
        date("starts_on", &input.starts_on)?,
        date("ends_on", &input.ends_on)?,
    );
    if end < start || (end - start).num_days() > 366 * 5 {
        return Err(Error::validation(
            "ends_on",
            "out_of_range",
            "after the start, at most five years",
        ));
    }
    check::range("sla_hours", input.sla_hours.into(), 1, 240)?;
    let profile = shop::profile(db).await?;
    let cal = calendar::calendar(db).await?;
    let mut tx = db.begin().await?;
    let series = Series::of_shop("KT", &profile, start.year());
    let number = crate::store::repairs::tickets::next_number(&mut tx, &series).await?;
    let id = crate::domain::new_id();
    sqlx::query("INSERT INTO contracts (id, number, customer_id, units, starts_on, ends_on, frequency, site_address, sla_hours, planner, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(id.to_string())
        .bind(&number)
        .bind(customer.to_string())
        .bind(serde_json::to_string(&units).unwrap_or_default())
        .bind(start.to_string())
        .bind(end.to_string())
        .bind(serde_json::to_value(input.frequency).ok().and_then(|v| v.as_str().map(str::to_string)))
        .bind(&address)
        .bind(input.sla_hours)
        .bind(planner_of(&profile))
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .execute(&mut *tx)
        .await?;
    // The visits within the horizon now; `roll` makes the rest as days pass.
    let h = held(&mut tx, id).await?;
    let through = horizon(cal.local_date(ctx.now), end);
    let made = make_between(&mut tx, ctx, id, &h, None, through, (&profile, &cal)).await?;
    let data = serde_json::json!({ "number": number, "customer_id": customer, "units": units, "starts_on": start, "ends_on": end, "frequency": input.frequency, "sla_hours": input.sla_hours, "visits": made, "planned_through": through });
    outbox::append(&mut tx, ctx, "contract", id, "create", &data).await?;
    tx.commit().await?;
    report(db, ctx, id).await
}

/// A contract with the counts of its planned visits (done, late, open) and
/// of the call-outs for its units, at `now`; one query for one or all.
const REPORT: &str = "SELECT k.id, k.number, c.name, k.starts_on, k.ends_on, k.frequency, k.sla_hours,
        COALESCE(SUM(v.planned AND v.status <> 'cancelled'), 0),
        COALESCE(SUM(v.planned AND v.status = 'done'), 0),
        COALESCE(SUM(v.planned AND ((v.status = 'done' AND v.done_at > v.due_at) OR (v.status NOT IN ('done', 'cancelled') AND v.due_at < ?))), 0),
        COALESCE(SUM(v.planned AND v.status NOT IN ('done', 'cancelled')), 0),
        COALESCE(SUM(NOT v.planned), 0), k.status, k.units, k.planned_through
    FROM contracts k JOIN customers c ON c.id = k.customer_id LEFT JOIN visits v ON v.contract_id = k.id";

type ReportRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    String,
    String,
    Option<String>,
);

fn report_of(r: ReportRow) -> Result<ContractReport> {
    let (start, end) = (date("starts_on", &r.3)?, date("ends_on", &r.4)?);
    let after =
        r.14.as_deref()
            .map(|d| date("planned_through", d))
            .transpose()?;
    let to_come = match r.12.as_str() {
        "active" => due(start, end, frequency(&r.5)?, after, end).0.len() as u32,
        _ => 0,
    };
    Ok(ContractReport {
        id: crate::store::parse_id("id", &r.0)?,
        number: r.1,
        customer_name: r.2,
        starts_on: r.3,
        ends_on: r.4,
        frequency: r.5,
        sla_hours: r.6 as u32,
        planned: r.7 as u32,
        to_come,
        done: r.8 as u32,
        late: r.9 as u32,
        open: r.10 as u32,
        callouts: r.11 as u32,
        status: r.12,
        units: serde_json::from_str(&r.13).unwrap_or_default(),
    })
}

/// Planned, done, late and open visits of a contract, and its call-outs.
pub async fn report(db: &Db, ctx: &Ctx, id: Uuid) -> Result<ContractReport> {
    let row: Option<ReportRow> = sqlx::query_as(&format!("{REPORT} WHERE k.id = ? GROUP BY k.id"))
        .bind(ts(ctx.now))
        .bind(id.to_string())
        .fetch_optional(&db.pool)
        .await?;
    report_of(row.ok_or_else(|| Error::not_found("contract"))?)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Consultation {
    pub customer_id: String,
    pub serial: Option<String>,
    pub problem: String,
    /// The software and settings the customer uses.
    pub software: Option<String>,
    pub advice: String,
    /// YYYY-MM-DD, when to call back.
    pub follow_up_on: Option<String>,
}

/// A free consultation, written down once; follow-ups due by `day` are
/// listed with `follow_ups`.
pub async fn consult(db: &Db, ctx: &Ctx, input: Consultation) -> Result<Uuid> {
    ctx.require(Action::AddNote)?;
    let customer = crate::store::parse_id("customer_id", &input.customer_id)?;
    crate::store::customers::get(db, customer)
        .await
        .map_err(|_| Error::validation("customer_id", "unknown_customer", "choose a customer"))?;
    let serial = check::optional("serial", input.serial.as_deref(), 64)?;
    let problem = check::required("problem", &input.problem, 2000)?;
    let software = check::optional("software", input.software.as_deref(), 500)?;
    let advice = check::required("advice", &input.advice, 4000)?;
    let follow = input
        .follow_up_on
        .as_deref()
        .filter(|f| !f.trim().is_empty())
        .map(|f| date("follow_up_on", f))
        .transpose()?;
    let id = crate::domain::new_id();
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO consultations (id, customer_id, serial, problem, software, advice, follow_up_on, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(id.to_string())
        .bind(customer.to_string())
        .bind(&serial)
        .bind(&problem)
        .bind(&software)
        .bind(&advice)
        .bind(follow.map(|f| f.to_string()))
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .execute(&mut *tx)
        .await?;
    let data = serde_json::json!({ "customer_id": customer, "serial": serial, "problem": problem, "software": software, "advice": advice, "follow_up_on": follow });
    outbox::append(&mut tx, ctx, "consultation", id, "create", &data).await?;
    tx.commit().await?;
    Ok(id)
}

/// Consultations whose follow-up is due on or before `day`: (customer, problem, date).
pub async fn follow_ups(db: &Db, day: NaiveDate) -> Result<Vec<(String, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT c.name, k.problem, k.follow_up_on FROM consultations k JOIN customers c ON c.id = k.customer_id
         WHERE k.follow_up_on IS NOT NULL AND k.follow_up_on <= ? ORDER BY k.follow_up_on",
    )
    .bind(day.to_string())
    .fetch_all(&db.pool)
    .await?)
}

/// The customer's contract covering one of `serials` on `day`, if any:
/// its id and response time in working hours.
pub(crate) async fn covering(
    tx: &mut crate::store::Tx,
    customer: Uuid,
    serials: &[String],
    day: NaiveDate,
) -> Result<Option<(Uuid, u32)>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT id, units, sla_hours FROM contracts WHERE customer_id = ? AND status = 'active' AND starts_on <= ? AND ends_on >= ? ORDER BY sla_hours",
    )
    .bind(customer.to_string())
    .bind(day.to_string())
    .bind(day.to_string())
    .fetch_all(&mut **tx)
    .await?;
    for (id, units, hours) in rows {
        let covered: Vec<String> = serde_json::from_str(&units).unwrap_or_default();
        if serials
            .iter()
            .any(|s| covered.iter().any(|c| c.eq_ignore_ascii_case(s)))
        {
            return Ok(Some((crate::store::parse_id("id", &id)?, hours as u32)));
        }
    }
    Ok(None)
}

/// Every contract, newest first, with its report (at most 200).
pub async fn list(db: &Db, ctx: &Ctx) -> Result<Vec<ContractReport>> {
    let rows: Vec<ReportRow> = sqlx::query_as(&format!(
        "{REPORT} GROUP BY k.id ORDER BY k.created_at DESC LIMIT 200"
    ))
    .bind(ts(ctx.now))
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(report_of).collect()
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
pub struct ConsultationEntry {
    pub customer_name: String,
    pub serial: Option<String>,
    pub problem: String,
    pub software: Option<String>,
    pub advice: String,
    pub follow_up_on: Option<String>,
    pub staff_name: String,
    pub at: String,
}

/// The consultation log, newest first (at most 200).
pub async fn consultations(db: &Db) -> Result<Vec<ConsultationEntry>> {
    Ok(sqlx::query_as(
        "SELECT c.name AS customer_name, k.serial, k.problem, k.software, k.advice, k.follow_up_on, s.name AS staff_name, k.at
         FROM consultations k JOIN customers c ON c.id = k.customer_id JOIN staff s ON s.id = k.staff_id
         ORDER BY k.at DESC, k.rowid DESC LIMIT 200",
    )
    .fetch_all(&db.pool)
    .await?)
}
