//! The hub and its devices, for real: a PostgreSQL server (the README's test
//! command starts one and names it in `KONTER_TEST_DATABASE_URL`; each test
//! gets a database of its own), the hub serving HTTP on loopback, and device
//! databases that are real SQLite files written through the core functions.

use chrono::{TimeZone, Utc};
use konter::domain::staff::Role;
use konter::domain::sync::{Change, PushBatch};
use konter::store::repairs::board::{self, BoardQuery};
use konter::store::repairs::tickets::{self, IntakeInput};
use konter::store::shop::{self, SetupInput};
use konter::store::sync::{self, HttpHub, Transport};
use konter::store::{customers, Ctx, Db};
use konter_hub::{admin, Hub};
use serde_json::json;
use uuid::Uuid;

fn server_url() -> String {
    std::env::var("KONTER_TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!("the hub tests need PostgreSQL: run scripts/test-all.sh, or `eval $(scripts/pg.sh start)` first")
    })
}

/// A database of its own on the test server.
async fn fresh_database() -> String {
    let server = server_url();
    let name = format!("hub_{}", Uuid::now_v7().simple());
    let admin = sqlx::PgPool::connect(&format!("{server}/postgres"))
        .await
        .unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    format!("{server}/{name}")
}

struct TestHub {
    hub: Hub,
    url: String,
    shop: Uuid,
}

async fn hub() -> TestHub {
    let hub = Hub::open(&fresh_database().await).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let router = hub.clone().router();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let shop = admin::create_shop(&hub.pool, "Toko Scanner Jaya")
        .await
        .unwrap();
    TestHub { hub, url, shop }
}

fn monday() -> chrono::DateTime<Utc> {
    chrono_tz::Asia::Jakarta
        .with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

struct Device {
    _dir: tempfile::TempDir,
    db: Db,
    owner: Uuid,
}

impl Device {
    fn ctx(&self, minutes: i64) -> Ctx {
        Ctx {
            staff_id: self.owner,
            role: Role::Owner,
            now: monday() + chrono::Duration::minutes(minutes),
        }
    }

    async fn round(&self) -> sync::Round {
        let cfg = sync::config(&self.db).await.unwrap().unwrap();
        sync::round(&self.db, &HttpHub::for_config(&cfg).unwrap(), Utc::now())
            .await
            .unwrap()
    }

    async fn board(&self) -> Vec<String> {
        let q = BoardQuery {
            status: None,
            text: None,
            include_closed: true,
        };
        board::board(&self.db, &q)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.number)
            .collect()
    }
}

async fn empty_device() -> Device {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("konter.db")).await.unwrap();
    Device {
        _dir: dir,
        db,
        owner: Uuid::nil(),
    }
}

/// A standalone shop with its owner, as set up at its first start.
async fn standalone() -> Device {
    let mut d = empty_device().await;
    let profile = konter::domain::shop::ShopProfile {
        name: "Toko Scanner Jaya".into(),
        address: "Jl. Mangga Dua Raya 8, Jakarta".into(),
        phone: "021-6123456".into(),
        ..konter::domain::shop::ShopProfile::indonesian_defaults()
    };
    let input = SetupInput {
        profile,
        owner_name: "Hendra Halim".into(),
        owner_username: "owner".into(),
        owner_password: "rahasia-123".into(),
    };
    d.owner = shop::setup(&d.db, input, monday()).await.unwrap().staff_id;
    d
}

async fn intake(d: &Device, name: &str, phone: &str, minutes: i64) -> String {
    let c = customers::NewCustomer {
        name: name.into(),
        phone: phone.into(),
        email: None,
        address: None,
    };
    let c = customers::create(&d.db, &d.ctx(minutes), c).await.unwrap();
    let input = IntakeInput {
        customer_id: c.id.to_string(),
        device_category: "Scanner".into(),
        brand: "Epson".into(),
        model: "DS-530 II".into(),
        complaint: "Kertas macet di ADF".into(),
        unlock_secret: Some("PIN 4321".into()),
        ..Default::default()
    };
    tickets::intake(&d.db, &d.ctx(minutes), input)
        .await
        .unwrap()
        .number
}

/// A shop's first counter promoted to the hub, and a second counter joined.
async fn two_counters(h: &TestHub) -> (Device, Device) {
    let a = standalone().await;
    let code = admin::enrolment_code(&h.hub.pool, h.shop, "JKT1", "K1")
        .await
        .unwrap();
    let e = sync::enrol(&h.url, &code, "Kasir 1").await.unwrap();
    let queued = sync::join(&a.db, Some(&a.ctx(1)), &h.url, &e, true, Utc::now())
        .await
        .unwrap();
    assert!(queued > 10, "the whole shop is queued: {queued}");
    a.round().await;
    let mut b = empty_device().await;
    let code = admin::enrolment_code(&h.hub.pool, h.shop, "JKT1", "K2")
        .await
        .unwrap();
    let e = sync::enrol(&h.url, &code, "Kasir 2").await.unwrap();
    sync::join(&b.db, None, &h.url, &e, false, Utc::now())
        .await
        .unwrap();
    b.round().await;
    b.owner = a.owner;
    (a, b)
}

async fn count(h: &TestHub, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&h.hub.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn rows_schema_matches_the_devices() {
    let d = empty_device().await;
    let ddl = konter_hub::rows::ddl(&sync::shared_schema(&d.db).await.unwrap());
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/0002_rows.sql");
    if std::env::var_os("UPDATE_HUB_ROWS").is_some() {
        std::fs::write(path, &ddl).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        ddl,
        "run UPDATE_HUB_ROWS=1 cargo test -p konter-hub --test hub rows_"
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
        changes: vec![Change {
            device_seq: next,
            table: "holidays".into(),
            key: "2026-12-24".into(),
            data: Some(json!({ "date": "2026-12-24", "kind": "shop", "name": "Malam Natal" })),
            base_seq: 0,
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
                changes: vec![],
            },
            "empty_batch",
        ),
        (
            PushBatch {
                schema: 1,
                changes: vec![good(2_000_000)],
            },
            "old_schema",
        ),
        (
            PushBatch {
                schema: sync::schema_version(),
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
                changes: vec![good(2_000_001), good(2_000_000)],
            },
            "batch_out_of_order",
        ),
        (
            PushBatch {
                schema: sync::schema_version(),
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
        changes: vec![
            Change {
                device_seq: next,
                table: "ticket_events".into(),
                key: event.clone(),
                data: Some(image),
                base_seq: 0,
            },
            Change {
                device_seq: next + 1,
                table: "ticket_events".into(),
                key: other_event,
                data: None,
                base_seq: 0,
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
    };
    let batch = PushBatch {
        schema: sync::schema_version(),
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

async fn owner_name(d: &Device, id: &str) -> String {
    sqlx::query_scalar("SELECT name FROM staff WHERE id = ?")
        .bind(id)
        .fetch_one(&d.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_change_not_yet_at_the_hub_keeps_its_row_until_it_is() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let id: String = sqlx::query_scalar("SELECT id FROM staff WHERE username = 'owner'")
        .fetch_one(&a.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE staff SET name = 'Hendra A' WHERE id = ?")
        .bind(&id)
        .execute(&a.db.pool)
        .await
        .unwrap();
    a.round().await;
    sqlx::query("UPDATE staff SET name = 'Hendra B' WHERE id = ?")
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
        owner_name(&b, &id).await,
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
    assert_eq!(owner_name(&a, &id).await, "Hendra B");
    assert_eq!(owner_name(&b, &id).await, "Hendra B");
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

#[path = "hub/convergence.rs"]
mod convergence;

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
