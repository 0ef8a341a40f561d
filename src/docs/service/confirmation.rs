//! Surat konfirmasi pesanan: what the customer agrees to in the order's
//! newest revision: the requirements, the services and goods with PPN, the
//! milestones, the payment terms, the acceptance criteria, the support
//! period and the terms; a revision after the first says why it changed.
//! Once accepted, how and by whom (the signature as drawn, or the reply's
//! reference); until then, lines to sign on.

use crate::docs::canvas::{Canvas, Paper};
use crate::docs::invoice::{self, InvoiceDoc};
use crate::docs::{local_date, local_time, titled};
use crate::domain::money;
use crate::domain::service::ServiceChannel;
use crate::domain::shop::ShopProfile;
use crate::error::Result;
use crate::store::service::ServiceOrder;
use crate::store::Db;
use rust_decimal::Decimal;

fn channel_label(s: &str) -> &'static str {
    [
        ServiceChannel::WalkIn,
        ServiceChannel::Phone,
        ServiceChannel::Whatsapp,
        ServiceChannel::Email,
        ServiceChannel::Web,
    ]
    .into_iter()
    .find(|c| c.as_str() == s)
    .map_or("-", ServiceChannel::label_id)
}

/// The payment terms in words.
pub fn terms_text(o: &ServiceOrder) -> Vec<String> {
    let s = &o.scope;
    let cur = o.currency;
    let share = |p: u32| {
        money::format(
            money::round(o.totals.total * Decimal::from(p) / Decimal::from(100), cur),
            cur,
        )
    };
    let mut out = vec![];
    if s.deposit_percent == 100 {
        out.push(format!(
            "Dibayar penuh sebelum pekerjaan dimulai: {}",
            money::format(o.totals.total, cur)
        ));
        return out;
    }
    if s.deposit_percent > 0 {
        out.push(format!(
            "Uang muka {}% sebelum pekerjaan dimulai: {}",
            s.deposit_percent,
            share(s.deposit_percent)
        ));
    }
    for (i, m) in s.milestones.iter().enumerate() {
        if m.pay_percent > 0 {
            out.push(format!(
                "Termin tahap {} ({}) {}% saat selesai: {}",
                i + 1,
                m.title,
                m.pay_percent,
                share(m.pay_percent)
            ));
        }
    }
    if s.final_percent() > 0 {
        out.push(format!(
            "Pelunasan {}% saat serah terima diterima",
            s.final_percent()
        ));
    }
    out
}

pub async fn render(db: &Db, shop: &ShopProfile, o: &ServiceOrder) -> Result<Vec<u8>> {
    let s = &o.scope;
    let mut c = Canvas::new(Paper::A4);
    let body = titled(&mut c, shop, "SURAT KONFIRMASI PESANAN", &o.confirmation)?;
    let newest = o.revisions.last();
    c.pair("No. konfirmasi", &o.confirmation, body, true);
    c.pair("Revisi", &o.revision.to_string(), body, true);
    c.pair("No. pesanan", &o.number, body, false);
    if let Some(r) = newest {
        c.pair("Tanggal", &local_time(shop, &r.created_at), body, false);
    }
    c.pair("Pelanggan", &o.customer_name, body, false);
    c.pair("Telepon", &o.customer_phone, body, false);
    c.pair("Kontak via", channel_label(&o.channel), body, false);
    c.pair("Lokasi", &s.site_address, body, false);
    if let Some(code) = &o.tracking_code {
        c.pair("Kode lacak", code, body, true);
        if let Some(link) = crate::store::web::tracking_link(db, code).await? {
            c.pair("Lacak online", &link, body, false);
        }
    }
    let (x, w) = (c.left(), c.content_width());
    if let Some(reason) = newest.and_then(|r| r.reason.as_deref()) {
        c.paragraph(
            x,
            w,
            &format!(
                "Revisi ini menggantikan revisi {}. Perubahan: {reason}",
                o.revision - 1
            ),
            body,
            true,
        );
    }
    c.rule(0.3);
    c.line(&s.title, body + 1.0, true);
    c.line("Kebutuhan", body, true);
    c.paragraph(x, w, &s.requirements, body, false);
    for item in &s.checklist {
        c.paragraph(x + 3.0, w - 3.0, &format!("- {item}"), body, false);
    }
    if !o.attachments.is_empty() {
        let names: Vec<&str> = o.attachments.iter().map(|a| a.name.as_str()).collect();
        c.paragraph(
            x,
            w,
            &format!("Lampiran: {}", names.join(", ")),
            body,
            false,
        );
    }
    c.gap(1.0);
    c.line("Rincian biaya", body, true);
    let doc = InvoiceDoc {
        number: o.confirmation.clone(),
        issued_at: String::new(),
        reference: ("No. pesanan", o.number.clone()),
        customer: o.customer_name.clone(),
        phone: o.customer_phone.clone(),
        buyer_tax_id: None,
        subject: None,
        lines: s.lines.clone(),
        subtotal: o.totals.subtotal,
        discount: Decimal::ZERO,
        base: o.totals.base,
        tax: o.totals.tax,
        shipping: Decimal::ZERO,
        total: o.totals.total,
        payments: vec![],
        balance: o.totals.total,
        currency: o.currency,
        footer: None,
        void_reason: None,
    };
    invoice::table(&mut c, &doc, body);
    c.rule(0.5);
    for (label, value) in invoice::sums(shop, &doc) {
        c.pair(&label, &value, body, false);
    }
    c.pair(
        "TOTAL",
        &money::format(o.totals.total, o.currency),
        body + 1.0,
        true,
    );
    if let Some(words) = invoice::words(&doc) {
        c.paragraph(x, w, &words, body - 0.5, false);
    }
    c.gap(1.0);
    c.line("Tahapan pekerjaan", body, true);
    for (i, m) in s.milestones.iter().enumerate() {
        c.paragraph(
            x,
            w,
            &format!(
                "{}. {} — rencana {} — {}",
                i + 1,
                m.title,
                local_date(&m.planned_on),
                m.deliverable
            ),
            body,
            false,
        );
    }
    c.line("Syarat pembayaran", body, true);
    for t in terms_text(o) {
        c.paragraph(x, w, &format!("- {t}"), body, false);
    }
    c.line("Kriteria penerimaan", body, true);
    for (i, k) in s.acceptance_criteria.iter().enumerate() {
        c.paragraph(x, w, &format!("{}. {k}", i + 1), body, false);
    }
    c.line("Masa dukungan", body, true);
    let support = if s.support_days == 0 {
        "Tanpa masa dukungan".to_string()
    } else {
        format!(
            "{} hari sejak serah terima diterima: {}. Setelahnya berlaku tarif normal.",
            s.support_days, s.support_scope
        )
    };
    c.paragraph(x, w, &support, body, false);
    if !s.terms.is_empty() {
        c.line("Ketentuan", body, true);
        c.paragraph(x, w, &s.terms, body, false);
    }
    let accepted = newest.filter(|r| r.accepted_at.is_some());
    match accepted {
        Some(r) => {
            let how = r.accepted_how.as_deref().unwrap_or("-");
            let who = r.accepted_by.as_deref().unwrap_or("-");
            let at = local_time(shop, r.accepted_at.as_deref().unwrap_or_default());
            c.ensure(34.0);
            c.gap(3.0);
            if how == "signature" {
                c.line(
                    &format!("Disetujui dan ditandatangani oleh {who}, {at}"),
                    body,
                    true,
                );
                let png: Option<Vec<u8>> = sqlx::query_scalar(
                    "SELECT a.png FROM service_order_acceptances a JOIN service_order_revisions r ON r.id = a.revision_id
                     WHERE r.order_id = ? AND r.revision = ?",
                )
                .bind(o.id.to_string())
                .bind(r.revision)
                .fetch_optional(&db.pool)
                .await?
                .flatten();
                if let Some(png) = png {
                    let pic = crate::docs::picture::decode(&png)?;
                    let width = 60f32.min(25.0 * pic.width as f32 / pic.height as f32);
                    let h = c.picture(x, &pic, width);
                    c.gap(h);
                }
            } else {
                let reference: Option<String> = sqlx::query_scalar(
                    "SELECT a.reference FROM service_order_acceptances a JOIN service_order_revisions r ON r.id = a.revision_id
                     WHERE r.order_id = ? AND r.revision = ?",
                )
                .bind(o.id.to_string())
                .bind(r.revision)
                .fetch_optional(&db.pool)
                .await?
                .flatten();
                c.paragraph(
                    x,
                    w,
                    &format!(
                        "Disetujui oleh {who} melalui {how}, {at} (ref. {})",
                        reference.as_deref().unwrap_or("-")
                    ),
                    body,
                    true,
                );
            }
        }
        None => {
            c.ensure(26.0);
            c.gap(4.0);
            crate::docs::repairs::intake::signatures(&mut c, body, &o.customer_name);
        }
    }
    Ok(c.finish(&format!(
        "Konfirmasi pesanan {} revisi {}",
        o.confirmation, o.revision
    )))
}
