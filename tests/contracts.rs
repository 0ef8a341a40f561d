//! Maintenance contracts and the consultation log on a real database: the
//! planned visits of a contract (due by the close of their working day), the
//! contract report as visits are done late or left open, and consultations
//! with their follow-ups.

use crate::common;

use chrono::{Duration, NaiveDate};
use common::*;
use konter::domain::contract_plan::Frequency;
use konter::store::contracts::{self, Consultation, NewContract};
use konter::store::Ctx;

#[tokio::test]
async fn a_contract_plans_its_visits_and_reports_on_them() {
    let s = shop().await;
    let budi = customer(&s, "PT Budi Arsip", "081234567890").await;
    let input = NewContract {
        customer_id: budi.id.to_string(),
        units: vec!["sn-a0-1".into(), "SN-A0-2".into()],
        site_address: "Jl. Gatot Subroto 12, Jakarta".into(),
        starts_on: "2026-11-28".into(), // a Saturday
        ends_on: "2027-11-27".into(),
        frequency: Frequency::Quarterly,
    };
    let r = contracts::create(&s.db, &s.ctx(0), input.clone())
        .await
        .unwrap();
    assert!(r.number.starts_with("KT-JKT1-K1-2026-"));
    assert_eq!((r.planned, r.done, r.late, r.open), (4, 0, 0, 4));
    // The first planned day is a Saturday: the visit is due Monday's close.
    let first: (String, String, String) = sqlx::query_as(
        "SELECT kind, due_at, units FROM visits WHERE contract_id = ? ORDER BY due_at LIMIT 1",
    )
    .bind(r.id.to_string())
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(first.0, "maintenance");
    assert_eq!(first.1, "2026-11-30T10:30:00.000000Z", "Monday 17:30 WIB");
    assert!(first.2.contains("SN-A0-1"));

    // Months later, nothing done: the first visit counts as late.
    let later = Ctx {
        now: monday_10_wib() + Duration::days(10),
        ..s.ctx(0)
    };
    let r = contracts::report(&s.db, &later, r.id).await.unwrap();
    assert_eq!((r.late, r.open), (1, 4));

    // Bad input, typed, nothing written.
    let before = s.counts().await;
    for (bad, field) in [
        (
            NewContract {
                units: vec![],
                ..input.clone()
            },
            "units",
        ),
        (
            NewContract {
                ends_on: "2026-11-01".into(),
                ..input.clone()
            },
            "ends_on",
        ),
        (
            NewContract {
                starts_on: "28/11/2026".into(),
                ..input.clone()
            },
            "starts_on",
        ),
        (
            NewContract {
                customer_id: uuid::Uuid::now_v7().to_string(),
                ..input.clone()
            },
            "customer_id",
        ),
    ] {
        let err = contracts::create(&s.db, &s.ctx(1), bad).await.unwrap_err();
        assert_eq!(err.field(), Some(field));
    }
    assert_eq!(s.counts().await, before);
}

#[tokio::test]
async fn consultations_and_their_follow_ups() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let ask = |follow: Option<&str>| Consultation {
        customer_id: budi.id.to_string(),
        serial: Some("SN-0001".into()),
        problem: "Hasil scan bergaris".into(),
        software: Some("Nextimage 4, driver 3.2".into()),
        advice: "Bersihkan kaca, kalibrasi ulang dari menu Maintenance".into(),
        follow_up_on: follow.map(str::to_string),
    };
    contracts::consult(&s.db, &s.ctx(0), ask(Some("2026-11-25")))
        .await
        .unwrap();
    contracts::consult(&s.db, &s.ctx(1), ask(None))
        .await
        .unwrap();
    let due = contracts::follow_ups(&s.db, NaiveDate::from_ymd_opt(2026, 11, 25).unwrap())
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].0, "Budi");
    let before = s.counts().await;
    let bad = Consultation {
        advice: " ".into(),
        ..ask(None)
    };
    assert_eq!(
        contracts::consult(&s.db, &s.ctx(2), bad)
            .await
            .unwrap_err()
            .field(),
        Some("advice")
    );
    assert_eq!(
        contracts::consult(&s.db, &s.ctx(2), ask(Some("besok")))
            .await
            .unwrap_err()
            .field(),
        Some("follow_up_on")
    );
    assert_eq!(s.counts().await, before);
    assert!(sqlx::query("DELETE FROM consultations")
        .execute(&s.db.pool)
        .await
        .is_err());
}
