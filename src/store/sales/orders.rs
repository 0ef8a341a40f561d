//! Orders: created at the counter, by phone or from the web store, with
//! their lines, coupon, totals and stock reservations, in one transaction.
//! Payments are in `payments`, later moves in `flow`, the read
//! side in `detail`.

use crate::domain::money::{self, Currency};
use crate::domain::payment::{self, PaymentMethod};
use crate::domain::sales::order::{Channel, Fulfilment, OrderStatus};
use crate::domain::sales::{self, Coupon, CouponKind};
use crate::domain::shop::numbering::Series;
use crate::domain::staff::permissions::Action;
use crate::domain::totals::{Line, LineKind};
use crate::error::{check, Error, Result};
use crate::store::sales::catalog::{self, available};
use crate::store::{parse_id, shop, shop::settings, ts, Ctx, Db};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use ts_rs::TS;
use uuid::Uuid;

pub(crate) use crate::store::sales::detail::detail_in;
pub use crate::store::sales::detail::{detail, OrderDetail};
pub(crate) use crate::store::sales::write::{
    append_event, index, insert_lines, per_product, reserve, taxed, write_totals,
};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OrderLineInput {
    pub product_id: String,
    pub qty: String,
    /// Discount on the line as an amount (empty = none).
    pub discount: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewOrder {
    pub channel: Channel,
    pub customer_id: String,
    pub fulfilment: Fulfilment,
    pub ship_address: Option<String>,
    pub ship_city: Option<String>,
    pub payment_method: PaymentMethod,
    /// Cash on delivery (delivery orders in the configured regions only).
    pub cod: bool,
    pub coupon: Option<String>,
    pub shipping: Option<String>,
    pub lines: Vec<OrderLineInput>,
    pub note: Option<String>,
    /// The buyer's NPWP or NIK for the invoice (optional).
    pub buyer_tax_id: Option<String>,
}

/// NPWP (15 or 16 digits) or NIK (16 digits), dots, dashes and spaces allowed.
pub fn check_tax_id(v: Option<&str>) -> Result<Option<String>> {
    let Some(id) = check::optional("buyer_tax_id", v, 30)? else {
        return Ok(None);
    };
    let digits = id.chars().filter(char::is_ascii_digit).count();
    if !(15..=16).contains(&digits)
        || id
            .chars()
            .any(|c| !(c.is_ascii_digit() || ".- ".contains(c)))
    {
        return Err(Error::validation(
            "buyer_tax_id",
            "invalid_tax_id",
            "an NPWP or NIK has 15 or 16 digits",
        ));
    }
    Ok(Some(id))
}

/// The automatic-actions account (see migration 0004).
pub const SYSTEM: Uuid = Uuid::nil();

/// A line ready to store: its product, quantity and prices.
pub(crate) struct PricedLine {
    pub product: catalog::ProductSummary,
    pub line: Line,
    pub qty: i64,
}

fn parse_qty(i: usize, v: &str) -> Result<i64> {
    v.trim()
        .parse::<i64>()
        .ok()
        .filter(|q| (1..=1000).contains(q))
        .ok_or_else(|| Error::validation(&format!("lines.{i}.qty"), "invalid_qty", "1 to 1000"))
}

pub(crate) async fn price_lines(
    db: &Db,
    input: &[OrderLineInput],
    cur: Currency,
) -> Result<Vec<PricedLine>> {
    if input.is_empty() {
        return Err(Error::validation(
            "lines",
            "required",
            "add at least one product",
        ));
    }
    if input.len() > 100 {
        return Err(Error::validation("lines", "too_many", "at most 100 lines"));
    }
    let mut out = Vec::with_capacity(input.len());
    for (i, l) in input.iter().enumerate() {
        let field = format!("lines.{i}.product_id");
        let id = parse_id(&field, &l.product_id)?;
        let product = catalog::get(db, id)
            .await
            .map_err(|_| Error::validation(&field, "unknown_product", "choose a product"))?;
        let qty = parse_qty(i, &l.qty)?;
        let discount = payment::parse_optional_amount(
            &format!("lines.{i}.discount"),
            l.discount.as_deref(),
            cur,
        )?
        .unwrap_or_default();
        let line = Line {
            kind: LineKind::Part,
            description: product.name.clone(),
            qty: Decimal::from(qty),
            unit_price: product.price,
            discount,
        }
        .validate(i, cur)?;
        out.push(PricedLine { product, line, qty });
    }
    Ok(out)
}

pub(crate) async fn coupon(db: &Db, code: Option<&str>) -> Result<Option<Coupon>> {
    let Some(code) = check::optional("coupon", code, 40)? else {
        return Ok(None);
    };
    let code = code.to_uppercase();
    let row: Option<(String, String, String, Option<String>, i64, String)> = sqlx::query_as(
        "SELECT kind, value, valid_from, valid_to, min_subtotal, (SELECT currency FROM shop) FROM coupons WHERE code = ? AND active = 1",
    )
    .bind(&code)
    .fetch_optional(&db.pool)
    .await?;
    let (kind, value, from, to, min, cur) =
        row.ok_or_else(|| Error::validation("coupon", "unknown_coupon", "no such coupon"))?;
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
    Ok(Some(Coupon {
        code,
        kind: if kind == "percent" {
            CouponKind::Percent
        } else {
            CouponKind::Fixed
        },
        value: Decimal::from_str(&value).unwrap_or_default(),
        valid_from: date(&from),
        valid_to: to.as_deref().map(date),
        min_subtotal: money::from_minor(min, Currency::parse(&cur)?),
    }))
}

/// Checks the delivery fields and the COD rule; returns (address, city).
fn delivery(input: &NewOrder, cod_regions: &[String]) -> Result<(Option<String>, Option<String>)> {
    let address = check::optional("ship_address", input.ship_address.as_deref(), 300)?;
    let city = check::optional("ship_city", input.ship_city.as_deref(), 80)?;
    if input.fulfilment == Fulfilment::Delivery {
        if address.is_none() {
            return Err(Error::validation(
                "ship_address",
                "required",
                "where to deliver",
            ));
        }
        if city.is_none() {
            return Err(Error::validation(
                "ship_city",
                "required",
                "the city or regency",
            ));
        }
    }
    if input.cod {
        if input.fulfilment != Fulfilment::Delivery {
            return Err(Error::validation(
                "cod",
                "cod_delivery_only",
                "cash on delivery needs a delivery",
            ));
        }
        if !sales::cod_allowed(city.as_deref().unwrap_or(""), cod_regions) {
            return Err(Error::validation(
                "ship_city",
                "cod_region",
                "cash on delivery is not offered in this city",
            ));
        }
    }
    Ok((address, city))
}

pub async fn create(db: &Db, ctx: &Ctx, input: NewOrder) -> Result<OrderDetail> {
    ctx.require(Action::Sell)?;
    let profile = shop::profile(db).await?;
    let cfg = settings::get(db).await?;
    let cur = profile.currency;
    let customer_id = parse_id("customer_id", &input.customer_id)?;
    crate::store::customers::get(db, customer_id)
        .await
        .map_err(|_| Error::validation("customer_id", "unknown_customer", "choose a customer"))?;
    let note = check::optional("note", input.note.as_deref(), 1000)?;
    let buyer_tax_id = check_tax_id(input.buyer_tax_id.as_deref())?;
    let (address, city) = delivery(&input, &cfg.cod_regions)?;
    let typed_shipping =
        payment::parse_optional_amount("shipping", input.shipping.as_deref(), cur)?;
    let lines = price_lines(db, &input.lines, cur).await?;
    // Delivery: the fee from the rules (unless staff typed one) and the estimate.
    let quote = if input.fulfilment == Fulfilment::Delivery {
        let mut grams: u64 = 0;
        for l in &lines {
            let w: i64 = sqlx::query_scalar("SELECT weight_grams FROM products WHERE id = ?")
                .bind(l.product.id.to_string())
                .fetch_one(&db.pool)
                .await?;
            grams += w.max(0) as u64 * l.qty as u64;
        }
        let city = city.as_deref().unwrap_or("");
        Some(crate::domain::sales::shipping::quote(
            &cfg.shipping,
            city,
            grams,
            cur,
        ))
    } else {
        None
    };
    let shipping = typed_shipping
        .or(quote.as_ref().map(|q| q.fee))
        .unwrap_or_default();
    let taxed = taxed(&lines);
    let gross: Decimal = taxed.iter().map(|(l, _)| l.amount(cur)).sum();
    let today = profile.tz();
    let today = ctx.now.with_timezone(&today).date_naive();
    let coupon = coupon(db, input.coupon.as_deref()).await?;
    let discount = match &coupon {
        Some(c) => sales::coupon_discount(c, gross, today, cur)?,
        None => Decimal::ZERO,
    };
    let totals = sales::order_totals(
        &taxed,
        discount,
        shipping,
        profile.tax_rate,
        profile.prices_include_tax,
        cur,
    );
    // A total beyond what money can hold is refused, not stored.
    money::check_amount("lines", totals.total, cur)?;
    let pay_by = (input.payment_method == PaymentMethod::BankTransfer && !input.cod)
        .then(|| sales::pay_deadline(ctx.now, cfg.payment_window_hours));

    let id = crate::domain::new_id();
    let mut tx = db.begin().await?;
    let series = Series::of_shop("SO", &profile, today.year());
    let number = crate::store::repairs::tickets::next_number(&mut tx, &series).await?;
    // Stock: reserve every line, or hold the order as short of stock.
    // Two scans of one product are two lines: they count together.
    let mut short = false;
    for (product, qty) in per_product(&lines) {
        if available(&mut tx, product, &profile.branch_code).await? < qty {
            short = true;
        }
    }
    let status = if short {
        OrderStatus::InsufficientStock
    } else {
        OrderStatus::AwaitingPayment
    };
    let m = |d: Decimal| money::to_minor(d, cur);
    sqlx::query(
        "INSERT INTO orders (id, number, channel, customer_id, branch, status, fulfilment, ship_address, ship_city, payment_method,
         coupon_code, subtotal, discount, base, tax, shipping, total, tax_rate, tax_inclusive, currency, pay_by, note, created_by, created_at, updated_at, buyer_tax_id,
         delivery_days_min, delivery_days_max)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(&number)
    .bind(input.channel.as_str())
    .bind(customer_id.to_string())
    .bind(&profile.branch_code)
    .bind(status.as_str())
    .bind(input.fulfilment.as_str())
    .bind(&address)
    .bind(&city)
    .bind(if input.cod { "cod" } else { input.payment_method.as_str() })
    .bind(coupon.as_ref().map(|c| c.code.clone()))
    .bind(m(totals.subtotal))
    .bind(m(totals.discount))
    .bind(m(totals.base))
    .bind(m(totals.tax))
    .bind(m(totals.shipping))
    .bind(m(totals.total))
    .bind(profile.tax_rate.to_string())
    .bind(profile.prices_include_tax)
    .bind(cur.code())
    .bind(pay_by.map(ts))
    .bind(&note)
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .bind(ts(ctx.now))
    .bind(&buyer_tax_id)
    .bind(quote.as_ref().map(|q| q.days_min))
    .bind(quote.as_ref().map(|q| q.days_max))
    .execute(&mut *tx)
    .await?;
    insert_lines(&mut tx, id, &lines, cur).await?;
    if !short {
        for l in &lines {
            reserve(&mut tx, id, l.product.id, &profile.branch_code, l.qty).await?;
        }
    }
    index(&mut tx, id, &number).await?;
    let data = serde_json::json!({ "number": number, "channel": input.channel, "total": totals.total.to_string(), "lines": lines.len() });
    append_event(
        &mut tx,
        ctx,
        id,
        "created",
        Some((None, status)),
        note.as_deref(),
        data,
    )
    .await?;
    tx.commit().await?;
    detail(db, id).await
}
