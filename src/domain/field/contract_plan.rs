//! Maintenance contracts (seed 002): the visits a contract plans over its
//! period, at its frequency. A planned day that does not exist in a month
//! (the 31st, 29 February) falls on that month's last day.
//!
//! The visits are made as time goes on (issue 17), not all at once: at any
//! day the plan's visits up to `HORIZON_DAYS` ahead exist, so the counter
//! can book them, and a change of terms has fewer visits to cancel.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

impl Frequency {
    pub fn months(self) -> u32 {
        match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
            Frequency::HalfYearly => 6,
            Frequency::Yearly => 12,
        }
    }
}

/// The planned visit days from `start` to `end` (both included), each
/// counted from the start so a short month does not shift the rest.
pub fn plan(start: NaiveDate, end: NaiveDate, every: Frequency) -> Vec<NaiveDate> {
    let mut days = vec![];
    for k in 0u32.. {
        let Some(d) = start.checked_add_months(Months::new(k * every.months())) else {
            break;
        };
        if d > end || days.len() >= 120 {
            break;
        }
        days.push(d);
    }
    days
}

/// How far ahead of today a contract's planned visits are made.
pub const HORIZON_DAYS: u64 = 60;

/// How long the counter that plans a contract may fall behind before any
/// other counter of the shop plans for it (that counter is gone or off).
pub const TAKEOVER_DAYS: u64 = 7;

/// The last plan day whose visit should exist on `today`: the horizon, or
/// the contract's end if that comes first.
pub fn horizon(today: NaiveDate, end: NaiveDate) -> NaiveDate {
    today
        .checked_add_days(Days::new(HORIZON_DAYS))
        .map_or(end, |h| h.min(end))
}

/// Whether a counter other than the contract's planner should plan it now:
/// a visit of the plan came within the horizon more than `TAKEOVER_DAYS`
/// ago and is still not made.
pub fn planner_late(
    start: NaiveDate,
    end: NaiveDate,
    every: Frequency,
    planned_through: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    let Some(late) = horizon(today, end).checked_sub_days(Days::new(TAKEOVER_DAYS)) else {
        return false;
    };
    !due(start, end, every, planned_through, late).0.is_empty()
}

/// The plan's days after `after` (none: from the start) up to `through`,
/// each with its place in the whole plan (1-based) and the plan's length.
pub fn due(
    start: NaiveDate,
    end: NaiveDate,
    every: Frequency,
    after: Option<NaiveDate>,
    through: NaiveDate,
) -> (Vec<(usize, NaiveDate)>, usize) {
    let all = plan(start, end, every);
    let days = all
        .iter()
        .enumerate()
        .filter(|(_, d)| after.is_none_or(|a| **d > a) && **d <= through)
        .map(|(k, d)| (k + 1, *d))
        .collect();
    (days, all.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visits_are_made_as_time_goes_on() {
        let (start, end) = (d(2026, 11, 28), d(2027, 11, 27));
        assert_eq!(horizon(d(2026, 12, 1), end), d(2027, 1, 30));
        assert_eq!(horizon(d(2027, 11, 1), end), end, "never past the end");
        // At the start only the first quarterly visit is within reach.
        let (first, of) = due(start, end, Frequency::Quarterly, None, horizon(start, end));
        assert_eq!((first, of), (vec![(1, start)], 4));
        // In January the February visit comes within the horizon, once.
        let h = horizon(d(2027, 1, 10), end);
        let (next, _) = due(start, end, Frequency::Quarterly, Some(d(2027, 1, 27)), h);
        assert_eq!(next, vec![(2, d(2027, 2, 28))]);
        let (again, _) = due(start, end, Frequency::Quarterly, Some(h), h);
        assert!(again.is_empty(), "what was made is not made again");
        // The planner's counter is given a week with a visit before another
        // takes over; days with no visit to make never count against it.
        let q = Frequency::Quarterly;
        let late = |through, today| planner_late(start, end, q, Some(through), today);
        assert!(
            !late(d(2027, 1, 27), d(2026, 12, 20)),
            "nothing new within reach"
        );
        // 28 February came within reach on 30 December...
        assert!(
            !late(d(2027, 1, 27), d(2027, 1, 5)),
            "...less than a week ago"
        );
        assert!(
            late(d(2027, 1, 27), d(2027, 1, 6)),
            "...a week ago, not made"
        );
        assert!(!late(d(2027, 2, 28), d(2027, 3, 20)), "made");
        assert!(!late(end, d(2027, 11, 27)));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn plans_over_the_period() {
        let q = plan(d(2026, 1, 31), d(2026, 12, 31), Frequency::Quarterly);
        assert_eq!(
            q,
            [
                d(2026, 1, 31),
                d(2026, 4, 30),
                d(2026, 7, 31),
                d(2026, 10, 31)
            ]
        );
        let m = plan(d(2026, 1, 31), d(2026, 4, 30), Frequency::Monthly);
        assert_eq!(
            m,
            [
                d(2026, 1, 31),
                d(2026, 2, 28),
                d(2026, 3, 31),
                d(2026, 4, 30)
            ]
        );
        assert_eq!(
            plan(d(2024, 2, 29), d(2026, 3, 1), Frequency::Yearly),
            [d(2024, 2, 29), d(2025, 2, 28), d(2026, 2, 28)]
        );
        assert!(plan(d(2026, 5, 1), d(2026, 4, 1), Frequency::Monthly).is_empty());
        assert_eq!(
            plan(d(2026, 1, 1), d(2036, 1, 1), Frequency::Monthly).len(),
            120,
            "capped"
        );
    }
}
