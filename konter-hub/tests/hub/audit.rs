//! Each device's audit chain anchored at the hub: it arrives entry by entry,
//! verifies there with the device's own hash, and a chain rewritten on a
//! device is a conflict for people the first time it shows, while the
//! device's changes still go up.

use super::*;
use konter::domain::shop::audit::{verify, Entry};

/// The device's audit chain as the hub holds it.
pub(super) async fn anchored(h: &TestHub, device: Uuid) -> Vec<Entry> {
    let rows: Vec<serde_json::Value> = sqlx::query_scalar(
        "SELECT to_jsonb(e) - 'device_id' FROM audit_entries e WHERE device_id = $1 ORDER BY seq",
    )
    .bind(device)
    .fetch_all(&h.hub.pool)
    .await
    .unwrap();
    rows.into_iter()
        .map(|r| serde_json::from_value(r).unwrap())
        .collect()
}

async fn local_entries(d: &Device) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&d.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_devices_audit_chain_is_anchored_and_a_rewrite_is_found_at_the_hub() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    intake(&a, "Budi Santoso", "0812-3456-7890", 5).await;
    a.round().await;
    let ida = sync::config(&a.db).await.unwrap().unwrap().device_id;
    let held = anchored(&h, ida).await;
    assert!(held.len() > 3);
    assert_eq!(held.len() as i64, local_entries(&a).await);
    assert_eq!(verify(&held), Ok(held.len()));
    // A sign-in writes an audit entry and no shared row: it goes up alone.
    konter::store::staff::login(&b.db, "owner", "rahasia-123", Utc::now())
        .await
        .unwrap();
    b.round().await;
    let idb = sync::config(&b.db).await.unwrap().unwrap().device_id;
    assert_eq!(
        anchored(&h, idb).await.len() as i64,
        local_entries(&b).await
    );
    // Someone with the database file rewrites counter A's newest entry.
    for sql in [
        "DROP TRIGGER audit_log_no_delete",
        "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)",
    ] {
        sqlx::query(sql).execute(&a.db.pool).await.unwrap();
    }
    let later = intake(&a, "Sari Dewi", "0813-1111-2222", 9).await;
    a.round().await;
    a.round().await;
    let broken: Vec<(String, Option<Uuid>)> =
        sqlx::query_as("SELECT kind, device_id FROM conflicts WHERE tbl = 'audit_log'")
            .fetch_all(&h.hub.pool)
            .await
            .unwrap();
    assert_eq!(
        broken,
        vec![("audit_broken".to_string(), Some(ida))],
        "once"
    );
    let listed = HttpHub::for_config(&sync::config(&b.db).await.unwrap().unwrap())
        .unwrap()
        .conflicts()
        .await
        .unwrap();
    assert!(listed
        .iter()
        .any(|c| c.kind == "audit_broken" && c.device == "Kasir 1"));
    // The hub kept the chain it had; the counter's work still arrives.
    assert_eq!(anchored(&h, ida).await, held);
    b.round().await;
    assert!(b.board().await.contains(&later));
    assert_eq!(sync::status(&a.db).await.unwrap().waiting, 0);
}
