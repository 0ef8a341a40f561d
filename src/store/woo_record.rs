//! One WooCommerce order into Konter: a new one created (customer found by
//! phone or created, lines by SKU, reservation, payment when the store says
//! it is paid), or a known one updated when the store changed it.

use super::catalog::available;
use super::orders::{append_event, reserve, SYSTEM};
use super::{customers, outbox, ts, Ctx, Tx};
use crate::domain::money::{self, Currency};
use crate::domain::order::{Channel, OrderStatus};
use crate::domain::phone;
use crate::domain::woo::{self, WooOrder};
use crate::error::{Error, Result};
use rust_decimal::Decimal;
use std::collections::HashMap;
use uuid::Uuid;

pub(crate) enum Outcome {
    Created,
    Updated,
    Unchanged,
}

pub(crate) async fn one(
    tx: &mut Tx,
    ctx: &Ctx,
    profile: &crate::domain::shop::ShopProfile,
    source: &str,
    value: serde_json::Value,
    stock: &mut HashMap<Uuid, i64>,
) -> Result<Outcome> {
    let o = woo::parse_order(value)?;
    let cur = profile.currency;
    let theirs = Currency::parse(&o.currency).map_err(|_| {
        Error::validation(
            "currency",
            "wrong_currency",
            format!("order in {}, shop in {}", o.currency, cur.code()),
        )
    })?;
    if theirs != cur {
        return Err(Error::validation(
            "currency",
            "wrong_currency",
            format!("order in {}, shop in {}", o.currency, cur.code()),
        ));
    }
    let fulfilment = woo::fulfilment(&o);
    let status = woo::map_status(&o.status, fulfilment)?;
    let external = o.id.to_string();
    let existing: Option<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, status, external_modified FROM orders WHERE source = ? AND external_id = ?",
    )
    .bind(source)
    .bind(&external)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some((id, old_status, modified)) = existing {
        if modified == o.date_modified_gmt && old_status == status.as_str() {
            return Ok(Outcome::Unchanged);
        }
        let id = super::parse_id("id", &id)?;
        update(tx, ctx, id, OrderStatus::parse(&old_status)?, status, &o).await?;
        return Ok(Outcome::Updated);
    }
    create(tx, ctx, profile, source, &o, status, stock).await?;
    Ok(Outcome::Created)
}

/// Finds the customer by phone, or creates them from the billing address.
async fn customer(tx: &mut Tx, ctx: &Ctx, o: &WooOrder) -> Result<Uuid> {
    let raw = o.billing.phone.as_deref().unwrap_or("");
    let e164 = phone::normalize(raw)?;
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM customers WHERE phone = ?")
        .bind(&e164)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(id) = found {
        return super::parse_id("id", &id);
    }
    let name = format!(
        "{} {}",
        o.billing.first_name.trim(),
        o.billing.last_name.trim()
    );
    let input = customers::NewCustomer {
        name: name.trim().to_string(),
        phone: e164,
        email: o.billing.email.clone().filter(|e| !e.trim().is_empty()),
        address: Some(format!(
            "{} {}, {}",
            o.billing.address_1, o.billing.address_2, o.billing.city
        ))
        .filter(|a| a.len() > 3),
    }
    .validate()?;
    customers::insert(tx, ctx, &input).await
}

async fn create(
    tx: &mut Tx,
    ctx: &Ctx,
    profile: &crate::domain::shop::ShopProfile,
    source: &str,
    o: &WooOrder,
    status: OrderStatus,
    stock: &mut HashMap<Uuid, i64>,
) -> Result<()> {
    let cur = profile.currency;
    if o.line_items.is_empty() {
        return Err(Error::validation(
            "line_items",
            "required",
            "an order without lines",
        ));
    }
    // Every line must be a product we know, by SKU.
    let mut lines = vec![];
    for (i, li) in o.line_items.iter().enumerate() {
        let field = format!("line_items.{i}");
        let sku = crate::domain::catalog::check_sku(&li.sku).map_err(|_| {
            Error::validation(
                &field,
                "unknown_product",
                format!("line {} has no valid SKU", i + 1),
            )
        })?;
        let product: Option<(String, bool)> =
            sqlx::query_as("SELECT id, serialised FROM products WHERE sku = ?")
                .bind(&sku)
                .fetch_optional(&mut **tx)
                .await?;
        let (pid, serialised) = product.ok_or_else(|| {
            Error::validation(
                &field,
                "unknown_product",
                format!("no product with SKU {sku}"),
            )
        })?;
        if !(1..=1000).contains(&li.quantity) {
            return Err(Error::validation(&field, "invalid_qty", "1 to 1000"));
        }
        let subtotal = woo::amount(&field, &li.subtotal, cur)?;
        let total = woo::amount(&field, &li.total, cur)?;
        let unit = money::round(subtotal / Decimal::from(li.quantity), cur);
        lines.push((
            super::parse_id("product_id", &pid)?,
            sku,
            li,
            serialised,
            unit,
            (subtotal - total).max(Decimal::ZERO),
        ));
    }
    let m = |d: Decimal| money::to_minor(d, cur);
    let total = woo::amount("total", &o.total, cur)?;
    let tax = woo::amount("total_tax", &o.total_tax, cur)?;
    let shipping = woo::amount("shipping_total", &o.shipping_total, cur)?;
    let discount = woo::amount("discount_total", &o.discount_total, cur)?;
    let subtotal: Decimal = lines
        .iter()
        .map(|l| l.4 * Decimal::from(l.2.quantity))
        .sum();
    let base = total - tax - shipping;
    let customer_id = customer(tx, ctx, o).await?;
    let ship = o.shipping.clone().unwrap_or_default();
    let city = Some(ship.city.trim().to_string()).filter(|c| !c.is_empty());
    let address = Some(
        format!("{} {}", ship.address_1, ship.address_2)
            .trim()
            .to_string(),
    )
    .filter(|a| !a.is_empty());
    let number = free_number(
        tx,
        &format!(
            "WC-{}",
            o.number.clone().unwrap_or_else(|| o.id.to_string())
        ),
    )
    .await?;
    let created = o
        .date_created_gmt
        .as_deref()
        .map(|d| format!("{d}Z"))
        .unwrap_or_else(|| ts(ctx.now));
    let id = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO orders (id, number, channel, source, external_id, external_modified, customer_id, branch, status, fulfilment, ship_address, ship_city,
         payment_method, coupon_code, subtotal, discount, base, tax, shipping, total, tax_rate, tax_inclusive, currency, note, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(&number)
    .bind(Channel::Web.as_str())
    .bind(source)
    .bind(o.id.to_string())
    .bind(&o.date_modified_gmt)
    .bind(customer_id.to_string())
    .bind(&profile.branch_code)
    .bind(status.as_str())
    .bind(woo::fulfilment(o).as_str())
    .bind(&address)
    .bind(&city)
    .bind(woo::map_payment(&o.payment_method))
    .bind(o.coupon_lines.first().map(|c| c.code.to_uppercase()))
    .bind(m(subtotal))
    .bind(m(discount))
    .bind(m(base))
    .bind(m(tax))
    .bind(m(shipping))
    .bind(m(total))
    .bind(profile.tax_rate.to_string())
    .bind(profile.prices_include_tax)
    .bind(cur.code())
    .bind(Some(o.customer_note.trim()).filter(|n| !n.is_empty()))
    .bind(SYSTEM.to_string())
    .bind(&created)
    .bind(ts(ctx.now))
    .execute(&mut **tx)
    .await?;
    for (i, (pid, sku, li, serialised, unit, disc)) in lines.iter().enumerate() {
        sqlx::query("INSERT INTO order_lines (id, order_id, position, product_id, sku, name, qty, unit_price, discount, serialised) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(crate::domain::new_id().to_string())
            .bind(id.to_string())
            .bind(i as i64)
            .bind(pid.to_string())
            .bind(sku)
            .bind(&li.name)
            .bind(li.quantity)
            .bind(m(*unit))
            .bind(m(*disc))
            .bind(serialised)
            .execute(&mut **tx)
            .await?;
        if status.holds_stock() {
            let left = match stock.get(pid) {
                Some(n) => *n,
                None => available(tx, *pid, &profile.branch_code).await?,
            };
            if left >= li.quantity {
                reserve(tx, id, *pid, &profile.branch_code, li.quantity).await?;
                stock.insert(*pid, left - li.quantity);
            }
        }
    }
    if matches!(
        status,
        OrderStatus::PaymentReceived | OrderStatus::PickedUp | OrderStatus::Delivered
    ) && total > Decimal::ZERO
    {
        paid(tx, ctx, id, o, total, cur).await?;
    }
    super::orders::index(tx, id, &number).await?;
    let data = serde_json::json!({ "source": source, "woo_id": o.id, "woo_status": o.status, "total": total.to_string() });
    append_event(tx, ctx, id, "imported", Some((None, status)), None, data).await?;
    Ok(())
}

/// "WC-727", or "WC-727-2" when another store already has a 727.
async fn free_number(tx: &mut Tx, wanted: &str) -> Result<String> {
    for n in 1..100 {
        let candidate = if n == 1 {
            wanted.to_string()
        } else {
            format!("{wanted}-{n}")
        };
        let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE number = ?")
            .bind(&candidate)
            .fetch_one(&mut **tx)
            .await?;
        if taken == 0 {
            return Ok(candidate);
        }
    }
    Err(Error::Conflict {
        message: format!("no free order number for {wanted}"),
    })
}

/// The web store's payment, recorded as verified (the gateway confirmed it).
async fn paid(
    tx: &mut Tx,
    ctx: &Ctx,
    id: Uuid,
    o: &WooOrder,
    total: Decimal,
    cur: Currency,
) -> Result<()> {
    let method = match woo::map_payment(&o.payment_method) {
        "cod" => "cash",
        m => m,
    };
    sqlx::query("INSERT INTO order_payments (id, order_id, kind, method, amount, currency, status, reference, received_by, received_at, decided_by, decided_at)
                 VALUES (?, ?, 'payment', ?, ?, ?, 'verified', ?, ?, ?, ?, ?)")
        .bind(crate::domain::new_id().to_string())
        .bind(id.to_string())
        .bind(method)
        .bind(money::to_minor(total, cur))
        .bind(cur.code())
        .bind(format!("woocommerce #{}", o.id))
        .bind(ctx.staff_id.to_string())
        .bind(o.date_paid_gmt.as_deref().map(|d| format!("{d}Z")).unwrap_or_else(|| ts(ctx.now)))
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A changed order: the web store's status is the truth; stock held for an
/// open order is released when it closes; a newly paid one gets its payment.
async fn update(
    tx: &mut Tx,
    ctx: &Ctx,
    id: Uuid,
    from: OrderStatus,
    to: OrderStatus,
    o: &WooOrder,
) -> Result<()> {
    sqlx::query("UPDATE orders SET external_modified = ?, updated_at = ? WHERE id = ?")
        .bind(&o.date_modified_gmt)
        .bind(ts(ctx.now))
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    if from == to {
        return outbox::append(
            tx,
            ctx,
            "order",
            id,
            "imported_update",
            &serde_json::json!({ "woo_modified": o.date_modified_gmt }),
        )
        .await;
    }
    if !to.holds_stock() {
        sqlx::query(
            "UPDATE reservations SET released_at = ? WHERE order_id = ? AND released_at IS NULL",
        )
        .bind(ts(ctx.now))
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    }
    let was_paid: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM order_payments WHERE order_id = ? AND status = 'verified' AND kind = 'payment'")
        .bind(id.to_string())
        .fetch_one(&mut **tx)
        .await?;
    if was_paid == 0
        && matches!(
            to,
            OrderStatus::PaymentReceived | OrderStatus::PickedUp | OrderStatus::Delivered
        )
    {
        let (total, cur): (i64, String) =
            sqlx::query_as("SELECT total, currency FROM orders WHERE id = ?")
                .bind(id.to_string())
                .fetch_one(&mut **tx)
                .await?;
        let cur = Currency::parse(&cur)?;
        paid(tx, ctx, id, o, money::from_minor(total, cur), cur).await?;
    }
    let data = serde_json::json!({ "woo_status": o.status, "woo_modified": o.date_modified_gmt });
    append_event(
        tx,
        ctx,
        id,
        "imported_update",
        Some((Some(from), to)),
        None,
        data,
    )
    .await
}
