//! Shipping fees and delivery estimates (seed 002): free in the configured
//! regions (default Jabodetabek, 1–2 working days), elsewhere by weight and
//! destination from a rate table, with a default rate for cities not listed.

use crate::domain::money::{self, Currency};
use crate::error::{check, Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ShippingRate {
    /// A city or regency as people write it; "" for the default rate.
    pub city: String,
    /// Per started kilogram, in the shop's currency's major unit.
    #[ts(type = "number")]
    pub per_kg: i64,
    pub days_min: u32,
    pub days_max: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ShippingRules {
    pub free_regions: Vec<String>,
    /// Working days to the free regions.
    pub free_days_min: u32,
    pub free_days_max: u32,
    pub rates: Vec<ShippingRate>,
    pub default_rate: ShippingRate,
}

impl Default for ShippingRules {
    fn default() -> Self {
        ShippingRules {
            free_regions: crate::domain::sales::JABODETABEK
                .iter()
                .map(|s| s.to_string())
                .collect(),
            free_days_min: 1,
            free_days_max: 2,
            rates: vec![
                ShippingRate {
                    city: "Bandung".into(),
                    per_kg: 12_000,
                    days_min: 2,
                    days_max: 3,
                },
                ShippingRate {
                    city: "Surabaya".into(),
                    per_kg: 18_000,
                    days_min: 2,
                    days_max: 4,
                },
            ],
            default_rate: ShippingRate {
                city: String::new(),
                per_kg: 25_000,
                days_min: 3,
                days_max: 7,
            },
        }
    }
}

impl ShippingRate {
    /// `field` names this rate in errors, e.g. `shipping.rates.2`.
    fn validate(mut self, field: &str, needs_city: bool) -> Result<Self> {
        self.city = if needs_city {
            check::required(&format!("{field}.city"), &self.city, 80)?
        } else {
            String::new()
        };
        if !(0..=10_000_000).contains(&self.per_kg) {
            return Err(Error::validation(
                &format!("{field}.per_kg"),
                "out_of_range",
                "0 to 10 000 000 per kg",
            ));
        }
        days(&format!("{field}.days_max"), self.days_min, self.days_max)?;
        Ok(self)
    }
}

/// A delivery estimate: at most 60 working days, the first not after the last.
fn days(field: &str, min: u32, max: u32) -> Result<()> {
    if min > max || max > 60 {
        return Err(Error::validation(
            field,
            "out_of_range",
            "from ≤ to ≤ 60 working days",
        ));
    }
    Ok(())
}

impl ShippingRules {
    /// Checks the rules as the owner typed them: every destination named
    /// once (written any way: "KOTA  Bandung." is "Kota Bandung"), sane
    /// fees and estimates; errors name the field, e.g. `shipping.rates.2.city`.
    pub fn validate(mut self) -> Result<Self> {
        if self.free_regions.len() > 200 {
            return Err(Error::validation(
                "shipping.free_regions",
                "too_many",
                "at most 200 regions",
            ));
        }
        self.free_regions = self
            .free_regions
            .iter()
            .map(|r| check::required("shipping.free_regions", r, 80))
            .collect::<Result<Vec<_>>>()?;
        days(
            "shipping.free_days_max",
            self.free_days_min,
            self.free_days_max,
        )?;
        if self.rates.len() > 500 {
            return Err(Error::validation(
                "shipping.rates",
                "too_many",
                "at most 500 destinations",
            ));
        }
        let mut rates: Vec<ShippingRate> = Vec::with_capacity(self.rates.len());
        for (i, r) in self.rates.into_iter().enumerate() {
            let field = format!("shipping.rates.{i}");
            let r = r.validate(&field, true)?;
            let key = crate::domain::sales::normalise_city(&r.city);
            if rates
                .iter()
                .any(|o| crate::domain::sales::normalise_city(&o.city) == key)
            {
                return Err(Error::validation(
                    &format!("{field}.city"),
                    "duplicate",
                    "this destination is already in the table",
                ));
            }
            rates.push(r);
        }
        self.rates = rates;
        self.default_rate = self.default_rate.validate("shipping.default_rate", false)?;
        Ok(self)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ShippingQuote {
    #[ts(type = "string")]
    pub fee: rust_decimal::Decimal,
    pub free: bool,
    pub days_min: u32,
    pub days_max: u32,
}

/// The fee and the estimate for `weight_grams` to `city`.
pub fn quote(rules: &ShippingRules, city: &str, weight_grams: u64, cur: Currency) -> ShippingQuote {
    if crate::domain::sales::cod_allowed(city, &rules.free_regions) {
        return ShippingQuote {
            fee: rust_decimal::Decimal::ZERO,
            free: true,
            days_min: rules.free_days_min,
            days_max: rules.free_days_max,
        };
    }
    // "Bandung" in the table covers Kota and Kabupaten Bandung, as regions do.
    let rate = rules
        .rates
        .iter()
        .find(|r| crate::domain::sales::cod_allowed(city, std::slice::from_ref(&r.city)))
        .unwrap_or(&rules.default_rate);
    // Every started kilogram counts; a parcel weighs at least one.
    let kg = weight_grams.div_ceil(1000).max(1);
    ShippingQuote {
        fee: money::round(
            rust_decimal::Decimal::from(rate.per_kg) * rust_decimal::Decimal::from(kg),
            cur,
        ),
        free: false,
        days_min: rate.days_min,
        days_max: rate.days_max,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn free_in_the_regions_else_by_weight_and_place() {
        let r = ShippingRules::default();
        let q = quote(&r, "Kota Adm. Jakarta Barat", 28_000, Currency::IDR);
        assert_eq!((q.fee, q.free, q.days_max), (dec!(0), true, 2));
        assert_eq!(
            quote(&r, "bandung", 1_000, Currency::IDR).fee,
            dec!(12000),
            "exactly 1 kg"
        );
        assert_eq!(
            quote(&r, "Bandung", 1_001, Currency::IDR).fee,
            dec!(24000),
            "a started kilogram counts"
        );
        assert_eq!(
            quote(&r, "Bandung", 0, Currency::IDR).fee,
            dec!(12000),
            "at least one"
        );
        let far = quote(&r, "Jayapura", 2_500, Currency::IDR);
        assert_eq!((far.fee, far.days_min, far.days_max), (dec!(75000), 3, 7));
    }

    #[test]
    fn the_rate_table_is_checked_field_by_field() {
        assert!(ShippingRules::default().validate().is_ok());
        let with = |rates: Vec<ShippingRate>| ShippingRules {
            rates,
            ..ShippingRules::default()
        };
        let rate = |city: &str, per_kg: i64, days_min: u32, days_max: u32| ShippingRate {
            city: city.into(),
            per_kg,
            days_min,
            days_max,
        };
        let field = |r: ShippingRules| r.validate().unwrap_err().field().map(str::to_string);
        let ok = rate("Medan", 20_000, 3, 5);
        for (rules, expected) in [
            (
                with(vec![ok.clone(), rate(" ", 1, 1, 2)]),
                "shipping.rates.1.city",
            ),
            (
                with(vec![rate("Medan", -1, 1, 2)]),
                "shipping.rates.0.per_kg",
            ),
            (
                with(vec![rate("Medan", 10_000_001, 1, 2)]),
                "shipping.rates.0.per_kg",
            ),
            (
                with(vec![rate("Medan", 1, 5, 2)]),
                "shipping.rates.0.days_max",
            ),
            (
                with(vec![rate("Medan", 1, 1, 61)]),
                "shipping.rates.0.days_max",
            ),
            (
                with(vec![
                    rate("Kota Bandung", 1, 1, 2),
                    rate("KOTA  bandung.", 2, 1, 2),
                ]),
                "shipping.rates.1.city",
            ),
            (
                ShippingRules {
                    free_days_min: 3,
                    free_days_max: 1,
                    ..ShippingRules::default()
                },
                "shipping.free_days_max",
            ),
            (
                ShippingRules {
                    default_rate: rate("", -5, 1, 2),
                    ..ShippingRules::default()
                },
                "shipping.default_rate.per_kg",
            ),
        ] {
            assert_eq!(field(rules).as_deref(), Some(expected));
        }
        let trimmed = with(vec![rate("  Medan ", 1, 1, 2)]).validate().unwrap();
        assert_eq!(trimmed.rates[0].city, "Medan");
    }
}
