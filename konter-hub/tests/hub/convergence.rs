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
//! seed prints the line that replays it. Two defects the sales steps found
//! fail some seeds (KONTER_SYNC_SEED=7 KONTER_SYNC_SEEDS=1
//! KONTER_SYNC_STEPS=120 hits both); each has its ignored test in work.rs.

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
        if local != hub {
            // Only the rows that differ, and what this device kept aside.
            let here: Vec<_> = local.iter().filter(|r| !hub.contains(r)).collect();
            let there: Vec<_> = hub.iter().filter(|r| !local.contains(r)).collect();
            let kept: Vec<(i64, String, String, String)> = sqlx::query_as(
                "SELECT hub_seq, tbl, row_key, reason FROM sync_conflicts ORDER BY hub_seq",
            )
            .fetch_all(&d.db.pool)
            .await
            .unwrap();
            panic!(
                "seed {seed}: table {} differs at {}: only here {here:?}; only at the hub {there:?}; kept aside here {kept:?}",
                t.name, cfg.counter_code
            );
        }
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
/// status); numbers are unique per series; the shop's facts hold (units
/// sold once, bookings, money) or a conflict names the break.
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
    for (what, numbers) in [
        ("ticket", "SELECT number FROM rows.tickets"),
        ("order", "SELECT number FROM rows.orders"),
        ("visit", "SELECT number FROM rows.visits"),
        (
            "invoice",
            "SELECT number FROM rows.invoices UNION ALL SELECT number FROM rows.order_invoices
             UNION ALL SELECT number FROM rows.visit_invoices",
        ),
    ] {
        let twice = count(
            h,
            &format!("SELECT COUNT(*) FROM (SELECT number FROM ({numbers}) n GROUP BY number HAVING COUNT(*) > 1) d"),
        )
        .await;
        assert_eq!(twice, 0, "seed {seed}: a {what} number twice");
    }
    // A serial unit is sold to one order, or the hub names it for people.
    let twice = count(
        h,
        "SELECT COUNT(*) FROM rows.units u
         WHERE (SELECT COUNT(DISTINCT m.order_id) FROM rows.stock_moves m
                WHERE m._shop = u._shop AND m.kind = 'sale' AND m.product_id = u.product_id AND m.serial = u.serial) > 1
           AND NOT EXISTS (SELECT 1 FROM conflicts x WHERE x.shop_id = u._shop AND x.kind = 'unit_twice'
                           AND x.tbl = 'units' AND x.row_key = u.id AND x.resolved_at IS NULL)",
    )
    .await;
    assert_eq!(
        twice, 0,
        "seed {seed}: a unit sold twice with no unit_twice conflict"
    );
    // The unit's row names one of the orders it was sold to.
    let stray = count(
        h,
        "SELECT COUNT(*) FROM rows.units u WHERE u.status = 'sold' AND NOT EXISTS (
           SELECT 1 FROM rows.stock_moves m WHERE m._shop = u._shop AND m.kind = 'sale'
             AND m.product_id = u.product_id AND m.serial = u.serial AND m.order_id = u.order_id)",
    )
    .await;
    assert_eq!(stray, 0, "seed {seed}: a unit sold with no sale of it");
    // Confirmed bookings never overlap (the exclusion's promise).
    let overlap = count(
        h,
        "SELECT COUNT(*) FROM confirmed_bookings x JOIN confirmed_bookings y
           ON y.shop_id = x.shop_id AND y.technician_id = x.technician_id AND y.visit_id > x.visit_id AND y.during && x.during",
    )
    .await;
    assert_eq!(overlap, 0, "seed {seed}: two confirmed bookings overlap");
    // Every pair of overlapping bookings that hold a technician's time has
    // its double_booked conflict; every such booking the hub did not
    // confirm has one of its own.
    let holding = "('booked', 'checked_in', 'done')";
    let unnamed = count(
        h,
        &format!(
            "SELECT COUNT(*) FROM rows.visits x JOIN rows.visits y
               ON y._shop = x._shop AND y.technician_id = x.technician_id AND y.id > x.id
              AND x.starts_at::timestamptz < y.ends_at::timestamptz AND y.starts_at::timestamptz < x.ends_at::timestamptz
             WHERE x.status IN {holding} AND y.status IN {holding}
               AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.shop_id = x._shop AND c.kind = 'double_booked'
                               AND c.tbl = 'visits' AND c.row_key IN (x.id, y.id) AND c.resolved_at IS NULL)"
        ),
    )
    .await;
    assert_eq!(
        unnamed, 0,
        "seed {seed}: overlapping bookings with no double_booked conflict"
    );
    let tentative = count(
        h,
        &format!(
            "SELECT COUNT(*) FROM rows.visits v WHERE v.status IN {holding}
               AND NOT EXISTS (SELECT 1 FROM confirmed_bookings b WHERE b.shop_id = v._shop AND b.visit_id = v.id)
               AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.shop_id = v._shop AND c.kind = 'double_booked'
                               AND c.tbl = 'visits' AND c.row_key = v.id AND c.resolved_at IS NULL)"
        ),
    )
    .await;
    assert_eq!(
        tentative, 0,
        "seed {seed}: a booking neither confirmed nor named in a conflict"
    );
    // No order holds more money than its total unless a conflict names it.
    let overpaid = count(
        h,
        "SELECT COUNT(*) FROM rows.orders o
         WHERE (SELECT COALESCE(SUM(CASE WHEN p.kind = 'refund' THEN -p.amount ELSE p.amount END), 0)
                FROM rows.order_payments p
                WHERE p._shop = o._shop AND p.order_id = o.id AND p.status NOT IN ('void', 'rejected')) > o.total
           AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.shop_id = o._shop AND (c.row_key = o.id OR c.detail = o.id))",
    )
    .await;
    assert_eq!(
        overpaid, 0,
        "seed {seed}: an order paid beyond its total with no conflict"
    );
    let tickets = count(h, "SELECT COUNT(*) FROM rows.tickets").await;
    assert!(tickets > 0, "seed {seed}: the run took in nothing");
    let sold = count(
        h,
        "SELECT COUNT(*) FROM rows.order_payments WHERE status = 'verified'",
    )
    .await;
    let booked = count(h, "SELECT COUNT(*) FROM confirmed_bookings").await;
    let handed = count(
        h,
        "SELECT COUNT(*) FROM rows.stock_moves WHERE kind = 'sale'",
    )
    .await;
    let kinds: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, COUNT(*) FROM conflicts GROUP BY kind ORDER BY kind")
            .fetch_all(&h.hub.pool)
            .await
            .unwrap();
    println!(
        "seed {seed}: {tickets} tickets, {sold} orders paid, {handed} units handed over, \
         {booked} bookings confirmed; conflicts {kinds:?}"
    );
}
