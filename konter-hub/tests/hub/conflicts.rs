//! Two counters apart: one phone taken in twice, one row changed twice;
//! kept aside or recorded as conflicts, shown with both sides.

use super::*;

#[tokio::test]
async fn one_phone_taken_in_at_two_counters_apart_is_kept_aside_and_sync_goes_on() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    // While apart, both counters take in a customer with the same phone.
    let na = intake(&a, "Budi Santoso", "0812-3456-7890", 5).await;
    let nb = intake(&b, "Budi S.", "0812-3456-7890", 6).await;
    a.round().await;
    b.round().await;
    a.round().await;
    // Each counter keeps the other's customer (and the ticket hanging off
    // it) aside as a conflict, and its pull is not stuck on them.
    for (d, theirs) in [(&a, &nb), (&b, &na)] {
        let s = sync::status(&d.db).await.unwrap();
        assert_eq!(s.last_error, None);
        let kept: Vec<(String, String)> =
            sqlx::query_as("SELECT tbl, reason FROM sync_conflicts ORDER BY hub_seq")
                .fetch_all(&d.db.pool)
                .await
                .unwrap();
        let kept: Vec<(&str, &str)> = kept.iter().map(|(t, r)| (t.as_str(), r.as_str())).collect();
        assert_eq!(
            kept,
            vec![
                ("customers", "unique_taken"),
                ("tickets", "parent_missing"),
                ("ticket_events", "parent_missing")
            ],
            "{theirs}: the customer (phone taken), its ticket and the ticket's intake, kept aside"
        );
        assert_eq!(s.conflicts, 3);
    }
    let later = intake(&a, "Sari Dewi", "0813-1111-2222", 10).await;
    a.round().await;
    b.round().await;
    assert!(
        b.board().await.contains(&later),
        "what comes after still arrives"
    );
}

#[tokio::test]
async fn one_customer_changed_at_two_counters_while_apart_is_a_conflict() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let id: String = sqlx::query_scalar("SELECT id FROM staff WHERE username = 'owner'")
        .fetch_one(&a.db.pool)
        .await
        .unwrap();
    // Both counters rename the owner's account while neither has the other's change.
    for (d, name) in [(&a, "Hendra H."), (&b, "Pak Hendra")] {
        sqlx::query("UPDATE staff SET name = ? WHERE id = ?")
            .bind(name)
            .bind(&id)
            .execute(&d.db.pool)
            .await
            .unwrap();
    }
    a.round().await;
    b.round().await;
    let kinds: Vec<(String, String, String)> =
        sqlx::query_as("SELECT kind, tbl, row_key FROM conflicts")
            .fetch_all(&h.hub.pool)
            .await
            .unwrap();
    assert_eq!(
        kinds,
        vec![("changed_apart".into(), "staff".into(), id.clone())]
    );
    // Both versions are kept in the hub's log, in its order.
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT data->>'name' FROM changes WHERE tbl = 'staff' AND row_key = $1 AND data->>'name' IN ('Hendra H.', 'Pak Hendra') ORDER BY seq",
    )
    .bind(&id)
    .fetch_all(&h.hub.pool)
    .await
    .unwrap();
    assert_eq!(
        names,
        vec!["Hendra H.".to_string(), "Pak Hendra".to_string()]
    );
    // Every device of the shop lists it with both sides; another shop's
    // device sees nothing of it.
    let cfg = sync::config(&a.db).await.unwrap().unwrap();
    let listed = HttpHub::for_config(&cfg)
        .unwrap()
        .conflicts()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    let c = &listed[0];
    assert_eq!(
        (
            c.kind.as_str(),
            c.device.as_str(),
            c.other_device.as_deref()
        ),
        ("changed_apart", "Kasir 2", Some("Kasir 1"))
    );
    assert_eq!(c.mine.as_ref().unwrap()["name"], "Pak Hendra");
    assert_eq!(c.theirs.as_ref().unwrap()["name"], "Hendra H.");
    let other = admin::create_shop(&h.hub.pool, "Toko Lain").await.unwrap();
    let code = admin::enrolment_code(&h.hub.pool, other, "BDG1", "K1")
        .await
        .unwrap();
    let e = sync::enrol(&h.url, &code, "Kasir Bandung").await.unwrap();
    assert!(HttpHub::new(&h.url, &e.token)
        .unwrap()
        .conflicts()
        .await
        .unwrap()
        .is_empty());
}
