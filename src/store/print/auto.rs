//! What prints by itself, as the counter expects it: the receipt after a
//! payment (with the drawer's pulse when it was cash, a payment or a
//! refund), the intake receipt in its copies and the device label after an
//! intake, product labels after a stock receipt. Each switchable in the
//! device's printer settings; nothing prints without a printer set.
//!
//! The drawer opens once per cash payment: the payment is read from the
//! database (the newest this staff member took on this document), never
//! taken from the caller, and a drawer already opened for it stays shut.

use super::{print_with, printers, PrintRequest, Printed};
use crate::docs::print::papers::PrintDoc;
use crate::error::{Error, Result};
use crate::store::{parse_id, Ctx, Db};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AutoEvent {
    /// A ticket's payment or refund at pickup (id: the ticket).
    TicketPaid,
    /// An order's payment or refund at the counter (id: the order).
    OrderPaid,
    /// A visit's payment (id: the visit).
    VisitPaid,
    /// A device taken in (id: the ticket).
    Intake,
    /// Goods received into stock (id: the product; the serials received).
    StockReceived,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AutoRequest {
    pub event: AutoEvent,
    pub id: String,
    /// Stock received: the serials, or none for `qty` SKU labels.
    #[serde(default)]
    pub serials: Vec<String>,
    #[serde(default)]
    pub qty: u8,
}

/// The cash payment this staff member just took on the document, if the
/// newest one they took there is cash and its drawer has not opened yet.
async fn cash_payment(db: &Db, ctx: &Ctx, event: AutoEvent, id: Uuid) -> Result<Option<Uuid>> {
    let sql = match event {
        AutoEvent::TicketPaid => "SELECT id, method FROM payments WHERE ticket_id = ? AND received_by = ? AND voided_at IS NULL ORDER BY rowid DESC LIMIT 1",
        AutoEvent::OrderPaid => "SELECT id, method FROM order_payments WHERE order_id = ? AND received_by = ? AND status = 'verified' ORDER BY rowid DESC LIMIT 1",
        AutoEvent::VisitPaid => "SELECT id, method FROM visit_payments WHERE visit_id = ? AND received_by = ? ORDER BY rowid DESC LIMIT 1",
        _ => return Ok(None),
    };
    let newest: Option<(String, String)> = sqlx::query_as(sql)
        .bind(id.to_string())
        .bind(ctx.staff_id.to_string())
        .fetch_optional(&db.pool)
        .await?;
    let Some((payment, method)) = newest else {
        return Ok(None);
    };
    if method != "cash" {
        return Ok(None);
    }
    let opened: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM print_jobs WHERE payment_id = ? AND drawer = 1 AND outcome = 'printed')",
    )
    .bind(&payment)
    .fetch_one(&db.pool)
    .await?;
    Ok((!opened).then(|| Uuid::parse_str(&payment).ok()).flatten())
}

/// Prints what the event calls for on this device; the list is empty when
/// nothing is switched on or no printer is set. A printer that fails is
/// in the list as failed, with its message.
pub async fn after(db: &Db, ctx: &Ctx, req: AutoRequest) -> Result<Vec<Printed>> {
    let id = parse_id("id", &req.id)?;
    let p = printers(db).await?;
    let a = &p.auto;
    let one = |doc: PrintDoc, copies: u8| PrintRequest {
        doc,
        id: Some(id.to_string()),
        serials: vec![],
        copies,
    };
    let mut out = vec![];
    match req.event {
        AutoEvent::TicketPaid | AutoEvent::OrderPaid | AutoEvent::VisitPaid => {
            if p.receipt.is_none() {
                return Ok(out);
            }
            let cash = if a.drawer_on_cash {
                cash_payment(db, ctx, req.event, id).await?
            } else {
                None
            };
            let doc = match req.event {
                AutoEvent::TicketPaid => PrintDoc::PaymentReceipt,
                AutoEvent::OrderPaid => PrintDoc::OrderReceipt,
                _ => PrintDoc::VisitReceipt,
            };
            if a.payment_receipt {
                out.push(print_with(db, ctx, &one(doc, 1), cash, None).await?);
            } else if cash.is_some() {
                let drawer = PrintRequest {
                    doc: PrintDoc::Drawer,
                    id: None,
                    serials: vec![],
                    copies: 1,
                };
                out.push(print_with(db, ctx, &drawer, cash, None).await?);
            }
        }
        AutoEvent::Intake => {
            if a.intake_receipt && p.receipt.is_some() {
                let copies = a.intake_copies.clamp(1, 2);
                out.push(
                    print_with(db, ctx, &one(PrintDoc::IntakeReceipt, copies), None, None).await?,
                );
            }
            if a.intake_label && p.label.is_some() {
                out.push(print_with(db, ctx, &one(PrintDoc::DeviceLabel, 1), None, None).await?);
            }
        }
        AutoEvent::StockReceived => {
            if a.stock_labels && p.label.is_some() {
                if req.serials.is_empty() && req.qty == 0 {
                    return Err(Error::validation("qty", "required", "how many labels"));
                }
                let labels = PrintRequest {
                    doc: PrintDoc::ProductLabels,
                    id: Some(id.to_string()),
                    serials: req.serials.clone(),
                    copies: req.qty.max(1),
                };
                out.push(print_with(db, ctx, &labels, None, None).await?);
            }
        }
    }
    Ok(out)
}
