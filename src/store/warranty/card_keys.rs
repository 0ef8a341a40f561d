//! The keys behind warranty cards. The shop's Ed25519 private key is a file
//! in the app's data directory (owner-only permissions on Unix; on Windows
//! and macOS the per-user app data folder), made once; its public key and
//! those imported from other branches are rows of `card_keys`, which decide
//! whose cards this counter accepts.

use crate::domain::staff::permissions::Action;
use crate::domain::staff::Role;
use crate::domain::warranty::card::key_id_hex;
use crate::error::{check, Error, Result};
use crate::store::sales::orders::SYSTEM;
use crate::store::{ts, Ctx, Db};
use chrono::{DateTime, Utc};
use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::Serialize;
use std::path::Path;
use ts_rs::TS;
use uuid::Uuid;

pub const KEY_FILE: &str = "warranty-card.key";
const EXPORT_TAG: &str = "konter-card-key/1";

#[derive(Debug, Clone, Serialize, TS)]
pub struct CardKey {
    pub key_id: String,
    pub public_key: String,
    pub label: String,
    pub own: bool,
    pub added_at: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn storage(e: std::io::Error) -> Error {
    Error::Storage {
        message: format!("warranty card key: {e}"),
    }
}

/// The shop's signing key: read from `dir`, or made there (and its public
/// key registered) the first time.
pub async fn own_key(db: &Db, dir: &Path, now: DateTime<Utc>) -> Result<SigningKey> {
    let path = dir.join(KEY_FILE);
    let key = match std::fs::read_to_string(&path) {
        Ok(text) => {
            let bytes: [u8; 32] = unhex(text.trim())
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| Error::Storage {
                    message: format!("{} is damaged", path.display()),
                })?;
            SigningKey::from_bytes(&bytes)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = SigningKey::generate(&mut rand::rngs::OsRng);
            write_private(&path, &hex(key.as_bytes())).map_err(storage)?;
            key
        }
        Err(e) => return Err(storage(e)),
    };
    let public = key.verifying_key();
    let known: Option<String> =
        sqlx::query_scalar("SELECT key_id FROM card_keys WHERE public_key = ?")
            .bind(hex(public.as_bytes()))
            .fetch_optional(&db.pool)
            .await?;
    if known.is_none() {
        let ctx = Ctx {
            staff_id: SYSTEM,
            role: Role::Owner,
            now,
        };
        let name: String = sqlx::query_scalar("SELECT name FROM shop")
            .fetch_optional(&db.pool)
            .await?
            .unwrap_or_else(|| "Konter".into());
        add(db, &ctx, &public, &name, true).await?;
    }
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, text)
}

async fn add(db: &Db, ctx: &Ctx, key: &VerifyingKey, label: &str, own: bool) -> Result<CardKey> {
    let row = CardKey {
        key_id: key_id_hex(key),
        public_key: hex(key.as_bytes()),
        label: label.to_string(),
        own,
        added_at: ts(ctx.now),
    };
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO card_keys (key_id, public_key, label, own, added_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&row.key_id)
    .bind(&row.public_key)
    .bind(&row.label)
    .bind(row.own)
    .bind(&row.added_at)
    .execute(&mut *tx)
    .await?;
    let mut id = [0u8; 16];
    id.copy_from_slice(&key.as_bytes()[..16]);
    crate::store::shop::outbox::append(&mut tx, ctx, "card_key", Uuid::from_bytes(id), "add", &row)
        .await?;
    tx.commit().await?;
    Ok(row)
}

/// Every key whose cards this counter accepts.
pub async fn trusted(db: &Db) -> Result<Vec<VerifyingKey>> {
    let rows: Vec<String> = sqlx::query_scalar("SELECT public_key FROM card_keys")
        .fetch_all(&db.pool)
        .await?;
    Ok(rows
        .iter()
        .filter_map(|h| unhex(h).and_then(|b| <[u8; 32]>::try_from(b).ok()))
        .filter_map(|b| VerifyingKey::from_bytes(&b).ok())
        .collect())
}

pub async fn list(db: &Db) -> Result<Vec<CardKey>> {
    Ok(sqlx::query_as::<_, (String, String, String, bool, String)>(
        "SELECT key_id, public_key, label, own, added_at FROM card_keys ORDER BY own DESC, added_at",
    )
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .map(|(key_id, public_key, label, own, added_at)| CardKey {
        key_id,
        public_key,
        label,
        own,
        added_at,
    })
    .collect())
}

/// The shop's public key as one line of text, for other branches to import.
pub async fn export(db: &Db) -> Result<String> {
    let (key, label): (String, String) = sqlx::query_as(
        "SELECT public_key, label FROM card_keys WHERE own = 1 ORDER BY added_at LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| Error::not_found("card key"))?;
    Ok(format!("{EXPORT_TAG} {key} {label}\n"))
}

/// Trusts another branch's cards from its exported line.
pub async fn import(db: &Db, ctx: &Ctx, text: &str) -> Result<CardKey> {
    ctx.require(Action::ManageShop)?;
    let text = check::required("key", text, 500)?;
    let bad = || Error::validation("key", "invalid_key", "not an exported Konter card key");
    let mut parts = text.splitn(3, ' ');
    if parts.next() != Some(EXPORT_TAG) {
        return Err(bad());
    }
    let bytes: [u8; 32] = parts
        .next()
        .and_then(unhex)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(bad)?;
    let key = VerifyingKey::from_bytes(&bytes).map_err(|_| bad())?;
    let label = check::required("key", parts.next().unwrap_or("Cabang"), 200)?;
    let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM card_keys WHERE public_key = ?")
        .bind(hex(key.as_bytes()))
        .fetch_one(&db.pool)
        .await?;
    if known > 0 {
        return Err(Error::validation(
            "key",
            "duplicate",
            "this key is trusted already",
        ));
    }
    add(db, ctx, &key, &label, false).await
}
