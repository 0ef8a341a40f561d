//! The branch's working calendar as configured: hours per weekday and the
//! holiday list, both editable by the owner. The rules live in
//! `domain::shop::calendar`; this module only stores them.

use crate::domain::shop::calendar::{DayHours, WorkingCalendar};
use crate::domain::shop::holidays::Holiday;
use crate::domain::staff::permissions::Action;
use crate::error::{Error, Result};
use crate::store::{shop, shop::outbox, Ctx, Db};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The branch's working calendar, as configured.
pub async fn calendar(db: &Db) -> Result<WorkingCalendar> {
    let tz = shop::profile(db).await?.tz();
    let rows: Vec<(i64, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT weekday, open, close FROM working_hours")
            .fetch_all(&db.pool)
            .await?;
    let mut cal = WorkingCalendar::standard(tz, []);
    cal.hours = [None; 7];
    for (weekday, open, close) in rows {
        let parse = |s: Option<String>| s.and_then(|s| NaiveTime::parse_from_str(&s, "%H:%M").ok());
        if let (Some(open), Some(close)) = (parse(open), parse(close)) {
            cal.hours[weekday.clamp(0, 6) as usize] = Some(DayHours { open, close });
        }
    }
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT date, kind, name FROM holidays")
            .fetch_all(&db.pool)
            .await?;
    let list: Vec<Holiday> = rows
        .into_iter()
        .filter_map(|(d, kind, name)| {
            let date = NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()?;
            Some(Holiday { date, kind, name })
        })
        .collect();
    // A half day closes early; every other kind is a day off.
    crate::domain::shop::holidays::apply(&mut cal, &list);
    Ok(cal)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HolidayInput {
    pub date: String,
    pub name: String,
}

pub(crate) async fn insert_holiday(tx: &mut crate::store::Tx, h: &Holiday) -> Result<()> {
    sqlx::query("INSERT INTO holidays (date, kind, name) VALUES (?, ?, ?) ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name")
        .bind(h.date.format("%Y-%m-%d").to_string())
        .bind(&h.kind)
        .bind(&h.name)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn holidays(db: &Db) -> Result<Vec<Holiday>> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT date, kind, name FROM holidays ORDER BY date")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(d, kind, name)| {
            NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .ok()
                .map(|date| Holiday { date, kind, name })
        })
        .collect())
}

/// Adds (or renames) a shop holiday.
pub async fn add_holiday(db: &Db, ctx: &Ctx, input: HolidayInput) -> Result<Holiday> {
    ctx.require(Action::ManageShop)?;
    let date = NaiveDate::parse_from_str(input.date.trim(), "%Y-%m-%d")
        .map_err(|_| Error::validation("date", "invalid_date", "use YYYY-MM-DD"))?;
    let name = crate::error::check::required("name", &input.name, 100)?;
    let h = Holiday {
        date,
        kind: "shop".into(),
        name,
    };
    let mut tx = db.begin().await?;
    insert_holiday(&mut tx, &h).await?;
    outbox::append(&mut tx, ctx, "holiday", uuid::Uuid::nil(), "upsert", &h).await?;
    tx.commit().await?;
    Ok(h)
}

pub async fn remove_holiday(db: &Db, ctx: &Ctx, date: &str) -> Result<()> {
    ctx.require(Action::ManageShop)?;
    let mut tx = db.begin().await?;
    let done = sqlx::query("DELETE FROM holidays WHERE date = ?")
        .bind(date)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::not_found("holiday"));
    }
    outbox::append(&mut tx, ctx, "holiday", uuid::Uuid::nil(), "delete", &date).await?;
    tx.commit().await?;
    Ok(())
}

/// One weekday's hours as typed ("08:30"); both empty = closed.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DayHoursInput {
    pub open: Option<String>,
    pub close: Option<String>,
}

/// Monday first, seven entries.
pub async fn working_hours(db: &Db) -> Result<Vec<DayHoursInput>> {
    let cal = calendar(db).await?;
    Ok(cal
        .hours
        .iter()
        .map(|h| DayHoursInput {
            open: h.map(|h| h.open.format("%H:%M").to_string()),
            close: h.map(|h| h.close.format("%H:%M").to_string()),
        })
        .collect())
}

fn parse_day(i: usize, d: &DayHoursInput) -> Result<Option<DayHours>> {
    let time = |name: &str, v: &Option<String>| -> Result<Option<NaiveTime>> {
        match v.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => NaiveTime::parse_from_str(s, "%H:%M")
                .map(Some)
                .map_err(|_| {
                    Error::validation(&format!("hours.{i}.{name}"), "invalid_time", "use HH:MM")
                }),
        }
    };
    match (time("open", &d.open)?, time("close", &d.close)?) {
        (None, None) => Ok(None),
        (Some(open), Some(close)) if open < close => Ok(Some(DayHours { open, close })),
        (Some(_), Some(_)) => Err(Error::validation(
            &format!("hours.{i}.close"),
            "close_before_open",
            "closes before it opens",
        )),
        (None, Some(_)) => Err(Error::validation(
            &format!("hours.{i}.open"),
            "required",
            "must not be empty",
        )),
        (Some(_), None) => Err(Error::validation(
            &format!("hours.{i}.close"),
            "required",
            "must not be empty",
        )),
    }
}

pub async fn set_working_hours(
    db: &Db,
    ctx: &Ctx,
    days: Vec<DayHoursInput>,
) -> Result<Vec<DayHoursInput>> {
    ctx.require(Action::ManageShop)?;
    if days.len() != 7 {
        return Err(Error::validation(
            "hours",
            "invalid",
            "seven weekdays expected",
        ));
    }
    let parsed = days
        .iter()
        .enumerate()
        .map(|(i, d)| parse_day(i, d))
        .collect::<Result<Vec<_>>>()?;
    if parsed.iter().all(Option::is_none) {
        return Err(Error::validation(
            "hours",
            "no_working_day",
            "at least one working day",
        ));
    }
    let mut tx = db.begin().await?;
    for (weekday, h) in parsed.iter().enumerate() {
        sqlx::query("UPDATE working_hours SET open = ?, close = ? WHERE weekday = ?")
            .bind(h.map(|h| h.open.format("%H:%M").to_string()))
            .bind(h.map(|h| h.close.format("%H:%M").to_string()))
            .bind(weekday as i64)
            .execute(&mut *tx)
            .await?;
    }
    outbox::append(
        &mut tx,
        ctx,
        "working_hours",
        uuid::Uuid::nil(),
        "update",
        &parsed,
    )
    .await?;
    tx.commit().await?;
    working_hours(db).await
}
