//! The fuzzing harness: strategies for what reaches a command, and a runner
//! that checks every outcome is a value or a typed error that wrote nothing.

use super::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::totals::LineKind;
use konter::store::repairs::quotes::LineInput;
use konter::store::repairs::tickets::{self};
use konter::Error;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::future::Future;
use uuid::Uuid;

/// Text as it reaches a command: typical, empty, hostile or enormous.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "\\PC{0,40}",
        2 => "[0-9 .,+-]{0,20}",
        1 => Just(String::new()),
        1 => Just("x".repeat(5000)),
        1 => Just("'; DROP TABLE tickets; --".to_string()),
        1 => "[0-9a-f-]{36}",
    ]
}

pub fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

pub fn status() -> impl Strategy<Value = TicketStatus> {
    proptest::sample::select(TicketStatus::ALL.to_vec())
}

pub fn method() -> impl Strategy<Value = PaymentMethod> {
    proptest::sample::select(vec![
        PaymentMethod::Cash,
        PaymentMethod::BankTransfer,
        PaymentMethod::Card,
        PaymentMethod::Qris,
    ])
}

pub fn quote_line() -> impl Strategy<Value = LineInput> {
    (
        proptest::sample::select(vec![LineKind::Part, LineKind::Labour, LineKind::Fee]),
        text(),
        text(),
        text(),
        text(),
    )
        .prop_map(|(kind, description, qty, unit_price, discount)| LineInput {
            kind,
            description,
            qty,
            unit_price,
            discount,
        })
}

/// Runs `cases` random inputs against one shop; each outcome must be Ok or
/// a typed, non-storage error that left every table as it was.
pub fn fuzz<S, F, Fut>(cases: u32, strategy: S, action: F)
where
    S: Strategy,
    S::Value: std::fmt::Debug,
    F: Fn(Env, S::Value) -> Fut,
    Fut: Future<Output = Result<(), Error>>,
{
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (s, fixture) = rt.block_on(async {
        let s = shop().await;
        let fixture = Fixture::new(&s).await;
        (s, fixture)
    });
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&strategy, |input| {
            rt.block_on(async {
                let before = s.counts().await;
                let shown: String = format!("{input:?}").chars().take(200).collect();
                let env = Env {
                    db: s.db.clone(),
                    dir: s.dir.path().to_path_buf(),
                    f: fixture,
                    at: s.ctx(1),
                };
                match action(env, input).await {
                    Ok(()) => {}
                    Err(e) => {
                        assert!(
                            !matches!(e, Error::Storage { .. } | Error::Document { .. }),
                            "{shown} → untyped {e:?}"
                        );
                        assert_eq!(s.counts().await, before, "{shown} → {e:?} wrote rows");
                    }
                }
            });
            Ok(())
        })
        .unwrap();
}

/// What each fuzzed call gets, owned: the database, a scratch folder, the
/// fixture records, and the owner acting a minute after they were made.
#[derive(Clone)]
pub struct Env {
    pub db: konter::store::Db,
    pub dir: std::path::PathBuf,
    pub f: Fixture,
    pub at: konter::store::Ctx,
}

impl Env {
    pub fn ctx(&self, _minutes: i64) -> konter::store::Ctx {
        self.at
    }
}

/// Records the fuzzed commands act on.
#[derive(Clone, Copy)]
pub struct Fixture {
    pub customer: Uuid,
    pub ticket: Uuid,
    pub payment: Uuid,
    /// An unpaid counter order for one of `product` (five on the shelf).
    pub order: Uuid,
    pub product: Uuid,
    /// A delivery job today with cash to collect, nothing recorded yet.
    pub job: Uuid,
    /// A courier whose run today has its cash recorded, not yet closed.
    pub run_courier: Uuid,
    /// A paid visit with its live invoice.
    pub visit: Uuid,
    /// A paid visit whose invoice was voided, none live.
    pub voided_visit: Uuid,
}

impl Fixture {
    pub async fn new(s: &TestShop) -> Fixture {
        let c = customer(s, "Budi", "081234567890").await;
        let t = tickets::intake(&s.db, &s.ctx(0), intake_input(c.id.to_string()))
            .await
            .unwrap();
        let p = super::sales::product(s, "USB-3M", "100.000", false).await;
        super::sales::receive(s, &p, "5", &[]).await;
        let o = konter::store::sales::orders::create(
            &s.db,
            &s.ctx(0),
            super::sales::order(c.id, vec![(&p, "1")]),
        )
        .await
        .unwrap();
        let andi = crate::field::courier_jobs::courier(s, "fuzz-andi")
            .await
            .staff_id;
        let job = crate::field::courier_cash::cash_job(s, c.id, andi, true)
            .await
            .id;
        let rudi = crate::field::courier_jobs::courier(s, "fuzz-rudi")
            .await
            .staff_id;
        let done = crate::field::courier_cash::cash_job(s, c.id, rudi, true)
            .await
            .id;
        konter::store::field::courier_cash::record(&s.db, &s.ctx(0), done, "66.500")
            .await
            .unwrap();
        let joko = crate::field::visits::technician(s).await;
        let visit = crate::field::invoices::billed_visit(s, c.id, joko, "2026-11-24T09:00").await;
        let voided = crate::field::invoices::billed_visit(s, c.id, joko, "2026-11-24T11:00").await;
        konter::store::field::invoices::void(&s.db, &s.ctx(0), voided, "Salah nama")
            .await
            .unwrap();
        Fixture {
            job,
            run_courier: rudi,
            visit,
            voided_visit: voided,
            customer: c.id,
            ticket: t.id,
            payment: t.payments[0].id,
            order: o.id,
            product: p.id,
        }
    }
}

/// A known id, an unknown one or garbage.
pub fn pick_id(known: Uuid) -> impl Strategy<Value = String> {
    prop_oneof![
        Just(known.to_string()),
        Just(Uuid::now_v7().to_string()),
        text()
    ]
}
