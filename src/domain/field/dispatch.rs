//! The dispatch board's geometry: for each technician and day, when they
//! work (the rest of the day is shaded), why a whole day is off, and where a
//! visit sits in minutes from local midnight. The board's hours are wide
//! enough for everyone's working day and every block on it. Booking from
//! the board goes through `booking::check` like any other booking; this
//! module only says where things are drawn.

use crate::domain::field::booking::{Availability, Slot};
use crate::domain::shop::calendar::WorkingCalendar;
use chrono::{NaiveDate, Timelike};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use ts_rs::TS;

/// Why a technician does not work on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OffReason {
    /// A holiday of the branch.
    Holiday,
    /// The technician's own day off (leave, sick).
    DayOff,
    /// Not one of their working weekdays.
    NotWorking,
}

/// One technician's day as shaded on the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayShade {
    /// Working window, minutes from local midnight; none on a day off.
    pub open: Option<(u16, u16)>,
    pub off: Option<OffReason>,
}

/// How `who` works on `date`, given the branch's holidays.
pub fn day_shade(who: &Availability, holidays: &BTreeSet<NaiveDate>, date: NaiveDate) -> DayShade {
    let off = if holidays.contains(&date) {
        Some(OffReason::Holiday)
    } else if who.days_off.contains(&date) {
        Some(OffReason::DayOff)
    } else {
        None
    };
    let weekday = chrono::Datelike::weekday(&date).num_days_from_monday() as usize;
    let open = who.hours[weekday]
        .filter(|h| h.open < h.close)
        .map(|h| (minute_of(h.open), minute_of(h.close)));
    match (off, open) {
        (Some(off), _) => DayShade {
            open: None,
            off: Some(off),
        },
        (None, None) => DayShade {
            open: None,
            off: Some(OffReason::NotWorking),
        },
        (None, Some(open)) => DayShade {
            open: Some(open),
            off: None,
        },
    }
}

fn minute_of(t: chrono::NaiveTime) -> u16 {
    (t.hour() * 60 + t.minute()) as u16
}

/// Where a slot is drawn on local day `date`: minutes from its midnight,
/// clipped to the day (a visit past midnight shows to the day's end).
/// None when the slot does not touch that day.
pub fn place(slot: Slot, cal: &WorkingCalendar, date: NaiveDate) -> Option<(u16, u16)> {
    let day_start = cal.start_of(date);
    let day_end = cal.start_of(date.succ_opt()?);
    if slot.end <= day_start || slot.start >= day_end {
        return None;
    }
    let day_len = (day_end - day_start).num_minutes();
    let from = (slot.start - day_start).num_minutes().clamp(0, day_len);
    let to = (slot.end - day_start).num_minutes().clamp(0, day_len);
    Some((from as u16, to as u16))
}

/// The board's hours, [from, to): an hour before the earliest opening to
/// an hour after the latest closing, widened to every block, at least
/// 08–18 and never past the day.
pub fn hours(windows: impl IntoIterator<Item = (u16, u16)>) -> (u8, u8) {
    let (mut from, mut to) = (8 * 60, 18 * 60);
    let mut any = false;
    for (a, b) in windows {
        any = true;
        from = from.min(a.saturating_sub(60));
        to = to.max(b.saturating_add(60));
    }
    if !any {
        return (8, 18);
    }
    let from = (from / 60).min(23) as u8;
    let to = to.div_ceil(60).clamp(u16::from(from) + 1, 24) as u8;
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::shop::calendar::DayHours;
    use chrono::{NaiveTime, TimeZone, Utc};

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }
    fn who() -> Availability {
        let day = Some(DayHours {
            open: hm(8, 30),
            close: hm(17, 0),
        });
        Availability {
            skills: vec![],
            hours: [day, day, day, day, day, None, None],
            days_off: vec![NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()],
        }
    }
    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    #[test]
    fn shade_says_why_a_day_is_off() {
        let holidays = BTreeSet::from([d(25)]);
        // Tue 1 Dec works, Wed 2 is their day off, Sat 5 is not a working
        // weekday, Fri 25 is Christmas (and it wins over the weekday).
        assert_eq!(
            day_shade(&who(), &holidays, d(1)),
            DayShade {
                open: Some((510, 1020)),
                off: None
            }
        );
        assert_eq!(
            day_shade(&who(), &holidays, d(2)).off,
            Some(OffReason::DayOff)
        );
        assert_eq!(
            day_shade(&who(), &holidays, d(5)).off,
            Some(OffReason::NotWorking)
        );
        assert_eq!(
            day_shade(&who(), &holidays, d(25)).off,
            Some(OffReason::Holiday)
        );
        assert_eq!(day_shade(&who(), &holidays, d(25)).open, None);
    }

    #[test]
    fn place_is_local_and_clipped_to_the_day() {
        let cal = WorkingCalendar::standard(chrono_tz::Asia::Jakarta, []);
        // 03:00 UTC = 10:00 WIB, for 90 minutes.
        let slot = Slot {
            start: Utc.with_ymd_and_hms(2026, 12, 1, 3, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 12, 1, 4, 30, 0).unwrap(),
        };
        assert_eq!(place(slot, &cal, d(1)), Some((600, 690)));
        assert_eq!(place(slot, &cal, d(2)), None);
        // 23:00–01:00 WIB shows to midnight on the first day, from it on the next.
        let late = Slot {
            start: Utc.with_ymd_and_hms(2026, 12, 1, 16, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 12, 1, 18, 0, 0).unwrap(),
        };
        assert_eq!(place(late, &cal, d(1)), Some((1380, 1440)));
        assert_eq!(place(late, &cal, d(2)), Some((0, 60)));
    }

    #[test]
    fn hours_cover_every_window_with_an_hour_around() {
        assert_eq!(hours([]), (8, 18));
        assert_eq!(hours([(510, 1020)]), (7, 18));
        assert_eq!(hours([(510, 1020), (1140, 1230)]), (7, 22));
        assert_eq!(hours([(0, 1440)]), (0, 24));
        assert_eq!(hours([(30, 45)]), (0, 18));
    }
}
