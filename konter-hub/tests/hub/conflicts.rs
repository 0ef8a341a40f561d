//! Two counters apart: one phone taken in twice, one row changed twice;
//! kept aside or recorded as conflicts, shown with both sides.

use super::*;

#[tokio::test]
async fn one_phone_taken_in_at_two_counters_apart_is_a_conflict_settled_by_a_merge() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    // While apart, both counters take in a customer with the same phone.
    let na = intake(&a, "Budi Santoso", "0812-3456-7890", 5).await;
    let nb = intake(&b, "Budi S.", "0812-3456-7890", 6).await;
    a.round().await;
    b.round().await;
    a.round().await;
    // Both customers and both tickets are facts at every counter; nothing
    // is kept aside and the hub names the pair for people.
    for d in [&a, &b] {
        let s = sync::status(&d.db).await.unwrap();
        assert_eq!((s.last_error, s.conflicts), (None, 0));
        let board = d.board().await;
        assert!(board.contains(&na) && board.contains(&nb), "{board:?}");
    }
    let cfg = sync::config(&a.db).await.unwrap().unwrap();
    let listed = HttpHub::for_config(&cfg)
        .unwrap()
        .conflicts()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    let c = &listed[0];
    assert_eq!(
        (c.kind.as_str(), c.table.as_str(), c.resolved.as_deref()),
        ("same_customer", "customers", None)
    );
    let theirs = c.theirs.as_ref().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mine = c.key.clone();
    // A front-desk clerk may not merge; the owner merges the later record
    // into the first, settling the conflict.
    let input = sync::MergeInput {
        keep: theirs.clone(),
        duplicate: mine.clone(),
        conflict_id: Some(c.id.to_string()),
        note: Some("Satu orang, dua kasir".into()),
    };
    let clerk = Ctx {
        role: Role::FrontDesk,
        ..a.ctx(20)
    };
    assert!(matches!(
        sync::merge_customers(&a.db, &clerk, &input).await,
        Err(konter::Error::Forbidden { .. })
    ));
    let moved = sync::merge_customers(&a.db, &a.ctx(20), &input)
        .await
        .unwrap();
    assert_eq!(moved, 1, "the later ticket goes to the customer kept");
    assert!(matches!(
        sync::merge_customers(&a.db, &a.ctx(21), &input).await,
        Err(konter::Error::InvalidState { .. })
    ));
    a.round().await;
    b.round().await;
    for d in [&a, &b] {
        let owners: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT customer_id FROM tickets WHERE number IN (?, ?)")
                .bind(&na)
                .bind(&nb)
                .fetch_all(&d.db.pool)
                .await
                .unwrap();
        assert_eq!(owners, vec![theirs.clone()]);
        let merged: Option<String> =
            sqlx::query_scalar("SELECT merged_into FROM customers WHERE id = ?")
                .bind(&mine)
                .fetch_one(&d.db.pool)
                .await
                .unwrap();
        assert_eq!(merged.as_deref(), Some(theirs.as_str()));
        let found = customers::find(&d.db, "0812-3456").await.unwrap();
        assert_eq!(found.len(), 1, "the merged record is no longer offered");
    }
    let listed = HttpHub::for_config(&cfg)
        .unwrap()
        .conflicts()
        .await
        .unwrap();
    assert_eq!(listed[0].resolved.as_deref(), Some("merged"));
    assert_eq!(
        count(
            &h,
            "SELECT COUNT(*) FROM conflicts WHERE resolved_at IS NULL"
        )
        .await,
        0
    );
    let later = intake(&a, "Sari Dewi", "0813-1111-2222", 30).await;
    a.round().await;
    b.round().await;
    assert!(
        b.board().await.contains(&later),
        "what comes after still arrives"
    );
}

#[tokio::test]
async fn a_settlement_or_a_raise_written_without_the_right_is_refused_at_the_hub() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let na = intake(&a, "Budi Santoso", "0812-3456-7890", 5).await;
    intake(&b, "Budi S.", "0812-3456-7890", 6).await;
    a.round().await;
    b.round().await;
    let conflict: Uuid = sqlx::query_scalar("SELECT id FROM conflicts")
        .fetch_one(&h.hub.pool)
        .await
        .unwrap();
    // A clerk's account made at counter A by the owner (attributed, allowed).
    let clerk = konter::store::staff::add(
        &a.db,
        &a.ctx(7),
        konter::store::staff::NewStaff {
            username: "sari".into(),
            name: "Sari".into(),
            role: Role::FrontDesk,
            password: "kasir-rahasia-1".into(),
        },
    )
    .await
    .unwrap();
    a.round().await;
    b.round().await;
    // Counter B's database is written behind the app's back: the clerk made
    // owner, and the conflict "settled" by no one.
    sqlx::query("UPDATE staff SET role = 'owner' WHERE id = ?")
        .bind(clerk.id.to_string())
        .execute(&b.db.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO conflict_resolutions (id, conflict_id, outcome, note, staff_id, at) VALUES (?, ?, 'kept', 'x', ?, '2026-11-23T03:00:00Z')",
    )
    .bind(konter::domain::new_id().to_string())
    .bind(conflict.to_string())
    .bind(clerk.id.to_string())
    .execute(&b.db.pool)
    .await
    .unwrap();
    b.round().await;
    a.round().await;
    let refused: Vec<(String, String)> =
        sqlx::query_as("SELECT tbl, kind FROM conflicts WHERE kind = 'not_permitted' ORDER BY tbl")
            .fetch_all(&h.hub.pool)
            .await
            .unwrap();
    let refused: Vec<(&str, &str)> = refused
        .iter()
        .map(|(t, k)| (t.as_str(), k.as_str()))
        .collect();
    assert_eq!(
        refused,
        vec![
            ("conflict_resolutions", "not_permitted"),
            ("staff", "not_permitted")
        ]
    );
    let role: String = sqlx::query_scalar("SELECT role FROM rows.staff WHERE id = $1")
        .bind(clerk.id.to_string())
        .fetch_one(&h.hub.pool)
        .await
        .unwrap();
    assert_eq!(role, "front_desk", "the hub's rows keep the clerk a clerk");
    let role: String = sqlx::query_scalar("SELECT role FROM staff WHERE id = ?")
        .bind(clerk.id.to_string())
        .fetch_one(&a.db.pool)
        .await
        .unwrap();
    assert_eq!(role, "front_desk", "and so does every other counter");
    assert_eq!(
        count(
            &h,
            "SELECT COUNT(*) FROM conflicts WHERE kind = 'same_customer' AND resolved_at IS NULL"
        )
        .await,
        1,
        "the conflict is still open"
    );
    // The clerk may change their own password at any counter.
    konter::store::staff::signin::change_password(
        &a.db,
        &Ctx {
            staff_id: clerk.id,
            role: Role::FrontDesk,
            now: Utc::now(),
        },
        "kasir-rahasia-1",
        "kasir-baru-22",
    )
    .await
    .unwrap();
    a.round().await;
    assert_eq!(
        count(
            &h,
            "SELECT COUNT(*) FROM conflicts WHERE kind = 'not_permitted'"
        )
        .await,
        2,
        "{na}: their own password is theirs to change"
    );
}

#[tokio::test]
async fn one_customer_changed_at_two_counters_while_apart_is_a_conflict() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let id = shared_customer(&a, &b).await;
    // Both counters rename the customer while neither has the other's change.
    for (d, name) in [(&a, "Hendra H."), (&b, "Pak Hendra")] {
        sqlx::query("UPDATE customers SET name = ? WHERE id = ?")
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
        vec![("changed_apart".into(), "customers".into(), id.clone())]
    );
    // Both versions are kept in the hub's log, in its order.
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT data->>'name' FROM changes WHERE tbl = 'customers' AND row_key = $1 AND data->>'name' IN ('Hendra H.', 'Pak Hendra') ORDER BY seq",
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

#[tokio::test]
async fn an_admin_made_offline_may_change_the_shop_in_the_same_push() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    // While the hub is away the owner makes Sari an admin, and Sari marks
    // a day off: both go up in one push.
    let sari = konter::store::staff::add(
        &a.db,
        &a.ctx(7),
        konter::store::staff::NewStaff {
            username: "sari".into(),
            name: "Sari".into(),
            role: Role::Admin,
            password: "admin-rahasia-1".into(),
        },
    )
    .await
    .unwrap();
    let as_sari = Ctx {
        staff_id: sari.id,
        role: Role::Admin,
        now: monday(),
    };
    konter::store::shop::calendar::add_holiday(
        &a.db,
        &as_sari,
        konter::store::shop::calendar::HolidayInput {
            date: "2026-12-24".into(),
            name: "Cuti bersama Natal".into(),
        },
    )
    .await
    .unwrap();
    a.round().await;
    b.round().await;
    assert_eq!(count(&h, "SELECT COUNT(*) FROM conflicts").await, 0);
    let at_b: Vec<String> =
        sqlx::query_scalar("SELECT date FROM holidays WHERE name = 'Cuti bersama Natal'")
            .fetch_all(&b.db.pool)
            .await
            .unwrap();
    assert_eq!(at_b, vec!["2026-12-24".to_string()]);
}
