//! The shop profile (one row), its working hours and holidays, and first-run setup.

use crate::domain::money::Currency;
use crate::domain::shop::calendar::WorkingCalendar;
use crate::domain::shop::holidays;
use crate::domain::shop::{PaperSize, ShopProfile};
use crate::domain::staff::permissions::Action;
use crate::domain::staff::Role;
use crate::error::{Error, Result};
use crate::store::{shop::outbox, staff, ts, Ctx, Db};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use std::str::FromStr;
use ts_rs::TS;

#[derive(Debug, Clone, Deserialize, TS)]
pub struct SetupInput {
    pub profile: ShopProfile,
    pub owner_name: String,
    pub owner_username: String,
    pub owner_password: String,
}

#[derive(FromRow)]
struct ShopRow {
    name: String,
    address: String,
    phone: String,
    npwp: Option<String>,
    branch_code: String,
    counter_code: String,
    time_zone: String,
    currency: String,
    tax_rate: String,
    prices_include_tax: bool,
    receipt_terms: String,
    receipt_paper: String,
    ticket_prefix: String,
    invoice_prefix: String,
    promise_days: i64,
}

pub async fn is_setup(db: &Db) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shop")
        .fetch_one(&db.pool)
        .await?;
    Ok(n > 0)
}

/// First run: the shop profile, default hours, Indonesia's holidays and the
/// owner's account, all in one transaction.
pub async fn setup(db: &Db, input: SetupInput, now: DateTime<Utc>) -> Result<staff::Session> {
    let profile = input.profile.validate()?;
    let owner = staff::NewStaff {
        name: input.owner_name,
        username: input.owner_username,
        password: input.owner_password,
        role: Role::Owner,
    }
    .validate()
    .map_err(owner_field)?;
    let mut tx = db.begin().await?;
    let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shop")
        .fetch_one(&mut *tx)
        .await?;
    if exists > 0 {
        return Err(Error::invalid_state(
            "already_set_up",
            "the shop is already set up",
        ));
    }
    let owner_id = crate::domain::new_id();
    let ctx = Ctx {
        staff_id: owner_id,
        role: Role::Owner,
        now,
    };
    staff::insert(&mut tx, &ctx, owner_id, &owner).await?;
    // Setting up counts as the owner's full sign-in of the day.
    sqlx::query("UPDATE staff SET last_login_at = ? WHERE id = ?")
        .bind(ts(now))
        .bind(owner_id.to_string())
        .execute(&mut *tx)
        .await?;
    write_profile(&mut tx, &profile, now).await?;
    let mut default = WorkingCalendar::standard(profile.tz(), []);
    if profile.is_turkey() {
        // Many Turkish shops open on Saturday: Monday to Saturday 09:00–19:00.
        let t = |h| chrono::NaiveTime::from_hms_opt(h, 0, 0).expect("valid time");
        let day = Some(crate::domain::shop::calendar::DayHours {
            open: t(9),
            close: t(19),
        });
        default.hours = [day, day, day, day, day, day, None];
    }
    for (weekday, hours) in default.hours.iter().enumerate() {
        sqlx::query("INSERT INTO working_hours (weekday, open, close) VALUES (?, ?, ?)")
            .bind(weekday as i64)
            .bind(hours.map(|h| h.open.format("%H:%M").to_string()))
            .bind(hours.map(|h| h.close.format("%H:%M").to_string()))
            .execute(&mut *tx)
            .await?;
    }
    let shipped = if profile.is_turkey() {
        holidays::turkey_2026()
    } else {
        holidays::indonesia_2026()
    };
    for h in shipped {
        crate::store::shop::calendar::insert_holiday(&mut tx, &h).await?;
    }
    outbox::append(&mut tx, &ctx, "shop", uuid::Uuid::nil(), "setup", &profile).await?;
    tx.commit().await?;
    Ok(staff::Session::new(
        owner_id,
        owner.name,
        owner.username,
        Role::Owner,
    ))
}

/// The owner's fields are named as in [`SetupInput`], not as in `NewStaff`.
fn owner_field(e: Error) -> Error {
    e.prefixed("owner_")
}

async fn write_profile(
    tx: &mut crate::store::Tx,
    p: &ShopProfile,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO shop (id, name, address, phone, npwp, branch_code, counter_code, time_zone, currency, tax_rate,
           prices_include_tax, receipt_terms, receipt_paper, ticket_prefix, invoice_prefix, promise_days, updated_at)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address, phone = excluded.phone,
           npwp = excluded.npwp, branch_code = excluded.branch_code, counter_code = excluded.counter_code,
           time_zone = excluded.time_zone, currency = excluded.currency, tax_rate = excluded.tax_rate,
           prices_include_tax = excluded.prices_include_tax, receipt_terms = excluded.receipt_terms,
           receipt_paper = excluded.receipt_paper, ticket_prefix = excluded.ticket_prefix,
           invoice_prefix = excluded.invoice_prefix, promise_days = excluded.promise_days, updated_at = excluded.updated_at",
    )
    .bind(&p.name)
    .bind(&p.address)
    .bind(&p.phone)
    .bind(&p.npwp)
    .bind(&p.branch_code)
    .bind(&p.counter_code)
    .bind(&p.time_zone)
    .bind(p.currency.code())
    .bind(p.tax_rate.to_string())
    .bind(p.prices_include_tax)
    .bind(&p.receipt_terms)
    .bind(p.receipt_paper.as_str())
    .bind(&p.ticket_prefix)
    .bind(&p.invoice_prefix)
    .bind(p.promise_days as i64)
    .bind(ts(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn update_profile(db: &Db, ctx: &Ctx, profile: ShopProfile) -> Result<ShopProfile> {
    ctx.require(Action::ManageShop)?;
    let profile = profile.validate()?;
    let mut tx = db.begin().await?;
    write_profile(&mut tx, &profile, ctx.now).await?;
    outbox::append(&mut tx, ctx, "shop", uuid::Uuid::nil(), "update", &profile).await?;
    tx.commit().await?;
    Ok(profile)
}

pub async fn profile(db: &Db) -> Result<ShopProfile> {
    let row: ShopRow = sqlx::query_as("SELECT * FROM shop WHERE id = 1")
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::invalid_state("not_set_up", "the shop is not set up yet"))?;
    Ok(ShopProfile {
        name: row.name,
        address: row.address,
        phone: row.phone,
        npwp: row.npwp,
        branch_code: row.branch_code,
        counter_code: row.counter_code,
        time_zone: row.time_zone,
        currency: Currency::parse(&row.currency)?,
        tax_rate: rust_decimal::Decimal::from_str(&row.tax_rate).unwrap_or_default(),
        prices_include_tax: row.prices_include_tax,
        receipt_terms: row.receipt_terms,
        receipt_paper: PaperSize::parse(&row.receipt_paper)?,
        ticket_prefix: row.ticket_prefix,
        invoice_prefix: row.invoice_prefix,
        promise_days: row.promise_days as u32,
    })
}

/// What the UI needs at start: set up yet? who is signed in? defaults for the setup form.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppStatus {
    pub setup_done: bool,
    pub session: Option<crate::store::staff::Session>,
    pub defaults: ShopProfile,
    /// What choosing Türkiye at setup fills in.
    pub defaults_tr: ShopProfile,
}
