//! The visit SLA on the working calendar: a table of due times and states,
//! the surcharge, and property tests (adding working time never lands
//! outside working time; the due time is never after the cap) across the
//! WIB, WITA and WIT zones, weekends and holidays.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use konter::domain::field::sla::{due, state, within_hours, SlaRules, SlaState, Surcharge};
use konter::domain::money::Currency;
use konter::domain::shop::calendar::WorkingCalendar;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(tz: Tz, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
    tz.with_ymd_and_hms(2026, m, day, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

const WIB: Tz = chrono_tz::Asia::Jakarta;
const WITA: Tz = chrono_tz::Asia::Makassar;
const WIT: Tz = chrono_tz::Asia::Jayapura;

fn cal(tz: Tz) -> WorkingCalendar {
    // 25 December 2026 (Friday) is a holiday.
    WorkingCalendar::standard(tz, [d(2026, 12, 25)])
}

#[test]
fn due_times_table() {
    let rules = SlaRules::default();
    let tight = SlaRules {
        max_working_hours: 4,
        ..SlaRules::default()
    };
    let cap_only = SlaRules {
        next_business_day: false,
        ..SlaRules::default()
    };
    // (zone, rules, requested, due) — all local times; Mon–Fri 08:30–17:30.
    let cases = [
        (WIB, rules, at(WIB, 11, 23, 10, 0), at(WIB, 11, 24, 17, 30)),
        (WIB, rules, at(WIB, 11, 27, 16, 0), at(WIB, 11, 30, 17, 30)),
        (WIB, rules, at(WIB, 11, 28, 9, 0), at(WIB, 11, 30, 17, 30)),
        (WIB, rules, at(WIB, 11, 23, 20, 0), at(WIB, 11, 24, 17, 30)),
        // Thursday before the Christmas Friday: Monday.
        (WIB, rules, at(WIB, 12, 24, 9, 0), at(WIB, 12, 28, 17, 30)),
        // The cap binds: 90 minutes on Monday, 150 on Tuesday.
        (WIB, tight, at(WIB, 11, 23, 16, 0), at(WIB, 11, 24, 11, 0)),
        // 48 working hours from Monday 10:00: 5 days of 9 h + 3 h.
        (
            WIB,
            cap_only,
            at(WIB, 11, 23, 10, 0),
            at(WIB, 11, 30, 13, 0),
        ),
        // The same rules on local time in WITA and WIT.
        (
            WITA,
            rules,
            at(WITA, 11, 23, 10, 0),
            at(WITA, 11, 24, 17, 30),
        ),
        (WIT, rules, at(WIT, 11, 27, 16, 0), at(WIT, 11, 30, 17, 30)),
    ];
    for (i, (tz, r, requested, expected)) in cases.iter().enumerate() {
        assert_eq!(due(*requested, r, &cal(*tz)), *expected, "case {i}");
    }
}

#[test]
fn states_and_surcharges() {
    let rules = SlaRules::default();
    let c = cal(WIB);
    let due_at = at(WIB, 11, 24, 17, 30);
    let s = |now, done| state(due_at, done, now, &rules, &c);
    assert_eq!(s(at(WIB, 11, 24, 9, 0), None), SlaState::OnTime);
    assert_eq!(
        s(at(WIB, 11, 24, 15, 31), None),
        SlaState::AtRisk,
        "119 minutes left"
    );
    assert_eq!(
        s(at(WIB, 11, 24, 15, 30), None),
        SlaState::OnTime,
        "120 minutes left"
    );
    assert_eq!(s(at(WIB, 11, 24, 17, 31), None), SlaState::Breached);
    assert_eq!(
        s(at(WIB, 11, 26, 9, 0), Some(at(WIB, 11, 24, 17, 0))),
        SlaState::OnTime,
        "done in time stays on time"
    );
    assert_eq!(
        s(at(WIB, 11, 26, 9, 0), Some(at(WIB, 11, 25, 9, 0))),
        SlaState::Breached
    );
    let quote = Decimal::from(500_000);
    assert_eq!(
        Surcharge::Percent { percent: 50 }.amount(quote, Currency::IDR),
        Decimal::from(250_000)
    );
    assert_eq!(
        Surcharge::Fixed { amount: 150_000 }.amount(quote, Currency::IDR),
        Decimal::from(150_000)
    );
    assert!(within_hours(
        at(WIB, 11, 23, 10, 0),
        at(WIB, 11, 23, 12, 0),
        &c
    ));
    assert!(within_hours(
        at(WIB, 11, 23, 15, 30),
        at(WIB, 11, 23, 17, 30),
        &c
    ));
    assert!(
        !within_hours(at(WIB, 11, 23, 17, 0), at(WIB, 11, 23, 18, 0), &c),
        "past closing"
    );
    assert!(
        !within_hours(at(WIB, 11, 28, 10, 0), at(WIB, 11, 28, 11, 0), &c),
        "Saturday"
    );
    assert!(
        !within_hours(at(WIB, 12, 25, 10, 0), at(WIB, 12, 25, 11, 0), &c),
        "holiday"
    );
    assert!(
        !within_hours(at(WIB, 11, 23, 12, 0), at(WIB, 11, 23, 12, 0), &c),
        "empty"
    );
}

fn zone() -> impl Strategy<Value = Tz> {
    prop::sample::select(vec![WIB, WITA, WIT])
}

proptest! {
    #[test]
    fn working_time_arithmetic_stays_in_working_time(
        tz in zone(),
        start_min in 0i64..(60 * 24 * 60),
        minutes in 0u32..(60 * 60),
        holidays in prop::collection::vec(0u32..60, 0..8),
    ) {
        let base = d(2026, 11, 1);
        let c = WorkingCalendar::standard(tz, holidays.iter().map(|h| base + chrono::Days::new(u64::from(*h))));
        let start = tz.from_local_datetime(&base.and_hms_opt(0, 0, 0).unwrap()).unwrap().with_timezone(&Utc)
            + chrono::Duration::minutes(start_min);
        let end = c.add_working_minutes(start, minutes);
        let local_day = c.local_date(end);
        let at_close = c.closing(local_day) == Some(end);
        prop_assert!(c.is_working_time(end) || at_close, "{end} outside working time");
        prop_assert!(end >= start);
        prop_assert_eq!(c.working_minutes_between(start, end), i64::from(minutes));
        let rules = SlaRules { max_working_hours: minutes / 60 + 1, ..SlaRules::default() };
        let due_at = due(start, &rules, &c);
        prop_assert!(due_at >= start);
        prop_assert!(due_at <= c.add_working_hours(start, rules.max_working_hours));
    }
}
