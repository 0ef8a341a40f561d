//! WooCommerce webhooks: the store signs each delivery's body with the
//! webhook's secret (`X-WC-Webhook-Signature`: HMAC-SHA256, base64), and
//! names itself (`X-WC-Webhook-Source`) and the event (`X-WC-Webhook-Topic`).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Whether `signature` (the header's value) is the body's HMAC under
/// `secret`. Compared in constant time; a missing or malformed header is
/// simply not valid.
pub fn signature_valid(secret: &str, body: &[u8], signature: Option<&str>) -> bool {
    let Some(given) = signature.and_then(|s| STANDARD.decode(s.trim()).ok()) else {
        return false;
    };
    if secret.is_empty() {
        return false;
    }
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

/// The signature the store would send (for tests and for the shop's own
/// checks of a delivery).
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(body);
    STANDARD.encode(mac.finalize().into_bytes())
}

/// The topics the hub takes: an order created or updated. Others (a
/// product, a deleted order) are acknowledged and left.
pub fn order_topic(topic: &str) -> bool {
    matches!(topic.trim(), "order.created" | "order.updated")
}

/// The store's name from `X-WC-Webhook-Source` (`https://toko.example/`),
/// as a pull from the same address names it: scheme and slashes dropped.
pub fn store_name(source: &str) -> Option<String> {
    let s = source.trim();
    let rest = s.split("://").nth(1)?;
    let name = rest.trim_end_matches('/');
    (!name.is_empty() && name.len() <= 200 && !name.contains(char::is_whitespace))
        .then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_right_secret_signs_a_body() {
        let body = br#"{"id":7,"status":"processing"}"#;
        let good = sign("s3cret", body);
        assert!(signature_valid("s3cret", body, Some(&good)));
        assert!(!signature_valid("other", body, Some(&good)));
        assert!(!signature_valid("s3cret", br#"{"id":8}"#, Some(&good)));
        assert!(!signature_valid("s3cret", body, None));
        assert!(!signature_valid("s3cret", body, Some("not base64!")));
        assert!(!signature_valid("s3cret", body, Some("")));
        assert!(!signature_valid("", body, Some(&sign("", body))));
        // A known vector: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
        assert_eq!(
            sign("key", b"The quick brown fox jumps over the lazy dog"),
            "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg="
        );
    }

    #[test]
    fn topics_and_store_names() {
        assert!(order_topic("order.created") && order_topic("order.updated"));
        assert!(!order_topic("product.updated") && !order_topic("order.deleted"));
        assert_eq!(
            store_name("https://toko.example.co.id/").as_deref(),
            Some("toko.example.co.id")
        );
        assert_eq!(store_name("toko.example"), None);
        assert_eq!(store_name("https://"), None);
    }
}
