//! Field work done apart: one technician booked for overlapping hours at
//! two counters (one booking confirmed, the other not, each tentative before
//! it reached the hub), and a chain of custody written at two counters that
//! reads in the hub's order everywhere.

use super::work::*;
use super::*;

#[tokio::test]
async fn one_technician_booked_twice_apart_keeps_one_booking_confirmed() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let customer = shared_customer(&a, &b).await;
    let joko = technician(&a).await;
    let first = visit(&a, &customer, 5).await;
    let second = visit(&a, &customer, 6).await;
    a.round().await;
    b.round().await;
    // While apart: Tuesday 09:00–10:00 at counter A, 09:30–11:00 at counter B.
    book(&a, first.id, joko, "2026-11-24T09:00", 60, 10)
        .await
        .unwrap();
    book(&b, second.id, joko, "2026-11-24T09:30", 90, 11)
        .await
        .unwrap();
    // Not at the hub yet: each counter shows its own booking as tentative.
    let standing = |d: &Device, id: Uuid| {
        let db = d.db.clone();
        async move { visits::get(&db, Utc::now(), id).await.unwrap().confirmation }
    };
    assert_eq!(standing(&a, first.id).await.as_deref(), Some("tentative"));
    assert_eq!(standing(&b, second.id).await.as_deref(), Some("tentative"));
    a.round().await;
    b.round().await;
    a.round().await;
    // Once synced: the first confirmed, the second not, at every counter.
    for d in [&a, &b] {
        assert_eq!(standing(d, first.id).await.as_deref(), Some("confirmed"));
        assert_eq!(
            standing(d, second.id).await.as_deref(),
            Some("double_booked")
        );
    }

    let confirmed = |h: &TestHub| {
        let pool = h.hub.pool.clone();
        let shop = h.shop;
        async move {
            let mut v: Vec<String> =
                sqlx::query_scalar("SELECT visit_id FROM confirmed_bookings WHERE shop_id = $1")
                    .bind(shop)
                    .fetch_all(&pool)
                    .await
                    .unwrap();
            v.sort();
            v
        }
    };
    let conflicts = |h: &TestHub| {
        let pool = h.hub.pool.clone();
        let shop = h.shop;
        async move {
            sqlx::query_as::<_, (String, String, String, Option<String>)>(
                "SELECT kind, tbl, row_key, detail FROM conflicts WHERE shop_id = $1 ORDER BY seq",
            )
            .bind(shop)
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    let once = vec![(
        "double_booked".to_string(),
        "visits".to_string(),
        second.id.to_string(),
        Some(first.id.to_string()),
    )];
    assert_eq!(confirmed(&h).await, vec![first.id.to_string()]);
    assert_eq!(conflicts(&h).await, once);
    // Both bookings are facts everywhere; the hub confirmed the first.
    for d in [&a, &b] {
        let s = sync::status(&d.db).await.unwrap();
        assert_eq!((s.last_error, s.conflicts, s.waiting), (None, 0, 0));
        for v in [&first, &second] {
            let v = visits::get(&d.db, Utc::now(), v.id).await.unwrap();
            assert_eq!(
                (v.status.as_str(), v.technician_id.as_deref()),
                ("booked", Some(joko.to_string().as_str()))
            );
        }
    }
    let cfg = sync::config(&a.db).await.unwrap().unwrap();
    let listed = HttpHub::for_config(&cfg)
        .unwrap()
        .conflicts()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(
        (listed[0].kind.as_str(), listed[0].key.as_str()),
        ("double_booked", second.id.to_string().as_str())
    );
    assert!(listed[0].mine.is_some() && listed[0].theirs.is_some());

    // Syncing again finds nothing new.
    for _ in 0..2 {
        a.round().await;
        b.round().await;
    }
    assert_eq!(confirmed(&h).await, vec![first.id.to_string()]);
    assert_eq!(conflicts(&h).await, once);

    // A booking that overlaps nothing is confirmed, with no conflict.
    let third = visit(&b, &customer, 30).await;
    book(&b, third.id, joko, "2026-11-24T13:00", 60, 31)
        .await
        .unwrap();
    b.round().await;
    a.round().await;
    let mut want = vec![first.id.to_string(), third.id.to_string()];
    want.sort();
    assert_eq!(confirmed(&h).await, want);
    assert_eq!(conflicts(&h).await, once);

    // The technician checks in at the unconfirmed visit: a later version of
    // it, still over the confirmed one, so still not confirmed everywhere.
    konter::store::field::work::check_in(&b.db, &b.ctx(40), second.id)
        .await
        .unwrap();
    b.round().await;
    a.round().await;
    for d in [&a, &b] {
        assert_eq!(
            standing(d, second.id).await.as_deref(),
            Some("double_booked")
        );
    }
    assert_eq!(conflicts(&h).await, once);
}

#[tokio::test]
async fn a_chain_of_custody_made_at_two_counters_reads_the_same_everywhere() {
    use konter::domain::field::custody::Party;
    use konter::store::field::courier_jobs::{self, Handover};
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let number = intake(&a, "Budi Santoso", "0812-3456-7890", 5).await;
    a.round().await;
    b.round().await;
    let (id, code): (String, String) =
        sqlx::query_as("SELECT id, tracking_code FROM tickets WHERE number = ?")
            .bind(&number)
            .fetch_one(&a.db.pool)
            .await
            .unwrap();
    let id = Uuid::parse_str(&id).unwrap();
    // While apart, each counter takes the device in from the customer.
    for (d, condition, at) in [(&a, "Lecet di tutup", 10), (&b, "Adaptor ada", 11)] {
        let step = Handover {
            from: Party::Customer,
            to: Party::Counter,
            condition: condition.into(),
            scanned: code.clone(),
            job_id: None,
        };
        courier_jobs::hand_over(&d.db, &d.ctx(at), id, step)
            .await
            .unwrap();
    }
    // B's goes up first, so it is first in the hub's order; each device
    // wrote its own first and received the other's after.
    b.round().await;
    a.round().await;
    b.round().await;
    let chain = |d: &Device| {
        let db = d.db.clone();
        async move {
            courier_jobs::chain_of(&db, id)
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.condition)
                .collect::<Vec<_>>()
        }
    };
    let want = vec!["Adaptor ada".to_string(), "Lecet di tutup".to_string()];
    assert_eq!(chain(&a).await, want, "at counter A");
    assert_eq!(chain(&b).await, want, "at counter B");
}
