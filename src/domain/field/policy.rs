//! The shop's rules for on-site visits, set in Settings: the SLA (next
//! business day, never later than so many working hours), the after-hours
//! surcharge (a fixed amount or a share of the visit's quote), the travel
//! time kept free between two visits of one technician, and the labour rate
//! that prices a paid visit's working time on its invoice.

use crate::domain::field::sla::{SlaRules, Surcharge};
use crate::domain::money::{self, Currency};
use crate::error::check::range;
use crate::error::Result;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VisitPolicy {
    pub sla: SlaRules,
    pub surcharge: Surcharge,
    /// Minutes kept free between two visits of one technician.
    pub travel_buffer_minutes: u32,
    /// Labour per started quarter hour is billed at this rate per hour
    /// (minor units of the shop's currency); 0 = labour is not billed.
    #[ts(type = "number")]
    pub labour_per_hour: i64,
}

impl Default for VisitPolicy {
    fn default() -> Self {
        VisitPolicy {
            sla: SlaRules::default(),
            surcharge: Surcharge::default(),
            travel_buffer_minutes: 30,
            labour_per_hour: 150_000,
        }
    }
}

impl VisitPolicy {
    pub fn validate(self) -> Result<Self> {
        range(
            "visits.sla.max_working_hours",
            self.sla.max_working_hours.into(),
            1,
            240,
        )?;
        range(
            "visits.sla.at_risk_minutes",
            self.sla.at_risk_minutes.into(),
            0,
            24 * 60,
        )?;
        match self.surcharge {
            Surcharge::Fixed { amount } => {
                range("visits.surcharge.amount", amount, 0, 100_000_000)?
            }
            Surcharge::Percent { percent } => {
                range("visits.surcharge.percent", percent.into(), 0, 300)?
            }
        }
        range(
            "visits.travel_buffer_minutes",
            self.travel_buffer_minutes.into(),
            0,
            240,
        )?;
        range(
            "visits.labour_per_hour",
            self.labour_per_hour,
            0,
            100_000_000,
        )?;
        Ok(self)
    }

    /// What `minutes` of labour cost: started quarter hours at the hourly rate.
    pub fn labour(&self, minutes: u32, cur: Currency) -> Decimal {
        let quarters = Decimal::from(minutes.div_ceil(15));
        money::round(
            money::from_minor(self.labour_per_hour, cur) * quarters / Decimal::from(4),
            cur,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn labour_is_billed_per_started_quarter_hour() {
        let p = VisitPolicy::default();
        let idr = Currency::IDR;
        assert_eq!(p.labour(0, idr), dec!(0));
        assert_eq!(p.labour(1, idr), dec!(37500));
        assert_eq!(p.labour(15, idr), dec!(37500));
        assert_eq!(p.labour(16, idr), dec!(75000));
        assert_eq!(p.labour(90, idr), dec!(225000));
        let free = VisitPolicy {
            labour_per_hour: 0,
            ..p
        };
        assert_eq!(free.labour(90, idr), dec!(0));
    }

    #[test]
    fn out_of_range_values_name_their_field() {
        let p = VisitPolicy::default();
        let cases = [
            (
                VisitPolicy {
                    sla: SlaRules {
                        max_working_hours: 0,
                        ..p.sla
                    },
                    ..p
                },
                "visits.sla.max_working_hours",
            ),
            (
                VisitPolicy {
                    surcharge: Surcharge::Percent { percent: 301 },
                    ..p
                },
                "visits.surcharge.percent",
            ),
            (
                VisitPolicy {
                    surcharge: Surcharge::Fixed { amount: -1 },
                    ..p
                },
                "visits.surcharge.amount",
            ),
            (
                VisitPolicy {
                    travel_buffer_minutes: 241,
                    ..p
                },
                "visits.travel_buffer_minutes",
            ),
            (
                VisitPolicy {
                    labour_per_hour: -5,
                    ..p
                },
                "visits.labour_per_hour",
            ),
        ];
        for (policy, field) in cases {
            assert_eq!(policy.validate().unwrap_err().field(), Some(field));
        }
        assert_eq!(p.validate().unwrap(), p);
    }
}
