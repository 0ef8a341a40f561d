//! The cash drawer's shift: a drawer (one counter's, named by its branch and
//! counter codes) is opened with a counted float, takes the payments made
//! at that counter, pay-ins and pay-outs with a reason, and is closed with
//! the cash counted against what Konter expects. These are the rules as
//! plain functions: the notes and coins a shop counts, what a pay-in or a
//! pay-out may be for, and the expected cash of a shift from its moves.
//! Nothing here reads a database or decides who may do it.

use crate::domain::money::{self, Currency};
use crate::error::{check, Error, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use ts_rs::TS;

/// Why cash went into or out of the drawer without a sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CashReason {
    /// Topping up the change (pay-in) or the petty-cash box (pay-out).
    PettyCash,
    /// Shop supplies bought with cash (paper rolls, cleaning, small parts).
    Supplies,
    /// Fuel, parking, a courier's ojek.
    Transport,
    /// Meals and drinks for the staff or customers.
    Meals,
    /// Electricity, water, internet paid in cash.
    Utilities,
    /// Cash taken to the bank (pay-out only).
    BankDeposit,
    /// Change brought from the bank or the safe (pay-in only).
    ChangeFromBank,
    /// Anything else: the note says what.
    Other,
}

/// Which way a move without a sale goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CashDirection {
    PayIn,
    PayOut,
}

impl CashReason {
    pub fn as_str(self) -> &'static str {
        match self {
            CashReason::PettyCash => "petty_cash",
            CashReason::Supplies => "supplies",
            CashReason::Transport => "transport",
            CashReason::Meals => "meals",
            CashReason::Utilities => "utilities",
            CashReason::BankDeposit => "bank_deposit",
            CashReason::ChangeFromBank => "change_from_bank",
            CashReason::Other => "other",
        }
    }

    /// Whether the reason makes sense for the direction: expenses and a bank
    /// deposit leave the drawer, change from the bank comes in.
    pub fn fits(self, direction: CashDirection) -> bool {
        match self {
            CashReason::Supplies
            | CashReason::Transport
            | CashReason::Meals
            | CashReason::Utilities
            | CashReason::BankDeposit => direction == CashDirection::PayOut,
            CashReason::ChangeFromBank => direction == CashDirection::PayIn,
            CashReason::PettyCash | CashReason::Other => true,
        }
    }
}

/// Checks a pay-in or pay-out: a positive amount, a reason that fits the
/// direction and a note (required for "other", at most 200 characters).
pub fn check_move(
    direction: CashDirection,
    reason: CashReason,
    amount: Decimal,
    note: Option<&str>,
) -> Result<Option<String>> {
    if amount <= Decimal::ZERO {
        return Err(Error::validation(
            "amount",
            "not_positive",
            "must be more than zero",
        ));
    }
    if !reason.fits(direction) {
        return Err(Error::validation(
            "reason",
            "reason_mismatch",
            "this reason does not fit the direction",
        ));
    }
    let note = check::optional("note", note, 200)?;
    if reason == CashReason::Other && note.is_none() {
        return Err(Error::validation("note", "required", "say what it was for"));
    }
    Ok(note)
}

/// The notes and coins in circulation, largest first, as typed amounts.
pub fn denominations(currency: Currency) -> &'static [&'static str] {
    match currency {
        Currency::IDR => &[
            "100000", "50000", "20000", "10000", "5000", "2000", "1000", "500", "200", "100",
        ],
        Currency::TRY => &[
            "200", "100", "50", "20", "10", "5", "1", "0.50", "0.25", "0.10", "0.05",
        ],
    }
}

/// One denomination as counted: "50000" × 7.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DenominationCount {
    pub value: String,
    #[ts(type = "number")]
    pub count: i64,
}

/// The total of a count by denomination. Each value must be one the
/// currency has, each at most once, each count 0 to 100 000.
pub fn count_total(currency: Currency, counts: &[DenominationCount]) -> Result<Decimal> {
    let known = denominations(currency);
    let mut seen: Vec<Decimal> = vec![];
    let mut total = Decimal::ZERO;
    for c in counts {
        let value = Decimal::from_str(c.value.trim()).ok().filter(|v| {
            known
                .iter()
                .any(|k| Decimal::from_str(k).ok().as_ref() == Some(v))
        });
        let Some(value) = value else {
            return Err(Error::validation(
                "denominations",
                "unknown_denomination",
                format!("{} is not a note or coin of {}", c.value, currency.code()),
            ));
        };
        if seen.contains(&value) {
            return Err(Error::validation(
                "denominations",
                "duplicate_denomination",
                format!("{} counted twice", c.value),
            ));
        }
        seen.push(value);
        if !(0..=100_000).contains(&c.count) {
            return Err(Error::validation(
                "denominations",
                "out_of_range",
                "a count is 0 to 100000",
            ));
        }
        total += value * Decimal::from(c.count);
    }
    Ok(money::round(total, currency))
}

/// What the drawer should hold: the float plus every cash move of the
/// shift (payments in, refunds and pay-outs as negative amounts), in minor
/// units. Moves in another method do not touch the cash.
pub fn expected_cash<'a>(float: i64, moves: impl IntoIterator<Item = (&'a str, i64)>) -> i64 {
    float
        + moves
            .into_iter()
            .filter(|(method, _)| *method == "cash")
            .map(|(_, amount)| amount)
            .sum::<i64>()
}

/// Checks a close: the counted cash (typed or from the count by
/// denomination, which must agree when both are given) and a note when it
/// differs from the expected cash. Returns the counted amount and the note.
pub fn check_close(
    currency: Currency,
    counted: Option<&str>,
    counts: &[DenominationCount],
    expected: Decimal,
    note: Option<&str>,
) -> Result<(Decimal, Option<String>)> {
    let typed = crate::domain::payment::parse_optional_amount("counted", counted, currency)?;
    let by_count = (!counts.is_empty())
        .then(|| count_total(currency, counts))
        .transpose()?;
    let counted = match (typed, by_count) {
        (Some(t), Some(c)) if t != c => {
            return Err(Error::validation(
                "counted",
                "count_mismatch",
                format!("the notes and coins add up to {c}"),
            ))
        }
        (Some(t), _) => t,
        (None, Some(c)) => c,
        (None, None) => {
            return Err(Error::validation(
                "counted",
                "required",
                "count the cash in the drawer",
            ))
        }
    };
    let note = check::optional("note", note, 500)?;
    if counted != expected && note.is_none() {
        return Err(Error::validation(
            "note",
            "required",
            "explain the difference",
        ));
    }
    Ok((counted, note))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn count(value: &str, count: i64) -> DenominationCount {
        DenominationCount {
            value: value.into(),
            count,
        }
    }

    #[test]
    fn reasons_fit_their_direction() {
        use CashDirection::*;
        use CashReason::*;
        let table = [
            (PettyCash, true, true),
            (Supplies, false, true),
            (Transport, false, true),
            (Meals, false, true),
            (Utilities, false, true),
            (BankDeposit, false, true),
            (ChangeFromBank, true, false),
            (Other, true, true),
        ];
        for (reason, pay_in, pay_out) in table {
            assert_eq!(reason.fits(PayIn), pay_in, "{reason:?} in");
            assert_eq!(reason.fits(PayOut), pay_out, "{reason:?} out");
        }
    }

    #[test]
    fn moves_are_checked() {
        use CashDirection::*;
        use CashReason::*;
        let field = |r: Result<Option<String>>| match r {
            Err(Error::Validation { field, code, .. }) => format!("{field}:{code}"),
            other => format!("{other:?}"),
        };
        assert_eq!(
            field(check_move(PayOut, Meals, dec!(0), None)),
            "amount:not_positive"
        );
        assert_eq!(
            field(check_move(PayOut, Meals, dec!(-5), None)),
            "amount:not_positive"
        );
        assert_eq!(
            field(check_move(PayIn, Meals, dec!(5), None)),
            "reason:reason_mismatch"
        );
        assert_eq!(
            field(check_move(PayOut, Other, dec!(5), Some("  "))),
            "note:required"
        );
        let long = "x".repeat(201);
        assert_eq!(
            field(check_move(PayOut, Meals, dec!(5), Some(&long))),
            "note:too_long"
        );
        assert_eq!(
            check_move(PayOut, Other, dec!(5), Some(" galon ")).unwrap(),
            Some("galon".into())
        );
        assert_eq!(
            check_move(PayIn, ChangeFromBank, dec!(5), None).unwrap(),
            None
        );
    }

    #[test]
    fn counts_add_up_by_denomination() {
        let c = [count("100000", 3), count("5000", 2), count("500", 1)];
        assert_eq!(count_total(Currency::IDR, &c).unwrap(), dec!(310500));
        let t = [count("0.25", 3), count("20", 1), count("0.5", 1)];
        assert_eq!(count_total(Currency::TRY, &t).unwrap(), dec!(21.25));
        for (bad, code) in [
            (vec![count("75000", 1)], "unknown_denomination"),
            (vec![count("0.25", 1)], "unknown_denomination"),
            (vec![count("abc", 1)], "unknown_denomination"),
            (vec![count("1000", -1)], "out_of_range"),
            (vec![count("1000", 100_001)], "out_of_range"),
            (
                vec![count("1000", 1), count("1000.0", 1)],
                "duplicate_denomination",
            ),
        ] {
            match count_total(Currency::IDR, &bad) {
                Err(Error::Validation { code: c, .. }) => assert_eq!(c, code, "{bad:?}"),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn expected_cash_counts_only_cash() {
        let moves = [
            ("cash", 150_000),
            ("qris", 99_000),
            ("cash", -20_000),
            ("card", 1),
        ];
        assert_eq!(expected_cash(500_000, moves), 630_000);
        assert_eq!(expected_cash(0, []), 0);
    }

    #[test]
    fn a_close_needs_a_count_and_explains_a_difference() {
        let cur = Currency::IDR;
        let err = |r: Result<(Decimal, Option<String>)>| match r {
            Err(Error::Validation { field, code, .. }) => format!("{field}:{code}"),
            other => format!("{other:?}"),
        };
        assert_eq!(
            err(check_close(cur, None, &[], dec!(100), None)),
            "counted:required"
        );
        assert_eq!(
            err(check_close(cur, Some("-5"), &[], dec!(100), None)),
            "counted:negative"
        );
        assert_eq!(
            err(check_close(cur, Some("90"), &[], dec!(100), None)),
            "note:required"
        );
        let c = [count("50000", 2)];
        assert_eq!(
            err(check_close(cur, Some("90.000"), &c, dec!(100000), None)),
            "counted:count_mismatch"
        );
        assert_eq!(
            check_close(cur, None, &c, dec!(100000), None).unwrap(),
            (dec!(100000), None)
        );
        assert_eq!(
            check_close(cur, Some("95.000"), &[], dec!(100000), Some("kembalian")).unwrap(),
            (dec!(95000), Some("kembalian".into()))
        );
        assert_eq!(
            check_close(cur, Some("0"), &[], dec!(0), None).unwrap(),
            (dec!(0), None)
        );
    }
}
