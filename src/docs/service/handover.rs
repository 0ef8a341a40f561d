//! Berita acara serah terima pekerjaan (BAST): the newest handover of a
//! service order: what was delivered, each acceptance criterion met or not,
//! the outcome (accepted, with the support period's end, or the revisions
//! asked for), and the customer's signature as drawn.

use crate::docs::canvas::{Canvas, Paper};
use crate::docs::{local_date, local_time, titled};
use crate::domain::shop::ShopProfile;
use crate::error::{Error, Result};
use crate::store::service::handover::CriterionCheck;
use crate::store::service::ServiceOrder;
use crate::store::Db;

type Row = (
    String,
    i64,
    String,
    String,
    String,
    Option<String>,
    String,
    Vec<u8>,
    String,
);

pub async fn render(db: &Db, shop: &ShopProfile, o: &ServiceOrder) -> Result<Vec<u8>> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT number, revision, delivered, criteria, outcome, revisions, signer, png, at FROM service_order_handovers
         WHERE order_id = ? ORDER BY at DESC, rowid DESC LIMIT 1",
    )
    .bind(o.id.to_string())
    .fetch_optional(&db.pool)
    .await?;
    let (number, revision, delivered, criteria, outcome, revisions, signer, png, at) = row
        .ok_or_else(|| {
            Error::invalid_state("no_handover", "the work has not been handed over yet")
        })?;
    let criteria: Vec<CriterionCheck> = serde_json::from_str(&criteria).unwrap_or_default();
    let mut c = Canvas::new(Paper::A4);
    let body = titled(&mut c, shop, "BERITA ACARA SERAH TERIMA PEKERJAAN", &number)?;
    c.pair("No. berita acara", &number, body, true);
    c.pair("Tanggal", &local_time(shop, &at), body, false);
    c.pair("No. pesanan", &o.number, body, false);
    c.pair(
        "Konfirmasi",
        &format!("{} revisi {revision}", o.confirmation),
        body,
        false,
    );
    c.pair("Pelanggan", &o.customer_name, body, false);
    c.pair("Lokasi", &o.scope.site_address, body, false);
    c.pair("Pekerjaan", &o.scope.title, body, false);
    c.rule(0.3);
    let (x, w) = (c.left(), c.content_width());
    c.line("Yang diserahkan", body, true);
    c.paragraph(x, w, &delivered, body, false);
    c.line("Kriteria penerimaan", body, true);
    for (i, k) in criteria.iter().enumerate() {
        let mark = if k.met {
            "Terpenuhi"
        } else {
            "Belum terpenuhi"
        };
        c.paragraph(
            x,
            w,
            &format!("{}. {} — {mark}", i + 1, k.criterion),
            body,
            false,
        );
    }
    c.gap(1.0);
    if outcome == "accepted" {
        c.line("Hasil: PEKERJAAN DITERIMA", body + 1.0, true);
        let support = match &o.support_ends_on {
            Some(end) => format!(
                "Masa dukungan berlaku sampai {}: {}",
                local_date(end),
                o.scope.support_scope
            ),
            None => "Tanpa masa dukungan".into(),
        };
        c.paragraph(x, w, &support, body, false);
    } else {
        c.line("Hasil: PERLU REVISI", body + 1.0, true);
        c.paragraph(
            x,
            w,
            &format!(
                "Revisi yang diminta: {}",
                revisions.as_deref().unwrap_or("-")
            ),
            body,
            false,
        );
    }
    let pic = crate::docs::picture::decode(&png)?;
    let width = 60f32.min(25.0 * pic.width as f32 / pic.height as f32);
    c.ensure(34.0);
    c.gap(4.0);
    c.line(&format!("Tanda tangan pelanggan: {signer}"), body, false);
    let h = c.picture(x, &pic, width);
    c.gap(h);
    c.ensure(26.0);
    c.gap(4.0);
    crate::docs::repairs::intake::signatures(&mut c, body, &signer);
    Ok(c.finish(&format!("Berita acara {number}")))
}
