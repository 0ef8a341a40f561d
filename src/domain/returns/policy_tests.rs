//! The return policy as a table: windows in calendar and working days,
//! refusals, refunds with PPN and the coupon, who pays the return shipping.

use super::*;
use chrono::NaiveDate;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

const GOOD: Condition = Condition {
    seal_intact: true,
    unused: true,
    complete: true,
};

#[test]
fn the_policy_table() {
    let cal = WorkingCalendar::standard(chrono_tz::Asia::Jakarta, [day(12, 25)]);
    let seven = ReturnPolicy::seven_days();
    let two = ReturnPolicy::two_working_days();
    use ReturnOutcome::*;
    use ReturnReason::*;
    let used = Condition {
        seal_intact: false,
        unused: false,
        complete: true,
    };
    // (policy, received, today, reason, condition, outcome, refusal code)
    type Case<'a> = (
        &'a ReturnPolicy,
        NaiveDate,
        NaiveDate,
        ReturnReason,
        Condition,
        ReturnOutcome,
        Option<&'a str>,
    );
    let cases: &[Case] = &[
        // 7 calendar days: day 7 in, day 8 out.
        (
            &seven,
            day(11, 16),
            day(11, 23),
            Defective,
            GOOD,
            Exchange,
            None,
        ),
        (
            &seven,
            day(11, 16),
            day(11, 24),
            Defective,
            GOOD,
            Exchange,
            Some("return_window_passed"),
        ),
        (
            &seven,
            day(11, 16),
            day(11, 20),
            CustomerMistake,
            GOOD,
            Refund,
            Some("return_customer_mistake"),
        ),
        (
            &seven,
            day(11, 16),
            day(11, 20),
            WrongItem,
            used,
            Refund,
            None,
        ),
        (
            &seven,
            day(11, 16),
            day(11, 20),
            DamagedInTransit,
            Condition {
                complete: false,
                ..GOOD
            },
            Exchange,
            Some("return_incomplete"),
        ),
        (
            &seven,
            day(11, 16),
            day(11, 20),
            Defective,
            Condition {
                complete: false,
                ..GOOD
            },
            Repair,
            None,
        ),
        // 2 working days: received Friday, Tuesday is the 2nd working day (in), Wednesday out.
        (&two, day(11, 27), day(12, 1), WrongItem, GOOD, Refund, None),
        (
            &two,
            day(11, 27),
            day(12, 2),
            WrongItem,
            GOOD,
            Refund,
            Some("return_window_passed"),
        ),
        // Across Christmas: received 24 Dec (Thu), 25 is a holiday, 26–27 weekend → 29 Dec is day 2.
        (
            &two,
            day(12, 24),
            day(12, 29),
            Defective,
            GOOD,
            Exchange,
            None,
        ),
        (
            &two,
            day(12, 24),
            day(12, 30),
            Defective,
            GOOD,
            Exchange,
            Some("return_window_passed"),
        ),
        (
            &two,
            day(11, 27),
            day(11, 30),
            WrongItem,
            used,
            Refund,
            Some("return_not_sealed"),
        ),
        (
            &two,
            day(11, 27),
            day(11, 30),
            WrongItem,
            used,
            Exchange,
            None,
        ),
    ];
    for (policy, received, today, reason, cond, outcome, expected) in cases {
        let got = check(policy, *received, *today, &cal, *reason, *cond, *outcome)
            .err()
            .map(|r| r.code());
        assert_eq!(
            got, *expected,
            "{received} → {today} {reason:?} {outcome:?}"
        );
    }
    // The refund carries the PPN charged and the coupon's share.
    let cable = crate::domain::totals::Line {
        kind: crate::domain::totals::LineKind::Part,
        description: String::new(),
        qty: rust_decimal::Decimal::from(2),
        unit_price: rust_decimal::Decimal::from(150_000),
        discount: rust_decimal::Decimal::from(20_000),
    };
    let idr = crate::domain::money::Currency::IDR;
    let rate = rust_decimal::Decimal::new(11, 2);
    let one = rust_decimal::Decimal::ONE;
    let refund = |taxed, subtotal: i64, coupon: i64, inclusive| {
        refund_amount(
            &cable,
            one,
            taxed,
            rust_decimal::Decimal::from(subtotal),
            rust_decimal::Decimal::from(coupon),
            rate,
            inclusive,
            idr,
        )
    };
    // 150 000 − 10 000 (half the line discount) = 140 000, + 11 % PPN.
    assert_eq!(
        refund(true, 280_000, 0, false),
        rust_decimal::Decimal::from(155_400)
    );
    assert_eq!(
        refund(true, 280_000, 0, true),
        rust_decimal::Decimal::from(140_000)
    );
    assert_eq!(
        refund(false, 280_000, 0, false),
        rust_decimal::Decimal::from(140_000)
    );
    // A 28 000 coupon on a 280 000 order: 10 % of each line.
    assert_eq!(
        refund(false, 280_000, 28_000, false),
        rust_decimal::Decimal::from(126_000)
    );
    assert_eq!(
        refund(true, 280_000, 28_000, false),
        rust_decimal::Decimal::from(139_860)
    );
    // Who pays for sending the goods back.
    for (reason, payer) in [
        (InvoiceMismatch, ShippingPayer::Shop),
        (WrongItem, ShippingPayer::Shop),
        (DamagedInTransit, ShippingPayer::Shop),
        (Defective, ShippingPayer::Shop),
        (CustomerMistake, ShippingPayer::Customer),
    ] {
        assert_eq!(reason.shipping_payer(), payer, "{reason:?}");
    }
    let words = check(&two, day(11, 27), day(12, 3), &cal, WrongItem, GOOD, Refund)
        .unwrap_err()
        .message_id();
    assert!(
        words.contains("4 hari kerja") && words.contains("batas pengembalian 2 hari kerja"),
        "{words}"
    );
}
