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
mod tests {
    use super::*;
    use crate::domain::totals::LineKind;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    pub(crate) fn scope() -> ServiceScope {
        ServiceScope {
            title: "CCTV 8 kamera".into(),
            requirements: "Gudang dan kantor, rekaman 14 hari".into(),
            checklist: vec!["8 kamera outdoor".into()],
            site_address: "Jl. Gudang 1".into(),
            lines: vec![Line {
                kind: LineKind::Part,
                description: "Kamera".into(),
                qty: dec!(8),
                unit_price: dec!(1250000),
                discount: Decimal::ZERO,
            }],
            milestones: vec![
                Milestone {
                    title: "Kabel".into(),
                    planned_on: "2026-12-07".into(),
                    deliverable: "Kabel terpasang".into(),
                    pay_percent: 20,
                },
                Milestone {
                    title: "Kamera".into(),
                    planned_on: "2026-12-09".into(),
                    deliverable: "Rekaman jalan".into(),
                    pay_percent: 0,
                },
            ],
            acceptance_criteria: vec!["Semua kamera merekam".into()],
            deposit_percent: 30,
            support_days: 90,
            support_scope: "Gangguan rekaman".into(),
            terms: String::new(),
        }
    }

    #[test]
    fn a_scope_is_checked_field_by_field() {
        let cur = Currency::IDR;
        let ok = scope().checked(cur).unwrap();
        assert_eq!(ok.final_percent(), 50);
        type Case = (Box<dyn Fn(&mut ServiceScope)>, &'static str, &'static str);
        let cases: Vec<Case> = vec![
            (Box::new(|s| s.title = " ".into()), "title", "required"),
            (
                Box::new(|s| s.requirements = "x".repeat(4001)),
                "requirements",
                "too_long",
            ),
            (Box::new(|s| s.lines.clear()), "lines", "required"),
            (
                Box::new(|s| s.lines[0].qty = dec!(-1)),
                "lines.0.qty",
                "invalid_qty",
            ),
            (Box::new(|s| s.milestones.clear()), "milestones", "required"),
            (
                Box::new(|s| s.milestones[1].planned_on = "9 Des".into()),
                "milestones.1.planned_on",
                "invalid_date",
            ),
            (
                Box::new(|s| s.milestones[1].pay_percent = 51),
                "milestones.1.pay_percent",
                "over_100",
            ),
            (
                Box::new(|s| s.deposit_percent = 101),
                "deposit_percent",
                "out_of_range",
            ),
            (
                Box::new(|s| s.acceptance_criteria.clear()),
                "acceptance_criteria",
                "required",
            ),
            (
                Box::new(|s| s.support_scope = "".into()),
                "support_scope",
                "required",
            ),
            (
                Box::new(|s| s.support_days = 2000),
                "support_days",
                "out_of_range",
            ),
            (
                Box::new(|s| s.checklist = vec!["".into()]),
                "checklist.0",
                "required",
            ),
        ];
        for (change, field, code) in cases {
            let mut s = scope();
            change(&mut s);
            let e = s.checked(cur).unwrap_err();
            assert_eq!((e.field(), e.code()), (Some(field), Some(code)), "{e:?}");
        }
        let mut none = scope();
        none.support_days = 0;
        none.support_scope = String::new();
        assert!(none.checked(cur).is_ok());
    }

    #[test]
    fn instalments_are_shares_and_the_final_takes_the_rest() {
        let cur = Currency::IDR;
        let order = scope().totals(dec!(0.11), false, cur);
        assert_eq!(order.total, dec!(11100000));
        let d = charge(30, &order, &sum([]), false, cur);
        assert_eq!(
            (d.base, d.tax, d.total),
            (dec!(3000000), dec!(330000), dec!(3330000))
        );
        let m = charge(50, &order, &d, false, cur);
        let f = charge(100, &order, &sum([&d, &m]), false, cur);
        let all = sum([&d, &m, &f]);
        assert_eq!((all.total, all.tax), (order.total, order.tax));
        assert_eq!(f.total, dec!(5550000));
    }

    #[test]
    fn support_counts_its_last_day() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let ends = support_ends(d("2026-12-10"), 90);
        assert_eq!(ends, Some(d("2027-03-09")));
        assert_eq!(support_days_left(d("2026-12-10"), ends), 90);
        assert_eq!(support_days_left(d("2027-03-09"), ends), 1);
        assert_eq!(support_days_left(d("2027-03-10"), ends), 0);
        assert_eq!(support_ends(d("2026-12-10"), 0), None);
        assert_eq!(support_days_left(d("2026-12-10"), None), 0);
    }

    proptest! {
        /// Whatever the shares and prices, the invoices add up to the
        /// order's total and tax, and none is negative.
        #[test]
        fn invoices_add_up_to_the_order(
            minor in 1i64..10_000_000_000,
            deposit in 0u32..=100,
            ms in proptest::collection::vec(0u32..=40, 0..5),
            inclusive: bool,
        ) {
            let cur = Currency::IDR;
            let mut s = scope();
            s.lines[0].qty = Decimal::ONE;
            s.lines[0].unit_price = money::from_minor(minor, cur);
            let order = s.totals(dec!(0.11), inclusive, cur);
            let mut done = deposit;
            let mut invoices = vec![charge(done, &order, &sum([]), inclusive, cur)];
            for p in &ms {
                done = (done + p).min(100);
                let next = charge(done, &order, &sum(&invoices), inclusive, cur);
                invoices.push(next);
            }
            invoices.push(charge(100, &order, &sum(&invoices), inclusive, cur));
            let all = sum(&invoices);
            prop_assert_eq!(all.total, order.total);
            prop_assert_eq!(all.tax, order.tax);
            for i in &invoices {
                prop_assert!(i.total >= Decimal::ZERO && i.tax >= Decimal::ZERO && i.base >= Decimal::ZERO);
            }
        }
    }
}
