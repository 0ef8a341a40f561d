//! The dispatch board as read: a row per technician over one day or a
//! week, each day with their working window (the rest shaded) or why it is
//! off, each booked visit placed in minutes from local midnight with its
//! customer and place, the travel buffer the booking keeps around it, and
//! the requests still to book with the skills they need. Dropping a request
//! or a visit on the board books it through `booking::book`, checks and all.

use crate::domain::field::booking::Slot;
use crate::domain::field::dispatch::{self, OffReason};
use crate::error::{Error, Result};
use crate::store::field::board::{open_requests, week};
use crate::store::field::{technicians, visits::Visit};
use crate::store::{parse_ts, shop::calendar, Db};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, TS)]
pub struct DispatchBoard {
    /// The local dates shown, first to last.
    pub days: Vec<String>,
    /// The shop's local date now.
    pub today: String,
    /// The board's hours, [from, to), the same on every day.
    pub hour_from: u8,
    pub hour_to: u8,
    /// Kept free before and after every visit for travel.
    pub buffer_minutes: u32,
    pub rows: Vec<DispatchRow>,
    /// Requests not booked yet, the most urgent first.
    pub requests: Vec<DispatchRequest>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DispatchRow {
    pub staff_id: Uuid,
    pub name: String,
    pub skills: Vec<String>,
    pub days: Vec<DispatchDay>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DispatchDay {
    pub date: String,
    /// Working window in minutes from local midnight; none when off.
    pub open: Option<u16>,
    pub close: Option<u16>,
    pub off: Option<OffReason>,
    pub blocks: Vec<DispatchBlock>,
}

/// A booked visit on the board.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DispatchBlock {
    pub visit: Visit,
    pub customer: String,
    /// Minutes from the day's local midnight.
    pub from: u16,
    pub to: u16,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DispatchRequest {
    pub visit: Visit,
    pub customer: String,
    /// What the technician must know: rows without it cannot take it.
    pub skills: Vec<String>,
}

/// The board for `days` (1 to 7) local days from `from`.
pub async fn board(
    db: &Db,
    now: DateTime<Utc>,
    from: NaiveDate,
    days: u32,
) -> Result<DispatchBoard> {
    if !(1..=7).contains(&days) {
        return Err(Error::validation("days", "out_of_range", "1 to 7 days"));
    }
    let cal = calendar::calendar(db).await?;
    let buffer_minutes = crate::store::shop::settings::get(db)
        .await?
        .visits
        .travel_buffer_minutes;
    let dates: Vec<NaiveDate> = from.iter_days().take(days as usize).collect();
    let booked = week(db, now, from, days).await?;
    let requests = open_requests(db, now).await?;
    let names = customer_names(db, booked.iter().chain(&requests)).await?;
    let needs = request_skills(db).await?;
    let mut techs = technicians::list(db).await?;
    for (id, name) in former_technicians(db, &booked, &techs).await? {
        techs.push(technicians::Technician {
            staff_id: id,
            name,
            availability: crate::domain::field::booking::Availability {
                skills: vec![],
                hours: [None; 7],
                days_off: vec![],
            },
        });
    }
    // Each technician's visits, found once (not one scan of the week per row).
    let mut by_tech: HashMap<String, Vec<&Visit>> = HashMap::new();
    for v in &booked {
        if let Some(t) = &v.technician_id {
            by_tech.entry(t.clone()).or_default().push(v);
        }
    }
    let mut windows = Vec::new();
    let rows = techs
        .into_iter()
        .map(|tech| {
            let mine = by_tech
                .remove(&tech.staff_id.to_string())
                .unwrap_or_default();
            let days = dates
                .iter()
                .map(|&date| {
                    let shade = dispatch::day_shade(&tech.availability, &cal.holidays, date);
                    windows.extend(shade.open);
                    let blocks = mine
                        .iter()
                        .filter_map(|v| {
                            let slot = Slot {
                                start: parse_ts(v.starts_at.as_deref()?),
                                end: parse_ts(v.ends_at.as_deref()?),
                            };
                            let (from, to) = dispatch::place(slot, &cal, date)?;
                            windows.push((from, to));
                            Some(DispatchBlock {
                                customer: names.get(&v.customer_id).cloned().unwrap_or_default(),
                                visit: (*v).clone(),
                                from,
                                to,
                            })
                        })
                        .collect();
                    DispatchDay {
                        date: date.to_string(),
                        open: shade.open.map(|o| o.0),
                        close: shade.open.map(|o| o.1),
                        off: shade.off,
                        blocks,
                    }
                })
                .collect();
            DispatchRow {
                staff_id: tech.staff_id,
                name: tech.name,
                skills: tech.availability.skills,
                days,
            }
        })
        .collect();
    let (hour_from, hour_to) = dispatch::hours(windows);
    let requests = requests
        .into_iter()
        .map(|v| DispatchRequest {
            customer: names.get(&v.customer_id).cloned().unwrap_or_default(),
            skills: needs.get(&v.id.to_string()).cloned().unwrap_or_default(),
            visit: v,
        })
        .collect();
    Ok(DispatchBoard {
        days: dates.iter().map(NaiveDate::to_string).collect(),
        today: cal.local_date(now).to_string(),
        hour_from,
        hour_to,
        buffer_minutes,
        rows,
        requests,
    })
}

async fn customer_names<'a>(
    db: &Db,
    visits: impl Iterator<Item = &'a Visit>,
) -> Result<HashMap<String, String>> {
    let ids: BTreeSet<&str> = visits.map(|v| v.customer_id.as_str()).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let ids = serde_json::to_string(&ids).unwrap_or_default();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, name FROM customers WHERE id IN (SELECT value FROM json_each(?))",
    )
    .bind(ids)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().collect())
}

async fn request_skills(db: &Db) -> Result<HashMap<String, Vec<String>>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, skills FROM visits WHERE status = 'requested'")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, s)| (id, serde_json::from_str(&s).unwrap_or_default()))
        .collect())
}

/// Staff who hold visits on the board but are no longer technicians: their
/// visits still show, on a row with no working hours.
async fn former_technicians(
    db: &Db,
    booked: &[Visit],
    techs: &[technicians::Technician],
) -> Result<Vec<(Uuid, String)>> {
    let known: BTreeSet<String> = techs.iter().map(|t| t.staff_id.to_string()).collect();
    let missing: BTreeSet<&str> = booked
        .iter()
        .filter_map(|v| v.technician_id.as_deref())
        .filter(|id| !known.contains(*id))
        .collect();
    if missing.is_empty() {
        return Ok(vec![]);
    }
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, name FROM staff WHERE id IN (SELECT value FROM json_each(?)) ORDER BY name",
    )
    .bind(serde_json::to_string(&missing).unwrap_or_default())
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|(id, name)| Ok((crate::store::parse_id("technician_id", &id)?, name)))
        .collect()
}
