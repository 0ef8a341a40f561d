//! Convergence under faults: three counters of one shop do random counter
//! work (intake, status moves, notes, sales of serial units paid at the
//! counter, O2O handovers of paid orders, a technician's bookings) through
//! the core functions and sync through a network that drops requests, loses
//! replies after the hub committed (a device killed mid-push looks the same
//! to the hub: the batch is in, the device never heard), sends pushes twice,
//! and cuts one device off for a while. Then the network heals and every
//! queue drains, and the shop must be one: every device's change at the hub
//! exactly once and in its order, every device's shared rows equal to the
//! hub's, each ticket's status the last one its history moved it to, numbers
//! unique per series (tickets, orders, visits, invoices), each audit chain
//! intact, no pull cursor ever moved back; and the shop's facts hold at the
//! hub: a serial unit sold to one order only or named in an open
//! `unit_twice` conflict, a technician's confirmed bookings never
//! overlapping and every overlap of bookings holding their time named in a
//! `double_booked` conflict, no order paid beyond its total unless a
//! conflict names it.
//!
//! `KONTER_SYNC_STEPS` (default 60) steps per seed, `KONTER_SYNC_SEEDS`
//! (default 2) seeds from `KONTER_SYNC_SEED` (default: the clock); a failing
//! seed prints the line that replays it. The two defects the sales steps
//! found (KONTER_SYNC_SEED=7 KONTER_SYNC_SEEDS=1 KONTER_SYNC_STEPS=120 hit
//! both) are fixed and keep their tests in sales.rs. The checks at the end
//! are in converged.rs.

use super::converged::{check_device, check_hub};
use super::work::{book, hand_over, paid_order, scanner_in_stock, technician, visit};
use super::*;
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::sync::{PullReply, PushReply};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::Mutex;

/// The hub behind a network that misbehaves, deterministically per seed.
struct Faulty {
    hub: HttpHub,
    rng: Mutex<StdRng>,
    offline: std::sync::atomic::AtomicBool,
}

fn down() -> konter::Error {
    konter::Error::Storage {
        message: "the hub cannot be reached".into(),
    }
}

impl Faulty {
    fn roll(&self) -> u32 {
        self.rng.lock().unwrap().gen_range(0..100)
    }
    fn offline(&self) -> bool {
        self.offline.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Transport for Faulty {
    async fn push(&self, batch: &PushBatch) -> konter::Result<PushReply> {
        if self.offline() {
            return Err(down());
        }
        match self.roll() {
            0..=14 => Err(down()),
            15..=29 => {
                // The hub commits, the reply is lost.
                self.hub.push(batch).await?;
                Err(down())
            }
            30..=39 => {
                self.hub.push(batch).await?;
                self.hub.push(batch).await
            }
            _ => self.hub.push(batch).await,
        }
    }

    async fn pull(&self, after: i64, limit: usize) -> konter::Result<PullReply> {
        if self.offline() {
            return Err(down());
        }
        match self.roll() {
            0..=14 => Err(down()),
            15..=24 => {
                self.hub.pull(after, limit).await?;
                Err(down())
            }
            _ => self.hub.pull(after, limit).await,
        }
    }

    async fn snapshot(
        &self,
        table: &str,
        after: Option<&str>,
        limit: usize,
    ) -> konter::Result<Option<konter::domain::sync::SnapshotPage>> {
        if self.offline() {
            return Err(down());
        }
        match self.roll() {
            0..=14 => Err(down()),
            _ => self.hub.snapshot(table, after, limit).await,
        }
    }
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::test]
async fn three_counters_converge_under_faults() {
    let steps = env("KONTER_SYNC_STEPS", 60);
    let seeds = env("KONTER_SYNC_SEEDS", 2);
    let first = env(
        "KONTER_SYNC_SEED",
        Utc::now().timestamp_millis() as u64 % 100_000,
    );
    for seed in first..first + seeds {
        println!("seed {seed}: replay with KONTER_SYNC_SEED={seed} KONTER_SYNC_SEEDS=1 KONTER_SYNC_STEPS={steps}");
        run(seed, steps).await;
    }
}

async fn run(seed: u64, steps: u64) {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let c = joined(&h, "JKT1", "K3", "Meja servis", a.owner).await;
    // The shop's stock and its technician, made at counter A and synced to
    // everyone before the counters go their ways.
    let customer = shared_customer(&a, &b).await;
    let serials: Vec<String> = (1..=12).map(|n| format!("SN-{n:04}")).collect();
    let refs: Vec<&str> = serials.iter().map(String::as_str).collect();
    let product = scanner_in_stock(&a, &refs).await.id;
    let tech = technician(&a).await;
    a.round().await;
    for d in [&b, &c] {
        d.round().await;
    }
    let devices = [a, b, c];
    let mut rng = StdRng::seed_from_u64(seed);
    let mut nets = Vec::new();
    for (i, d) in devices.iter().enumerate() {
        let cfg = sync::config(&d.db).await.unwrap().unwrap();
        nets.push(Faulty {
            hub: HttpHub::for_config(&cfg).unwrap(),
            rng: Mutex::new(StdRng::seed_from_u64(seed * 10 + i as u64)),
            offline: false.into(),
        });
    }
    let mut cursors = [0i64; 3];
    let moves = [
        TicketStatus::Diagnosing,
        TicketStatus::InRepair,
        TicketStatus::WaitingForParts,
        TicketStatus::ReadyForPickup,
        TicketStatus::Cancelled,
    ];
    for step in 0..steps {
        // Counter 3 is cut off for the middle third of the run.
        nets[2].offline.store(
            step > steps / 3 && step < 2 * steps / 3,
            std::sync::atomic::Ordering::Relaxed,
        );
        let i = rng.gen_range(0..3);
        let d = &devices[i];
        let minutes = step as i64 + 20;
        match rng.gen_range(0..15) {
            0..=2 => {
                intake(
                    d,
                    &format!("Pelanggan {i}-{step}"),
                    &format!("0812{i}{step:06}"),
                    minutes,
                )
                .await;
            }
            3..=4 => {
                let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM tickets")
                    .fetch_all(&d.db.pool)
                    .await
                    .unwrap();
                if !ids.is_empty() {
                    let id = Uuid::parse_str(&ids[rng.gen_range(0..ids.len())]).unwrap();
                    let to = moves[rng.gen_range(0..moves.len())];
                    // Refused moves (not allowed from here) write nothing.
                    let _ = tickets::change_status(&d.db, &d.ctx(minutes), id, to, None).await;
                }
            }
            5 => {
                let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM tickets")
                    .fetch_all(&d.db.pool)
                    .await
                    .unwrap();
                if !ids.is_empty() {
                    let id = Uuid::parse_str(&ids[rng.gen_range(0..ids.len())]).unwrap();
                    tickets::add_note(&d.db, &d.ctx(minutes), id, format!("catatan {step}"))
                        .await
                        .unwrap();
                }
            }
            6 => {
                // A sale at the counter, paid in cash; half the time the
                // customer takes the unit at once, else it waits for pickup.
                if available(d, product).await > 0 {
                    let o = paid_order(d, &customer, product, minutes).await.unwrap();
                    if rng.gen_bool(0.5) {
                        if let Some(serial) = pick(&mut rng, in_stock(d).await) {
                            let _ = hand_over(d, o.id, &serial, minutes).await;
                        }
                    }
                }
            }
            7 => {
                // The O2O handover of an order paid here or at another counter;
                // a unit sold meanwhile is refused and writes nothing.
                let paid: Vec<String> = sqlx::query_scalar(
                    "SELECT id FROM orders WHERE status = 'payment_received' ORDER BY number",
                )
                .fetch_all(&d.db.pool)
                .await
                .unwrap();
                if let (Some(o), Some(serial)) =
                    (pick(&mut rng, paid), pick(&mut rng, in_stock(d).await))
                {
                    let o = Uuid::parse_str(&o).unwrap();
                    let _ = hand_over(d, o, &serial, minutes).await;
                }
            }
            8 => {
                // A visit requested and booked for the technician; a slot this
                // counter already sees taken is refused.
                let v = visit(d, &customer, minutes).await;
                let day = [24, 26, 27][rng.gen_range(0..3)];
                let half = rng.gen_range(0..14);
                let when = format!("2026-11-{day}T{:02}:{:02}", 9 + half / 2, 30 * (half % 2));
                let length = [60, 90][rng.gen_range(0..2)];
                let _ = book(d, v.id, tech, &when, length, minutes).await;
            }
            _ => {
                let _ = sync::round(&d.db, &nets[i], Utc::now()).await;
                cursor_moves_forward(d, &mut cursors[i]).await;
            }
        }
    }
    // The network heals; every queue drains and everyone catches up.
    for n in &nets {
        n.offline.store(false, std::sync::atomic::Ordering::Relaxed);
    }
    for _ in 0..4 {
        for (i, d) in devices.iter().enumerate() {
            let cfg = sync::config(&d.db).await.unwrap().unwrap();
            sync::round(&d.db, &HttpHub::for_config(&cfg).unwrap(), Utc::now())
                .await
                .unwrap();
            cursor_moves_forward(d, &mut cursors[i]).await;
        }
    }
    for d in &devices {
        assert_eq!(
            sync::status(&d.db).await.unwrap().waiting,
            0,
            "seed {seed}: a queue did not drain"
        );
        check_device(&h, d, seed).await;
    }
    check_hub(&h, seed).await;
}

fn pick(rng: &mut StdRng, mut from: Vec<String>) -> Option<String> {
    (!from.is_empty()).then(|| from.swap_remove(rng.gen_range(0..from.len())))
}

/// The serials this counter sees on its shelf.
async fn in_stock(d: &Device) -> Vec<String> {
    sqlx::query_scalar("SELECT serial FROM units WHERE status = 'in_stock' ORDER BY serial")
        .fetch_all(&d.db.pool)
        .await
        .unwrap()
}

/// Units of `product` this counter sees free: on hand and not reserved.
async fn available(d: &Device, product: Uuid) -> i64 {
    sqlx::query_scalar(
        "SELECT COALESCE((SELECT SUM(qty) FROM stock_moves WHERE product_id = ?1), 0)
              - COALESCE((SELECT SUM(qty) FROM reservations WHERE product_id = ?1 AND released_at IS NULL), 0)",
    )
    .bind(product.to_string())
    .fetch_one(&d.db.pool)
    .await
    .unwrap()
}

async fn cursor_moves_forward(d: &Device, last: &mut i64) {
    let now: i64 = sqlx::query_scalar("SELECT pulled_seq FROM sync_config")
        .fetch_one(&d.db.pool)
        .await
        .unwrap();
    assert!(now >= *last, "a pull cursor moved back: {last} → {now}");
    *last = now;
}
