//! Returns at the showroom (RMA): is this return accepted under the shop's
//! policy? Seed 000 takes returns within 7 calendar days for wrong or
//! damaged goods; seed 001 within 2 working days, only for the shop's own
//! error, sealed and unused. Both are presets of one configurable policy.

use crate::domain::shop::calendar::WorkingCalendar;
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
#[path = "policy_tests.rs"]
mod tests;
