//! One search for everything (Ctrl+K) over the 100 000-ticket shop: a
//! phone typed any way, a name fragment, a serial, a ticket number, a
//! tracking code, an invoice number, a SKU. Target p95 ≤ 30 ms. Before:
//! the same questions asked the old way, one screen after another (the
//! board, the order list and the customer finder, three searches).

mod shared;

use konter::store::repairs::board::{board, BoardQuery};
use konter::store::sales::list::{list, OrderQuery};
use konter::store::search::everything::everything;
use std::time::Instant;

const QUERIES: [&str; 10] = [
    "0812 34",
    "08125",
    "santo",
    "Budi Wi",
    "EP1234",
    "FU0099",
    "SV-JKT1-K1-2026-050000",
    "halim",
    "+62 813",
    "INV-JKT1",
];

fn main() {
    let rt = shared::runtime();
    let db = shared::hundred_k_shop(&rt);
    let (mut before, mut after) = (vec![], vec![]);
    for round in 0..30 {
        for q in QUERIES {
            let started = Instant::now();
            rt.block_on(async {
                let b = BoardQuery {
                    status: None,
                    text: Some(q.into()),
                    include_closed: true,
                };
                board(&db, &b).await.unwrap();
                let o = OrderQuery {
                    status: None,
                    text: Some(q.into()),
                };
                list(&db, &o).await.unwrap();
                konter::store::customers::find(&db, q).await.unwrap();
            });
            before.push(started.elapsed());
            let started = Instant::now();
            let r = rt.block_on(everything(&db, q)).unwrap();
            after.push(started.elapsed());
            if round == 0 {
                eprintln!(
                    "  {q:>24} → {} hits{} in {:?}",
                    r.hits.len(),
                    if r.open.is_some() {
                        ", one to open"
                    } else {
                        ""
                    },
                    started.elapsed()
                );
            }
        }
    }
    let n = shared::TICKETS;
    shared::percentiles(
        &format!("before: board + orders + customers over {n} tickets"),
        &mut before,
        0.95,
    );
    shared::percentiles(
        &format!("after: one search for everything over {n} tickets"),
        &mut after,
        0.95,
    );
}
