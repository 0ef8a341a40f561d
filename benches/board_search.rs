//! Board search over 100 k tickets: phone prefix, name fragment, serial,
//! ticket number. Target p95 ≤ 20 ms. The database is generated once into
//! target/bench-data and reused by later runs.

mod shared;

use criterion::{criterion_group, criterion_main, Criterion};
use konter::store::repairs::board::{board, BoardQuery};
use konter::store::Db;
use std::time::Instant;

const TICKETS: usize = shared::TICKETS;

fn database(rt: &tokio::runtime::Runtime) -> Db {
    shared::hundred_k_shop(rt)
}

fn query(text: &str) -> BoardQuery {
    BoardQuery {
        status: None,
        text: Some(text.into()),
        include_closed: true,
    }
}

/// The p95 over a mix of realistic counter searches, printed for BENCHMARKS.md.
fn p95(rt: &tokio::runtime::Runtime, db: &Db) {
    let queries = [
        "0812 34",
        "08125",
        "santo",
        "Budi Wi",
        "EP1234",
        "FU0099",
        "SV-JKT1-K1-2026-0500",
        "halim",
        "+62 813",
        "KU",
    ];
    let mut times = vec![];
    for round in 0..30 {
        for q in queries {
            let started = Instant::now();
            let rows = rt.block_on(board(db, &query(q))).unwrap();
            times.push(started.elapsed());
            if round == 0 {
                eprintln!("  {q:>22} → {} rows in {:?}", rows.len(), started.elapsed());
            }
        }
    }
    shared::percentiles(
        &format!("board search over {TICKETS} tickets"),
        &mut times,
        0.95,
    );
}

fn bench(c: &mut Criterion) {
    let rt = shared::runtime();
    let db = database(&rt);
    p95(&rt, &db);
    let mut g = c.benchmark_group("board_search_100k");
    for (name, q) in [
        ("phone_prefix", "0812 34"),
        ("name_fragment", "santo"),
        ("serial", "EP1234"),
        ("ticket_number", "SV-JKT1-K1-2026-050000"),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| rt.block_on(board(&db, &query(q))).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
