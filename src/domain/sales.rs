//! Rules of selling, from the shops' policy pages: coupons, order totals
//! with PPN, cash on delivery only in configured regions (seed 002:
//! Jabodetabek), the payment window (1×24 h), and the day a paid order is
//! processed (seed 001: working days only).

use crate::domain::calendar::WorkingCalendar;
use crate::domain::money::{self, Currency};
use crate::domain::totals::{self, Line};
use crate::error::{Error, Result};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CouponKind {
    Fixed,
    Percent,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Coupon {
    pub code: String,
    pub kind: CouponKind,
    /// An amount (fixed) or a percentage (percent).
    #[ts(type = "string")]
    pub value: Decimal,
    #[ts(type = "string")]
    pub valid_from: NaiveDate,
    #[ts(type = "string | null")]
    pub valid_to: Option<NaiveDate>,
    /// The order's subtotal must reach this.
    #[ts(type = "string")]
    pub min_subtotal: Decimal,
}

/// The discount a coupon gives on `subtotal` on the local day `today`,
/// never more than the subtotal.
pub fn coupon_discount(
    c: &Coupon,
    subtotal: Decimal,
    today: NaiveDate,
    cur: Currency,
) -> Result<Decimal> {
    let refuse = |code: &str, msg: &str| Err(Error::validation("coupon", code, msg));
    if today < c.valid_from {
        return refuse("coupon_not_yet_valid", "this coupon is not valid yet");
    }
    if c.valid_to.is_some_and(|to| today > to) {
        return refuse("coupon_expired", "this coupon has expired");
    }
    if subtotal < c.min_subtotal {
        return refuse("coupon_minimum", "the order is below the coupon's minimum");
    }
    let raw = match c.kind {
        CouponKind::Fixed => c.value,
        CouponKind::Percent => subtotal * c.value / Decimal::from(100),
    };
    Ok(money::round(raw.min(subtotal), cur))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OrderTotals {
    /// Sum of the line amounts.
    #[ts(type = "string")]
    pub subtotal: Decimal,
    /// Coupon discount on the subtotal.
    #[ts(type = "string")]
    pub discount: Decimal,
    #[ts(type = "string")]
    pub base: Decimal,
    #[ts(type = "string")]
    pub tax: Decimal,
    /// Shipping, charged on top (not part of the taxed goods).
    #[ts(type = "string")]
    pub shipping: Decimal,
    #[ts(type = "string")]
    pub total: Decimal,
}

/// PPN is computed on the taxed goods after their share of the coupon, as
/// `totals::compute` does for a quote; exempt goods carry no PPN; shipping
/// is added after tax. `lines` pairs each line with "taxed".
pub fn order_totals(
    lines: &[(Line, bool)],
    discount: Decimal,
    shipping: Decimal,
    rate: Decimal,
    tax_inclusive: bool,
    cur: Currency,
) -> OrderTotals {
    let sum = |taxed: bool| -> Decimal {
        lines
            .iter()
            .filter(|(_, t)| *t == taxed)
            .map(|(l, _)| l.amount(cur))
            .sum()
    };
    let (taxed, exempt) = (sum(true), sum(false));
    let subtotal = taxed + exempt;
    let discount = discount.min(subtotal);
    // The coupon is shared in proportion to each part's value.
    let taxed_discount = if subtotal.is_zero() {
        Decimal::ZERO
    } else {
        money::round(discount * taxed / subtotal, cur)
    };
    let goods = |amount: Decimal| totals::Line {
        kind: totals::LineKind::Part,
        description: String::new(),
        qty: Decimal::ONE,
        unit_price: amount,
        discount: Decimal::ZERO,
    };
    let t = totals::compute(&[goods(taxed - taxed_discount)], rate, tax_inclusive, cur);
    let exempt_net = exempt - (discount - taxed_discount);
    OrderTotals {
        subtotal,
        discount,
        base: t.base + exempt_net,
        tax: t.tax,
        shipping,
        total: t.total + exempt_net + shipping,
    }
}

/// The Jabodetabek cities and regencies, seed 002's COD area.
pub const JABODETABEK: [&str; 13] = [
    "Jakarta Pusat",
    "Jakarta Utara",
    "Jakarta Barat",
    "Jakarta Selatan",
    "Jakarta Timur",
    "Kepulauan Seribu",
    "Kota Bogor",
    "Kabupaten Bogor",
    "Depok",
    "Kota Tangerang",
    "Kabupaten Tangerang",
    "Tangerang Selatan",
    "Bekasi",
];

/// "KOTA ADM. Jakarta  Selatan" and "jakarta selatan" are the same place;
/// "Kota Bogor" and "Kabupaten Bogor" are not.
pub fn normalise_city(city: &str) -> String {
    let lower = city.to_lowercase().replace(['.', ','], " ");
    let words: Vec<&str> = lower
        .split_whitespace()
        .filter(|w| !matches!(*w, "adm" | "administrasi" | "dki" | "provinsi"))
        .collect();
    let joined = words.join(" ");
    let joined = joined.replacen("kab ", "kabupaten ", 1);
    // Jakarta's five cities are "Kota Administrasi …"; the prefix adds nothing.
    joined
        .strip_prefix("kota jakarta")
        .map(|r| format!("jakarta{r}"))
        .unwrap_or(joined)
}

/// Whether cash on delivery may be offered for `city`. "Bekasi" in the list
/// covers both the city and the regency; a listed "Kota X" only the city.
pub fn cod_allowed(city: &str, regions: &[String]) -> bool {
    let c = normalise_city(city);
    if c.is_empty() {
        return false;
    }
    regions.iter().any(|r| {
        let r = normalise_city(r);
        let bare = |s: &str| {
            s.trim_start_matches("kota ")
                .trim_start_matches("kabupaten ")
                .to_string()
        };
        r == c || (!r.starts_with("kota ") && !r.starts_with("kabupaten ") && bare(&c) == r)
    })
}

/// When an unpaid order is cancelled (seed 002: 1×24 h after the order).
pub fn pay_deadline(ordered_at: DateTime<Utc>, window_hours: u32) -> DateTime<Utc> {
    ordered_at + Duration::hours(i64::from(window_hours))
}

/// The day a paid order is processed: the same day when paid in working
/// hours, otherwise the next working day (seed 001: orders paid on a
/// weekend or holiday are processed on the next working day).
pub fn processing_date(paid_at: DateTime<Utc>, cal: &WorkingCalendar) -> NaiveDate {
    cal.local_date(cal.next_working_instant(paid_at))
}

/// A web store's order number as the customer gives it — "1042", "#1042",
/// "Order #1042", "wc-1042", "WC 1042" — as Konter keeps it ("WC-1042";
/// "WC-1042-2" when a second store has a 1042). None when it is not one.
pub fn web_order_number(typed: &str) -> Option<String> {
    let t = typed.trim().to_uppercase();
    let t = ["ORDER", "PESANAN", "SIPARIŞ", "NO."]
        .iter()
        .fold(t.as_str(), |t, w| {
            t.strip_prefix(w).unwrap_or(t).trim_start()
        });
    let t = t.trim_start_matches('#').trim_start();
    let t = t
        .strip_prefix("WC")
        .map(|r| r.trim_start_matches(['-', ' ', '#']))
        .unwrap_or(t);
    let mut parts = t.splitn(2, '-');
    let number = parts.next().unwrap_or("").trim();
    let store = parts.next().map(str::trim);
    let digits = |s: &str| !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit());
    match store {
        None if digits(number) => Some(format!("WC-{number}")),
        Some(k) if digits(number) && digits(k) => Some(format!("WC-{number}-{k}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
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
}
