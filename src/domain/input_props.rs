//! Property tests over every parser of typed input: whatever a clerk types,
//! pastes or scans, each parser either returns a value that meets its
//! invariant or a `Validation` error naming its field. None may panic.

use crate::domain::money::Currency;
use crate::domain::{
    csv, payment, phone, shop, shop::holidays, shop::numbering, shop::settings, staff,
};
use crate::error::Error;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn field_of(e: &Error) -> Option<&str> {
    e.field()
}

/// Printable text with the characters counters really produce: digits,
/// separators, currency signs, Indonesian and Turkish letters, emoji.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9 .,+()/-]{0,40}",
        "(Rp|₺)? ?[0-9]{1,15}([.,][0-9]{0,4})?",
        "\\PC{0,60}",
        "[a-zA-ZçğıöşüÇĞİÖŞÜ0-9 @._-]{0,50}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn phone_numbers(input in typed()) {
        match phone::normalize(&input) {
            Ok(e164) => {
                prop_assert!(e164.starts_with('+'));
                prop_assert!(e164[1..].chars().all(|c| c.is_ascii_digit()));
                prop_assert!((9..=16).contains(&e164.len()));
                // Normalising again gives the same number (one customer, one key).
                prop_assert_eq!(phone::normalize(&e164).unwrap(), e164.clone());
            }
            Err(e) => prop_assert_eq!(field_of(&e), Some("phone")),
        }
    }

    #[test]
    fn amounts(input in typed(), turkish in any::<bool>()) {
        let cur = if turkish { Currency::TRY } else { Currency::IDR };
        match payment::parse_amount("amount", &input, cur) {
            Ok(v) => {
                prop_assert!(v >= Decimal::ZERO);
                prop_assert!(v.scale() <= cur.minor_digits());
                let minor = crate::domain::money::to_minor(v, cur);
                prop_assert_eq!(crate::domain::money::from_minor(minor, cur), v);
            }
            Err(e) => prop_assert_eq!(field_of(&e), Some("amount")),
        }
    }

    /// TRY as Turkish invoices write it: every amount formats as
    /// "1.234,56 TL" and reads back as itself; typed with or without the
    /// grouping dots, the sign or "TL", it reads the same.
    #[test]
    fn lira_formats_and_reads_back(kurus in 0i64..1_000_000_000_000_000) {
        let cur = Currency::TRY;
        let v = crate::domain::money::from_minor(kurus, cur);
        let shown = crate::domain::money::format(v, cur);
        prop_assert!(shown.ends_with(" TL"));
        let (int, frac) = shown.trim_end_matches(" TL").split_once(',').unwrap();
        prop_assert_eq!(frac.len(), 2);
        prop_assert!(int.split('.').skip(1).all(|g| g.len() == 3));
        prop_assert_eq!(payment::parse_amount("amount", &shown, cur).unwrap(), v.normalize());
        let plain = format!("{},{}", int.replace('.', ""), frac);
        prop_assert_eq!(payment::parse_amount("amount", &plain, cur).unwrap(), v.normalize());
        let sign = format!("₺{int},{frac}");
        prop_assert_eq!(payment::parse_amount("amount", &sign, cur).unwrap(), v.normalize());
    }

    #[test]
    fn holiday_csv(lines in proptest::collection::vec("\\PC{0,40}", 0..8)) {
        let text = format!("date,kind,name\n{}", lines.join("\n"));
        match holidays::parse_csv(&text) {
            Ok(days) => prop_assert!(days.iter().all(|h| !h.name.is_empty())),
            Err(line) => prop_assert!(line >= 1 && line <= lines.len() + 1),
        }
    }

    #[test]
    fn usernames_pins_passwords(input in typed()) {
        match staff::check_username(&input) {
            Ok(u) => {
                prop_assert!((3..=32).contains(&u.len()));
                prop_assert!(u.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c)));
            }
            Err(e) => prop_assert_eq!(field_of(&e), Some("username")),
        }
        match staff::check_pin(&input) {
            Ok(()) => prop_assert!(input.len() >= 4 && input.len() <= 6 && input.chars().all(|c| c.is_ascii_digit())),
            Err(e) => prop_assert_eq!(field_of(&e), Some("pin")),
        }
        if let Err(e) = staff::check_password(&input) {
            prop_assert_eq!(field_of(&e), Some("password"));
        }
    }

    #[test]
    fn codes_and_parsed_enums(input in typed()) {
        match numbering::check_code("branch_code", &input) {
            Ok(c) => prop_assert!(!c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric())),
            Err(e) => prop_assert_eq!(field_of(&e), Some("branch_code")),
        }
        // Enum parsers from stored or sent text never panic.
        let _ = staff::Role::parse(&input);
        let _ = crate::domain::repairs::ticket::TicketStatus::parse(&input);
        let _ = payment::PaymentMethod::parse(&input);
        let _ = Currency::parse(&input);
        let _ = shop::PaperSize::parse(&input);
        let _ = csv::split(&input);
    }

    #[test]
    fn shop_profiles(name in typed(), phone_in in typed(), npwp in typed(), tz in "\\PC{0,30}", rate in -2i64..200, days in 0u32..100) {
        let p = shop::ShopProfile {
            name,
            phone: phone_in,
            npwp: Some(npwp),
            time_zone: tz,
            tax_rate: Decimal::new(rate, 2),
            promise_days: days,
            ..shop::ShopProfile::indonesian_defaults()
        };
        match p.validate() {
            Ok(v) => {
                prop_assert!(v.tax_rate >= Decimal::ZERO && v.tax_rate < Decimal::ONE);
                prop_assert!(v.promise_days <= 60);
                prop_assert!(v.time_zone.parse::<chrono_tz::Tz>().is_ok());
            }
            Err(e) => prop_assert!(field_of(&e).is_some(), "{e:?}"),
        }
    }

    #[test]
    fn counter_settings(idle in any::<u32>(), limit in any::<u32>(), keep in any::<u32>(), dir in proptest::option::of("\\PC{0,30}")) {
        let s = settings::CounterSettings { idle_lock_minutes: idle, discount_limit_percent: limit, backup_keep: keep, backup_dir: dir, backup_daily: true, ..Default::default() };
        match s.validate() {
            Ok(v) => prop_assert!((1..=240).contains(&v.idle_lock_minutes) && v.discount_limit_percent <= 100 && (1..=365).contains(&v.backup_keep)),
            Err(e) => prop_assert!(field_of(&e).is_some()),
        }
    }
}
