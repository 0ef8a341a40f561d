//! Pickup and delivery of devices: a job per trip, linked to the service
//! ticket, with its fee (free in the shipping rules' free regions, else the
//! destination's rate) and a courier for a day; couriers see and act on
//! their own jobs only. Every handover of a device goes on its chain of
//! custody, checked by the domain and confirmed by scanning the ticket code.

use crate::domain::field::custody::{self, Party, Refusal};
use crate::domain::money;
use crate::domain::shop::numbering::Series;
use crate::domain::staff::permissions::Action;
use crate::domain::staff::Role;
use crate::error::{check, Error, Result};
use crate::store::{shop, shop::calendar, shop::outbox, shop::settings, ts, Ctx, Db, Tx};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    Pickup,
    Delivery,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewJob {
    pub kind: JobKind,
    pub ticket_id: String,
    pub address: String,
    pub city: String,
    pub phone: String,
    pub courier_id: String,
    /// YYYY-MM-DD.
    pub planned_on: String,
    /// Delivery: what the courier collects (the ticket's balance, if any).
    pub collect_balance: bool,
}

#[derive(Debug, Clone, Serialize, TS, FromRow)]
pub struct Job {
    #[sqlx(try_from = "String")]
    pub id: Uuid,
    pub number: String,
    pub kind: String,
    pub ticket_id: String,
    pub ticket_number: String,
    pub customer_name: String,
    pub device: String,
    pub address: String,
    pub city: String,
    pub phone: String,
    pub courier_id: String,
    pub planned_on: String,
    #[ts(type = "number")]
    pub fee: i64,
    #[ts(type = "number")]
    pub cash_to_collect: i64,
    pub currency: String,
    pub status: String,
    /// The phone as people dial it (0812-3456-7890).
    #[sqlx(skip)]
    pub phone_dial: String,
}

impl Job {
    fn dialled(mut self) -> Job {
        self.phone_dial = crate::domain::phone::dial(&self.phone);
        self
    }
}

const JOB: &str = "SELECT j.id, j.number, j.kind, j.ticket_id, t.number AS ticket_number, c.name AS customer_name,
    (t.brand || ' ' || t.model) AS device, j.address, j.city, j.phone, j.courier_id, j.planned_on, j.fee, j.cash_to_collect,
    j.currency, j.status FROM courier_jobs j JOIN tickets t ON t.id = j.ticket_id JOIN customers c ON c.id = t.customer_id";

pub async fn create(db: &Db, ctx: &Ctx, input: NewJob) -> Result<Job> {
    ctx.require(Action::TakeIn)?;
    let mut tx = db.begin().await?;
    let id = create_in(db, &mut tx, ctx, input).await?;
    tx.commit().await?;
    get(db, id).await
}

/// A job inside the caller's transaction (a visit sending a unit to the
/// workshop creates its pickup with the ticket); returns the job's id.
pub(crate) async fn create_in(db: &Db, tx: &mut Tx, ctx: &Ctx, input: NewJob) -> Result<Uuid> {
    let ticket = crate::store::parse_id("ticket_id", &input.ticket_id)?;
    let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tickets WHERE id = ?")
        .bind(ticket.to_string())
        .fetch_one(&mut **tx)
        .await?;
    if known == 0 {
        return Err(Error::validation(
            "ticket_id",
            "unknown_ticket",
            "no such ticket",
        ));
    }
    let address = check::required("address", &input.address, 300)?;
    let city = check::required("city", &input.city, 80)?;
    let phone = crate::domain::phone::normalize(&input.phone)
        .map_err(|_| Error::validation("phone", "invalid_phone", "a phone number"))?;
    let courier = crate::store::parse_id("courier_id", &input.courier_id)?;
    let role: Option<String> =
        sqlx::query_scalar("SELECT role FROM staff WHERE id = ? AND active = 1")
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
    let cal = calendar::calendar(db).await?;
    let day = NaiveDate::parse_from_str(input.planned_on.trim(), "%Y-%m-%d")
        .map_err(|_| Error::validation("planned_on", "invalid_date", "YYYY-MM-DD"))?;
    if day < cal.local_date(ctx.now) {
        return Err(Error::validation(
            "planned_on",
            "in_past",
            "date is in the past",
        ));
    }
    let profile = shop::profile(db).await?;
    let cur = profile.currency;
    let rules = settings::get(db).await?.shipping;
    // The fee: free in the free regions, else the destination's rate for one kilogram.
    let fee = crate::domain::sales::shipping::quote(&rules, &city, 1000, cur).fee;
    let collect = if input.kind == JobKind::Delivery && input.collect_balance {
        let detail = crate::store::repairs::tickets::detail(db, ticket).await?;
        detail.balance.max(rust_decimal::Decimal::ZERO) + fee
    } else {
        rust_decimal::Decimal::ZERO
    };
    let series = Series::of_shop("JOB", &profile, day.year());
    let number = crate::store::repairs::tickets::next_number(tx, &series).await?;
    let id = crate::domain::new_id();
    let kind = if input.kind == JobKind::Pickup {
        "pickup"
    } else {
        "delivery"
    };
    sqlx::query(
        "INSERT INTO courier_jobs (id, number, kind, ticket_id, address, city, phone, courier_id, planned_on, fee, cash_to_collect, currency, status, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(&number)
    .bind(kind)
    .bind(ticket.to_string())
    .bind(&address)
    .bind(&city)
    .bind(&phone)
    .bind(courier.to_string())
    .bind(day.to_string())
    .bind(money::to_minor(fee, cur))
    .bind(money::to_minor(collect, cur))
    .bind(cur.code())
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .bind(ts(ctx.now))
    .execute(&mut **tx)
    .await?;
    let data = serde_json::json!({ "number": number, "kind": kind, "ticket_id": ticket, "courier_id": courier, "planned_on": day, "fee": fee.to_string() });
    outbox::append(tx, ctx, "courier_job", id, "create", &data).await?;
    Ok(id)
}

pub async fn get(db: &Db, id: Uuid) -> Result<Job> {
    sqlx::query_as::<_, Job>(&format!("{JOB} WHERE j.id = ?"))
        .bind(id.to_string())
        .fetch_optional(&db.pool)
        .await?
        .map(Job::dialled)
        .ok_or_else(|| Error::not_found("job"))
}

/// A courier's run for a day, in stop order. Couriers see only their own.
pub async fn run(db: &Db, ctx: &Ctx, courier: Uuid, day: NaiveDate) -> Result<Vec<Job>> {
    ctx.require(Action::CourierJobs)?;
    if ctx.role == Role::Courier && courier != ctx.staff_id {
        return Err(Error::Forbidden {
            message: "couriers see their own jobs only".into(),
        });
    }
    Ok(sqlx::query_as(&format!(
        "{JOB} WHERE j.courier_id = ? AND j.planned_on = ? AND j.status <> 'cancelled'
         ORDER BY j.stop IS NULL, j.stop, j.city, j.created_at"
    ))
    .bind(courier.to_string())
    .bind(day.to_string())
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .map(Job::dialled)
    .collect())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Handover {
    pub from: Party,
    pub to: Party,
    /// The condition as seen at the handover.
    pub condition: String,
    /// The ticket code read from the ticket's barcode (must match).
    pub scanned: String,
    /// The courier job this handover belongs to, if any.
    pub job_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS, FromRow)]
pub struct CustodyEntry {
    pub from_party: String,
    pub to_party: String,
    pub staff_name: String,
    pub condition: String,
    pub at: String,
}

fn party(s: &str) -> Party {
    match s {
        "courier" => Party::Courier,
        "counter" => Party::Counter,
        "technician" => Party::Technician,
        _ => Party::Customer,
    }
}

fn name(p: Party) -> &'static str {
    match p {
        Party::Customer => "customer",
        Party::Courier => "courier",
        Party::Counter => "counter",
        Party::Technician => "technician",
    }
}

/// One handover of a ticket's device, on its chain of custody.
pub async fn hand_over(
    db: &Db,
    ctx: &Ctx,
    ticket_id: Uuid,
    h: Handover,
) -> Result<Vec<CustodyEntry>> {
    ctx.require(Action::CourierJobs)?;
    let condition = check::required("condition", &h.condition, 300)?;
    let scanned = check::required(
        "scanned",
        crate::domain::web::tracking_from_scan(&h.scanned),
        60,
    )?;
    let job = h
        .job_id
        .as_deref()
        .filter(|j| !j.trim().is_empty())
        .map(|j| crate::store::parse_id("job_id", j))
        .transpose()?;
    let mut tx = db.begin().await?;
    let codes: Option<(String, String)> =
        sqlx::query_as("SELECT number, tracking_code FROM tickets WHERE id = ?")
            .bind(ticket_id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    let (number, tracking) = codes.ok_or_else(|| Error::not_found("ticket"))?;
    if !scanned.eq_ignore_ascii_case(&number) && !scanned.eq_ignore_ascii_case(&tracking) {
        return Err(Error::validation(
            "scanned",
            "wrong_ticket",
            "this is not the ticket's code",
        ));
    }
    if let Some(j) = job {
        let courier: Option<String> = sqlx::query_scalar(
            "SELECT courier_id FROM courier_jobs WHERE id = ? AND ticket_id = ?",
        )
        .bind(j.to_string())
        .bind(ticket_id.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let courier = courier.ok_or_else(|| {
            Error::validation("job_id", "unknown_job", "not a job of this ticket")
        })?;
        if ctx.role == Role::Courier && courier != ctx.staff_id.to_string() {
            return Err(Error::Forbidden {
                message: "couriers act on their own jobs only".into(),
            });
        }
    } else if ctx.role == Role::Courier {
        return Err(Error::validation(
            "job_id",
            "required",
            "a courier hands over within a job",
        ));
    }
    let chain: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT k.from_party, k.to_party FROM custody k WHERE k.ticket_id = ? ORDER BY {}",
        crate::store::sync::hub_order("custody", "k", "id")
    ))
    .bind(ticket_id.to_string())
    .fetch_all(&mut *tx)
    .await?;
    let chain: Vec<(Party, Party)> = chain.iter().map(|(f, t)| (party(f), party(t))).collect();
    custody::check(&chain, h.from, h.to).map_err(|r| match r {
        Refusal::NotTheHolder { holder } => Error::validation(
            "from",
            "not_the_holder",
            format!("the device is with the {}", name(holder)),
        ),
        Refusal::NotAllowed => Error::validation(
            "to",
            "not_allowed",
            "this handover is not part of the process",
        ),
    })?;
    let id = crate::domain::new_id();
    sqlx::query("INSERT INTO custody (id, ticket_id, job_id, from_party, to_party, staff_id, condition, scanned, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(id.to_string())
        .bind(ticket_id.to_string())
        .bind(job.map(|j| j.to_string()))
        .bind(name(h.from))
        .bind(name(h.to))
        .bind(ctx.staff_id.to_string())
        .bind(&condition)
        .bind(&scanned)
        .bind(ts(ctx.now))
        .execute(&mut *tx)
        .await?;
    // The job is done when its device reaches the counter (pickup) or the customer (delivery).
    if let Some(j) = job {
        if matches!(h.to, Party::Counter | Party::Customer) && h.from == Party::Courier {
            sqlx::query("UPDATE courier_jobs SET status = 'done', updated_at = ? WHERE id = ?")
                .bind(ts(ctx.now))
                .bind(j.to_string())
                .execute(&mut *tx)
                .await?;
        }
    }
    let data = serde_json::json!({ "ticket_id": ticket_id, "job_id": job, "from": h.from, "to": h.to, "condition": condition });
    outbox::append(&mut tx, ctx, "custody", id, "handover", &data).await?;
    tx.commit().await?;
    chain_of(db, ticket_id).await
}

pub async fn chain_of(db: &Db, ticket_id: Uuid) -> Result<Vec<CustodyEntry>> {
    Ok(sqlx::query_as(&format!(
        "SELECT k.from_party, k.to_party, s.name AS staff_name, k.condition, k.at FROM custody k JOIN staff s ON s.id = k.staff_id
         WHERE k.ticket_id = ? ORDER BY {}",
        crate::store::sync::hub_order("custody", "k", "id")
    ))
    .bind(ticket_id.to_string())
    .fetch_all(&db.pool)
    .await?)
}

#[derive(Debug, Clone, Serialize, TS, FromRow)]
pub struct Courier {
    #[sqlx(try_from = "String")]
    pub id: Uuid,
    pub name: String,
}

/// Active couriers, by name (for assigning a job).
pub async fn couriers(db: &Db) -> Result<Vec<Courier>> {
    Ok(sqlx::query_as(
        "SELECT id, name FROM staff WHERE role = 'courier' AND active = 1 ORDER BY name",
    )
    .fetch_all(&db.pool)
    .await?)
}
