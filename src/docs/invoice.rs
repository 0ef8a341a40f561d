//! The invoice (A4) and the 80 mm payment receipt: lines, subtotal, PPN,
//! total, the total in words (terbilang), payments and the balance.

use super::canvas::{Align, Canvas, Paper};
use super::{header, local_time};
use crate::domain::money::{self, Currency};
use crate::domain::shop::ShopProfile;
use crate::domain::terbilang;
use crate::error::Result;
use crate::store::tickets::{InvoiceInfo, TicketDetail};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

pub fn render(
    shop: &ShopProfile,
    t: &TicketDetail,
    inv: &InvoiceInfo,
    paper: Paper,
) -> Result<Vec<u8>> {
    let mut c = Canvas::new(paper);
    let narrow = c.narrow();
    let body = if narrow { 7.5 } else { 9.0 };
    let cur = t.currency;
    header(&mut c, shop);
    c.gap(1.0);
    if narrow {
        c.centered("STRUK PEMBAYARAN", 10.0, true);
    } else {
        c.line("INVOICE", 14.0, true);
    }
    c.pair("No. invoice", &inv.number, body, true);
    c.pair("Tanggal", &local_time(shop, &inv.issued_at), body, false);
    c.pair("No. servis", &t.number, body, false);
    c.pair("Pelanggan", &t.customer.name, body, false);
    c.pair("Telepon", &t.customer.phone_display, body, false);
    c.pair(
        "Perangkat",
        &format!("{} {}", t.brand, t.model),
        body,
        false,
    );
    c.rule(0.5);
    if narrow {
        narrow_lines(&mut c, t, body);
    } else {
        table(&mut c, t, body);
    }
    c.rule(0.5);
    let tot = &t.totals;
    let rate = (shop.tax_rate * Decimal::from(100)).normalize();
    c.pair("Subtotal", &money::format(tot.subtotal, cur), body, false);
    if shop.prices_include_tax {
        c.pair("DPP", &money::format(tot.base, cur), body, false);
        c.pair(
            &format!("PPN {rate}% (termasuk)"),
            &money::format(tot.tax, cur),
            body,
            false,
        );
    } else {
        c.pair(
            &format!("PPN {rate}%"),
            &money::format(tot.tax, cur),
            body,
            false,
        );
    }
    c.pair("TOTAL", &money::format(tot.total, cur), body + 2.0, true);
    if cur == Currency::IDR {
        let words = terbilang::rupiah(tot.total.to_u64().unwrap_or(0));
        let (x, w) = (c.left(), c.content_width());
        c.paragraph(x, w, &format!("Terbilang: {words}"), body - 0.5, false);
    }
    c.gap(1.0);
    c.line("Pembayaran", body, true);
    for p in &t.payments {
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
        let when = local_time(shop, &p.received_at);
        // A void payment stays on paper, marked, so the record matches the audit.
        let void = if p.voided_at.is_some() {
            " · BATAL (VOID)"
        } else {
            ""
        };
        c.pair(
            &format!("{label} · {} · {when}{void}", p.method.label_id()),
            &money::format(sign, cur),
            body - 0.5,
            false,
        );
    }
    c.pair("Sisa tagihan", &money::format(t.balance, cur), body, true);
    if narrow {
        c.gap(2.0);
        c.centered("Terima kasih", body, true);
        c.centered(
            &format!("Lacak servis: {}", t.tracking_code),
            body - 0.5,
            false,
        );
    } else {
        super::intake::signatures(&mut c, body, &t.customer.name);
    }
    Ok(c.finish(&format!("Invoice {}", inv.number)))
}

fn table(c: &mut Canvas, t: &TicketDetail, size: f32) {
    let cur = t.currency;
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
    for (i, line) in t.quote.iter().enumerate() {
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
        for d in desc_lines {
            c.text_at(desc_x, &d, size, false, Align::Left);
            c.gap(size * 0.45);
        }
        c.y = c.y.max(top + size * 0.45) + 0.8;
    }
}

fn narrow_lines(c: &mut Canvas, t: &TicketDetail, size: f32) {
    let cur = t.currency;
    let (x, w) = (c.left(), c.content_width());
    for line in &t.quote {
        c.paragraph(x, w, &line.description, size, false);
        let detail = format!(
            "{} × {}",
            line.qty.normalize(),
            money::format(line.unit_price, cur)
        );
        c.pair(&detail, &money::format(line.amount(cur), cur), size, false);
        if !line.discount.is_zero() {
            c.pair(
                "  diskon",
                &money::format(-line.discount, cur),
                size - 0.5,
                false,
            );
        }
    }
}
