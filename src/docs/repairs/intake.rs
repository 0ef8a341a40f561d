//! Tanda terima servis: what the customer takes home when leaving a device.
//! It never prints the unlock PIN/password.

use crate::docs::canvas::{Align, Canvas, Paper};
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
    let qr_text = link.unwrap_or(&t.tracking_code);
    let mut c = Canvas::new(paper);
    let narrow = c.narrow();
    let body = if narrow { 7.5 } else { 9.0 };
    header(&mut c, shop);
    c.gap(1.0);
    if narrow {
        c.centered("TANDA TERIMA SERVIS", 10.0, true);
    } else {
        c.line("TANDA TERIMA SERVIS", 12.0, true);
    }
    c.gap(1.0);
    // Ticket number as Code128, tracking code as QR beside (or under) it.
    let qr_size = if narrow { 24.0 } else { 26.0 };
    let top = c.y;
    let x = c.left();
    let module = if narrow { 0.25 } else { 0.3 };
    c.code128(x, &t.number, module, 11.0)?;
    c.y += 12.0;
    c.line(&t.number, body + 1.0, true);
    if narrow {
        c.gap(1.0);
        let qx = (c.paper.width - qr_size) / 2.0;
        c.qr(qx, qr_text, qr_size)?;
        c.y += qr_size + 1.0;
        c.centered(&format!("Kode lacak: {}", t.tracking_code), body, true);
    } else {
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
    }
    c.gap(1.0);
    c.pair("Diterima", &local_time(shop, &t.created_at), body, false);
    c.pair(
        "Perkiraan selesai",
        &local_date(&t.promised_date),
        body,
        false,
    );
    c.rule(0.3);
    c.line("Pelanggan", body, true);
    c.line(&t.customer.name, body, false);
    c.line(&t.customer.phone_display, body, false);
    c.rule(0.3);
    c.line("Perangkat", body, true);
    let (x, w) = (c.left(), c.content_width());
    c.paragraph(
        x,
        w,
        &format!("{} — {} {}", t.device_category, t.brand, t.model),
        body,
        false,
    );
    if let Some(serial) = &t.serial {
        c.line(&format!("S/N: {serial}"), body, false);
    }
    c.line("Keluhan", body, true);
    c.paragraph(x, w, &t.complaint, body, false);
    c.line("Kelengkapan", body, true);
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
    c.paragraph(x, w, &ticks.join("   "), body, false);
    if let Some(other) = &t.accessories_other {
        c.paragraph(x, w, &format!("Lainnya: {other}"), body, false);
    }
    if let Some(cond) = &t.condition_notes {
        c.line("Kondisi fisik", body, true);
        c.paragraph(x, w, cond, body, false);
    }
    c.rule(0.3);
    if let Some(est) = t.estimated_cost {
        c.pair(
            "Perkiraan biaya",
            &money::format(est, t.currency),
            body,
            false,
        );
    }
    let down: rust_decimal::Decimal = t
        .payments
        .iter()
        .filter(|p| p.kind == "down_payment" && p.voided_at.is_none())
        .map(|p| p.amount)
        .sum();
    c.pair("Uang muka", &money::format(down, t.currency), body, true);
    c.gap(1.0);
    if !shop.receipt_terms.trim().is_empty() {
        c.line("Syarat & ketentuan", body - 1.0, true);
        c.paragraph(x, w, &shop.receipt_terms, body - 1.5, false);
    }
    signatures(&mut c, body, &t.customer.name);
    Ok(c.finish(&format!("Tanda terima {}", t.number)))
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
