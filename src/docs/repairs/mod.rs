//! Paper of the repair counter: the intake receipt (tanda terima servis) the
//! customer takes home with the ticket's tracking code, and a ticket's
//! invoice and 80 mm payment receipt.
//!
//! Never prints the device's unlock PIN or password.

pub mod intake;

use super::canvas::Paper;
use super::{invoice, paper, DocKind};
use crate::domain::shop::ShopProfile;
use crate::error::{Error, Result};
use crate::store::repairs::tickets::{self, TicketDetail};
use crate::store::{shop, Db};
use uuid::Uuid;

/// Renders one document of a ticket to PDF bytes.
pub async fn render(db: &Db, ticket_id: Uuid, kind: DocKind) -> Result<Vec<u8>> {
    let profile = shop::profile(db).await?;
    let ticket = tickets::detail(db, ticket_id).await?;
    if kind == DocKind::IntakeReceipt {
        let link = crate::store::web::tracking_link(db, &ticket.tracking_code).await?;
        return intake::render(
            &profile,
            &ticket,
            paper(profile.receipt_paper),
            link.as_deref(),
        );
    }
    render_with(&profile, &ticket, kind)
}

pub fn render_with(profile: &ShopProfile, ticket: &TicketDetail, kind: DocKind) -> Result<Vec<u8>> {
    match kind {
        DocKind::HandoverNote
        | DocKind::OrderInvoice
        | DocKind::OrderReceipt
        | DocKind::ReturnReceipt
        | DocKind::DeliveryNote => Err(Error::invalid_state(
            "not_a_ticket_document",
            "this document is for orders",
        )),
        DocKind::IntakeReceipt => {
            intake::render(profile, ticket, paper(profile.receipt_paper), None)
        }
        DocKind::Invoice | DocKind::PaymentReceipt => {
            let invoice = ticket.invoice.as_ref().ok_or_else(|| {
                Error::invalid_state("no_invoice", "this ticket has no invoice yet")
            })?;
            let paper = if kind == DocKind::Invoice {
                Paper::A4
            } else {
                Paper::ROLL80
            };
            invoice::render(
                profile,
                &invoice::InvoiceDoc::from_ticket(profile, ticket, invoice),
                paper,
            )
        }
    }
}
