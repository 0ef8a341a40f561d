//! Berita acara serah terima barang: the O2O handover note the customer signs
//! at the showroom, listing each line and the serials handed over, with the
//! order's number as Code128 and QR.

use crate::docs::canvas::{Canvas, Paper};
use crate::docs::repairs::intake::signatures;
use crate::docs::{local_time, titled};
use crate::domain::money;
use crate::domain::shop::ShopProfile;
use crate::error::{Error, Result};
use crate::store::sales::orders::OrderDetail;

pub fn render(shop: &ShopProfile, o: &OrderDetail, paper: Paper) -> Result<Vec<u8>> {
    let handed = o
        .events
        .iter()
        .rev()
        .find(|e| e.kind == "handed_over")
        .ok_or_else(|| {
            Error::invalid_state("not_handed_over", "the goods have not been handed over yet")
        })?;
    let mut c = Canvas::new(paper);
    let body = titled(&mut c, shop, "BERITA ACARA SERAH TERIMA BARANG", &o.number)?;
    c.pair("No. pesanan", &o.number, body, true);
    c.pair("Diserahkan", &local_time(shop, &handed.at), body, false);
    c.pair("Petugas", &handed.staff_name, body, false);
    c.rule(0.3);
    c.line("Pelanggan", body, true);
    c.line(&o.customer.name, body, false);
    c.line(&o.customer.phone_display, body, false);
    c.rule(0.3);
    c.line("Barang", body, true);
    let (x, w) = (c.left(), c.content_width());
    for l in &o.lines {
        c.ensure(12.0);
        c.pair(
            &format!("{} × {}", l.qty, l.sku),
            &money::format(l.unit_price, o.currency),
            body,
            false,
        );
        c.paragraph(x, w, &l.name, body - 0.5, false);
        for s in &l.serials {
            c.line(&format!("    S/N {s}"), body - 0.5, true);
        }
    }
    c.rule(0.3);
    c.pair(
        "Total",
        &money::format(o.totals.total, o.currency),
        body,
        true,
    );
    let paid = if o.balance <= rust_decimal::Decimal::ZERO {
        "LUNAS"
    } else {
        "BELUM LUNAS"
    };
    c.pair("Status pembayaran", paid, body, true);
    c.gap(1.0);
    c.paragraph(
        x,
        w,
        "Barang di atas telah diterima dalam keadaan baik, lengkap, dan sesuai pesanan. Simpan dokumen ini sebagai bukti serah terima dan untuk klaim garansi.",
        body - 0.5,
        false,
    );
    signatures(&mut c, body, &o.customer.name);
    Ok(c.finish(&format!("Serah terima {}", o.number)))
}
