//! Booking a technician for a visit: refused (not warned) when the slot
//! overlaps another of their visits with the travel buffer, when they lack a
//! skill the visit needs, on their day off, or outside their working hours
//! unless the customer accepted the after-hours surcharge.

use crate::domain::field::sla::within_hours;
use crate::domain::shop::calendar::{DayHours, WorkingCalendar};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A technician's working week and skills, as the booking sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Availability {
    pub skills: Vec<String>,
    /// Monday = 0 … Sunday = 6; `None` = not working that weekday.
    pub hours: [Option<DayHours>; 7],
    pub days_off: Vec<NaiveDate>,
}

impl Availability {
    /// Their calendar: their hours, the branch's holidays and their days off.
    pub fn calendar(
        &self,
        tz: Tz,
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> WorkingCalendar {
        WorkingCalendar {
            tz,
            hours: self.hours,
            holidays: holidays
                .into_iter()
                .chain(self.days_off.iter().copied())
                .collect(),
            early_close: Default::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Empty, backwards or longer than a working day.
    BadSlot,
    MissingSkill(String),
    DayOff,
    /// Overlaps this visit (by number), travel buffer included.
    Overlap(String),
    OutsideHours,
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::BadSlot => "bad_slot",
            Refusal::MissingSkill(_) => "missing_skill",
            Refusal::DayOff => "day_off",
            Refusal::Overlap(_) => "overlap",
            Refusal::OutsideHours => "outside_hours",
        }
    }
}

/// Checks a booking. `Ok(true)` when it is after hours (and accepted).
pub fn check(
    who: &Availability,
    cal: &WorkingCalendar,
    needs: &[String],
    slot: Slot,
    booked: &[(String, Slot)],
    buffer_minutes: u32,
    after_hours_accepted: bool,
) -> Result<bool, Refusal> {
    if slot.end <= slot.start || slot.end - slot.start > Duration::hours(12) {
        return Err(Refusal::BadSlot);
    }
    if let Some(missing) = needs.iter().find(|n| {
        !who.skills
            .iter()
            .any(|s| s.trim().eq_ignore_ascii_case(n.trim()))
    }) {
        return Err(Refusal::MissingSkill(missing.clone()));
    }
    let day = cal.local_date(slot.start);
    if who.days_off.contains(&day) || who.days_off.contains(&cal.local_date(slot.end)) {
        return Err(Refusal::DayOff);
    }
    let buffer = Duration::minutes(i64::from(buffer_minutes));
    if let Some((number, _)) = booked
        .iter()
        .find(|(_, b)| slot.start < b.end + buffer && b.start < slot.end + buffer)
    {
        return Err(Refusal::Overlap(number.clone()));
    }
    if within_hours(slot.start, slot.end, cal) {
        Ok(false)
    } else if after_hours_accepted {
        Ok(true)
    } else {
        Err(Refusal::OutsideHours)
    }
}
