//! The service tracking page under load on loopback against a real
//! PostgreSQL (`KONTER_TEST_DATABASE_URL`, e.g. from
//! `eval "$(scripts/pg.sh start)"`): a shop of `KONTER_BENCH_TICKETS`
//! tickets (default 30 000) pushed by its counter, then `KONTER_BENCH_CLIENTS`
//! (default 32) keep-alive clients asking for one ticket's page with its
//! session cookie for `KONTER_BENCH_SECONDS` (default 10) each round. Aim:
//! ≥ 2 000 requests/s with p99 ≤ 50 ms on the 2-core machine. Measured twice
//! in one run: without the pages' lookup indexes (before, the hub as it was
//! before migration 0005) and with them (after).

use chrono::Utc;
use konter::domain::staff::Role;
use konter::store::sync;
use konter::store::{Ctx, Db};
use konter_hub::{admin, Hub};
use std::sync::Arc;
use std::time::{Duration, Instant};

const INDEXES: [(&str, &str); 3] = [
    ("tickets_tracking", "rows.tickets (_shop, tracking_code)"),
    (
        "ticket_events_ticket",
        "rows.ticket_events (_shop, ticket_id)",
    ),
    ("quote_lines_ticket", "rows.quote_lines (_shop, ticket_id)"),
];

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// `clients` keep-alive clients for `secs` seconds: requests/s, p50, p99,
/// errors.
async fn load(
    url: &str,
    cookie: &str,
    clients: usize,
    secs: u64,
) -> (f64, Duration, Duration, usize) {
    let until = Instant::now() + Duration::from_secs(secs);
    let mut tasks = vec![];
    let errors = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for _ in 0..clients {
        let (url, cookie, errors) = (url.to_string(), cookie.to_string(), errors.clone());
        tasks.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut lat = Vec::with_capacity(8192);
            while Instant::now() < until {
                let t = Instant::now();
                match http.get(&url).header("cookie", &cookie).send().await {
                    Ok(r) if r.status().is_success() => {
                        let body = r.text().await.unwrap_or_default();
                        if !body.contains("id=\"greeting\"") {
                            errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                    _ => {
                        errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                }
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let started = Instant::now();
    let mut all = vec![];
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let took = started.elapsed().as_secs_f64().max(secs as f64);
    all.sort();
    (
        all.len() as f64 / took,
        pct(&all, 0.5),
        pct(&all, 0.99),
        errors.load(std::sync::atomic::Ordering::Relaxed),
    )
}

#[tokio::main]
async fn main() {
    let Ok(server) = std::env::var("KONTER_TEST_DATABASE_URL") else {
        eprintln!("pages bench: needs PostgreSQL; run `eval \"$(scripts/pg.sh start)\"` first");
        std::process::exit(1);
    };
    let tickets_n = env("KONTER_BENCH_TICKETS", 30_000);
    let clients = env("KONTER_BENCH_CLIENTS", 32);
    let secs = env("KONTER_BENCH_SECONDS", 10) as u64;
    let name = format!("bench_{}", uuid::Uuid::now_v7().simple());
    let pg = sqlx::PgPool::connect(&format!("{server}/postgres"))
        .await
        .unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pg)
        .await
        .unwrap();
    let hub = Hub::open(&format!("{server}/{name}")).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let service = hub
        .clone()
        .router()
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
    let shop = admin::create_shop(&hub.pool, "Toko Bench").await.unwrap();
    let dir = tempfile::tempdir().unwrap();

    // The shop's counter with its history, promoted and pushed.
    let a = Db::open(&dir.path().join("a.db")).await.unwrap();
    let owner = konter::demo::setup_shop(&a, Utc::now()).await.unwrap();
    konter::demo::fill_bulk(&a, &owner, tickets_n / 3, tickets_n, 7, Utc::now())
        .await
        .unwrap();
    let ctx = Ctx {
        staff_id: owner.staff_id,
        role: Role::Owner,
        now: Utc::now(),
    };
    // One ticket of the shop's history: its code and its customer's phone.
    let (tracking, phone): (String, String) = sqlx::query_as(
        "SELECT t.tracking_code, c.phone FROM tickets t JOIN customers c ON c.id = t.customer_id ORDER BY t.id LIMIT 1 OFFSET ?",
    )
    .bind((tickets_n / 2) as i64)
    .fetch_one(&a.pool)
    .await
    .unwrap();
    let digits = &phone[phone.len() - 4..];
    let p = konter::store::shop::profile(&a).await.unwrap();
    let code = admin::enrolment_code(&hub.pool, shop, &p.branch_code, &p.counter_code)
        .await
        .unwrap();
    let e = sync::enrol(&url, &code, "Kasir 1").await.unwrap();
    sync::join(&a, Some(&ctx), &url, &e, true, Utc::now())
        .await
        .unwrap();
    let started = Instant::now();
    while sync::round_if_joined(&a, Utc::now())
        .await
        .unwrap()
        .unwrap()
        .pushed
        > 0
    {}
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rows.tickets")
        .fetch_one(&hub.pool)
        .await
        .unwrap();
    println!(
        "shop: {rows} tickets at the hub (pushed in {:.1?})",
        started.elapsed()
    );

    // The customer opens the ticket once: the session cookie.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = format!("{url}/s/{shop}/t/{}", tracking);
    let form = http.get(&page).send().await.unwrap();
    let nonce = form
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("konter_form="))
        .map(|c| c.split(';').next().unwrap().to_string())
        .unwrap();
    let body = form.text().await.unwrap();
    let csrf = body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let sent = http
        .post(format!("{url}/s/{shop}/t"))
        .header("cookie", format!("konter_form={nonce}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}&code={tracking}&digits={digits}"))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 303);
    let session = sent
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("konter_track="))
        .map(|c| c.split(';').next().unwrap().to_string())
        .unwrap();
    let cookie = format!("konter_track={session}; konter_form={nonce}");

    // Before: the hub without the pages' lookup indexes.
    for (index, _) in INDEXES {
        sqlx::query(&format!("DROP INDEX rows.{index}"))
            .execute(&hub.pool)
            .await
            .unwrap();
    }
    sqlx::query("ANALYZE").execute(&hub.pool).await.unwrap();
    let (rps, p50, p99, errors) = load(&page, &cookie, clients, secs).await;
    println!("before (no lookup indexes): {rps:.0} requests/s, p50 {p50:.1?}, p99 {p99:.1?}, {errors} errors, {clients} clients");
    for (index, on) in INDEXES {
        sqlx::query(&format!("CREATE INDEX {index} ON {on}"))
            .execute(&hub.pool)
            .await
            .unwrap();
    }
    sqlx::query("ANALYZE").execute(&hub.pool).await.unwrap();
    let (rps, p50, p99, errors) = load(&page, &cookie, clients, secs).await;
    println!("after (migration 0005):     {rps:.0} requests/s, p50 {p50:.1?}, p99 {p99:.1?}, {errors} errors, {clients} clients");
    println!(
        "aim: >= 2000 requests/s with p99 <= 50 ms: {}",
        if rps >= 2000.0 && p99 <= Duration::from_millis(50) {
            "met"
        } else {
            "NOT met"
        }
    );
    hub.pool.close().await;
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&pg)
        .await
        .unwrap();
}
