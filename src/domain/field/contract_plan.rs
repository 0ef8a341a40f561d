//! Maintenance contracts (seed 002): the visits a contract plans over its
//! period, at its frequency. A planned day that does not exist in a month
//! (the 31st, 29 February) falls on that month's last day.

use chrono::{Months, NaiveDate};
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

#[cfg(test)]
mod tests {
    use super::*;

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
