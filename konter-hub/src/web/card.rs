//! The warranty card check: the card's QR opens this page, which verifies
//! the signature with the shop's public keys (the card keys every device
//! shares) and says whether the card is genuine, altered or not this
//! shop's, and the unit's warranty as the card states it.

use super::html::{self, esc, page, respond, t, tf, PageLang};
use super::shop::shop_face;
use crate::{Hub, HubError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{NaiveDate, Utc};
use ed25519_dalek::VerifyingKey;
use konter::domain::sales::catalog::WarrantyType;
use konter::domain::warranty::card::{self, CardRefusal};
use konter::domain::warranty::last_day;
use uuid::Uuid;

fn key_of(hex: &str) -> Option<VerifyingKey> {
    if hex.len() != 64 {
        return None;
    }
    let mut b = [0u8; 32];
    for (i, chunk) in hex.as_bytes().chunks(2).enumerate() {
        b[i] = u8::from_str_radix(std::str::from_utf8(chunk).ok()?, 16).ok()?;
    }
    VerifyingKey::from_bytes(&b).ok()
}

/// GET /s/{shop}/w/{card}
pub(crate) async fn check(
    State(hub): State<Hub>,
    Path((shop, text)): Path<(String, String)>,
    pl: PageLang,
) -> Result<Response, HubError> {
    let Ok(shop) = Uuid::parse_str(&shop) else {
        return Ok(html::not_found(&pl));
    };
    if hub.web.keys.page_key(&hub.pool, shop).await?.is_none() {
        return Ok(html::not_found(&pl));
    }
    let face = shop_face(&hub, shop).await?;
    let lang = pl.lang;
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT public_key FROM rows.card_keys WHERE _shop = $1")
            .bind(shop)
            .fetch_all(&hub.pool)
            .await?;
    let keys: Vec<VerifyingKey> = keys.iter().filter_map(|k| key_of(k)).collect();
    let text: String = text.chars().take(400).collect();
    let (verdict, payload) = match card::verify(&text, &keys) {
        Ok(p) => ("genuine", Some(p)),
        Err(CardRefusal::BadSignature) => ("altered", None),
        Err(CardRefusal::OtherShop) => ("other_shop", None),
        Err(CardRefusal::Unreadable) => ("unreadable", None),
    };
    let tone = if verdict == "genuine" { "ok" } else { "bad" };
    let mut body = format!(
        "<p class=\"notice {tone}\" id=\"card-verdict\" data-verdict=\"{verdict}\">{}</p>",
        esc(t(lang, &format!("card.{verdict}")))
    );
    if let Some(p) = payload {
        let today = Utc::now().with_timezone(&face.tz).date_naive();
        let unit: Option<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT w.id, w.product_name, w.brand FROM rows.warranties w
             WHERE w._shop = $1 AND w.serial = $2 AND w.invoice_number = $3 LIMIT 1",
        )
        .bind(shop)
        .bind(&p.serial)
        .bind(&p.invoice)
        .fetch_optional(&hub.pool)
        .await?;
        let replaced: bool = match unit.as_ref().and_then(|u| u.0.clone()) {
            Some(id) => sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM rows.warranties WHERE _shop = $1 AND replaces = $2)",
            )
            .bind(shop)
            .bind(id)
            .fetch_one(&hub.pool)
            .await?,
            None => false,
        };
        let product = unit
            .as_ref()
            .map(|(_, name, brand)| {
                [brand.clone(), name.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| p.sku.clone());
        let store_until = last_day(p.start, p.store_months);
        let maker_until =
            (p.kind == WarrantyType::Standard).then(|| last_day(p.start, p.maker_months));
        let state = if replaced {
            "replaced"
        } else if store_until >= today {
            "store"
        } else if p.kind == WarrantyType::Lifetime || maker_until.is_some_and(|m| m >= today) {
            "maker"
        } else {
            "expired"
        };
        let d = |x: NaiveDate| x.format("%d-%m-%Y").to_string();
        body.push_str(&format!(
            "<div class=\"card\"><dl><dt>{}</dt><dd id=\"card-product\">{}</dd><dt>{}</dt><dd id=\"card-serial\">{}</dd>\
<dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl></div>\
<p class=\"notice {}\" id=\"card-state\" data-state=\"{state}\">{}</p>",
            esc(t(lang, "card.product")),
            esc(&product),
            esc(t(lang, "card.serial")),
            esc(&p.serial),
            esc(t(lang, "card.start")),
            d(p.start),
            esc(t(lang, "card.store_until")),
            d(store_until),
            esc(t(lang, "card.maker_until")),
            maker_until.map(d).unwrap_or_else(|| t(lang, "card.lifetime").to_string()),
            if state == "store" || state == "maker" { "ok" } else { "warn" },
            tf(lang, &format!("card.state_{state}"), &[("date", &d(store_until))]),
        ));
        if unit.is_none() {
            body.push_str(&format!(
                "<p class=\"notice\">{}</p>",
                esc(t(lang, "card.not_on_record"))
            ));
        }
    }
    Ok(respond(
        StatusCode::OK,
        &pl,
        page(lang, &face.name, t(lang, "card.title"), &body),
    ))
}
