//! A maintenance contract changed, renewed and cancelled on a real
//! database (issue 17): the done visit stays; the planned visits from the
//! change on are cancelled with the reason and planned again at the new
//! frequency; a renewal plans the added period on the same cadence; a
//! cancellation cancels what is still to come and its units lose the
//! contract's response time. Refusals write nothing; the history keeps
//! every act with its before and after.

use crate::common;
use crate::field::billing::signature;
use crate::field::visits::{at, request, technician};

use chrono::Duration;
use common::*;
use konter::domain::field::contract_plan::Frequency;
use konter::store::field::contract_changes::{self, ContractChange};
use konter::store::field::contracts::{self, NewContract};
use konter::store::field::work::{check_in, check_out, VisitOutcome, VisitReport};
use konter::store::field::{contract_plan, visits};
use konter::store::Ctx;

fn later(s: &TestShop, minutes: i64) -> Ctx {
    Ctx {
        now: monday_10_wib() + Duration::minutes(minutes),
        ..s.ctx(0)
    }
}

#[tokio::test]
async fn a_contract_changed_renewed_and_cancelled() {
    let s = shop().await;
    let budi = customer(&s, "PT Budi Arsip", "081234567890").await;
    let joko = technician(&s).await;
    let k = contracts::create(
        &s.db,
        &s.ctx(0),
        NewContract {
            customer_id: budi.id.to_string(),
            units: vec!["SN-A0-1".into(), "SN-A0-2".into()],
            site_address: "Jl. Gatot Subroto 12, Jakarta".into(),
            starts_on: "2026-11-28".into(),
            ends_on: "2027-11-27".into(),
            frequency: Frequency::Quarterly,
            sla_hours: 4,
        },
    )
    .await
    .unwrap();
    assert_eq!((k.planned, k.to_come), (1, 3));
    // The first planned visit (Monday 30 November) is done.
    let first: String =
        sqlx::query_scalar("SELECT id FROM visits WHERE contract_id = ? ORDER BY due_at LIMIT 1")
            .bind(k.id.to_string())
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    let first = uuid::Uuid::parse_str(&first).unwrap();
    let week = 7 * 24 * 60;
    visits::book(&s.db, &s.ctx(1), first, at(joko, "2026-11-30T09:00", 60))
        .await
        .unwrap();
    check_in(&s.db, &later(&s, week - 60), first).await.unwrap();
    let report = VisitReport {
        work_done: "Pembersihan dan kalibrasi".into(),
        parts: vec![],
        labour_minutes: 60,
        customer_name: "Pak Budi".into(),
        signature_png: Some(signature()),
        outcome: VisitOutcome::Fixed,
        workshop: None,
        breach_reason: None,
    };
    check_out(&s.db, &later(&s, week - 10), first, report)
        .await
        .unwrap();

    let change = |from: &str| ContractChange {
        units: vec!["sn-a0-1".into(), "SN-A0-2".into(), "SN-A0-3".into()],
        frequency: Frequency::Monthly,
        sla_hours: 8,
        from: from.into(),
        reason: "Tambah satu scanner, perawatan bulanan".into(),
    };
    // In January the February visit comes within reach and is made.
    let now = later(&s, 43 * 24 * 60);
    assert_eq!(contract_plan::roll(&s.db, now.now).await.unwrap(), 1);
    // Refusals: a change in the past, one that changes nothing, a renewal
    // that shortens the period; none writes anything.
    let before = s.counts().await;
    let err = contract_changes::change(&s.db, &now, k.id, change("2026-11-01"))
        .await
        .unwrap_err();
    assert_eq!(
        (err.field(), err.code()),
        (Some("from"), Some("in_the_past"))
    );
    let mut same = change("2027-02-01");
    same.units = vec!["SN-A0-1".into(), "SN-A0-2".into()];
    same.frequency = Frequency::Quarterly;
    same.sla_hours = 4;
    let err = contract_changes::change(&s.db, &now, k.id, same)
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("unchanged"));
    let err = contract_changes::renew(&s.db, &now, k.id, "2027-06-30")
        .await
        .unwrap_err();
    assert_eq!(
        (err.field(), err.code()),
        (Some("ends_on"), Some("out_of_range"))
    );
    assert_eq!(s.counts().await, before);

    // From February: monthly, three units, 8 working hours. The done visit
    // stays; February's quarterly visit is cancelled and made again at the
    // new terms; March to October are still to come, month by month.
    let k2 = contract_changes::change(&s.db, &now, k.id, change("2027-02-01"))
        .await
        .unwrap();
    assert_eq!(
        (
            k2.planned,
            k2.to_come,
            k2.done,
            k2.sla_hours,
            k2.frequency.as_str()
        ),
        (2, 8, 1, 8, "monthly")
    );
    let cancelled: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT v.due_at, e.note FROM visits v JOIN visit_events e ON e.visit_id = v.id AND e.kind = 'cancelled'
         WHERE v.contract_id = ? ORDER BY v.due_at",
    )
    .bind(k.id.to_string())
    .fetch_all(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(cancelled.len(), 1);
    let units: String = sqlx::query_scalar(
        "SELECT units FROM visits WHERE contract_id = ? AND status = 'requested'",
    )
    .bind(k.id.to_string())
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert!(
        units.contains("SN-A0-3"),
        "the new visit covers the new unit"
    );
    assert!(cancelled
        .iter()
        .all(|c| c.1.as_deref() == Some("Tambah satu scanner, perawatan bulanan")));
    let done: String = sqlx::query_scalar("SELECT status FROM visits WHERE id = ?")
        .bind(first.to_string())
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(done, "done");

    // Renewed for another year: twelve more monthly visits to come.
    let k3 = contract_changes::renew(&s.db, &now, k.id, "2028-11-27")
        .await
        .unwrap();
    assert_eq!(
        (k3.planned, k3.to_come, k3.ends_on.as_str()),
        (2, 20, "2028-11-27")
    );
    // The new unit gets the contract's response time.
    let v = visits::request(
        &s.db,
        &now,
        konter::store::field::visits::VisitRequest {
            units: vec![konter::store::field::visits::VisitUnit {
                serial: "SN-A0-3".into(),
                verdict: None,
            }],
            ..request(budi.id, &[])
        },
    )
    .await
    .unwrap();
    let linked: Option<String> = sqlx::query_scalar("SELECT contract_id FROM visits WHERE id = ?")
        .bind(v.id.to_string())
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(linked, Some(k.id.to_string()));

    // Cancelled with a reason: what is still to come is cancelled, and a
    // call-out for its units no longer falls under it.
    let err = contract_changes::cancel(&s.db, &now, k.id, " ")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("required"));
    let k4 = contract_changes::cancel(&s.db, &now, k.id, "Pelanggan pindah kantor")
        .await
        .unwrap();
    assert_eq!(
        (k4.status.as_str(), k4.planned, k4.to_come, k4.open),
        ("cancelled", 1, 0, 0)
    );
    let v = visits::request(
        &s.db,
        &now,
        konter::store::field::visits::VisitRequest {
            units: vec![konter::store::field::visits::VisitUnit {
                serial: "SN-A0-1".into(),
                verdict: None,
            }],
            ..request(budi.id, &[])
        },
    )
    .await
    .unwrap();
    let linked: Option<String> = sqlx::query_scalar("SELECT contract_id FROM visits WHERE id = ?")
        .bind(v.id.to_string())
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(linked, None);
    let before = s.counts().await;
    for err in [
        contract_changes::renew(&s.db, &now, k.id, "2029-11-27")
            .await
            .unwrap_err(),
        contract_changes::cancel(&s.db, &now, k.id, "Lagi")
            .await
            .unwrap_err(),
        contract_changes::change(&s.db, &now, k.id, change("2027-02-01"))
            .await
            .unwrap_err(),
    ] {
        assert_eq!(err.code(), Some("contract_cancelled"));
    }
    assert_eq!(s.counts().await, before);

    // The history: each act with its before and after, and its outbox row.
    let kinds: Vec<(String, String)> = sqlx::query_as(
        "SELECT kind, data FROM contract_events WHERE contract_id = ? ORDER BY at, rowid",
    )
    .bind(k.id.to_string())
    .fetch_all(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(
        kinds.iter().map(|k| k.0.as_str()).collect::<Vec<_>>(),
        ["plan", "change", "renew", "cancel"]
    );
    assert!(
        kinds[1].1.contains("\"frequency\":\"quarterly\"")
            && kinds[1].1.contains("\"frequency\":\"monthly\"")
    );
    let outbox: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE entity = 'contract' AND entity_id = ?",
    )
    .bind(k.id.to_string())
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(outbox, 5, "create, plan, change, renew, cancel");
}
