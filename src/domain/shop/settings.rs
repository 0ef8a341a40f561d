//! Counter settings the owner tunes: when an idle counter locks, how much
//! discount a clerk may give alone, and the daily backup. Validation lives
//! here; `store::shop::settings` keeps them.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CounterSettings {
    /// Minutes without input before the counter locks (1–240).
    pub idle_lock_minutes: u32,
    /// A quote line's discount above this share of its price needs an admin
    /// or the owner (0–100 %).
    pub discount_limit_percent: u32,
    /// Folder for the daily backup; None = no daily backup.
    pub backup_dir: Option<String>,
    /// Backups kept in that folder (1–365).
    pub backup_keep: u32,
    pub backup_daily: bool,
    /// Hours an unpaid transfer order waits before it is cancelled (seed 002: 1×24).
    pub payment_window_hours: u32,
    /// Cities and regencies where cash on delivery is offered (default Jabodetabek).
    pub cod_regions: Vec<String>,
    /// Returns at the showroom (default: 7 calendar days, seed 000).
    pub return_policy: crate::domain::returns::ReturnPolicy,
    /// Seed 001: a paid order cannot be cancelled by the customer.
    pub customer_may_cancel_paid: bool,
    /// Seed 000: cancelling after processing started costs an admin fee (%).
    pub cancel_fee_percent: u32,
    /// Shipping fees and delivery estimates (free in Jabodetabek by default).
    pub shipping: crate::domain::sales::shipping::ShippingRules,
    /// Seed 004: a parcel back after failed delivery is sent again for this fee.
    #[ts(type = "number")]
    pub reship_fee: i64,
    /// On-site visits (seed 002): SLA, after-hours surcharge, travel buffer, labour rate.
    pub visits: crate::domain::field::policy::VisitPolicy,
    /// Today lists a repair that has not moved for this many working days (1–60).
    #[serde(default = "default_stale_days")]
    pub stale_ticket_days: u32,
    /// A service order whose customer has not been told of progress for
    /// this many working days is flagged (1–60).
    #[serde(default = "default_stale_days")]
    pub stale_service_days: u32,
}

fn default_stale_days() -> u32 {
    3
}

impl Default for CounterSettings {
    fn default() -> Self {
        CounterSettings {
            idle_lock_minutes: 5,
            discount_limit_percent: 10,
            backup_dir: None,
            backup_keep: 14,
            backup_daily: true,
            payment_window_hours: 24,
            cod_regions: crate::domain::sales::JABODETABEK
                .iter()
                .map(|s| s.to_string())
                .collect(),
            return_policy: crate::domain::returns::ReturnPolicy::default(),
            customer_may_cancel_paid: false,
            cancel_fee_percent: 5,
            shipping: crate::domain::sales::shipping::ShippingRules::default(),
            reship_fee: 25_000,
            visits: crate::domain::field::policy::VisitPolicy::default(),
            stale_ticket_days: default_stale_days(),
            stale_service_days: default_stale_days(),
        }
    }
}

impl CounterSettings {
    pub fn validate(mut self) -> Result<Self> {
        let range = |field: &str, v: u32, lo: u32, hi: u32| {
            crate::error::check::range(field, v.into(), lo.into(), hi.into())
        };
        range("idle_lock_minutes", self.idle_lock_minutes, 1, 240)?;
        range(
            "discount_limit_percent",
            self.discount_limit_percent,
            0,
            100,
        )?;
        range("backup_keep", self.backup_keep, 1, 365)?;
        range("return_policy.window", self.return_policy.window, 1, 90)?;
        range("cancel_fee_percent", self.cancel_fee_percent, 0, 50)?;
        range("stale_ticket_days", self.stale_ticket_days, 1, 60)?;
        range("stale_service_days", self.stale_service_days, 1, 60)?;
        if !(0..=10_000_000).contains(&self.reship_fee) {
            return Err(Error::validation(
                "reship_fee",
                "out_of_range",
                "0 to 10.000.000",
            ));
        }
        range(
            "payment_window_hours",
            self.payment_window_hours,
            1,
            24 * 14,
        )?;
        if self.cod_regions.len() > 200 {
            return Err(Error::validation(
                "cod_regions",
                "too_many",
                "at most 200 regions",
            ));
        }
        self.cod_regions = self
            .cod_regions
            .iter()
            .map(|r| crate::error::check::required("cod_regions", r, 80))
            .collect::<Result<Vec<_>>>()?;
        self.shipping = self.shipping.validate()?;
        self.visits = self.visits.validate()?;
        self.backup_dir =
            crate::error::check::optional("backup_dir", self.backup_dir.as_deref(), 1000)?;
        if let Some(dir) = &self.backup_dir {
            if !std::path::Path::new(dir).is_absolute() {
                return Err(Error::validation(
                    "backup_dir",
                    "invalid_dir",
                    "choose a folder",
                ));
            }
        }
        Ok(self)
    }
}

/// True when `discount` exceeds `limit_percent` of the line's gross amount.
pub fn discount_above_limit(
    gross: rust_decimal::Decimal,
    discount: rust_decimal::Decimal,
    limit_percent: u32,
) -> bool {
    discount * rust_decimal::Decimal::from(100) > gross * rust_decimal::Decimal::from(limit_percent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn defaults_are_valid_and_bounds_are_fields() {
        assert!(CounterSettings::default().validate().is_ok());
        let bad = CounterSettings {
            idle_lock_minutes: 0,
            ..Default::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().field(),
            Some("idle_lock_minutes")
        );
        let bad = CounterSettings {
            discount_limit_percent: 101,
            ..Default::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().field(),
            Some("discount_limit_percent")
        );
        let bad = CounterSettings {
            backup_dir: Some("relative/dir".into()),
            ..Default::default()
        };
        assert_eq!(bad.validate().unwrap_err().field(), Some("backup_dir"));
        let blank = CounterSettings {
            backup_dir: Some("  ".into()),
            ..Default::default()
        };
        assert_eq!(blank.validate().unwrap().backup_dir, None);
    }

    #[test]
    fn discount_limit_boundary() {
        assert!(
            !discount_above_limit(dec!(100000), dec!(10000), 10),
            "exactly 10 % is allowed"
        );
        assert!(discount_above_limit(dec!(100000), dec!(10001), 10));
        assert!(discount_above_limit(dec!(100000), dec!(1), 0));
        assert!(!discount_above_limit(dec!(100000), dec!(100000), 100));
    }
}
