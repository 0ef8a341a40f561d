//! Cash couriers collect on delivery, on a real database: recorded once per
//! job that has cash to collect (by the courier on their own job, or by the
//! counter), never negative nor more than was due; the run closed at the
//! counter with the counted amount (expected vs handed in, a difference
//! explained and audited), once; the day report per courier; two counters
//! at once record and close once.

use crate::common;
use crate::field::courier_jobs::courier;

use common::matrix::ticket_paid;
use common::*;
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::staff::Role;
use konter::store::field::courier_cash::{self, RunClose};
use konter::store::field::courier_jobs::{self, Job, JobKind, NewJob};
use konter::store::staff::{self, NewStaff};
use konter::store::{Ctx, Db};
use konter::Error;
use rust_decimal_macros::dec;
use uuid::Uuid;

pub(crate) fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A delivery today for `who`, of `customer`'s repaired ticket owing 66.500
/// (150.000 + PPN less a 100.000 down payment), collected on delivery to
/// Depok (free delivery) when `collect`.
pub(crate) async fn cash_job(s: &TestShop, customer: Uuid, who: Uuid, collect: bool) -> Job {
    let t = ticket_paid(s, customer, TicketStatus::ReadyForPickup, "100.000").await;
    let job = NewJob {
        kind: JobKind::Delivery,
        ticket_id: t.id.to_string(),
        address: "Jl. Melati 3".into(),
        city: "Depok".into(),
        phone: "0812 3456 7890".into(),
        courier_id: who.to_string(),
        planned_on: today().to_string(),
        collect_balance: collect,
    };
    courier_jobs::create(&s.db, &s.ctx(1), job).await.unwrap()
}

async fn member(s: &TestShop, username: &str, role: Role) -> Ctx {
    let input = NewStaff {
        name: format!("Staf {username}"),
        username: username.into(),
        password: "rahasia-staf-1".into(),
        role,
    };
    let m = staff::add(&s.db, &s.ctx(0), input).await.unwrap();
    Ctx {
        staff_id: m.id,
        role,
        now: monday_10_wib() + chrono::Duration::hours(7),
    }
}

fn code(e: &Error) -> String {
    crate::field::visits::code(e)
}

fn close(handed_in: &str, note: Option<&str>) -> RunClose {
    RunClose {
        handed_in: handed_in.into(),
        note: note.map(str::to_string),
    }
}

#[tokio::test]
async fn cash_collected_per_job_and_the_run_closed_at_the_counter() {
    let s = shop().await;
    let andi = courier(&s, "andi").await;
    let rudi = courier(&s, "rudi").await;
    let desk = member(&s, "sari", Role::FrontDesk).await;
    let tech = member(&s, "joko", Role::Technician).await;
    let budi = customer(&s, "Budi", "081234567890").await.id;
    let a = cash_job(&s, budi, andi.staff_id, true).await;
    let b = cash_job(&s, budi, andi.staff_id, true).await;
    let free = cash_job(&s, budi, andi.staff_id, false).await;
    let other = cash_job(&s, budi, rudi.staff_id, true).await;
    assert_eq!((a.cash_to_collect, free.cash_to_collect), (66_500, 0));

    // Refusals write nothing.
    let before = s.counts().await;
    let refusals: Vec<(Ctx, Uuid, &str, &str)> = vec![
        (andi, free.id, "0", "no_cash_to_collect"),
        (andi, a.id, "-5", "negative"),
        (andi, a.id, "abc", "invalid_amount"),
        (andi, a.id, "", "required"),
        (andi, a.id, "70.000", "more_than_due"),
        (andi, a.id, "66.500,5", "too_many_decimals"),
    ];
    for (who, job, amount, expected) in refusals {
        let err = courier_cash::record(&s.db, &who, job, amount)
            .await
            .unwrap_err();
        assert_eq!(code(&err), expected, "{amount}");
    }
    for who in [rudi, tech] {
        let err = courier_cash::record(&s.db, &who, a.id, "66.500")
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
    }
    let err = courier_cash::record(&s.db, &andi, Uuid::now_v7(), "1")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    assert_eq!(s.counts().await, before);

    // Andi collected all of A; the customer of B paid 60.000 to the counter's record.
    let run = courier_cash::record(&s.db, &andi, a.id, "66.500")
        .await
        .unwrap();
    assert_eq!((run.to_collect, run.expected), (dec!(133000), dec!(66500)));
    let (entity, payload): (String, String) =
        sqlx::query_as("SELECT entity, payload FROM outbox ORDER BY seq DESC LIMIT 1")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(entity, "courier_cash");
    assert!(
        payload.contains(&a.number) && payload.contains("66500"),
        "{payload}"
    );
    let before = s.counts().await;
    let err = courier_cash::record(&s.db, &desk, a.id, "66.500")
        .await
        .unwrap_err();
    assert_eq!(code(&err), "already_recorded");
    // The run cannot close while a cash job has nothing recorded.
    let err = courier_cash::reconcile(&s.db, &desk, andi.staff_id, today(), close("66.500", None))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "cash_not_recorded");
    assert_eq!(s.counts().await, before);
    courier_cash::record(&s.db, &desk, b.id, "60.000")
        .await
        .unwrap();

    // Closing the run: the counter only, the difference explained.
    let before = s.counts().await;
    for who in [andi, tech] {
        let err =
            courier_cash::reconcile(&s.db, &who, andi.staff_id, today(), close("126.500", None))
                .await
                .unwrap_err();
        assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
    }
    let tomorrow = today().succ_opt().unwrap();
    for (courier_id, day, input, field, expected) in [
        (
            andi.staff_id,
            today(),
            close("120.000", None),
            "note",
            "required",
        ),
        (
            andi.staff_id,
            today(),
            close("120.000", Some("  ")),
            "note",
            "required",
        ),
        (
            andi.staff_id,
            today(),
            close("-1", None),
            "handed_in",
            "negative",
        ),
        (
            andi.staff_id,
            today(),
            close("x", None),
            "handed_in",
            "invalid_amount",
        ),
        (
            andi.staff_id,
            tomorrow,
            close("0", None),
            "day",
            "in_future",
        ),
        (
            desk.staff_id,
            today(),
            close("0", None),
            "courier_id",
            "not_a_courier",
        ),
    ] {
        let err = courier_cash::reconcile(&s.db, &desk, courier_id, day, input)
            .await
            .unwrap_err();
        assert_eq!((err.field(), code(&err).as_str()), (Some(field), expected));
    }
    assert_eq!(s.counts().await, before);
    let closed = courier_cash::reconcile(
        &s.db,
        &desk,
        andi.staff_id,
        today(),
        close("120.000", Some("Uang kembalian dipakai kurir")),
    )
    .await
    .unwrap();
    let r = closed.closed.as_ref().expect("the run is closed");
    assert_eq!(
        (r.expected, r.handed_in, r.difference),
        (dec!(126500), dec!(120000), dec!(-6500))
    );
    assert_eq!(r.by, "Staf sari");
    // The audit trail keeps the run's state before and after.
    let (before_json, after_json): (Option<String>, String) = sqlx::query_as(
        "SELECT before, detail FROM audit_log WHERE entity = 'courier_run' AND op = 'reconcile'",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert!(before_json.unwrap().contains("126500"));
    assert!(
        after_json.contains("-6500") && after_json.contains("Uang kembalian"),
        "{after_json}"
    );
    // Twice is refused; and a closed run takes no more cash.
    let late = cash_job(&s, budi, andi.staff_id, true).await;
    let before = s.counts().await;
    let err = courier_cash::reconcile(&s.db, &desk, andi.staff_id, today(), close("126.500", None))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidState { code, .. } if code == "already_reconciled"),
        "{err:?}"
    );
    let err = courier_cash::record(&s.db, &andi, late.id, "66.500")
        .await
        .unwrap_err();
    assert_eq!(code(&err), "run_closed");
    assert_eq!(s.counts().await, before);
    // An exact count needs no note.
    courier_cash::record(&s.db, &rudi, other.id, "66.500")
        .await
        .unwrap();

    // Each courier sees their own run's cash only.
    let err = courier_cash::run_cash(&s.db, &rudi, andi.staff_id, today())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }));
    let mine = courier_cash::run_cash(&s.db, &andi, andi.staff_id, today())
        .await
        .unwrap();
    let collected: Vec<_> = mine
        .jobs
        .iter()
        .map(|j| (j.number.as_str(), j.collected))
        .collect();
    assert!(
        collected.contains(&(b.number.as_str(), Some(dec!(60000)))),
        "{collected:?}"
    );
    assert!(collected.contains(&(late.number.as_str(), None)));
    assert!(
        !collected.iter().any(|(n, _)| *n == free.number),
        "no cash, not listed"
    );

    // The day report, per courier.
    let report = konter::store::sales::reports::day(&s.db, &s.ctx(60), None)
        .await
        .unwrap();
    let row = |name: &str| {
        report
            .couriers
            .iter()
            .find(|c| c.courier_name == name)
            .unwrap_or_else(|| panic!("{name} in {:?}", report.couriers))
            .clone()
    };
    let andi_row = row("Kurir andi");
    assert_eq!(
        (
            andi_row.jobs,
            andi_row.expected,
            andi_row.handed_in,
            andi_row.difference,
            andi_row.reconciled
        ),
        (3, dec!(126500), Some(dec!(120000)), Some(dec!(-6500)), true)
    );
    assert_eq!(
        andi_row.note.as_deref(),
        Some("Uang kembalian dipakai kurir")
    );
    let rudi_row = row("Kurir rudi");
    assert_eq!(
        (
            rudi_row.jobs,
            rudi_row.expected,
            rudi_row.handed_in,
            rudi_row.reconciled
        ),
        (1, dec!(66500), None, false)
    );
    courier_cash::reconcile(&s.db, &desk, rudi.staff_id, today(), close("66.500", None))
        .await
        .unwrap();
}

/// Two counters recording the same job's cash, then closing the same run,
/// at once on one file: each happens once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_counters_record_and_close_once() {
    let s = shop().await;
    let andi = courier(&s, "andi").await;
    let desk = member(&s, "sari", Role::FrontDesk).await;
    let budi = customer(&s, "Budi", "081234567890").await.id;
    let job = cash_job(&s, budi, andi.staff_id, true).await;
    let other = Db::open(&s.dir.path().join("konter.db")).await.unwrap();
    let record = |db: Db| async move { courier_cash::record(&db, &desk, job.id, "66.500").await };
    let (x, y) = tokio::join!(
        tokio::spawn(record(s.db.clone())),
        tokio::spawn(record(other.clone()))
    );
    let results = [x.unwrap(), y.unwrap()];
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    let courier_id = andi.staff_id;
    let reconcile = |db: Db| async move {
        courier_cash::reconcile(&db, &desk, courier_id, today(), close("66.500", None)).await
    };
    let (x, y) = tokio::join!(
        tokio::spawn(reconcile(s.db.clone())),
        tokio::spawn(reconcile(other))
    );
    let results = [x.unwrap(), y.unwrap()];
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    let rows: (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM courier_cash), (SELECT COUNT(*) FROM courier_reconciliations)",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(rows, (1, 1));
}
