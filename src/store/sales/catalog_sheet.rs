//! The catalogue from and to a spreadsheet. A preview first: the columns
//! guessed from the header (the person may change them), each row checked
//! as the product form checks it and classed as new, an update of the
//! product with that SKU, unchanged, or refused with its field; then the
//! import, in batches of 1 000 rows (one transaction each, so the counter
//! keeps working), with progress. A product is found by its SKU and
//! updated, never entered twice; a product whose serial flag would change
//! while it has stock history is refused (its units would lose their
//! meaning). Every product written is audited (before → after for an
//! update). The export writes the columns the import reads back.

use crate::domain::money::{self, Currency};
use crate::domain::sales::catalog::{Product, TaxClass};
use crate::domain::sheets::{self, catalog as sheet, Sheet};
use crate::domain::staff::permissions::Action;
use crate::error::{Error, Result};
use crate::store::shop::journal::Journal;
use crate::store::{shop, ts, Ctx, Db, Tx};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use ts_rs::TS;
use uuid::Uuid;

pub use super::catalog_export::export;
pub use crate::domain::sheets::catalog::ProductColumns;

const BATCH: usize = 1_000;
const LISTED: usize = 500;
const PREVIEW_ROWS: usize = 50;

/// What happens to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    New,
    Update,
    Unchanged,
    Refused,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RowResult {
    /// The line in the file (the header is line 1).
    pub line: u32,
    pub sku: String,
    pub name: String,
    pub action: RowAction,
    /// The refused row's field and message code.
    pub field: Option<String>,
    pub code: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct SheetCounts {
    pub new: u32,
    pub update: u32,
    pub unchanged: u32,
    pub refused: u32,
}

impl SheetCounts {
    pub(crate) fn count(&mut self, action: RowAction) {
        match action {
            RowAction::New => self.new += 1,
            RowAction::Update => self.update += 1,
            RowAction::Unchanged => self.unchanged += 1,
            RowAction::Refused => self.refused += 1,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CatalogPreview {
    pub header: Vec<String>,
    pub columns: ProductColumns,
    /// The first rows, and every refused row (up to 500).
    pub rows: Vec<RowResult>,
    pub counts: SheetCounts,
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct SheetProgress {
    pub rows: u32,
    pub total: u32,
}

/// A product as stored, for comparing with its row.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Stored {
    id: String,
    pub(super) product: Product,
    has_stock: bool,
}

/// The catalogue as `conn` sees it (an import reads it again inside each
/// batch's transaction, so its decisions rest on what it writes over).
pub(super) async fn stored(
    conn: &mut sqlx::SqliteConnection,
    cur: Currency,
) -> Result<HashMap<String, Stored>> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        i64,
        Option<i64>,
        String,
        bool,
        i64,
        i64,
        i64,
        String,
        bool,
        bool,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, sku, name, brand, category, price, cost, tax_class, serialised, weight_grams, warranty_store_months,
                warranty_maker_months, warranty_type, down_payment_allowed,
                EXISTS (SELECT 1 FROM stock_moves m WHERE m.product_id = products.id)
         FROM products",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                sku,
                name,
                brand,
                category,
                price,
                cost,
                tax,
                serialised,
                weight,
                store,
                maker,
                kind,
                dp,
                has_stock,
            )| {
                let product = Product {
                    sku: sku.clone(),
                    name,
                    brand,
                    category,
                    price: money::from_minor(price, cur),
                    tax_class: if tax == "exempt" {
                        TaxClass::Exempt
                    } else {
                        TaxClass::Standard
                    },
                    serialised,
                    weight_grams: weight as u32,
                    warranty_store_months: store as u32,
                    warranty_maker_months: maker as u32,
                    warranty_type: if kind == "lifetime" {
                        crate::domain::sales::catalog::WarrantyType::Lifetime
                    } else {
                        crate::domain::sales::catalog::WarrantyType::Standard
                    },
                    down_payment_allowed: dp,
                    cost_price: cost.map(|c| money::from_minor(c, cur)),
                };
                (
                    sku,
                    Stored {
                        id,
                        product,
                        has_stock,
                    },
                )
            },
        )
        .collect())
}

/// A row checked against the catalogue: what to do, and the product.
enum Checked {
    New(Product),
    Update(Stored, Product),
    Unchanged,
    Refused(String, String),
}

fn classify(
    columns: &ProductColumns,
    cells: &[String],
    cur: Currency,
    catalog: &HashMap<String, Stored>,
    seen: &mut HashSet<String>,
) -> (String, String, Checked) {
    let input = sheet::product(columns, cells);
    let raw = (input.sku.clone(), input.name.clone());
    let p = match input.validate(cur) {
        Ok(p) => p,
        Err(Error::Validation { field, code, .. }) => {
            return (raw.0, raw.1, Checked::Refused(field, code))
        }
        Err(e) => return (raw.0, raw.1, Checked::Refused("row".into(), e.to_string())),
    };
    if !seen.insert(p.sku.clone()) {
        return (
            p.sku,
            p.name,
            Checked::Refused("sku".into(), "duplicate_in_file".into()),
        );
    }
    let Some(old) = catalog.get(&p.sku) else {
        return (p.sku.clone(), p.name.clone(), Checked::New(p));
    };
    // What the file has no column for stays as the product has it.
    let p = Product {
        warranty_type: old.product.warranty_type,
        down_payment_allowed: old.product.down_payment_allowed,
        cost_price: if columns.cost_price.is_some() {
            p.cost_price
        } else {
            old.product.cost_price
        },
        weight_grams: if columns.weight_grams.is_some() {
            p.weight_grams
        } else {
            old.product.weight_grams
        },
        ..p
    };
    if p == old.product {
        return (p.sku, p.name, Checked::Unchanged);
    }
    if p.serialised != old.product.serialised && old.has_stock {
        return (
            p.sku,
            p.name,
            Checked::Refused("serialised".into(), "serialised_locked".into()),
        );
    }
    (
        p.sku.clone(),
        p.name.clone(),
        Checked::Update(old.clone(), p),
    )
}

fn read(bytes: &[u8], columns: Option<ProductColumns>) -> Result<(Sheet, ProductColumns)> {
    let sheet = sheets::read(bytes)?;
    let columns = columns.unwrap_or_else(|| sheet::guess(&sheet.header));
    sheet::check(&columns, &sheet).map_err(|(field, code)| {
        Error::validation(&format!("columns.{field}"), code, "choose the column")
    })?;
    Ok((sheet, columns))
}

/// The rows checked, nothing written.
pub async fn preview(
    db: &Db,
    ctx: &Ctx,
    bytes: &[u8],
    columns: Option<ProductColumns>,
) -> Result<CatalogPreview> {
    ctx.require(Action::ManageCatalog)?;
    let cur = shop::profile(db).await?.currency;
    let (sheet, columns) = read(bytes, columns)?;
    let catalog = stored(&mut *db.pool.acquire().await?, cur).await?;
    let mut seen = HashSet::new();
    let mut counts = SheetCounts::default();
    let mut rows = vec![];
    for (line, cells) in &sheet.rows {
        let (sku, name, checked) = classify(&columns, cells, cur, &catalog, &mut seen);
        let (action, field, code) = match checked {
            Checked::New(_) => (RowAction::New, None, None),
            Checked::Update(..) => (RowAction::Update, None, None),
            Checked::Unchanged => (RowAction::Unchanged, None, None),
            Checked::Refused(f, c) => (RowAction::Refused, Some(f), Some(c)),
        };
        counts.count(action);
        if rows.len() < PREVIEW_ROWS || (action == RowAction::Refused && rows.len() < LISTED) {
            rows.push(RowResult {
                line: *line,
                sku,
                name,
                action,
                field,
                code,
            });
        }
    }
    Ok(CatalogPreview {
        header: sheet.header,
        columns,
        rows,
        counts,
    })
}

#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct SheetReport {
    pub counts: SheetCounts,
    /// The refused rows (up to 500), with their line and field.
    pub refused: Vec<RowResult>,
}

/// Imports the rows the preview accepts; refused rows are reported, the
/// others written in batches.
pub async fn import(
    db: &Db,
    ctx: &Ctx,
    bytes: &[u8],
    columns: Option<ProductColumns>,
    progress: &(dyn Fn(SheetProgress) + Sync),
) -> Result<SheetReport> {
    ctx.require(Action::ManageCatalog)?;
    let cur = shop::profile(db).await?.currency;
    let (sheet, columns) = read(bytes, columns)?;
    let total = sheet.rows.len() as u32;
    let mut seen = HashSet::new();
    let mut report = SheetReport::default();
    for (n, chunk) in sheet.rows.chunks(BATCH).enumerate() {
        let mut tx = db.begin().await?;
        let catalog = stored(&mut tx, cur).await?;
        let mut journal = Journal::default();
        for (line, cells) in chunk {
            let (sku, name, checked) = classify(&columns, cells, cur, &catalog, &mut seen);
            match checked {
                Checked::New(p) => {
                    insert(&mut tx, ctx, &mut journal, &p, cur).await?;
                    report.counts.new += 1;
                }
                Checked::Update(old, p) => {
                    update(&mut tx, ctx, &mut journal, &old, &p, cur).await?;
                    report.counts.update += 1;
                }
                Checked::Unchanged => report.counts.unchanged += 1,
                Checked::Refused(field, code) => {
                    report.counts.refused += 1;
                    if report.refused.len() < LISTED {
                        report.refused.push(RowResult {
                            line: *line,
                            sku,
                            name,
                            action: RowAction::Refused,
                            field: Some(field),
                            code: Some(code),
                        });
                    }
                }
            }
        }
        journal.flush(&mut tx).await?;
        tx.commit().await?;
        progress(SheetProgress {
            rows: ((n + 1) * BATCH).min(total as usize) as u32,
            total,
        });
    }
    Ok(report)
}

async fn insert(
    tx: &mut Tx,
    ctx: &Ctx,
    journal: &mut Journal,
    p: &Product,
    cur: Currency,
) -> Result<()> {
    let id = crate::domain::new_id();
    super::catalog::insert_row(tx, id, p, cur, &ts(ctx.now)).await?;
    journal.add(ctx, "product", id, "create", None, p)
}

async fn update(
    tx: &mut Tx,
    ctx: &Ctx,
    journal: &mut Journal,
    old: &Stored,
    p: &Product,
    cur: Currency,
) -> Result<()> {
    sqlx::query(
        "UPDATE products SET name = ?1, brand = ?2, category = ?3, price = ?4, tax_class = ?5, serialised = ?6, weight_grams = ?7,
         warranty_store_months = ?8, warranty_maker_months = ?9, cost = ?10, updated_at = ?11 WHERE id = ?12",
    )
    .bind(&p.name)
    .bind(&p.brand)
    .bind(&p.category)
    .bind(money::to_minor(p.price, cur))
    .bind(super::catalog::tax_str(p.tax_class))
    .bind(p.serialised)
    .bind(i64::from(p.weight_grams))
    .bind(i64::from(p.warranty_store_months))
    .bind(i64::from(p.warranty_maker_months))
    .bind(p.cost_price.map(|c| money::to_minor(c, cur)))
    .bind(ts(ctx.now))
    .bind(&old.id)
    .execute(&mut **tx)
    .await?;
    let before = serde_json::to_string(&old.product).map_err(|e| Error::Storage {
        message: e.to_string(),
    })?;
    let id = Uuid::parse_str(&old.id).map_err(|_| Error::Storage {
        message: "bad product id".into(),
    })?;
    journal.add(ctx, "product", id, "update", Some(before), p)
}
