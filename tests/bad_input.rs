//! Every command's arguments, fuzzed on a real SQLite file: whatever arrives
//! (empty, huge, negative, malformed, unknown ids, wrong states), the answer
//! is a value or a typed error that is not a storage failure, nothing panics,
//! and a refused action writes not one row.

mod common;

use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::settings::CounterSettings;
use konter::domain::ticket::{ApprovalChannel, TicketStatus};
use konter::domain::totals::LineKind;
use konter::store::audit_view::{self, AuditQuery};
use konter::store::board::{self, BoardQuery};
use konter::store::calendar::{self, DayHoursInput, HolidayInput};
use konter::store::customers::{self, NewCustomer};
use konter::store::pickup::{self, PickupInput};
use konter::store::quotes::{self, LineInput, QuoteDecision};
use konter::store::tickets::{self, IntakeInput};
use konter::store::{backup, payments, settings};
use konter::Error;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::future::Future;
use uuid::Uuid;

/// Text as it reaches a command: typical, empty, hostile or enormous.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "\\PC{0,40}",
        2 => "[0-9 .,+-]{0,20}",
        1 => Just(String::new()),
        1 => Just("x".repeat(5000)),
        1 => Just("'; DROP TABLE tickets; --".to_string()),
        1 => "[0-9a-f-]{36}",
    ]
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn status() -> impl Strategy<Value = TicketStatus> {
    proptest::sample::select(TicketStatus::ALL.to_vec())
}

fn method() -> impl Strategy<Value = PaymentMethod> {
    proptest::sample::select(vec![
        PaymentMethod::Cash,
        PaymentMethod::BankTransfer,
        PaymentMethod::Card,
        PaymentMethod::Qris,
    ])
}

fn line() -> impl Strategy<Value = LineInput> {
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
fn fuzz<S, F, Fut>(cases: u32, strategy: S, action: F)
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
struct Env {
    db: konter::store::Db,
    dir: std::path::PathBuf,
    f: Fixture,
    at: konter::store::Ctx,
}

impl Env {
    fn ctx(&self, _minutes: i64) -> konter::store::Ctx {
        self.at
    }
}

/// Records the fuzzed commands act on.
#[derive(Clone, Copy)]
struct Fixture {
    customer: Uuid,
    ticket: Uuid,
    payment: Uuid,
}

impl Fixture {
    async fn new(s: &TestShop) -> Fixture {
        let c = customer(s, "Budi", "081234567890").await;
        let t = tickets::intake(&s.db, &s.ctx(0), intake_input(c.id.to_string()))
            .await
            .unwrap();
        Fixture {
            customer: c.id,
            ticket: t.id,
            payment: t.payments[0].id,
        }
    }
}

/// A known id, an unknown one or garbage.
fn pick_id(known: Uuid) -> impl Strategy<Value = String> {
    prop_oneof![
        Just(known.to_string()),
        Just(Uuid::now_v7().to_string()),
        text()
    ]
}

#[test]
fn customers() {
    fuzz(
        200,
        (text(), text(), opt_text(), opt_text()),
        |s, (name, phone, email, address)| async move {
            customers::create(
                &s.db,
                &s.ctx(0),
                NewCustomer {
                    name,
                    phone,
                    email,
                    address,
                },
            )
            .await
            .map(drop)?;
            Ok(())
        },
    );
    fuzz(100, text(), |s, q| async move {
        customers::find(&s.db, &q).await.map(drop)
    });
}

#[test]
fn intake() {
    let input = (
        (text(), text(), text(), opt_text(), text()),
        (opt_text(), opt_text(), opt_text(), opt_text()),
        (
            opt_text(),
            proptest::option::of(method()),
            opt_text(),
            opt_text(),
        ),
        any::<bool>(),
    );
    fuzz(
        200,
        input,
        |s,
         (
            (category, brand, model, serial, complaint),
            (other, notes, secret, estimate),
            (down, down_method, promised, tech),
            known,
        )| async move {
            let input = IntakeInput {
                customer_id: if known {
                    s.f.customer.to_string()
                } else {
                    "nope".into()
                },
                device_category: category,
                brand,
                model,
                serial,
                complaint,
                accessories: vec![],
                accessories_other: other,
                condition_notes: notes,
                unlock_secret: secret,
                estimated_cost: estimate,
                down_payment: down,
                down_payment_method: down_method,
                promised_date: promised,
                technician_id: tech,
            };
            tickets::intake(&s.db, &s.ctx(0), input).await.map(drop)
        },
    );
}

#[test]
fn ticket_actions() {
    fuzz(100, text(), |s, note| async move {
        tickets::add_note(&s.db, &s.ctx(1), s.f.ticket, note)
            .await
            .map(drop)
    });
    fuzz(
        100,
        (text(), text(), opt_text()),
        |s, (description, qty, serial)| async move {
            let part = konter::store::parts::PartInput {
                description,
                qty,
                serial,
            };
            konter::store::parts::add_part(&s.db, &s.ctx(1), s.f.ticket, part)
                .await
                .map(drop)
        },
    );
    fuzz(150, (status(), opt_text()), |s, (to, note)| async move {
        tickets::change_status(&s.db, &s.ctx(1), s.f.ticket, to, note)
            .await
            .map(drop)
    });
    fuzz(
        150,
        proptest::collection::vec(line(), 0..4),
        |s, lines| async move {
            quotes::set_quote(&s.db, &s.ctx(1), s.f.ticket, lines)
                .await
                .map(drop)
        },
    );
    fuzz(
        100,
        (any::<bool>(), opt_text(), opt_text()),
        |s, (approved, fee, note)| async move {
            let d = QuoteDecision {
                approved,
                channel: ApprovalChannel::Phone,
                diagnosis_fee: fee,
                note,
            };
            quotes::decide(&s.db, &s.ctx(1), s.f.ticket, d)
                .await
                .map(drop)
        },
    );
    fuzz(
        100,
        (method(), opt_text(), opt_text()),
        |s, (method, tendered, note)| async move {
            pickup::pickup(
                &s.db,
                &s.ctx(1),
                s.f.ticket,
                PickupInput {
                    method,
                    tendered,
                    note,
                },
            )
            .await
            .map(drop)
        },
    );
}

#[test]
fn payment_voids() {
    fuzz(
        100,
        (text(), any::<bool>()),
        |s, (reason, known)| async move {
            let payment = if known { s.f.payment } else { Uuid::now_v7() };
            payments::void_payment(&s.db, &s.ctx(1), s.f.ticket, payment, &reason)
                .await
                .map(drop)
        },
    );
}

#[test]
fn settings_hours_holidays() {
    fuzz(150, (text(), text()), |s, (date, name)| async move {
        calendar::add_holiday(&s.db, &s.ctx(0), HolidayInput { date, name })
            .await
            .map(drop)
    });
    fuzz(100, text(), |s, date| async move {
        calendar::remove_holiday(&s.db, &s.ctx(0), &date).await
    });
    let day = (opt_text(), opt_text(), "([01][0-9]|2[0-3]):[0-5][0-9]").prop_map(|(o, c, t)| {
        DayHoursInput {
            open: o.or(Some(t)),
            close: c,
        }
    });
    fuzz(
        150,
        proptest::collection::vec(day, 0..9),
        |s, days| async move {
            calendar::set_working_hours(&s.db, &s.ctx(0), days)
                .await
                .map(drop)
        },
    );
    fuzz(
        150,
        (
            (0u32..400, 0u32..200, 0u32..500, opt_text(), any::<bool>()),
            (0u32..1000, proptest::collection::vec(text(), 0..4)),
        ),
        |s, ((idle, limit, keep, dir, daily), (window, cod_regions))| async move {
            let input = CounterSettings {
                idle_lock_minutes: idle,
                discount_limit_percent: limit,
                backup_keep: keep,
                backup_dir: dir,
                backup_daily: daily,
                payment_window_hours: window,
                cod_regions,
                return_policy: Default::default(),
                customer_may_cancel_paid: daily,
                cancel_fee_percent: limit,
                shipping: Default::default(),
                reship_fee: i64::from(keep) * 100_000 - 1_000_000,
            };
            settings::update(&s.db, &s.ctx(0), input).await.map(drop)
        },
    );
}

#[test]
fn reads_with_filters() {
    let q = (
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        proptest::option::of(any::<i64>()),
        proptest::option::of(any::<u32>()),
    );
    fuzz(
        150,
        q,
        |s, (staff_id, from, to, entity, before_seq, limit)| async move {
            let q = AuditQuery {
                staff_id,
                from,
                to,
                entity,
                before_seq,
                limit,
            };
            audit_view::list(&s.db, &s.ctx(0), &q).await.map(drop)
        },
    );
    fuzz(
        150,
        (proptest::option::of(status()), opt_text(), any::<bool>()),
        |s, (status, text, include_closed)| async move {
            board::board(
                &s.db,
                &BoardQuery {
                    status,
                    text: text.clone(),
                    include_closed,
                },
            )
            .await
            .map(drop)?;
            board::find_for_pickup(&s.db, text.as_deref().unwrap_or(""))
                .await
                .map(drop)
        },
    );
    fuzz(60, pick_id(Uuid::nil()), |s, id| async move {
        let id = konter::store::parse_id("id", &id)?;
        tickets::detail(&s.db, id).await.map(drop)
    });
}

#[test]
fn malformed_backup_files() {
    let sqlite_header = b"SQLite format 3\0".to_vec();
    let bytes = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..4096),
        proptest::collection::vec(any::<u8>(), 0..4096).prop_map(move |tail| [
            sqlite_header.clone(),
            tail
        ]
        .concat()),
    ];
    fuzz(100, bytes, |s, bytes| async move {
        let path = s.dir.join("suspect.db");
        std::fs::write(&path, &bytes).unwrap();
        let result = backup::check(&path).await;
        assert!(
            matches!(result, Err(Error::Validation { ref field, .. }) if field == "path"),
            "{result:?}"
        );
        Ok(())
    });
}
