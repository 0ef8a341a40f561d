//! Shipping fees and delivery estimates (seed 002): free in the configured
//! regions (default Jabodetabek, 1–2 working days), elsewhere by weight and
//! destination from a rate table, with a default rate for cities not listed.

use crate::domain::money::{self, Currency};
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
}
