//! The consumer-law clocks of Law 6502 and the warranty card regulation
//! (Garanti Belgesi Yönetmeliği), issue 18: the warranty is at least two
//! years from delivery and the days a unit spent in repair are added to
//! it; a warranty repair is finished within 20 working days, where Sundays
//! and public holidays do not count and Saturdays do; past a number of
//! working days (the shop's setting; Turkish warranty texts say 10) the
//! customer is lent a replacement device; a failure again after a free
//! repair, or a missed deadline, gives the customer the choice of a
//! refund, a price cut or a replacement (or another free repair).

use chrono::{Datelike, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use ts_rs::TS;

/// The shortest warranty the law allows, in months.
pub const MIN_WARRANTY_MONTHS: u32 = 24;
/// The longest a warranty repair may take, in the law's working days.
pub const MAX_REPAIR_WORKING_DAYS: u32 = 20;
/// After how many working days in repair a loan device is due, unless the
/// shop sets otherwise.
pub const LOAN_AFTER_WORKING_DAYS: u32 = 10;

/// A working day for the law's clocks: every day but Sunday and the public
/// holidays (a half day counts: it is partly worked).
pub fn is_legal_working_day(day: NaiveDate, holidays: &BTreeSet<NaiveDate>) -> bool {
    day.weekday() != Weekday::Sun && !holidays.contains(&day)
}

/// The law's working days after `from` up to and including `to`.
pub fn working_days_between(from: NaiveDate, to: NaiveDate, holidays: &BTreeSet<NaiveDate>) -> u32 {
    from.iter_days()
        .skip(1)
        .take_while(|d| *d <= to)
        .filter(|d| is_legal_working_day(*d, holidays))
        .count() as u32
}

/// The `n`th working day after `from` (the day the unit was received does
/// not count).
pub fn nth_working_day(from: NaiveDate, n: u32, holidays: &BTreeSet<NaiveDate>) -> NaiveDate {
    from.iter_days()
        .skip(1)
        .filter(|d| is_legal_working_day(*d, holidays))
        .nth(n.saturating_sub(1) as usize)
        .unwrap_or(from)
}

/// The last day a warranty repair of a unit received on `received` may
/// be finished.
pub fn repair_deadline(received: NaiveDate, holidays: &BTreeSet<NaiveDate>) -> NaiveDate {
    nth_working_day(received, MAX_REPAIR_WORKING_DAYS, holidays)
}

/// Where a repair under warranty stands on `today`: its legal deadline, the
/// working days it has taken, whether a loan device is due (after
/// `loan_after` working days) and whether the deadline is near (three
/// working days or less left) or missed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RepairClock {
    #[ts(type = "string")]
    pub deadline: NaiveDate,
    pub working_days: u32,
    pub days_left: u32,
    pub loan_due: bool,
    pub near: bool,
    pub missed: bool,
}

pub fn repair_clock(
    received: NaiveDate,
    today: NaiveDate,
    loan_after: u32,
    holidays: &BTreeSet<NaiveDate>,
) -> RepairClock {
    let deadline = repair_deadline(received, holidays);
    let working_days = working_days_between(received, today, holidays);
    let days_left = MAX_REPAIR_WORKING_DAYS.saturating_sub(working_days);
    RepairClock {
        deadline,
        working_days,
        days_left,
        loan_due: working_days >= loan_after,
        near: today <= deadline && days_left <= 3,
        missed: today > deadline,
    }
}

/// The warranty's last day: the card's months (never below the law's two
/// years) from delivery, plus the days the unit spent in repair.
pub fn warranty_end(delivered: NaiveDate, months: u32, days_in_repair: u32) -> NaiveDate {
    let months = months.max(MIN_WARRANTY_MONTHS);
    delivered
        .checked_add_months(Months::new(months))
        .and_then(|d| d.pred_opt())
        .map(|d| d + chrono::Duration::days(i64::from(days_in_repair)))
        .unwrap_or(delivered)
}

/// What the customer may choose when the unit fails again after a free
/// repair within the warranty, or its repair missed the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Remedy {
    Refund,
    PriceCut,
    Replacement,
    FreeRepair,
}

/// The choices offered: all four after a repeat failure within the
/// warranty or a missed deadline; none otherwise (the repair goes on).
pub fn remedies(
    free_repairs_before: u32,
    within_warranty: bool,
    deadline_missed: bool,
) -> Vec<Remedy> {
    if deadline_missed || (within_warranty && free_repairs_before > 0) {
        vec![
            Remedy::Refund,
            Remedy::PriceCut,
            Remedy::Replacement,
            Remedy::FreeRepair,
        ]
    } else {
        vec![]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::shop::holidays;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn turkey() -> BTreeSet<NaiveDate> {
        holidays::turkey_2026()
            .into_iter()
            .filter(|h| h.kind != "half_day")
            .map(|h| h.date)
            .collect()
    }

    #[test]
    fn twenty_working_days_skip_sundays_and_holidays_not_saturdays() {
        let h = turkey();
        // Received Monday 12 October: Sundays 18 and 25 October, 1 and 8
        // November and Republic Day (29th) do not count; the eve (28th, a
        // half day) and every Saturday do. 20th working day: 5 November.
        assert_eq!(repair_deadline(d(10, 12), &h), d(11, 5));
        assert_eq!(
            working_days_between(d(10, 12), d(10, 17), &h),
            5,
            "Tuesday to Saturday"
        );
        // No holiday in the way: 20 working days from Monday 2 November end
        // on Wednesday 25 November (three Sundays skipped).
        assert_eq!(repair_deadline(d(11, 2), &h), d(11, 25));
        // Kurban Bayramı (27–30 May; the 31st a Sunday) holds the clock.
        assert_eq!(repair_deadline(d(5, 18), &h), d(6, 16));
    }

    #[test]
    fn the_clock_warns_lends_and_misses() {
        let h = turkey();
        let at = |today| repair_clock(d(11, 2), today, LOAN_AFTER_WORKING_DAYS, &h);
        let c = at(d(11, 9));
        assert_eq!(
            (c.working_days, c.loan_due, c.near, c.missed),
            (6, false, false, false)
        );
        let c = at(d(11, 13));
        assert_eq!(
            (c.working_days, c.loan_due),
            (10, true),
            "a loan device after ten working days"
        );
        let c = at(d(11, 23));
        assert_eq!((c.days_left, c.near, c.missed), (2, true, false));
        let c = at(d(11, 26));
        assert!(c.missed && !c.near);
    }

    #[test]
    fn the_warranty_is_two_years_at_least_and_grows_by_the_repair() {
        assert_eq!(
            warranty_end(d(3, 16), 12, 0),
            NaiveDate::from_ymd_opt(2028, 3, 15).unwrap()
        );
        assert_eq!(
            warranty_end(d(3, 16), 36, 0),
            NaiveDate::from_ymd_opt(2029, 3, 15).unwrap()
        );
        assert_eq!(
            warranty_end(d(3, 16), 24, 18),
            NaiveDate::from_ymd_opt(2028, 4, 2).unwrap()
        );
    }

    #[test]
    fn a_repeat_failure_or_a_missed_deadline_offers_the_choices() {
        assert!(
            remedies(0, true, false).is_empty(),
            "the first failure is repaired"
        );
        assert_eq!(remedies(1, true, false).len(), 4);
        assert!(remedies(1, false, false).is_empty(), "out of warranty");
        assert_eq!(
            remedies(0, true, true),
            [
                Remedy::Refund,
                Remedy::PriceCut,
                Remedy::Replacement,
                Remedy::FreeRepair
            ]
        );
    }
}
