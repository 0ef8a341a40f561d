//! Tests of `domain::sales`.

use super::*;

#[test]
fn web_order_numbers_as_customers_give_them() {
    for typed in [
        "1042",
        "#1042",
        "Order #1042",
        "wc-1042",
        "WC 1042",
        " wc#1042 ",
        "WC-1042",
        "pesanan 1042",
    ] {
        assert_eq!(
            web_order_number(typed).as_deref(),
            Some("WC-1042"),
            "{typed:?}"
        );
    }
    assert_eq!(web_order_number("WC-1042-2").as_deref(), Some("WC-1042-2"));
    for not in [
        "",
        "#",
        "SO-JKT1-K1-2026-000001",
        "WC-",
        "10a42",
        "Budi",
        "WC-1042-x",
    ] {
        assert_eq!(web_order_number(not), None, "{not:?}");
    }
}
use crate::domain::totals::LineKind;
use chrono::TimeZone;
use rust_decimal_macros::dec;

fn coupon(kind: CouponKind, value: Decimal) -> Coupon {
    Coupon {
        code: "HEMAT".into(),
        kind,
        value,
        valid_from: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        valid_to: NaiveDate::from_ymd_opt(2026, 11, 30),
        min_subtotal: dec!(1000000),
    }
}

#[test]
fn coupons_fixed_percent_and_their_limits() {
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let idr = Currency::IDR;
    assert_eq!(
        coupon_discount(
            &coupon(CouponKind::Fixed, dec!(150000)),
            dec!(2000000),
            day(23),
            idr
        )
        .unwrap(),
        dec!(150000)
    );
    assert_eq!(
        coupon_discount(
            &coupon(CouponKind::Percent, dec!(7.5)),
            dec!(2000001),
            day(30),
            idr
        )
        .unwrap(),
        dec!(150000)
    );
    let big = Coupon {
        min_subtotal: Decimal::ZERO,
        ..coupon(CouponKind::Fixed, dec!(5000000))
    };
    assert_eq!(
        coupon_discount(&big, dec!(100000), day(23), idr).unwrap(),
        dec!(100000),
        "never below zero"
    );
    let code = |r: Result<Decimal>| match r.unwrap_err() {
        Error::Validation { code, .. } => code,
        e => panic!("{e:?}"),
    };
    let c = coupon(CouponKind::Fixed, dec!(1));
    let nov = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    assert_eq!(
        code(coupon_discount(&c, dec!(2000000), nov, idr)),
        "coupon_not_yet_valid"
    );
    assert_eq!(
        code(coupon_discount(
            &c,
            dec!(2000000),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            idr
        )),
        "coupon_expired"
    );
    assert_eq!(
        code(coupon_discount(&c, dec!(999999), day(23), idr)),
        "coupon_minimum"
    );
}

#[test]
fn totals_tax_the_goods_after_the_coupon_and_add_shipping() {
    let line = Line {
        kind: LineKind::Part,
        description: "Scanner".into(),
        qty: dec!(2),
        unit_price: dec!(1000000),
        discount: dec!(0),
    };
    let t = order_totals(
        &[(line.clone(), true)],
        dec!(200000),
        dec!(50000),
        dec!(0.11),
        false,
        Currency::IDR,
    );
    assert_eq!(
        (t.subtotal, t.discount, t.base, t.tax, t.total),
        (
            dec!(2000000),
            dec!(200000),
            dec!(1800000),
            dec!(198000),
            dec!(2048000)
        )
    );
    let inc = order_totals(
        &[(line.clone(), true)],
        dec!(0),
        dec!(0),
        dec!(0.11),
        true,
        Currency::IDR,
    );
    assert_eq!(
        (inc.base + inc.tax, inc.total),
        (dec!(2000000), dec!(2000000))
    );
    // Half exempt: the coupon is shared, PPN only on the taxed half.
    let mixed = order_totals(
        &[(line.clone(), true), (line, false)],
        dec!(400000),
        dec!(0),
        dec!(0.11),
        false,
        Currency::IDR,
    );
    assert_eq!(
        (mixed.subtotal, mixed.tax, mixed.total),
        (dec!(4000000), dec!(198000), dec!(3798000))
    );
}

#[test]
fn cod_only_in_the_regions() {
    let regions: Vec<String> = JABODETABEK.iter().map(|s| s.to_string()).collect();
    for yes in [
        "Jakarta Selatan",
        "KOTA ADM. JAKARTA SELATAN",
        "Kota Administrasi Jakarta Timur",
        "Kab. Bogor",
        "kota bekasi",
        "Kabupaten Bekasi",
        "Depok",
        "Tangerang Selatan",
    ] {
        assert!(cod_allowed(yes, &regions), "{yes}");
    }
    for no in ["Bandung", "Kota Serang", "", "  ", "Jakarta", "Bogor Raya"] {
        assert!(!cod_allowed(no, &regions), "{no}");
    }
}

#[test]
fn processing_waits_for_the_next_working_day() {
    let tz = chrono_tz::Asia::Jakarta;
    let cal = WorkingCalendar::standard(tz, [NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()]);
    let at = |m, d, h, min| {
        tz.with_ymd_and_hms(2026, m, d, h, min, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    assert_eq!(
        processing_date(at(11, 23, 10, 0), &cal),
        day(11, 23),
        "Monday in hours"
    );
    assert_eq!(
        processing_date(at(11, 23, 7, 0), &cal),
        day(11, 23),
        "before opening"
    );
    assert_eq!(
        processing_date(at(11, 27, 17, 30), &cal),
        day(11, 30),
        "Friday at closing → Monday"
    );
    assert_eq!(
        processing_date(at(11, 28, 12, 0), &cal),
        day(11, 30),
        "Saturday → Monday"
    );
    assert_eq!(
        processing_date(at(12, 24, 19, 0), &cal),
        day(12, 28),
        "evening before Christmas → Monday"
    );
    assert_eq!(pay_deadline(at(11, 23, 10, 0), 24), at(11, 24, 10, 0));
}
