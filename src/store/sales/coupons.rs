//! Coupons the owner creates (fixed amount or percentage, validity window,
//! minimum order), applied to orders by code.

use crate::domain::money;
use crate::domain::payment;
use crate::domain::sales::{Coupon, CouponKind};
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::{shop, shop::outbox, ts, Ctx, Db};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CouponInput {
    pub code: String,
    pub kind: CouponKind,
    pub value: String,
    pub valid_from: String,
    pub valid_to: Option<String>,
    pub min_subtotal: Option<String>,
}

fn date(field: &str, v: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .map_err(|_| Error::validation(field, "invalid_date", "use YYYY-MM-DD"))
}

pub async fn create(db: &Db, ctx: &Ctx, input: CouponInput) -> Result<Coupon> {
    ctx.require(Action::ManageCatalog)?;
    let cur = shop::profile(db).await?.currency;
    let code = check::required("code", &input.code, 40)?.to_uppercase();
    if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(Error::validation(
            "code",
            "invalid_code",
            "letters, digits and -",
        ));
    }
    let value = payment::parse_amount("value", &input.value, cur)?;
    if value.is_zero() || (input.kind == CouponKind::Percent && value > Decimal::from(100)) {
        return Err(Error::validation(
            "value",
            "out_of_range",
            "above 0 (a percentage up to 100)",
        ));
    }
    let valid_from = date("valid_from", &input.valid_from)?;
    let valid_to = match check::optional("valid_to", input.valid_to.as_deref(), 10)? {
        Some(v) => Some(date("valid_to", &v)?),
        None => None,
    };
    if valid_to.is_some_and(|t| t < valid_from) {
        return Err(Error::validation(
            "valid_to",
            "before_start",
            "ends before it starts",
        ));
    }
    let min_subtotal =
        payment::parse_optional_amount("min_subtotal", input.min_subtotal.as_deref(), cur)?
            .unwrap_or_default();
    let c = Coupon {
        code,
        kind: input.kind,
        value,
        valid_from,
        valid_to,
        min_subtotal,
    };
    let mut tx = db.begin().await?;
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM coupons WHERE code = ?")
        .bind(&c.code)
        .fetch_one(&mut *tx)
        .await?;
    if taken > 0 {
        return Err(Error::validation(
            "code",
            "taken",
            "this code is already used",
        ));
    }
    sqlx::query("INSERT INTO coupons (code, kind, value, valid_from, valid_to, min_subtotal, active, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)")
        .bind(&c.code)
        .bind(if c.kind == CouponKind::Percent { "percent" } else { "fixed" })
        .bind(c.value.to_string())
        .bind(c.valid_from.to_string())
        .bind(c.valid_to.map(|d| d.to_string()))
        .bind(money::to_minor(c.min_subtotal, cur))
        .bind(ts(ctx.now))
        .execute(&mut *tx)
        .await?;
    outbox::append(&mut tx, ctx, "coupon", uuid::Uuid::nil(), "create", &c).await?;
    tx.commit().await?;
    Ok(c)
}
