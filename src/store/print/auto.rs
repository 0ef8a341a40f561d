//! What prints by itself, as the counter expects it: the receipt after a
//! payment (with the drawer's pulse when it was cash, a payment or a
//! refund), the intake receipt in its copies and the device label after an
//! intake, product labels after a stock receipt. Each switchable in the
//! device's printer settings; nothing prints without a printer set.
//!
//! The drawer opens once per cash payment or refund, and only for the one
//! the action just recorded: the caller names it (the pickup, counter or
//! visit payment's result, the intake's down payment) and the core checks
//! it is this document's, taken by this clerk, cash, not voided, and that
//! its drawer has not opened yet. A receipt that cannot be made (an order's
//! down payment has no invoice yet) or is switched off still opens the
//! drawer, with a pulse of its own. One drawer decision at a time.

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
    /// The payment or refund the action just recorded (a pickup's,
    /// counter or visit payment's result, an intake's down payment).
    #[serde(default)]
    pub payment_id: Option<String>,
}

/// The named payment, when it is this document's, taken by this clerk,
/// in cash, still standing, and its drawer has not opened yet.
pub(crate) async fn cash_payment(
    db: &Db,
    ctx: &Ctx,
    doc: PrintDoc,
    doc_id: Uuid,
    payment: Uuid,
) -> Result<Option<Uuid>> {
    let sql = match doc {
        PrintDoc::PaymentReceipt | PrintDoc::IntakeReceipt => "SELECT method FROM payments WHERE id = ? AND ticket_id = ? AND received_by = ? AND voided_at IS NULL",
        PrintDoc::OrderReceipt => "SELECT method FROM order_payments WHERE id = ? AND order_id = ? AND received_by = ? AND status = 'verified' AND void_reason IS NULL",
        PrintDoc::VisitReceipt => "SELECT method FROM visit_payments WHERE id = ? AND visit_id = ? AND received_by = ?",
        _ => return Ok(None),
    };
    let method: Option<String> = sqlx::query_scalar(sql)
        .bind(payment.to_string())
        .bind(doc_id.to_string())
        .bind(ctx.staff_id.to_string())
        .fetch_optional(&db.pool)
        .await?;
    if method.as_deref() != Some("cash") {
        return Ok(None);
    }
    let opened: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM print_jobs WHERE payment_id = ? AND drawer = 1 AND outcome = 'printed')",
    )
    .bind(payment.to_string())
    .fetch_one(&db.pool)
    .await?;
    Ok((!opened).then_some(payment))
}

/// One drawer decision at a time on this PC: checked, sent and logged
/// before the next is checked.
pub(crate) static DRAWER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The receipt with the drawer's pulse, or the pulse alone when the
/// receipt is off or cannot be made.
async fn paid(
    db: &Db,
    ctx: &Ctx,
    receipt: Option<PrintRequest>,
    doc_id: Uuid,
    cash: Option<Uuid>,
) -> Result<Vec<Printed>> {
    let drawer_only = || PrintRequest {
        doc: PrintDoc::Drawer,
        id: Some(doc_id.to_string()),
        serials: vec![],
        copies: 1,
    };
    match receipt {
        Some(r) => match print_with(db, ctx, &r, cash, None).await {
            Ok(p) => Ok(vec![p]),
            Err(_) if cash.is_some() => {
                Ok(vec![print_with(db, ctx, &drawer_only(), cash, None).await?])
            }
            Err(e) => Err(e),
        },
        None if cash.is_some() => Ok(vec![print_with(db, ctx, &drawer_only(), cash, None).await?]),
        None => Ok(vec![]),
    }
}

/// Prints what the event calls for on this device; the list is empty when
/// nothing is switched on or no printer is set. A printer that fails is
/// in the list as failed, with its message.
pub async fn after(db: &Db, ctx: &Ctx, req: AutoRequest) -> Result<Vec<Printed>> {
    let id = parse_id("id", &req.id)?;
    let payment = match &req.payment_id {
        Some(p) => Some(parse_id("payment_id", p)?),
        None => None,
    };
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
            let doc = match req.event {
                AutoEvent::TicketPaid => PrintDoc::PaymentReceipt,
                AutoEvent::OrderPaid => PrintDoc::OrderReceipt,
                _ => PrintDoc::VisitReceipt,
            };
            let _one_at_a_time = DRAWER.lock().await;
            let cash = match payment {
                Some(pay) if a.drawer_on_cash => cash_payment(db, ctx, doc, id, pay).await?,
                _ => None,
            };
            let receipt = a.payment_receipt.then(|| one(doc, 1));
            out.extend(paid(db, ctx, receipt, id, cash).await?);
        }
        AutoEvent::Intake => {
            // A cash down payment opens the drawer with the first copy.
            let _one_at_a_time = DRAWER.lock().await;
            let cash = match payment {
                Some(pay) if a.drawer_on_cash && p.receipt.is_some() => {
                    cash_payment(db, ctx, PrintDoc::IntakeReceipt, id, pay).await?
                }
                _ => None,
            };
            let receipt = (a.intake_receipt && p.receipt.is_some())
                .then(|| one(PrintDoc::IntakeReceipt, a.intake_copies.clamp(1, 2)));
            out.extend(paid(db, ctx, receipt, id, cash).await?);
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
