//! Laporan kunjungan: what the technician did on site, for the customer to
//! sign: the visit, the site, when they came and left, the work, the parts
//! used, the labour time, the outcome, a late visit's reason, the invoice
//! and workshop ticket it led to, and the signature drawn on site.

use crate::docs::canvas::{Canvas, Paper};
use crate::docs::{local_time, titled};
use crate::domain::shop::ShopProfile;
use crate::error::{Error, Result};
use crate::store::Db;
use uuid::Uuid;

type Row = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

pub async fn render(db: &Db, shop: &ShopProfile, id: Uuid) -> Result<Vec<u8>> {
    let r: Row = sqlx::query_as(
        "SELECT v.number, c.name, v.site_address, v.site_contact, v.site_phone, v.kind, v.problem, s.name, v.starts_at, v.ends_at,
                v.status, v.done_at, v.breach_reason
         FROM visits v JOIN customers c ON c.id = v.customer_id LEFT JOIN staff s ON s.id = v.technician_id WHERE v.id = ?",
    )
    .bind(id.to_string())
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| Error::not_found("visit"))?;
    if r.10 != "done" {
        return Err(Error::invalid_state(
            "not_done",
            "the visit has no report yet",
        ));
    }
    let events: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT kind, data, at FROM visit_events WHERE visit_id = ? AND kind IN ('checked_in', 'checked_out') ORDER BY at, rowid",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let came = events
        .iter()
        .find(|e| e.0 == "checked_in")
        .map(|e| e.2.clone());
    let out = events.iter().find(|e| e.0 == "checked_out");
    let data: serde_json::Value = out
        .and_then(|e| serde_json::from_str(&e.1).ok())
        .unwrap_or_default();
    let mut c = Canvas::new(Paper::A4);
    let body = titled(&mut c, shop, "LAPORAN KUNJUNGAN", &r.0)?;
    c.pair("No. kunjungan", &r.0, body, true);
    c.pair("Pelanggan", &r.1, body, false);
    c.pair("Lokasi", &r.2, body, false);
    c.pair(
        "Kontak",
        &format!("{} · {}", r.3, crate::domain::phone::national(&r.4)),
        body,
        false,
    );
    let kind = match r.5.as_str() {
        "warranty" => "Garansi",
        "paid" => "Berbayar",
        "maintenance" => "Perawatan",
        "installation" => "Instalasi",
        other => other,
    };
    c.pair("Jenis", kind, body, false);
    c.pair("Teknisi", r.7.as_deref().unwrap_or("-"), body, false);
    if let Some(t) = &came {
        c.pair("Datang", &local_time(shop, t), body, false);
    }
    if let Some(e) = out {
        c.pair("Selesai", &local_time(shop, &e.2), body, false);
    }
    c.rule(0.3);
    let (x, w) = (c.left(), c.content_width());
    c.line("Keluhan", body, true);
    c.paragraph(x, w, &r.6, body, false);
    c.line("Pekerjaan", body, true);
    c.paragraph(x, w, data["work_done"].as_str().unwrap_or("-"), body, false);
    let parts = data["parts"].as_array().cloned().unwrap_or_default();
    if !parts.is_empty() {
        c.line("Suku cadang", body, true);
        for p in parts {
            let pid = p["product_id"].as_str().unwrap_or_default();
            let product: Option<(String, String)> =
                sqlx::query_as("SELECT sku, name FROM products WHERE id = ?")
                    .bind(pid)
                    .fetch_optional(&db.pool)
                    .await?;
            let (sku, name) = product.unwrap_or_default();
            c.pair(&format!("{} × {sku}", p["qty"]), &name, body, false);
        }
    }
    c.pair(
        "Waktu kerja",
        &format!("{} menit", data["labour_minutes"].as_u64().unwrap_or(0)),
        body,
        false,
    );
    let outcome = match data["outcome"].as_str() {
        Some("fixed") => "Selesai diperbaiki",
        Some("needs_parts") => "Perlu suku cadang",
        Some("needs_workshop") => "Perlu dibawa ke workshop",
        _ => "-",
    };
    c.pair("Hasil", outcome, body, true);
    if let Some(reason) = &r.12 {
        c.pair("Alasan terlambat", reason, body, false);
    }
    if let Some(number) = data["invoice"].as_str() {
        c.pair("Invoice", number, body, false);
    }
    if let Some(ticket) = data["ticket_id"].as_str() {
        let number: Option<String> = sqlx::query_scalar("SELECT number FROM tickets WHERE id = ?")
            .bind(ticket)
            .fetch_optional(&db.pool)
            .await?;
        c.pair(
            "Tiket servis",
            number.as_deref().unwrap_or("-"),
            body,
            false,
        );
    }
    let signer = data["customer_name"].as_str().unwrap_or(&r.1).to_string();
    let png: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT png FROM visit_signatures WHERE visit_id = ?")
            .bind(id.to_string())
            .fetch_optional(&db.pool)
            .await?;
    if let Some(png) = png {
        let pic = crate::docs::picture::decode(&png)?;
        // At most 60 mm wide and 25 mm high.
        let width = 60f32.min(25.0 * pic.width as f32 / pic.height as f32);
        c.ensure(32.0);
        c.gap(4.0);
        c.line(&format!("Tanda tangan di lokasi: {signer}"), body, false);
        let h = c.picture(x, &pic, width);
        c.gap(h);
    }
    c.ensure(26.0);
    c.gap(6.0);
    crate::docs::repairs::intake::signatures(&mut c, body, &signer);
    Ok(c.finish(&format!("Laporan kunjungan {}", r.0)))
}
