//! Warranty: the verdict on a unit brought back (is it ours, is it still
//! covered by the shop or the maker, dead on arrival, what the checklist
//! excludes), the signed QR of a warranty card, and the columns of past
//! sales imported from a spreadsheet.
//!
//! Owns the warranty rules and the card's signature format. Never looks a
//! unit up: the registry in `store::warranty` finds the purchase and hands
//! it in.

pub mod card;
pub mod past_sales;
mod verdict;

pub use verdict::*;

/// The registry id of one unit sold on one invoice: a UUID v7 whose time is
/// the sale's day and whose other bits come from the serial and the invoice
/// number, so the same sale registered at two counters (one order handed
/// over at both while apart) is one row everywhere rather than two rows the
/// devices' `UNIQUE (serial, invoice_number)` would split. Past sales
/// imported in bulk keep time-ordered ids: the import is the owner's, done
/// once at one device.
pub fn unit_id(serial: &str, invoice: &str, sold_on: chrono::NaiveDate) -> uuid::Uuid {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [serial.to_uppercase(), invoice.to_string()] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    let digest = h.finalize();
    let mut bits = [0u8; 10];
    bits.copy_from_slice(&digest[..10]);
    let millis = sold_on
        .and_hms_opt(0, 0, 0)
        .map_or(0, |d| d.and_utc().timestamp_millis().max(0) as u64);
    uuid::Builder::from_unix_timestamp_millis(millis, &bits).into_uuid()
}

#[cfg(test)]
mod id_tests {
    use super::unit_id;
    use chrono::NaiveDate;

    #[test]
    fn one_sale_has_one_id_and_it_is_a_v7() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let a = unit_id("x3jf012345", "INV-JKT1-K1-2026-000001", day);
        assert_eq!(a, unit_id("X3JF012345", "INV-JKT1-K1-2026-000001", day));
        assert_eq!(a.get_version_num(), 7);
        assert_ne!(a, unit_id("X3JF012346", "INV-JKT1-K1-2026-000001", day));
        assert_ne!(a, unit_id("X3JF012345", "INV-JKT1-K2-2026-000001", day));
        let (secs, _) = a.get_timestamp().unwrap().to_unix();
        assert_eq!(
            secs as i64,
            day.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp()
        );
    }
}

#[cfg(test)]
mod standing_tests {
    use super::Purchase;
    use crate::domain::sales::catalog::WarrantyType;
    use chrono::NaiveDate;

    #[test]
    fn a_units_warranty_on_a_day() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let p = Purchase {
            start: d(2026, 11, 23),
            store_months: 12,
            maker_months: 24,
            kind: WarrantyType::Standard,
        };
        assert_eq!(
            p.standing(d(2026, 11, 23)),
            ("in_store", Some(d(2028, 11, 22)))
        );
        assert_eq!(p.standing(d(2027, 11, 22)).0, "in_store");
        assert_eq!(p.standing(d(2027, 11, 23)).0, "maker_only");
        assert_eq!(p.standing(d(2028, 11, 23)).0, "expired");
        let none = Purchase {
            store_months: 0,
            maker_months: 0,
            ..p
        };
        assert_eq!(none.standing(d(2026, 11, 23)).0, "expired");
        let life = Purchase {
            kind: WarrantyType::Lifetime,
            ..p
        };
        assert_eq!(life.standing(d(2040, 1, 1)), ("lifetime", None));
    }
}
