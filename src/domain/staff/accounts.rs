//! Staff roles and passwords. Passwords are hashed with argon2id (PHC string,
//! salt inside); the plain text never leaves this module or reaches a log.

use crate::error::{check, Error, Result};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    FrontDesk,
    Technician,
    Courier,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Owner,
        Role::Admin,
        Role::FrontDesk,
        Role::Technician,
        Role::Courier,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::FrontDesk => "front_desk",
            Role::Technician => "technician",
            Role::Courier => "courier",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| Error::validation("role", "invalid", "unknown role"))
    }
}

/// Memory-hard parameters (19 MiB, 2 passes) as OWASP recommends for argon2id.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 params");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < 8 {
        return Err(Error::validation(
            "password",
            "too_short",
            "at least 8 characters",
        ));
    }
    check::max_len("password", password, 128)
}

pub fn hash_password(password: &str) -> Result<String> {
    check_password(password)?;
    hash_secret(password)
}

/// PINs get the same argon2id treatment as passwords.
pub fn hash_pin(pin: &str) -> Result<String> {
    check_pin(pin)?;
    hash_secret(pin)
}

fn hash_secret(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| Error::Storage {
            message: "password hashing failed".into(),
        })
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Wrong PINs in a row before the PIN stops working until a full sign-in.
pub const PIN_MAX_FAILURES: i64 = 5;

/// Quick-switch PINs: 4 to 6 digits. Only a convenience on top of the day's
/// full sign-in, so the attempt limit is what protects it.
pub fn check_pin(pin: &str) -> Result<()> {
    let n = pin.chars().count();
    if !(4..=6).contains(&n) || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::validation("pin", "invalid_pin", "4 to 6 digits"));
    }
    Ok(())
}

/// A PIN unlocks only a member who signed in with the full password on the
/// same local day (the shop's zone).
pub fn full_login_today(
    last_login: Option<chrono::DateTime<chrono::Utc>>,
    now: chrono::DateTime<chrono::Utc>,
    tz: chrono_tz::Tz,
) -> bool {
    last_login.is_some_and(|at| {
        at <= now && at.with_timezone(&tz).date_naive() == now.with_timezone(&tz).date_naive()
    })
}

/// Login names: 3–32 of a–z, 0–9, dot, dash, underscore.
pub fn check_username(value: &str) -> Result<String> {
    let v = check::required("username", value, 32)?.to_lowercase();
    if v.len() < 3
        || !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        return Err(Error::validation(
            "username",
            "invalid_username",
            "3–32 letters, digits, . _ -",
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_round_trip() {
        let h = hash_password("rahasia-123").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("rahasia-123", &h));
        assert!(!verify_password("rahasia-124", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn weak_or_bad_input_is_refused() {
        assert_eq!(
            hash_password("short").unwrap_err().field(),
            Some("password")
        );
        assert!(check_username("ab").is_err());
        assert!(check_username("budi santoso").is_err());
        assert_eq!(check_username(" Budi.S ").unwrap(), "budi.s");
    }

    #[test]
    fn pins_are_four_to_six_digits() {
        for ok in ["1234", "123456"] {
            assert!(check_pin(ok).is_ok(), "{ok}");
        }
        for bad in ["", "123", "1234567", "12a4", "١٢٣٤", " 1234"] {
            assert_eq!(check_pin(bad).unwrap_err().field(), Some("pin"), "{bad:?}");
        }
    }

    #[test]
    fn pin_needs_todays_full_login_in_the_shop_zone() {
        use chrono::TimeZone;
        let tz = chrono_tz::Asia::Jakarta;
        let at = |d, h| {
            tz.with_ymd_and_hms(2026, 11, d, h, 0, 0)
                .unwrap()
                .with_timezone(&chrono::Utc)
        };
        assert!(full_login_today(Some(at(23, 0)), at(23, 23), tz));
        assert!(
            !full_login_today(Some(at(22, 23)), at(23, 8), tz),
            "yesterday evening"
        );
        assert!(!full_login_today(None, at(23, 8), tz));
        assert!(
            !full_login_today(Some(at(23, 9)), at(23, 8), tz),
            "a login from the future"
        );
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).unwrap(), r);
        }
    }
}
