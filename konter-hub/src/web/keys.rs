//! The per-shop key the pages sign with: a customer's session on a ticket
//! (after the phone check) and the token every form carries, bound to a
//! cookie so another site cannot post in the customer's name.

use crate::HubError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::Mutex;
use uuid::Uuid;

/// How long a tracking session lasts (seconds).
pub(crate) const SESSION_SECONDS: i64 = 2 * 3600;

#[derive(Default)]
pub(crate) struct Keys {
    cache: Mutex<HashMap<Uuid, [u8; 32]>>,
}

impl Keys {
    /// The shop's page key (made on first use); `None`: no such shop.
    pub(crate) async fn page_key(
        &self,
        pool: &PgPool,
        shop: Uuid,
    ) -> Result<Option<[u8; 32]>, HubError> {
        if let Some(k) = self.cache.lock().expect("keys lock").get(&shop) {
            return Ok(Some(*k));
        }
        let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM shops WHERE id = $1)")
            .bind(shop)
            .fetch_one(pool)
            .await?;
        if !exists {
            return Ok(None);
        }
        let mut fresh = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut fresh);
        sqlx::query("INSERT INTO web_keys (shop_id, page_key) VALUES ($1, $2) ON CONFLICT (shop_id) DO NOTHING")
            .bind(shop)
            .bind(&fresh[..])
            .execute(pool)
            .await?;
        let stored: Vec<u8> =
            sqlx::query_scalar("SELECT page_key FROM web_keys WHERE shop_id = $1")
                .bind(shop)
                .fetch_one(pool)
                .await?;
        let key: [u8; 32] = stored
            .try_into()
            .map_err(|_| HubError::internal("a page key is not 32 bytes"))?;
        self.cache.lock().expect("keys lock").insert(shop, key);
        Ok(Some(key))
    }
}

fn mac(key: &[u8; 32], parts: &[&str]) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    for p in parts {
        m.update(p.as_bytes());
        m.update(b"\x1f");
    }
    m.finalize().into_bytes()[..18].to_vec()
}

fn verify(key: &[u8; 32], parts: &[&str], given: &str) -> bool {
    let Ok(given) = URL_SAFE_NO_PAD.decode(given) else {
        return false;
    };
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    for p in parts {
        m.update(p.as_bytes());
        m.update(b"\x1f");
    }
    m.verify_truncated_left(&given).is_ok() && given.len() == 18
}

/// A session on one ticket until `expires` (unix seconds).
pub(crate) fn session(key: &[u8; 32], ticket: &str, expires: i64) -> String {
    let e = expires.to_string();
    format!(
        "{ticket}.{e}.{}",
        URL_SAFE_NO_PAD.encode(mac(key, &["session", ticket, &e]))
    )
}

/// The ticket a session cookie opens, if it is ours and not expired.
pub(crate) fn session_ticket(key: &[u8; 32], cookie: &str, now: i64) -> Option<String> {
    let mut it = cookie.splitn(3, '.');
    let (ticket, e, m) = (it.next()?, it.next()?, it.next()?);
    let expires: i64 = e.parse().ok()?;
    (expires > now && verify(key, &["session", ticket, e], m)).then(|| ticket.to_string())
}

/// A fresh nonce for the form cookie.
pub(crate) fn nonce() -> String {
    let mut b = [0u8; 18];
    rand::rngs::OsRng.fill_bytes(&mut b);
    URL_SAFE_NO_PAD.encode(b)
}

/// The token a form carries for the cookie's nonce.
pub(crate) fn form_token(key: &[u8; 32], nonce: &str) -> String {
    URL_SAFE_NO_PAD.encode(mac(key, &["form", nonce]))
}

pub(crate) fn form_token_valid(key: &[u8; 32], nonce: &str, token: &str) -> bool {
    !nonce.is_empty() && nonce.len() <= 64 && verify(key, &["form", nonce], token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_and_form_tokens_are_bound_to_the_key() {
        let k = [7u8; 32];
        let s = session(&k, "t-1", 1000);
        assert_eq!(session_ticket(&k, &s, 999).as_deref(), Some("t-1"));
        assert_eq!(session_ticket(&k, &s, 1000), None, "expired");
        assert_eq!(session_ticket(&[8u8; 32], &s, 1), None, "another key");
        let forged = s.replacen("t-1", "t-2", 1);
        assert_eq!(session_ticket(&k, &forged, 1), None);
        let longer = s.replacen(".1000.", ".9999.", 1);
        assert_eq!(session_ticket(&k, &longer, 1), None);
        let n = nonce();
        let t = form_token(&k, &n);
        assert!(form_token_valid(&k, &n, &t));
        assert!(!form_token_valid(&k, &nonce(), &t));
        assert!(!form_token_valid(&k, "", &form_token(&k, "")));
        assert!(!form_token_valid(&k, &n, &t[..10]));
    }
}
