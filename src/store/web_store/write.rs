//! Writing one checked WooCommerce order (see `record`): a new order
//! with its customer, lines, reservations, payment when the store says it is
//! paid, search entry and event; or a known order moved to its new status.
//! Outbox and audit rows go to the import's journal.

use crate::domain::money::{self, Currency};
use crate::domain::sales::order::{Channel, OrderStatus};
use crate::domain::shop::ShopProfile;
use crate::domain::web_store::woo::{self, WooOrder};
use crate::error::{Error, Result};
use crate::store::customers;
use crate::store::sales::catalog::available;
use crate::store::sales::orders::SYSTEM;
use crate::store::sales::write::{append_event_journaled, index_with, reserve};
use crate::store::shop::journal::Journal;
use crate::store::web_store::record::{Customer, NewWebOrder, Outcome, Plan, StorePayment, Update};
use crate::store::{ts, Ctx, Tx};
use rust_decimal::Decimal;
use std::collections::HashMap;
use uuid::Uuid;

/// The import's state inside one transaction.
pub(crate) struct Batch<'a> {
    pub db: &'a crate::store::Db,
    pub ctx: &'a Ctx,
    pub profile: &'a ShopProfile,
    pub source: &'a str,
    pub journal: Journal,
}

/// Availability per product in the transaction (`Lookups::stock`).
type Stock = HashMap<Uuid, i64>;

pub(crate) async fn apply(
    tx: &mut Tx,
    b: &mut Batch<'_>,
    stock: &mut Stock,
    plan: Plan,
) -> Result<Outcome> {
    match plan {
        Plan::Unchanged => Ok(Outcome::Unchanged),
        Plan::Update(u) => {
            update(tx, b, stock, *u).await?;
            Ok(Outcome::Updated)
        }
        Plan::Create(new) => {
            create(tx, b, stock, *new).await?;
            Ok(Outcome::Created)
        }
    }
}

async fn create(tx: &mut Tx, b: &mut Batch<'_>, stock: &mut Stock, n: NewWebOrder) -> Result<()> {
    let (ctx, profile) = (b.ctx, b.profile);
    let cur = profile.currency;
    let o = &n.order;
    let (customer_id, name, phone, email) = match n.customer {
        Customer::Known {
            id,
            name,
            phone,
            email,
        } => (id, name, phone, email),
        Customer::New(c) => {
            let id = customers::insert_row(tx, ctx, &c).await?;
            b.journal.add(ctx, "customer", id, "create", None, &c)?;
            (id, c.name, c.phone, c.email)
        }
    };
    let ship = o.shipping.clone().unwrap_or_default();
    let city = Some(ship.city.trim().to_string()).filter(|c| !c.is_empty());
    let address = Some(
        format!("{} {}", ship.address_1, ship.address_2)
            .trim()
            .to_string(),
    )
    .filter(|a| !a.is_empty());
    let created = o
        .date_created_gmt
        .as_deref()
        .map(|d| format!("{d}Z"))
        .unwrap_or_else(|| ts(ctx.now));
    let m = |d: Decimal| money::to_minor(d, cur);
    // Stock for an open order: all of it held, or the order waits as short
    // of stock (the shelf may not have what the web store sold).
    let mut status = n.status;
    if status.holds_stock() {
        let mut need: HashMap<Uuid, i64> = HashMap::new();
        for l in &n.lines {
            *need.entry(l.product).or_default() += l.item.quantity;
        }
        for (product, qty) in need {
            let left = match stock.get(&product) {
                Some(n) => *n,
                None => available(tx, product, &profile.branch_code).await?,
            };
            stock.insert(product, left);
            if left < qty {
                status = OrderStatus::InsufficientStock;
            }
        }
    }
    let id = crate::domain::new_id();
    let wanted = format!(
        "WC-{}",
        o.number.clone().unwrap_or_else(|| o.id.to_string())
    );
    // "WC-727", or "WC-727-2" when another store already has a 727: the
    // UNIQUE number refuses the statement alone, the transaction goes on.
    let mut number = wanted.clone();
    for attempt in 2..=100 {
        let inserted = sqlx::query(
            "INSERT INTO orders (id, number, channel, source, external_id, external_modified, customer_id, branch, status, fulfilment, ship_address, ship_city,
             payment_method, coupon_code, subtotal, discount, base, tax, shipping, total, tax_rate, tax_inclusive, currency, note, created_by, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id.to_string())
        .bind(&number)
        .bind(Channel::Web.as_str())
        .bind(b.source)
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
        .bind(m(n.subtotal))
        .bind(m(n.discount))
        .bind(m(n.base))
        .bind(m(n.tax))
        .bind(m(n.shipping))
        .bind(m(n.total))
        .bind(profile.tax_rate.to_string())
        .bind(profile.prices_include_tax)
        .bind(cur.code())
        .bind(Some(o.customer_note.trim()).filter(|n| !n.is_empty()))
        .bind(SYSTEM.to_string())
        .bind(&created)
        .bind(ts(ctx.now))
        .execute(&mut **tx)
        .await;
        match inserted {
            Ok(_) => break,
            Err(sqlx::Error::Database(e))
                if e.is_unique_violation() && e.message().contains("orders.number") =>
            {
                if attempt == 100 {
                    return Err(Error::Conflict {
                        message: format!("no free order number for {wanted}"),
                    });
                }
                number = format!("{wanted}-{attempt}");
            }
            Err(e) => return Err(e.into()),
        }
    }
    for (i, l) in n.lines.iter().enumerate() {
        sqlx::query("INSERT INTO order_lines (id, order_id, position, product_id, sku, name, qty, unit_price, discount, serialised) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(crate::domain::new_id().to_string())
            .bind(id.to_string())
            .bind(i as i64)
            .bind(l.product.to_string())
            .bind(&l.sku)
            .bind(&l.item.name)
            .bind(l.item.quantity)
            .bind(m(l.unit))
            .bind(m(l.discount))
            .bind(l.serialised)
            .execute(&mut **tx)
            .await?;
        if status.holds_stock() {
            reserve(tx, id, l.product, &profile.branch_code, l.item.quantity).await?;
            if let Some(left) = stock.get_mut(&l.product) {
                *left -= l.item.quantity;
            }
        }
    }
    if let Some(pay) = n.pay.as_ref().filter(|_| n.total > Decimal::ZERO) {
        paid(tx, ctx, id, o, pay, n.total, cur).await?;
    }
    if n.take_out {
        crate::store::web_store::update::take_out(tx, ctx, id).await?;
        for l in &n.lines {
            if let Some(left) = stock.get_mut(&l.product) {
                *left -= l.item.quantity;
            }
        }
        received(tx, id, o).await?;
    }
    index_with(tx, id, &number, &name, &phone, email.as_deref()).await?;
    let data = serde_json::json!({ "source": b.source, "woo_id": o.id, "woo_status": o.status, "total": n.total.to_string() });
    append_event_journaled(
        tx,
        &mut b.journal,
        ctx,
        id,
        "imported",
        Some((None, status)),
        data,
    )
    .await
}

/// The web store's payment: verified when the importer may verify payments,
/// else pending for someone who may; dated when the store says it was paid.
async fn paid(
    tx: &mut Tx,
    ctx: &Ctx,
    id: Uuid,
    o: &WooOrder,
    pay: &StorePayment,
    amount: Decimal,
    cur: Currency,
) -> Result<()> {
    let method = match woo::map_payment(&o.payment_method) {
        "cod" => "cash",
        m => m,
    };
    let state = if pay.verified { "verified" } else { "pending" };
    sqlx::query("INSERT INTO order_payments (id, order_id, kind, method, amount, currency, status, reference, received_by, received_at, decided_by, decided_at)
                 VALUES (?, ?, 'payment', ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(crate::domain::new_id().to_string())
        .bind(id.to_string())
        .bind(method)
        .bind(money::to_minor(amount, cur))
        .bind(cur.code())
        .bind(state)
        .bind(format!("woocommerce #{}", o.id))
        .bind(ctx.staff_id.to_string())
        .bind(&pay.at)
        .bind(pay.verified.then(|| ctx.staff_id.to_string()))
        .bind(pay.verified.then(|| ts(ctx.now)))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The store refunded the order: what Konter holds for it goes back.
async fn refunded(tx: &mut Tx, ctx: &Ctx, id: Uuid, o: &WooOrder, amount: Decimal) -> Result<()> {
    let (cur, method): (String, Option<String>) = sqlx::query_as(
        "SELECT o.currency, (SELECT method FROM order_payments WHERE order_id = o.id AND kind = 'payment' AND status = 'verified' ORDER BY received_at LIMIT 1) FROM orders o WHERE o.id = ?",
    )
    .bind(id.to_string())
    .fetch_one(&mut **tx)
    .await?;
    let cur = Currency::parse(&cur)?;
    sqlx::query("INSERT INTO order_payments (id, order_id, kind, method, amount, currency, status, reference, received_by, received_at, decided_by, decided_at)
                 VALUES (?, ?, 'refund', ?, ?, ?, 'verified', ?, ?, ?, ?, ?)")
        .bind(crate::domain::new_id().to_string())
        .bind(id.to_string())
        .bind(method.unwrap_or_else(|| "bank_transfer".into()))
        .bind(money::to_minor(amount, cur))
        .bind(cur.code())
        .bind(format!("woocommerce #{} refunded", o.id))
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The customer has the goods since the store's completion date; unknown
/// when the store gives none (returns then ask for it).
async fn received(tx: &mut Tx, id: Uuid, o: &WooOrder) -> Result<()> {
    let at = o
        .date_completed_gmt
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| format!("{}Z", d.trim_end_matches('Z')));
    sqlx::query("UPDATE orders SET received_at = ? WHERE id = ?")
        .bind(at)
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A changed order, as `update::decide` planned it: the payment the
/// store proves, its refund, the goods leaving once, a forward move.
async fn update(tx: &mut Tx, b: &mut Batch<'_>, stock: &mut Stock, u: Update) -> Result<()> {
    let ctx = b.ctx;
    let (id, o) = (u.id, &u.order);
    sqlx::query("UPDATE orders SET external_modified = ?, updated_at = ? WHERE id = ?")
        .bind(&o.date_modified_gmt)
        .bind(ts(ctx.now))
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    if let Some((pay, amount)) = &u.pay {
        paid(tx, ctx, id, o, pay, *amount, b.profile.currency).await?;
    }
    if let Some(amount) = u.refund {
        refunded(tx, ctx, id, o, amount).await?;
    }
    if u.take_out {
        crate::store::web_store::update::take_out(tx, ctx, id).await?;
        stock.clear();
    }
    let data = serde_json::json!({ "woo_status": o.status, "woo_modified": o.date_modified_gmt, "paid": u.pay.as_ref().map(|(_, a)| a.to_string()), "refund": u.refund.map(|r| r.to_string()) });
    let Some(to) = u.to else {
        return b
            .journal
            .add(ctx, "order", id, "imported_update", None, &data);
    };
    if !to.holds_stock() {
        crate::store::sales::flow::release(tx, ctx, id).await?;
        stock.clear();
    }
    if matches!(to, OrderStatus::PickedUp | OrderStatus::Delivered) {
        received(tx, id, o).await?;
        crate::store::warranty::register_order(b.db, tx, ctx, id).await?;
    }
    append_event_journaled(
        tx,
        &mut b.journal,
        ctx,
        id,
        "imported_update",
        Some((Some(u.from), to)),
        data,
    )
    .await
}
