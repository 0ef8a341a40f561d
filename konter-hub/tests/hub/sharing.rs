//! Counters sharing one shop: the hub's rows match the devices' schema, a
//! ticket from one counter reaches the other, a push sent again changes
//! nothing, and a change not yet at the hub keeps its row locally.

use super::*;

#[tokio::test]
async fn rows_schema_matches_the_devices() {
    // Every shared table and column of this build, with its type, is in the
    // hub's `rows` schema after its migrations, and nothing else is: a device
    // migration without its hub migration fails here, with the DDL to add.
    let d = empty_device().await;
    let shared = sync::shared_schema(&d.db).await.unwrap();
    let h = hub().await;
    let mut at_hub: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns
         WHERE table_schema = 'rows' AND column_name NOT LIKE '\\_%' ORDER BY 1, 2",
    )
    .fetch_all(&h.hub.pool)
    .await
    .unwrap();
    at_hub.sort();
    let mut wanted: Vec<(String, String, String)> = shared
        .iter()
        .flat_map(|t| {
            t.columns.iter().map(|(c, decl)| {
                (
                    t.name.clone(),
                    c.clone(),
                    konter_hub::rows::pg_type(decl).to_string(),
                )
            })
        })
        .collect();
    wanted.sort();
    let missing: Vec<_> = wanted.iter().filter(|c| !at_hub.contains(c)).collect();
    let extra: Vec<_> = at_hub.iter().filter(|c| !wanted.contains(c)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "the hub's rows differ from the devices' schema: missing {missing:?}, extra {extra:?}; \
         a new table's DDL is konter_hub::rows::ddl:\n{}",
        konter_hub::rows::ddl(&shared)
    );
    // The hub keeps history as the devices do: its lists name exactly the
    // shared tables whose triggers refuse updates and deletes.
    for (suffix, list) in [
        ("_no_update", &konter::domain::sync::NO_UPDATE[..]),
        ("_no_delete", &konter::domain::sync::NO_DELETE[..]),
    ] {
        let mut guarded: Vec<String> = sqlx::query_scalar(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name = tbl_name || ?",
        )
        .bind(suffix)
        .fetch_all(&d.db.pool)
        .await
        .unwrap();
        guarded.retain(|t| konter::domain::sync::shared_table(t));
        guarded.sort();
        assert_eq!(
            guarded,
            list.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "{suffix}"
        );
    }
}

#[tokio::test]
async fn a_ticket_taken_in_at_one_counter_shows_at_the_other() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    // The second counter received the shop: its profile, its owner, but
    // keeps its own counter code for its numbers.
    let pb = shop::profile(&b.db).await.unwrap();
    assert_eq!(pb.name, "Toko Scanner Jaya");
    assert_eq!(
        (pb.branch_code.as_str(), pb.counter_code.as_str()),
        ("JKT1", "K2")
    );
    let login = konter::store::staff::login(&b.db, "owner", "rahasia-123", Utc::now()).await;
    assert!(
        login.is_ok(),
        "the owner signs in at the second counter: {login:?}"
    );

    let n1 = intake(&a, "Budi Santoso", "0812-3456-7890", 5).await;
    a.round().await;
    let r = b.round().await;
    assert!(r.pulled.applied >= 3, "{r:?}");
    assert!(b.board().await.contains(&n1), "{n1} on counter 2's board");
    // The unlock PIN stayed where it was taken in.
    let secret: Option<String> =
        sqlx::query_scalar("SELECT unlock_secret FROM tickets WHERE number = ?")
            .bind(&n1)
            .fetch_one(&b.db.pool)
            .await
            .unwrap();
    assert_eq!(secret, None);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'rows' AND column_name = 'unlock_secret'").await, 0);
    let q = BoardQuery {
        status: None,
        text: Some("Budi".into()),
        include_closed: true,
    };
    assert_eq!(
        board::board(&b.db, &q).await.unwrap().len(),
        1,
        "found by name through the search index"
    );

    // Counter 2 numbers its own tickets; both counters end up with both.
    let n2 = intake(&b, "Sari Dewi", "0813-1111-2222", 10).await;
    assert!(n2.contains("-K2-"), "{n2}");
    b.round().await;
    a.round().await;
    let board_a = a.board().await;
    assert!(
        board_a.contains(&n1) && board_a.contains(&n2),
        "{board_a:?}"
    );
    assert_eq!(count(&h, "SELECT COUNT(*) FROM rows.tickets").await, 2);
    let waiting = sync::status(&a.db).await.unwrap();
    assert_eq!(
        (waiting.joined, waiting.waiting, waiting.conflicts),
        (true, 0, 0)
    );
}

#[tokio::test]
async fn a_push_sent_again_changes_nothing() {
    let h = hub().await;
    let (a, _b) = two_counters(&h).await;
    let cfg = sync::config(&a.db).await.unwrap().unwrap();
    let t = HttpHub::for_config(&cfg).unwrap();
    let next = count(
        &h,
        &format!(
            "SELECT pushed_through + 1 FROM devices WHERE id = '{}'",
            cfg.device_id
        ),
    )
    .await;
    let batch = PushBatch {
        schema: sync::schema_version(),
        audit: vec![],
        changes: vec![Change {
            device_seq: next,
            table: "holidays".into(),
            key: "2026-12-24".into(),
            data: Some(json!({ "date": "2026-12-24", "kind": "shop", "name": "Malam Natal" })),
            base_seq: 0,
            staff_id: None,
        }],
    };
    let first = t.push(&batch).await.unwrap();
    let before = count(&h, "SELECT COUNT(*) FROM changes").await;
    let again = t.push(&batch).await.unwrap();
    assert_eq!((first.applied, first.duplicates), (1, 0));
    assert_eq!(
        (again.applied, again.duplicates, again.accepted_through),
        (0, 1, next)
    );
    // A batch that skips numbers (a restored backup) is refused, not half-taken.
    let gap = PushBatch {
        changes: vec![Change {
            device_seq: next + 5,
            ..batch.changes[0].clone()
        }],
        ..batch.clone()
    };
    match t.push(&gap).await.unwrap_err() {
        konter::Error::Validation { code, .. } => assert_eq!(code, "batch_gap"),
        other => panic!("{other:?}"),
    }
    assert_eq!(count(&h, "SELECT COUNT(*) FROM changes").await, before);
    assert_eq!(
        count(
            &h,
            "SELECT COUNT(*) FROM rows.holidays WHERE date = '2026-12-24'"
        )
        .await,
        1
    );
}

/// A network on which pushes fail and pulls work.
struct NoPush(HttpHub);

impl Transport for NoPush {
    async fn push(&self, _: &PushBatch) -> konter::Result<konter::domain::sync::PushReply> {
        Err(konter::Error::Storage {
            message: "the hub cannot be reached".into(),
        })
    }
    async fn pull(
        &self,
        after: i64,
        limit: usize,
    ) -> konter::Result<konter::domain::sync::PullReply> {
        self.0.pull(after, limit).await
    }
}

#[tokio::test]
async fn a_change_not_yet_at_the_hub_keeps_its_row_until_it_is() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let id = shared_customer(&a, &b).await;
    sqlx::query("UPDATE customers SET name = 'Hendra A' WHERE id = ?")
        .bind(&id)
        .execute(&a.db.pool)
        .await
        .unwrap();
    a.round().await;
    sqlx::query("UPDATE customers SET name = 'Hendra B' WHERE id = ?")
        .bind(&id)
        .execute(&b.db.pool)
        .await
        .unwrap();
    let cfg = sync::config(&b.db).await.unwrap().unwrap();
    let offline_push = NoPush(HttpHub::for_config(&cfg).unwrap());
    assert!(
        sync::round(&b.db, &offline_push, Utc::now()).await.is_err(),
        "the failed push is reported"
    );
    assert_eq!(
        customer_name(&b, &id).await,
        "Hendra B",
        "the clerk's own change is not undone by an older one from elsewhere"
    );
    let status = sync::status(&b.db).await.unwrap();
    assert_eq!(status.waiting, 1);
    assert!(status.last_error.is_some());
    // Once the hub has it, the hub's order settles the row everywhere, and
    // the two changes made apart are a conflict for people.
    b.round().await;
    a.round().await;
    assert_eq!(customer_name(&a, &id).await, "Hendra B");
    assert_eq!(customer_name(&b, &id).await, "Hendra B");
    assert_eq!(
        count(
            &h,
            "SELECT COUNT(*) FROM conflicts WHERE kind = 'changed_apart'"
        )
        .await,
        1
    );
    assert_eq!(sync::status(&b.db).await.unwrap().last_error, None);
}

/// A hub that hands out a fixed page of changes and takes every push.
struct FixedPage(Vec<konter::domain::sync::Pulled>);

impl Transport for FixedPage {
    async fn push(&self, b: &PushBatch) -> konter::Result<konter::domain::sync::PushReply> {
        Ok(konter::domain::sync::PushReply {
            accepted_through: b.changes.last().map_or(0, |c| c.device_seq),
            applied: b.changes.len() as u32,
            duplicates: 0,
            conflicts: 0,
            audit_through: b.audit.last().map_or(0, |l| l.seq),
        })
    }
    async fn pull(&self, after: i64, _: usize) -> konter::Result<konter::domain::sync::PullReply> {
        let changes: Vec<_> = self.0.iter().filter(|c| c.seq > after).cloned().collect();
        Ok(konter::domain::sync::PullReply {
            head: self.0.last().map_or(0, |c| c.seq),
            changes,
        })
    }
}

#[tokio::test]
async fn a_page_applies_in_runs_and_only_the_change_at_fault_is_kept_aside() {
    let d = empty_device().await;
    let e = konter::domain::sync::Enrolment {
        shop_id: Uuid::now_v7(),
        device_id: Uuid::now_v7(),
        token: "t".into(),
        branch_code: "JKT1".into(),
        counter_code: "K9".into(),
    };
    sync::join(&d.db, None, "http://127.0.0.1:9", &e, false, Utc::now())
        .await
        .unwrap();
    let other = Uuid::now_v7();
    let customer = |seq: i64, id: &str, phone: serde_json::Value| konter::domain::sync::Pulled {
        seq,
        device_id: other,
        table: "customers".into(),
        key: id.into(),
        data: Some(
            json!({"id": id, "name": format!("Pelanggan {seq}"), "phone": phone, "email": null,
            "address": null, "created_at": "2026-11-23T03:00:00.000000Z", "merged_into": null}),
        ),
        refused: false,
        conflict: None,
    };
    // Four customers in one run; the third has no phone (NOT NULL here).
    let page = FixedPage(vec![
        customer(1, "c1", json!("+6281200000001")),
        customer(2, "c2", json!("+6281200000002")),
        customer(3, "c3", serde_json::Value::Null),
        customer(4, "c4", json!("+6281200000004")),
    ]);
    let r = sync::round(&d.db, &page, Utc::now()).await.unwrap();
    assert_eq!((r.pulled.applied, r.pulled.conflicts), (3, 1));
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM customers ORDER BY id")
        .fetch_all(&d.db.pool)
        .await
        .unwrap();
    assert_eq!(ids, vec!["c1", "c2", "c4"]);
    let kept: Vec<(String, String)> = sqlx::query_as("SELECT row_key, reason FROM sync_conflicts")
        .fetch_all(&d.db.pool)
        .await
        .unwrap();
    assert_eq!(kept, vec![("c3".to_string(), "refused".to_string())]);
    // The same page again changes nothing: the cursor is past it.
    let again = sync::round(&d.db, &page, Utc::now()).await.unwrap();
    assert_eq!(again.pulled.applied, 0);
}

/// A device on an older schema sends a customer's row without the columns
/// it does not know (the note, migration 0025): the row applies and the
/// note the customer has here stays; an explicit null still clears.
#[tokio::test]
async fn a_row_from_an_older_schema_keeps_the_columns_it_does_not_name() {
    let d = empty_device().await;
    let e = konter::domain::sync::Enrolment {
        shop_id: Uuid::now_v7(),
        device_id: Uuid::now_v7(),
        token: "t".into(),
        branch_code: "JKT1".into(),
        counter_code: "K9".into(),
    };
    sync::join(&d.db, None, "http://127.0.0.1:9", &e, false, Utc::now())
        .await
        .unwrap();
    let other = Uuid::now_v7();
    let row = |seq: i64, name: &str, note: Option<serde_json::Value>| {
        let mut data = json!({"id": "c1", "name": name, "phone": "+6281200000001", "email": null,
            "address": null, "created_at": "2026-11-23T03:00:00.000000Z", "merged_into": null});
        if let Some(n) = note {
            data["note"] = n;
            data["note_flagged"] = json!(1);
        }
        konter::domain::sync::Pulled {
            seq,
            device_id: other,
            table: "customers".into(),
            key: "c1".into(),
            data: Some(data),
            refused: false,
            conflict: None,
        }
    };
    let page = FixedPage(vec![row(1, "Budi", Some(json!("Bayar tunai")))]);
    sync::round(&d.db, &page, Utc::now()).await.unwrap();
    let page = FixedPage(vec![
        row(1, "Budi", Some(json!("Bayar tunai"))),
        row(2, "Budi Santoso", None),
    ]);
    let r = sync::round(&d.db, &page, Utc::now()).await.unwrap();
    assert_eq!((r.pulled.applied, r.pulled.conflicts), (1, 0));
    let (name, note): (String, Option<String>) =
        sqlx::query_as("SELECT name, note FROM customers WHERE id = 'c1'")
            .fetch_one(&d.db.pool)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), note.as_deref()),
        ("Budi Santoso", Some("Bayar tunai"))
    );
    let page = FixedPage(vec![
        row(1, "Budi", Some(json!("Bayar tunai"))),
        row(2, "Budi Santoso", None),
        row(3, "Budi Santoso", Some(serde_json::Value::Null)),
    ]);
    sync::round(&d.db, &page, Utc::now()).await.unwrap();
    let note: Option<String> = sqlx::query_scalar("SELECT note FROM customers WHERE id = 'c1'")
        .fetch_one(&d.db.pool)
        .await
        .unwrap();
    assert_eq!(note, None, "an explicit null clears");
}
