//! Printed paper: every document the counter hands over or sends with a
//! parcel, as PDF bytes. Rendering is pure (data in, PDF bytes out); each
//! area's `render_*` loads the data first. Here at the root: the layout
//! canvas, fonts, barcodes and pictures, the invoice every area prints, the
//! shop header and title block, and the document kinds of the counter.
//!
//! Never writes to the database, except for a warranty card: its print goes
//! in the unit's history, and the shop's card key is made on first use.

pub mod canvas;
pub mod cash;
pub mod codes;
pub mod field;
pub mod fonts;
pub mod invoice;
pub mod pdf;
pub mod picture;
pub mod print;
pub mod repairs;
pub mod reports;
pub mod returns;
pub mod sales;
pub mod service;
pub mod sheets;
pub mod slip;
pub mod warranty;

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
use crate::error::Result;
use canvas::{Canvas, Paper};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
