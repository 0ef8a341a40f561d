//! The working calendar every deadline is computed on: promised dates of
//! repairs now, visit SLAs and warranty windows later.
//!
//! Working time is a window per weekday in the branch's time zone, minus
//! holidays. All inputs and outputs that are instants are UTC; dates are local
//! to the branch. This module must never read the system clock.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;

/// Opening hours of one weekday, local time. `None` in the calendar = closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DayHours {
    #[ts(type = "string")]
    pub open: NaiveTime,
    #[ts(type = "string")]
    pub close: NaiveTime,
}

#[derive(Debug, Clone)]
pub struct WorkingCalendar {
    pub tz: Tz,
    /// Monday = 0 … Sunday = 6.
    pub hours: [Option<DayHours>; 7],
    pub holidays: BTreeSet<NaiveDate>,
    /// Days that close early (Turkey's half days: 28 October and the eves
    /// of the bayrams close at 13:00): the local closing time that day.
    pub early_close: BTreeMap<NaiveDate, NaiveTime>,
}

/// When a half day closes (Turkish rule: the afternoon is off).
pub const HALF_DAY_CLOSE: (u32, u32) = (13, 0);

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

impl WorkingCalendar {
    /// Mon–Fri 08:30–17:30, the hours of seed shop 001, in the given zone.
    pub fn standard(tz: Tz, holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        let day = Some(DayHours {
            open: hm(8, 30),
            close: hm(17, 30),
        });
        WorkingCalendar {
            tz,
            hours: [day, day, day, day, day, None, None],
            holidays: holidays.into_iter().collect(),
            early_close: BTreeMap::new(),
        }
    }

    pub fn hours_on(&self, date: NaiveDate) -> Option<DayHours> {
        if self.holidays.contains(&date) {
            return None;
        }
        let hours = self.hours[date.weekday().num_days_from_monday() as usize];
        let hours = match (hours, self.early_close.get(&date)) {
            (Some(h), Some(&early)) => Some(DayHours {
                open: h.open,
                close: h.close.min(early),
            }),
            (h, _) => h,
        };
        hours.filter(|h| h.open < h.close)
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.hours_on(date).is_some()
    }

    /// The first working day strictly after `date`. Returns `date + 366` if the
    /// calendar has no working day in a year (a misconfiguration, not a panic).
    pub fn next_business_day(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        for _ in 0..366 {
            d = d.succ_opt().expect("date in range");
            if self.is_working_day(d) {
                return d;
            }
        }
        d
    }

    /// The date `n` working days after `date` (n = 0 → `date` itself if it is a
    /// working day, else the next one).
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut d = if n == 0 && self.is_working_day(date) {
            return date;
        } else if n == 0 {
            return self.next_business_day(date);
        } else {
            date
        };
        for _ in 0..n {
            d = self.next_business_day(d);
        }
        d
    }

    /// Working days in (from, to]: how many counted days a customer waited.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut count = 0;
        let mut d = from;
        while d < to {
            d = d.succ_opt().expect("date in range");
            if self.is_working_day(d) {
                count += 1;
            }
        }
        count
    }

    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    /// The local midnight that starts `date`, as an instant.
    pub fn start_of(&self, date: NaiveDate) -> DateTime<Utc> {
        self.instant(date, NaiveTime::MIN)
    }

    /// The working day `n` working days before `date` (a week's days off
    /// and holidays not counted); `date` itself for 0.
    pub fn working_days_back(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut d = date;
        let mut left = n;
        // A year without a working day is a calendar with none: stop there.
        for _ in 0..366 {
            if left == 0 {
                break;
            }
            d = d.pred_opt().unwrap_or(d);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    fn instant(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        let local = date.and_time(time);
        self.tz
            .from_local_datetime(&local)
            .earliest()
            .unwrap_or_else(|| self.tz.from_utc_datetime(&local))
            .with_timezone(&Utc)
    }

    /// When `date`'s working window closes (none on a day off).
    pub fn closing(&self, date: NaiveDate) -> Option<DateTime<Utc>> {
        self.hours_on(date).map(|h| self.instant(date, h.close))
    }

    /// When `date`'s working window opens (none on a day off).
    pub fn opening(&self, date: NaiveDate) -> Option<DateTime<Utc>> {
        self.hours_on(date).map(|h| self.instant(date, h.open))
    }

    /// True when `at` falls inside a working window (open inclusive, close exclusive).
    pub fn is_working_time(&self, at: DateTime<Utc>) -> bool {
        let local = at.with_timezone(&self.tz);
        match self.hours_on(local.date_naive()) {
            Some(h) => local.time() >= h.open && local.time() < h.close,
            None => false,
        }
    }

    /// `at` if it is working time, else the next opening.
    pub fn next_working_instant(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        let local = at.with_timezone(&self.tz);
        let date = local.date_naive();
        if let Some(h) = self.hours_on(date) {
            if local.time() < h.open {
                return self.instant(date, h.open);
            }
            if local.time() < h.close {
                return at;
            }
        }
        let next = self.next_business_day(date);
        match self.hours_on(next) {
            Some(h) => self.instant(next, h.open),
            None => at,
        }
    }

    /// Adds working minutes: time outside the windows does not count. The
    /// result may equal a closing time (work finished at the end of a day).
    pub fn add_working_minutes(&self, start: DateTime<Utc>, minutes: u32) -> DateTime<Utc> {
        let mut remaining = i64::from(minutes);
        let mut at = self.next_working_instant(start);
        if remaining == 0 {
            return at;
        }
        for _ in 0..(366 * 2) {
            let date = self.local_date(at);
            let Some(h) = self.hours_on(date) else { break };
            let close = self.instant(date, h.close);
            let available = (close - at).num_minutes();
            if remaining <= available {
                return at + Duration::minutes(remaining);
            }
            remaining -= available;
            let next = self.next_business_day(date);
            match self.hours_on(next) {
                Some(nh) => at = self.instant(next, nh.open),
                None => break,
            }
        }
        at
    }

    pub fn add_working_hours(&self, start: DateTime<Utc>, hours: u32) -> DateTime<Utc> {
        self.add_working_minutes(start, hours * 60)
    }

    /// Working minutes in [from, to): how much of the shop's time has passed.
    pub fn working_minutes_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        self.working_minutes_capped(from, to, i64::MAX)
    }

    /// The same, counting no further than `cap` (enough to answer "is there
    /// at least this much working time left?" without walking every day).
    pub fn working_minutes_capped(&self, from: DateTime<Utc>, to: DateTime<Utc>, cap: i64) -> i64 {
        let mut total = 0;
        let mut at = self.next_working_instant(from);
        while at < to {
            let date = self.local_date(at);
            let Some(h) = self.hours_on(date) else { break };
            let close = self.instant(date, h.close).min(to);
            total += (close - at).num_minutes().max(0);
            if total >= cap {
                return total;
            }
            let next = self.next_business_day(date);
            match self.hours_on(next) {
                Some(nh) => at = self.instant(next, nh.open),
                None => break,
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::shop::holidays;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn jakarta() -> WorkingCalendar {
        WorkingCalendar::standard(
            chrono_tz::Asia::Jakarta,
            holidays::indonesia_2026().into_iter().map(|h| h.date),
        )
    }

    fn wib(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        chrono_tz::Asia::Jakarta
            .with_ymd_and_hms(y, m, day, h, min, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn next_business_day_skips_weekend_and_holidays() {
        let cal = jakarta();
        // Friday 14 Aug 2026 → Monday 17 Aug is Independence Day → Tuesday 18.
        assert_eq!(cal.next_business_day(d(2026, 8, 14)), d(2026, 8, 18));
        // Thursday 19 Mar (Nyepi) … Lebaran block to Tuesday 24 → Wednesday 25.
        assert_eq!(cal.next_business_day(d(2026, 3, 17)), d(2026, 3, 25));
        assert_eq!(cal.next_business_day(d(2026, 11, 20)), d(2026, 11, 23));
    }

    #[test]
    fn working_days_back_skip_weekends_and_holidays() {
        let cal = jakarta();
        // Monday 23 Nov 2026 − 1 → Friday 20; − 3 → Wednesday 18.
        assert_eq!(cal.working_days_back(d(2026, 11, 23), 1), d(2026, 11, 20));
        assert_eq!(cal.working_days_back(d(2026, 11, 23), 3), d(2026, 11, 18));
        assert_eq!(cal.working_days_back(d(2026, 11, 23), 0), d(2026, 11, 23));
        // Tuesday 18 Aug − 1 skips Independence Day (Monday 17) → Friday 14.
        assert_eq!(cal.working_days_back(d(2026, 8, 18), 1), d(2026, 8, 14));
        assert_eq!(cal.start_of(d(2026, 11, 23)), wib(2026, 11, 23, 0, 0));
    }

    #[test]
    fn add_working_days_counts_only_working_days() {
        let cal = jakarta();
        assert_eq!(cal.add_working_days(d(2026, 11, 20), 3), d(2026, 11, 25));
        assert_eq!(cal.add_working_days(d(2026, 11, 21), 0), d(2026, 11, 23));
        assert_eq!(cal.add_working_days(d(2026, 11, 23), 0), d(2026, 11, 23));
        assert_eq!(
            cal.working_days_between(d(2026, 11, 20), d(2026, 11, 25)),
            3
        );
    }

    #[test]
    fn working_hours_cross_the_night_and_weekend() {
        let cal = jakarta();
        // Friday 16:30 + 2 h → Monday 09:30.
        assert_eq!(
            cal.add_working_hours(wib(2026, 11, 20, 16, 30), 2),
            wib(2026, 11, 23, 9, 30)
        );
        // Saturday request: starts counting Monday 08:30.
        assert_eq!(
            cal.add_working_hours(wib(2026, 11, 21, 10, 0), 1),
            wib(2026, 11, 23, 9, 30)
        );
        // 2×24 working hours = 48 h of 9-h days = 5 days and 3 h.
        assert_eq!(
            cal.add_working_hours(wib(2026, 11, 23, 8, 30), 48),
            wib(2026, 11, 30, 11, 30)
        );
        assert!(!cal.is_working_time(wib(2026, 11, 23, 17, 30)));
        assert!(cal.is_working_time(wib(2026, 11, 23, 8, 30)));
    }

    #[test]
    fn zones_shift_the_window() {
        let holidays: Vec<NaiveDate> = vec![];
        let wita = WorkingCalendar::standard(chrono_tz::Asia::Makassar, holidays.clone());
        let wit = WorkingCalendar::standard(chrono_tz::Asia::Jayapura, holidays);
        // 08:30 WIT is 06:30 WIB: open in Jayapura, closed in Jakarta.
        let at = wib(2026, 11, 23, 6, 30);
        assert!(wit.is_working_time(at));
        assert!(!jakarta().is_working_time(at));
        assert!(!wita.is_working_time(at));
    }

    fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
        // Any minute in 2026.
        (0i64..365 * 24 * 60)
            .prop_map(|m| Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(m))
    }

    fn any_zone() -> impl Strategy<Value = Tz> {
        prop_oneof![
            Just(chrono_tz::Asia::Jakarta),
            Just(chrono_tz::Asia::Makassar),
            Just(chrono_tz::Asia::Jayapura),
            Just(chrono_tz::Europe::Istanbul),
        ]
    }

    proptest! {
        #[test]
        fn adding_working_time_lands_in_working_time(start in any_instant(), minutes in 1u32..6000, tz in any_zone()) {
            let cal = WorkingCalendar::standard(tz, holidays::indonesia_2026().into_iter().map(|h| h.date));
            let end = cal.add_working_minutes(start, minutes);
            prop_assert!(end > start);
            // Either inside a window or exactly at its close.
            let just_before = end - Duration::minutes(1);
            prop_assert!(cal.is_working_time(just_before));
            prop_assert!(cal.is_working_day(cal.local_date(end)));
            prop_assert_eq!(cal.working_minutes_between(start, end), i64::from(minutes));
        }

        #[test]
        fn adding_in_two_steps_equals_adding_once(start in any_instant(), a in 1u32..3000, b in 1u32..3000) {
            let cal = jakarta();
            let once = cal.add_working_minutes(start, a + b);
            let twice = cal.add_working_minutes(cal.add_working_minutes(start, a), b);
            prop_assert_eq!(once, twice);
        }

        #[test]
        fn working_days_are_working(start in 0i64..365, n in 0u32..40) {
            let cal = jakarta();
            let from = d(2026, 1, 1) + Duration::days(start);
            let to = cal.add_working_days(from, n);
            prop_assert!(cal.is_working_day(to));
            prop_assert!(to >= from);
            if n > 0 {
                prop_assert_eq!(cal.working_days_between(from, to), n);
            }
        }
    }
}
