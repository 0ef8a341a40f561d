//! Technicians who go on site: a staff member's skills, working hours per
//! weekday and days off, at the shop's branch.

use crate::domain::field::booking::Availability;
use crate::domain::shop::calendar::DayHours;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::{shop, shop::outbox, ts, Ctx, Db};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TechnicianInput {
    pub skills: Vec<String>,
    /// Monday first; `null` = not working that weekday.
    pub hours: [Option<DayHours>; 7],
    /// YYYY-MM-DD.
    pub days_off: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Technician {
    pub staff_id: Uuid,
    pub name: String,
    pub availability: Availability,
}

fn validate(input: &TechnicianInput) -> Result<Availability> {
    if input.skills.len() > 30 {
        return Err(Error::validation("skills", "too_many", "at most 30 skills"));
    }
    let skills = input
        .skills
        .iter()
        .enumerate()
        .map(|(i, s)| check::required(&format!("skills.{i}"), s, 60))
        .collect::<Result<Vec<_>>>()?;
    for (i, h) in input.hours.iter().enumerate() {
        if let Some(h) = h {
            if h.close <= h.open {
                return Err(Error::validation(
                    &format!("hours.{i}"),
                    "invalid_hours",
                    "closing must be after opening",
                ));
            }
        }
    }
    if input.days_off.len() > 366 {
        return Err(Error::validation("days_off", "too_many", "at most a year"));
    }
    let mut days_off = input
        .days_off
        .iter()
        .enumerate()
        .map(|(i, d)| {
            NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| {
                Error::validation(&format!("days_off.{i}"), "invalid_date", "YYYY-MM-DD")
            })
        })
        .collect::<Result<Vec<_>>>()?;
    days_off.sort();
    days_off.dedup();
    Ok(Availability {
        skills,
        hours: input.hours,
        days_off,
    })
}

/// Makes a staff member a technician, or changes their skills and hours.
pub async fn set(db: &Db, ctx: &Ctx, staff_id: Uuid, input: TechnicianInput) -> Result<Technician> {
    ctx.require(Action::ManageStaff)?;
    let a = validate(&input)?;
    let name: Option<String> =
        sqlx::query_scalar("SELECT name FROM staff WHERE id = ? AND active = 1")
            .bind(staff_id.to_string())
            .fetch_optional(&db.pool)
            .await?;
    let name =
        name.ok_or_else(|| Error::validation("staff_id", "unknown_staff", "no such staff member"))?;
    let branch = shop::profile(db).await?.branch_code;
    let mut tx = db.begin().await?;
    let before: Option<(String, String, String)> =
        sqlx::query_as("SELECT skills, hours, days_off FROM technicians WHERE staff_id = ?")
            .bind(staff_id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    sqlx::query(
        "INSERT INTO technicians (staff_id, branch, skills, hours, days_off, active, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?)
         ON CONFLICT (staff_id) DO UPDATE SET skills = excluded.skills, hours = excluded.hours, days_off = excluded.days_off, active = 1, updated_at = excluded.updated_at",
    )
    .bind(staff_id.to_string())
    .bind(&branch)
    .bind(json(&a.skills))
    .bind(json(&a.hours))
    .bind(json(&a.days_off))
    .bind(ts(ctx.now))
    .execute(&mut *tx)
    .await?;
    outbox::append_change(&mut tx, ctx, "technician", staff_id, "set", &before, &a).await?;
    tx.commit().await?;
    Ok(Technician {
        staff_id,
        name,
        availability: a,
    })
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn row(
    staff_id: String,
    name: String,
    skills: String,
    hours: String,
    days_off: String,
) -> Result<Technician> {
    let bad = |what: &str| Error::Storage {
        message: format!("technician {staff_id}: bad {what}"),
    };
    Ok(Technician {
        staff_id: crate::store::parse_id("staff_id", &staff_id)?,
        name,
        availability: Availability {
            skills: serde_json::from_str(&skills).map_err(|_| bad("skills"))?,
            hours: serde_json::from_str(&hours).map_err(|_| bad("hours"))?,
            days_off: serde_json::from_str(&days_off).map_err(|_| bad("days off"))?,
        },
    })
}

/// Active technicians, by name.
pub async fn list(db: &Db) -> Result<Vec<Technician>> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT t.staff_id, s.name, t.skills, t.hours, t.days_off FROM technicians t JOIN staff s ON s.id = t.staff_id
         WHERE t.active = 1 AND s.active = 1 ORDER BY s.name",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|(id, n, sk, h, d)| row(id, n, sk, h, d))
        .collect()
}

pub(crate) async fn get(tx: &mut crate::store::Tx, staff_id: Uuid) -> Result<Technician> {
    let r: Option<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT t.staff_id, s.name, t.skills, t.hours, t.days_off FROM technicians t JOIN staff s ON s.id = t.staff_id
         WHERE t.staff_id = ? AND t.active = 1 AND s.active = 1",
    )
    .bind(staff_id.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    let (id, n, sk, h, d) = r.ok_or_else(|| {
        Error::validation("technician_id", "unknown_technician", "not a technician")
    })?;
    row(id, n, sk, h, d)
}
