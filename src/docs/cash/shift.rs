//! A shift's summary: the drawer, who opened and closed it, the float, the
//! takings by method, the cash paid back, a courier's cash handed in, the
//! pay-ins and pay-outs with their reasons, the cash expected against the
//! cash counted (by denomination when counted so) and the difference.

use crate::docs::local_time;
use crate::docs::slip::{Block, Slip, Style};
use crate::domain::money;
use crate::domain::payment::PaymentMethod;
use crate::domain::shop::ShopProfile;
use crate::store::cash::Shift;
use rust_decimal::Decimal;

fn method(m: &str) -> String {
    PaymentMethod::parse(m)
        .map(|p| p.label_id().to_string())
        .unwrap_or_else(|_| m.to_string())
}

fn reason(r: Option<&str>) -> &'static str {
    match r {
        Some("petty_cash") => "Kas kecil",
        Some("supplies") => "Perlengkapan",
        Some("transport") => "Transportasi",
        Some("meals") => "Konsumsi",
        Some("utilities") => "Listrik/air/internet",
        Some("bank_deposit") => "Setor ke bank",
        Some("change_from_bank") => "Uang kembalian dari bank",
        _ => "Lainnya",
    }
}

pub fn slip(shop: &ShopProfile, s: &Shift) -> Slip {
    let cur = s.currency;
    let m = |d: Decimal| money::format(d, cur);
    let mut p = Slip::new(shop, format!("Shift {}", s.number));
    p.title(if s.closed_at.is_some() {
        "RINGKASAN SHIFT KASIR"
    } else {
        "RINGKASAN SHIFT (BELUM DITUTUP)"
    });
    p.pair("No. shift", &s.number, Style::Bold);
    p.pair("Laci", &s.drawer, Style::Normal);
    p.pair("Dibuka", &local_time(shop, &s.opened_at), Style::Normal);
    p.pair("Oleh", &s.opened_by, Style::Normal);
    if let (Some(at), Some(by)) = (&s.closed_at, &s.closed_by) {
        p.pair("Ditutup", &local_time(shop, at), Style::Normal);
        p.pair("Oleh", by, Style::Normal);
    }
    p.rule();
    p.text("Penerimaan per metode", Style::Bold);
    if s.by_method.is_empty() {
        p.text("Belum ada pembayaran", Style::Small);
    }
    for b in &s.by_method {
        p.pair(
            &format!("{} ({}×)", method(&b.method), b.count),
            &m(b.amount),
            Style::Normal,
        );
    }
    p.rule();
    p.text("Kas di laci", Style::Bold);
    p.pair("Modal awal", &m(s.float), Style::Normal);
    p.pair("Penjualan tunai", &m(s.cash_taken), Style::Normal);
    p.pair("Pengembalian tunai", &m(-s.cash_paid_back), Style::Normal);
    if !s.courier_cash.is_zero() {
        p.pair("Setoran kurir", &m(s.courier_cash), Style::Normal);
    }
    let reasons = |p: &mut Slip, kind: &str| {
        for mv in s.moves.iter().filter(|mv| mv.kind == kind) {
            let what = match &mv.note {
                Some(n) => format!("  {}: {n}", reason(mv.reason.as_deref())),
                None => format!("  {}", reason(mv.reason.as_deref())),
            };
            p.pair(&what, &m(mv.amount), Style::Small);
        }
    };
    p.pair("Kas masuk", &m(s.pay_ins), Style::Normal);
    reasons(&mut p, "pay_in");
    p.pair("Kas keluar", &m(-s.pay_outs), Style::Normal);
    reasons(&mut p, "pay_out");
    p.push(Block::Total("Kas seharusnya".into(), m(s.expected)));
    if let (Some(counted), Some(diff)) = (s.counted, s.difference) {
        for d in &s.denominations {
            let value = rust_decimal::Decimal::from_str_exact(&d.value)
                .map(m)
                .unwrap_or_else(|_| d.value.clone());
            p.pair(&format!("  {} × {value}", d.count), "", Style::Small);
        }
        p.pair("Kas dihitung", &m(counted), Style::Bold);
        let label = if diff.is_zero() {
            "Selisih (pas)"
        } else if diff < Decimal::ZERO {
            "Selisih (kurang)"
        } else {
            "Selisih (lebih)"
        };
        p.pair(label, &m(diff), Style::Bold);
        if let Some(n) = &s.note {
            p.text(&format!("Catatan: {n}"), Style::Normal);
        }
    }
    p.push(Block::Signatures(s.opened_by.clone()));
    p
}
