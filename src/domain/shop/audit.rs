//! The audit trail's hash chain. Each entry's hash covers the previous
//! entry's hash and its own content, so editing, deleting or inserting a row
//! anywhere breaks the chain from that point on, and `verify` names the
//! first entry where it breaks.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry; it also travels as is to the hub, which anchors each
/// device's chain (`domain::sync::follows`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub seq: i64,
    pub id: String,
    pub at: String,
    pub staff_id: Option<String>,
    pub entity: String,
    pub entity_id: String,
    pub op: String,
    /// The record's state before the change (None for creations).
    pub before: Option<String>,
    /// The change itself: the new state or the event.
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// SHA-256 over the previous hash and each field, length-prefixed so no two
/// different entries serialise alike.
pub fn hash(prev_hash: &str, e: &Entry) -> String {
    let mut h = Sha256::new();
    let staff = e.staff_id.as_deref().unwrap_or("");
    for part in [
        prev_hash,
        &e.seq.to_string(),
        &e.id,
        &e.at,
        staff,
        &e.entity,
        &e.entity_id,
        &e.op,
        &e.detail,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    // Added with schema 3: hashed only when present, so entries written
    // before it still verify.
    if let Some(before) = &e.before {
        h.update(b"before");
        h.update((before.len() as u64).to_be_bytes());
        h.update(before.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Broken {
    /// The first entry that does not fit the chain.
    #[ts(type = "number")]
    pub seq: i64,
    /// `edited`, `missing_before` (a deleted row) or `inserted`.
    pub reason: String,
}

/// Walks the entries in `seq` order. `Ok(n)` = n entries, chain intact.
pub fn verify(entries: &[Entry]) -> Result<usize, Broken> {
    let mut prev = GENESIS.to_string();
    for (i, e) in entries.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        if e.seq != expected_seq {
            let reason = if e.seq > expected_seq {
                "missing_before"
            } else {
                "inserted"
            };
            return Err(Broken {
                seq: e.seq,
                reason: reason.into(),
            });
        }
        if e.prev_hash != prev {
            let reason = if e.hash == hash(&e.prev_hash, e) {
                "inserted"
            } else {
                "missing_before"
            };
            return Err(Broken {
                seq: e.seq,
                reason: reason.into(),
            });
        }
        if e.hash != hash(&prev, e) {
            return Err(Broken {
                seq: e.seq,
                reason: "edited".into(),
            });
        }
        prev = e.hash.clone();
    }
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<Entry> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let mut e = Entry {
                    seq,
                    id: format!("id{seq}"),
                    at: "2026-11-23T03:00:00Z".into(),
                    staff_id: Some("s".into()),
                    entity: "ticket".into(),
                    entity_id: "t".into(),
                    op: "status".into(),
                    before: (seq % 2 == 0).then(|| "{}".to_string()),
                    detail: format!("{{\"n\":{seq}}}"),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = hash(&prev, &e);
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    #[test]
    fn intact_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(5));
        assert_eq!(verify(&[]), Ok(0));
    }

    #[test]
    fn edit_delete_insert_are_named() {
        let mut c = chain(5);
        c[2].detail = "{\"n\":999}".into();
        assert_eq!(
            verify(&c),
            Err(Broken {
                seq: 3,
                reason: "edited".into()
            })
        );

        let mut c = chain(5);
        c[3].before = Some("{\"n\":0}".into());
        assert_eq!(
            verify(&c).unwrap_err().seq,
            4,
            "an edited before-state breaks the chain"
        );

        let mut c = chain(5);
        c.remove(1);
        assert_eq!(
            verify(&c),
            Err(Broken {
                seq: 3,
                reason: "missing_before".into()
            })
        );

        // A forged entry appended with a correct-looking hash but the wrong link.
        let mut c = chain(3);
        let mut forged = c[2].clone();
        forged.seq = 4;
        forged.prev_hash = GENESIS.into();
        forged.hash = hash(GENESIS, &forged);
        c.push(forged);
        assert_eq!(
            verify(&c),
            Err(Broken {
                seq: 4,
                reason: "inserted".into()
            })
        );
    }
}
