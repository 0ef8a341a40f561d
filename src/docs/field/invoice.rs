//! The invoice of an on-site visit (A4, or the 80 mm receipt): the visit's
//! chargeable lines as invoiced at check-out, and its payments. A voided
//! invoice (the newest, when none is live) prints VOID with its reason.

use crate::docs::canvas::Paper;
use crate::docs::invoice::{self, InvoiceDoc};
use crate::docs::local_time;
use crate::domain::shop::ShopProfile;
use crate::error::{Error, Result};
use crate::store::field::billing::VisitBill;
use rust_decimal::Decimal;

pub fn render(shop: &ShopProfile, b: &VisitBill, paper: Paper) -> Result<Vec<u8>> {
    invoice::render(shop, &doc(shop, b)?, paper)
}

/// What the visit's invoice says.
pub fn doc(shop: &ShopProfile, b: &VisitBill) -> Result<InvoiceDoc> {
    let inv = b.invoice.as_ref().ok_or_else(|| {
        Error::invalid_state("no_invoice", "this visit charged nothing: no invoice")
    })?;
    let payments = b
        .payments
        .iter()
        .map(|p| {
            let method = invoice::method_label(&p.method);
            (
                format!(
                    "Pembayaran · {method} · {}",
                    local_time(shop, &p.received_at)
                ),
                p.amount,
            )
        })
        .collect();
    Ok(InvoiceDoc {
        number: inv.number.clone(),
        issued_at: inv.issued_at.clone(),
        reference: ("No. kunjungan", b.number.clone()),
        customer: b.customer_name.clone(),
        phone: b.customer_phone.clone(),
        buyer_tax_id: inv.buyer_tax_id.clone(),
        subject: b
            .ticket_number
            .as_ref()
            .map(|t| ("Dibawa ke workshop", t.clone())),
        lines: inv.lines.clone(),
        subtotal: inv.totals.subtotal,
        discount: Decimal::ZERO,
        base: inv.totals.base,
        tax: inv.totals.tax,
        shipping: Decimal::ZERO,
        total: inv.totals.total,
        payments,
        balance: b.balance,
        currency: b.currency,
        footer: None,
        void_reason: inv.void_reason.clone(),
    })
}
