//! Totals of a quote or invoice: line amounts, subtotal, PPN and total.
//!
//! Each line is rounded half-up to the currency's minor unit (see
//! `money::round`), then summed; tax is computed once on the sum. With
//! tax-inclusive prices the tax is the part of the total above the base
//! (DPP): `tax = total − round(total / (1 + rate))`.

use crate::domain::money::{self, Currency};
use crate::error::{check, Error, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Part,
    Labour,
    Fee,
}

impl LineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Part => "part",
            LineKind::Labour => "labour",
            LineKind::Fee => "fee",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "part" => Ok(LineKind::Part),
            "labour" => Ok(LineKind::Labour),
            "fee" => Ok(LineKind::Fee),
            _ => Err(Error::validation("kind", "invalid", "unknown line kind")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Line {
    pub kind: LineKind,
    pub description: String,
    #[ts(type = "string")]
    pub qty: Decimal,
    #[ts(type = "string")]
    pub unit_price: Decimal,
    /// Discount on the whole line, as an amount.
    #[ts(type = "string")]
    pub discount: Decimal,
}

impl Line {
    pub fn amount(&self, currency: Currency) -> Decimal {
        money::round(self.qty * self.unit_price - self.discount, currency)
    }

    /// Checks one line; `index` makes the field name point at the row.
    pub fn validate(&self, index: usize, currency: Currency) -> Result<Line> {
        let f = |name: &str| format!("lines.{index}.{name}");
        let description = check::required(&f("description"), &self.description, 200)?;
        if self.qty <= Decimal::ZERO || self.qty > Decimal::from(100_000) || self.qty.scale() > 3 {
            return Err(Error::validation(
                &f("qty"),
                "invalid_qty",
                "quantity must be above 0",
            ));
        }
        let unit_price = money::check_amount(&f("unit_price"), self.unit_price, currency)?;
        let discount = money::check_amount(&f("discount"), self.discount, currency)?;
        if discount > money::round(self.qty * unit_price, currency) {
            return Err(Error::validation(
                &f("discount"),
                "discount_too_large",
                "discount exceeds the line",
            ));
        }
        Ok(Line {
            kind: self.kind,
            description,
            qty: self.qty.normalize(),
            unit_price,
            discount,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Totals {
    /// Sum of the rounded line amounts.
    #[ts(type = "string")]
    pub subtotal: Decimal,
    /// Tax base (DPP).
    #[ts(type = "string")]
    pub base: Decimal,
    #[ts(type = "string")]
    pub tax: Decimal,
    #[ts(type = "string")]
    pub total: Decimal,
}

/// `rate` is a fraction (0.11 for 11 % PPN).
pub fn compute(lines: &[Line], rate: Decimal, tax_inclusive: bool, currency: Currency) -> Totals {
    let subtotal: Decimal = lines.iter().map(|l| l.amount(currency)).sum();
    if tax_inclusive {
        let base = money::round(subtotal / (Decimal::ONE + rate), currency);
        Totals {
            subtotal,
            base,
            tax: subtotal - base,
            total: subtotal,
        }
    } else {
        let tax = money::round(subtotal * rate, currency);
        Totals {
            subtotal,
            base: subtotal,
            tax,
            total: subtotal + tax,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn line(qty: Decimal, price: Decimal, discount: Decimal) -> Line {
        Line {
            kind: LineKind::Part,
            description: "x".into(),
            qty,
            unit_price: price,
            discount,
        }
    }

    #[test]
    fn exclusive_ppn_11() {
        let t = compute(
            &[
                line(dec!(1), dec!(100000), dec!(0)),
                line(dec!(2), dec!(25000), dec!(5000)),
            ],
            dec!(0.11),
            false,
            Currency::IDR,
        );
        assert_eq!(t.subtotal, dec!(145000));
        assert_eq!(t.tax, dec!(15950));
        assert_eq!(t.total, dec!(160950));
    }

    #[test]
    fn inclusive_ppn_11() {
        let t = compute(
            &[line(dec!(1), dec!(111000), dec!(0))],
            dec!(0.11),
            true,
            Currency::IDR,
        );
        assert_eq!(t.base, dec!(100000));
        assert_eq!(t.tax, dec!(11000));
        assert_eq!(t.total, dec!(111000));
    }

    #[test]
    fn rounding_is_half_up_per_line() {
        // 3 × 0.5 rupiah = 1.5 → 2 per line, not 1.5 summed later.
        let t = compute(
            &[line(dec!(3), dec!(0.5), dec!(0))],
            dec!(0),
            false,
            Currency::IDR,
        );
        assert_eq!(t.total, dec!(2));
    }

    #[test]
    fn validation_names_the_row() {
        let err = line(dec!(0), dec!(1), dec!(0))
            .validate(2, Currency::IDR)
            .unwrap_err();
        assert_eq!(err.field(), Some("lines.2.qty"));
        let err = line(dec!(1), dec!(-1), dec!(0))
            .validate(0, Currency::IDR)
            .unwrap_err();
        assert_eq!(err.field(), Some("lines.0.unit_price"));
        let err = line(dec!(1), dec!(10), dec!(11))
            .validate(0, Currency::IDR)
            .unwrap_err();
        assert_eq!(err.field(), Some("lines.0.discount"));
    }

    fn any_line() -> impl Strategy<Value = Line> {
        (1i64..50, 0i64..50_000_000, 0i64..100).prop_map(|(q, p, d)| {
            let price = Decimal::from(p);
            let discount = money::round(
                price * Decimal::from(q) * Decimal::from(d) / dec!(100),
                Currency::IDR,
            );
            line(Decimal::from(q), price, discount)
        })
    }

    proptest! {
        #[test]
        fn totals_add_up(lines in proptest::collection::vec(any_line(), 0..20), rate_pct in 0u32..25, inclusive: bool) {
            let rate = Decimal::from(rate_pct) / dec!(100);
            let t = compute(&lines, rate, inclusive, Currency::IDR);
            let sum: Decimal = lines.iter().map(|l| l.amount(Currency::IDR)).sum();
            prop_assert_eq!(t.subtotal, sum);
            prop_assert_eq!(t.base + t.tax, t.total);
            prop_assert!(t.tax >= Decimal::ZERO);
            prop_assert_eq!(money::round(t.total, Currency::IDR), t.total);
            prop_assert_eq!(money::round(t.tax, Currency::IDR), t.tax);
            if inclusive {
                prop_assert_eq!(t.total, sum);
            } else {
                prop_assert_eq!(t.base, sum);
                // Tax within half a rupiah of the exact product.
                prop_assert!((t.tax - sum * rate).abs() <= dec!(0.5));
            }
            for l in &lines {
                prop_assert!(l.validate(0, Currency::IDR).is_ok());
            }
        }
    }
}
