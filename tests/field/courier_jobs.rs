//! Pickup and delivery of devices on a real database: a job with its fee
//! and courier, the courier's own run only, and the chain of custody of a
//! device customer → courier → counter → technician → counter → courier →
//! customer, each handover checked and confirmed by scanning the ticket.

use crate::common;

use common::*;
use konter::domain::field::custody::Party;
use konter::domain::staff::Role;
use konter::store::field::courier_jobs::{self, Handover, JobKind, NewJob};
use konter::store::staff::{self, NewStaff};
use konter::store::{repairs::tickets, Ctx};
use konter::Error;

pub(crate) async fn courier(s: &TestShop, username: &str) -> Ctx {
    let c = staff::add(
        &s.db,
        &s.ctx(0),
        NewStaff {
            name: format!("Kurir {username}"),
            username: username.into(),
            password: "rahasia-kurir-1".into(),
            role: Role::Courier,
        },
    )
    .await
    .unwrap();
    Ctx {
        staff_id: c.id,
        role: Role::Courier,
        now: monday_10_wib(),
    }
}

#[tokio::test]
async fn pickup_repair_delivery_with_its_chain_of_custody() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let t = tickets::intake(&s.db, &s.ctx(0), intake_input(budi.id.to_string()))
        .await
        .unwrap();
    let andi = courier(&s, "andi").await;
    let rudi = courier(&s, "rudi").await;
    let job = |kind, city: &str, who: &Ctx| NewJob {
        kind,
        ticket_id: t.id.to_string(),
        address: "Jl. Melati 3".into(),
        city: city.into(),
        phone: "0812 3456 7890".into(),
        courier_id: who.staff_id.to_string(),
        planned_on: "2026-11-24".into(),
        collect_balance: false,
    };
    // Free in Jabodetabek; Bandung by its rate for a kilogram.
    let pickup = courier_jobs::create(&s.db, &s.ctx(1), job(JobKind::Pickup, "Depok", &andi))
        .await
        .unwrap();
    assert_eq!((pickup.fee, pickup.status.as_str()), (0, "planned"));
    let far = courier_jobs::create(&s.db, &s.ctx(1), job(JobKind::Pickup, "Bandung", &rudi))
        .await
        .unwrap();
    assert_eq!(far.fee, 12_000);
    let before = s.counts().await;
    for (bad, field) in [
        (
            NewJob {
                courier_id: s.ctx(0).staff_id.to_string(),
                ..job(JobKind::Pickup, "Depok", &andi)
            },
            "courier_id",
        ),
        (
            NewJob {
                planned_on: "2026-11-20".into(),
                ..job(JobKind::Pickup, "Depok", &andi)
            },
            "planned_on",
        ),
        (
            NewJob {
                phone: "12".into(),
                ..job(JobKind::Pickup, "Depok", &andi)
            },
            "phone",
        ),
        (
            NewJob {
                city: " ".into(),
                ..job(JobKind::Pickup, "Depok", &andi)
            },
            "city",
        ),
    ] {
        let err = courier_jobs::create(&s.db, &s.ctx(1), bad)
            .await
            .unwrap_err();
        assert_eq!(err.field(), Some(field));
    }
    assert_eq!(s.counts().await, before);

    // Each courier sees their own run, not another's.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let run = courier_jobs::run(&s.db, &andi, andi.staff_id, day)
        .await
        .unwrap();
    assert_eq!(run.len(), 1);
    assert_eq!(run[0].ticket_number, t.number);
    let err = courier_jobs::run(&s.db, &andi, rudi.staff_id, day)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }));
    assert_eq!(
        courier_jobs::run(&s.db, &s.ctx(2), rudi.staff_id, day)
            .await
            .unwrap()
            .len(),
        1,
        "the counter sees every run"
    );

    // The chain of custody, each step scanned and checked.
    let step = |from, to, job: Option<&str>| Handover {
        from,
        to,
        condition: "Unit utuh, adaptor ada".into(),
        scanned: t.tracking_code.clone(),
        job_id: job.map(str::to_string),
    };
    let pid = pickup.id.to_string();
    let err = courier_jobs::hand_over(
        &s.db,
        &rudi,
        t.id,
        step(Party::Customer, Party::Courier, Some(&pid)),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "not Rudi's job");
    let wrong_scan = Handover {
        scanned: "SV-LAIN".into(),
        ..step(Party::Customer, Party::Courier, Some(&pid))
    };
    assert_eq!(
        courier_jobs::hand_over(&s.db, &andi, t.id, wrong_scan)
            .await
            .unwrap_err()
            .field(),
        Some("scanned")
    );
    courier_jobs::hand_over(
        &s.db,
        &andi,
        t.id,
        step(Party::Customer, Party::Courier, Some(&pid)),
    )
    .await
    .unwrap();
    let err = courier_jobs::hand_over(
        &s.db,
        &s.ctx(3),
        t.id,
        step(Party::Counter, Party::Technician, None),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (err.field(), err.to_string().contains("courier")),
        (Some("from"), true)
    );
    courier_jobs::hand_over(
        &s.db,
        &andi,
        t.id,
        step(Party::Courier, Party::Counter, Some(&pid)),
    )
    .await
    .unwrap();
    assert_eq!(
        courier_jobs::get(&s.db, pickup.id).await.unwrap().status,
        "done"
    );
    courier_jobs::hand_over(
        &s.db,
        &s.ctx(4),
        t.id,
        step(Party::Counter, Party::Technician, None),
    )
    .await
    .unwrap();
    courier_jobs::hand_over(
        &s.db,
        &s.ctx(5),
        t.id,
        step(Party::Technician, Party::Counter, None),
    )
    .await
    .unwrap();
    let back = courier_jobs::create(
        &s.db,
        &s.ctx(6),
        NewJob {
            collect_balance: true,
            ..job(JobKind::Delivery, "Depok", &andi)
        },
    )
    .await
    .unwrap();
    // No quote yet, so nothing is owed, and delivery to Depok is free:
    // nothing to collect.
    assert_eq!(back.cash_to_collect, 0);
    let pdf = konter::docs::field::render_route_sheet(&s.db, &andi, andi.staff_id, day)
        .await
        .unwrap();
    let text = pdf_text(&s, "rute.pdf", &pdf);
    for expected in [
        "LEMBAR RUTE KURIR",
        "Kurir andi",
        "AMBIL dari pelanggan",
        "ANTAR ke pelanggan",
        "Jl. Melati 3, Depok",
        t.number.as_str(),
        "Total tunai ditagih",
    ] {
        assert!(text.contains(expected), "{expected} missing in {text}");
    }
    assert!(
        konter::docs::field::render_route_sheet(&s.db, &andi, rudi.staff_id, day)
            .await
            .is_err(),
        "not another courier's sheet"
    );
    let bid = back.id.to_string();
    courier_jobs::hand_over(
        &s.db,
        &s.ctx(7),
        t.id,
        step(Party::Counter, Party::Courier, Some(&bid)),
    )
    .await
    .unwrap();
    let chain = courier_jobs::hand_over(
        &s.db,
        &andi,
        t.id,
        step(Party::Courier, Party::Customer, Some(&bid)),
    )
    .await
    .unwrap();
    let parties: Vec<_> = chain
        .iter()
        .map(|c| format!("{}→{}", c.from_party, c.to_party))
        .collect();
    assert_eq!(
        parties,
        [
            "customer→courier",
            "courier→counter",
            "counter→technician",
            "technician→counter",
            "counter→courier",
            "courier→customer"
        ]
    );
    assert_eq!(chain[0].staff_name, "Kurir andi");
    // A courier outside a job, and any edit of the chain, are refused.
    let err = courier_jobs::hand_over(
        &s.db,
        &andi,
        t.id,
        step(Party::Customer, Party::Courier, None),
    )
    .await
    .unwrap_err();
    assert_eq!(err.field(), Some("job_id"));
    let edit = sqlx::query("UPDATE custody SET condition = 'x'")
        .execute(&s.db.pool)
        .await;
    assert!(edit.is_err(), "custody is append-only");
}
