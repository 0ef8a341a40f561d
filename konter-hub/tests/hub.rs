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
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
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
    let b = joined(h, "JKT1", "K2", "Kasir 2", a.owner).await;
    (a, b)
}

/// A new device enrolled for `branch`-`counter` that received the shop;
/// `owner` is the shop's owner (the device works in their name).
async fn joined(h: &TestHub, branch: &str, counter: &str, name: &str, owner: Uuid) -> Device {
    let mut d = empty_device().await;
    let code = admin::enrolment_code(&h.hub.pool, h.shop, branch, counter)
        .await
        .unwrap();
    let e = sync::enrol(&h.url, &code, name).await.unwrap();
    sync::join(&d.db, None, &h.url, &e, false, Utc::now())
        .await
        .unwrap();
    d.round().await;
    d.owner = owner;
    d
}

/// A customer taken in at `a` and synced to `b`; its id.
async fn shared_customer(a: &Device, b: &Device) -> String {
    let c = customers::NewCustomer {
        name: "Hendra Halim".into(),
        phone: "0812-9999-0000".into(),
        email: None,
        address: None,
    };
    let c = customers::create(&a.db, &a.ctx(2), c).await.unwrap();
    a.round().await;
    b.round().await;
    c.id.to_string()
}

async fn customer_name(d: &Device, id: &str) -> String {
    sqlx::query_scalar("SELECT name FROM customers WHERE id = ?")
        .bind(id)
        .fetch_one(&d.db.pool)
        .await
        .unwrap()
}

async fn count(h: &TestHub, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&h.hub.pool)
        .await
        .unwrap()
}

#[path = "hub/sharing.rs"]
mod sharing;

#[path = "hub/refusals.rs"]
mod refusals;

#[path = "hub/settings.rs"]
mod settings;

#[path = "hub/snapshot.rs"]
mod snapshot;

#[path = "hub/conflicts.rs"]
mod conflicts;

#[path = "hub/audit.rs"]
mod audit;

#[path = "hub/converged.rs"]
mod converged;

#[path = "hub/convergence.rs"]
mod convergence;

#[path = "hub/work.rs"]
mod work;

#[path = "hub/sales.rs"]
mod sales;

#[path = "hub/field.rs"]
mod field;

#[path = "hub/contracts.rs"]
mod contracts;

#[path = "hub/web.rs"]
mod web;

#[path = "hub/web_quote.rs"]
mod web_quote;

#[path = "hub/web_pay.rs"]
mod web_pay;

#[path = "hub/web_card.rs"]
mod web_card;

#[path = "hub/web_hook.rs"]
mod web_hook;

#[path = "hub/web_requests.rs"]
mod web_requests;

#[path = "hub/web_service.rs"]
mod web_service;

#[path = "hub/browser.rs"]
mod browser;
