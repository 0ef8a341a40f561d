//! The money and stock invariants under random counter work (issue 11).
//!
//! Random sequences of sales (serialised and not, scanned twice), down
//! payments, payments, transfers confirmed / verified / rejected, handovers,
//! shipping, failed delivery and reship, partial delivery and backorders,
//! returns and exchanges, price corrections, item changes, cancellations,
//! expiry, stock receipts, WooCommerce imports and re-imports, visits billed
//! at check-out (parts from stock) and paid, couriers' cash collected on
//! delivery and their runs closed at the counter, from two
//! counters (two connections on one SQLite file), some at the same moment.
//! After every step: refunds never exceed what was paid, no order keeps more
//! than it asks for, no visit paid beyond its invoice, no courier cash
//! beyond what was due and every closed run adding up, no web payment
//! without the store's paid date, the day
//! report's money equals the payment tables, stock on hand is the sum of its
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
use konter::domain::order::{Channel, Fulfilment, OrderStatus};
use konter::domain::payment::PaymentMethod;
use konter::domain::returns::{Condition, ReturnOutcome, ReturnReason};
use konter::domain::staff::Role;
use konter::store::catalog::{self, ProductSummary};
use konter::store::order_changes::{change_lines, LineChange};
use konter::store::order_corrections::{correct_price, PriceCorrection};
use konter::store::order_partial::{ship_partial, PartialShipment, ShippedQty};
use konter::store::order_payments::{self, CounterPayment, TransferConfirmation};
use konter::store::orders::{self, NewOrder};
use konter::store::returns::{self, ReturnInput};
use konter::store::{order_delivery, order_flow, woo, Ctx, Db};
use konter::Error;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;

/// Seeds (and their step counts) that once failed: they run on every test
/// run. 1796110836365048: a non-serialised exchange took its replacement
/// from stock held for another order; 1796110836365050: a web order
/// imported short of stock was handed over from another order's stock; 43:
/// a serialised exchange handed over a unit held for another order. (Which
/// of two racing counters wins may differ between runs of one seed.) 2002:
/// an exchange whose replacement was a unit refunded from the same order
/// hit the warranty's unique (serial, invoice).
const REGRESSION_SEEDS: &[(u64, usize)] = &[
    (1796110836365048, 60),
    (1796110836365050, 190),
    (43, 215),
    (2002, 160),
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
        0 => order_payments::pay_at_counter(db, ctx, id, pay)
            .await
            .map(|_| ()),
        1 => order_flow::cancel(db, ctx, id, "dua kasir")
            .await
            .map(|_| ()),
        2 => order_flow::hand_over(db, ctx, id, vec![]).await.map(|_| ()),
        _ => order_flow::start_processing(db, ctx, id).await.map(|_| ()),
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

    async fn receive(&mut self, i: usize, qty: u32) {
        let p = self.products[i].clone();
        let serials: Vec<String> = if p.serialised {
            (0..qty)
                .map(|_| {
                    self.serial_no += 1;
                    format!("SN-{}", self.serial_no)
                })
                .collect()
        } else {
            vec![]
        };
        let refs: Vec<&str> = serials.iter().map(String::as_str).collect();
        receive(&self.s, &p, &qty.to_string(), &refs).await;
    }

    async fn in_stock(&self, product: uuid::Uuid, n: usize) -> Vec<String> {
        sqlx::query_scalar("SELECT serial FROM units WHERE product_id = ? AND status = 'in_stock' ORDER BY serial LIMIT ?")
            .bind(product.to_string())
            .bind(n as i64)
            .fetch_all(&self.s.db.pool)
            .await
            .unwrap()
    }

    /// Serials for every serialised line of the order, from the shelf.
    async fn scans(
        &self,
        id: uuid::Uuid,
        only: Option<&HashMap<u32, i64>>,
    ) -> Vec<konter::store::order_flow::ScannedSerial> {
        let o = orders::detail(&self.s.db, id).await.unwrap();
        let mut out = vec![];
        let mut taken: Vec<String> = vec![];
        for l in o.lines.iter().filter(|l| l.serialised) {
            let n = only
                .map(|q| q.get(&l.position).copied().unwrap_or(0))
                .unwrap_or(l.qty) as usize;
            let free = self.in_stock(l.product_id, n + taken.len()).await;
            let fresh: Vec<String> = free
                .into_iter()
                .filter(|s| !taken.contains(s))
                .take(n)
                .collect();
            for sn in fresh {
                out.push(scan(l.position, &sn));
                taken.push(sn);
            }
        }
        out
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
                    order_payments::pay_at_counter(&db, &ctx, id, pay)
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
                    order_delivery::delivery_failed(&db, &ctx, id, "tidak ada orang", back)
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
                    order_flow::cancel(&db, &ctx, id, "stok rusak")
                        .await
                        .map(|_| ())
                }
                Some(id) => order_flow::cancel_by_customer(&db, &ctx, id, "berubah pikiran")
                    .await
                    .map(|_| ()),
                None => Ok(()),
            },
            73..=76 => {
                self.minutes += 60 * self.rng.gen_range(1..30);
                order_flow::expire_unpaid(&db, self.ctx().now)
                    .await
                    .map(|_| ())
            }
            77..=82 => {
                let i = self.rng.gen_range(0..self.products.len());
                let qty = self.rng.gen_range(1..3);
                self.receive(i, qty).await;
                match self.pick_in(&["insufficient_stock"]).await {
                    Some(id) => order_flow::recheck_stock(&db, &ctx, id).await.map(|_| ()),
                    None => Ok(()),
                }
            }
            83..=86 => self.visit(&db).await,
            87..=90 => self.courier_cash(&db, &ctx).await,
            _ => self.web(&db, &ctx).await,
        };
        if std::env::var_os("KONTER_MODEL_TRACE").is_some() {
            eprintln!("step {} action {a}: {:?}", self.step, r.as_ref().err());
        }
        self.ok(r);
    }

    async fn new_order(&mut self, db: &Db, ctx: &Ctx) -> Result<(), Error> {
        let customer = self.customers[self.rng.gen_range(0..self.customers.len())];
        let n = self.rng.gen_range(1..=3);
        let lines: Vec<(&ProductSummary, &str)> = (0..n)
            .map(|_| {
                (
                    &self.products[self.rng.gen_range(0..self.products.len())],
                    ["1", "1", "2"][self.rng.gen_range(0..3)],
                )
            })
            .collect();
        let delivery = self.rng.gen_bool(0.4);
        let input = NewOrder {
            channel: if delivery {
                Channel::Web
            } else {
                Channel::Counter
            },
            fulfilment: if delivery {
                Fulfilment::Delivery
            } else {
                Fulfilment::Pickup
            },
            ship_address: delivery.then(|| "Jl. Melati 3".into()),
            ship_city: delivery.then(|| "Depok".into()),
            payment_method: if self.rng.gen_bool(0.5) {
                PaymentMethod::BankTransfer
            } else {
                PaymentMethod::Cash
            },
            cod: delivery && self.rng.gen_bool(0.3),
            ..order(customer, lines)
        };
        let o = orders::create(db, ctx, input).await?;
        self.orders.push(o.id);
        Ok(())
    }

    async fn transfer(&mut self, db: &Db, ctx: &Ctx) -> Result<(), Error> {
        let Some(id) = self
            .pick_in(&["awaiting_payment", "on_hold", "payment_declined"])
            .await
        else {
            return Ok(());
        };
        let o = orders::detail(db, id).await?;
        if let Some(p) = o.payments.iter().find(|p| p.status == "pending") {
            let found = self.rng.gen_bool(0.7);
            return order_payments::decide_transfer(db, ctx, id, &p.id.to_string(), found, None)
                .await
                .map(|_| ());
        }
        let amount = if self.rng.gen_bool(0.8) {
            o.balance
        } else {
            o.balance / rust_decimal::Decimal::from(2)
        };
        let confirm = TransferConfirmation {
            bank: "BCA".into(),
            account_name: "Budi".into(),
            amount: konter::domain::money::round(amount, o.currency).to_string(),
            paid_on: ctx.now.format("%Y-%m-%d").to_string(),
            proof_path: None,
        };
        order_payments::confirm_transfer(db, ctx, id, confirm)
            .await
            .map(|_| ())
    }

    /// The next move of an order's fulfilment, as the counter would make it.
    async fn fulfil(&mut self, db: &Db, ctx: &Ctx) -> Result<(), Error> {
        let Some(id) = self
            .pick_in(&[
                "payment_received",
                "processing",
                "ready_for_pickup",
                "in_delivery",
                "insufficient_stock",
            ])
            .await
        else {
            return Ok(());
        };
        let o = orders::detail(db, id).await?;
        match (o.status, o.fulfilment) {
            (OrderStatus::PaymentReceived | OrderStatus::AwaitingPayment, Fulfilment::Delivery) => {
                order_flow::start_processing(db, ctx, id).await.map(|_| ())
            }
            (OrderStatus::PaymentReceived | OrderStatus::Processing, Fulfilment::Pickup)
                if self.rng.gen_bool(0.5) =>
            {
                order_flow::ready_for_pickup(db, ctx, id).await.map(|_| ())
            }
            (_, Fulfilment::Pickup) => {
                let scans = self.scans(id, None).await;
                order_flow::hand_over(db, ctx, id, scans).await.map(|_| ())
            }
            (OrderStatus::Processing | OrderStatus::InsufficientStock, _)
                if o.lines.iter().any(|l| l.qty > 1) && self.rng.gen_bool(0.3) =>
            {
                let l = o.lines.iter().find(|l| l.qty > 1).unwrap();
                let now: HashMap<u32, i64> = [(l.position, 1)].into();
                let part = PartialShipment {
                    tracking: "JNE-P".into(),
                    lines: vec![ShippedQty {
                        position: l.position,
                        qty: 1,
                    }],
                    serials: self.scans(id, Some(&now)).await,
                    consent: "setuju lewat WhatsApp".into(),
                };
                let r = ship_partial(db, ctx, id, part).await?;
                self.orders.push(r.backorder.id);
                Ok(())
            }
            (OrderStatus::Processing, _) => {
                let scans = self.scans(id, None).await;
                order_flow::ship(db, ctx, id, "JNE-1", scans)
                    .await
                    .map(|_| ())
            }
            (OrderStatus::InDelivery, _) => order_flow::deliver(db, ctx, id).await.map(|_| ()),
            _ => Ok(()),
        }
    }

    /// A return: refund, exchange or repair, of a serial from this order or
    /// any serial at all (a resold one, a wrong one).
    async fn give_back(&mut self, db: &Db, ctx: &Ctx) -> Result<(), Error> {
        let Some(id) = self.pick_in(&["picked_up", "delivered"]).await else {
            return Ok(());
        };
        let o = orders::detail(db, id).await?;
        let Some(line) = o
            .lines
            .get(self.rng.gen_range(0..o.lines.len().max(1)))
            .cloned()
        else {
            return Ok(());
        };
        let serial = if line.serialised {
            if self.rng.gen_bool(0.8) && !line.serials.is_empty() {
                Some(line.serials[self.rng.gen_range(0..line.serials.len())].clone())
            } else {
                Some(format!(
                    "SN-{}",
                    self.rng.gen_range(1..=self.serial_no.max(1))
                ))
            }
        } else {
            None
        };
        let outcome = [
            ReturnOutcome::Refund,
            ReturnOutcome::Refund,
            ReturnOutcome::Exchange,
        ][self.rng.gen_range(0..3)];
        let replacement = match (outcome, line.serialised) {
            (ReturnOutcome::Exchange, true) => self.in_stock(line.product_id, 1).await.pop(),
            _ => None,
        };
        let sealed = self.rng.gen_bool(0.6);
        let input = ReturnInput {
            position: line.position,
            serial,
            qty: self.rng.gen_range(1..=2).to_string(),
            reason: ReturnReason::Defective,
            condition: Condition {
                seal_intact: sealed,
                unused: sealed,
                complete: true,
            },
            outcome,
            replacement_serial: replacement,
            return_shipping: None,
            note: None,
        };
        returns::create(db, ctx, id, input).await.map(|_| ())
    }

    /// WooCommerce: a new order, or a known one re-imported with another
    /// status (sometimes one the counter has already moved past).
    async fn web(&mut self, db: &Db, ctx: &Ctx) -> Result<(), Error> {
        let statuses = [
            "pending",
            "on-hold",
            "processing",
            "completed",
            "cancelled",
            "refunded",
            "failed",
        ];
        let status = statuses[self.rng.gen_range(0..statuses.len())];
        let method = ["bacs", "cod", "stripe"][self.rng.gen_range(0..3)];
        let paid = self
            .rng
            .gen_bool(0.6)
            .then(|| "2026-11-23T02:00:00".to_string());
        let known: Vec<u64> = self.woo.keys().copied().collect();
        let mut record = if !known.is_empty() && self.rng.gen_bool(0.5) {
            self.woo[&known[self.rng.gen_range(0..known.len())]]
                .0
                .clone()
        } else {
            let id = 5000 + self.woo.len() as u64;
            let p = &self.products[self.rng.gen_range(0..self.products.len())];
            let qty: i64 = self.rng.gen_range(1..=3);
            let unit =
                konter::domain::money::to_minor(p.price, konter::domain::money::Currency::IDR)
                    * qty;
            let tax = unit * 11 / 100;
            serde_json::json!({
                "id": id, "number": id.to_string(), "currency": "IDR", "status": "pending",
                "date_created_gmt": "2026-11-23T01:00:00", "date_completed_gmt": "2026-11-23T05:00:00",
                "discount_total": "0", "shipping_total": "0", "total_tax": tax.to_string(), "total": (unit + tax).to_string(),
                "billing": { "first_name": "Rina", "last_name": "Web", "phone": "0857 1234 5678", "email": "rina@example.co.id" },
                "payment_method": "bacs",
                "line_items": [{ "name": p.name, "sku": p.sku, "quantity": qty, "subtotal": unit.to_string(), "total": unit.to_string() }],
                "shipping_lines": [{ "method_id": if self.rng.gen_bool(0.5) { "local_pickup" } else { "flat_rate" } }]
            })
        };
        let id = record["id"].as_u64().unwrap();
        record["status"] = status.into();
        record["payment_method"] = method.into();
        record["date_paid_gmt"] = paid.clone().into();
        record["date_modified_gmt"] = format!(
            "2026-11-23T{:02}:{:02}:00",
            2 + self.step / 60 % 20,
            self.step % 60
        )
        .into();
        let proved = konter::domain::woo::money_state(status, method, paid.as_deref());
        let said_paid = matches!(proved, konter::domain::woo::WooMoney::Paid { .. });
        let before = self.woo.get(&id).map(|(_, p)| *p).unwrap_or(false);
        self.woo.insert(id, (record.clone(), before || said_paid));
        let text = serde_json::Value::Array(vec![record]).to_string();
        // Sometimes a front-desk clerk imports: payments then wait, pending.
        let who = if self.rng.gen_bool(0.3) {
            Ctx {
                role: Role::FrontDesk,
                ..*ctx
            }
        } else {
            *ctx
        };
        let report = woo::import_json(db, &who, "toko", &text, &|_| {}).await?;
        if report.created == 1 {
            let o = order_flow::find_for_pickup(db, &format!("WC-{id}"), None).await?;
            self.orders.push(o.id);
        }
        Ok(())
    }

    /// A paid visit on the next free working day: booked, carried out with
    /// parts from stock, invoiced at check-out, paid (sometimes from both
    /// counters at once); or an earlier visit's bill paid again.
    async fn visit(&mut self, db: &Db) -> Result<(), Error> {
        use konter::store::visit_billing::{self, VisitPaymentInput};
        use konter::store::visit_work::{
            check_in, check_out, VisitOutcome, VisitPart, VisitReport,
        };
        use konter::store::visits;
        let pay = || VisitPaymentInput {
            method: PaymentMethod::Cash,
            tendered: None,
        };
        if !self.visits.is_empty() && self.rng.gen_bool(0.3) {
            let v = self.visits[self.rng.gen_range(0..self.visits.len())];
            return visit_billing::pay(db, &self.ctx(), v, pay())
                .await
                .map(|_| ());
        }
        let tech = match self.technician {
            Some(t) => t,
            None => {
                let t = crate::visits::technician(&self.s).await;
                self.technician = Some(t);
                t
            }
        };
        let cal = konter::store::calendar::calendar(&self.s.db).await?;
        let tuesday = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        self.visit_days += 1;
        let day = cal.add_working_days(tuesday, self.visit_days as u32);
        let local = |h: u32, m: u32| {
            chrono::TimeZone::from_local_datetime(
                &chrono_tz::Asia::Jakarta,
                &day.and_hms_opt(h, m, 0).unwrap(),
            )
            .unwrap()
            .with_timezone(&chrono::Utc)
        };
        let base = self.ctx();
        let at = move |h, m| Ctx {
            now: local(h, m),
            ..base
        };
        let customer = self.customers[self.rng.gen_range(0..self.customers.len())];
        let v = visits::request(db, &self.ctx(), crate::visits::request(customer, &[])).await?;
        let booking = crate::visits::at(tech, &format!("{day}T09:00"), 60);
        visits::book(db, &self.ctx(), v.id, booking).await?;
        check_in(db, &at(9, 0), v.id).await?;
        let cable = self.products.iter().find(|p| p.sku == "USB-3M").unwrap().id;
        let report = |breach: Option<&str>| VisitReport {
            work_done: "Roller diganti".into(),
            parts: vec![VisitPart {
                product_id: cable.to_string(),
                qty: "1".into(),
            }],
            labour_minutes: 45,
            customer_name: "Pak Andi".into(),
            signature_png: None,
            outcome: VisitOutcome::Fixed,
            workshop: None,
            breach_reason: breach.map(str::to_string),
        };
        let out = match check_out(db, &at(10, 0), v.id, report(None)).await {
            Err(e) if e.field() == Some("breach_reason") => {
                check_out(db, &at(10, 0), v.id, report(Some("jadwal pelanggan"))).await
            }
            other => other,
        };
        out?;
        self.visits.push(v.id);
        if self.rng.gen_bool(0.3) {
            let (c, d1, d2) = (at(10, 30), self.s.db.clone(), self.second.clone());
            let (a, b) = tokio::join!(
                visit_billing::pay(&d1, &c, v.id, pay()),
                visit_billing::pay(&d2, &c, v.id, pay())
            );
            self.ok(a);
            self.ok(b);
            return Ok(());
        }
        visit_billing::pay(db, &at(10, 30), v.id, pay())
            .await
            .map(|_| ())
    }

    /// A repaired device delivered by the courier with its balance to
    /// collect; what the courier collected recorded (right, short, too much,
    /// negative, twice at once); the run of a day closed at the counter.
    async fn courier_cash(&mut self, db: &Db, ctx: &Ctx) -> Result<(), Error> {
        use konter::domain::ticket::TicketStatus;
        use konter::store::courier_cash::{reconcile, record, RunClose};
        use konter::store::courier_jobs::{self, JobKind, NewJob};
        let courier = match self.courier {
            Some(c) => c,
            None => {
                let c = crate::courier_jobs::courier(&self.s, "andi").await.staff_id;
                self.courier = Some(c);
                c
            }
        };
        let day = ctx
            .now
            .with_timezone(&chrono_tz::Asia::Jakarta)
            .date_naive();
        let open: Vec<(String, i64)> = sqlx::query_as(
            "SELECT j.id, j.cash_to_collect FROM courier_jobs j WHERE j.cash_to_collect > 0 AND NOT EXISTS (SELECT 1 FROM courier_cash c WHERE c.job_id = j.id) ORDER BY j.rowid",
        )
        .fetch_all(&self.s.db.pool)
        .await
        .unwrap();
        match self.rng.gen_range(0..3) {
            0 => {
                let customer = self.customers[self.rng.gen_range(0..self.customers.len())];
                let t = common::matrix::ticket_paid(
                    &self.s,
                    customer,
                    TicketStatus::ReadyForPickup,
                    "0",
                )
                .await;
                let job = NewJob {
                    kind: JobKind::Delivery,
                    ticket_id: t.id.to_string(),
                    address: "Jl. Melati 3".into(),
                    city: "Depok".into(),
                    phone: "0812 3456 7890".into(),
                    courier_id: courier.to_string(),
                    planned_on: day.to_string(),
                    collect_balance: true,
                };
                courier_jobs::create(db, ctx, job).await.map(|_| ())
            }
            1 if !open.is_empty() => {
                let (job, due) = &open[self.rng.gen_range(0..open.len())];
                let job: uuid::Uuid = job.parse().unwrap();
                let amount =
                    [*due, due - 1000, due + 1000, -5][self.rng.gen_range(0..4)].to_string();
                let (d1, d2) = (self.s.db.clone(), self.second.clone());
                let (a, b) = tokio::join!(
                    record(&d1, ctx, job, &amount),
                    record(&d2, ctx, job, &amount)
                );
                self.ok(b);
                a.map(|_| ())
            }
            _ => {
                let days: Vec<String> = sqlx::query_scalar(
                    "SELECT DISTINCT planned_on FROM courier_jobs WHERE planned_on <= ? ORDER BY planned_on",
                )
                .bind(day.to_string())
                .fetch_all(&self.s.db.pool)
                .await
                .unwrap();
                let Some(d) = days.get(self.rng.gen_range(0..days.len().max(1))) else {
                    return Ok(());
                };
                let expected: i64 = sqlx::query_scalar(
                    "SELECT COALESCE(SUM(c.amount), 0) FROM courier_cash c JOIN courier_jobs j ON j.id = c.job_id WHERE j.courier_id = ? AND j.planned_on = ?",
                )
                .bind(courier.to_string())
                .bind(d)
                .fetch_one(&self.s.db.pool)
                .await
                .unwrap();
                let short = self.rng.gen_bool(0.3);
                let input = RunClose {
                    handed_in: (expected - if short { expected.min(5000) } else { 0 }).to_string(),
                    note: short.then(|| "uang kembalian kurang".into()),
                };
                reconcile(db, ctx, courier, d.parse().unwrap(), input)
                    .await
                    .map(|_| ())
            }
        }
    }

    async fn check(&self) {
        let pool = &self.s.db.pool;
        let at = format!("seed {} step {}", self.seed, self.step);
        // Per order: refunds ≤ payments; nothing kept beyond what it asks for.
        type OrderMoney = (String, String, i64, i64, i64, i64, Option<String>);
        let rows: Vec<OrderMoney> = sqlx::query_as(
            "SELECT o.number, o.status, o.total,
                COALESCE((SELECT SUM(amount) FROM order_payments WHERE order_id = o.id AND status = 'verified' AND kind = 'payment'), 0),
                COALESCE((SELECT SUM(amount) FROM order_payments WHERE order_id = o.id AND status = 'verified' AND kind = 'refund'), 0),
                COALESCE((SELECT SUM(COALESCE(refund_amount, 0) + CASE WHEN shipping_paid_by = 'shop' THEN COALESCE(return_shipping, 0) ELSE 0 END) FROM returns WHERE order_id = o.id), 0)
                  + COALESCE((SELECT SUM(amount) FROM order_credits WHERE order_id = o.id), 0),
                o.source
             FROM orders o",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        for (number, status, total, paid, refunded, returned, source) in rows {
            // The counter's own orders leave only paid (the web store may
            // complete an order it never said was paid).
            let web = source.is_some_and(|s| s.starts_with("woocommerce:"));
            if !web && matches!(status.as_str(), "picked_up" | "delivered") {
                assert!(
                    paid - refunded >= total - returned,
                    "{at}: {number} left the shop owing {}",
                    total - returned - paid + refunded
                );
            }
            assert!(
                refunded <= paid,
                "{at}: {number} refunded {refunded} of {paid}"
            );
            let net = paid - refunded;
            if status != "cancelled" {
                assert!(
                    net <= total - returned,
                    "{at}: {number} keeps {net}, asks {}",
                    total - returned
                );
            }
            assert!(
                returned <= total,
                "{at}: {number} returned {returned} of {total}"
            );
        }
        // A pending transfer can still be decided: never on a cancelled order.
        let stuck: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM order_payments p JOIN orders o ON o.id = p.order_id WHERE p.status = 'pending' AND o.status = 'cancelled'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(stuck, 0, "{at}: a pending payment on a cancelled order");
        // A visit is never paid beyond its live invoice.
        let over: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT v.number, COALESCE((SELECT SUM(amount) FROM visit_payments WHERE visit_id = v.id), 0) AS paid,
                COALESCE((SELECT total FROM visit_invoices WHERE visit_id = v.id AND voided_at IS NULL), 0) AS total
             FROM visits v WHERE paid > total",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        assert!(
            over.is_empty(),
            "{at}: visits paid beyond their invoice {over:?}"
        );
        // Courier cash: never beyond what was due; a closed run adds up.
        let beyond: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM courier_cash c JOIN courier_jobs j ON j.id = c.job_id WHERE c.amount > j.cash_to_collect",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(beyond, 0, "{at}: courier cash beyond what was due");
        let runs: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT r.day, r.expected, r.handed_in, r.difference,
                COALESCE((SELECT SUM(c.amount) FROM courier_cash c JOIN courier_jobs j ON j.id = c.job_id WHERE j.courier_id = r.courier_id AND j.planned_on = r.day), 0)
             FROM courier_reconciliations r",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        for (day, expected, handed, diff, collected) in runs {
            assert_eq!(
                expected, collected,
                "{at}: run of {day} expected what its jobs collected"
            );
            assert_eq!(diff, handed - expected, "{at}: run of {day}");
        }
        // No web payment without the store's paid date.
        let web: Vec<(String,)> = sqlx::query_as(
            "SELECT o.external_id FROM order_payments p JOIN orders o ON o.id = p.order_id
             WHERE p.kind = 'payment' AND p.status IN ('verified', 'pending') AND p.reference LIKE 'woocommerce #%'",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        for (ext,) in web {
            let id: u64 = ext.parse().unwrap();
            assert!(
                self.woo.get(&id).is_some_and(|(_, p)| *p),
                "{at}: web order {id} paid without a paid date"
            );
        }
        // The day report's money = the payment tables of that day.
        let day = self
            .ctx()
            .now
            .with_timezone(&chrono_tz::Asia::Jakarta)
            .date_naive();
        let report = konter::store::reports::day(&self.s.db, &self.ctx(), Some(&day.to_string()))
            .await
            .unwrap();
        let start = chrono::TimeZone::from_local_datetime(
            &chrono_tz::Asia::Jakarta,
            &day.and_hms_opt(0, 0, 0).unwrap(),
        )
        .unwrap()
        .with_timezone(&chrono::Utc);
        let (from, to) = (
            konter::store::ts(start),
            konter::store::ts(start + Duration::days(1)),
        );
        let sum: i64 = sqlx::query_scalar(
            "SELECT COALESCE(SUM(CASE WHEN kind = 'refund' THEN -amount ELSE amount END), 0) FROM (
                SELECT kind, amount FROM order_payments WHERE status = 'verified' AND COALESCE(decided_at, received_at) >= ?1 AND COALESCE(decided_at, received_at) < ?2
                UNION ALL SELECT kind, amount FROM payments WHERE voided_at IS NULL AND received_at >= ?1 AND received_at < ?2
                UNION ALL SELECT 'payment', amount FROM visit_payments WHERE received_at >= ?1 AND received_at < ?2)",
        )
        .bind(&from)
        .bind(&to)
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(
            report.taken,
            rust_decimal::Decimal::from(sum),
            "{at}: day report"
        );
        // Stock: on hand = its moves, never negative; nothing held beyond it;
        // serialised on hand = its units in stock.
        for p in &self.products {
            let c = catalog::get(&self.s.db, p.id).await.unwrap();
            let moves: i64 = sqlx::query_scalar(
                "SELECT COALESCE(SUM(qty), 0) FROM stock_moves WHERE product_id = ?",
            )
            .bind(p.id.to_string())
            .fetch_one(pool)
            .await
            .unwrap();
            assert_eq!(c.on_hand, moves, "{at}: {}", p.sku);
            assert!(c.on_hand >= 0, "{at}: {} on hand {}", p.sku, c.on_hand);
            assert!(
                c.available >= 0,
                "{at}: {} available {}",
                p.sku,
                c.available
            );
            if p.serialised {
                let units: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM units WHERE product_id = ? AND status = 'in_stock'",
                )
                .bind(p.id.to_string())
                .fetch_one(pool)
                .await
                .unwrap();
                assert_eq!(units, c.on_hand, "{at}: {} units in stock", p.sku);
            }
        }
        // Every serial in one place: in stock (no order), or sold on one
        // order that has left the shop or is on its way.
        let bad: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT u.serial, u.status, o.status FROM units u LEFT JOIN orders o ON o.id = u.order_id
             WHERE (u.status = 'in_stock' AND u.order_id IS NOT NULL)
                OR (u.status = 'sold' AND (o.status IS NULL OR o.status NOT IN ('picked_up', 'delivered', 'in_delivery')))",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        assert!(bad.is_empty(), "{at}: units out of place {bad:?}");
        if self.step % 25 == 24 {
            self.audit().await;
        }
    }

    async fn audit(&self) {
        let check = konter::store::audit::verify(&self.s.db, &self.ctx())
            .await
            .unwrap();
        assert!(
            check.broken.is_none(),
            "seed {} step {}: {:?}",
            self.seed,
            self.step,
            check.broken
        );
    }
}
