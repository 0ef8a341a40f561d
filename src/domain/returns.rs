//! Returns at the showroom (RMA): is this return accepted under the shop's
//! policy? Seed 000 takes returns within 7 calendar days for wrong or
//! damaged goods; seed 001 within 2 working days, only for the shop's own
//! error, sealed and unused. Both are presets of one configurable policy.

use crate::domain::calendar::WorkingCalendar;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WindowUnit {
    CalendarDays,
    WorkingDays,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReturnPolicy {
    pub window: u32,
    pub unit: WindowUnit,
    /// The customer's own mistake (ordered the wrong item, changed mind) is refused.
    pub refuse_customer_mistake: bool,
    /// A refund needs the goods sealed and unused.
    pub refund_needs_sealed_unused: bool,
}

impl ReturnPolicy {
    /// Seed 000: 7 calendar days, wrong or damaged goods.
    pub fn seven_days() -> Self {
        ReturnPolicy {
            window: 7,
            unit: WindowUnit::CalendarDays,
            refuse_customer_mistake: true,
            refund_needs_sealed_unused: false,
        }
    }

    /// Seed 001: 2 working days, the shop's error only, sealed and unused.
    pub fn two_working_days() -> Self {
        ReturnPolicy {
            window: 2,
            unit: WindowUnit::WorkingDays,
            refuse_customer_mistake: true,
            refund_needs_sealed_unused: true,
        }
    }
}

impl Default for ReturnPolicy {
    fn default() -> Self {
        Self::seven_days()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReturnReason {
    WrongItem,
    /// The parcel's content does not match its invoice (seed 004).
    InvoiceMismatch,
    Defective,
    DamagedInTransit,
    /// Ordered the wrong thing, changed their mind.
    CustomerMistake,
}

impl ReturnReason {
    /// Who bears the cost of sending the goods back (seed 004: an invoice
    /// and content mismatch is the shop's).
    pub fn shipping_payer(self) -> ShippingPayer {
        if self == ReturnReason::CustomerMistake {
            ShippingPayer::Customer
        } else {
            ShippingPayer::Shop
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ShippingPayer {
    Shop,
    Customer,
}

impl ShippingPayer {
    pub fn as_str(self) -> &'static str {
        match self {
            ShippingPayer::Shop => "shop",
            ShippingPayer::Customer => "customer",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct Condition {
    pub seal_intact: bool,
    pub unused: bool,
    pub complete: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReturnOutcome {
    Exchange,
    Refund,
    /// The unit goes to the service desk as a repair ticket.
    Repair,
}

/// Why a return is refused, in words a clerk can read to the customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    OutsideWindow {
        days: u32,
        window: u32,
        unit: WindowUnit,
    },
    CustomerMistake,
    NotSealedOrUsed,
    Incomplete,
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::OutsideWindow { .. } => "return_window_passed",
            Refusal::CustomerMistake => "return_customer_mistake",
            Refusal::NotSealedOrUsed => "return_not_sealed",
            Refusal::Incomplete => "return_incomplete",
        }
    }

    pub fn message_id(&self) -> String {
        match self {
            Refusal::OutsideWindow { days, window, unit } => {
                let u = if *unit == WindowUnit::WorkingDays {
                    "hari kerja"
                } else {
                    "hari"
                };
                format!("Sudah {days} {u} sejak barang diterima; batas pengembalian {window} {u}.")
            }
            Refusal::CustomerMistake => {
                "Kesalahan pemesanan dari pelanggan tidak dapat ditukar atau dikembalikan.".into()
            }
            Refusal::NotSealedOrUsed => {
                "Pengembalian dana hanya untuk barang bersegel dan belum dipakai.".into()
            }
            Refusal::Incomplete => {
                "Barang harus dikembalikan lengkap dengan kelengkapannya.".into()
            }
        }
    }
}

/// Days counted since the goods were received, as the policy counts them.
pub fn days_since(
    policy: &ReturnPolicy,
    received: chrono::NaiveDate,
    today: chrono::NaiveDate,
    cal: &WorkingCalendar,
) -> u32 {
    match policy.unit {
        WindowUnit::CalendarDays => (today - received).num_days().max(0) as u32,
        WindowUnit::WorkingDays => cal.working_days_between(received, today),
    }
}

/// What the customer gets back for `qty` of an order line: the line's
/// price for those units, less their share of the line discount and of the
/// order's coupon, plus the PPN charged on them when prices exclude tax.
#[allow(clippy::too_many_arguments)]
pub fn refund_amount(
    line: &crate::domain::totals::Line,
    qty: rust_decimal::Decimal,
    taxed: bool,
    order_subtotal: rust_decimal::Decimal,
    order_discount: rust_decimal::Decimal,
    rate: rust_decimal::Decimal,
    tax_inclusive: bool,
    cur: crate::domain::money::Currency,
) -> rust_decimal::Decimal {
    use crate::domain::money;
    use rust_decimal::Decimal;
    if line.qty.is_zero() {
        return Decimal::ZERO;
    }
    let gross = line.unit_price * qty - line.discount * qty / line.qty;
    let coupon = if order_subtotal.is_zero() {
        Decimal::ZERO
    } else {
        order_discount * gross / order_subtotal
    };
    let net = money::round(gross - coupon, cur).max(Decimal::ZERO);
    if taxed && !tax_inclusive {
        net + money::round(net * rate, cur)
    } else {
        net
    }
}

/// The verdict on one return request.
pub fn check(
    policy: &ReturnPolicy,
    received: chrono::NaiveDate,
    today: chrono::NaiveDate,
    cal: &WorkingCalendar,
    reason: ReturnReason,
    condition: Condition,
    outcome: ReturnOutcome,
) -> Result<(), Refusal> {
    let days = days_since(policy, received, today, cal);
    if days > policy.window {
        return Err(Refusal::OutsideWindow {
            days,
            window: policy.window,
            unit: policy.unit,
        });
    }
    if reason == ReturnReason::CustomerMistake && policy.refuse_customer_mistake {
        return Err(Refusal::CustomerMistake);
    }
    if outcome != ReturnOutcome::Repair && !condition.complete {
        return Err(Refusal::Incomplete);
    }
    if outcome == ReturnOutcome::Refund
        && policy.refund_needs_sealed_unused
        && !(condition.seal_intact && condition.unused)
    {
        return Err(Refusal::NotSealedOrUsed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
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
}
