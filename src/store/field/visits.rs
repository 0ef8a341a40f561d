//! On-site visits as stored: a request gets its SLA due time from the
//! branch's working calendar (or its contract's response time) and each
//! unit's warranty verdict from the registry; every change of a visit goes
//! on its append-only history. Booking, moving and cancelling are in
//! `booking`, the work on site in `work`, reading in
//! `board`.

use crate::domain::field::sla::{self, SlaState};
use crate::domain::money;
use crate::domain::payment;
use crate::domain::shop::numbering::Series;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::{shop, shop::calendar, shop::outbox, ts, Ctx, Db, Tx};
use chrono::{DateTime, Datelike, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub use crate::store::field::board::{get, open_requests, week};
pub use crate::store::field::booking::{book, cancel, BookingInput};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VisitKind {
    Warranty,
    Paid,
    Maintenance,
    Installation,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VisitRequest {
    pub customer_id: String,
    pub site_address: String,
    pub site_contact: String,
    pub site_phone: String,
    pub kind: VisitKind,
    pub problem: String,
    /// Units on site: serial and, when checked, the warranty verdict.
    pub units: Vec<VisitUnit>,
    /// What the technician must know (e.g. "scanner A0", "plotter").
    pub skills: Vec<String>,
    /// Local "YYYY-MM-DDTHH:MM", the customer's preferred time.
    pub preferred_at: Option<String>,
    /// The visit's price before any surcharge (paid visits).
    pub quote: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct VisitUnit {
    pub serial: String,
    /// The warranty outcome from our registry when the visit was requested
    /// (free_repair, exchange, chargeable, principal, expired, not_ours);
    /// set by the core, whatever the form sent.
    pub verdict: Option<String>,
}

/// A unit's warranty verdict as of today, for an ordinary defect.
async fn verdict_of(db: &Db, ctx: &Ctx, serial: &str) -> Result<String> {
    use crate::store::warranty::check::{check, CheckInput};
    let input = CheckInput {
        query: serial.to_string(),
        unit_id: None,
        claim: Default::default(),
    };
    let found = check(db, ctx, &input).await?;
    Ok(match (found.verdict, found.units.len()) {
        (Some(v), _) => serde_json::to_value(v.outcome)
            .ok()
            .and_then(|o| o.as_str().map(str::to_string))
            .unwrap_or_default(),
        (None, 0) => "not_ours".into(),
        (None, _) => "several_units".into(),
    })
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Visit {
    pub id: Uuid,
    pub number: String,
    pub customer_id: String,
    pub kind: String,
    pub problem: String,
    pub site_address: String,
    pub status: String,
    pub requested_at: String,
    pub due_at: String,
    pub technician_id: Option<String>,
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    pub after_hours: bool,
    #[ts(type = "number")]
    pub surcharge: i64,
    pub sla: SlaState,
    /// Units on site with their warranty verdict at the request.
    pub units: Vec<VisitUnit>,
    /// On a device joined to a hub: `confirmed` once the hub has the booking
    /// without a conflict, `tentative` while it has not reached the hub
    /// (offline), `double_booked` when the hub found the technician already
    /// confirmed for those hours. None on a standalone device.
    pub confirmation: Option<String>,
}

pub(crate) fn local(
    cal: &crate::domain::shop::calendar::WorkingCalendar,
    field: &str,
    v: &str,
) -> Result<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(v.trim(), "%Y-%m-%dT%H:%M")
        .map_err(|_| Error::validation(field, "invalid_time", "YYYY-MM-DDTHH:MM"))?;
    cal.tz
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| Error::validation(field, "invalid_time", "no such local time"))
}

fn skills(list: &[String]) -> Result<Vec<String>> {
    if list.len() > 10 {
        return Err(Error::validation("skills", "too_many", "at most 10"));
    }
    list.iter()
        .enumerate()
        .map(|(i, s)| check::required(&format!("skills.{i}"), s, 60))
        .collect()
}

pub async fn request(db: &Db, ctx: &Ctx, input: VisitRequest) -> Result<Visit> {
    ctx.require(Action::TakeIn)?;
    let mut tx = db.begin().await?;
    let id = request_in(db, &mut tx, ctx, input, None).await?;
    tx.commit().await?;
    get(db, ctx.now, id).await
}

/// A visit made for a service order: which order, which milestone's work
/// (None: a support visit), and whether the order covers it (its price is
/// the order's, or the support period's).
#[derive(Debug, Clone, Copy)]
pub(crate) struct OrderLink {
    pub order: Uuid,
    pub milestone: Option<u32>,
    pub covered: bool,
    /// A milestone's planned day: the visit is due by its close (the next
    /// working day's when it falls on a day off), not by the response time.
    pub due_on: Option<chrono::NaiveDate>,
}

/// A visit request written in the caller's transaction; its id.
pub(crate) async fn request_in(
    db: &Db,
    tx: &mut Tx,
    ctx: &Ctx,
    input: VisitRequest,
    link: Option<OrderLink>,
) -> Result<Uuid> {
    let customer = crate::store::parse_id("customer_id", &input.customer_id)?;
    crate::store::customers::get(db, customer)
        .await
        .map_err(|_| Error::validation("customer_id", "unknown_customer", "choose a customer"))?;
    let address = check::required("site_address", &input.site_address, 300)?;
    let contact = check::required("site_contact", &input.site_contact, 100)?;
    let phone = crate::domain::phone::normalize(&input.site_phone)
        .map_err(|_| Error::validation("site_phone", "invalid_phone", "a phone number"))?;
    let problem = check::required("problem", &input.problem, 1000)?;
    if input.units.len() > 50 {
        return Err(Error::validation("units", "too_many", "at most 50 units"));
    }
    let mut units = Vec::with_capacity(input.units.len());
    for (i, u) in input.units.iter().enumerate() {
        let serial = check::required(&format!("units.{i}.serial"), &u.serial, 64)?;
        if units
            .iter()
            .any(|v: &VisitUnit| v.serial.eq_ignore_ascii_case(&serial))
        {
            return Err(Error::validation(
                &format!("units.{i}.serial"),
                "duplicate",
                "this serial is listed twice",
            ));
        }
        let verdict = verdict_of(db, ctx, &serial).await?;
        units.push(VisitUnit {
            serial: serial.to_uppercase(),
            verdict: Some(verdict),
        });
    }
    let needs = skills(&input.skills)?;
    let profile = shop::profile(db).await?;
    let cal = calendar::calendar(db).await?;
    let preferred = input
        .preferred_at
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .map(|p| local(&cal, "preferred_at", p))
        .transpose()?;
    let quote = payment::parse_optional_amount("quote", input.quote.as_deref(), profile.currency)?
        .unwrap_or_default();
    let policy = crate::store::shop::settings::get(db).await?.visits;
    // A unit under a maintenance contract gets the contract's response time
    // when it is sooner than the shop's.
    let serials: Vec<String> = units.iter().map(|u| u.serial.clone()).collect();
    let contract =
        crate::store::field::contracts::covering(tx, customer, &serials, cal.local_date(ctx.now))
            .await?;
    let rules = match contract {
        Some((_, hours)) => sla::SlaRules {
            max_working_hours: hours.min(policy.sla.max_working_hours),
            ..policy.sla
        },
        None => policy.sla,
    };
    let planned = link.and_then(|l| l.due_on).and_then(|d| {
        let day = if cal.is_working_day(d) {
            d
        } else {
            cal.next_business_day(d)
        };
        cal.closing(day).filter(|close| *close > ctx.now)
    });
    let due = planned.unwrap_or_else(|| sla::due(ctx.now, &rules, &cal));
    let series = Series::of_shop("VS", &profile, cal.local_date(ctx.now).year());
    let number = crate::store::repairs::tickets::next_number(tx, &series).await?;
    let id = crate::domain::new_id();
    let kind = serde_json::to_value(input.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    sqlx::query(
        "INSERT INTO visits (id, number, customer_id, branch, site_address, site_contact, site_phone, kind, problem, units, skills,
         preferred_at, requested_at, due_at, quote, currency, status, contract_id, service_order_id, milestone, order_covered,
         created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(&number)
    .bind(customer.to_string())
    .bind(&profile.branch_code)
    .bind(&address)
    .bind(&contact)
    .bind(&phone)
    .bind(&kind)
    .bind(&problem)
    .bind(serde_json::to_string(&units).unwrap_or_default())
    .bind(serde_json::to_string(&needs).unwrap_or_default())
    .bind(preferred.map(ts))
    .bind(ts(ctx.now))
    .bind(ts(due))
    .bind(money::to_minor(quote, profile.currency))
    .bind(profile.currency.code())
    .bind(contract.map(|(id, _)| id.to_string()))
    .bind(link.map(|l| l.order.to_string()))
    .bind(link.and_then(|l| l.milestone))
    .bind(link.is_some_and(|l| l.covered))
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .bind(ts(ctx.now))
    .execute(&mut **tx)
    .await?;
    let data = serde_json::json!({ "number": number, "kind": kind, "due_at": ts(due), "skills": needs, "units": units,
        "service_order_id": link.map(|l| l.order), "milestone": link.and_then(|l| l.milestone), "order_covered": link.is_some_and(|l| l.covered) });
    event(tx, ctx, id, "requested", None, &data).await?;
    Ok(id)
}

pub(crate) async fn event(
    tx: &mut Tx,
    ctx: &Ctx,
    visit: Uuid,
    kind: &str,
    note: Option<&str>,
    data: &serde_json::Value,
) -> Result<()> {
    sqlx::query("INSERT INTO visit_events (id, visit_id, kind, note, data, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(crate::domain::new_id().to_string())
        .bind(visit.to_string())
        .bind(kind)
        .bind(note)
        .bind(data.to_string())
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .execute(&mut **tx)
        .await?;
    let payload = serde_json::json!({ "kind": kind, "note": note, "data": data });
    outbox::append(tx, ctx, "visit", visit, kind, &payload).await
}

/// Moves a visit to `to` (the cached status; the history gets its event
/// from the caller).
pub(crate) async fn set_status(tx: &mut Tx, ctx: &Ctx, id: Uuid, to: &str) -> Result<()> {
    sqlx::query("UPDATE visits SET status = ?, updated_at = ? WHERE id = ?")
        .bind(to)
        .bind(ts(ctx.now))
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
