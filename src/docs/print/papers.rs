//! Which paper a print is, and what it says: a ticket's intake or payment
//! receipt, an order's, a visit's or a return's receipt as a [`Slip`]
//! (the same model the 80 mm PDF is drawn from), a ticket's device label
//! or a product's labels as [`Label`]s, and the printer's test page.

use crate::docs::invoice::{self, InvoiceDoc};
use crate::docs::slip::{Slip, Style};
use crate::docs::{field, local_time, repairs, returns};
use crate::domain::money;
use crate::domain::print::label::Label;
use crate::domain::print::settings::{Connection, Printers};
use crate::error::{Error, Result};
use crate::store::{shop, Db};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PrintDoc {
    /// A ticket's intake receipt (customer's and shop's copies).
    IntakeReceipt,
    /// A ticket's payment receipt.
    PaymentReceipt,
    /// An order's receipt.
    OrderReceipt,
    /// A visit's receipt.
    VisitReceipt,
    /// A return's RMA receipt.
    ReturnReceipt,
    /// The label stuck on a device at intake (a ticket).
    DeviceLabel,
    /// Labels of a product: one per serial, or copies of its SKU label.
    ProductLabels,
    /// The receipt printer's test page.
    TestPage,
    /// The label printer's test label.
    TestLabel,
    /// A pulse to the cash drawer, no paper.
    Drawer,
    /// A cash drawer shift's summary.
    ShiftSummary,
}

/// Which of the device's printers a paper goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PrinterRole {
    Receipt,
    Label,
    A4,
}

impl PrintDoc {
    pub fn as_str(self) -> &'static str {
        match self {
            PrintDoc::IntakeReceipt => "intake_receipt",
            PrintDoc::PaymentReceipt => "payment_receipt",
            PrintDoc::OrderReceipt => "order_receipt",
            PrintDoc::VisitReceipt => "visit_receipt",
            PrintDoc::ReturnReceipt => "return_receipt",
            PrintDoc::DeviceLabel => "device_label",
            PrintDoc::ProductLabels => "product_labels",
            PrintDoc::TestPage => "test_page",
            PrintDoc::TestLabel => "test_label",
            PrintDoc::Drawer => "drawer",
            PrintDoc::ShiftSummary => "shift_summary",
        }
    }

    pub fn role(self) -> PrinterRole {
        match self {
            PrintDoc::DeviceLabel | PrintDoc::ProductLabels | PrintDoc::TestLabel => {
                PrinterRole::Label
            }
            _ => PrinterRole::Receipt,
        }
    }
}

/// The slip of a receipt and the number of what it is for.
pub async fn slip(db: &Db, doc: PrintDoc, id: Uuid) -> Result<(String, Slip)> {
    let profile = shop::profile(db).await?;
    let no_invoice = || Error::invalid_state("no_invoice", "nothing has been invoiced yet");
    Ok(match doc {
        PrintDoc::IntakeReceipt => {
            let t = crate::store::repairs::tickets::detail(db, id).await?;
            let link = crate::store::web::tracking_link(db, &t.tracking_code).await?;
            (
                t.number.clone(),
                repairs::intake::slip(&profile, &t, link.as_deref()),
            )
        }
        PrintDoc::PaymentReceipt => {
            let t = crate::store::repairs::tickets::detail(db, id).await?;
            let inv = t.invoice.as_ref().ok_or_else(no_invoice)?;
            let d = InvoiceDoc::from_ticket(&profile, &t, inv);
            (t.number.clone(), invoice::slip(&profile, &d))
        }
        PrintDoc::OrderReceipt => {
            let o = crate::store::sales::orders::detail(db, id).await?;
            let inv = o.invoices.first().ok_or_else(no_invoice)?;
            let d = InvoiceDoc::from_order(&profile, &o, inv);
            (o.number.clone(), invoice::slip(&profile, &d))
        }
        PrintDoc::VisitReceipt => {
            let b = crate::store::field::billing::bill(db, id).await?;
            let d = field::invoice::doc(&profile, &b)?;
            (b.number.clone(), invoice::slip(&profile, &d))
        }
        PrintDoc::ReturnReceipt => {
            let r = crate::store::returns::get(db, id).await?;
            (r.number.clone(), returns::rma::slip(&profile, &r)?)
        }
        PrintDoc::ShiftSummary => {
            let s = crate::store::cash::read::load(db, id).await?;
            (
                s.number.clone(),
                crate::docs::cash::shift::slip(&profile, &s),
            )
        }
        _ => {
            return Err(Error::invalid_state(
                "not_a_receipt",
                "this paper is not a receipt",
            ))
        }
    })
}

/// The device label of a ticket: its number as Code128, the customer,
/// the tracking code and the day it came in.
pub async fn device_label(db: &Db, ticket: Uuid) -> Result<(String, Label)> {
    let profile = shop::profile(db).await?;
    let t = crate::store::repairs::tickets::detail(db, ticket).await?;
    let day = local_time(&profile, &t.created_at);
    let label = Label {
        top: profile.name.clone(),
        title: t.customer.name.clone(),
        code: t.number.clone(),
        lines: vec![
            format!("Lacak {}  {}", t.tracking_code, &day[..10.min(day.len())]),
            format!("{} {}", t.brand, t.model),
        ],
    };
    Ok((t.number, label))
}

/// Labels of a product received into stock: one per serial (each must be
/// a unit of that product), or `copies` of its SKU label.
pub async fn product_labels(
    db: &Db,
    product: Uuid,
    serials: &[String],
    copies: u8,
) -> Result<(String, Vec<Label>)> {
    let profile = shop::profile(db).await?;
    let p = crate::store::sales::catalog::get(db, product).await?;
    let cur = profile.currency;
    let price = money::format(p.price, cur);
    let make = |code: &str, extra: String| Label {
        top: profile.name.clone(),
        title: p.name.clone(),
        code: code.to_string(),
        lines: vec![extra],
    };
    if serials.is_empty() {
        if !(1..=100).contains(&copies) {
            return Err(Error::validation(
                "copies",
                "out_of_range",
                "1 to 100 labels",
            ));
        }
        let l = make(&p.sku, price);
        return Ok((p.sku.clone(), vec![l; copies as usize]));
    }
    if serials.len() > 200 {
        return Err(Error::validation(
            "serials",
            "too_many",
            "at most 200 at once",
        ));
    }
    let mut out = vec![];
    for s in serials {
        let known: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM units WHERE product_id = ? AND serial = ?)",
        )
        .bind(product.to_string())
        .bind(s)
        .fetch_one(&db.pool)
        .await?;
        if !known {
            return Err(Error::validation(
                "serials",
                "unknown_serial",
                format!("{s} is not a unit of {}", p.sku),
            ));
        }
        out.push(make(s, format!("{} · {price}", p.sku)));
    }
    Ok((p.sku.clone(), out))
}

fn connection(c: &Connection) -> String {
    match c {
        Connection::Network { address } => address.clone(),
        Connection::Device { path } => path.clone(),
        Connection::Spooler { name } => name.clone(),
    }
}

/// Where a printer of `role` is, for the log and the messages.
pub fn target(p: &Printers, role: PrinterRole) -> Option<String> {
    match role {
        PrinterRole::Receipt => p.receipt.as_ref().map(|r| connection(&r.connection)),
        PrinterRole::Label => p.label.as_ref().map(|l| connection(&l.connection)),
        PrinterRole::A4 => p.a4_printer.clone(),
    }
}

/// The test page: what the printer is set to, the shop's letters in its
/// code page (a wrong table number shows here as wrong letters), a line
/// as wide as the paper, a Code128 and a QR.
pub async fn test_page(db: &Db, p: &Printers) -> Result<Slip> {
    let profile = shop::profile(db).await?;
    let r = p
        .receipt
        .as_ref()
        .ok_or_else(|| no_printer(PrinterRole::Receipt))?;
    let cols = r.width.columns();
    let mut s = Slip::new(&profile, "Halaman uji");
    s.title("HALAMAN UJI PRINTER");
    s.pair("Printer", &connection(&r.connection), Style::Normal);
    s.pair("Kolom", &cols.to_string(), Style::Normal);
    s.pair(
        "Tabel karakter",
        &format!("{:?} = ESC t {}", r.code_page, r.code_table),
        Style::Normal,
    );
    s.text("Huruf: Çç Ğğ İı Öö Şş Üü é", Style::Normal);
    s.text(
        "Jika huruf di atas tidak terbaca benar, nomor tabel karakter salah: lihat manual printer (Epson: PC857 = 13, WPC1254 = 48).",
        Style::Small,
    );
    s.text(&"1234567890".repeat(cols / 10 + 1)[..cols], Style::Normal);
    s.push(crate::docs::slip::Block::Code128("KONTER-UJI-123".into()));
    s.push(crate::docs::slip::Block::Qr(
        "https://konter.test/uji".into(),
    ));
    Ok(s)
}

pub fn no_printer(role: PrinterRole) -> Error {
    let which = match role {
        PrinterRole::Receipt => "receipt",
        PrinterRole::Label => "label",
        PrinterRole::A4 => "A4",
    };
    Error::invalid_state(
        "no_printer",
        format!("this computer has no {which} printer set up (Settings → Printers)"),
    )
}
