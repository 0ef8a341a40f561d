//! A price change for many products at once: the products of a brand or a
//! category (or both, or all), raised or lowered by a percentage or an
//! amount. Previewed first (each product's price before and after), then
//! applied in one transaction with each product's change audited. A price
//! never goes below zero; a change that would is refused whole.

use crate::domain::money;
use crate::domain::payment;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::shop::journal::Journal;
use crate::store::{shop, ts, Ctx, Db};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PriceChange {
    /// Only this brand (empty = any).
    pub brand: Option<String>,
    /// Only this category (empty = any).
    pub category: Option<String>,
    /// "10" raises by 10 %, "-5" lowers by 5 % (−90 to +500).
    pub percent: Option<String>,
    /// "5.000" raises each price by that much, "-5.000" lowers it.
    pub amount: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PriceChanged {
    pub sku: String,
    pub name: String,
    #[ts(type = "string")]
    pub before: Decimal,
    #[ts(type = "string")]
    pub after: Decimal,
}

enum By {
    Percent(Decimal),
    Amount(Decimal),
}

fn by(input: &PriceChange, cur: money::Currency) -> Result<By> {
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    match (text(&input.percent), text(&input.amount)) {
        (Some(_), Some(_)) | (None, None) => Err(Error::validation(
            "percent",
            "one_of",
            "a percentage or an amount",
        )),
        (Some(p), None) => {
            let v = Decimal::from_str(&p.replace(',', ".")).map_err(|_| {
                Error::validation("percent", "invalid_number", "a number such as 10 or -5")
            })?;
            if v.is_zero() || v < Decimal::from(-90) || v > Decimal::from(500) {
                return Err(Error::validation(
                    "percent",
                    "out_of_range",
                    "-90 to 500, not 0",
                ));
            }
            Ok(By::Percent(v))
        }
        (None, Some(a)) => {
            let negative = a.starts_with('-');
            let v = payment::parse_amount("amount", a.trim_start_matches('-'), cur)?;
            if v.is_zero() {
                return Err(Error::validation(
                    "amount",
                    "not_positive",
                    "more than zero",
                ));
            }
            Ok(By::Amount(if negative { -v } else { v }))
        }
    }
}

/// The products the change covers with their new prices; nothing written.
pub async fn preview(db: &Db, ctx: &Ctx, input: &PriceChange) -> Result<Vec<PriceChanged>> {
    Ok(planned(db, ctx, input)
        .await?
        .into_iter()
        .map(|(_, c)| c)
        .collect())
}

async fn planned(db: &Db, ctx: &Ctx, input: &PriceChange) -> Result<Vec<(String, PriceChanged)>> {
    ctx.require(Action::ManageCatalog)?;
    let cur = shop::profile(db).await?.currency;
    let by = by(input, cur)?;
    let brand = check::optional("brand", input.brand.as_deref(), 60)?;
    let category = check::optional("category", input.category.as_deref(), 60)?;
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT id, sku, name, price FROM products
         WHERE active = 1 AND (?1 IS NULL OR brand = ?1 COLLATE NOCASE) AND (?2 IS NULL OR category = ?2 COLLATE NOCASE)
         ORDER BY sku",
    )
    .bind(&brand)
    .bind(&category)
    .fetch_all(&db.pool)
    .await?;
    if rows.is_empty() {
        return Err(Error::validation(
            "brand",
            "no_products",
            "no product matches",
        ));
    }
    rows.into_iter()
        .map(|(id, sku, name, price)| {
            let before = money::from_minor(price, cur);
            let after = money::round(
                match by {
                    By::Percent(p) => before + before * p / Decimal::from(100),
                    By::Amount(a) => before + a,
                },
                cur,
            );
            if after.is_sign_negative() && !after.is_zero() {
                return Err(Error::validation(
                    "amount",
                    "below_zero",
                    format!("{sku} would cost less than nothing"),
                ));
            }
            Ok((
                id,
                PriceChanged {
                    sku,
                    name,
                    before,
                    after,
                },
            ))
        })
        .collect()
}

/// Applies the change in one transaction; each product's price audited.
pub async fn apply(db: &Db, ctx: &Ctx, input: &PriceChange) -> Result<Vec<PriceChanged>> {
    let plan = planned(db, ctx, input).await?;
    let cur = shop::profile(db).await?.currency;
    let mut tx = db.begin().await?;
    let mut journal = Journal::default();
    for (id, c) in &plan {
        // Written only where the price still is what the plan saw.
        let done =
            sqlx::query("UPDATE products SET price = ?, updated_at = ? WHERE id = ? AND price = ?")
                .bind(money::to_minor(c.after, cur))
                .bind(ts(ctx.now))
                .bind(id)
                .bind(money::to_minor(c.before, cur))
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if done != 1 {
            return Err(Error::Conflict {
                message: format!("the price of {} changed meanwhile", c.sku),
            });
        }
        let before = serde_json::json!({ "sku": c.sku, "price": c.before.to_string() }).to_string();
        let id = Uuid::parse_str(id).map_err(|_| Error::Storage {
            message: "bad product id".into(),
        })?;
        journal.add(
            ctx,
            "product",
            id,
            "price_change",
            Some(before),
            &serde_json::json!({ "sku": c.sku, "price": c.after.to_string() }),
        )?;
    }
    journal.flush(&mut tx).await?;
    tx.commit().await?;
    Ok(plan.into_iter().map(|(_, c)| c).collect())
}
