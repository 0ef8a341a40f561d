//! Tanda terima retur (RMA receipt): what came back, in what condition,
//! why, and what the customer got (exchange, refund or repair ticket).

use crate::docs::canvas::{Canvas, Paper};
use crate::docs::repairs::intake::signatures;
use crate::docs::slip::{Block, Slip, Style};
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
    if c.narrow() {
        return slip(shop, r)?.pdf();
    }
    let body = titled(&mut c, shop, "TANDA TERIMA RETUR (RMA)", &r.number)?;
    let (x, w) = (c.left(), c.content_width());
    for row in rows(shop, r)? {
        match row {
            Row::Pair(l, v, bold) => c.pair(&l, &v, body, bold),
            Row::Text(t) => c.paragraph(x, w, &t, body, false),
            Row::Rule => c.rule(0.3),
        }
    }
    signatures(&mut c, body, &r.customer_name);
    Ok(c.finish(&format!("Retur {}", r.number)))
}

/// The RMA receipt on the roll.
pub fn slip(shop: &ShopProfile, r: &ReturnRecord) -> Result<Slip> {
    let mut s = Slip::new(shop, format!("Retur {}", r.number));
    s.title("TANDA TERIMA RETUR (RMA)");
    s.push(Block::Code128(r.number.clone()));
    for row in rows(shop, r)? {
        match row {
            Row::Pair(l, v, bold) => s.pair(&l, &v, if bold { Style::Bold } else { Style::Normal }),
            Row::Text(t) => s.text(&t, Style::Normal),
            Row::Rule => s.rule(),
        };
    }
    s.push(Block::Signatures(r.customer_name.clone()));
    Ok(s)
}

enum Row {
    Pair(String, String, bool),
    Text(String),
    Rule,
}

fn rows(shop: &ShopProfile, r: &ReturnRecord) -> Result<Vec<Row>> {
    let pair = |l: &str, v: &str, bold: bool| Row::Pair(l.to_string(), v.to_string(), bold);
    let mut out = vec![
        pair("No. RMA", &r.number, true),
        pair("Tanggal", &local_time(shop, &r.at), false),
        pair("No. pesanan", &r.order_number, false),
        pair("Pelanggan", &r.customer_name, false),
        pair(
            "Telepon",
            &crate::domain::phone::national(&r.customer_phone),
            false,
        ),
        Row::Rule,
        pair(&format!("{} × {}", r.qty, r.sku), "", true),
        Row::Text(r.name.clone()),
    ];
    if let Some(s) = &r.serial {
        out.push(pair(&format!("S/N {s}"), "", true));
    }
    let reason = match r.reason.as_str() {
        "wrong_item" => "Barang tidak sesuai pesanan",
        "invoice_mismatch" => "Isi paket tidak sesuai faktur",
        "defective" => "Cacat / rusak",
        "damaged_in_transit" => "Rusak dalam pengiriman",
        _ => "Kesalahan pemesanan pelanggan",
    };
    out.push(pair("Alasan", reason, false));
    out.push(pair("Segel utuh", yes(r.seal_intact), false));
    out.push(pair("Belum dipakai", yes(r.unused), false));
    out.push(pair("Lengkap", yes(r.complete), false));
    out.push(Row::Rule);
    let cur = Currency::parse(&r.currency)?;
    match r.outcome.as_str() {
        "exchange" => {
            out.push(pair("Penyelesaian", "Tukar barang", true));
            if let Some(s) = &r.replacement_serial {
                out.push(pair("S/N pengganti", s, true));
            }
        }
        "refund" => {
            out.push(pair("Penyelesaian", "Pengembalian dana", true));
            let amount = money::from_minor(r.refund_amount.unwrap_or(0), cur);
            out.push(pair("Dikembalikan", &money::format(amount, cur), true));
        }
        _ => {
            out.push(pair("Penyelesaian", "Perbaikan (servis)", true));
            if let Some(t) = &r.ticket_number {
                out.push(pair("No. servis", t, true));
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
        out.push(pair("Ongkir retur", &format!("{cost} ({who})"), false));
    }
    if let Some(n) = &r.note {
        out.push(Row::Text(n.clone()));
    }
    out.push(pair("Petugas", &r.staff_name, false));
    Ok(out)
}
