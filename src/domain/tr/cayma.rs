//! Cayma hakkı (Mesafeli Sözleşmeler Yönetmeliği, issue 18): a consumer who
//! bought at a distance (a web order delivered to them) may withdraw within
//! 14 days of delivery without giving a reason, except for the goods the
//! regulation names (a product flag); the shop refunds within 14 days of
//! the withdrawal, and return shipping through the shop's carrier is the
//! shop's.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Days after delivery a consumer may withdraw.
pub const WITHDRAWAL_DAYS: i64 = 14;
/// Days after the withdrawal the refund is due by.
pub const REFUND_DAYS: i64 = 14;

/// Goods the regulation takes out of the right (art. 15), as a product flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalException {
    /// Made to the customer's wishes or personalised.
    Personalised,
    /// Software, audio or video whose seal or packaging was opened.
    OpenedSoftware,
    /// Hygiene goods whose protective packaging was opened.
    OpenedHygiene,
    /// Goods that spoil quickly or pass their use-by date.
    Perishable,
}

/// Why a withdrawal is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalRefusal {
    NotDelivered,
    TooLate,
    Excepted(WithdrawalException),
}

/// The last day to withdraw from a delivery on `delivered`.
pub fn withdrawal_ends(delivered: NaiveDate) -> NaiveDate {
    delivered + Duration::days(WITHDRAWAL_DAYS)
}

/// Whether a consumer may withdraw on `today`; the refund's last day if so.
pub fn withdraw(
    delivered: Option<NaiveDate>,
    today: NaiveDate,
    exception: Option<WithdrawalException>,
) -> Result<NaiveDate, WithdrawalRefusal> {
    let delivered = delivered.ok_or(WithdrawalRefusal::NotDelivered)?;
    if let Some(e) = exception {
        return Err(WithdrawalRefusal::Excepted(e));
    }
    if today > withdrawal_ends(delivered) {
        return Err(WithdrawalRefusal::TooLate);
    }
    Ok(today + Duration::days(REFUND_DAYS))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn fourteen_days_from_delivery_and_the_regulations_exceptions() {
        assert_eq!(withdrawal_ends(d(11, 20)), d(12, 4));
        assert_eq!(withdraw(Some(d(11, 20)), d(12, 4), None), Ok(d(12, 18)));
        assert_eq!(
            withdraw(Some(d(11, 20)), d(12, 5), None),
            Err(WithdrawalRefusal::TooLate)
        );
        assert_eq!(
            withdraw(None, d(11, 21), None),
            Err(WithdrawalRefusal::NotDelivered)
        );
        let opened = Some(WithdrawalException::OpenedSoftware);
        assert_eq!(
            withdraw(Some(d(11, 20)), d(11, 21), opened),
            Err(WithdrawalRefusal::Excepted(
                WithdrawalException::OpenedSoftware
            ))
        );
    }
}
