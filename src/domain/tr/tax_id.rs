//! Turkish tax ids with their check digits: the VKN (vergi kimlik
//! numarası, 10 digits, businesses) and the TCKN (T.C. kimlik numarası, 11
//! digits, citizens). GİB's placeholders pass as what they stand for: a
//! consumer without an id (11111111111) and a foreign buyer (2222222222),
//! whose check digits do not hold.

use crate::error::{Error, Result};
use serde::Serialize;
use ts_rs::TS;

/// What a buyer's or the shop's id is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TaxIdKind {
    Vkn,
    Tckn,
    /// 11111111111: a consumer who gave no id.
    NoIdConsumer,
    /// 2222222222: a foreign buyer.
    ForeignBuyer,
}

pub const NO_ID_CONSUMER: &str = "11111111111";
pub const FOREIGN_BUYER: &str = "2222222222";

fn digits(v: &str) -> Option<Vec<u32>> {
    v.chars().map(|c| c.to_digit(10)).collect()
}

/// Whether a 10-digit VKN's last digit checks.
pub fn vkn_valid(v: &str) -> bool {
    let Some(d) = digits(v).filter(|d| d.len() == 10) else {
        return false;
    };
    let mut sum = 0;
    for (i, &x) in d[..9].iter().enumerate() {
        let t = (x + 9 - i as u32) % 10;
        let mut w = (t * (1 << (9 - i))) % 9;
        if t != 0 && w == 0 {
            w = 9;
        }
        sum += w;
    }
    (10 - sum % 10) % 10 == d[9]
}

/// Whether an 11-digit TCKN's two check digits hold (never starts with 0).
pub fn tckn_valid(v: &str) -> bool {
    let Some(d) = digits(v).filter(|d| d.len() == 11 && d[0] != 0) else {
        return false;
    };
    let odd: u32 = [0, 2, 4, 6, 8].iter().map(|&i| d[i]).sum();
    let even: u32 = [1, 3, 5, 7].iter().map(|&i| d[i]).sum();
    let tenth = (odd * 7 + 10 * 9 - even) % 10;
    let eleventh = d[..10].iter().sum::<u32>() % 10;
    tenth == d[9] && eleventh == d[10]
}

/// A tax id as typed (spaces ignored), checked; errors name `field`.
pub fn check(field: &str, v: &str) -> Result<(String, TaxIdKind)> {
    let id: String = v.chars().filter(|c| !c.is_whitespace()).collect();
    if id.is_empty() {
        return Err(Error::validation(field, "required", "a VKN or TCKN"));
    }
    let kind = match id.as_str() {
        NO_ID_CONSUMER => TaxIdKind::NoIdConsumer,
        FOREIGN_BUYER => TaxIdKind::ForeignBuyer,
        _ if !id.chars().all(|c| c.is_ascii_digit()) || !(10..=11).contains(&id.len()) => {
            return Err(Error::validation(
                field,
                "invalid_vkn",
                "10 digits (VKN) or 11 digits (TCKN)",
            ));
        }
        _ if id.len() == 10 && vkn_valid(&id) => TaxIdKind::Vkn,
        _ if id.len() == 11 && tckn_valid(&id) => TaxIdKind::Tckn,
        _ => {
            return Err(Error::validation(
                field,
                "tax_id_checksum",
                "the check digit does not match",
            ))
        }
    };
    Ok((id, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Valid, invalid and placeholder ids, as GİB and the population
    /// register check them (examples from python-stdnum's tables).
    #[test]
    fn check_digits_as_a_table() {
        let table: [(&str, Result<TaxIdKind, &str>); 14] = [
            ("4540536920", Ok(TaxIdKind::Vkn)),
            ("454 053 6920", Ok(TaxIdKind::Vkn)),
            ("4540536921", Err("tax_id_checksum")),
            ("454053692", Err("invalid_vkn")),
            ("17291716060", Ok(TaxIdKind::Tckn)),
            ("10000000146", Ok(TaxIdKind::Tckn)),
            ("17291716050", Err("tax_id_checksum")),
            ("07291716092", Err("tax_id_checksum")),
            ("1729171606a", Err("invalid_vkn")),
            ("172917160600", Err("invalid_vkn")),
            ("11111111111", Ok(TaxIdKind::NoIdConsumer)),
            ("2222222222", Ok(TaxIdKind::ForeignBuyer)),
            ("1111111111", Err("tax_id_checksum")),
            ("", Err("required")),
        ];
        for (id, want) in table {
            let got = check("buyer_tax_id", id);
            match want {
                Ok(kind) => assert_eq!(got.unwrap().1, kind, "{id}"),
                Err(code) => {
                    let e = got.unwrap_err();
                    assert_eq!(
                        (e.field(), e.code()),
                        (Some("buyer_tax_id"), Some(code)),
                        "{id}"
                    );
                }
            }
        }
        // The placeholders' own digits do not check: only the rule admits them.
        assert!(!tckn_valid(NO_ID_CONSUMER) && !vkn_valid(FOREIGN_BUYER));
    }

    proptest::proptest! {
        /// Every VKN has exactly one check digit, every TCKN one pair.
        #[test]
        fn one_check_digit_per_number(body in 0u64..1_000_000_000, first in 1u64..10, rest in 0u64..100_000_000) {
            let b = format!("{body:09}");
            let ok: Vec<u32> = (0..10).filter(|c| vkn_valid(&format!("{b}{c}"))).collect();
            proptest::prop_assert_eq!(ok.len(), 1);
            let t = format!("{first}{rest:08}");
            let pairs = (0..100).filter(|c| tckn_valid(&format!("{t}{c:02}"))).count();
            proptest::prop_assert_eq!(pairs, 1);
        }
    }
}
