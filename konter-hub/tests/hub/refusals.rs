//! What the hub refuses or keeps out: bad input (nothing written), history
//! rewritten or erased, and a value a column cannot take.

use super::*;

#[tokio::test]
async fn bad_input_at_the_hub_is_refused_and_writes_nothing() {
    let h = hub().await;
    let (a, _b) = two_counters(&h).await;
    let cfg = sync::config(&a.db).await.unwrap().unwrap();
    let good = |seq: i64| Change {
        device_seq: seq,
        table: "holidays".into(),
        key: "2026-12-31".into(),
        data: Some(json!({ "date": "2026-12-31", "kind": "shop", "name": "Tutup buku" })),
        base_seq: 0,
        staff_id: None,
    };
    let before = count(&h, "SELECT COUNT(*) FROM changes").await;
    let code_of = |e: konter::Error| match e {
        konter::Error::Validation { code, .. } | konter::Error::Unauthorized { code, .. } => code,
        other => panic!("{other:?}"),
    };
    // A forged credential, then a revoked device.
    let forged = HttpHub::new(&h.url, &admin::random_token()).unwrap();
    let batch = PushBatch {
        schema: sync::schema_version(),
        audit: vec![],
        changes: vec![good(2_000_000)],
    };
    assert_eq!(
        code_of(forged.push(&batch).await.unwrap_err()),
        "unknown_device"
    );
    // Malformed and unknown shapes.
    let t = HttpHub::for_config(&cfg).unwrap();
    let cases: Vec<(PushBatch, &str)> = vec![
        (
            PushBatch {
                schema: sync::schema_version(),
                audit: vec![],
                changes: vec![],
            },
            "empty_batch",
        ),
        (
            PushBatch {
                schema: 1,
                audit: vec![],
                changes: vec![good(2_000_000)],
            },
            "old_schema",
        ),
        (
            PushBatch {
                schema: sync::schema_version(),
                audit: vec![],
                changes: vec![Change {
                    table: "outbox".into(),
                    ..good(2_000_000)
                }],
            },
            "unknown_table",
        ),
        (
            PushBatch {
                schema: sync::schema_version(),
                audit: vec![],
                changes: vec![Change {
                    data: Some(json!({ "date": "2026-12-31", "evil": 1 })),
                    ..good(2_000_000)
                }],
            },
            "unknown_column",
        ),
        (
            PushBatch {
                schema: sync::schema_version(),
                audit: vec![],
                changes: vec![Change {
                    key: "2027-01-01".into(),
                    ..good(2_000_000)
                }],
            },
            "bad_key",
        ),
        (
            PushBatch {
                schema: sync::schema_version(),
                audit: vec![],
                changes: vec![good(2_000_001), good(2_000_000)],
            },
            "batch_out_of_order",
        ),
        (
            PushBatch {
                schema: sync::schema_version(),
                audit: vec![],
                changes: (1..=konter::domain::sync::MAX_BATCH as i64 + 1)
                    .map(|i| good(2_000_000 + i))
                    .collect(),
            },
            "batch_too_large",
        ),
    ];
    for (batch, code) in cases {
        assert_eq!(code_of(t.push(&batch).await.unwrap_err()), code);
    }
    let raw = reqwest_post(&format!("{}/v1/push", h.url), &cfg.token, b"{not json").await;
    assert_eq!(raw.0, 400);
    assert!(raw.1.contains("\"malformed\""), "{}", raw.1);
    assert_eq!(
        count(&h, "SELECT COUNT(*) FROM changes").await,
        before,
        "nothing written"
    );
    admin::revoke(&h.hub.pool, cfg.device_id).await.unwrap();
    let batch = PushBatch {
        schema: sync::schema_version(),
        audit: vec![],
        changes: vec![good(2_000_000)],
    };
    assert_eq!(code_of(t.push(&batch).await.unwrap_err()), "device_revoked");
    assert_eq!(code_of(t.pull(0, 10).await.unwrap_err()), "device_revoked");
    // The revoked counter's place is free for a new PC.
    let code = admin::enrolment_code(&h.hub.pool, h.shop, "JKT1", "K1")
        .await
        .unwrap();
    let again = sync::enrol(&h.url, &code, "Kasir 1 (PC baru)")
        .await
        .unwrap();
    assert_ne!(again.device_id, cfg.device_id);
    // An enrolment code works once.
    let code = admin::enrolment_code(&h.hub.pool, h.shop, "JKT1", "K3")
        .await
        .unwrap();
    sync::enrol(&h.url, &code, "Kasir 3").await.unwrap();
    assert_eq!(
        code_of(sync::enrol(&h.url, &code, "Kasir 4").await.unwrap_err()),
        "code_used"
    );
    assert_eq!(
        code_of(
            sync::enrol(&h.url, "AAAA-BBBB-CCCC", "Kasir 4")
                .await
                .unwrap_err()
        ),
        "unknown_code"
    );
}

#[tokio::test]
async fn history_is_not_rewritten_at_the_hub() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let n = intake(&a, "Budi Santoso", "0812-3456-7890", 5).await;
    a.round().await;
    b.round().await;
    let (event, ticket): (String, String) =
        sqlx::query_as("SELECT e.id, e.ticket_id FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.number = ?")
            .bind(&n)
            .fetch_one(&a.db.pool)
            .await
            .unwrap();
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
    let mut image: serde_json::Value = sqlx::query_scalar::<_, serde_json::Value>(
        "SELECT to_jsonb(r) - '_shop' - '_seq' - '_device' FROM rows.ticket_events r WHERE id = $1",
    )
    .bind(&event)
    .fetch_one(&h.hub.pool)
    .await
    .unwrap();
    image["note"] = json!("ditulis ulang");
    let other_event: String = sqlx::query_scalar("SELECT id FROM rows.ticket_events LIMIT 1")
        .fetch_one(&h.hub.pool)
        .await
        .unwrap();
    let batch = PushBatch {
        schema: sync::schema_version(),
        audit: vec![],
        changes: vec![
            Change {
                device_seq: next,
                table: "ticket_events".into(),
                key: event.clone(),
                data: Some(image),
                base_seq: 0,
                staff_id: None,
            },
            Change {
                device_seq: next + 1,
                table: "ticket_events".into(),
                key: other_event,
                data: None,
                base_seq: 0,
                staff_id: None,
            },
        ],
    };
    let reply = t.push(&batch).await.unwrap();
    assert_eq!((reply.applied, reply.conflicts), (2, 2));
    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM conflicts ORDER BY seq")
        .fetch_all(&h.hub.pool)
        .await
        .unwrap();
    assert_eq!(
        kinds,
        vec!["rewrites_history".to_string(), "erases_history".to_string()]
    );
    let note: Option<String> =
        sqlx::query_scalar("SELECT note FROM rows.ticket_events WHERE id = $1")
            .bind(&event)
            .fetch_one(&h.hub.pool)
            .await
            .unwrap();
    assert_eq!(note, None, "the hub's copy of the event is as it was");
    assert_eq!(
        count(&h, "SELECT COUNT(*) FROM changes WHERE NOT applied").await,
        2
    );
    // The other counter notes both and leaves its rows alone.
    let before = count(&h, "SELECT COUNT(*) FROM rows.ticket_events").await;
    b.round().await;
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ticket_events WHERE ticket_id = ?")
        .bind(&ticket)
        .fetch_one(&b.db.pool)
        .await
        .unwrap();
    assert!(events >= 1 && before >= 1);
    assert_eq!(
        sync::status(&b.db).await.unwrap().conflicts,
        0,
        "refused at the hub, so not a conflict here"
    );
}

#[tokio::test]
async fn a_value_the_hub_cannot_take_is_kept_out_and_the_rest_applied() {
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
    let coupon = |seq: i64, code: &str, min: serde_json::Value| Change {
        device_seq: seq,
        table: "coupons".into(),
        key: code.into(),
        data: Some(
            json!({ "code": code, "kind": "fixed", "value": "10000", "min_subtotal": min, "active": 1, "created_at": "2026-11-23T03:00:00Z" }),
        ),
        base_seq: 0,
        staff_id: None,
    };
    let batch = PushBatch {
        schema: sync::schema_version(),
        audit: vec![],
        changes: vec![
            coupon(next, "HEMAT", json!(50000)),
            coupon(next + 1, "RUSAK", json!("lima puluh")),
            coupon(next + 2, "DISKON", json!(0)),
        ],
    };
    let reply = t.push(&batch).await.unwrap();
    assert_eq!((reply.applied, reply.conflicts), (3, 1));
    let codes: Vec<String> = sqlx::query_scalar("SELECT code FROM rows.coupons ORDER BY code")
        .fetch_all(&h.hub.pool)
        .await
        .unwrap();
    assert_eq!(codes, vec!["DISKON".to_string(), "HEMAT".to_string()]);
    let kept: Vec<(String, String)> = sqlx::query_as("SELECT c.kind, c.row_key FROM conflicts c")
        .fetch_all(&h.hub.pool)
        .await
        .unwrap();
    assert_eq!(kept, vec![("not_applied".to_string(), "RUSAK".to_string())]);
    assert_eq!(
        count(&h, "SELECT COUNT(*) FROM changes WHERE NOT applied").await,
        1
    );
}

async fn reqwest_post(url: &str, token: &str, body: &[u8]) -> (u16, String) {
    let resp = reqwest::Client::new()
        .post(url)
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}
