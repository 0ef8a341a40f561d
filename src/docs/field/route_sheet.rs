//! Lembar rute: a courier's run for one day, the stops in order with the
//! address, phone, what to collect or deliver and the cash to collect, the
//! total cash, and a line for each stop's signature.

use crate::docs::canvas::{Align, Canvas, Paper};
use crate::docs::header;
use crate::domain::money::{self, Currency};
use crate::domain::shop::ShopProfile;
use crate::error::Result;
use crate::store::field::courier_jobs::Job;

pub fn render(shop: &ShopProfile, courier: &str, day: &str, jobs: &[Job]) -> Result<Vec<u8>> {
    let mut c = Canvas::new(Paper::A4);
    let body = 9.0;
    header(&mut c, shop);
    c.gap(1.0);
    c.line("LEMBAR RUTE KURIR", 14.0, true);
    c.pair("Kurir", courier, body, true);
    c.pair("Tanggal", &crate::docs::local_date(day), body, false);
    c.pair("Jumlah titik", &jobs.len().to_string(), body, false);
    c.rule(0.3);
    let (x, w, r) = (c.left(), c.content_width(), c.right());
    let mut cash: i64 = 0;
    let cur: Currency = shop.currency;
    for (i, j) in jobs.iter().enumerate() {
        c.ensure(30.0);
        let what = if j.kind == "pickup" {
            "AMBIL dari pelanggan"
        } else {
            "ANTAR ke pelanggan"
        };
        c.text_at(
            x,
            &format!("{}. {what} · {}", i + 1, j.number),
            body,
            true,
            Align::Left,
        );
        c.text_at(r, &j.ticket_number, body, false, Align::Right);
        c.gap(body * 0.5);
        c.paragraph(
            x + 5.0,
            w - 5.0,
            &format!(
                "{} · {}",
                j.customer_name,
                crate::domain::phone::dial(&j.phone)
            ),
            body,
            false,
        );
        c.paragraph(
            x + 5.0,
            w - 5.0,
            &format!("{}, {}", j.address, j.city),
            body,
            false,
        );
        c.paragraph(
            x + 5.0,
            w - 5.0,
            &format!("Perangkat: {}", j.device),
            body,
            false,
        );
        if j.cash_to_collect > 0 {
            cash += j.cash_to_collect;
            let amount = money::format(money::from_minor(j.cash_to_collect, cur), cur);
            c.pair("   Tagih tunai", &amount, body, true);
        }
        c.gap(6.0);
        let y = c.y;
        c.rule_at(x + 5.0, x + 70.0, y);
        c.text_at(
            x + 75.0,
            "tanda tangan · jam",
            body - 2.0,
            false,
            Align::Left,
        );
        c.gap(3.0);
        c.rule(0.2);
    }
    c.pair(
        "Total tunai ditagih",
        &money::format(money::from_minor(cash, cur), cur),
        body + 1.0,
        true,
    );
    Ok(c.finish(&format!("Lembar rute {courier} {day}")))
}
