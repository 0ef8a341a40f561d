//! Importing past sales into the warranty registry from a CSV export: a
//! preview with the guessed column mapping, then the import in batches of
//! 5 000 rows (one transaction each, so the counter keeps working during a
//! long import), with progress. Bad rows are reported with their line and
//! reason; a row already in the registry (same serial and invoice) is left
//! as it is, so importing the same file again changes nothing.

use crate::domain::csv::split_on;
use crate::domain::staff::permissions::Action;
use crate::domain::warranty::past_sales::{self, Mapping, PastSale};
use crate::error::{Error, Result};
use crate::store::{shop::outbox, ts, Ctx, Db};
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Sqlite};
use std::collections::HashMap;
use ts_rs::TS;

const BATCH: usize = 5_000;
const PIECE: usize = 200;
/// Bad rows listed in the report (all are counted).
const LISTED: usize = 1_000;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportOptions {
    pub mapping: Mapping,
    /// The first line names the columns.
    pub header: bool,
    /// For products not in the catalog.
    pub store_months: u32,
    pub maker_months: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PreviewRow {
    pub line: u32,
    pub cells: Vec<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Preview {
    pub header: Vec<String>,
    pub mapping: Mapping,
    pub rows: Vec<PreviewRow>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct BadRow {
    pub line: u32,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct PastSalesReport {
    pub imported: u32,
    /// Already in the registry (same serial and invoice).
    pub already: u32,
    pub rejected: u32,
    /// The first bad rows, with their line numbers.
    pub bad_rows: Vec<BadRow>,
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct PastSalesProgress {
    pub lines: u32,
    pub total: u32,
}

fn cells(line: &str, delimiter: char) -> Option<Vec<String>> {
    split_on(line.trim_end_matches('\r'), delimiter)
}

/// The first rows with the guessed mapping and what is wrong with each.
pub fn preview(text: &str) -> Result<Preview> {
    let mut lines = text.lines();
    let first = lines
        .next()
        .filter(|l| !l.trim().is_empty())
        .ok_or_else(|| Error::validation("file", "empty", "the file is empty"))?;
    let delimiter = past_sales::delimiter(first);
    let header = cells(first, delimiter)
        .ok_or_else(|| Error::validation("file", "invalid_csv", "the first line is not CSV"))?;
    let mapping = past_sales::guess(&header);
    let rows = lines
        .take(10)
        .enumerate()
        .map(|(i, l)| {
            let c = cells(l, delimiter).unwrap_or_default();
            let error = past_sales::parse(&c, &mapping).err();
            PreviewRow {
                line: i as u32 + 2,
                cells: c,
                error,
            }
        })
        .collect();
    Ok(Preview {
        header,
        mapping,
        rows,
    })
}

struct Catalogued {
    id: String,
    name: String,
    brand: String,
    store: i64,
    maker: i64,
    kind: String,
}

pub async fn import(
    db: &Db,
    ctx: &Ctx,
    text: &str,
    options: &ImportOptions,
    progress: &(dyn Fn(PastSalesProgress) + Sync),
) -> Result<PastSalesReport> {
    ctx.require(Action::ManageShop)?;
    if options.store_months > 240 || options.maker_months > 240 {
        return Err(Error::validation(
            "store_months",
            "out_of_range",
            "0 to 240 months",
        ));
    }
    let first = text
        .lines()
        .next()
        .ok_or_else(|| Error::validation("file", "empty", "the file is empty"))?;
    let delimiter = past_sales::delimiter(first);
    let catalog: HashMap<String, Catalogued> = sqlx::query_as::<_, (String, String, String, String, i64, i64, String)>(
        "SELECT sku, id, name, brand, warranty_store_months, warranty_maker_months, warranty_type FROM products",
    )
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .map(|(sku, id, name, brand, store, maker, kind)| {
        (sku, Catalogued { id, name, brand, store, maker, kind })
    })
    .collect();
    let total = text.lines().count() as u32;
    let mut report = PastSalesReport::default();
    let mut lines = text.lines().enumerate().skip(usize::from(options.header));
    let mut done = 0u32;
    loop {
        let mut batch: Vec<PastSale> = Vec::with_capacity(BATCH);
        let mut taken = 0;
        for (i, line) in lines.by_ref().take(BATCH) {
            taken += 1;
            done = i as u32 + 1;
            if line.trim().is_empty() {
                continue;
            }
            let parsed = cells(line, delimiter)
                .ok_or_else(|| "tanda kutip tidak ditutup / unclosed quote".to_string())
                .and_then(|c| past_sales::parse(&c, &options.mapping));
            match parsed {
                Ok(sale) => batch.push(sale),
                Err(reason) => {
                    report.rejected += 1;
                    if report.bad_rows.len() < LISTED {
                        report.bad_rows.push(BadRow {
                            line: i as u32 + 1,
                            reason,
                        });
                    }
                }
            }
        }
        if taken == 0 {
            break;
        }
        let inserted = write(db, ctx, &batch, &catalog, options).await?;
        report.imported += inserted;
        report.already += batch.len() as u32 - inserted;
        progress(PastSalesProgress { lines: done, total });
    }
    Ok(report)
}

/// One batch in one transaction; returns how many were new.
async fn write(
    db: &Db,
    ctx: &Ctx,
    batch: &[PastSale],
    catalog: &HashMap<String, Catalogued>,
    options: &ImportOptions,
) -> Result<u32> {
    if batch.is_empty() {
        return Ok(0);
    }
    let now = ts(ctx.now);
    let mut tx = db.begin().await?;
    let mut inserted = 0u64;
    for piece in batch.chunks(PIECE) {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT OR IGNORE INTO warranties (id, serial, product_id, sku, product_name, brand, invoice_number, sold_on, start_date,
             store_months, maker_months, kind, customer_name, customer_phone, source, created_at) ",
        );
        q.push_values(piece, |mut b, s| {
            let known = catalog.get(&s.product.to_uppercase());
            let date = s.date.to_string();
            // Time-ordered ids (not `unit_id`): a million rows go into the
            // id index in order instead of at random.
            b.push_bind(crate::domain::new_id().to_string())
                .push_bind(s.serial.clone())
                .push_bind(known.map(|k| k.id.clone()))
                .push_bind(s.product.to_uppercase())
                .push_bind(
                    known
                        .map(|k| k.name.clone())
                        .unwrap_or_else(|| s.product.clone()),
                )
                .push_bind(known.map(|k| k.brand.clone()).unwrap_or_default())
                .push_bind(s.invoice.clone())
                .push_bind(date.clone())
                .push_bind(date)
                .push_bind(
                    known
                        .map(|k| k.store)
                        .unwrap_or(i64::from(options.store_months)),
                )
                .push_bind(
                    known
                        .map(|k| k.maker)
                        .unwrap_or(i64::from(options.maker_months)),
                )
                .push_bind(
                    known
                        .map(|k| k.kind.clone())
                        .unwrap_or_else(|| "standard".into()),
                )
                .push_bind(s.customer.clone())
                .push_bind(s.phone.clone())
                .push_bind("import")
                .push_bind(now.clone());
        });
        inserted += q.build().execute(&mut *tx).await?.rows_affected();
    }
    if inserted == 0 {
        // Nothing new: the registry is as it was; nothing to sync.
        tx.commit().await?;
        return Ok(0);
    }
    // One outbox entry per batch carries its rows for the central database.
    let rows: Vec<_> = batch
        .iter()
        .map(|s| serde_json::json!([s.serial, s.product, s.invoice, s.date, s.customer, s.phone]))
        .collect();
    let payload = serde_json::json!({ "columns": ["serial", "product", "invoice", "date", "customer", "phone"], "rows": rows });
    outbox::append(
        &mut tx,
        ctx,
        "warranty",
        crate::domain::new_id(),
        "import_batch",
        &payload,
    )
    .await?;
    tx.commit().await?;
    Ok(inserted as u32)
}
