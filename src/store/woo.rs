//! Importing WooCommerce orders (a file of `GET /wp-json/wc/v3/orders`
//! pages, or a webhook body). Idempotent: an order is keyed by its store and
//! Woo id; the same order twice changes nothing, a changed one (newer
//! `date_modified_gmt`) gets its new status. A bad record is reported with
//! its reason and skipped; the rest go on. Records are written in batches of
//! 500 per transaction, each under its own savepoint.

use super::{shop, Ctx, Db};
use crate::domain::permissions::Action;
use crate::domain::woo::{self};
use crate::error::{check, Result};
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;
use uuid::Uuid;

use super::woo_record::{one, Outcome};

#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct ImportReport {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub rejected: Vec<RejectedRecord>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RejectedRecord {
    /// Position in the file (0-based).
    pub index: u32,
    /// The Woo order id, when it could be read.
    pub woo_id: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
}

/// Imports a batch of orders as JSON text; `store` names the web store
/// (e.g. its host) so two stores' ids never collide.
pub async fn import_json(
    db: &Db,
    ctx: &Ctx,
    store: &str,
    text: &str,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> Result<ImportReport> {
    ctx.require(Action::Sell)?;
    let store = check::required("store", store, 200)?;
    let records = woo::parse_batch(text)?;
    import_values(db, ctx, &store, records, progress).await
}

pub(crate) async fn import_values(
    db: &Db,
    ctx: &Ctx,
    store: &str,
    records: Vec<serde_json::Value>,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> Result<ImportReport> {
    let profile = shop::profile(db).await?;
    let source = format!("woocommerce:{store}");
    let total = records.len() as u32;
    let mut report = ImportReport::default();
    for (chunk_no, chunk) in records.chunks(500).enumerate() {
        let mut tx = db.begin().await?;
        // Availability per product, read once per batch and kept as lines
        // reserve it (summing reservations per order would be quadratic).
        let mut stock: HashMap<Uuid, i64> = HashMap::new();
        for (i, value) in chunk.iter().enumerate() {
            let index = (chunk_no * 500 + i) as u32;
            let woo_id = value.get("id").map(|v| v.to_string());
            sqlx::query("SAVEPOINT record").execute(&mut *tx).await?;
            let saved = stock.clone();
            match one(&mut tx, ctx, &profile, &source, value.clone(), &mut stock).await {
                Ok(outcome) => {
                    sqlx::query("RELEASE record").execute(&mut *tx).await?;
                    match outcome {
                        Outcome::Created => report.created += 1,
                        Outcome::Updated => report.updated += 1,
                        Outcome::Unchanged => report.unchanged += 1,
                    }
                }
                Err(e) => {
                    stock = saved;
                    sqlx::query("ROLLBACK TO record").execute(&mut *tx).await?;
                    sqlx::query("RELEASE record").execute(&mut *tx).await?;
                    report.rejected.push(RejectedRecord {
                        index,
                        woo_id,
                        reason: e.to_string(),
                    });
                }
            }
        }
        tx.commit().await?;
        progress(ImportProgress {
            done: ((chunk_no + 1) * 500).min(total as usize) as u32,
            total,
        });
    }
    Ok(report)
}
