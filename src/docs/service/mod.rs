//! Paper of a service order: the order confirmation (surat konfirmasi
//! pesanan) of its newest revision, with the customer's acceptance once
//! given; the handover record (berita acara serah terima pekerjaan, BAST);
//! and each invoice of its terms (A4 or the 80 mm receipt).

pub mod confirmation;
pub mod handover;

use super::canvas::Paper;
use super::invoice::{self, InvoiceDoc};
use super::local_time;
use crate::domain::shop::ShopProfile;
use crate::error::{Error, Result};
use crate::store::service::ServiceOrder;
use crate::store::{shop, Db};
use rust_decimal::Decimal;
use uuid::Uuid;

pub async fn render_confirmation(
    db: &Db,
    now: chrono::DateTime<chrono::Utc>,
    id: Uuid,
) -> Result<Vec<u8>> {
    let profile = shop::profile(db).await?;
    let order = crate::store::service::detail(db, now, id).await?;
    confirmation::render(db, &profile, &order).await
}

/// The newest handover record of the order.
pub async fn render_handover(
    db: &Db,
    now: chrono::DateTime<chrono::Utc>,
    id: Uuid,
) -> Result<Vec<u8>> {
    let profile = shop::profile(db).await?;
    let order = crate::store::service::detail(db, now, id).await?;
    handover::render(db, &profile, &order).await
}

/// One invoice of the order: A4, or the 80 mm receipt.
pub async fn render_invoice(
    db: &Db,
    now: chrono::DateTime<chrono::Utc>,
    id: Uuid,
    invoice: Uuid,
    receipt: bool,
) -> Result<Vec<u8>> {
    let profile = shop::profile(db).await?;
    let order = crate::store::service::detail(db, now, id).await?;
    let paper = if receipt { Paper::ROLL80 } else { Paper::A4 };
    invoice::render(&profile, &invoice_doc(&profile, &order, invoice)?, paper)
}

/// The roll's closing line: the order's invoices before this one, and the
/// voided numbers this one replaces.
fn footer(earlier: &[String], replaces: &[String]) -> Option<String> {
    let mut parts = vec![];
    if !earlier.is_empty() {
        parts.push(format!("Invoice sebelumnya: {}", earlier.join(", ")));
    }
    if !replaces.is_empty() {
        parts.push(format!(
            "Menggantikan invoice batal: {}",
            replaces.join(", ")
        ));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// What one of the order's invoices says: its line, its share of the
/// order's PPN, the payments toward it and its balance.
pub fn invoice_doc(shop: &ShopProfile, o: &ServiceOrder, invoice: Uuid) -> Result<InvoiceDoc> {
    let inv = o
        .invoices
        .iter()
        .find(|i| i.id == invoice)
        .ok_or_else(|| Error::not_found("invoice"))?;
    let payments = o
        .payments
        .iter()
        .filter(|p| p.invoice_id == inv.id)
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
    let earlier: Vec<String> = o
        .invoices
        .iter()
        .take_while(|i| i.id != invoice)
        .map(|i| i.number.clone())
        .collect();
    Ok(InvoiceDoc {
        number: inv.number.clone(),
        issued_at: inv.issued_at.clone(),
        reference: ("No. pesanan", o.number.clone()),
        customer: o.customer_name.clone(),
        phone: o.customer_phone.clone(),
        buyer_tax_id: inv.buyer_tax_id.clone(),
        subject: Some((
            "Konfirmasi",
            format!("{} revisi {}", o.confirmation, inv.revision),
        )),
        lines: inv.lines.clone(),
        subtotal: inv.totals.subtotal,
        discount: Decimal::ZERO,
        base: inv.totals.base,
        tax: inv.totals.tax,
        shipping: Decimal::ZERO,
        total: inv.totals.total,
        payments,
        balance: inv.balance,
        currency: o.currency,
        footer: footer(&earlier, &inv.earlier_numbers),
        void_reason: inv.void_reason.clone(),
    })
}
