//! The warranty verdict as a table: every rule of seed 002 and its
//! boundaries (day 7 and day 8; the 14th working day across a weekend and
//! holidays; exactly one year; a leap day; a missing box; a broken seal),
//! and the same rules configured otherwise.

use chrono::NaiveDate;
use konter::domain::sales::catalog::WarrantyType;
use konter::domain::shop::calendar::WorkingCalendar;
use konter::domain::warranty::{
    last_day, verdict, Checklist, Claim, Defect, Outcome, Purchase, ShippingPayer, WarrantyRules,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const COMPLETE: Checklist = Checklist {
    box_complete: true,
    physical_damage: false,
    seal_broken: false,
    unauthorised_repair: false,
    consumable: false,
};

fn bought(start: NaiveDate, store: u32, maker: u32, kind: WarrantyType) -> Purchase {
    Purchase {
        start,
        store_months: store,
        maker_months: maker,
        kind,
    }
}

fn claim(date: NaiveDate) -> Claim {
    Claim {
        date,
        defect: Defect::Hardware,
        checklist: COMPLETE,
        shipped_in: false,
    }
}

fn cal() -> WorkingCalendar {
    WorkingCalendar::standard(chrono_tz::Asia::Jakarta, [d(2026, 12, 25), d(2027, 1, 1)])
}

#[test]
fn the_verdict_table() {
    use Outcome::*;
    use WarrantyType::*;
    let rules = WarrantyRules::default();
    let std12 = bought(d(2026, 3, 16), 12, 12, Standard);
    let std12_24 = bought(d(2026, 3, 16), 12, 24, Standard);
    let life = bought(d(2026, 3, 16), 12, 0, Lifetime);
    let leap = bought(d(2024, 2, 29), 12, 12, Standard);
    let with = |c: Checklist, date| Claim {
        checklist: c,
        ..claim(date)
    };
    let software = Claim {
        defect: Defect::Software,
        ..claim(d(2026, 3, 18))
    };
    // (purchase, claim, outcome, a reason code that must be there)
    let cases: Vec<(Option<Purchase>, Claim, Outcome, &str)> = vec![
        (None, claim(d(2026, 3, 18)), NotOurs, "not_bought_here"),
        // Dead on arrival: day 7 exchanged, day 8 repaired.
        (Some(std12), claim(d(2026, 3, 23)), Exchange, "doa_exchange"),
        (
            Some(std12),
            claim(d(2026, 3, 24)),
            FreeRepair,
            "store_warranty",
        ),
        (Some(std12), claim(d(2026, 3, 16)), Exchange, "doa_exchange"),
        // … only with the complete box, and only for hardware.
        (
            Some(std12),
            with(
                Checklist {
                    box_complete: false,
                    ..COMPLETE
                },
                d(2026, 3, 18),
            ),
            FreeRepair,
            "doa_box_incomplete",
        ),
        (Some(std12), software, FreeRepair, "store_warranty"),
        // Chargeable causes, even on day 1.
        (
            Some(std12),
            with(
                Checklist {
                    seal_broken: true,
                    ..COMPLETE
                },
                d(2026, 3, 17),
            ),
            Chargeable,
            "chargeable_seal_broken",
        ),
        (
            Some(std12),
            with(
                Checklist {
                    physical_damage: true,
                    ..COMPLETE
                },
                d(2026, 9, 1),
            ),
            Chargeable,
            "chargeable_physical_damage",
        ),
        (
            Some(std12),
            with(
                Checklist {
                    unauthorised_repair: true,
                    ..COMPLETE
                },
                d(2026, 9, 1),
            ),
            Chargeable,
            "chargeable_unauthorised_repair",
        ),
        (
            Some(std12),
            with(
                Checklist {
                    consumable: true,
                    ..COMPLETE
                },
                d(2026, 9, 1),
            ),
            Chargeable,
            "chargeable_consumable",
        ),
        // Exactly one year: the day before the anniversary is the last one.
        (
            Some(std12),
            claim(d(2027, 3, 15)),
            FreeRepair,
            "store_warranty",
        ),
        (Some(std12), claim(d(2027, 3, 16)), Expired, "expired"),
        // A longer maker's warranty: the principal, the shop assisting.
        (
            Some(std12_24),
            claim(d(2027, 3, 16)),
            Principal,
            "maker_warranty",
        ),
        (
            Some(std12_24),
            claim(d(2028, 3, 15)),
            Principal,
            "maker_warranty",
        ),
        (Some(std12_24), claim(d(2028, 3, 16)), Expired, "expired"),
        // "Lifetime": the store for one year, then the maker.
        (
            Some(life),
            claim(d(2027, 3, 15)),
            FreeRepair,
            "store_warranty",
        ),
        (
            Some(life),
            claim(d(2027, 3, 16)),
            Principal,
            "lifetime_principal",
        ),
        (
            Some(life),
            claim(d(2031, 1, 5)),
            Principal,
            "lifetime_principal",
        ),
        // Bought on a leap day: the warranty runs to the end of February.
        (
            Some(leap),
            claim(d(2025, 2, 28)),
            FreeRepair,
            "store_warranty",
        ),
        (Some(leap), claim(d(2025, 3, 1)), Expired, "expired"),
        // A claim dated before the unit was received is not believed.
        (
            Some(std12),
            claim(d(2026, 3, 15)),
            NotOurs,
            "claim_before_start",
        ),
    ];
    for (i, (purchase, c, outcome, code)) in cases.iter().enumerate() {
        let v = verdict(purchase.as_ref(), c, &rules, &cal());
        assert_eq!(v.outcome, *outcome, "case {i}: {:?}", v.reasons);
        assert!(
            v.reasons.iter().any(|r| r.code == *code),
            "case {i}: {code} not in {:?}",
            v.reasons
        );
        assert!(
            v.reasons
                .iter()
                .all(|r| !r.id.is_empty() && !r.en.is_empty()),
            "case {i}: every reason in both languages"
        );
    }
}

#[test]
fn couriered_claims_the_14th_working_day_across_a_weekend_and_holidays() {
    // Received Monday 14 December 2026; Christmas and New Year's Day are
    // holidays: the 14th working day is Tuesday 5 January 2027.
    let p = bought(d(2026, 12, 14), 12, 12, WarrantyType::Standard);
    let rules = WarrantyRules::default();
    let sent = |date| Claim {
        shipped_in: true,
        ..claim(date)
    };
    for (date, payer, code) in [
        (d(2027, 1, 5), ShippingPayer::Shop, "return_shipping_shop"),
        (d(2027, 1, 6), ShippingPayer::Buyer, "return_shipping_buyer"),
        // Sunday 3 January: the weekend and both holidays left out, 12 days.
        (d(2027, 1, 3), ShippingPayer::Shop, "return_shipping_shop"),
    ] {
        let v = verdict(Some(&p), &sent(date), &rules, &cal());
        assert_eq!(v.return_shipping, Some(payer), "{date}");
        let r = v.reasons.iter().find(|r| r.code == code).unwrap();
        assert!(r.id.contains("hari kerja") && r.en.contains("working days"));
    }
    // Brought to the counter: no shipping question.
    assert_eq!(
        verdict(Some(&p), &claim(d(2027, 1, 6)), &rules, &cal()).return_shipping,
        None
    );
}

#[test]
fn every_period_and_flag_is_configurable() {
    let p = bought(d(2026, 3, 16), 6, 6, WarrantyType::Standard);
    let rules = WarrantyRules {
        doa_days: 14,
        doa_needs_complete_box: false,
        lifetime_store_months: 24,
        free_return_working_days: 5,
    };
    let day10 = Claim {
        checklist: Checklist {
            box_complete: false,
            ..COMPLETE
        },
        ..claim(d(2026, 3, 26))
    };
    assert_eq!(
        verdict(Some(&p), &day10, &rules, &cal()).outcome,
        Outcome::Exchange
    );
    // Six months: the store's warranty ends on 15 September.
    assert_eq!(
        verdict(Some(&p), &claim(d(2026, 9, 15)), &rules, &cal()).outcome,
        Outcome::FreeRepair
    );
    assert_eq!(
        verdict(Some(&p), &claim(d(2026, 9, 16)), &rules, &cal()).outcome,
        Outcome::Expired
    );
    let life = bought(d(2026, 3, 16), 0, 0, WarrantyType::Lifetime);
    assert_eq!(
        verdict(Some(&life), &claim(d(2027, 6, 1)), &rules, &cal()).outcome,
        Outcome::FreeRepair,
        "the store's lifetime year made two"
    );
}

#[test]
fn last_days_of_a_warranty() {
    assert_eq!(last_day(d(2026, 3, 16), 12), d(2027, 3, 15));
    assert_eq!(last_day(d(2024, 2, 29), 12), d(2025, 2, 28));
    assert_eq!(last_day(d(2024, 2, 29), 48), d(2028, 2, 28));
    assert_eq!(last_day(d(2026, 1, 31), 1), d(2026, 2, 28));
    assert_eq!(last_day(d(2026, 1, 30), 1), d(2026, 2, 28));
    assert_eq!(last_day(d(2026, 3, 16), 0), d(2026, 3, 15), "no warranty");
}
