//! What a shop sells: a product's identity, price, tax class, whether each
//! unit has a serial, and its warranty policy (used by the warranty registry).

use crate::domain::money::{self, Currency};
use crate::domain::payment;
use crate::error::{check, Error, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TaxClass {
    /// PPN at the shop's rate.
    Standard,
    /// No PPN (e.g. exempt goods).
    Exempt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WarrantyType {
    Standard,
    /// Seed 002: the store handles claims for one year, then the maker.
    Lifetime,
}

/// A product as typed in the catalog form: amounts and numbers as text so a
/// typo becomes a field error.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ProductInput {
    pub sku: String,
    pub name: String,
    pub brand: String,
    pub category: String,
    pub price: String,
    pub tax_class: TaxClass,
    pub serialised: bool,
    pub weight_grams: String,
    pub warranty_store_months: String,
    pub warranty_maker_months: String,
    pub warranty_type: WarrantyType,
    pub down_payment_allowed: bool,
    /// What the shop pays for one (empty = unknown): the margin in reports.
    #[serde(default)]
    pub cost_price: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Product {
    pub sku: String,
    pub name: String,
    pub brand: String,
    pub category: String,
    #[ts(type = "string")]
    pub price: Decimal,
    pub tax_class: TaxClass,
    pub serialised: bool,
    pub weight_grams: u32,
    pub warranty_store_months: u32,
    pub warranty_maker_months: u32,
    pub warranty_type: WarrantyType,
    pub down_payment_allowed: bool,
    #[ts(type = "string | null")]
    pub cost_price: Option<Decimal>,
}

fn whole(field: &str, v: &str, max: u32) -> Result<u32> {
    let t = v.trim();
    if t.is_empty() {
        return Ok(0);
    }
    t.parse::<u32>().ok().filter(|n| *n <= max).ok_or_else(|| {
        Error::validation(field, "out_of_range", format!("a whole number 0 to {max}"))
    })
}

/// SKUs: 1–40 of letters, digits, dot, dash, underscore, slash.
pub fn check_sku(v: &str) -> Result<String> {
    let s = check::required("sku", v, 40)?.to_uppercase();
    if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c))
    {
        return Err(Error::validation(
            "sku",
            "invalid_sku",
            "letters, digits, . _ - /",
        ));
    }
    Ok(s)
}

impl ProductInput {
    pub fn validate(&self, cur: Currency) -> Result<Product> {
        let price = payment::parse_amount("price", &self.price, cur)?;
        Ok(Product {
            sku: check_sku(&self.sku)?,
            name: check::required("name", &self.name, 200)?,
            brand: check::required("brand", &self.brand, 60)?,
            category: check::required("category", &self.category, 60)?,
            price: money::check_amount("price", price, cur)?,
            tax_class: self.tax_class,
            serialised: self.serialised,
            weight_grams: whole("weight_grams", &self.weight_grams, 1_000_000)?,
            warranty_store_months: whole(
                "warranty_store_months",
                &self.warranty_store_months,
                120,
            )?,
            warranty_maker_months: whole(
                "warranty_maker_months",
                &self.warranty_maker_months,
                120,
            )?,
            warranty_type: self.warranty_type,
            down_payment_allowed: self.down_payment_allowed,
            cost_price: payment::parse_optional_amount(
                "cost_price",
                self.cost_price.as_deref(),
                cur,
            )?,
        })
    }
}

/// A serial as scanned: trimmed, upper-case, 3–64 characters without spaces.
pub fn check_serial(field: &str, v: &str) -> Result<String> {
    let s = check::required(field, v, 64)?.to_uppercase();
    if s.len() < 3 || s.chars().any(char::is_whitespace) {
        return Err(Error::validation(
            field,
            "invalid_serial",
            "3–64 characters, no spaces",
        ));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn input() -> ProductInput {
        ProductInput {
            sku: "ctx-sd-3600".into(),
            name: "Contex SD One MF 36\"".into(),
            brand: "Contex".into(),
            category: "Scanner".into(),
            price: "85.000.000".into(),
            tax_class: TaxClass::Standard,
            serialised: true,
            weight_grams: "28000".into(),
            warranty_store_months: "12".into(),
            warranty_maker_months: "12".into(),
            warranty_type: WarrantyType::Lifetime,
            down_payment_allowed: true,
            cost_price: None,
        }
    }

    #[test]
    fn a_product_as_typed() {
        let p = input().validate(Currency::IDR).unwrap();
        assert_eq!(
            (p.sku.as_str(), p.price, p.weight_grams),
            ("CTX-SD-3600", dec!(85000000), 28000)
        );
        for (bad, field) in [
            (
                ProductInput {
                    sku: "a b".into(),
                    ..input()
                },
                "sku",
            ),
            (
                ProductInput {
                    price: "-5".into(),
                    ..input()
                },
                "price",
            ),
            (
                ProductInput {
                    name: " ".into(),
                    ..input()
                },
                "name",
            ),
            (
                ProductInput {
                    warranty_store_months: "999".into(),
                    ..input()
                },
                "warranty_store_months",
            ),
            (
                ProductInput {
                    weight_grams: "1,5".into(),
                    ..input()
                },
                "weight_grams",
            ),
        ] {
            assert_eq!(
                bad.validate(Currency::IDR).unwrap_err().field(),
                Some(field)
            );
        }
        assert_eq!(
            check_serial("serial", " x3jf012345 ").unwrap(),
            "X3JF012345"
        );
        assert!(check_serial("serial", "ab").is_err());
    }
}
