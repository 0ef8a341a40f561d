//! Search: the helpers shared by the customer finder, the ticket board
//! and the order list, and the one search for everything ([`everything`]).
//!
//! The board uses an FTS5 trigram index (`ticket_search`) over number,
//! tracking code, customer name, phone (E.164 and national) and serial, so a
//! fragment anywhere in those matches without a table scan.

pub mod everything;

/// If the query looks like the start of a phone number, its E.164 prefix:
/// "0812" → "+62812", "+62 81" → "+6281", "62812" → "+62812".
pub fn phone_prefix(q: &str) -> Option<String> {
    let compact: String = q.chars().filter(|c| !" -.()".contains(*c)).collect();
    let (plus, digits) = match compact.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, compact.as_str()),
    };
    if digits.len() < 3 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(if plus || digits.starts_with("62") {
        format!("+{digits}")
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("+62{rest}")
    } else {
        format!("+62{digits}")
    })
}

pub fn escape_like(q: &str) -> String {
    q.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The text indexed for one ticket.
pub fn ticket_body(
    number: &str,
    tracking: &str,
    name: &str,
    phone: &str,
    serial: Option<&str>,
) -> String {
    format!(
        "{number} {tracking} {name} {phone} {} {}",
        crate::domain::phone::national(phone),
        serial.unwrap_or("")
    )
}

/// A safe FTS5 MATCH expression: each word as a quoted trigram phrase. Words
/// under three characters cannot use the trigram index and are dropped; None
/// when nothing searchable is left.
pub fn fts_query(q: &str) -> Option<String> {
    // A typed phone number is matched in its national form, which the body holds.
    if let Some(p) = phone_prefix(q) {
        return Some(format!("\"{}\"", crate::domain::phone::national(&p)));
    }
    let phrases: Vec<String> = q
        .split_whitespace()
        .map(|w| w.replace('"', "\"\""))
        .filter(|w| w.chars().count() >= 3)
        .map(|w| format!("\"{w}\""))
        .collect();
    (!phrases.is_empty()).then(|| phrases.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_prefixes() {
        assert_eq!(phone_prefix("0812").as_deref(), Some("+62812"));
        assert_eq!(phone_prefix("+62 81").as_deref(), Some("+6281"));
        assert_eq!(phone_prefix("62812").as_deref(), Some("+62812"));
        assert_eq!(phone_prefix("budi"), None);
        assert_eq!(phone_prefix("08"), None);
    }

    #[test]
    fn fts_queries_are_quoted() {
        assert_eq!(
            fts_query("budi sant").as_deref(),
            Some("\"budi\" AND \"sant\"")
        );
        assert_eq!(fts_query("a\"b\"c").as_deref(), Some("\"a\"\"b\"\"c\""));
        assert_eq!(fts_query("ab"), None);
        assert_eq!(fts_query("+62 812-34").as_deref(), Some("\"081234\""));
    }
}
