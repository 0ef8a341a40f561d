//! Human document numbers (SV-JKT1-K1-2026-000001). The counter behind them is
//! bumped in the same transaction as the document, per series, and a number is
//! never reused: a cancelled ticket keeps its number.

use crate::error::{check, Error, Result};

/// A series is one prefix for one branch, counter and year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub prefix: String,
    pub branch: String,
    pub counter: String,
    pub year: i32,
}

impl Series {
    /// The shop's series `prefix` for `year` (its branch and counter codes).
    pub fn of_shop(prefix: &str, shop: &crate::domain::shop::ShopProfile, year: i32) -> Series {
        Series {
            prefix: prefix.into(),
            branch: shop.branch_code.clone(),
            counter: shop.counter_code.clone(),
            year,
        }
    }

    pub fn key(&self) -> String {
        format!(
            "{}-{}-{}-{}",
            self.prefix, self.branch, self.counter, self.year
        )
    }

    pub fn format(&self, seq: i64) -> String {
        format!("{}-{seq:06}", self.key())
    }
}

/// Branch, counter and prefix codes: 1–8 upper-case letters or digits, so
/// numbers stay short on an 80 mm receipt and scan as Code128.
pub fn check_code(field: &str, value: &str) -> Result<String> {
    let v = check::required(field, value, 8)?.to_ascii_uppercase();
    if !v.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Error::validation(
            field,
            "invalid_code",
            "letters and digits only",
        ));
    }
    Ok(v)
}

/// Crockford-style alphabet without 0/O, 1/I/L, U: safe to read over the phone.
const TRACKING_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A short public tracking code such as `K7QM-4TXA`.
pub fn tracking_code(rng: &mut impl rand::Rng) -> String {
    let mut s = String::with_capacity(9);
    for i in 0..8 {
        if i == 4 {
            s.push('-');
        }
        s.push(TRACKING_ALPHABET[rng.gen_range(0..TRACKING_ALPHABET.len())] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_shop_expects() {
        let s = Series {
            prefix: "SV".into(),
            branch: "JKT1".into(),
            counter: "K1".into(),
            year: 2026,
        };
        assert_eq!(s.format(1), "SV-JKT1-K1-2026-000001");
        assert_eq!(s.format(1234567), "SV-JKT1-K1-2026-1234567");
    }

    #[test]
    fn codes_are_validated() {
        assert_eq!(check_code("branch", " jkt1 ").unwrap(), "JKT1");
        assert!(check_code("branch", "").is_err());
        assert!(check_code("branch", "JKT-1").is_err());
        assert!(check_code("branch", "TOOLONGCODE").is_err());
    }

    #[test]
    fn tracking_codes_are_short_and_unambiguous() {
        let mut rng = rand::thread_rng();
        for _ in 0..200 {
            let c = tracking_code(&mut rng);
            assert_eq!(c.len(), 9);
            assert!(!c.contains(['0', 'O', '1', 'I', 'L']));
        }
    }
}
