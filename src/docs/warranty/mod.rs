//! Paper of warranty: the warranty card (kartu garansi) with the unit, its
//! dates and terms, and a QR carrying the signed payload any counter can
//! verify offline.
//!
//! Signs only with the shop's own key; every print is in the unit's history.

pub mod card;

use super::canvas::Paper;
use crate::error::{Error, Result};
use crate::store::{shop, Db};
use uuid::Uuid;

/// The paper of a warranty card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CardPaper {
    A6,
    A5,
    Roll80,
}

/// The signed QR text of a unit's warranty card (the shop's key is made in
/// `key_dir` the first time).
pub async fn card_text(
    db: &Db,
    key_dir: &std::path::Path,
    unit: &crate::store::warranty::WarrantyUnit,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(String, String)> {
    let key = crate::store::warranty::card_keys::own_key(db, key_dir, now).await?;
    let p = unit.purchase()?;
    let payload = crate::domain::warranty::card::CardPayload {
        serial: unit.serial.clone(),
        sku: unit.sku.clone(),
        invoice: unit.invoice_number.clone(),
        start: p.start,
        store_months: p.store_months,
        maker_months: p.maker_months,
        kind: p.kind,
    };
    let text = crate::domain::warranty::card::sign(&payload, &key).map_err(|_| {
        Error::validation(
            "serial",
            "too_long",
            "serial, SKU or invoice too long for a card",
        )
    })?;
    Ok((
        text,
        crate::domain::warranty::card::key_id_hex(&key.verifying_key()),
    ))
}

/// Prints (or reprints) a unit's warranty card; the print is in its history.
pub async fn render_card(
    db: &Db,
    ctx: &crate::store::Ctx,
    key_dir: &std::path::Path,
    warranty_id: Uuid,
    paper: CardPaper,
) -> Result<Vec<u8>> {
    ctx.require(crate::domain::staff::permissions::Action::TakeIn)?;
    let profile = shop::profile(db).await?;
    let unit = crate::store::warranty::get(db, warranty_id).await?;
    let (text, key_id) = card_text(db, key_dir, &unit, ctx.now).await?;
    let paper_size = match paper {
        CardPaper::A6 => Paper::A6,
        CardPaper::A5 => Paper::A5,
        CardPaper::Roll80 => Paper::ROLL80,
    };
    // With a hub, the QR opens the card check page (a phone's camera is
    // enough); the counter's scanner reads either form.
    let qr = crate::store::web::card_link(db, &text)
        .await?
        .unwrap_or(text);
    let pdf = card::render(&profile, &unit, &qr, &key_id, paper_size)?;
    let mut tx = db.begin().await?;
    let data = serde_json::json!({ "paper": paper, "key": key_id });
    crate::store::warranty::event(&mut tx, ctx, warranty_id, "card_printed", None, &data).await?;
    crate::store::shop::outbox::append(
        &mut tx,
        ctx,
        "warranty",
        warranty_id,
        "card_printed",
        &data,
    )
    .await?;
    tx.commit().await?;
    Ok(pdf)
}
