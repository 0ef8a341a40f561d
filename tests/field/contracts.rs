//! Maintenance contracts and the consultation log on a real database: the
//! planned visits of a contract (due by the close of their working day), the
//! contract report as visits are done late or left open, and consultations
//! with their follow-ups.

use crate::common;

use chrono::{Duration, NaiveDate};
use common::*;
use konter::domain::field::contract_plan::Frequency;
use konter::store::field::contracts::{self, Consultation, NewContract};
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
        sla_hours: 4,
    };
    let r = contracts::create(&s.db, &s.ctx(0), input.clone())
        .await
        .unwrap();
    assert!(r.number.starts_with("KT-JKT1-K1-2026-"));
    // Made as time goes on: the first visit now, three still to come.
    assert_eq!(
        (r.planned, r.to_come, r.done, r.late, r.open),
        (1, 3, 0, 0, 1)
    );
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
    assert_eq!((r.late, r.open), (1, 1));

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
        (
            NewContract {
                sla_hours: 0,
                ..input.clone()
            },
            "sla_hours",
        ),
    ] {
        let err = contracts::create(&s.db, &s.ctx(1), bad).await.unwrap_err();
        assert_eq!(err.field(), Some(field));
    }
    assert_eq!(s.counts().await, before);
}

/// A unit under contract gets the contract's response time; a maintenance
/// visit under contract is covered (nothing billed).
#[tokio::test]
async fn a_covered_unit_gets_the_contract_response_time() {
    use konter::store::field::visits::{self, BookingInput, VisitKind, VisitRequest, VisitUnit};
    use konter::store::field::work::{check_in, check_out, VisitOutcome, VisitReport};
    let s = shop().await;
    let budi = customer(&s, "PT Budi Arsip", "081234567890").await;
    let contract = NewContract {
        customer_id: budi.id.to_string(),
        units: vec!["SN-A0-1".into()],
        site_address: "Jl. Gatot Subroto 12, Jakarta".into(),
        starts_on: "2026-11-01".into(),
        ends_on: "2027-10-31".into(),
        frequency: Frequency::HalfYearly,
        sla_hours: 4,
    };
    let k = contracts::create(&s.db, &s.ctx(0), contract).await.unwrap();
    let ask = |serial: &str| VisitRequest {
        customer_id: budi.id.to_string(),
        site_address: "Jl. Gatot Subroto 12, Jakarta".into(),
        site_contact: "Pak Andi".into(),
        site_phone: "0812 9999 0000".into(),
        kind: VisitKind::Maintenance,
        problem: "Scanner berhenti di tengah".into(),
        units: vec![VisitUnit {
            serial: serial.into(),
            verdict: None,
        }],
        skills: vec![],
        preferred_at: None,
        quote: Some("300.000".into()),
    };
    // Monday 10:00 WIB + 4 working hours = 14:00 WIB; without a contract
    // the shop's rule: Tuesday's close.
    let covered = visits::request(&s.db, &s.ctx(0), ask("sn-a0-1"))
        .await
        .unwrap();
    assert_eq!(covered.due_at, "2026-11-23T07:00:00.000000Z");
    let other = visits::request(&s.db, &s.ctx(0), ask("SN-LAIN"))
        .await
        .unwrap();
    assert_eq!(other.due_at, "2026-11-24T10:30:00.000000Z");
    // The report keeps the plan apart from the call-out.
    let r = contracts::report(&s.db, &s.ctx(1), k.id).await.unwrap();
    assert_eq!((r.planned, r.to_come, r.open, r.callouts), (1, 1, 1, 1));

    // Carried out: the maintenance under contract bills nothing.
    let tech = crate::field::visits::technician(&s).await;
    let slot = BookingInput {
        technician_id: tech.to_string(),
        starts_at: "2026-11-23T13:00".into(),
        minutes: 60,
        after_hours_accepted: false,
        reason: None,
    };
    visits::book(&s.db, &s.ctx(1), covered.id, slot)
        .await
        .unwrap();
    check_in(&s.db, &s.ctx(180), covered.id).await.unwrap();
    let report = VisitReport {
        work_done: "Servis berkala".into(),
        parts: vec![],
        labour_minutes: 45,
        customer_name: "Pak Andi".into(),
        signature_png: None,
        outcome: VisitOutcome::Fixed,
        workshop: None,
        breach_reason: None,
    };
    check_out(&s.db, &s.ctx(230), covered.id, report)
        .await
        .unwrap();
    let bill = konter::store::field::billing::bill(&s.db, covered.id)
        .await
        .unwrap();
    assert!(bill.invoice.is_none(), "covered by the contract");
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
