//! The warranty registry at scale: importing 1 M past sales from CSV
//! (target ≤ 60 s), a serial lookup among 1 M units (target p99 ≤ 1 ms) and
//! a warranty card's verification (target ≤ 1 ms). The 1 M database is
//! built once by the importer into target/bench-data.

mod shared;

use criterion::{criterion_group, criterion_main, Criterion};
use konter::domain::sales::catalog::WarrantyType;
use konter::domain::warranty::card::{self, CardPayload};
use konter::store::warranty::past_sales::import;
use konter::store::{warranty, Db};
use std::time::Instant;

const UNITS: usize = 1_000_000;

fn registry(rt: &tokio::runtime::Runtime) -> Db {
    shared::cached_db(rt, &format!("warranty-{UNITS}.db"), |db| async move {
        let now = chrono::Utc::now();
        let owner = konter::demo::setup_shop(&db, now).await.unwrap();
        let text = konter::demo::past_sales_csv(UNITS);
        let started = Instant::now();
        let r = import(
            &db,
            &owner.ctx(now),
            &text,
            &konter::demo::past_sales_options(),
            &|_| {},
        )
        .await
        .unwrap();
        eprintln!(
            "imported {} past sales from CSV in {:?} ({} rejected)",
            r.imported,
            started.elapsed(),
            r.rejected
        );
        assert_eq!(r.imported as usize, UNITS);
    })
}

fn p99(rt: &tokio::runtime::Runtime, db: &Db) {
    let mut times = vec![];
    for i in 0..10_000usize {
        let serial = format!("SN-{:08}", (i * 7919) % UNITS);
        let started = Instant::now();
        let found = rt.block_on(warranty::find(db, &serial)).unwrap();
        times.push(started.elapsed());
        assert_eq!(found.len(), 1);
    }
    shared::percentiles(
        &format!("serial lookup among {UNITS} units"),
        &mut times,
        0.99,
    );
}

fn bench(c: &mut Criterion) {
    let rt = shared::runtime();
    let db = registry(&rt);
    p99(&rt, &db);
    let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    let payload = CardPayload {
        serial: "SN-00000001".into(),
        sku: "CTX-SD36".into(),
        invoice: "INV-JKT1-K1-2026-000001".into(),
        start: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        store_months: 12,
        maker_months: 24,
        kind: WarrantyType::Standard,
    };
    let text = card::sign(&payload, &key).unwrap();
    let keys = [
        ed25519_dalek::SigningKey::from_bytes(&[1; 32]).verifying_key(),
        key.verifying_key(),
    ];
    let mut g = c.benchmark_group("warranty");
    g.bench_function("card_verify", |b| {
        b.iter(|| card::verify(&text, &keys).unwrap())
    });
    g.bench_function("serial_lookup_1m", |b| {
        b.iter(|| rt.block_on(warranty::find(&db, "SN-00500000")).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
