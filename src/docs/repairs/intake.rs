//! Tanda terima servis: what the customer takes home when leaving a device.
//! It never prints the unlock PIN/password.

use crate::docs::canvas::{Align, Canvas, Paper};
use crate::docs::slip::{Block, Slip, Style};
use crate::docs::{header, local_date, local_time};
use crate::domain::money;
use crate::domain::repairs::ticket::Accessory;
use crate::domain::shop::ShopProfile;
use crate::error::Result;
use crate::store::repairs::tickets::TicketDetail;

/// The receipt; `link` is the ticket's tracking page when the shop has a
/// hub (the QR then opens it; the code stays printed for typing).
pub fn render(
    shop: &ShopProfile,
    t: &TicketDetail,
    paper: Paper,
    link: Option<&str>,
) -> Result<Vec<u8>> {
    let mut c = Canvas::new(paper);
    if c.narrow() {
        return slip(shop, t, link).pdf();
    }
    let qr_text = link.unwrap_or(&t.tracking_code);
    let body = 9.0;
    header(&mut c, shop);
    c.gap(1.0);
    c.line("TANDA TERIMA SERVIS", 12.0, true);
    c.gap(1.0);
    // Ticket number as Code128, tracking code as QR beside it.
    let qr_size = 26.0;
    let top = c.y;
    let x = c.left();
    c.code128(x, &t.number, 0.3, 11.0)?;
    c.y += 12.0;
    c.line(&t.number, body + 1.0, true);
    let qx = c.right() - qr_size;
    let after_barcode = c.y;
    c.y = top;
    c.qr(qx, qr_text, qr_size)?;
    c.y = top + qr_size + 1.0;
    let r = c.right();
    c.text_at(
        r,
        &format!("Kode lacak: {}", t.tracking_code),
        body,
        true,
        Align::Right,
    );
    c.y = (top + qr_size + 5.0).max(after_barcode);
    c.gap(1.0);
    let (x, w) = (c.left(), c.content_width());
    for part in parts(shop, t) {
        match part {
            Part::Pair(l, v, bold) => c.pair(l, &v, body, bold),
            Part::Heading(h) => c.line(h, body, true),
            Part::Text(v) => c.paragraph(x, w, &v, body, false),
            Part::Rule => c.rule(0.3),
            Part::Terms(v) => {
                c.gap(1.0);
                c.line("Syarat & ketentuan", body - 1.0, true);
                c.paragraph(x, w, &v, body - 1.5, false);
            }
        }
    }
    signatures(&mut c, body, &t.customer.name);
    Ok(c.finish(&format!("Tanda terima {}", t.number)))
}

/// What the receipt says under its codes, whatever the paper.
enum Part {
    Pair(&'static str, String, bool),
    Heading(&'static str),
    Text(String),
    Rule,
    Terms(String),
}

fn parts(shop: &ShopProfile, t: &TicketDetail) -> Vec<Part> {
    let mut p = vec![
        Part::Pair("Diterima", local_time(shop, &t.created_at), false),
        Part::Pair("Perkiraan selesai", local_date(&t.promised_date), false),
        Part::Rule,
        Part::Heading("Pelanggan"),
        Part::Text(t.customer.name.clone()),
        Part::Text(t.customer.phone_display.clone()),
        Part::Rule,
        Part::Heading("Perangkat"),
        Part::Text(format!("{} — {} {}", t.device_category, t.brand, t.model)),
    ];
    if let Some(serial) = &t.serial {
        p.push(Part::Text(format!("S/N: {serial}")));
    }
    p.push(Part::Heading("Keluhan"));
    p.push(Part::Text(t.complaint.clone()));
    p.push(Part::Heading("Kelengkapan"));
    let ticks: Vec<String> = Accessory::ALL
        .iter()
        .map(|a| {
            format!(
                "[{}] {}",
                if t.accessories.contains(a) { "x" } else { " " },
                a.label_id()
            )
        })
        .collect();
    p.push(Part::Text(ticks.join("   ")));
    if let Some(other) = &t.accessories_other {
        p.push(Part::Text(format!("Lainnya: {other}")));
    }
    if let Some(cond) = &t.condition_notes {
        p.push(Part::Heading("Kondisi fisik"));
        p.push(Part::Text(cond.clone()));
    }
    p.push(Part::Rule);
    if let Some(est) = t.estimated_cost {
        p.push(Part::Pair(
            "Perkiraan biaya",
            money::format(est, t.currency),
            false,
        ));
    }
    let down: rust_decimal::Decimal = t
        .payments
        .iter()
        .filter(|p| p.kind == "down_payment" && p.voided_at.is_none())
        .map(|p| p.amount)
        .sum();
    p.push(Part::Pair(
        "Uang muka",
        money::format(down, t.currency),
        true,
    ));
    if !shop.receipt_terms.trim().is_empty() {
        p.push(Part::Terms(shop.receipt_terms.clone()));
    }
    p
}

/// The intake receipt on the roll: the number as Code128, the tracking
/// link (or code) as QR, then what the A4 version says.
pub fn slip(shop: &ShopProfile, t: &TicketDetail, link: Option<&str>) -> Slip {
    let mut s = Slip::new(shop, format!("Tanda terima {}", t.number));
    s.title("TANDA TERIMA SERVIS");
    s.push(Block::Code128(t.number.clone()));
    s.push(Block::Qr(link.unwrap_or(&t.tracking_code).to_string()));
    s.centered(&format!("Kode lacak: {}", t.tracking_code), Style::Bold);
    s.gap();
    for part in parts(shop, t) {
        match part {
            Part::Pair(l, v, bold) => s.pair(l, &v, if bold { Style::Bold } else { Style::Normal }),
            Part::Heading(h) => s.text(h, Style::Bold),
            Part::Text(v) => s.text(&v, Style::Normal),
            Part::Rule => s.rule(),
            Part::Terms(v) => s
                .gap()
                .text("Syarat & ketentuan", Style::Bold)
                .text(&v, Style::Small),
        };
    }
    s.push(Block::Signatures(t.customer.name.clone()));
    s
}

/// Two signature lines: customer and staff.
pub(crate) fn signatures(c: &mut Canvas, size: f32, customer: &str) {
    c.ensure(24.0);
    c.gap(4.0);
    let (l, r) = (c.left(), c.right());
    let mid = (l + r) / 2.0;
    let col = (r - l) / 2.0 - 4.0;
    c.text_at(l, "Pelanggan", size, false, Align::Left);
    c.text_at(mid + 4.0, "Petugas", size, false, Align::Left);
    c.gap(16.0);
    let y = c.y;
    c.rule_at(l, l + col, y);
    c.rule_at(mid + 4.0, mid + 4.0 + col, y);
    c.gap(1.0);
    c.text_at(l, customer, size - 1.0, false, Align::Left);
    c.gap(size * 0.45);
}
