//! Paper of sales: an order's handover note (berita acara serah terima),
//! its invoice and 80 mm receipt, and the delivery note (surat jalan) with
//! the packing list that travels with the parcel.
//!
//! Prints an order as it stands; never an invoice the order does not have.

pub mod delivery;
pub mod handover;

use super::canvas::Paper;
use super::{invoice, DocKind};
use crate::domain::shop::PaperSize;
use crate::error::{Error, Result};
use crate::store::{shop, Db};
use uuid::Uuid;

/// Renders one document of an order to PDF bytes.
pub async fn render_order(db: &Db, order_id: Uuid, kind: DocKind) -> Result<Vec<u8>> {
    let profile = shop::profile(db).await?;
    let order = crate::store::sales::orders::detail(db, order_id).await?;
    match kind {
        DocKind::HandoverNote => {
            let paper = if profile.receipt_paper == PaperSize::Roll80 {
                Paper::ROLL80
            } else {
                Paper::A4
            };
            handover::render(&profile, &order, paper)
        }
        DocKind::OrderInvoice | DocKind::OrderReceipt => {
            let inv = order.invoices.first().ok_or_else(|| {
                Error::invalid_state("no_invoice", "this order has no invoice yet")
            })?;
            let paper = if kind == DocKind::OrderInvoice {
                Paper::A4
            } else {
                Paper::ROLL80
            };
            let doc = invoice::InvoiceDoc::from_order(&profile, &order, inv);
            invoice::render(&profile, &doc, paper)
        }
        DocKind::DeliveryNote => {
            let grams: i64 = sqlx::query_scalar(
                "SELECT COALESCE(SUM(p.weight_grams * l.qty), 0) FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = ?",
            )
            .bind(order_id.to_string())
            .fetch_one(&db.pool)
            .await?;
            delivery::render(&profile, &order, grams.max(0) as u64)
        }
        _ => Err(Error::invalid_state(
            "not_an_order_document",
            "this document is for tickets",
        )),
    }
}
