//! The shop's public face (issue 14): what customers do on the hub's pages
//! and what the web store's webhooks bring, as requests a device of the shop
//! carries through the counter's own rules. Here: the wire types between
//! the hub and its devices, the proof file's type read from its bytes, the
//! tracking page's phone check, and the prepared WhatsApp messages.
//!
//! Never decides anything the counter decides: a request is only what the
//! customer or the store said; the device applies it through the state
//! machines, permissions and audit, or refuses it with a code.

pub mod messages;
pub mod proof;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a request asks of the counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// The customer approved or refused a quote on the tracking page.
    QuoteDecision,
    /// The customer's bank-transfer confirmation, with its proof.
    TransferConfirmation,
    /// An order the web store sent by webhook (created or updated).
    WooOrder,
}

impl RequestKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::QuoteDecision => "quote_decision",
            RequestKind::TransferConfirmation => "transfer_confirmation",
            RequestKind::WooOrder => "woo_order",
        }
    }

    pub fn parse(s: &str) -> Option<RequestKind> {
        [
            RequestKind::QuoteDecision,
            RequestKind::TransferConfirmation,
            RequestKind::WooOrder,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// A request as the hub hands it to a device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebRequest {
    pub id: Uuid,
    pub kind: RequestKind,
    pub payload: serde_json::Value,
}

/// The quote decision's payload: the ticket, the answer, and the total the
/// customer saw (a quote changed since is not approved in their name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteAnswer {
    pub ticket_id: Uuid,
    pub approved: bool,
    /// The quote's total in minor units as the page showed it.
    pub total_minor: i64,
}

/// The payment confirmation form as the hub checked it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransferForm {
    pub order_id: Uuid,
    pub bank: String,
    pub account_name: String,
    /// The amount the hub read, written as `payment::typed` writes it (the
    /// counter parses it again in the order's currency).
    pub amount: String,
    /// YYYY-MM-DD
    pub paid_on: String,
    pub proof_id: Uuid,
    pub proof_type: String,
}

/// The web store's order: the store's name (its host, as a pull from the
/// same store names it, so both are one order) and the order's JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WooPayload {
    pub store: String,
    pub order: serde_json::Value,
}

/// A device's word on a request it was handed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settle {
    pub id: Uuid,
    /// Carried out through the counter's rules (false: refused by them).
    pub applied: bool,
    /// Why it was refused (the error's code), for the customer's page.
    pub code: Option<String>,
}

/// What a device asks for: requests the hub took once the shop stood at
/// `through` or before (the device has pulled that far, so it holds the
/// ticket or order a request names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimRequest {
    pub through: i64,
    pub limit: u32,
}

/// Where a proof file stored at the hub is named in a payment's
/// `proof_path`: `hub:proof/<uuid>`.
pub fn proof_ref(id: Uuid) -> String {
    format!("hub:proof/{id}")
}

pub fn parse_proof_ref(path: &str) -> Option<Uuid> {
    path.strip_prefix("hub:proof/")
        .and_then(|s| Uuid::parse_str(s).ok())
}

/// The first word of a customer's name: all the public pages show of them.
pub fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or("")
}

/// Whether `typed` is the last four digits of the E.164 number `phone`.
/// Anything but exactly four digits is no match.
pub fn phone_ends_with(phone: &str, typed: &str) -> bool {
    let typed = typed.trim();
    typed.len() == 4
        && typed.bytes().all(|b| b.is_ascii_digit())
        && phone.len() >= 4
        && phone.ends_with(typed)
}

/// The tracking page of a ticket at the hub's public address.
pub fn tracking_link(base: &str, shop: Uuid, code: &str) -> String {
    format!("{}/s/{shop}/t/{code}", base.trim_end_matches('/'))
}

/// What a scanner read from an intake receipt's QR: the tracking link
/// (`…/t/<code>`, in any case, with or without a trailing `/`, query or
/// fragment) gives its code; anything else is as read.
pub fn tracking_from_scan(scanned: &str) -> &str {
    let s = scanned.trim();
    let lower = s.to_ascii_lowercase();
    if !lower.starts_with("http://") && !lower.starts_with("https://") {
        return s;
    }
    let end = s.find(['?', '#']).unwrap_or(s.len());
    let path = s[..end].trim_end_matches('/');
    match path.to_ascii_lowercase().rfind("/t/") {
        Some(at) if !path[at + 3..].is_empty() && !path[at + 3..].contains('/') => &path[at + 3..],
        _ => s,
    }
}

/// The warranty card check page for a card's QR text.
pub fn card_link(base: &str, shop: Uuid, card: &str) -> String {
    format!("{}/s/{shop}/w/{card}", base.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_last_four_digits_open_a_ticket() {
        let phone = "+6281234567890";
        assert!(phone_ends_with(phone, "7890"));
        assert!(phone_ends_with(phone, " 7890 "));
        for wrong in ["789", "67890", "7891", "78a0", "", "    ", "+890"] {
            assert!(!phone_ends_with(phone, wrong), "{wrong:?}");
        }
        assert!(!phone_ends_with("+62", "0062"));
    }

    #[test]
    fn first_names_and_links() {
        assert_eq!(first_name("  Budi Santoso "), "Budi");
        assert_eq!(first_name(""), "");
        let shop = Uuid::nil();
        assert_eq!(
            tracking_link("https://servis.example.id/", shop, "K7QM-4TXA"),
            "https://servis.example.id/s/00000000-0000-0000-0000-000000000000/t/K7QM-4TXA"
        );
        let id = Uuid::now_v7();
        assert_eq!(parse_proof_ref(&proof_ref(id)), Some(id));
        assert_eq!(parse_proof_ref("/home/x.png"), None);
        let link = tracking_link("https://servis.example.id", shop, "K7QM-4TXA");
        assert_eq!(tracking_from_scan(&link), "K7QM-4TXA");
        assert_eq!(tracking_from_scan(" K7QM-4TXA "), "K7QM-4TXA");
        assert_eq!(tracking_from_scan(&link.to_uppercase()), "K7QM-4TXA");
        assert_eq!(
            tracking_from_scan(&format!("{link}/?lang=en#x")),
            "K7QM-4TXA"
        );
        assert_eq!(
            tracking_from_scan("https://servis.example.id/s/x/t/"),
            "https://servis.example.id/s/x/t/"
        );
        assert_eq!(
            tracking_from_scan("SV-JKT1-K1-2026-000001"),
            "SV-JKT1-K1-2026-000001"
        );
        for k in ["quote_decision", "transfer_confirmation", "woo_order"] {
            assert_eq!(RequestKind::parse(k).unwrap().as_str(), k);
        }
        assert_eq!(RequestKind::parse("refund"), None);
    }
}
