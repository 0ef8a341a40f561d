//! The scope's checks, the instalments and the support period.

use super::*;
use crate::domain::totals::LineKind;
use proptest::prelude::*;
use rust_decimal_macros::dec;

pub(crate) fn scope() -> ServiceScope {
    ServiceScope {
        title: "CCTV 8 kamera".into(),
        requirements: "Gudang dan kantor, rekaman 14 hari".into(),
        checklist: vec!["8 kamera outdoor".into()],
        site_address: "Jl. Gudang 1".into(),
        lines: vec![Line {
            kind: LineKind::Part,
            description: "Kamera".into(),
            qty: dec!(8),
            unit_price: dec!(1250000),
            discount: Decimal::ZERO,
        }],
        milestones: vec![
            Milestone {
                title: "Kabel".into(),
                planned_on: "2026-12-07".into(),
                deliverable: "Kabel terpasang".into(),
                pay_percent: 20,
            },
            Milestone {
                title: "Kamera".into(),
                planned_on: "2026-12-09".into(),
                deliverable: "Rekaman jalan".into(),
                pay_percent: 0,
            },
        ],
        acceptance_criteria: vec!["Semua kamera merekam".into()],
        deposit_percent: 30,
        support_days: 90,
        support_scope: "Gangguan rekaman".into(),
        terms: String::new(),
    }
}

#[test]
fn a_scope_is_checked_field_by_field() {
    let cur = Currency::IDR;
    let ok = scope().checked(cur).unwrap();
    assert_eq!(ok.final_percent(), 50);
    type Case = (Box<dyn Fn(&mut ServiceScope)>, &'static str, &'static str);
    let cases: Vec<Case> = vec![
        (Box::new(|s| s.title = " ".into()), "title", "required"),
        (
            Box::new(|s| s.requirements = "x".repeat(4001)),
            "requirements",
            "too_long",
        ),
        (Box::new(|s| s.lines.clear()), "lines", "required"),
        (
            Box::new(|s| s.lines[0].qty = dec!(-1)),
            "lines.0.qty",
            "invalid_qty",
        ),
        (Box::new(|s| s.milestones.clear()), "milestones", "required"),
        (
            Box::new(|s| s.milestones[1].planned_on = "9 Des".into()),
            "milestones.1.planned_on",
            "invalid_date",
        ),
        (
            Box::new(|s| s.milestones[1].pay_percent = 51),
            "milestones.1.pay_percent",
            "over_100",
        ),
        (
            Box::new(|s| s.deposit_percent = 101),
            "deposit_percent",
            "out_of_range",
        ),
        (
            Box::new(|s| s.acceptance_criteria.clear()),
            "acceptance_criteria",
            "required",
        ),
        (
            Box::new(|s| s.support_scope = "".into()),
            "support_scope",
            "required",
        ),
        (
            Box::new(|s| s.support_days = 2000),
            "support_days",
            "out_of_range",
        ),
        (
            Box::new(|s| s.checklist = vec!["".into()]),
            "checklist.0",
            "required",
        ),
    ];
    for (change, field, code) in cases {
        let mut s = scope();
        change(&mut s);
        let e = s.checked(cur).unwrap_err();
        assert_eq!((e.field(), e.code()), (Some(field), Some(code)), "{e:?}");
    }
    let mut none = scope();
    none.support_days = 0;
    none.support_scope = String::new();
    assert!(none.checked(cur).is_ok());
}

#[test]
fn instalments_are_shares_and_the_final_takes_the_rest() {
    let cur = Currency::IDR;
    let order = scope().totals(dec!(0.11), false, cur);
    assert_eq!(order.total, dec!(11100000));
    let d = charge(30, &order, &sum([]), false, cur);
    assert_eq!(
        (d.base, d.tax, d.total),
        (dec!(3000000), dec!(330000), dec!(3330000))
    );
    let m = charge(50, &order, &d, false, cur);
    let f = charge(100, &order, &sum([&d, &m]), false, cur);
    let all = sum([&d, &m, &f]);
    assert_eq!((all.total, all.tax), (order.total, order.tax));
    assert_eq!(f.total, dec!(5550000));
}

#[test]
fn support_counts_its_last_day() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let ends = support_ends(d("2026-12-10"), 90);
    assert_eq!(ends, Some(d("2027-03-09")));
    assert_eq!(support_days_left(d("2026-12-10"), ends), 90);
    assert_eq!(support_days_left(d("2027-03-09"), ends), 1);
    assert_eq!(support_days_left(d("2027-03-10"), ends), 0);
    assert_eq!(support_ends(d("2026-12-10"), 0), None);
    assert_eq!(support_days_left(d("2026-12-10"), None), 0);
}

proptest! {
    /// Whatever the shares and prices, the invoices add up to the
    /// order's total and tax, and none is negative.
    #[test]
    fn invoices_add_up_to_the_order(
        minor in 1i64..10_000_000_000,
        deposit in 0u32..=100,
        ms in proptest::collection::vec(0u32..=40, 0..5),
        inclusive: bool,
    ) {
        let cur = Currency::IDR;
        let mut s = scope();
        s.lines[0].qty = Decimal::ONE;
        s.lines[0].unit_price = money::from_minor(minor, cur);
        let order = s.totals(dec!(0.11), inclusive, cur);
        let mut done = deposit;
        let mut invoices = vec![charge(done, &order, &sum([]), inclusive, cur)];
        for p in &ms {
            done = (done + p).min(100);
            let next = charge(done, &order, &sum(&invoices), inclusive, cur);
            invoices.push(next);
        }
        invoices.push(charge(100, &order, &sum(&invoices), inclusive, cur));
        let all = sum(&invoices);
        prop_assert_eq!(all.total, order.total);
        prop_assert_eq!(all.tax, order.tax);
        for i in &invoices {
            prop_assert!(i.total >= Decimal::ZERO && i.tax >= Decimal::ZERO && i.base >= Decimal::ZERO);
        }
    }
}
