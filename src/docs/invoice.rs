//! The invoice (A4) and the 80 mm payment receipt: lines, subtotal, coupon,
//! PPN, shipping, total, the total in words (terbilang), payments and the
//! balance. Tickets and orders both print through [`InvoiceDoc`]; a voided
//! invoice keeps its number and prints VOID with the reason.

use super::canvas::{Align, Canvas, Paper};
use super::slip::{Block, Slip, Style};
use super::{header, local_time};
use crate::domain::money::{self, Currency};
use crate::domain::shop::ShopProfile;
use crate::domain::terbilang;
use crate::domain::totals::Line;
use crate::error::Result;
use crate::store::repairs::tickets::{InvoiceInfo, TicketDetail};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// Everything an invoice prints, whatever it bills.
pub struct InvoiceDoc {
    pub number: String,
    pub issued_at: String,
    /// What it bills: ("No. servis", ticket number) or ("No. pesanan", …).
    pub reference: (&'static str, String),
    pub customer: String,
    pub phone: String,
    pub buyer_tax_id: Option<String>,
    /// A line under the customer, e.g. the repaired device.
    pub subject: Option<(&'static str, String)>,
    pub lines: Vec<Line>,
    pub subtotal: Decimal,
    pub discount: Decimal,
    pub base: Decimal,
    pub tax: Decimal,
    pub shipping: Decimal,
    pub total: Decimal,
    /// (label, signed amount), refunds negative.
    pub payments: Vec<(String, Decimal)>,
    pub balance: Decimal,
    pub currency: Currency,
    /// A closing line on the roll receipt.
    pub footer: Option<String>,
    pub void_reason: Option<String>,
}

/// A payment method as printed.
pub(crate) fn method_label(method: &str) -> &'static str {
    match method {
        "bank_transfer" => "Transfer bank",
        "card" => "Kartu",
        "qris" => "QRIS",
        "trade_in" => "Tukar tambah",
        _ => "Tunai",
    }
}

impl InvoiceDoc {
    pub fn from_ticket(shop: &ShopProfile, t: &TicketDetail, inv: &InvoiceInfo) -> InvoiceDoc {
        let payments = t
            .payments
            .iter()
            .map(|p| {
                let label = match p.kind.as_str() {
                    "down_payment" => "Uang muka",
                    "refund" => "Pengembalian",
                    _ => "Pelunasan",
                };
                let sign = if p.kind == "refund" {
                    -p.amount
                } else {
                    p.amount
                };
                // A void payment stays on paper, marked, so the record matches the audit.
                let void = if p.voided_at.is_some() {
                    " · BATAL (VOID)"
                } else {
                    ""
                };
                let when = local_time(shop, &p.received_at);
                (
                    format!("{label} · {} · {when}{void}", p.method.label_id()),
                    sign,
                )
            })
            .collect();
        InvoiceDoc {
            number: inv.number.clone(),
            issued_at: inv.issued_at.clone(),
            reference: ("No. servis", t.number.clone()),
            customer: t.customer.name.clone(),
            phone: t.customer.phone_display.clone(),
            buyer_tax_id: None,
            subject: Some(("Perangkat", format!("{} {}", t.brand, t.model))),
            lines: t.quote.clone(),
            subtotal: t.totals.subtotal,
            discount: Decimal::ZERO,
            base: t.totals.base,
            tax: t.totals.tax,
            shipping: Decimal::ZERO,
            total: t.totals.total,
            payments,
            balance: t.balance,
            currency: t.currency,
            footer: Some(format!("Lacak servis: {}", t.tracking_code)),
            void_reason: inv.void_reason.clone(),
        }
    }
}

impl InvoiceDoc {
    pub fn from_order(
        shop: &ShopProfile,
        o: &crate::store::sales::orders::OrderDetail,
        inv: &crate::store::sales::invoices::OrderInvoice,
    ) -> InvoiceDoc {
        let payments = o
            .payments
            .iter()
            .filter(|p| p.status == "verified")
            .map(|p| {
                let method = method_label(&p.method);
                let (label, sign) = if p.kind == "refund" {
                    ("Pengembalian", -p.amount)
                } else {
                    ("Pembayaran", p.amount)
                };
                (
                    format!("{label} · {method} · {}", local_time(shop, &p.received_at)),
                    sign,
                )
            })
            .collect();
        InvoiceDoc {
            number: inv.number.clone(),
            issued_at: inv.issued_at.clone(),
            reference: ("No. pesanan", o.number.clone()),
            customer: o.customer.name.clone(),
            phone: o.customer.phone_display.clone(),
            buyer_tax_id: inv.buyer_tax_id.clone(),
            subject: o.ship_address.as_ref().map(|a| {
                (
                    "Dikirim ke",
                    format!("{a}, {}", o.ship_city.clone().unwrap_or_default()),
                )
            }),
            lines: inv.lines.clone(),
            subtotal: o.totals.subtotal,
            discount: o.totals.discount,
            base: o.totals.base,
            tax: o.totals.tax,
            shipping: o.totals.shipping,
            total: o.totals.total,
            payments,
            balance: o.balance,
            currency: o.currency,
            footer: None,
            void_reason: inv.void_reason.clone(),
        }
    }
}

/// The invoice on A4/A5, or its 80 mm receipt (the [`slip`]) on a roll.
pub fn render(shop: &ShopProfile, d: &InvoiceDoc, paper: Paper) -> Result<Vec<u8>> {
    if paper.width < 100.0 {
        return slip(shop, d).pdf();
    }
    Ok(layout(shop, d, paper)?.write())
}

/// The A4/A5 invoice laid out, before it is written.
pub fn layout(shop: &ShopProfile, d: &InvoiceDoc, paper: Paper) -> Result<super::pdf::Document> {
    let mut c = Canvas::new(paper);
    let body = 9.0;
    let cur = d.currency;
    header(&mut c, shop);
    c.gap(1.0);
    c.line("INVOICE", 14.0, true);
    if let Some(reason) = &d.void_reason {
        c.line("*** VOID / BATAL ***", 14.0, true);
        let (x, w) = (c.left(), c.content_width());
        c.paragraph(x, w, &format!("Alasan: {reason}"), body, false);
    }
    for (label, value, bold) in parties(shop, d) {
        c.pair(label, &value, body, bold);
    }
    c.rule(0.5);
    table(&mut c, d, body);
    c.rule(0.5);
    for (label, value) in sums(shop, d) {
        c.pair(&label, &value, body, false);
    }
    c.pair("TOTAL", &money::format(d.total, cur), body + 2.0, true);
    if let Some(words) = words(d) {
        let (x, w) = (c.left(), c.content_width());
        c.paragraph(x, w, &words, body - 0.5, false);
    }
    c.gap(1.0);
    c.line("Pembayaran", body, true);
    for (label, amount) in &d.payments {
        c.pair(label, &money::format(*amount, cur), body - 0.5, false);
    }
    c.pair("Sisa tagihan", &money::format(d.balance, cur), body, true);
    super::repairs::intake::signatures(&mut c, body, &d.customer);
    Ok(c.document(&format!("Invoice {}", d.number)))
}

/// The 80 mm payment receipt: what the invoice says, line by line.
pub fn slip(shop: &ShopProfile, d: &InvoiceDoc) -> Slip {
    let cur = d.currency;
    let mut s = Slip::new(shop, format!("Struk {}", d.number));
    s.title("STRUK PEMBAYARAN");
    if let Some(reason) = &d.void_reason {
        s.title("*** VOID / BATAL ***");
        s.text(&format!("Alasan: {reason}"), Style::Normal);
    }
    for (label, value, bold) in parties(shop, d) {
        s.pair(
            label,
            &value,
            if bold { Style::Bold } else { Style::Normal },
        );
    }
    s.rule();
    for line in &d.lines {
        s.text(&line.description, Style::Normal);
        let detail = format!(
            "{} × {}",
            line.qty.normalize(),
            money::format(line.unit_price, cur)
        );
        s.pair(
            &detail,
            &money::format(line.amount(cur), cur),
            Style::Normal,
        );
        if !line.discount.is_zero() {
            s.pair(
                "  diskon",
                &money::format(-line.discount, cur),
                Style::Small,
            );
        }
    }
    s.rule();
    for (label, value) in sums(shop, d) {
        s.pair(&label, &value, Style::Normal);
    }
    s.push(Block::Total("TOTAL".into(), money::format(d.total, cur)));
    if let Some(words) = words(d) {
        s.text(&words, Style::Small);
    }
    s.gap();
    s.text("Pembayaran", Style::Bold);
    for (label, amount) in &d.payments {
        s.pair(label, &money::format(*amount, cur), Style::Small);
    }
    s.pair("Sisa tagihan", &money::format(d.balance, cur), Style::Bold);
    s.gap();
    s.centered("Terima kasih", Style::Bold);
    if let Some(f) = &d.footer {
        s.centered(f, Style::Small);
    }
    s
}

/// Number, date, what it bills and who: (label, value, bold).
fn parties(shop: &ShopProfile, d: &InvoiceDoc) -> Vec<(&'static str, String, bool)> {
    let mut out = vec![
        ("No. invoice", d.number.clone(), true),
        ("Tanggal", local_time(shop, &d.issued_at), false),
        (d.reference.0, d.reference.1.clone(), false),
        ("Pelanggan", d.customer.clone(), false),
        ("Telepon", d.phone.clone(), false),
    ];
    if let Some(id) = &d.buyer_tax_id {
        out.push(("NPWP/NIK pembeli", id.clone(), false));
    }
    if let Some((label, value)) = &d.subject {
        out.push((label, value.clone(), false));
    }
    out
}

/// Subtotal, coupon, DPP and PPN, shipping: (label, amount).
pub(crate) fn sums(shop: &ShopProfile, d: &InvoiceDoc) -> Vec<(String, String)> {
    let cur = d.currency;
    let rate = (shop.tax_rate * Decimal::from(100)).normalize();
    let mut out = vec![("Subtotal".to_string(), money::format(d.subtotal, cur))];
    if !d.discount.is_zero() {
        out.push(("Diskon kupon".into(), money::format(-d.discount, cur)));
    }
    if shop.prices_include_tax {
        out.push(("DPP".into(), money::format(d.base, cur)));
        out.push((format!("PPN {rate}% (termasuk)"), money::format(d.tax, cur)));
    } else {
        out.push((format!("PPN {rate}%"), money::format(d.tax, cur)));
    }
    if !d.shipping.is_zero() {
        out.push(("Ongkos kirim".into(), money::format(d.shipping, cur)));
    }
    out
}

/// The total in words, for rupiah.
pub(crate) fn words(d: &InvoiceDoc) -> Option<String> {
    (d.currency == Currency::IDR).then(|| {
        format!(
            "Terbilang: {}",
            terbilang::rupiah(d.total.to_u64().unwrap_or(0))
        )
    })
}

pub(crate) fn table(c: &mut Canvas, d: &InvoiceDoc, size: f32) {
    let cur = d.currency;
    let (l, r) = (c.left(), c.right());
    // Left edges of No and description; right edges of the number columns.
    let (no_x, desc_x) = (l, l + 8.0);
    let (qty_r, price_r, disc_r) = (r - 84.0, r - 58.0, r - 32.0);
    let desc_w = qty_r - 12.0 - desc_x;
    c.ensure(6.0);
    c.text_at(no_x, "No", size, true, Align::Left);
    c.text_at(desc_x, "Uraian", size, true, Align::Left);
    for (x, h) in [
        (qty_r, "Qty"),
        (price_r, "Harga"),
        (disc_r, "Diskon"),
        (r, "Jumlah"),
    ] {
        c.text_at(x, h, size, true, Align::Right);
    }
    c.gap(size * 0.5);
    for (i, line) in d.lines.iter().enumerate() {
        let desc_lines = super::canvas::wrap(&line.description, desc_w, size, false);
        c.ensure(desc_lines.len() as f32 * size * 0.45 + 1.0);
        let top = c.y;
        let disc = if line.discount.is_zero() {
            "-".to_string()
        } else {
            money::format(line.discount, cur)
        };
        c.text_at(no_x, &(i + 1).to_string(), size, false, Align::Left);
        c.text_at(
            qty_r,
            &line.qty.normalize().to_string(),
            size,
            false,
            Align::Right,
        );
        c.text_at(
            price_r,
            &money::format(line.unit_price, cur),
            size,
            false,
            Align::Right,
        );
        c.text_at(disc_r, &disc, size, false, Align::Right);
        c.text_at(
            r,
            &money::format(line.amount(cur), cur),
            size,
            false,
            Align::Right,
        );
        for dl in desc_lines {
            c.text_at(desc_x, &dl, size, false, Align::Left);
            c.gap(size * 0.45);
        }
        c.y = c.y.max(top + size * 0.45) + 0.8;
    }
}
