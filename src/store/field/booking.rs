//! Booking a technician for a visit, moving it and cancelling it. The
//! domain checks a booking (overlaps with the travel buffer, skills, days
//! off, hours unless the after-hours surcharge was accepted) inside one
//! write transaction, so two counters booking the same slot at once cannot
//! both succeed. Moving and cancelling need a reason.

use crate::domain::field::booking::{self, Refusal, Slot};
use crate::domain::money;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::field::visits::{event, get, local, set_status, Visit};
use crate::store::{field::technicians, shop::calendar, ts, Ctx, Db};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BookingInput {
    pub technician_id: String,
    /// Local "YYYY-MM-DDTHH:MM".
    pub starts_at: String,
    pub minutes: u32,
    /// The customer accepted the surcharge for a visit outside working hours.
    pub after_hours_accepted: bool,
    /// Why, when a booked visit moves.
    pub reason: Option<String>,
}

/// Books (or moves) a visit onto a technician's schedule.
pub async fn book(db: &Db, ctx: &Ctx, id: Uuid, input: BookingInput) -> Result<Visit> {
    ctx.require(Action::TakeIn)?;
    let tech = crate::store::parse_id("technician_id", &input.technician_id)?;
    let cal = calendar::calendar(db).await?;
    let policy = crate::store::shop::settings::get(db).await?.visits;
    let start = local(&cal, "starts_at", &input.starts_at)?;
    if !(15..=720).contains(&input.minutes) {
        return Err(Error::validation(
            "minutes",
            "out_of_range",
            "15 minutes to 12 hours",
        ));
    }
    let reason = check::optional("reason", input.reason.as_deref(), 500)?;
    let slot = Slot {
        start,
        end: start + Duration::minutes(i64::from(input.minutes)),
    };
    let mut tx = db.begin().await?;
    let row: Option<(String, String, String, i64, String)> =
        sqlx::query_as("SELECT status, skills, number, quote, currency FROM visits WHERE id = ?")
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    let (status, needs, number, quote, currency) = row.ok_or_else(|| Error::not_found("visit"))?;
    if !matches!(status.as_str(), "requested" | "booked") {
        return Err(Error::invalid_state(
            "visit_closed",
            "this visit can no longer be booked",
        ));
    }
    if status == "booked" && reason.is_none() {
        return Err(Error::validation(
            "reason",
            "required",
            "why the visit moves",
        ));
    }
    let who = technicians::get(&mut tx, tech).await?;
    let tech_cal = who
        .availability
        .calendar(cal.tz, cal.holidays.iter().copied());
    let booked: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT number, starts_at, ends_at FROM visits WHERE technician_id = ? AND id <> ? AND status IN ('booked', 'checked_in')
         AND starts_at < ? AND ends_at > ?",
    )
    .bind(tech.to_string())
    .bind(id.to_string())
    .bind(ts(slot.end + Duration::hours(12)))
    .bind(ts(slot.start - Duration::hours(12)))
    .fetch_all(&mut *tx)
    .await?;
    let booked: Vec<(String, Slot)> = booked
        .into_iter()
        .map(|(n, s, e)| {
            (
                n,
                Slot {
                    start: crate::store::parse_ts(&s),
                    end: crate::store::parse_ts(&e),
                },
            )
        })
        .collect();
    let needs: Vec<String> = serde_json::from_str(&needs).unwrap_or_default();
    let after_hours = booking::check(
        &who.availability,
        &tech_cal,
        &needs,
        slot,
        &booked,
        policy.travel_buffer_minutes,
        input.after_hours_accepted,
    )
    .map_err(refusal)?;
    let cur = money::Currency::parse(&currency)?;
    let surcharge = if after_hours {
        money::to_minor(
            policy.surcharge.amount(money::from_minor(quote, cur), cur),
            cur,
        )
    } else {
        0
    };
    sqlx::query("UPDATE visits SET technician_id = ?, starts_at = ?, ends_at = ?, after_hours = ?, surcharge = ?, status = 'booked', updated_at = ? WHERE id = ?")
        .bind(tech.to_string())
        .bind(ts(slot.start))
        .bind(ts(slot.end))
        .bind(after_hours)
        .bind(surcharge)
        .bind(ts(ctx.now))
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let kind = if status == "booked" {
        "rescheduled"
    } else {
        "booked"
    };
    let data = serde_json::json!({ "number": number, "technician_id": tech, "starts_at": ts(slot.start), "ends_at": ts(slot.end), "after_hours": after_hours, "surcharge": surcharge });
    event(&mut tx, ctx, id, kind, reason.as_deref(), &data).await?;
    tx.commit().await?;
    get(db, ctx.now, id).await
}

fn refusal(r: Refusal) -> Error {
    let (field, message) = match &r {
        Refusal::BadSlot => ("minutes", "not a usable time slot".to_string()),
        Refusal::MissingSkill(s) => (
            "technician_id",
            format!("the technician lacks the skill {s}"),
        ),
        Refusal::DayOff => ("starts_at", "the technician is off that day".to_string()),
        Refusal::Overlap(n) => (
            "starts_at",
            format!("overlaps visit {n} (travel time included)"),
        ),
        Refusal::OutsideHours => (
            "starts_at",
            "outside working hours: needs the customer's acceptance of the surcharge".to_string(),
        ),
    };
    Error::validation(field, r.code(), message)
}

/// Cancels a visit with a reason.
pub async fn cancel(db: &Db, ctx: &Ctx, id: Uuid, reason: &str) -> Result<Visit> {
    ctx.require(Action::TakeIn)?;
    let reason = check::required("reason", reason, 500)?;
    let mut tx = db.begin().await?;
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM visits WHERE id = ?")
        .bind(id.to_string())
        .fetch_optional(&mut *tx)
        .await?;
    let status = status.ok_or_else(|| Error::not_found("visit"))?;
    if matches!(status.as_str(), "done" | "cancelled") {
        return Err(Error::invalid_state("visit_closed", "this visit is closed"));
    }
    set_status(&mut tx, ctx, id, "cancelled").await?;
    event(
        &mut tx,
        ctx,
        id,
        "cancelled",
        Some(&reason),
        &serde_json::json!({ "from": status }),
    )
    .await?;
    tx.commit().await?;
    get(db, ctx.now, id).await
}
