//! Kartu garansi: the unit, its dates and terms, and a QR code carrying the
//! signed payload so any counter can verify the card offline. A6 or A5 to
//! hand over with the goods, or 80 mm from the receipt printer.

use crate::docs::canvas::{Canvas, Paper};
use crate::docs::{local_date, titled};
use crate::domain::shop::ShopProfile;
use crate::domain::warranty::last_day;
use crate::error::Result;
use crate::store::warranty::WarrantyUnit;

pub fn render(
    shop: &ShopProfile,
    u: &WarrantyUnit,
    qr_text: &str,
    key_id: &str,
    paper: Paper,
) -> Result<Vec<u8>> {
    let mut c = Canvas::new(paper);
    let body = titled(&mut c, shop, "KARTU GARANSI", &u.serial)?;
    let p = u.purchase()?;
    c.pair("No. seri", &u.serial, body, true);
    c.pair(
        "Produk",
        &format!("{} · {}", u.sku, u.product_name),
        body,
        false,
    );
    if !u.brand.is_empty() {
        c.pair("Merek", &u.brand, body, false);
    }
    c.pair("No. invoice", &u.invoice_number, body, false);
    c.pair("Tanggal beli", &local_date(&u.sold_on), body, false);
    c.pair("Mulai garansi", &local_date(&u.start_date), body, false);
    c.pair("Pelanggan", &u.customer_name, body, false);
    c.rule(0.3);
    let (x, w) = (c.left(), c.content_width());
    let lifetime = u.kind == "lifetime";
    if lifetime {
        let until = last_day(p.start, 12).format("%d-%m-%Y");
        c.pair("Garansi", "Lifetime Warranty", body, true);
        c.paragraph(
            x,
            w,
            &format!("Klaim suku cadang & servis di toko sampai {until}; setelah itu klaim langsung ke principal, kami bantu prosesnya."),
            body - 0.5,
            false,
        );
    } else {
        let store = last_day(p.start, p.store_months).format("%d-%m-%Y");
        c.pair("Garansi toko s/d", &store.to_string(), body, true);
        if p.maker_months > p.store_months {
            let maker = last_day(p.start, p.maker_months).format("%d-%m-%Y");
            c.pair("Garansi pabrik s/d", &maker.to_string(), body, false);
        }
    }
    c.paragraph(
        x,
        w,
        "Ketentuan: kerusakan hardware dalam 7 hari dengan dus dan aksesoris lengkap ditukar unit baru. \
         Garansi tidak berlaku untuk kerusakan fisik, segel rusak, perbaikan di luar toko, dan suku cadang habis pakai. \
         Bawa kartu ini dan invoice saat klaim.",
        body - 1.0,
        false,
    );
    c.gap(1.5);
    let size = if c.narrow() { 30.0 } else { 34.0 };
    c.ensure(size + 8.0);
    let qx = (c.paper.width - size) / 2.0;
    c.qr(qx, qr_text, size)?;
    c.y += size + 1.5;
    c.centered(
        &format!("Pindai untuk cek keaslian · kunci {key_id}"),
        body - 1.5,
        false,
    );
    Ok(c.finish(&format!("Kartu garansi {}", u.serial)))
}
