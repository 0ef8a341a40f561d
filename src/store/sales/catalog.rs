//! The catalog and its stock: products, stock received (with serials for
//! serialised products), and what is available for sale after open orders'
//! reservations ("Sold Out" at zero).

use crate::domain::money::{self, Currency};
use crate::domain::sales::catalog::{self as rules, ProductInput, TaxClass, WarrantyType};
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::{parse_id, shop, shop::outbox, ts, Ctx, Db, Tx};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, TS)]
pub struct ProductSummary {
    pub id: Uuid,
    pub sku: String,
    pub name: String,
    pub brand: String,
    pub category: String,
    #[ts(type = "string")]
    pub price: Decimal,
    pub tax_class: TaxClass,
    pub serialised: bool,
    pub warranty_type: WarrantyType,
    #[ts(type = "string | null")]
    pub cost_price: Option<Decimal>,
    #[ts(type = "number")]
    pub on_hand: i64,
    #[ts(type = "number")]
    pub reserved: i64,
    #[ts(type = "number")]
    pub available: i64,
    pub sold_out: bool,
}

#[derive(FromRow)]
struct Row {
    id: String,
    sku: String,
    name: String,
    brand: String,
    category: String,
    price: i64,
    currency: String,
    tax_class: String,
    serialised: bool,
    warranty_type: String,
    cost: Option<i64>,
    on_hand: i64,
    reserved: i64,
}

impl Row {
    fn summary(self) -> Result<ProductSummary> {
        let cur = Currency::parse(&self.currency)?;
        let available = self.on_hand - self.reserved;
        Ok(ProductSummary {
            id: parse_id("id", &self.id)?,
            sku: self.sku,
            name: self.name,
            brand: self.brand,
            category: self.category,
            price: money::from_minor(self.price, cur),
            tax_class: if self.tax_class == "exempt" {
                TaxClass::Exempt
            } else {
                TaxClass::Standard
            },
            serialised: self.serialised,
            warranty_type: if self.warranty_type == "lifetime" {
                WarrantyType::Lifetime
            } else {
                WarrantyType::Standard
            },
            cost_price: self.cost.map(|c| money::from_minor(c, cur)),
            on_hand: self.on_hand,
            reserved: self.reserved,
            available,
            sold_out: available <= 0,
        })
    }
}

const SUMMARY: &str = "SELECT p.id, p.sku, p.name, p.brand, p.category, p.price, p.currency, p.tax_class, p.serialised, p.warranty_type, p.cost,
    COALESCE((SELECT SUM(m.qty) FROM stock_moves m WHERE m.product_id = p.id AND m.branch = ?1), 0) AS on_hand,
    COALESCE((SELECT SUM(r.qty) FROM reservations r WHERE r.product_id = p.id AND r.branch = ?1 AND r.released_at IS NULL), 0) AS reserved
    FROM products p";

pub(crate) fn tax_str(t: TaxClass) -> &'static str {
    match t {
        TaxClass::Standard => "standard",
        TaxClass::Exempt => "exempt",
    }
}

pub async fn create_product(db: &Db, ctx: &Ctx, input: ProductInput) -> Result<ProductSummary> {
    ctx.require(Action::ManageCatalog)?;
    let cur = shop::profile(db).await?.currency;
    let p = input.validate(cur)?;
    let id = crate::domain::new_id();
    let mut tx = db.begin().await?;
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE sku = ?")
        .bind(&p.sku)
        .fetch_one(&mut *tx)
        .await?;
    if taken > 0 {
        return Err(Error::validation(
            "sku",
            "taken",
            "this SKU is already used",
        ));
    }
    insert_row(&mut tx, id, &p, cur, &ts(ctx.now)).await?;
    outbox::append(&mut tx, ctx, "product", id, "create", &p).await?;
    tx.commit().await?;
    get(db, id).await
}

/// A checked product's row, inside the caller's transaction.
pub(crate) async fn insert_row(
    tx: &mut crate::store::Tx,
    id: Uuid,
    p: &crate::domain::sales::catalog::Product,
    cur: Currency,
    now: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO products (id, sku, name, brand, category, price, currency, tax_class, serialised, weight_grams,
         warranty_store_months, warranty_maker_months, warranty_type, down_payment_allowed, cost, active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 1, ?16, ?16)",
    )
    .bind(id.to_string())
    .bind(&p.sku)
    .bind(&p.name)
    .bind(&p.brand)
    .bind(&p.category)
    .bind(money::to_minor(p.price, cur))
    .bind(cur.code())
    .bind(tax_str(p.tax_class))
    .bind(p.serialised)
    .bind(i64::from(p.weight_grams))
    .bind(i64::from(p.warranty_store_months))
    .bind(i64::from(p.warranty_maker_months))
    .bind(if p.warranty_type == WarrantyType::Lifetime { "lifetime" } else { "standard" })
    .bind(p.down_payment_allowed)
    .bind(p.cost_price.map(|c| money::to_minor(c, cur)))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn branch(db: &Db) -> Result<String> {
    Ok(shop::profile(db).await?.branch_code)
}

pub async fn get(db: &Db, id: Uuid) -> Result<ProductSummary> {
    let row: Row = sqlx::query_as(&format!("{SUMMARY} WHERE p.id = ?2"))
        .bind(branch(db).await?)
        .bind(id.to_string())
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("product"))?;
    row.summary()
}

/// Products whose SKU, name or brand contains `q` (all when empty), by name.
pub async fn search(db: &Db, q: &str) -> Result<Vec<ProductSummary>> {
    let q = check::max_len("query", q, 100).map(|_| q.trim().to_string())?;
    let like = format!("%{}%", crate::store::search::escape_like(&q));
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SUMMARY} WHERE p.active = 1 AND (?2 = '' OR p.sku LIKE ?3 ESCAPE '\\' OR p.name LIKE ?3 ESCAPE '\\' OR p.brand LIKE ?3 ESCAPE '\\')
         ORDER BY p.name LIMIT 100"
    ))
    .bind(branch(db).await?)
    .bind(&q)
    .bind(&like)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(Row::summary).collect()
}

/// Goods arriving: a quantity, and for serialised products one serial each.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StockReceipt {
    pub product_id: String,
    pub qty: String,
    /// Scanned serials, one per unit (serialised products only).
    pub serials: Vec<String>,
    pub note: Option<String>,
}

pub async fn receive_stock(db: &Db, ctx: &Ctx, input: StockReceipt) -> Result<ProductSummary> {
    ctx.require(Action::ReceiveStock)?;
    let product_id = parse_id("product_id", &input.product_id)?;
    let product = get(db, product_id).await?;
    let note = check::optional("note", input.note.as_deref(), 500)?;
    let qty: i64 = input
        .qty
        .trim()
        .parse()
        .ok()
        .filter(|q| (1..=10_000).contains(q))
        .ok_or_else(|| Error::validation("qty", "invalid_qty", "1 to 10000"))?;
    let serials = if product.serialised {
        let s = input
            .serials
            .iter()
            .enumerate()
            .map(|(i, s)| rules::check_serial(&format!("serials.{i}"), s))
            .collect::<Result<Vec<_>>>()?;
        if s.len() as i64 != qty {
            return Err(Error::validation(
                "serials",
                "serial_count",
                "scan one serial per unit",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(i) = s.iter().position(|x| !seen.insert(x.clone())) {
            return Err(Error::validation(
                &format!("serials.{i}"),
                "duplicate_serial",
                "scanned twice",
            ));
        }
        s
    } else {
        vec![]
    };
    let branch = branch(db).await?;
    let mut tx = db.begin().await?;
    if serials.is_empty() {
        insert_move(
            &mut tx,
            ctx,
            product_id,
            &branch,
            qty,
            "receive",
            None,
            None,
            note.as_deref(),
        )
        .await?;
    }
    for (i, serial) in serials.iter().enumerate() {
        let known: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM units WHERE product_id = ? AND serial = ?")
                .bind(product_id.to_string())
                .bind(serial)
                .fetch_one(&mut *tx)
                .await?;
        if known > 0 {
            return Err(Error::validation(
                &format!("serials.{i}"),
                "serial_known",
                "this serial is already in the system",
            ));
        }
        sqlx::query("INSERT INTO units (id, product_id, serial, branch, status, updated_at) VALUES (?, ?, ?, ?, 'in_stock', ?)")
            .bind(crate::domain::new_id().to_string())
            .bind(product_id.to_string())
            .bind(serial)
            .bind(&branch)
            .bind(ts(ctx.now))
            .execute(&mut *tx)
            .await?;
        insert_move(
            &mut tx,
            ctx,
            product_id,
            &branch,
            1,
            "receive",
            Some(serial),
            None,
            note.as_deref(),
        )
        .await?;
    }
    tx.commit().await?;
    get(db, product_id).await
}

/// One stock move and its outbox row.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_move(
    tx: &mut Tx,
    ctx: &Ctx,
    product_id: Uuid,
    branch: &str,
    qty: i64,
    kind: &str,
    serial: Option<&str>,
    order_id: Option<Uuid>,
    note: Option<&str>,
) -> Result<()> {
    let id = crate::domain::new_id();
    sqlx::query("INSERT INTO stock_moves (id, product_id, branch, qty, kind, serial, order_id, note, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(id.to_string())
        .bind(product_id.to_string())
        .bind(branch)
        .bind(qty)
        .bind(kind)
        .bind(serial)
        .bind(order_id.map(|o| o.to_string()))
        .bind(note)
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .execute(&mut **tx)
        .await?;
    let payload = serde_json::json!({ "product_id": product_id, "branch": branch, "qty": qty, "kind": kind, "serial": serial, "order_id": order_id });
    outbox::append(tx, ctx, "stock_move", id, kind, &payload).await
}

/// Available units of a product in a branch, inside a transaction.
pub(crate) async fn available(tx: &mut Tx, product_id: Uuid, branch: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE((SELECT SUM(qty) FROM stock_moves WHERE product_id = ?1 AND branch = ?2), 0)
              - COALESCE((SELECT SUM(qty) FROM reservations WHERE product_id = ?1 AND branch = ?2 AND released_at IS NULL), 0)",
    )
    .bind(product_id.to_string())
    .bind(branch)
    .fetch_one(&mut **tx)
    .await?)
}
