//! The warranty card's QR: a compact payload (serial, product, invoice,
//! start date, policy) signed with the shop's Ed25519 key, so any counter
//! that knows the shop's public key can verify a card offline and tell a
//! forged or altered card from a real one.
//!
//! Text: `KW1:` + base64url(payload ‖ signature). Payload bytes: version,
//! key id (4 bytes of SHA-256 of the public key), start date (days since
//! 2000-01-01, u16), store months, maker months, warranty type, then serial,
//! invoice number and SKU, each as a length byte and UTF-8.

use crate::domain::sales::catalog::WarrantyType;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::NaiveDate;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

pub const PREFIX: &str = "KW1:";
const VERSION: u8 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CardPayload {
    pub serial: String,
    pub sku: String,
    pub invoice: String,
    pub start: NaiveDate,
    pub store_months: u32,
    pub maker_months: u32,
    pub kind: WarrantyType,
}

/// Why a card is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CardRefusal {
    /// Not a Konter warranty card at all, or damaged.
    Unreadable,
    /// Signed with a key this counter does not know: another shop's card.
    OtherShop,
    /// Our key id, but the signature does not match what the card says.
    BadSignature,
}

/// The key's short id as printed in every card it signs.
pub fn key_id(key: &VerifyingKey) -> [u8; 4] {
    let h = Sha256::digest(key.as_bytes());
    [h[0], h[1], h[2], h[3]]
}

pub fn key_id_hex(key: &VerifyingKey) -> String {
    key_id(key).iter().map(|b| format!("{b:02x}")).collect()
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date")
}

fn push_text(out: &mut Vec<u8>, s: &str) -> Result<(), CardRefusal> {
    let b = s.as_bytes();
    let len = u8::try_from(b.len()).map_err(|_| CardRefusal::Unreadable)?;
    out.push(len);
    out.extend_from_slice(b);
    Ok(())
}

fn payload_bytes(p: &CardPayload, key: [u8; 4]) -> Result<Vec<u8>, CardRefusal> {
    let days =
        u16::try_from((p.start - epoch()).num_days()).map_err(|_| CardRefusal::Unreadable)?;
    let byte = |v: u32| u8::try_from(v).map_err(|_| CardRefusal::Unreadable);
    let mut out = vec![VERSION];
    out.extend_from_slice(&key);
    out.extend_from_slice(&days.to_be_bytes());
    out.push(byte(p.store_months)?);
    out.push(byte(p.maker_months)?);
    out.push(match p.kind {
        WarrantyType::Standard => 0,
        WarrantyType::Lifetime => 1,
    });
    push_text(&mut out, &p.serial)?;
    push_text(&mut out, &p.invoice)?;
    push_text(&mut out, &p.sku)?;
    Ok(out)
}

/// The QR text of a card signed by `key`.
pub fn sign(p: &CardPayload, key: &SigningKey) -> Result<String, CardRefusal> {
    let mut bytes = payload_bytes(p, key_id(&key.verifying_key()))?;
    let sig = key.sign(&bytes);
    bytes.extend_from_slice(&sig.to_bytes());
    Ok(format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// A card read without checking its signature: what it claims, its key id,
/// the signed bytes and the signature.
pub struct Read {
    pub payload: CardPayload,
    pub key: [u8; 4],
    signed: Vec<u8>,
    signature: Signature,
}

/// The card's text from what a scanner read: the QR text itself, or the
/// card check page's link that carries it (`…/w/KW1:…`).
pub fn from_scan(scanned: &str) -> &str {
    let s = scanned.trim();
    match s.find(&format!("/w/{PREFIX}")) {
        Some(at) if s.starts_with("http") => &s[at + 3..],
        _ => s,
    }
}

pub fn read(text: &str) -> Result<Read, CardRefusal> {
    let body = from_scan(text)
        .strip_prefix(PREFIX)
        .ok_or(CardRefusal::Unreadable)?;
    let bytes = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| CardRefusal::Unreadable)?;
    if bytes.len() < 13 + 64 || bytes[0] != VERSION {
        return Err(CardRefusal::Unreadable);
    }
    let (signed, sig) = bytes.split_at(bytes.len() - 64);
    let signature = Signature::from_bytes(sig.try_into().map_err(|_| CardRefusal::Unreadable)?);
    let key = [signed[1], signed[2], signed[3], signed[4]];
    let days = u16::from_be_bytes([signed[5], signed[6]]);
    let kind = match signed[9] {
        0 => WarrantyType::Standard,
        1 => WarrantyType::Lifetime,
        _ => return Err(CardRefusal::Unreadable),
    };
    let mut at = 10;
    let mut text = || -> Result<String, CardRefusal> {
        let len = *signed.get(at).ok_or(CardRefusal::Unreadable)? as usize;
        let s = signed
            .get(at + 1..at + 1 + len)
            .ok_or(CardRefusal::Unreadable)?;
        at += 1 + len;
        String::from_utf8(s.to_vec()).map_err(|_| CardRefusal::Unreadable)
    };
    let (serial, invoice, sku) = (text()?, text()?, text()?);
    if at != signed.len() {
        return Err(CardRefusal::Unreadable);
    }
    Ok(Read {
        payload: CardPayload {
            serial,
            sku,
            invoice,
            start: epoch() + chrono::Days::new(u64::from(days)),
            store_months: u32::from(signed[7]),
            maker_months: u32::from(signed[8]),
            kind,
        },
        key,
        signed: signed.to_vec(),
        signature,
    })
}

/// Verifies a card against the keys this counter trusts (its own and the
/// ones imported from other branches).
pub fn verify(text: &str, keys: &[VerifyingKey]) -> Result<CardPayload, CardRefusal> {
    let r = read(text)?;
    let key = keys
        .iter()
        .find(|k| key_id(k) == r.key)
        .ok_or(CardRefusal::OtherShop)?;
    key.verify(&r.signed, &r.signature)
        .map_err(|_| CardRefusal::BadSignature)?;
    Ok(r.payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn card() -> CardPayload {
        CardPayload {
            serial: "SN-0001".into(),
            sku: "CTX-SD36".into(),
            invoice: "INV-JKT1-K1-2026-000003".into(),
            start: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            store_months: 12,
            maker_months: 24,
            kind: WarrantyType::Lifetime,
        }
    }

    #[test]
    fn a_signed_card_reads_back_and_tampering_is_caught() {
        let ours = key(7);
        let text = sign(&card(), &ours).unwrap();
        assert!(text.len() < 200, "fits a small QR: {}", text.len());
        let trusted = [key(1).verifying_key(), ours.verifying_key()];
        assert_eq!(verify(&text, &trusted).unwrap(), card());
        // Another shop's card: a key we do not know.
        let theirs = sign(&card(), &key(9)).unwrap();
        assert_eq!(verify(&theirs, &trusted), Err(CardRefusal::OtherShop));
        // Altered: one byte of the serial changed, our key id kept.
        let mut bytes = URL_SAFE_NO_PAD.decode(&text[PREFIX.len()..]).unwrap();
        bytes[17] ^= 0x01;
        let altered = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(&bytes));
        assert_eq!(read(&altered).unwrap().payload.serial, "SN-0000");
        // The card check page's link reads as the card.
        let link = format!("https://servis.toko.id/s/0193/w/{text}");
        assert_eq!(verify(&link, &trusted).unwrap(), card());
        assert_eq!(from_scan("KW1:abc"), "KW1:abc");
        assert_eq!(verify(&altered, &trusted), Err(CardRefusal::BadSignature));
        // Forged: our key id, someone else's signature.
        let mut forged = URL_SAFE_NO_PAD.decode(&theirs[PREFIX.len()..]).unwrap();
        forged[1..5].copy_from_slice(&key_id(&ours.verifying_key()));
        let forged = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(&forged));
        assert_eq!(verify(&forged, &trusted), Err(CardRefusal::BadSignature));
        for junk in [
            "",
            "KW1:",
            "KW1:!!!",
            "https://example.com",
            &text[..text.len() - 10],
        ] {
            assert_eq!(
                verify(junk, &trusted),
                Err(CardRefusal::Unreadable),
                "{junk}"
            );
        }
    }
}
