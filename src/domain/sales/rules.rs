//! Rules of selling, from the shops' policy pages: coupons, order totals
//! with PPN, cash on delivery only in configured regions (seed 002:
//! Jabodetabek), the payment window (1×24 h), and the day a paid order is
//! processed (seed 001: working days only).

use crate::domain::money::{self, Currency};
use crate::domain::shop::calendar::WorkingCalendar;
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
#[path = "rules_tests.rs"]
mod tests;
