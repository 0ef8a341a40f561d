//! What a service order's confirmation agrees to (its scope: requirements,
//! priced lines, milestones, acceptance criteria, payment terms and the
//! support period), checked as one; what each invoice of the terms
//! charges; the support period's end and the days left.
//!
//! Payment terms are one model for the three the shops use: a share before
//! the work starts (100 % = paid in full, 30 % = a down payment), a share
//! per milestone when it is done, and the rest on acceptance. Each
//! instalment's total and PPN are the share of the order's, rounded; the
//! final one takes what the earlier invoices left, so the invoices of an
//! order add up to its total and its tax to the last rupiah.

use crate::domain::money::{self, Currency};
use crate::domain::totals::{self, Line, Totals};
use crate::error::{check, Error, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Milestone {
    pub title: String,
    /// YYYY-MM-DD, the planned date.
    pub planned_on: String,
    /// What the customer gets at this milestone.
    pub deliverable: String,
    /// Share of the order's total invoiced when this milestone is done.
    pub pay_percent: u32,
}

/// The confirmation's content as agreed; stored with each revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ServiceScope {
    pub title: String,
    /// The requirements as discussed with the customer.
    pub requirements: String,
    /// The requirement checklist (e.g. "8 kamera outdoor", "NVR 2 TB").
    pub checklist: Vec<String>,
    pub site_address: String,
    /// Services and goods quoted.
    pub lines: Vec<Line>,
    pub milestones: Vec<Milestone>,
    /// What the handover is checked against.
    pub acceptance_criteria: Vec<String>,
    /// Share of the total invoiced before the work starts (0–100).
    pub deposit_percent: u32,
    /// The support period after acceptance, in days (0 = none).
    pub support_days: u32,
    /// What the support period covers.
    pub support_scope: String,
    /// Further terms printed on the confirmation.
    pub terms: String,
}

fn list(field: &str, items: &[String], lo: usize, hi: usize, max: usize) -> Result<Vec<String>> {
    if items.len() < lo || items.len() > hi {
        let code = if items.len() < lo {
            "required"
        } else {
            "too_many"
        };
        return Err(Error::validation(
            field,
            code,
            format!("{lo} to {hi} items"),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, s)| check::required(&format!("{field}.{i}"), s, max))
        .collect()
}

fn date(field: &str, v: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .map_err(|_| Error::validation(field, "invalid_date", "YYYY-MM-DD"))
}

impl ServiceScope {
    /// The scope with every field checked and trimmed; the first bad field
    /// is the error.
    pub fn checked(&self, currency: Currency) -> Result<ServiceScope> {
        let title = check::required("title", &self.title, 120)?;
        let requirements = check::required("requirements", &self.requirements, 4000)?;
        let checklist = list("checklist", &self.checklist, 0, 30, 200)?;
        let site_address = check::required("site_address", &self.site_address, 300)?;
        if self.lines.is_empty() || self.lines.len() > 100 {
            return Err(Error::validation("lines", "required", "1 to 100 lines"));
        }
        let lines = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| l.validate(i, currency))
            .collect::<Result<Vec<_>>>()?;
        if self.milestones.is_empty() || self.milestones.len() > 20 {
            return Err(Error::validation(
                "milestones",
                "required",
                "1 to 20 milestones",
            ));
        }
        let mut milestones = Vec::with_capacity(self.milestones.len());
        let mut shares = self.deposit_percent;
        check::range("deposit_percent", self.deposit_percent.into(), 0, 100)?;
        for (i, m) in self.milestones.iter().enumerate() {
            let f = |n: &str| format!("milestones.{i}.{n}");
            let planned = date(&f("planned_on"), &m.planned_on)?;
            check::range(&f("pay_percent"), m.pay_percent.into(), 0, 100)?;
            shares += m.pay_percent;
            if shares > 100 {
                return Err(Error::validation(
                    &f("pay_percent"),
                    "over_100",
                    "the down payment and milestones add up to more than 100 %",
                ));
            }
            milestones.push(Milestone {
                title: check::required(&f("title"), &m.title, 120)?,
                planned_on: planned.to_string(),
                deliverable: check::required(&f("deliverable"), &m.deliverable, 500)?,
                pay_percent: m.pay_percent,
            });
        }
        let acceptance_criteria =
            list("acceptance_criteria", &self.acceptance_criteria, 1, 30, 300)?;
        check::range("support_days", self.support_days.into(), 0, 1095)?;
        let support_scope = if self.support_days > 0 {
            check::required("support_scope", &self.support_scope, 500)?
        } else {
            check::optional("support_scope", Some(&self.support_scope), 500)?.unwrap_or_default()
        };
        let terms = check::optional("terms", Some(&self.terms), 2000)?.unwrap_or_default();
        Ok(ServiceScope {
            title,
            requirements,
            checklist,
            site_address,
            lines,
            milestones,
            acceptance_criteria,
            deposit_percent: self.deposit_percent,
            support_days: self.support_days,
            support_scope,
            terms,
        })
    }

    pub fn totals(&self, rate: Decimal, tax_inclusive: bool, currency: Currency) -> Totals {
        totals::compute(&self.lines, rate, tax_inclusive, currency)
    }

    /// The share invoiced at the end, on acceptance.
    pub fn final_percent(&self) -> u32 {
        100 - self.deposit_percent - self.milestones.iter().map(|m| m.pay_percent).sum::<u32>()
    }
}

/// Which invoice of the terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind", content = "milestone")]
pub enum Instalment {
    Deposit,
    /// A milestone's share (1-based).
    Milestone(u32),
    Final,
}

impl Instalment {
    pub fn as_str(self) -> &'static str {
        match self {
            Instalment::Deposit => "deposit",
            Instalment::Milestone(_) => "milestone",
            Instalment::Final => "final",
        }
    }

    /// The line the invoice prints (Bahasa Indonesia).
    pub fn description(self, order: &str, percent: u32, title: &str) -> String {
        match self {
            Instalment::Deposit if percent == 100 => format!("Pembayaran penuh {order}: {title}"),
            Instalment::Deposit => format!("Uang muka {percent}% {order}: {title}"),
            Instalment::Milestone(k) => {
                format!("Termin tahap {k} ({percent}%) {order}: {title}")
            }
            Instalment::Final => format!("Pelunasan {order}: {title}"),
        }
    }
}

/// What one invoice charges: its subtotal (as its one line shows it),
/// base (DPP), tax and total. `cumulative` is the share of the order
/// invoiced once this one is (the earlier instalments' shares plus its
/// own; 100 for the final one), `invoiced` what earlier invoices charged.
/// Base and tax are each the cumulative share of the order's, rounded,
/// less what was invoiced: no invoice is ever negative, and at 100 % the
/// invoices add up to the order's base and tax exactly.
pub fn charge(
    cumulative: u32,
    order: &Totals,
    invoiced: &Totals,
    tax_inclusive: bool,
    currency: Currency,
) -> Totals {
    let share = Decimal::from(cumulative.min(100)) / Decimal::from(100);
    let base = (money::round(order.base * share, currency) - invoiced.base).max(Decimal::ZERO);
    let tax = (money::round(order.tax * share, currency) - invoiced.tax).max(Decimal::ZERO);
    let total = base + tax;
    Totals {
        subtotal: if tax_inclusive { total } else { base },
        base,
        tax,
        total,
    }
}

/// The sum of invoices' totals.
pub fn sum<'a>(all: impl IntoIterator<Item = &'a Totals>) -> Totals {
    let zero = Totals {
        subtotal: Decimal::ZERO,
        base: Decimal::ZERO,
        tax: Decimal::ZERO,
        total: Decimal::ZERO,
    };
    all.into_iter().fold(zero, |a, t| Totals {
        subtotal: a.subtotal + t.subtotal,
        base: a.base + t.base,
        tax: a.tax + t.tax,
        total: a.total + t.total,
    })
}

/// The last day of support (included) for work accepted on `accepted_on`.
pub fn support_ends(accepted_on: NaiveDate, days: u32) -> Option<NaiveDate> {
    (days > 0).then(|| accepted_on + chrono::Duration::days(i64::from(days) - 1))
}

/// Days of support left on `today` (0 once it has ended; the last day counts).
pub fn support_days_left(today: NaiveDate, ends: Option<NaiveDate>) -> u32 {
    match ends {
        Some(e) if e >= today => ((e - today).num_days() + 1) as u32,
        _ => 0,
    }
}

#[cfg(test)]
#[path = "terms_tests.rs"]
mod tests;
