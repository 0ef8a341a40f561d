//! One WooCommerce order read and checked against the shop before anything
//! is written: its currency and status, every line's product by SKU, the
//! amounts, and the customer (found by phone or validated as new). A record
//! that fails here is reported and skipped; one that passes is written by
//! `write`, whose only failures are the database's own.

use crate::domain::money::{self, Currency};
use crate::domain::phone;
use crate::domain::sales::order::OrderStatus;
use crate::domain::shop::ShopProfile;
use crate::domain::web_store::woo::{self, LineItem, WooMoney, WooOrder};
use crate::error::{Error, Result};
use crate::store::customers::{self, NewCustomer};
use crate::store::Tx;
use rust_decimal::Decimal;
use sqlx::{QueryBuilder, Sqlite};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

pub(crate) enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// What a checked record will do.
pub(crate) enum Plan {
    Unchanged,
    Update(Box<Update>),
    Create(Box<NewWebOrder>),
}

/// The web store's payment, as Konter will record it: verified when the
/// importer may verify payments, else pending for someone who may.
#[derive(Clone)]
pub(crate) struct StorePayment {
    pub verified: bool,
    /// Woo's paid date (UTC, as Woo writes it).
    pub at: String,
}

/// A known order the store changed: what the import does to it, decided
/// from what this transaction reads, before anything is written.
pub(crate) struct Update {
    pub id: Uuid,
    pub from: OrderStatus,
    /// The forward move, if any (never back over the counter's work).
    pub to: Option<OrderStatus>,
    pub pay: Option<(StorePayment, Decimal)>,
    /// Woo refunded the order: what Konter holds goes back.
    pub refund: Option<Decimal>,
    /// Completed in the store before the goods left Konter's stock: the
    /// (non-serialised) goods leave it now, once.
    pub take_out: bool,
    pub order: WooOrder,
}

pub(crate) struct NewWebOrder {
    pub order: WooOrder,
    pub status: OrderStatus,
    pub customer: Customer,
    pub lines: Vec<Line>,
    pub subtotal: Decimal,
    pub discount: Decimal,
    pub base: Decimal,
    pub tax: Decimal,
    pub shipping: Decimal,
    pub total: Decimal,
    pub pay: Option<StorePayment>,
    /// Completed in the store: the goods leave stock as the order is created.
    pub take_out: bool,
}

pub(crate) enum Customer {
    Known {
        id: Uuid,
        name: String,
        phone: String,
        email: Option<String>,
    },
    New(NewCustomer),
}

pub(crate) struct Line {
    pub product: Uuid,
    pub sku: String,
    pub item: LineItem,
    pub serialised: bool,
    pub unit: Decimal,
    pub discount: Decimal,
}

type KnownOrder = (String, String, Option<String>);
type KnownCustomer = (String, String, Option<String>);

/// Reads done once instead of once per record: products by SKU for the
/// whole import; per transaction, the orders and customers the next records
/// name (by Woo id and billing phone). A key already met in this transaction
/// may have been written since, so it is read again.
#[derive(Default)]
pub(crate) struct Lookups {
    products: HashMap<String, (Uuid, bool)>,
    orders: HashMap<String, KnownOrder>,
    customers: HashMap<String, KnownCustomer>,
    met_orders: HashSet<String>,
    met_phones: HashSet<String>,
    /// Availability per product in this transaction, read once and kept as
    /// the import reserves or takes goods (summing stock moves or
    /// reservations per record would be quadratic).
    pub(crate) stock: HashMap<Uuid, i64>,
}

impl Lookups {
    /// Reads the orders and customers `records` refer to.
    pub(crate) async fn prefetch(
        &mut self,
        tx: &mut Tx,
        source: &str,
        records: &[serde_json::Value],
    ) -> Result<()> {
        self.orders.clear();
        self.customers.clear();
        self.met_orders.clear();
        self.met_phones.clear();
        self.stock.clear();
        let ids: Vec<String> = records
            .iter()
            .filter_map(|v| v.get("id").and_then(|i| i.as_u64()))
            .map(|i| i.to_string())
            .collect();
        let phones: Vec<String> = records
            .iter()
            .filter_map(|v| v.pointer("/billing/phone").and_then(|p| p.as_str()))
            .filter_map(|p| phone::normalize(p).ok())
            .collect();
        if !ids.is_empty() {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "SELECT external_id, id, status, external_modified FROM orders WHERE source = ",
            );
            q.push_bind(source).push(" AND external_id IN (");
            let mut list = q.separated(", ");
            for id in &ids {
                list.push_bind(id);
            }
            q.push(")");
            let rows: Vec<(String, String, String, Option<String>)> =
                q.build_query_as().fetch_all(&mut **tx).await?;
            self.orders
                .extend(rows.into_iter().map(|(e, i, s, m)| (e, (i, s, m))));
        }
        if !phones.is_empty() {
            let mut q: QueryBuilder<Sqlite> =
                QueryBuilder::new("SELECT phone, id, name, email FROM customers WHERE phone IN (");
            let mut list = q.separated(", ");
            for p in &phones {
                list.push_bind(p);
            }
            q.push(") AND merged_into IS NULL");
            let rows: Vec<(String, String, String, Option<String>)> =
                q.build_query_as().fetch_all(&mut **tx).await?;
            self.customers
                .extend(rows.into_iter().map(|(p, i, n, e)| (p, (i, n, e))));
        }
        Ok(())
    }

    async fn order(
        &mut self,
        tx: &mut Tx,
        source: &str,
        external: &str,
    ) -> Result<Option<KnownOrder>> {
        if self.met_orders.insert(external.to_string()) {
            return Ok(self.orders.get(external).cloned());
        }
        Ok(sqlx::query_as(
            "SELECT id, status, external_modified FROM orders WHERE source = ? AND external_id = ?",
        )
        .bind(source)
        .bind(external)
        .fetch_optional(&mut **tx)
        .await?)
    }

    async fn customer(&mut self, tx: &mut Tx, e164: &str) -> Result<Option<KnownCustomer>> {
        if self.met_phones.insert(e164.to_string()) {
            return Ok(self.customers.get(e164).cloned());
        }
        Ok(sqlx::query_as(
            "SELECT id, name, email FROM customers WHERE phone = ? AND merged_into IS NULL",
        )
        .bind(e164)
        .fetch_optional(&mut **tx)
        .await?)
    }
}

pub(crate) async fn prepare(
    tx: &mut Tx,
    lookups: &mut Lookups,
    profile: &ShopProfile,
    source: &str,
    may_verify: bool,
    value: serde_json::Value,
) -> Result<Plan> {
    let o = woo::parse_order(value)?;
    let cur = profile.currency;
    let wrong = || {
        Error::validation(
            "currency",
            "wrong_currency",
            format!("order in {}, shop in {}", o.currency, cur.code()),
        )
    };
    if Currency::parse(&o.currency).map_err(|_| wrong())? != cur {
        return Err(wrong());
    }
    let money = woo::money_state(&o.status, &o.payment_method, o.date_paid_gmt.as_deref());
    let pay = match &money {
        WooMoney::Paid { at } => Some(StorePayment {
            verified: may_verify,
            at: format!("{}Z", at.trim_end_matches('Z')),
        }),
        _ => None,
    };
    let mut status = woo::map_status(&o.status, woo::fulfilment(&o), pay.is_some())?;
    // Paid per the store, but imported by someone who may not verify
    // payments: it waits on hold for someone who may.
    if status == OrderStatus::PaymentReceived && !may_verify {
        status = OrderStatus::OnHold;
    }
    let existing = lookups.order(tx, source, &o.id.to_string()).await?;
    if let Some((id, old_status, modified)) = existing {
        if modified == o.date_modified_gmt {
            return Ok(Plan::Unchanged);
        }
        let id = crate::store::parse_id("id", &id)?;
        let from = OrderStatus::parse(&old_status)?;
        let update = crate::store::web_store::update::decide(
            tx, id, from, status, money, pay, may_verify, o,
        )
        .await?;
        return Ok(Plan::Update(Box::new(update)));
    }
    if o.line_items.is_empty() {
        return Err(Error::validation(
            "line_items",
            "required",
            "an order without lines",
        ));
    }
    let mut lines = vec![];
    for (i, li) in o.line_items.iter().enumerate() {
        lines.push(line(tx, lookups, i, li, cur).await?);
    }
    let total = woo::amount("total", &o.total, cur)?;
    let tax = woo::amount("total_tax", &o.total_tax, cur)?;
    let shipping = woo::amount("shipping_total", &o.shipping_total, cur)?;
    let discount = woo::amount("discount_total", &o.discount_total, cur)?;
    let subtotal = lines
        .iter()
        .map(|l| l.unit * Decimal::from(l.item.quantity))
        .sum();
    let take_out = matches!(status, OrderStatus::PickedUp | OrderStatus::Delivered);
    if take_out {
        crate::store::web_store::update::check_take_out(
            tx,
            &mut lookups.stock,
            &lines,
            &profile.branch_code,
        )
        .await?;
    }
    let customer = customer(tx, lookups, &o).await?;
    Ok(Plan::Create(Box::new(NewWebOrder {
        pay,
        take_out,
        status,
        customer,
        lines,
        subtotal,
        discount,
        base: total - tax - shipping,
        tax,
        shipping,
        total,
        order: o,
    })))
}

/// A line must be a product we know, by SKU, in a sane quantity.
async fn line(
    tx: &mut Tx,
    lookups: &mut Lookups,
    i: usize,
    li: &LineItem,
    cur: Currency,
) -> Result<Line> {
    let field = format!("line_items.{i}");
    let sku = crate::domain::sales::catalog::check_sku(&li.sku).map_err(|_| {
        Error::validation(
            &field,
            "unknown_product",
            format!("line {} has no valid SKU", i + 1),
        )
    })?;
    let (product, serialised) = match lookups.products.get(&sku) {
        Some(p) => *p,
        None => {
            let found: Option<(String, bool)> =
                sqlx::query_as("SELECT id, serialised FROM products WHERE sku = ?")
                    .bind(&sku)
                    .fetch_optional(&mut **tx)
                    .await?;
            let (id, serialised) = found.ok_or_else(|| {
                Error::validation(
                    &field,
                    "unknown_product",
                    format!("no product with SKU {sku}"),
                )
            })?;
            let p = (crate::store::parse_id("product_id", &id)?, serialised);
            lookups.products.insert(sku.clone(), p);
            p
        }
    };
    if !(1..=1000).contains(&li.quantity) {
        return Err(Error::validation(&field, "invalid_qty", "1 to 1000"));
    }
    let subtotal = woo::amount(&field, &li.subtotal, cur)?;
    let total = woo::amount(&field, &li.total, cur)?;
    Ok(Line {
        product,
        sku,
        item: li.clone(),
        serialised,
        unit: money::round(subtotal / Decimal::from(li.quantity), cur),
        discount: (subtotal - total).max(Decimal::ZERO),
    })
}

/// The customer with this billing phone, or a new one from the billing address.
async fn customer(tx: &mut Tx, lookups: &mut Lookups, o: &WooOrder) -> Result<Customer> {
    let e164 = phone::normalize(o.billing.phone.as_deref().unwrap_or(""))?;
    let found = lookups.customer(tx, &e164).await?;
    if let Some((id, name, email)) = found {
        return Ok(Customer::Known {
            id: crate::store::parse_id("id", &id)?,
            name,
            phone: e164,
            email,
        });
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
    Ok(Customer::New(input))
}
