//! On-site visits' service level (seed 002): a visit is due the next
//! business day by default, and never later than 2×24 working hours after
//! the request, both on the branch's working calendar and both
//! configurable. A visit is on time, at risk (little working time left) or
//! breached. A visit outside working hours (evening, weekend, holiday) only
//! happens when the customer accepts the surcharge.

use crate::domain::money::{self, Currency};
use crate::domain::shop::calendar::WorkingCalendar;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SlaRules {
    /// Due by the close of the next business day after the request.
    pub next_business_day: bool,
    /// … and never later than this many working hours after it.
    pub max_working_hours: u32,
    /// At risk when less working time than this is left.
    pub at_risk_minutes: u32,
}

impl Default for SlaRules {
    fn default() -> Self {
        SlaRules {
            next_business_day: true,
            max_working_hours: 48,
            at_risk_minutes: 120,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    OnTime,
    AtRisk,
    Breached,
}

/// When a visit requested at `requested` is due.
pub fn due(requested: DateTime<Utc>, rules: &SlaRules, cal: &WorkingCalendar) -> DateTime<Utc> {
    let cap = cal.add_working_hours(requested, rules.max_working_hours);
    if !rules.next_business_day {
        return cap;
    }
    let day = cal.next_business_day(cal.local_date(requested));
    cal.closing(day).map_or(cap, |close| close.min(cap))
}

/// The visit's state at `now`, or when it was done (`done`).
pub fn state(
    due: DateTime<Utc>,
    done: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    rules: &SlaRules,
    cal: &WorkingCalendar,
) -> SlaState {
    let at = done.unwrap_or(now);
    if at > due {
        return SlaState::Breached;
    }
    let risk = i64::from(rules.at_risk_minutes);
    if done.is_none() && cal.working_minutes_capped(now, due, risk) < risk {
        return SlaState::AtRisk;
    }
    SlaState::OnTime
}

/// A surcharge for visits outside working hours: a fixed amount or a
/// percentage of the visit's quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Surcharge {
    Fixed {
        #[ts(type = "number")]
        amount: i64,
    },
    Percent {
        percent: u32,
    },
}

impl Default for Surcharge {
    fn default() -> Self {
        Surcharge::Percent { percent: 50 }
    }
}

impl Surcharge {
    pub fn amount(&self, quote: Decimal, cur: Currency) -> Decimal {
        match *self {
            Surcharge::Fixed { amount } => money::from_minor(amount, cur),
            Surcharge::Percent { percent } => {
                money::round(quote * Decimal::from(percent) / Decimal::from(100), cur)
            }
        }
    }
}

/// Whether a visit from `start` to `end` lies wholly in working time.
pub fn within_hours(start: DateTime<Utc>, end: DateTime<Utc>, cal: &WorkingCalendar) -> bool {
    if end <= start {
        return false;
    }
    cal.is_working_time(start)
        && cal.local_date(start) == cal.local_date(end - chrono::Duration::seconds(1))
        && cal.working_minutes_between(start, end) == (end - start).num_minutes()
}
