//! The hub operator's tasks, run from its command line: a shop to serve, an
//! enrolment code for a device, revoking a device.

use crate::auth::{digest, new_token};
use crate::HubError;
use rand::Rng;
use sqlx::PgPool;
use uuid::Uuid;

pub async fn create_shop(pool: &PgPool, name: &str) -> Result<Uuid, HubError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(HubError::bad(
            "name",
            "required",
            "the shop's name, at most 200 characters",
        ));
    }
    let id = konter::domain::new_id();
    sqlx::query("INSERT INTO shops (id, name) VALUES ($1, $2)")
        .bind(id)
        .bind(name)
        .execute(pool)
        .await?;
    Ok(id)
}

fn valid_code(part: &str) -> bool {
    (1..=8).contains(&part.len())
        && part
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// A one-time code (valid 24 hours) for the device of one branch and
/// counter, in groups a person can read out: "K7QX-2MPA-9TRF".
pub async fn enrolment_code(
    pool: &PgPool,
    shop: Uuid,
    branch: &str,
    counter: &str,
) -> Result<String, HubError> {
    if !valid_code(branch) {
        return Err(HubError::bad(
            "branch",
            "invalid_code",
            "A–Z and 0–9, at most 8",
        ));
    }
    if !valid_code(counter) {
        return Err(HubError::bad(
            "counter",
            "invalid_code",
            "A–Z and 0–9, at most 8",
        ));
    }
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    let raw: String = (0..12)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    let code = format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..12]);
    let done = sqlx::query(
        "INSERT INTO enrolments (code_hash, shop_id, branch_code, counter_code, expires_at)
         SELECT $1, id, $3, $4, now() + interval '24 hours' FROM shops WHERE id = $2",
    )
    .bind(digest(&code))
    .bind(shop)
    .bind(branch)
    .bind(counter)
    .execute(pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(HubError(konter::Error::not_found("shop")));
    }
    Ok(code)
}

/// Revokes a device: its credential is refused from now on.
pub async fn revoke(pool: &PgPool, device: Uuid) -> Result<(), HubError> {
    let done =
        sqlx::query("UPDATE devices SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL")
            .bind(device)
            .execute(pool)
            .await?;
    if done.rows_affected() == 0 {
        return Err(HubError(konter::Error::not_found("device")));
    }
    Ok(())
}

/// A fresh random credential (exposed for tests of forged tokens).
pub fn random_token() -> String {
    new_token()
}

/// Sets the secret the shop's WooCommerce webhook signs with (16 to 200
/// characters, as typed in the store's webhook settings) and the store's
/// address (its orders are named by its host, as a pull from it names them).
pub async fn set_woo_secret(
    pool: &PgPool,
    shop: Uuid,
    store_url: &str,
    secret: &str,
) -> Result<(), HubError> {
    let Some(store) = konter::domain::web_store::webhook::store_name(store_url) else {
        return Err(HubError::bad(
            "store",
            "invalid_url",
            "the store's https:// address",
        ));
    };
    let len = secret.chars().count();
    if !(16..=200).contains(&len) {
        return Err(HubError::bad(
            "secret",
            "invalid_secret",
            "a webhook secret of 16 to 200 characters",
        ));
    }
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill(&mut key);
    let set = sqlx::query(
        "INSERT INTO web_keys (shop_id, page_key, woo_secret, woo_store)
         SELECT id, $2, $3, $4 FROM shops WHERE id = $1
         ON CONFLICT (shop_id) DO UPDATE SET woo_secret = excluded.woo_secret, woo_store = excluded.woo_store",
    )
    .bind(shop)
    .bind(&key[..])
    .bind(secret)
    .bind(store)
    .execute(pool)
    .await?
    .rows_affected();
    if set == 0 {
        return Err(HubError(konter::Error::not_found("shop")));
    }
    Ok(())
}
