//! The technicians' week board at scale: 200 technicians and 20 000 visits
//! over four weeks; the data for one week ready in ≤ 50 ms (target), and
//! the dispatch board (the time grid) over the same week. The
//! database is built once into target/bench-data.

use criterion::{criterion_group, criterion_main, Criterion};
use konter::store::{
    field::{dispatch, visits},
    Db,
};
use std::time::Instant;

mod shared;

const TECHNICIANS: usize = 200;
const VISITS: usize = 20_000;

fn monday() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn board(rt: &tokio::runtime::Runtime) -> Db {
    shared::cached_db(
        rt,
        &format!("visits-{TECHNICIANS}-{VISITS}.db"),
        |db| async move {
            let now = chrono::Utc::now();
            let owner = konter::demo::setup_shop(&db, now).await.unwrap();
            let cust = konter::store::customers::create(
                &db,
                &owner.ctx(now),
                konter::store::customers::NewCustomer {
                    name: "PT Contoh".into(),
                    phone: "081200000000".into(),
                    email: None,
                    address: None,
                },
            )
            .await
            .unwrap();
            let mut tx = db.pool.begin().await.unwrap();
            let hours = r#"[{"open":"08:30:00","close":"17:30:00"},{"open":"08:30:00","close":"17:30:00"},{"open":"08:30:00","close":"17:30:00"},{"open":"08:30:00","close":"17:30:00"},{"open":"08:30:00","close":"17:30:00"},null,null]"#;
            let mut techs = vec![];
            for t in 0..TECHNICIANS {
                let id = konter::domain::new_id().to_string();
                sqlx::query("INSERT INTO staff (id, name, username, password_hash, role, active, created_at) VALUES (?, ?, ?, 'x', 'technician', 1, ?)")
                .bind(&id).bind(format!("Teknisi {t:03}")).bind(format!("tek{t:03}")).bind(now.to_rfc3339())
                .execute(&mut *tx).await.unwrap();
                sqlx::query("INSERT INTO technicians (staff_id, branch, skills, hours, days_off, updated_at) VALUES (?, 'JKT1', '[\"scanner\"]', ?, '[]', ?)")
                .bind(&id).bind(hours).bind(now.to_rfc3339())
                .execute(&mut *tx).await.unwrap();
                techs.push(id);
            }
            // 20 000 visits over four weeks: five a day per technician on weekdays.
            let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
            for i in 0..VISITS {
                let tech = &techs[i % TECHNICIANS];
                let slot = i / TECHNICIANS; // 0..100: 20 weekdays × 5 slots
                let day = start + chrono::Days::new((slot / 5 / 5 * 7 + slot / 5 % 5) as u64);
                let hour = 8 + (slot % 5) * 2;
                let starts = format!("{day}T{:02}:00:00.000000Z", hour - 7);
                let ends = format!("{day}T{:02}:30:00.000000Z", hour - 6);
                sqlx::query("INSERT INTO visits (id, number, customer_id, branch, site_address, site_contact, site_phone, kind, problem, units, skills, requested_at, due_at, technician_id, starts_at, ends_at, currency, status, created_by, created_at, updated_at)
                         VALUES (?, ?, ?, 'JKT1', 'Jl. Sudirman 1', 'Pak Andi', '+6281200000000', 'paid', 'Servis berkala', '[]', '[]', ?, ?, ?, ?, ?, 'IDR', 'booked', ?, ?, ?)")
                .bind(konter::domain::new_id().to_string())
                .bind(format!("VS-JKT1-K1-2026-{i:06}"))
                .bind(cust.id.to_string())
                .bind(&starts).bind(&ends).bind(tech).bind(&starts).bind(&ends)
                .bind(tech).bind(&starts).bind(&starts)
                .execute(&mut *tx).await.unwrap();
            }
            tx.commit().await.unwrap();
        },
    )
}

fn bench(c: &mut Criterion) {
    let rt = shared::runtime();
    let db = board(&rt);
    let now = chrono::Utc::now();
    let mut times = vec![];
    for _ in 0..50 {
        let started = Instant::now();
        let week = rt.block_on(visits::week(&db, now, monday(), 7)).unwrap();
        times.push(started.elapsed());
        assert_eq!(week.len(), VISITS / 4);
    }
    shared::percentiles(
        &format!("week board, {TECHNICIANS} technicians, {VISITS} visits"),
        &mut times,
        0.95,
    );
    // The dispatch board over the same week: the visits as above, placed on
    // a row per technician with their shading, customers and requests.
    let mut times = vec![];
    for _ in 0..50 {
        let started = Instant::now();
        let grid = rt.block_on(dispatch::board(&db, now, monday(), 7)).unwrap();
        times.push(started.elapsed());
        let blocks: usize = grid
            .rows
            .iter()
            .flat_map(|r| &r.days)
            .map(|d| d.blocks.len())
            .sum();
        assert_eq!((grid.rows.len(), blocks), (TECHNICIANS, VISITS / 4));
    }
    shared::percentiles(
        &format!("dispatch board, {TECHNICIANS} technicians, {VISITS} visits"),
        &mut times,
        0.95,
    );
    c.bench_function("visits/week_board", |b| {
        b.iter(|| rt.block_on(visits::week(&db, now, monday(), 7)).unwrap())
    });
    c.bench_function("visits/dispatch_board", |b| {
        b.iter(|| rt.block_on(dispatch::board(&db, now, monday(), 7)).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
