//! Surat jalan: the delivery note with its packing list, travelling with the
//! parcel: sender, receiver and address, each line with the serials packed,
//! the total weight, the courier's tracking number, and three signatures
//! (sender, courier, receiver). No prices: the invoice is separate.

use crate::docs::canvas::{Align, Canvas, Paper};
use crate::docs::{header, local_time};
use crate::domain::shop::ShopProfile;
use crate::error::{Error, Result};
use crate::store::sales::orders::OrderDetail;

pub fn render(shop: &ShopProfile, o: &OrderDetail, weight_grams: u64) -> Result<Vec<u8>> {
    let shipped = o
        .events
        .iter()
        .rev()
        .find(|e| e.kind == "shipped")
        .ok_or_else(|| Error::invalid_state("not_shipped", "the order has not been shipped yet"))?;
    let mut c = Canvas::new(Paper::A4);
    let body = 9.0;
    header(&mut c, shop);
    c.gap(1.0);
    c.line("SURAT JALAN", 14.0, true);
    let x = c.left();
    c.code128(x, &o.number, 0.3, 10.0)?;
    c.y += 11.0;
    c.pair("No. pesanan", &o.number, body, true);
    c.pair("Tanggal kirim", &local_time(shop, &shipped.at), body, false);
    c.pair("No. resi", o.tracking.as_deref().unwrap_or("-"), body, true);
    c.rule(0.3);
    c.line("Penerima", body, true);
    c.line(&o.customer.name, body, false);
    c.line(&o.customer.phone_display, body, false);
    let (x, w) = (c.left(), c.content_width());
    let address = format!(
        "{}, {}",
        o.ship_address.clone().unwrap_or_default(),
        o.ship_city.clone().unwrap_or_default()
    );
    c.paragraph(x, w, &address, body, false);
    c.rule(0.3);
    c.line("Daftar barang (packing list)", body, true);
    let r = c.right();
    c.text_at(x, "No", body, true, Align::Left);
    c.text_at(x + 8.0, "Barang", body, true, Align::Left);
    c.text_at(r, "Qty", body, true, Align::Right);
    c.gap(body * 0.5);
    for (i, l) in o.lines.iter().enumerate() {
        c.ensure(10.0);
        c.text_at(x, &(i + 1).to_string(), body, false, Align::Left);
        c.text_at(
            x + 8.0,
            &format!("{} · {}", l.sku, l.name),
            body,
            false,
            Align::Left,
        );
        c.text_at(r, &l.qty.to_string(), body, false, Align::Right);
        c.gap(body * 0.45);
        if !l.serials.is_empty() {
            c.paragraph(
                x + 8.0,
                w - 8.0,
                &format!("S/N {}", l.serials.join(", ")),
                body - 1.0,
                false,
            );
        }
    }
    c.rule(0.3);
    c.pair(
        "Berat total",
        &format!("{:.1} kg", weight_grams as f64 / 1000.0),
        body,
        false,
    );
    c.paragraph(x, w, "Periksa barang saat diterima. Kerusakan karena pengiriman dicatat di hadapan kurir. Jangan membuka kemasan barang yang harus dipasang teknisi resmi.", body - 1.0, false);
    c.ensure(26.0);
    c.gap(4.0);
    let col = (r - x) / 3.0;
    for (i, who) in ["Pengirim", "Kurir", "Penerima"].iter().enumerate() {
        c.text_at(x + col * i as f32, who, body, false, Align::Left);
    }
    c.gap(16.0);
    let y = c.y;
    for i in 0..3 {
        let left = x + col * i as f32;
        c.rule_at(left, left + col - 6.0, y);
    }
    Ok(c.finish(&format!("Surat jalan {}", o.number)))
}
