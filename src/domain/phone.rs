//! Phone numbers as people type them at the counter, normalised to E.164 so
//! "0812-3456-7890", "+62 812 3456 7890" and "6281234567890" are one customer.

use crate::error::{Error, Result};

/// Normalises an Indonesian (default) or international number to E.164.
pub fn normalize(input: &str) -> Result<String> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(Error::validation("phone", "required", "must not be empty"));
    }
    if trimmed.chars().count() > 32 {
        return Err(Error::validation(
            "phone",
            "too_long",
            "at most 32 characters",
        ));
    }
    let plus = trimmed.starts_with('+');
    let mut digits = String::with_capacity(16);
    for ch in trimmed.chars() {
        match ch {
            '0'..='9' => digits.push(ch),
            ' ' | '-' | '.' | '(' | ')' | '/' => {}
            '+' if digits.is_empty() => {}
            _ => return Err(invalid()),
        }
    }
    let national = if plus {
        if let Some(rest) = digits.strip_prefix("62") {
            rest.to_string()
        } else {
            return international(&digits);
        }
    } else if let Some(rest) = digits.strip_prefix("62") {
        rest.to_string()
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest.to_string()
    } else if digits.starts_with('8') {
        digits.clone()
    } else {
        return Err(invalid());
    };
    // Indonesian subscriber numbers: mobile 8xx (9–12 digits), landlines with
    // an area code (2x–9x, 7–11 digits).
    let ok_len = (7..=12).contains(&national.len());
    if !ok_len || national.starts_with('0') {
        return Err(invalid());
    }
    Ok(format!("+62{national}"))
}

fn international(digits: &str) -> Result<String> {
    if (8..=15).contains(&digits.len()) && !digits.starts_with('0') {
        Ok(format!("+{digits}"))
    } else {
        Err(invalid())
    }
}

fn invalid() -> Error {
    Error::validation("phone", "invalid_phone", "not a valid phone number")
}

/// The national form shown to Indonesian staff: +6281234567890 → 081234567890.
pub fn national(e164: &str) -> String {
    match e164.strip_prefix("+62") {
        Some(rest) => format!("0{rest}"),
        None => e164.to_string(),
    }
}

/// As people dial it: a mobile grouped 4-4-rest ("0812-3456-7890"), any
/// other number in its national form.
pub fn dial(e164: &str) -> String {
    let n = national(e164);
    if n.starts_with("08") && n.len() >= 10 && n.chars().all(|c| c.is_ascii_digit()) {
        format!("{}-{}-{}", &n[..4], &n[4..8], &n[8..])
    } else {
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_people_dial_them() {
        assert_eq!(dial("+6281234567890"), "0812-3456-7890");
        assert_eq!(dial("+628123456789"), "0812-3456-789");
        assert_eq!(dial("+62216123456"), "0216123456");
        assert_eq!(dial("+905321234567"), "+905321234567");
    }

    #[test]
    fn indonesian_formats_normalise_to_one_number() {
        for input in [
            "0812-3456-7890",
            "+62 812 3456 7890",
            "6281234567890",
            "081234567890",
            "(0812) 3456.7890",
            "812 3456 7890",
        ] {
            assert_eq!(normalize(input).unwrap(), "+6281234567890", "{input}");
        }
    }

    #[test]
    fn landline_and_foreign() {
        assert_eq!(normalize("021-5551234").unwrap(), "+62215551234");
        assert_eq!(normalize("+90 532 123 45 67").unwrap(), "+905321234567");
    }

    #[test]
    fn rejects_garbage() {
        for input in [
            "",
            "   ",
            "abc",
            "0812-34x",
            "123",
            "+0123456789",
            "00",
            "0812345678901234567",
        ] {
            assert!(normalize(input).is_err(), "{input}");
        }
        assert_eq!(normalize("").unwrap_err().field(), Some("phone"));
    }

    #[test]
    fn national_form() {
        assert_eq!(national("+6281234567890"), "081234567890");
        assert_eq!(national("+905321234567"), "+905321234567");
    }
}
