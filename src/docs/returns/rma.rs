//! Tanda terima retur (RMA receipt): what came back, in what condition,
//! why, and what the customer got (exchange, refund or repair ticket).

use crate::docs::canvas::{Canvas, Paper};
use crate::docs::repairs::intake::signatures;
use crate::docs::{local_time, titled};
use crate::domain::money::{self, Currency};
use crate::domain::shop::ShopProfile;
use crate::error::Result;
use crate::store::returns::ReturnRecord;

fn yes(b: bool) -> &'static str {
    if b {
        "ya"
    } else {
        "tidak"
    }
}

pub fn render(shop: &ShopProfile, r: &ReturnRecord, paper: Paper) -> Result<Vec<u8>> {
    let mut c = Canvas::new(paper);
    let body = titled(&mut c, shop, "TANDA TERIMA RETUR (RMA)", &r.number)?;
    c.pair("No. RMA", &r.number, body, true);
    c.pair("Tanggal", &local_time(shop, &r.at), body, false);
    c.pair("No. pesanan", &r.order_number, body, false);
    c.pair("Pelanggan", &r.customer_name, body, false);
    c.pair(
        "Telepon",
        &crate::domain::phone::national(&r.customer_phone),
        body,
        false,
    );
    c.rule(0.3);
    c.pair(&format!("{} × {}", r.qty, r.sku), "", body, true);
    let (x, w) = (c.left(), c.content_width());
    c.paragraph(x, w, &r.name, body, false);
    if let Some(s) = &r.serial {
        c.line(&format!("S/N {s}"), body, true);
    }
    let reason = match r.reason.as_str() {
        "wrong_item" => "Barang tidak sesuai pesanan",
        "invoice_mismatch" => "Isi paket tidak sesuai faktur",
        "defective" => "Cacat / rusak",
        "damaged_in_transit" => "Rusak dalam pengiriman",
        _ => "Kesalahan pemesanan pelanggan",
    };
    c.pair("Alasan", reason, body, false);
    c.pair("Segel utuh", yes(r.seal_intact), body, false);
    c.pair("Belum dipakai", yes(r.unused), body, false);
    c.pair("Lengkap", yes(r.complete), body, false);
    c.rule(0.3);
    let cur = Currency::parse(&r.currency)?;
    match r.outcome.as_str() {
        "exchange" => {
            c.pair("Penyelesaian", "Tukar barang", body, true);
            if let Some(s) = &r.replacement_serial {
                c.pair("S/N pengganti", s, body, true);
            }
        }
        "refund" => {
            c.pair("Penyelesaian", "Pengembalian dana", body, true);
            let amount = money::from_minor(r.refund_amount.unwrap_or(0), cur);
            c.pair("Dikembalikan", &money::format(amount, cur), body, true);
        }
        _ => {
            c.pair("Penyelesaian", "Perbaikan (servis)", body, true);
            if let Some(t) = &r.ticket_number {
                c.pair("No. servis", t, body, true);
            }
        }
    }
    if let Some(cost) = r.return_shipping {
        let who = if r.shipping_paid_by.as_deref() == Some("shop") {
            "ditanggung toko"
        } else {
            "ditanggung pelanggan"
        };
        let cost = money::format(money::from_minor(cost, cur), cur);
        c.pair("Ongkir retur", &format!("{cost} ({who})"), body, false);
    }
    if let Some(n) = &r.note {
        c.paragraph(x, w, n, body - 0.5, false);
    }
    c.pair("Petugas", &r.staff_name, body, false);
    signatures(&mut c, body, &r.customer_name);
    Ok(c.finish(&format!("Retur {}", r.number)))
}
