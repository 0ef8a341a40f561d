//! Money: `rust_decimal::Decimal` in memory, integer minor units + ISO code in
//! storage. Rounding is defined here and nowhere else: half-up (away from zero)
//! to the currency's minor unit.

use crate::error::{Error, Result};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum Currency {
    /// Indonesian rupiah. ISO gives it 2 decimals, but sen are not in
    /// circulation and every shop invoice is in whole rupiah: we use 0.
    IDR,
    /// Turkish lira, kuruş as minor unit.
    TRY,
}

impl Currency {
    pub fn minor_digits(self) -> u32 {
        match self {
            Currency::IDR => 0,
            Currency::TRY => 2,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Currency::IDR => "IDR",
            Currency::TRY => "TRY",
        }
    }

    pub fn parse(code: &str) -> Result<Self> {
        match code {
            "IDR" => Ok(Currency::IDR),
            "TRY" => Ok(Currency::TRY),
            _ => Err(Error::validation(
                "currency",
                "unknown_currency",
                "unknown currency",
            )),
        }
    }
}

/// Half-up rounding to the currency's minor unit: the single rounding rule.
pub fn round(amount: Decimal, currency: Currency) -> Decimal {
    amount.round_dp_with_strategy(
        currency.minor_digits(),
        RoundingStrategy::MidpointAwayFromZero,
    )
}

/// Amount → integer minor units for storage. Rounds first, so callers can't
/// store a fraction of a minor unit. Amounts come checked against
/// `max_amount` (inputs and totals); one that still does not fit is clamped
/// to the bound rather than crashing the counter (the CHECKs of the rows
/// and the checks of the inputs keep it from being real money).
pub fn to_minor(amount: Decimal, currency: Currency) -> i64 {
    try_to_minor(amount, currency).unwrap_or(if amount.is_sign_negative() {
        -MAX_MINOR
    } else {
        MAX_MINOR
    })
}

const MAX_MINOR: i64 = 1_000_000_000_000_000_000;

/// Amount → minor units, refused when it does not fit what Konter stores.
pub fn try_to_minor(amount: Decimal, currency: Currency) -> Result<i64> {
    use rust_decimal::prelude::ToPrimitive;
    let scaled = round(amount, currency)
        .checked_mul(Decimal::from(10i64.pow(currency.minor_digits())))
        .and_then(|d| d.to_i64())
        .filter(|m| m.abs() <= MAX_MINOR);
    scaled.ok_or_else(|| Error::validation("amount", "too_large", "amount is too large"))
}

pub fn from_minor(minor: i64, currency: Currency) -> Decimal {
    Decimal::new(minor, currency.minor_digits())
}

/// Largest amount accepted anywhere (10^13 minor units; far above any invoice,
/// far below i64 overflow when summed).
pub fn max_amount() -> Decimal {
    Decimal::from(10_000_000_000_000i64)
}

/// Validates a user-entered amount: not negative, not absurd, no more decimals
/// than the currency has.
pub fn check_amount(field: &str, amount: Decimal, currency: Currency) -> Result<Decimal> {
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(Error::validation(field, "negative", "must not be negative"));
    }
    if amount > max_amount() {
        return Err(Error::validation(field, "too_large", "amount is too large"));
    }
    if round(amount, currency) != amount {
        return Err(Error::validation(
            field,
            "too_many_decimals",
            "too many decimals for the currency",
        ));
    }
    Ok(amount.normalize())
}

/// Formats for people: "Rp 1.234.567" or "1.234,50 TL" (both use dot
/// thousands and a decimal comma; Turkish invoices write TL after it).
pub fn format(amount: Decimal, currency: Currency) -> String {
    let rounded = round(amount, currency);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let abs = rounded.abs();
    let digits = currency.minor_digits();
    let s = format!("{:.*}", digits as usize, abs);
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::new();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    if let Some(f) = frac_part {
        grouped.push(',');
        grouped.push_str(&f);
    }
    let sign = if negative { "-" } else { "" };
    match currency {
        Currency::IDR => format!("{sign}Rp {grouped}"),
        Currency::TRY => format!("{sign}{grouped} TL"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn huge_amounts_are_refused_not_a_crash() {
        assert_eq!(try_to_minor(dec!(150000), Currency::IDR).unwrap(), 150_000);
        assert_eq!(try_to_minor(dec!(12.34), Currency::TRY).unwrap(), 1234);
        let huge = Decimal::from(i64::MAX) * dec!(1000);
        assert_eq!(
            try_to_minor(huge, Currency::TRY).unwrap_err().field(),
            Some("amount")
        );
        assert!(try_to_minor(Decimal::MAX, Currency::TRY).is_err());
        // The storage helper never panics.
        assert!(to_minor(Decimal::MAX, Currency::TRY) > 0);
    }

    #[test]
    fn rounds_half_up_to_whole_rupiah() {
        assert_eq!(round(dec!(16500.5), Currency::IDR), dec!(16501));
        assert_eq!(round(dec!(16500.49), Currency::IDR), dec!(16500));
        assert_eq!(round(dec!(-2.5), Currency::IDR), dec!(-3));
        assert_eq!(round(dec!(1.005), Currency::TRY), dec!(1.01));
    }

    #[test]
    fn minor_units_round_trip() {
        assert_eq!(to_minor(dec!(150000), Currency::IDR), 150000);
        assert_eq!(to_minor(dec!(12.34), Currency::TRY), 1234);
        assert_eq!(from_minor(1234, Currency::TRY), dec!(12.34));
        assert_eq!(from_minor(150000, Currency::IDR), dec!(150000));
    }

    #[test]
    fn formats_like_a_receipt() {
        assert_eq!(format(dec!(1234567), Currency::IDR), "Rp 1.234.567");
        assert_eq!(format(dec!(0), Currency::IDR), "Rp 0");
        assert_eq!(format(dec!(999), Currency::IDR), "Rp 999");
        assert_eq!(format(dec!(1234.5), Currency::TRY), "1.234,50 TL");
        assert_eq!(format(dec!(-0.5), Currency::TRY), "-0,50 TL");
    }

    #[test]
    fn rejects_bad_amounts() {
        assert!(check_amount("x", dec!(-1), Currency::IDR).is_err());
        assert!(check_amount("x", dec!(1.5), Currency::IDR).is_err());
        assert!(check_amount("x", dec!(100000000000000), Currency::IDR).is_err());
        assert_eq!(
            check_amount("x", dec!(100.0), Currency::IDR).unwrap(),
            dec!(100)
        );
    }
}
