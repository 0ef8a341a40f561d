//! Prepared messages to customers (WhatsApp, issue 14): a template from the
//! message catalog or the owner's own wording in Settings, its `{names}`
//! filled from the ticket or order, and the `https://wa.me/<number>?text=`
//! link the counter opens in the system browser.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The moments the counter messages a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// The device was taken in (ticket).
    Received,
    /// A quote waits for the customer's decision (ticket, with the link).
    Quote,
    /// Ready for pickup (ticket, with the balance).
    Ready,
    /// The order's payment was received (order).
    Paid,
    /// The order was shipped (order, with the tracking number).
    Shipped,
    /// The order still waits for payment (order).
    Reminder,
    /// A service order's milestone progress (service order).
    Progress,
}

/// What a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Ticket,
    Order,
    ServiceOrder,
}

impl MessageKind {
    pub const ALL: [MessageKind; 7] = [
        MessageKind::Received,
        MessageKind::Quote,
        MessageKind::Ready,
        MessageKind::Paid,
        MessageKind::Shipped,
        MessageKind::Reminder,
        MessageKind::Progress,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Received => "received",
            MessageKind::Quote => "quote",
            MessageKind::Ready => "ready",
            MessageKind::Paid => "paid",
            MessageKind::Shipped => "shipped",
            MessageKind::Reminder => "reminder",
            MessageKind::Progress => "progress",
        }
    }

    /// What the message is about.
    pub fn subject(self) -> Subject {
        match self {
            MessageKind::Received | MessageKind::Quote | MessageKind::Ready => Subject::Ticket,
            MessageKind::Paid | MessageKind::Shipped | MessageKind::Reminder => Subject::Order,
            MessageKind::Progress => Subject::ServiceOrder,
        }
    }
}

/// The names a template may use.
pub const PLACEHOLDERS: [&str; 10] = [
    "name", "shop", "number", "device", "link", "code", "amount", "tracking", "due", "progress",
];

/// Longest template the owner may save.
pub const MAX_TEMPLATE: usize = 1000;

/// Checks an owner's template: not empty, not too long, and every `{name}`
/// one of [`PLACEHOLDERS`] (a typo would reach the customer as written).
pub fn check_template(field: &str, text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::validation(field, "required", "write the message"));
    }
    if t.chars().count() > MAX_TEMPLATE {
        return Err(Error::validation(
            field,
            "too_long",
            format!("at most {MAX_TEMPLATE} characters"),
        ));
    }
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| Error::validation(field, "unknown_placeholder", "a { without its }"))?;
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(Error::validation(
                field,
                "unknown_placeholder",
                format!("{{{name}}} is not a name a message can use"),
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(t.to_string())
}

/// The template with each `{name}` replaced by its value (a name without a
/// value becomes empty).
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if PLACEHOLDERS.contains(&&after[..close]) => {
                let name = &after[..close];
                if let Some((_, v)) = values.iter().find(|(k, _)| *k == name) {
                    out.push_str(v);
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The WhatsApp link for an E.164 number and a text.
pub fn whatsapp_link(e164: &str, text: &str) -> Result<String> {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    if !e164.starts_with('+') || !(8..=15).contains(&digits.len()) {
        return Err(Error::validation(
            "phone",
            "invalid_phone",
            "the customer's phone is not a number WhatsApp can reach",
        ));
    }
    let mut encoded = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                encoded.push(b as char)
            }
            _ => encoded.push_str(&format!("%{b:02X}")),
        }
    }
    Ok(format!("https://wa.me/{digits}?text={encoded}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_filled_and_linked() {
        let t = "Halo {name}, servis {number} siap diambil. Sisa: {amount}. {oops}";
        let text = fill(
            t,
            &[
                ("name", "Budi".into()),
                ("number", "SV-1".into()),
                ("amount", "Rp 50.000".into()),
            ],
        );
        assert_eq!(
            text,
            "Halo Budi, servis SV-1 siap diambil. Sisa: Rp 50.000. {oops}"
        );
        let link = whatsapp_link("+6281234567890", "Halo Budi & co? 100%").unwrap();
        assert_eq!(
            link,
            "https://wa.me/6281234567890?text=Halo%20Budi%20%26%20co%3F%20100%25"
        );
        assert_eq!(
            whatsapp_link("+62812", "x").unwrap_err().code(),
            Some("invalid_phone")
        );
        assert!(whatsapp_link("0812345678", "x").is_err());
    }

    #[test]
    fn owners_templates_are_checked() {
        assert!(check_template("t", "Halo {name}, link: {link}").is_ok());
        for (bad, code) in [
            ("", "required"),
            ("   ", "required"),
            ("Halo {nama}", "unknown_placeholder"),
            ("Halo {name", "unknown_placeholder"),
        ] {
            assert_eq!(
                check_template("t", bad).unwrap_err().code(),
                Some(code),
                "{bad:?}"
            );
        }
        let long = "a".repeat(MAX_TEMPLATE + 1);
        assert_eq!(
            check_template("t", &long).unwrap_err().code(),
            Some("too_long")
        );
        // Multi-byte text: counted in characters, cut nowhere.
        assert!(check_template("t", &"é".repeat(MAX_TEMPLATE)).is_ok());
        assert_eq!(fill("{é}{name}", &[("name", "Ö".into())]), "{é}Ö");
    }
}
