//! Convergence under faults: three counters of one shop do random counter
//! work (intake, status moves, notes) through the core functions and sync
//! through a network that drops requests, loses replies after the hub
//! committed (a device killed mid-push looks the same to the hub: the batch
//! is in, the device never heard), sends pushes twice, and cuts one device
//! off for a while. Then the network heals and every queue drains, and the
//! shop must be one: every device's change at the hub exactly once and in
//! its order, every device's shared rows equal to the hub's, each ticket's
//! status the last one its history moved it to, numbers unique, each audit
//! chain intact, no pull cursor ever moved back.
//!
//! `KONTER_SYNC_STEPS` (default 60) steps per seed, `KONTER_SYNC_SEEDS`
//! (default 2) seeds from `KONTER_SYNC_SEED` (default: the clock); a failing
//! seed prints the line that replays it.

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
    let mut c = empty_device().await;
    let code = admin::enrolment_code(&h.hub.pool, h.shop, "JKT1", "K3")
        .await
        .unwrap();
    let e = sync::enrol(&h.url, &code, "Meja servis").await.unwrap();
    sync::join(&c.db, None, &h.url, &e, false, Utc::now())
        .await
        .unwrap();
    sync::round(
        &c.db,
        &HttpHub::for_config(&sync::config(&c.db).await.unwrap().unwrap()).unwrap(),
        Utc::now(),
    )
    .await
    .unwrap();
    c.owner = a.owner;
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
        match rng.gen_range(0..10) {
            0..=2 => {
                intake(
                    d,
                    &format!("Pelanggan {i}-{step}"),
                    &format!("0812{i}{step:06}"),
                    minutes,
                )
                .await;
            }
            3..=5 => {
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
            6 => {
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

async fn cursor_moves_forward(d: &Device, last: &mut i64) {
    let now: i64 = sqlx::query_scalar("SELECT pulled_seq FROM sync_config")
        .fetch_one(&d.db.pool)
        .await
        .unwrap();
    assert!(now >= *last, "a pull cursor moved back: {last} → {now}");
    *last = now;
}

/// This device's changes at the hub exactly once, in its order; its rows
/// equal to the hub's; its audit chain intact.
async fn check_device(h: &TestHub, d: &Device, seed: u64) {
    let cfg = sync::config(&d.db).await.unwrap().unwrap();
    let made: i64 = sqlx::query_scalar(
        "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'sync_queue'), 0)",
    )
    .fetch_one(&d.db.pool)
    .await
    .unwrap();
    let (n, max, ordered): (i64, Option<i64>, Option<bool>) = sqlx::query_as(
        "SELECT COUNT(*), MAX(device_seq), bool_and(ordered) FROM (
           SELECT device_seq, device_seq > COALESCE(lag(device_seq) OVER (ORDER BY seq), 0) AS ordered
           FROM changes WHERE device_id = $1) c",
    )
    .bind(cfg.device_id)
    .fetch_one(&h.hub.pool)
    .await
    .unwrap();
    assert_eq!(
        (n, max.unwrap_or(0), ordered.unwrap_or(true)),
        (made, made, true),
        "seed {seed}: each change once, in order"
    );
    for t in sync::shared_schema(&d.db).await.unwrap() {
        let cols: Vec<String> = t
            .columns
            .iter()
            .map(|(c, decl)| {
                if decl == "BLOB" {
                    format!("'{c}', CASE WHEN \"{c}\" IS NULL THEN NULL ELSE '\\x' || lower(hex(\"{c}\")) END")
                } else {
                    format!("'{c}', \"{c}\"")
                }
            })
            .collect();
        let local: Vec<(String, String)> = sqlx::query_as(&format!(
            "SELECT CAST(\"{}\" AS TEXT), json_object({}) FROM \"{}\" ORDER BY 1",
            t.key,
            cols.join(", "),
            t.name
        ))
        .fetch_all(&d.db.pool)
        .await
        .unwrap();
        let hub: Vec<(String, serde_json::Value)> = sqlx::query_as(&format!(
            "SELECT \"{}\"::text, to_jsonb(r) - '_shop' - '_seq' - '_device' FROM rows.\"{}\" r WHERE _shop = $1 ORDER BY 1",
            t.key, t.name
        ))
        .bind(h.shop)
        .fetch_all(&h.hub.pool)
        .await
        .unwrap();
        let local: Vec<(String, serde_json::Value)> = local
            .into_iter()
            .map(|(k, v)| (k, serde_json::from_str(&v).unwrap()))
            .collect();
        let mut hub = hub;
        hub.sort_by(|x, y| x.0.cmp(&y.0));
        let mut local = local;
        local.sort_by(|x, y| x.0.cmp(&y.0));
        assert_eq!(
            local, hub,
            "seed {seed}: table {} differs at {}",
            t.name, cfg.counter_code
        );
    }
    let ctx = d.ctx(10_000);
    let audit = konter::store::shop::audit::verify(&d.db, &ctx)
        .await
        .unwrap();
    assert!(
        audit.broken.is_none(),
        "seed {seed}: the audit chain of {} is broken",
        cfg.counter_code
    );
    // The hub anchored all of it, and the chain it holds verifies there.
    let held = super::audit::anchored(h, cfg.device_id).await;
    assert_eq!(
        (
            held.len() as i64,
            konter::domain::shop::audit::verify(&held).is_ok()
        ),
        (audit.entries, true),
        "seed {seed}: the hub's copy of {}'s audit chain",
        cfg.counter_code
    );
}

/// Each ticket's status is where its last status event (in the hub's
/// order) moved it, or received when none has (the intake event carries no
/// status); ticket numbers are unique.
async fn check_hub(h: &TestHub, seed: u64) {
    let off: i64 = count(
        h,
        "SELECT COUNT(*) FROM rows.tickets t WHERE t.status IS DISTINCT FROM COALESCE((
           SELECT e.to_status FROM rows.ticket_events e
           WHERE e._shop = t._shop AND e.ticket_id = t.id AND e.to_status IS NOT NULL ORDER BY e._seq DESC LIMIT 1), 'received')",
    )
    .await;
    assert_eq!(
        off, 0,
        "seed {seed}: a ticket's status does not follow its history"
    );
    let twice = count(h, "SELECT COUNT(*) FROM (SELECT number FROM rows.tickets GROUP BY number HAVING COUNT(*) > 1) d").await;
    assert_eq!(twice, 0, "seed {seed}: a ticket number twice");
    let tickets = count(h, "SELECT COUNT(*) FROM rows.tickets").await;
    assert!(tickets > 0, "seed {seed}: the run took in nothing");
}
