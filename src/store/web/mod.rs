//! The shop's public face as the counter sees it (issue 14): the address
//! customers reach the hub's pages at (the intake receipt's QR becomes the
//! tracking link, the warranty card's QR the card check), the owner's own
//! wording of the prepared WhatsApp messages, and a message prepared from a
//! ticket or an order. The requests customers make there are carried out by
//! `store::sync::inbox`.
//!
//! Owns the `public_url` and `message.<kind>` keys of `shop_settings`
//! (shared, guarded: an owner's or admin's). Never sends anything itself:
//! the counter opens the prepared link.

pub mod messages;

use crate::domain::staff::permissions::Action;
use crate::domain::web::messages::{check_template, MessageKind};
use crate::error::{Error, Result};
use crate::store::{shop::outbox, Ctx, Db};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// What the owner set for the public face.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PublicFace {
    /// The address customers reach the hub at (empty: the hub's address
    /// this device syncs with).
    pub public_url: String,
    /// The owner's wording per message (absent: the catalog's).
    pub templates: Vec<Template>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Template {
    pub kind: MessageKind,
    pub text: String,
}

fn key(kind: MessageKind) -> String {
    format!("message.{}", kind.as_str())
}

pub async fn get(db: &Db) -> Result<PublicFace> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT key, value FROM shop_settings WHERE key = 'public_url' OR key LIKE 'message.%'",
    )
    .fetch_all(&db.pool)
    .await?;
    let value = |k: &str| {
        rows.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    Ok(PublicFace {
        public_url: value("public_url").unwrap_or_default(),
        templates: MessageKind::ALL
            .into_iter()
            .filter_map(|kind| value(&key(kind)).map(|text| Template { kind, text }))
            .collect(),
    })
}

/// A public address: https, or http on this machine (a test or a shop's
/// own LAN trial), at most 200 characters, no query or fragment.
fn check_url(url: &str) -> Result<String> {
    let u = url.trim().trim_end_matches('/');
    if u.is_empty() {
        return Ok(String::new());
    }
    let local = u.starts_with("http://127.0.0.1") || u.starts_with("http://localhost");
    let ok = (u.starts_with("https://") || local)
        && u.len() <= 200
        && !u.contains(['?', '#', ' ', '"', '<', '>'])
        && u.split("://").nth(1).is_some_and(|h| !h.is_empty());
    if !ok {
        return Err(Error::validation(
            "public_url",
            "invalid_url",
            "the hub's public https:// address",
        ));
    }
    Ok(u.to_string())
}

/// Saves the public address and the owner's templates (an empty text goes
/// back to the catalog's), in one transaction with its audit.
pub async fn update(db: &Db, ctx: &Ctx, input: PublicFace) -> Result<PublicFace> {
    ctx.require(Action::ManageShop)?;
    let url = check_url(&input.public_url)?;
    let mut templates = Vec::new();
    for t in &input.templates {
        if t.text.trim().is_empty() {
            continue;
        }
        let text = check_template(&format!("templates.{}", t.kind.as_str()), &t.text)?;
        templates.retain(|x: &Template| x.kind != t.kind);
        templates.push(Template { kind: t.kind, text });
    }
    let after = PublicFace {
        public_url: url,
        templates,
    };
    let before = get(db).await?;
    if before == after {
        return Ok(after);
    }
    let mut tx = db.begin().await?;
    let put = |k: String, v: Option<String>| (k, v);
    let mut writes = vec![put(
        "public_url".into(),
        Some(after.public_url.clone()).filter(|u| !u.is_empty()),
    )];
    for kind in MessageKind::ALL {
        let v = after
            .templates
            .iter()
            .find(|t| t.kind == kind)
            .map(|t| t.text.clone());
        writes.push(put(key(kind), v));
    }
    for (k, v) in writes {
        let old: Option<String> =
            sqlx::query_scalar("SELECT value FROM shop_settings WHERE key = ?")
                .bind(&k)
                .fetch_optional(&mut *tx)
                .await?;
        if old == v {
            continue;
        }
        match v {
            Some(v) => sqlx::query("INSERT INTO shop_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(&k)
                .bind(v)
                .execute(&mut *tx)
                .await?,
            None => sqlx::query("DELETE FROM shop_settings WHERE key = ?")
                .bind(&k)
                .execute(&mut *tx)
                .await?,
        };
    }
    outbox::append_change(
        &mut tx,
        ctx,
        "settings",
        Uuid::nil(),
        "public_face",
        &before,
        &after,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Where customers reach this shop's pages, and the shop's id there; `None`
/// on a device not joined to a hub.
pub async fn base(db: &Db) -> Result<Option<(String, Uuid)>> {
    let Some(cfg) = crate::store::sync::config(db).await? else {
        return Ok(None);
    };
    let url: Option<String> =
        sqlx::query_scalar("SELECT value FROM shop_settings WHERE key = 'public_url'")
            .fetch_optional(&db.pool)
            .await?;
    let base = url.filter(|u| !u.is_empty()).unwrap_or(cfg.hub_url);
    Ok(Some((base, cfg.shop_id)))
}

/// The tracking page of a ticket's code, when the shop has a hub.
pub async fn tracking_link(db: &Db, code: &str) -> Result<Option<String>> {
    Ok(base(db)
        .await?
        .map(|(b, shop)| crate::domain::web::tracking_link(&b, shop, code)))
}

/// The card check page for a card's QR text, when the shop has a hub.
pub async fn card_link(db: &Db, card: &str) -> Result<Option<String>> {
    Ok(base(db)
        .await?
        .map(|(b, shop)| crate::domain::web::card_link(&b, shop, card)))
}

/// A customer's payment proof named by a payment, fetched from the hub
/// (only the shop's devices may): its media type and bytes.
pub async fn proof(db: &Db, ctx: &Ctx, payment_id: &str) -> Result<(&'static str, Vec<u8>)> {
    ctx.require(Action::Sell)?;
    let pid = crate::store::parse_id("payment_id", payment_id)?;
    let path: Option<Option<String>> =
        sqlx::query_scalar("SELECT proof_path FROM order_payments WHERE id = ?")
            .bind(pid.to_string())
            .fetch_optional(&db.pool)
            .await?;
    let id = path
        .ok_or_else(|| Error::not_found("payment"))?
        .as_deref()
        .and_then(crate::domain::web::parse_proof_ref)
        .ok_or_else(|| Error::not_found("proof"))?;
    let cfg = crate::store::sync::config(db)
        .await?
        .ok_or_else(|| Error::invalid_state("not_joined", "this device is not joined to a hub"))?;
    crate::store::sync::HttpHub::for_config(&cfg)?
        .proof(id)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_addresses_are_https_or_this_machine() {
        assert_eq!(
            check_url(" https://servis.toko.id/ ").unwrap(),
            "https://servis.toko.id"
        );
        assert_eq!(check_url("").unwrap(), "");
        assert_eq!(
            check_url("http://127.0.0.1:8750").unwrap(),
            "http://127.0.0.1:8750"
        );
        for bad in [
            "http://servis.toko.id",
            "ftp://x",
            "https://",
            "https://a b",
            "https://x/?q=1",
            "servis.toko.id",
        ] {
            assert_eq!(
                check_url(bad).unwrap_err().code(),
                Some("invalid_url"),
                "{bad}"
            );
        }
    }
}
