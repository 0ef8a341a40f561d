//! How money changes hands at the counter, and parsing amounts as typed.

use crate::domain::money::{self, Currency};
use crate::error::{Error, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Cash,
    BankTransfer,
    Card,
    Qris,
}

impl PaymentMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::BankTransfer => "bank_transfer",
            PaymentMethod::Card => "card",
            PaymentMethod::Qris => "qris",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "cash" => Ok(PaymentMethod::Cash),
            "bank_transfer" => Ok(PaymentMethod::BankTransfer),
            "card" => Ok(PaymentMethod::Card),
            "qris" => Ok(PaymentMethod::Qris),
            _ => Err(Error::validation(
                "method",
                "invalid",
                "unknown payment method",
            )),
        }
    }

    /// Label printed on receipts (Bahasa Indonesia, as the customer reads it).
    pub fn label_id(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "Tunai",
            PaymentMethod::BankTransfer => "Transfer bank",
            PaymentMethod::Card => "Kartu debit/kredit",
            PaymentMethod::Qris => "QRIS",
        }
    }
}

/// Parses an amount as typed in Indonesia or Turkey: "150.000", "Rp 150.000",
/// "1.234,50", "1.234,50 TL", "₺1.234,50", "150000". Dots group thousands,
/// a comma marks decimals.
pub fn parse_amount(field: &str, input: &str, currency: Currency) -> Result<Decimal> {
    let cleaned: String = input
        .trim()
        .trim_start_matches("Rp")
        .trim_start_matches('₺')
        .trim_end_matches("TL")
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '\u{a0}'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() {
        return Err(Error::validation(field, "required", "must not be empty"));
    }
    if cleaned.len() > 20
        || !cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Err(Error::validation(
            field,
            "invalid_amount",
            "not a valid amount",
        ));
    }
    let value = Decimal::from_str(&cleaned)
        .map_err(|_| Error::validation(field, "invalid_amount", "not a valid amount"))?;
    money::check_amount(field, value, currency)
}

/// An amount written as `parse_amount` reads it back: no thousands dots, a
/// comma before the decimals ("1234,50"). For amounts that travel as text.
pub fn typed(amount: Decimal) -> String {
    amount.normalize().to_string().replace('.', ",")
}

/// An optional amount: empty means none.
pub fn parse_optional_amount(
    field: &str,
    input: Option<&str>,
    currency: Currency,
) -> Result<Option<Decimal>> {
    match input.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse_amount(field, s, currency).map(Some),
    }
}

/// The change to give when `balance` is paid by `method` with `tendered`
/// handed over (cash only; none = the exact amount): refused when cash is
/// tendered for another method or is less than the balance.
pub fn change_for(
    method: PaymentMethod,
    tendered: Option<Decimal>,
    balance: Decimal,
) -> Result<Decimal> {
    match tendered {
        Some(_) if method != PaymentMethod::Cash => Err(Error::validation(
            "tendered",
            "cash_only",
            "only for cash payments",
        )),
        Some(t) if t < balance => Err(Error::validation(
            "tendered",
            "not_enough",
            "less than the balance",
        )),
        Some(t) => Ok(t - balance),
        None => Ok(Decimal::ZERO),
    }
}

#[cfg(test)]
mod change_tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn change_is_given_for_cash_only_and_never_short() {
        let b = dec!(444000);
        assert_eq!(
            change_for(PaymentMethod::Cash, Some(dec!(500000)), b).unwrap(),
            dec!(56000)
        );
        assert_eq!(
            change_for(PaymentMethod::Cash, Some(b), b).unwrap(),
            dec!(0)
        );
        assert_eq!(change_for(PaymentMethod::Card, None, b).unwrap(), dec!(0));
        assert_eq!(
            change_for(PaymentMethod::Cash, Some(dec!(1)), b)
                .unwrap_err()
                .code(),
            Some("not_enough")
        );
        assert_eq!(
            change_for(PaymentMethod::Qris, Some(b), b)
                .unwrap_err()
                .code(),
            Some("cash_only")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn turkish_amounts() {
        let read = |s: &str| parse_amount("a", s, Currency::TRY).unwrap();
        assert_eq!(read("1.234,56"), dec!(1234.56));
        assert_eq!(read("1.234,56 TL"), dec!(1234.56));
        assert_eq!(read("₺1.234,5"), dec!(1234.5));
        assert_eq!(read("20"), dec!(20));
        let e = parse_amount("a", "1.234,567", Currency::TRY).unwrap_err();
        assert_eq!(e.code(), Some("too_many_decimals"));
    }

    #[test]
    fn typed_amounts() {
        assert_eq!(
            parse_amount("a", "150.000", Currency::IDR).unwrap(),
            dec!(150000)
        );
        assert_eq!(
            parse_amount("a", "Rp 1.250.000", Currency::IDR).unwrap(),
            dec!(1250000)
        );
        assert_eq!(
            parse_amount("a", "1.234,50", Currency::TRY).unwrap(),
            dec!(1234.5)
        );
        assert_eq!(parse_amount("a", "0", Currency::IDR).unwrap(), dec!(0));
    }

    #[test]
    fn a_typed_amount_reads_back_as_itself() {
        // Decimal's own text ("1234.5") would read back as 12345.
        for (amount, cur) in [
            (dec!(1234.5), Currency::TRY),
            (dec!(0.05), Currency::TRY),
            (dec!(9435000), Currency::IDR),
            (dec!(100), Currency::TRY),
        ] {
            assert_eq!(
                parse_amount("a", &typed(amount), cur).unwrap(),
                amount,
                "{amount}"
            );
        }
        assert_eq!(typed(dec!(1234.50)), "1234,5");
    }

    #[test]
    fn bad_amounts_name_the_field() {
        for bad in ["", "abc", "-5", "1,5", "12e3", "99999999999999999999"] {
            let err = parse_amount("down_payment", bad, Currency::IDR).unwrap_err();
            assert_eq!(err.field(), Some("down_payment"), "{bad}");
        }
        assert_eq!(
            parse_optional_amount("x", Some(" "), Currency::IDR).unwrap(),
            None
        );
    }
}
