//! What the benchmarks share: a current-thread runtime and percentiles of
//! measured latencies, printed the way docs/BENCHMARKS.md quotes them.

use std::time::Duration;

#[allow(dead_code)]
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Prints p50, the given percentile and the maximum of `times`.
#[allow(dead_code)]
pub fn percentiles(label: &str, times: &mut [Duration], p: f64) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    eprintln!(
        "{label}: p50 {:?}, p{} {:?}, max {:?}",
        at(0.5),
        (p * 100.0).round(),
        at(p),
        times[times.len() - 1]
    );
}

/// The benchmark database `name` in target/bench-data: opened when it was
/// built before, else built by `build` into a scratch file first, so an
/// interrupted build is never mistaken for a finished one.
#[allow(dead_code)]
pub fn cached_db<F, Fut>(rt: &tokio::runtime::Runtime, name: &str, build: F) -> konter::store::Db
where
    F: FnOnce(konter::store::Db) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    use konter::store::Db;
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    rt.block_on(async {
        if path.exists() {
            return Db::open(&path).await.unwrap();
        }
        let tmp = path.with_extension("building");
        let _ = std::fs::remove_file(&tmp);
        let db = Db::open(&tmp).await.unwrap();
        build(db.clone()).await;
        db.pool.close().await;
        std::fs::rename(&tmp, &path).unwrap();
        let _ = std::fs::remove_file(tmp.with_extension("building-wal"));
        let _ = std::fs::remove_file(tmp.with_extension("building-shm"));
        Db::open(&path).await.unwrap()
    })
}

/// A ticket with a 20-line quote (Turkish and Indonesian text), approved
/// and ready for pickup: what the invoice and receipt benchmarks print.
#[allow(dead_code)]
pub async fn ready_ticket(
    db: &konter::store::Db,
    ctx: &konter::store::Ctx,
    customer: uuid::Uuid,
) -> uuid::Uuid {
    use konter::domain::repairs::ticket::{ApprovalChannel, TicketStatus};
    use konter::domain::totals::LineKind;
    use konter::store::repairs::quotes::{self, LineInput, QuoteDecision};
    use konter::store::repairs::tickets::{self, IntakeInput};
    let input = IntakeInput {
        customer_id: customer.to_string(),
        device_category: "Scanner A0".into(),
        brand: "Contex".into(),
        model: "IQ Quattro 4490".into(),
        complaint: "Garis vertikal pada hasil scan".into(),
        ..Default::default()
    };
    let t = tickets::intake(db, ctx, input).await.unwrap();
    tickets::change_status(db, ctx, t.id, TicketStatus::Diagnosing, None)
        .await
        .unwrap();
    let lines = (0..20)
        .map(|i| LineInput {
            kind: if i % 3 == 0 {
                LineKind::Labour
            } else {
                LineKind::Part
            },
            description: format!(
                "Suku cadang / yedek parça no. {i} — kalibrasi, temizlik (ğüşiöç)"
            ),
            qty: format!("{}", 1 + i % 3),
            unit_price: format!("{}", 75_000 + i * 12_500),
            discount: if i % 4 == 0 {
                "5.000".into()
            } else {
                String::new()
            },
        })
        .collect();
    quotes::set_quote(db, ctx, t.id, lines).await.unwrap();
    let ok = QuoteDecision {
        approved: true,
        channel: ApprovalChannel::Phone,
        diagnosis_fee: None,
        note: None,
    };
    quotes::decide(db, ctx, t.id, ok).await.unwrap();
    tickets::change_status(db, ctx, t.id, TicketStatus::ReadyForPickup, None)
        .await
        .unwrap();
    t.id
}

/// Tickets and customers of the 100 k benchmark shop.
#[allow(dead_code)]
pub const TICKETS: usize = 100_000;
#[allow(dead_code)]
pub const CUSTOMERS: usize = 30_000;

/// The 100 000-ticket shop the board and the search are measured on,
/// generated once into target/bench-data and reused by later runs.
#[allow(dead_code)]
pub fn hundred_k_shop(rt: &tokio::runtime::Runtime) -> konter::store::Db {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let path = dir.join(format!("board-{TICKETS}.db"));
    rt.block_on(async {
        let fresh = !path.exists();
        let db = konter::store::Db::open(&path).await.unwrap();
        if fresh {
            let started = std::time::Instant::now();
            let now = chrono::Utc::now();
            let owner = konter::demo::setup_shop(&db, now).await.unwrap();
            konter::demo::fill_bulk(&db, &owner, CUSTOMERS, TICKETS, 42, now)
                .await
                .unwrap();
            eprintln!("generated {TICKETS} tickets in {:?}", started.elapsed());
        }
        db
    })
}
