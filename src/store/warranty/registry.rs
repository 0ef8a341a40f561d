//! The warranty registry as stored: a record per serialised unit sold, made
//! when the customer receives it (O2O handover, delivery) or imported from
//! past sales; found by serial, invoice number or phone; judged by the
//! domain's verdict under the rules for its brand or product.

use crate::domain::sales::catalog::WarrantyType;
use crate::domain::warranty::{Purchase, WarrantyRules};
use crate::error::{Error, Result};
use crate::store::{shop::calendar, ts, Ctx, Db, Tx};
use chrono::NaiveDate;
use serde::Serialize;
use sqlx::FromRow;
use ts_rs::TS;
use uuid::Uuid;

pub(crate) use crate::store::warranty::returns::{mark_returned, register_exchange};

/// A unit in the registry, as the check screen shows it.
#[derive(Debug, Clone, Serialize, TS, FromRow)]
pub struct WarrantyUnit {
    #[sqlx(try_from = "String")]
    pub id: Uuid,
    pub serial: String,
    pub sku: String,
    pub product_name: String,
    pub brand: String,
    pub invoice_number: String,
    pub sold_on: String,
    pub start_date: String,
    #[ts(type = "number")]
    pub store_months: i64,
    #[ts(type = "number")]
    pub maker_months: i64,
    pub kind: String,
    pub customer_name: String,
    pub customer_phone: Option<String>,
    /// sale | import | replacement
    pub source: String,
    /// The unit this one replaced (a principal or DOA exchange).
    pub replaces: Option<String>,
    /// Set when a later unit replaced this one.
    pub replaced_by: Option<String>,
}

pub(crate) const UNIT: &str = "SELECT w.id, w.serial, w.sku, w.product_name, w.brand, w.invoice_number, w.sold_on, w.start_date,
    w.store_months, w.maker_months, w.kind, w.customer_name, w.customer_phone, w.source, w.replaces,
    (SELECT r.serial FROM warranties r WHERE r.replaces = w.id LIMIT 1) AS replaced_by
    FROM warranties w";

impl WarrantyUnit {
    pub fn purchase(&self) -> Result<Purchase> {
        let start = NaiveDate::parse_from_str(&self.start_date, "%Y-%m-%d").map_err(|_| {
            Error::Storage {
                message: format!("bad start date {}", self.start_date),
            }
        })?;
        Ok(Purchase {
            start,
            store_months: self.store_months.clamp(0, 240) as u32,
            maker_months: self.maker_months.clamp(0, 240) as u32,
            kind: if self.kind == "lifetime" {
                WarrantyType::Lifetime
            } else {
                WarrantyType::Standard
            },
        })
    }
}

/// Registers every serialised unit the order handed to its customer today
/// (inside the handover's or delivery's transaction). Returns how many.
pub(crate) async fn register_order(db: &Db, tx: &mut Tx, ctx: &Ctx, order_id: Uuid) -> Result<u32> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        i64,
        i64,
        String,
        String,
        String,
        String,
        String,
    );
    // A unit shipped twice (its parcel came back) has two sale moves: one warranty.
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT m.serial, p.id, p.sku, p.name, p.brand, p.warranty_store_months, p.warranty_maker_months, p.warranty_type,
                o.customer_id, c.name, c.phone, o.created_at
         FROM stock_moves m JOIN products p ON p.id = m.product_id JOIN orders o ON o.id = m.order_id
         JOIN customers c ON c.id = o.customer_id
         WHERE m.order_id = ? AND m.kind = 'sale' AND m.serial IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM warranties w WHERE w.order_id = m.order_id AND w.serial = m.serial)
           AND EXISTS (SELECT 1 FROM units u WHERE u.product_id = m.product_id AND u.serial = m.serial AND u.order_id = m.order_id AND u.status = 'sold')
         GROUP BY m.product_id, m.serial",
    )
    .bind(order_id.to_string())
    .fetch_all(&mut **tx)
    .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let invoice: Option<String> = sqlx::query_scalar(
        "SELECT COALESCE((SELECT number FROM order_invoices WHERE order_id = ?1 AND voided_at IS NULL), (SELECT number FROM orders WHERE id = ?1))",
    )
    .bind(order_id.to_string())
    .fetch_one(&mut **tx)
    .await?;
    let invoice = invoice.unwrap_or_default();
    let cal = calendar::calendar(db).await?;
    let today = cal.local_date(ctx.now);
    let n = rows.len() as u32;
    for (serial, pid, sku, name, brand, store, maker, kind, cid, cname, cphone, created) in rows {
        let sold_on = crate::store::parse_ts(&created);
        let unit = NewUnit {
            serial,
            product_id: Some(pid),
            sku,
            product_name: name,
            brand,
            invoice_number: invoice.clone(),
            sold_on: cal.local_date(sold_on),
            start: today,
            store_months: store,
            maker_months: maker,
            kind,
            customer_id: Some(cid),
            customer_name: cname,
            customer_phone: Some(cphone),
            order_id: Some(order_id.to_string()),
            source: "sale",
            replaces: None,
        };
        insert(tx, ctx, &unit).await?;
    }
    Ok(n)
}

pub(crate) struct NewUnit {
    pub serial: String,
    pub product_id: Option<String>,
    pub sku: String,
    pub product_name: String,
    pub brand: String,
    pub invoice_number: String,
    pub sold_on: NaiveDate,
    pub start: NaiveDate,
    pub store_months: i64,
    pub maker_months: i64,
    pub kind: String,
    pub customer_id: Option<String>,
    pub customer_name: String,
    pub customer_phone: Option<String>,
    pub order_id: Option<String>,
    pub source: &'static str,
    pub replaces: Option<Uuid>,
}

/// One unit with its "registered" event and outbox row.
pub(crate) async fn insert(tx: &mut Tx, ctx: &Ctx, u: &NewUnit) -> Result<Uuid> {
    let id = crate::domain::warranty::unit_id(&u.serial, &u.invoice_number, u.sold_on);
    sqlx::query(
        "INSERT INTO warranties (id, serial, product_id, sku, product_name, brand, invoice_number, sold_on, start_date, store_months, maker_months, kind,
         customer_id, customer_name, customer_phone, order_id, source, replaces, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(&u.serial)
    .bind(&u.product_id)
    .bind(&u.sku)
    .bind(&u.product_name)
    .bind(&u.brand)
    .bind(&u.invoice_number)
    .bind(u.sold_on.to_string())
    .bind(u.start.to_string())
    .bind(u.store_months)
    .bind(u.maker_months)
    .bind(&u.kind)
    .bind(&u.customer_id)
    .bind(&u.customer_name)
    .bind(&u.customer_phone)
    .bind(&u.order_id)
    .bind(u.source)
    .bind(u.replaces.map(|r| r.to_string()))
    .bind(ts(ctx.now))
    .execute(&mut **tx)
    .await?;
    let data = serde_json::json!({ "serial": u.serial, "sku": u.sku, "invoice": u.invoice_number, "start": u.start, "source": u.source, "replaces": u.replaces });
    event(tx, ctx, id, "registered", None, &data).await?;
    crate::store::shop::outbox::append(tx, ctx, "warranty", id, "register", &data).await?;
    Ok(id)
}

/// An entry in the unit's history.
pub(crate) async fn event(
    tx: &mut Tx,
    ctx: &Ctx,
    warranty_id: Uuid,
    kind: &str,
    ticket_id: Option<Uuid>,
    data: &serde_json::Value,
) -> Result<()> {
    sqlx::query("INSERT INTO warranty_events (id, warranty_id, kind, data, ticket_id, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(crate::domain::new_id().to_string())
        .bind(warranty_id.to_string())
        .bind(kind)
        .bind(data.to_string())
        .bind(ticket_id.map(|t| t.to_string()))
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Units by serial, invoice number or customer phone (newest first, at most 50).
pub async fn find(db: &Db, query: &str) -> Result<Vec<WarrantyUnit>> {
    let q = crate::error::check::required("query", query, 200)?;
    let serial = q.to_uppercase();
    let phone = crate::domain::phone::normalize(&q).ok();
    let rows: Vec<WarrantyUnit> = sqlx::query_as(&format!(
        "{UNIT} WHERE w.serial = ?1 OR w.invoice_number = ?2 OR (?3 IS NOT NULL AND w.customer_phone = ?3) ORDER BY w.start_date DESC LIMIT 50"
    ))
    .bind(&serial)
    .bind(&q)
    .bind(&phone)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows)
}

pub async fn get(db: &Db, id: Uuid) -> Result<WarrantyUnit> {
    sqlx::query_as(&format!("{UNIT} WHERE w.id = ?"))
        .bind(id.to_string())
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("warranty"))
}

/// The rules for a unit: its SKU's, else its brand's, else seed 002's.
pub async fn rules_for(db: &Db, sku: &str, brand: &str) -> Result<WarrantyRules> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT scope, rules FROM warranty_rules WHERE scope IN (?, ?)")
            .bind(format!("sku:{sku}"))
            .bind(format!("brand:{}", brand.to_lowercase()))
            .fetch_all(&db.pool)
            .await?;
    let pick = |prefix: &str| {
        rows.iter()
            .find(|(s, _)| s.starts_with(prefix))
            .and_then(|(_, r)| serde_json::from_str(r).ok())
    };
    Ok(pick("sku:").or_else(|| pick("brand:")).unwrap_or_default())
}

/// Sets (or with `None` removes) the rules for a brand or a SKU.
pub async fn set_rules(
    db: &Db,
    ctx: &Ctx,
    scope: &str,
    rules: Option<WarrantyRules>,
) -> Result<()> {
    ctx.require(crate::domain::staff::permissions::Action::ManageShop)?;
    let scope = crate::error::check::required("scope", scope, 120)?;
    let scope = match scope.split_once(':') {
        Some(("brand", b)) if !b.trim().is_empty() => format!("brand:{}", b.trim().to_lowercase()),
        Some(("sku", s)) if !s.trim().is_empty() => format!("sku:{}", s.trim().to_uppercase()),
        _ => {
            return Err(Error::validation(
                "scope",
                "invalid",
                "brand:<name> or sku:<SKU>",
            ))
        }
    };
    if let Some(r) = &rules {
        if r.doa_days > 90 || r.lifetime_store_months > 240 || r.free_return_working_days > 90 {
            return Err(Error::validation(
                "rules",
                "out_of_range",
                "days up to 90, months up to 240",
            ));
        }
    }
    let mut tx = db.begin().await?;
    let before: Option<String> =
        sqlx::query_scalar("SELECT rules FROM warranty_rules WHERE scope = ?")
            .bind(&scope)
            .fetch_optional(&mut *tx)
            .await?;
    match &rules {
        Some(r) => {
            sqlx::query("INSERT INTO warranty_rules (scope, rules) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET rules = excluded.rules")
                .bind(&scope)
                .bind(serde_json::to_string(r).unwrap_or_default())
                .execute(&mut *tx)
                .await?
        }
        None => {
            sqlx::query("DELETE FROM warranty_rules WHERE scope = ?")
                .bind(&scope)
                .execute(&mut *tx)
                .await?
        }
    };
    // The same scope is the same entity on every branch.
    let digest = <sha2::Sha256 as sha2::Digest>::digest(scope.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    let entity = Uuid::from_bytes(bytes);
    crate::store::shop::outbox::append_change(
        &mut tx,
        ctx,
        "warranty_rules",
        entity,
        "set",
        &serde_json::json!({ "scope": scope, "rules": before }),
        &serde_json::json!({ "scope": scope, "rules": rules }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The units an order handed over, to print their cards at the sale.
pub async fn of_order(db: &Db, order_id: Uuid) -> Result<Vec<WarrantyUnit>> {
    Ok(
        sqlx::query_as(&format!("{UNIT} WHERE w.order_id = ? ORDER BY w.serial"))
            .bind(order_id.to_string())
            .fetch_all(&db.pool)
            .await?,
    )
}

/// Every brand or SKU with its own rules.
pub async fn all_rules(db: &Db) -> Result<Vec<(String, WarrantyRules)>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT scope, rules FROM warranty_rules ORDER BY scope")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(s, r)| serde_json::from_str(&r).ok().map(|r| (s, r)))
        .collect())
}
