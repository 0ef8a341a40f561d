//! Sync on loopback against a real PostgreSQL (`KONTER_TEST_DATABASE_URL`,
//! e.g. from `eval "$(scripts/pg.sh start)"`): a shop's whole database of
//! about 100 000 row changes pushed by its first device, the first sync of a
//! second device joining that shop (pulling and applying them all), and the
//! latency from a ticket taken in at one counter to its arrival at another
//! that syncs continuously. Aims: 100 k changes ≤ 10 s, first sync ≤ 60 s,
//! latency p95 ≤ 1 s. `KONTER_BENCH_TICKETS` (default 30 000) and
//! `KONTER_BENCH_UNITS` (warranty units from past sales, default 0; the
//! issue's shop has 1 000 000) size the shop. The first sync runs twice, on
//! two joining devices: following the change log from its start (before)
//! and downloading the rows as they stand at the hub, then the log (after);
//! `KONTER_BENCH_SKIP_BEFORE` runs the second only.

use chrono::Utc;
use konter::domain::staff::Role;
use konter::domain::sync::{PullReply, PushBatch, PushReply};
use konter::store::repairs::tickets::{self, IntakeInput};
use konter::store::sync::{self, HttpHub, Transport};
use konter::store::{customers, Ctx, Db};
use konter_hub::{admin, Hub};
use std::time::{Duration, Instant};

/// Pushes only: the first device's upload timed without its echo coming back.
struct PushOnly(HttpHub);

impl Transport for PushOnly {
    async fn push(&self, b: &PushBatch) -> konter::Result<PushReply> {
        self.0.push(b).await
    }
    async fn pull(&self, _: i64, _: usize) -> konter::Result<PullReply> {
        Ok(PullReply {
            changes: vec![],
            head: 0,
        })
    }
}

async fn device(dir: &std::path::Path, name: &str) -> Db {
    Db::open(&dir.join(format!("{name}.db"))).await.unwrap()
}

async fn ticket(db: &Db, ctx: &Ctx, i: usize) -> String {
    let c = customers::NewCustomer {
        name: format!("Latensi {i}"),
        phone: format!("0877{i:06}99"),
        email: None,
        address: None,
    };
    let c = customers::create(db, ctx, c).await.unwrap();
    let input = IntakeInput {
        customer_id: c.id.to_string(),
        device_category: "Printer".into(),
        brand: "Canon".into(),
        model: "G2010".into(),
        complaint: "Macet".into(),
        ..Default::default()
    };
    tickets::intake(db, ctx, input).await.unwrap().number
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let Ok(server) = std::env::var("KONTER_TEST_DATABASE_URL") else {
        eprintln!("sync bench: needs PostgreSQL; run `eval \"$(scripts/pg.sh start)\"` first");
        std::process::exit(1);
    };
    let tickets_n: usize = std::env::var("KONTER_BENCH_TICKETS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30_000);
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
    let router = hub.clone().router();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let shop = admin::create_shop(&hub.pool, "Toko Bench").await.unwrap();
    let dir = tempfile::tempdir().unwrap();

    // The first device: a standalone shop with its history, promoted.
    let a = device(dir.path(), "a").await;
    let owner = konter::demo::setup_shop(&a, Utc::now()).await.unwrap();
    konter::demo::fill_bulk(&a, &owner, tickets_n / 3, tickets_n, 7, Utc::now())
        .await
        .unwrap();
    let ctx = Ctx {
        staff_id: owner.staff_id,
        role: Role::Owner,
        now: Utc::now(),
    };
    let units_n: usize = std::env::var("KONTER_BENCH_UNITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if units_n > 0 {
        let started = Instant::now();
        let r = konter::store::warranty::past_sales::import(
            &a,
            &ctx,
            &konter::demo::past_sales_csv(units_n),
            &konter::demo::past_sales_options(),
            &|_| {},
        )
        .await
        .unwrap();
        println!(
            "shop: {} warranty units imported in {:.2?}",
            r.imported,
            started.elapsed()
        );
    }
    let p = konter::store::shop::profile(&a).await.unwrap();
    let code = admin::enrolment_code(&hub.pool, shop, &p.branch_code, &p.counter_code)
        .await
        .unwrap();
    let e = sync::enrol(&url, &code, "Kasir 1").await.unwrap();
    let started = Instant::now();
    let queued = sync::join(&a, Some(&ctx), &url, &e, true, Utc::now())
        .await
        .unwrap();
    let queue_time = started.elapsed();
    let cfg_a = sync::config(&a).await.unwrap().unwrap();
    let started = Instant::now();
    let pushed = sync::round(
        &a,
        &PushOnly(HttpHub::for_config(&cfg_a).unwrap()),
        Utc::now(),
    )
    .await
    .unwrap()
    .pushed;
    let push_time = started.elapsed();
    println!(
        "push: {queued} row changes queued in {queue_time:.2?} (promotion), pushed {pushed} in {push_time:.2?} ({:.0}/s)",
        pushed as f64 / push_time.as_secs_f64()
    );
    // A device joins a hub at rest: the vacuum PostgreSQL's autovacuum runs
    // after a bulk load is done now, not during the first syncs timed next
    // (where it made them vary by 2.5×).
    let started = Instant::now();
    sqlx::query("VACUUM (ANALYZE)")
        .execute(&hub.pool)
        .await
        .unwrap();
    println!(
        "hub: vacuumed after the upload in {:.2?}",
        started.elapsed()
    );

    // Two devices join that shop: the first follows the change log from its
    // start (before), the second downloads the rows as they stand at the
    // hub and follows the log from there (after); both ask for the next
    // page while they write one.
    let mut joined = Vec::new();
    let runs: &[(&str, bool)] = if std::env::var("KONTER_BENCH_SKIP_BEFORE").is_ok() {
        &[("K2", false)]
    } else {
        &[("K3", true), ("K2", false)]
    };
    for &(counter, log_only) in runs {
        let d = device(dir.path(), counter).await;
        let code = admin::enrolment_code(&hub.pool, shop, &p.branch_code, counter)
            .await
            .unwrap();
        let e = sync::enrol(&url, &code, counter).await.unwrap();
        sync::join(&d, None, &url, &e, false, Utc::now())
            .await
            .unwrap();
        let h = HttpHub::for_config(&sync::config(&d).await.unwrap().unwrap()).unwrap();
        sync::set_snapshots(!log_only);
        let started = Instant::now();
        let r = sync::round(&d, &h, Utc::now()).await.unwrap();
        let pull_time = started.elapsed();
        sync::set_snapshots(true);
        println!(
            "first sync ({}): {} changes pulled and applied in {pull_time:.2?} ({:.0}/s)",
            if log_only {
                "the change log from its start"
            } else {
                "the rows downloaded, then the log"
            },
            r.pulled.applied,
            r.pulled.applied as f64 / pull_time.as_secs_f64()
        );
        joined.push((d, h));
    }
    let (b, hb) = joined.pop().unwrap();
    let ha = HttpHub::for_config(&cfg_a).unwrap();
    sync::round(&a, &ha, Utc::now()).await.unwrap();

    // Latency: counter B takes in and syncs; A syncs continuously.
    let mut samples = Vec::new();
    for i in 0..40 {
        let number = ticket(&b, &ctx, i).await;
        let t0 = Instant::now();
        sync::round(&b, &hb, Utc::now()).await.unwrap();
        loop {
            sync::round(&a, &ha, Utc::now()).await.unwrap();
            let there: bool =
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM tickets WHERE number = ?)")
                    .bind(&number)
                    .fetch_one(&a.pool)
                    .await
                    .unwrap();
            if there {
                break;
            }
        }
        samples.push(t0.elapsed());
    }
    samples.sort();
    println!(
        "latency B→A (intake committed → applied on A): p50 {:.1?}, p95 {:.1?}, max {:.1?} over {} tickets",
        pct(&samples, 0.5),
        pct(&samples, 0.95),
        samples[samples.len() - 1],
        samples.len()
    );
    hub.pool.close().await;
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&pg)
        .await
        .unwrap();
}
