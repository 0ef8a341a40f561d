//! The money and stock invariants under random counter work (issue 11).
//!
//! Random sequences of sales (serialised and not, scanned twice), down
//! payments, payments, transfers confirmed / verified / rejected, handovers,
//! shipping, failed delivery and reship, partial delivery and backorders,
//! returns and exchanges, price corrections, item changes, cancellations,
//! expiry, stock receipts, WooCommerce imports and re-imports, visits billed
//! at check-out (parts from stock) and paid, couriers' cash collected on
//! delivery and their runs closed at the counter, the cash drawer's shifts
//! with pay-outs and closes, from two
//! counters (two connections on one SQLite file), some at the same moment.
//! After every step: refunds never exceed what was paid, no order keeps more
//! than it asks for, no visit paid beyond its invoice, no courier cash
//! beyond what was due and every closed run adding up, no web payment
//! without the store's paid date, the day
//! report's money equals the payment tables, every payment in one drawer
//! once as itself and each closed shift on its own moves, stock on hand is the sum of its
//! moves and never negative, every serial is in exactly one place; the
//! audit chain verifies.
//!
//! `KONTER_MODEL_STEPS` (default 120) steps per seed; `KONTER_MODEL_SEEDS`
//! (default 3) seeds from `KONTER_MODEL_SEED` (default: the clock). A
//! failing seed is printed; keep it in `REGRESSION_SEEDS` and it runs always.

use crate::common;

use chrono::Duration;
use common::sales::*;
use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::returns::{Condition, ReturnOutcome, ReturnReason};
use konter::domain::sales::order::{Channel, Fulfilment, OrderStatus};
use konter::domain::staff::Role;
use konter::store::returns::{self, ReturnInput};
use konter::store::sales::catalog::ProductSummary;
use konter::store::sales::changes::{change_lines, LineChange};
use konter::store::sales::corrections::{correct_price, PriceCorrection};
use konter::store::sales::orders::{self, NewOrder};
use konter::store::sales::partial::{ship_partial, PartialShipment, ShippedQty};
use konter::store::sales::payments::{self, CounterPayment, TransferConfirmation};
use konter::store::{sales::delivery, sales::flow, Ctx, Db};
use konter::Error;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;

mod checks;
mod drawer;
mod field;
mod steps;
mod web;

/// Seeds (and their step counts) that once failed: they run on every test
/// run. 1796110836365048: a non-serialised exchange took its replacement
/// from stock held for another order; 1796110836365050: a web order
/// imported short of stock was handed over from another order's stock; 43:
/// a serialised exchange handed over a unit held for another order. (Which
/// of two racing counters wins may differ between runs of one seed.) 2002:
/// an exchange whose replacement was a unit refunded from the same order
/// hit the warranty's unique (serial, invoice). 5000: a backorder that had
/// shipped part and had a backorder of its own was credited in full.
const REGRESSION_SEEDS: &[(u64, usize)] = &[
    (1796110836365048, 60),
    (1796110836365050, 190),
    (43, 215),
    (2002, 160),
    (5000, 60),
];

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::test]
async fn money_and_stock_invariants_hold_under_random_counter_work() {
    let steps = env("KONTER_MODEL_STEPS", 120) as usize;
    let first = env(
        "KONTER_MODEL_SEED",
        chrono::Utc::now().timestamp_micros() as u64,
    );
    let seeds = env("KONTER_MODEL_SEEDS", 3);
    let mut all: Vec<(u64, usize)> = REGRESSION_SEEDS.to_vec();
    all.extend((0..seeds).map(|i| (first.wrapping_add(i), steps)));
    for (seed, steps) in all {
        eprintln!("money model: seed {seed}, {steps} steps (KONTER_MODEL_SEED={seed} KONTER_MODEL_SEEDS=1 KONTER_MODEL_STEPS={steps} replays it)");
        run(seed, steps).await;
    }
}

struct Model {
    s: TestShop,
    second: Db,
    rng: StdRng,
    minutes: i64,
    customers: Vec<uuid::Uuid>,
    products: Vec<ProductSummary>,
    orders: Vec<uuid::Uuid>,
    /// Woo id → (the last record sent, whether any record said it was paid).
    woo: HashMap<u64, (serde_json::Value, bool)>,
    serial_no: u32,
    step: usize,
    seed: u64,
    technician: Option<uuid::Uuid>,
    courier: Option<uuid::Uuid>,
    visits: Vec<uuid::Uuid>,
    /// Working days after Tuesday 24 November used for visits so far.
    visit_days: i64,
}

async fn run(seed: u64, steps: usize) {
    let s = shop().await;
    let second = Db::open(&s.dir.path().join("konter.db")).await.unwrap();
    let mut m = Model {
        customers: vec![
            customer(&s, "Budi", "081234567890").await.id,
            customer(&s, "Sari", "081311112222").await.id,
        ],
        products: vec![],
        s,
        second,
        rng: StdRng::seed_from_u64(seed),
        minutes: 0,
        orders: vec![],
        woo: HashMap::new(),
        serial_no: 0,
        step: 0,
        seed,
        technician: None,
        courier: None,
        visits: vec![],
        visit_days: 0,
    };
    for (sku, price, serialised) in [
        ("CTX-SD36", "10.000.000", true),
        ("EPS-L121", "2.500.000", true),
        ("USB-3M", "150.000", false),
        ("TNR-85A", "900.000", false),
    ] {
        let p = product(&m.s, sku, price, serialised).await;
        m.products.push(p);
    }
    for i in 0..m.products.len() {
        m.receive(i, 3).await;
    }
    let (db, ctx) = (m.s.db.clone(), m.ctx());
    m.open_shift(&db, &ctx).await.unwrap();
    for step in 0..steps {
        m.step = step;
        m.minutes += m.rng.gen_range(1..30);
        let a = m.rng.gen_range(0..100);
        if m.rng.gen_bool(0.15) {
            // Two counters at the same moment.
            let b = m.rng.gen_range(0..100);
            let (x, y) = (m.pick(), m.pick());
            let (c1, c2) = (m.ctx(), m.ctx());
            let (db1, db2) = (m.s.db.clone(), m.second.clone());
            let (r1, r2) = tokio::join!(concurrent(&db1, &c1, x, a), concurrent(&db2, &c2, y, b));
            if std::env::var_os("KONTER_MODEL_TRACE").is_some() {
                eprintln!(
                    "step {step} at once {a}/{b}: {:?} {:?}",
                    r1.as_ref().err(),
                    r2.as_ref().err()
                );
            }
            m.ok(r1);
            m.ok(r2);
        } else {
            m.act(a).await;
        }
        m.check().await;
        m.check_drawer().await;
    }
    if steps >= 100 {
        let moves: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM drawer_moves")
            .fetch_one(&m.s.db.pool)
            .await
            .unwrap();
        assert!(moves > 0, "seed {seed}: the drawer took nothing");
    }
    m.audit().await;
}

/// The money actions two counters race on.
async fn concurrent(db: &Db, ctx: &Ctx, order: Option<uuid::Uuid>, a: u32) -> Result<(), Error> {
    let Some(id) = order else { return Ok(()) };
    let pay = CounterPayment {
        method: PaymentMethod::Cash,
        tendered: None,
        amount: None,
    };
    match a % 4 {
        0 => payments::pay_at_counter(db, ctx, id, pay).await.map(|_| ()),
        1 => flow::cancel(db, ctx, id, "dua kasir").await.map(|_| ()),
        2 => flow::hand_over(db, ctx, id, vec![]).await.map(|_| ()),
        _ => flow::start_processing(db, ctx, id).await.map(|_| ()),
    }
}

impl Model {
    fn ctx(&self) -> Ctx {
        Ctx {
            staff_id: self.s.owner.staff_id,
            role: Role::Owner,
            now: monday_10_wib() + Duration::minutes(self.minutes),
        }
    }

    fn db(&mut self) -> Db {
        if self.rng.gen_bool(0.5) {
            self.s.db.clone()
        } else {
            self.second.clone()
        }
    }

    /// Mostly an order in one of `statuses` (what the action needs), now
    /// and then any order (the refusals are part of the model too).
    async fn pick_in(&mut self, statuses: &[&str]) -> Option<uuid::Uuid> {
        if self.rng.gen_bool(0.2) {
            return self.pick();
        }
        let list = statuses
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let ids: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT id FROM orders WHERE status IN ({list}) ORDER BY rowid"
        ))
        .fetch_all(&self.s.db.pool)
        .await
        .unwrap();
        if ids.is_empty() {
            return self.pick();
        }
        Some(ids[self.rng.gen_range(0..ids.len())].parse().unwrap())
    }

    fn pick(&mut self) -> Option<uuid::Uuid> {
        (!self.orders.is_empty()).then(|| self.orders[self.rng.gen_range(0..self.orders.len())])
    }

    /// A refusal is fine (typed, at its field or state); a storage error or
    /// anything untyped is a defect.
    fn ok<T>(&self, r: Result<T, Error>) {
        if let Err(e) = r {
            // A race lost to the other counter is a typed "look again"; a
            // unique constraint hit by the database itself is a defect.
            let raced =
                matches!(&e, Error::Conflict { message } if !message.contains("unique value"));
            assert!(
                raced
                    || matches!(
                        e,
                        Error::Validation { .. }
                            | Error::InvalidState { .. }
                            | Error::NotFound { .. }
                    ),
                "seed {} step {}: {e:?}",
                self.seed,
                self.step
            );
        }
    }

    async fn act(&mut self, a: u32) {
        let ctx = self.ctx();
        let db = self.db();
        let r: Result<(), Error> = match a {
            0..=14 => self.new_order(&db, &ctx).await,
            15..=26 => match self
                .pick_in(&[
                    "awaiting_payment",
                    "payment_declined",
                    "on_hold",
                    "insufficient_stock",
                    "processing",
                    "in_delivery",
                ])
                .await
            {
                Some(id) => {
                    let down = self.rng.gen_bool(0.3).then(|| "100.000".to_string());
                    let pay = CounterPayment {
                        method: PaymentMethod::Cash,
                        tendered: None,
                        amount: down,
                    };
                    payments::pay_at_counter(&db, &ctx, id, pay)
                        .await
                        .map(|_| ())
                }
                None => Ok(()),
            },
            27..=32 => self.transfer(&db, &ctx).await,
            33..=44 => self.fulfil(&db, &ctx).await,
            45..=50 => match self.pick_in(&["in_delivery"]).await {
                Some(id) => {
                    let back = self.rng.gen_bool(0.7);
                    delivery::delivery_failed(&db, &ctx, id, "tidak ada orang", back)
                        .await
                        .map(|_| ())
                }
                None => Ok(()),
            },
            51..=58 => self.give_back(&db, &ctx).await,
            59..=62 => match self
                .pick_in(&[
                    "awaiting_payment",
                    "payment_received",
                    "processing",
                    "on_hold",
                ])
                .await
            {
                Some(id) => {
                    let c = PriceCorrection {
                        position: 0,
                        unit_price: ["100.000", "2.000.000", "12.000.000"]
                            [self.rng.gen_range(0..3)]
                        .into(),
                        customer_accepts: Some(self.rng.gen_bool(0.7)),
                        note: None,
                    };
                    correct_price(&db, &ctx, id, c).await.map(|_| ())
                }
                None => Ok(()),
            },
            63..=66 => match self
                .pick_in(&["awaiting_payment", "payment_received", "insufficient_stock"])
                .await
            {
                Some(id) => {
                    let i = self.rng.gen_range(0..self.products.len());
                    let change = LineChange {
                        lines: line_inputs(vec![(&self.products[i], "1")]),
                        note: None,
                    };
                    change_lines(&db, &ctx, id, change).await.map(|_| ())
                }
                None => Ok(()),
            },
            67..=72 => match self
                .pick_in(&[
                    "awaiting_payment",
                    "payment_received",
                    "processing",
                    "ready_for_pickup",
                    "insufficient_stock",
                ])
                .await
            {
                Some(id) if self.rng.gen_bool(0.5) => {
                    flow::cancel(&db, &ctx, id, "stok rusak").await.map(|_| ())
                }
                Some(id) => flow::cancel_by_customer(&db, &ctx, id, "berubah pikiran")
                    .await
                    .map(|_| ()),
                None => Ok(()),
            },
            73..=76 => {
                self.minutes += 60 * self.rng.gen_range(1..30);
                flow::expire_unpaid(&db, self.ctx().now).await.map(|_| ())
            }
            77..=82 => {
                let i = self.rng.gen_range(0..self.products.len());
                let qty = self.rng.gen_range(1..3);
                self.receive(i, qty).await;
                match self.pick_in(&["insufficient_stock"]).await {
                    Some(id) => flow::recheck_stock(&db, &ctx, id).await.map(|_| ()),
                    None => Ok(()),
                }
            }
            83..=86 => self.visit(&db).await,
            87..=90 => self.courier_cash(&db, &ctx).await,
            91..=94 => self.drawer(&db, &ctx).await,
            _ => self.web(&db, &ctx).await,
        };
        if std::env::var_os("KONTER_MODEL_TRACE").is_some() {
            eprintln!("step {} action {a}: {:?}", self.step, r.as_ref().err());
        }
        self.ok(r);
    }
}
