//! Printed paper: the intake receipt (tanda terima servis), the invoice and
//! the 80 mm payment receipt. Rendering is pure (data in, PDF bytes out);
//! [`render`] loads the data for a ticket first.

pub mod canvas;
pub mod codes;
pub mod delivery;
pub mod fonts;
pub mod handover;
pub mod intake;
pub mod invoice;
pub mod picture;
pub mod rma;
pub mod route_sheet;
pub mod visit_invoice;
pub mod visit_report;
pub mod warranty_card;

/// A document's file name made safe for the documents folder: a web order
/// number such as "A/B" or "../x" can neither split the path nor leave the
/// folder. Letters, digits, '-', '_' and one extension dot survive.
pub fn safe_file_name(name: &str) -> String {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e))
            if !e.is_empty() && e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            (s, Some(e))
        }
        _ => (name, None),
    };
    let mut out: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    let out = out.trim_matches('-');
    let out: String = if out.is_empty() {
        "dokumen".into()
    } else {
        out.chars().take(120).collect()
    };
    match ext {
        Some(e) => format!("{out}.{e}"),
        None => out,
    }
}

#[cfg(test)]
mod file_name_tests {
    #[test]
    fn names_stay_in_the_folder() {
        use super::safe_file_name as f;
        assert_eq!(f("nota-WC-1042.pdf"), "nota-WC-1042.pdf");
        assert_eq!(f("nota-A/B.pdf"), "nota-A-B.pdf");
        assert_eq!(f("../../etc/passwd"), "etc-passwd");
        assert_eq!(f("nota-..\\x.pdf"), "nota-x.pdf");
        assert_eq!(f(".pdf"), "dokumen.pdf");
        assert!(!f("a/../../b.pdf").contains('/'));
        assert!(!f("x:y*z?.pdf").contains(':'));
    }
}

use crate::domain::shop::{PaperSize, ShopProfile};
use crate::error::{Error, Result};
use crate::store::tickets::TicketDetail;
use crate::store::{shop, tickets, Db};
use canvas::{Canvas, Paper};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// On the paper chosen in settings (A4, A5 or 80 mm).
    IntakeReceipt,
    /// A4 invoice.
    Invoice,
    /// 80 mm receipt of the invoice and payments.
    PaymentReceipt,
    /// O2O handover note of an order (A4, or 80 mm when receipts are on rolls).
    HandoverNote,
    /// A4 invoice of an order (its live invoice, or the newest voided one).
    OrderInvoice,
    /// 80 mm receipt of an order's invoice.
    OrderReceipt,
    /// RMA receipt of one return (keyed by the return's id).
    ReturnReceipt,
    /// Surat jalan with the packing list of a shipped order.
    DeliveryNote,
}

impl DocKind {
    /// Documents of an order rather than of a ticket.
    pub fn of_order(self) -> bool {
        matches!(
            self,
            DocKind::HandoverNote
                | DocKind::OrderInvoice
                | DocKind::OrderReceipt
                | DocKind::DeliveryNote
        )
    }

    /// Documents of a return (RMA), keyed by the return's id.
    pub fn of_return(self) -> bool {
        self == DocKind::ReturnReceipt
    }

    pub fn file_stem(self) -> &'static str {
        match self {
            DocKind::IntakeReceipt => "tanda-terima",
            DocKind::Invoice => "invoice",
            DocKind::PaymentReceipt => "struk",
            DocKind::HandoverNote => "serah-terima",
            DocKind::OrderInvoice => "invoice",
            DocKind::OrderReceipt => "struk",
            DocKind::ReturnReceipt => "retur",
            DocKind::DeliveryNote => "surat-jalan",
        }
    }
}

pub fn paper(size: PaperSize) -> Paper {
    match size {
        PaperSize::A4 => Paper::A4,
        PaperSize::A5 => Paper::A5,
        PaperSize::Roll80 => Paper::ROLL80,
    }
}

/// Renders one document of a ticket to PDF bytes.
pub async fn render(db: &Db, ticket_id: Uuid, kind: DocKind) -> Result<Vec<u8>> {
    let profile = shop::profile(db).await?;
    let ticket = tickets::detail(db, ticket_id).await?;
    render_with(&profile, &ticket, kind)
}

/// Renders the RMA receipt of one return.
pub async fn render_return(db: &Db, return_id: Uuid) -> Result<Vec<u8>> {
    let profile = shop::profile(db).await?;
    let r = crate::store::returns::get(db, return_id).await?;
    let paper = if profile.receipt_paper == PaperSize::Roll80 {
        Paper::ROLL80
    } else {
        Paper::A5
    };
    rma::render(&profile, &r, paper)
}

/// Renders one document of an order to PDF bytes.
pub async fn render_order(db: &Db, order_id: Uuid, kind: DocKind) -> Result<Vec<u8>> {
    let profile = shop::profile(db).await?;
    let order = crate::store::orders::detail(db, order_id).await?;
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
        DocKind::IntakeReceipt => intake::render(profile, ticket, paper(profile.receipt_paper)),
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

/// The shop header shared by every document.
pub(crate) fn header(c: &mut Canvas, shop: &ShopProfile) {
    let narrow = c.narrow();
    let (title, body) = if narrow { (11.0, 7.5) } else { (15.0, 8.5) };
    if narrow {
        c.centered(&shop.name, title, true);
    } else {
        c.line(&shop.name, title, true);
    }
    let mut details = vec![
        shop.address.clone(),
        format!("Telp. {}", crate::domain::phone::national(&shop.phone)),
    ];
    if let Some(npwp) = &shop.npwp {
        details.push(format!("NPWP {npwp}"));
    }
    let x = c.left();
    let w = c.content_width();
    for d in details {
        if narrow {
            for l in canvas::wrap(&d, w, body, false) {
                c.centered(&l, body, false);
            }
        } else {
            c.paragraph(x, w, &d, body, false);
        }
    }
    c.gap(1.0);
    c.rule(0.8);
}

/// The top of a counter document: the shop header, the title, and its
/// number as Code128 for the scanner. Returns the body text size.
pub(crate) fn titled(c: &mut Canvas, shop: &ShopProfile, title: &str, number: &str) -> Result<f32> {
    let narrow = c.narrow();
    header(c, shop);
    c.gap(1.0);
    c.line(title, if narrow { 9.5 } else { 12.0 }, true);
    c.gap(1.0);
    let x = c.left();
    c.code128(x, number, if narrow { 0.25 } else { 0.3 }, 10.0)?;
    c.y += 11.0;
    Ok(if narrow { 7.5 } else { 9.0 })
}

/// A local date-time for people, in the shop's zone: "21-11-2026 14:05".
pub(crate) fn local_time(shop: &ShopProfile, rfc3339: &str) -> String {
    crate::store::parse_ts(rfc3339)
        .with_timezone(&shop.tz())
        .format("%d-%m-%Y %H:%M")
        .to_string()
}

pub(crate) fn local_date(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| d.format("%d-%m-%Y").to_string())
        .unwrap_or_else(|_| iso.to_string())
}

/// The paper of a warranty card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CardPaper {
    A6,
    A5,
    Roll80,
}

/// The signed QR text of a unit's warranty card (the shop's key is made in
/// `key_dir` the first time).
pub async fn warranty_card_text(
    db: &Db,
    key_dir: &std::path::Path,
    unit: &crate::store::warranty::WarrantyUnit,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(String, String)> {
    let key = crate::store::card_keys::own_key(db, key_dir, now).await?;
    let p = unit.purchase()?;
    let payload = crate::domain::card::CardPayload {
        serial: unit.serial.clone(),
        sku: unit.sku.clone(),
        invoice: unit.invoice_number.clone(),
        start: p.start,
        store_months: p.store_months,
        maker_months: p.maker_months,
        kind: p.kind,
    };
    let text = crate::domain::card::sign(&payload, &key).map_err(|_| {
        Error::validation(
            "serial",
            "too_long",
            "serial, SKU or invoice too long for a card",
        )
    })?;
    Ok((text, crate::domain::card::key_id_hex(&key.verifying_key())))
}

/// Prints (or reprints) a unit's warranty card; the print is in its history.
pub async fn render_warranty_card(
    db: &Db,
    ctx: &crate::store::Ctx,
    key_dir: &std::path::Path,
    warranty_id: Uuid,
    paper: CardPaper,
) -> Result<Vec<u8>> {
    ctx.require(crate::domain::permissions::Action::TakeIn)?;
    let profile = shop::profile(db).await?;
    let unit = crate::store::warranty::get(db, warranty_id).await?;
    let (text, key_id) = warranty_card_text(db, key_dir, &unit, ctx.now).await?;
    let paper_size = match paper {
        CardPaper::A6 => Paper::A6,
        CardPaper::A5 => Paper::A5,
        CardPaper::Roll80 => Paper::ROLL80,
    };
    let pdf = warranty_card::render(&profile, &unit, &text, &key_id, paper_size)?;
    let mut tx = db.begin().await?;
    let data = serde_json::json!({ "paper": paper, "key": key_id });
    crate::store::warranty::event(&mut tx, ctx, warranty_id, "card_printed", None, &data).await?;
    crate::store::outbox::append(&mut tx, ctx, "warranty", warranty_id, "card_printed", &data)
        .await?;
    tx.commit().await?;
    Ok(pdf)
}

/// A courier's route sheet for a day (couriers print their own only).
pub async fn render_route_sheet(
    db: &Db,
    ctx: &crate::store::Ctx,
    courier: Uuid,
    day: chrono::NaiveDate,
) -> Result<Vec<u8>> {
    let jobs = crate::store::courier_jobs::run(db, ctx, courier, day).await?;
    let name: String = sqlx::query_scalar("SELECT name FROM staff WHERE id = ?")
        .bind(courier.to_string())
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("courier"))?;
    let profile = shop::profile(db).await?;
    route_sheet::render(&profile, &name, &day.to_string(), &jobs)
}

/// The report of a visit that is done, for the customer's signature.
pub async fn render_visit_report(db: &Db, visit_id: Uuid) -> Result<Vec<u8>> {
    let profile = shop::profile(db).await?;
    visit_report::render(db, &profile, visit_id).await
}

/// A visit's invoice: A4, or the 80 mm receipt.
pub async fn render_visit_invoice(db: &Db, visit_id: Uuid, receipt: bool) -> Result<Vec<u8>> {
    let profile = shop::profile(db).await?;
    let bill = crate::store::visit_billing::bill(db, visit_id).await?;
    let paper = if receipt { Paper::ROLL80 } else { Paper::A4 };
    visit_invoice::render(&profile, &bill, paper)
}
