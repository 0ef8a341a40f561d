//! Domain rules as plain functions over plain types. Nothing here knows about
//! SQLite, Tauri or the UI; every rule is tested beside its code.

pub mod attachment;
pub mod cash;
pub mod csv;
pub mod field;
#[cfg(test)]
mod input_props;
pub mod money;
pub mod payment;
pub mod phone;
pub mod print;
pub mod repairs;
pub mod reports;
pub mod returns;
pub mod sales;
pub mod service;
pub mod sheets;
pub mod shop;
pub mod staff;
pub mod sync;
pub mod terbilang;
pub mod totals;
pub mod tr;
pub mod warranty;
pub mod web;
pub mod web_store;

/// A new UUID v7 (time-ordered, so ids sort by creation and sync merges cheaply).
pub fn new_id() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}

/// A UUID v7 that every device derives alike for the same thing: its time
/// is `at`, its random part a hash of `seed`. Two counters that make the
/// same row while apart (a contract's planned visit) make one key, so the
/// hub records a conflict instead of keeping two.
pub fn derived_id(at: chrono::DateTime<chrono::Utc>, seed: &str) -> uuid::Uuid {
    use sha2::Digest;
    let hash = sha2::Sha256::digest(seed.as_bytes());
    let mut bytes = [0u8; 10];
    bytes.copy_from_slice(&hash[..10]);
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_derived_id_is_the_same_wherever_it_is_made() {
        let at = chrono::DateTime::parse_from_rfc3339("2027-02-28T17:00:00Z")
            .unwrap()
            .to_utc();
        let a = super::derived_id(at, "contract-visit/k/2027-02-28/0");
        assert_eq!(a, super::derived_id(at, "contract-visit/k/2027-02-28/0"));
        assert_eq!(a.get_version_num(), 7);
        assert_ne!(a, super::derived_id(at, "contract-visit/k/2027-02-28/1"));
        let (secs, _) = a.get_timestamp().unwrap().to_unix();
        assert_eq!(secs as i64, at.timestamp(), "it sorts by its day");
    }
}
