//! Trade-in at the counter (seed 002: an old printer taken in as credit
//! against a new one). The old unit is described (brand, model, serial, a
//! condition checklist and a grade) and valued: by the owner's programme
//! for its brand (eligible models, a credit per grade, a validity) or, with
//! no programme, by the amount the clerk and the customer agreed.
//!
//! The credit settles part of the sale like a payment in kind: it is never
//! a discount, so the sale's PPN stays on its full price (see
//! ARCHITECTURE, "PPN and trade-in").

use crate::domain::money::{self, Currency};
use crate::error::{check, Error, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The old unit's condition as graded at the counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// Works, clean, complete.
    Good,
    /// Works, with wear or missing accessories.
    Fair,
    /// Does not work, or is damaged.
    Poor,
}

impl Grade {
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Good => "good",
            Grade::Fair => "fair",
            Grade::Poor => "poor",
        }
    }

    pub fn label_id(self) -> &'static str {
        match self {
            Grade::Good => "baik",
            Grade::Fair => "cukup",
            Grade::Poor => "rusak",
        }
    }
}

/// Where the taken-in unit goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    /// Into stock as used goods (unpriced until the owner prices it).
    UsedStock,
    /// Handed to the maker's trade-in programme; no stock of the shop's.
    MakerProgramme,
}

impl Destination {
    pub fn as_str(self) -> &'static str {
        match self {
            Destination::UsedStock => "used_stock",
            Destination::MakerProgramme => "maker_programme",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CheckItem {
    pub item: String,
    pub ok: bool,
}

/// One eligible model with its credit per grade (minor units; 0 = not
/// taken in that grade).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ModelCredit {
    pub model: String,
    #[ts(type = "string")]
    pub good: Decimal,
    #[ts(type = "string")]
    pub fair: Decimal,
    #[ts(type = "string")]
    pub poor: Decimal,
}

/// An owner's trade-in programme for one brand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Programme {
    pub name: String,
    pub brand: String,
    pub models: Vec<ModelCredit>,
    /// YYYY-MM-DD, both included.
    pub valid_from: String,
    pub valid_to: String,
}

fn date(field: &str, v: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .map_err(|_| Error::validation(field, "invalid_date", "YYYY-MM-DD"))
}

/// Models compare without case and spaces ("LaserJet P1102" = "laserjet p1102").
fn same_model(a: &str, b: &str) -> bool {
    let fold = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    fold(a) == fold(b)
}

impl Programme {
    pub fn checked(&self, cur: Currency) -> Result<Programme> {
        let name = check::required("name", &self.name, 100)?;
        let brand = check::required("brand", &self.brand, 60)?;
        if self.models.is_empty() || self.models.len() > 200 {
            return Err(Error::validation("models", "required", "1 to 200 models"));
        }
        let mut models: Vec<ModelCredit> = Vec::with_capacity(self.models.len());
        for (i, m) in self.models.iter().enumerate() {
            let f = |n: &str| format!("models.{i}.{n}");
            let model = check::required(&f("model"), &m.model, 80)?;
            if models.iter().any(|o| same_model(&o.model, &model)) {
                return Err(Error::validation(
                    &f("model"),
                    "duplicate",
                    "this model is listed twice",
                ));
            }
            let good = money::check_amount(&f("good"), m.good, cur)?;
            let fair = money::check_amount(&f("fair"), m.fair, cur)?;
            let poor = money::check_amount(&f("poor"), m.poor, cur)?;
            if good.is_zero() {
                return Err(Error::validation(
                    &f("good"),
                    "required",
                    "a credit for a good unit",
                ));
            }
            if fair > good || poor > fair {
                return Err(Error::validation(
                    &f("fair"),
                    "grades_out_of_order",
                    "a worse grade never gets more credit",
                ));
            }
            models.push(ModelCredit {
                model,
                good,
                fair,
                poor,
            });
        }
        let (from, to) = (
            date("valid_from", &self.valid_from)?,
            date("valid_to", &self.valid_to)?,
        );
        if to < from {
            return Err(Error::validation(
                "valid_to",
                "out_of_range",
                "after the start",
            ));
        }
        Ok(Programme {
            name,
            brand,
            models,
            valid_from: from.to_string(),
            valid_to: to.to_string(),
        })
    }

    /// The credit this programme gives a `brand` `model` in `grade` on
    /// `today`, or why it gives none.
    pub fn credit(
        &self,
        brand: &str,
        model: &str,
        grade: Grade,
        today: NaiveDate,
    ) -> Result<Decimal> {
        if !self.brand.eq_ignore_ascii_case(brand.trim()) {
            return Err(Error::validation(
                "brand",
                "not_eligible",
                "the programme is for another brand",
            ));
        }
        let from = date("valid_from", &self.valid_from)?;
        let to = date("valid_to", &self.valid_to)?;
        if today < from || today > to {
            return Err(Error::validation(
                "programme_id",
                "programme_closed",
                format!("the programme runs {from} to {to}"),
            ));
        }
        let m = self
            .models
            .iter()
            .find(|m| same_model(&m.model, model))
            .ok_or_else(|| {
                Error::validation(
                    "model",
                    "not_eligible",
                    "this model is not in the programme",
                )
            })?;
        let credit = match grade {
            Grade::Good => m.good,
            Grade::Fair => m.fair,
            Grade::Poor => m.poor,
        };
        if credit.is_zero() {
            return Err(Error::validation(
                "grade",
                "not_eligible",
                "not taken in this condition",
            ));
        }
        Ok(credit)
    }
}

/// The condition checklist: 1–20 items, each named.
pub fn check_list(items: &[CheckItem]) -> Result<Vec<CheckItem>> {
    if items.is_empty() || items.len() > 20 {
        return Err(Error::validation("checklist", "required", "1 to 20 checks"));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Ok(CheckItem {
                item: check::required(&format!("checklist.{i}"), &c.item, 100)?,
                ok: c.ok,
            })
        })
        .collect()
}

/// A credit settles part of the sale: above zero and below what is left to
/// pay (the customer always pays something for the new unit).
pub fn check_credit(credit: Decimal, balance: Decimal) -> Result<()> {
    if credit <= Decimal::ZERO {
        return Err(Error::validation("value", "required", "the agreed value"));
    }
    if credit >= balance {
        return Err(Error::validation(
            "value",
            "exceeds_balance",
            "a trade-in settles part of the sale, less than what is left to pay",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn hp() -> Programme {
        Programme {
            name: "Tukar tambah HP 2026".into(),
            brand: "HP".into(),
            models: vec![ModelCredit {
                model: "LaserJet P1102".into(),
                good: dec!(400000),
                fair: dec!(250000),
                poor: dec!(0),
            }],
            valid_from: "2026-11-01".into(),
            valid_to: "2026-12-31".into(),
        }
    }

    #[test]
    fn a_programme_values_by_model_grade_and_date() {
        let p = hp().checked(Currency::IDR).unwrap();
        let today = d("2026-11-23");
        assert_eq!(
            p.credit("hp", "laserjet  p1102", Grade::Good, today)
                .unwrap(),
            dec!(400000)
        );
        assert_eq!(
            p.credit("HP", "LaserJet P1102", Grade::Fair, today)
                .unwrap(),
            dec!(250000)
        );
        let code = |r: Result<Decimal>| {
            let e = r.unwrap_err();
            format!(
                "{}:{}",
                e.field().unwrap_or_default(),
                e.code().unwrap_or_default()
            )
        };
        assert_eq!(
            code(p.credit("HP", "LaserJet P1102", Grade::Poor, today)),
            "grade:not_eligible"
        );
        assert_eq!(
            code(p.credit("HP", "DeskJet 2130", Grade::Good, today)),
            "model:not_eligible"
        );
        assert_eq!(
            code(p.credit("Epson", "L3110", Grade::Good, today)),
            "brand:not_eligible"
        );
        assert_eq!(
            code(p.credit("HP", "LaserJet P1102", Grade::Good, d("2027-01-01"))),
            "programme_id:programme_closed"
        );
        assert_eq!(
            code(p.credit("HP", "LaserJet P1102", Grade::Good, d("2026-10-31"))),
            "programme_id:programme_closed"
        );
    }

    #[test]
    fn a_programme_is_checked_field_by_field() {
        type Case = (fn(&mut Programme), &'static str);
        let cases: Vec<Case> = vec![
            (|p| p.name = " ".into(), "name:required"),
            (|p| p.models.clear(), "models:required"),
            (
                |p| p.models.push(p.models[0].clone()),
                "models.1.model:duplicate",
            ),
            (
                |p| p.models[0].fair = dec!(500000),
                "models.0.fair:grades_out_of_order",
            ),
            (|p| p.models[0].good = dec!(-1), "models.0.good:negative"),
            (|p| p.models[0].good = dec!(0), "models.0.good:required"),
            (
                |p| p.valid_to = "2026-10-01".into(),
                "valid_to:out_of_range",
            ),
            (|p| p.valid_from = "1 Nov".into(), "valid_from:invalid_date"),
        ];
        for (change, want) in cases {
            let mut p = hp();
            change(&mut p);
            let e = p.checked(Currency::IDR).unwrap_err();
            assert_eq!(
                format!(
                    "{}:{}",
                    e.field().unwrap_or_default(),
                    e.code().unwrap_or_default()
                ),
                want
            );
        }
    }

    #[test]
    fn a_credit_settles_part_of_the_sale() {
        assert!(check_credit(dec!(400000), dec!(3330000)).is_ok());
        assert_eq!(
            check_credit(dec!(0), dec!(3330000)).unwrap_err().code(),
            Some("required")
        );
        assert_eq!(
            check_credit(dec!(3330000), dec!(3330000))
                .unwrap_err()
                .code(),
            Some("exceeds_balance")
        );
        assert_eq!(check_list(&[]).unwrap_err().code(), Some("required"));
        let list = check_list(&[CheckItem {
            item: " Menyala ".into(),
            ok: true,
        }])
        .unwrap();
        assert_eq!(list[0].item, "Menyala");
    }
}
