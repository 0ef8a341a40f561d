//! On-site visits on a real database: the SLA due time at request, booking
//! refusals (overlap with the travel buffer, missing skill, day off, outside
//! hours without the surcharge), after-hours with the surcharge, reschedule
//! and cancel with reasons, the week board, and two counters booking the
//! same slot at once.

use crate::common;

use chrono::{Duration, NaiveTime};
use common::*;
use konter::domain::field::sla::SlaState;
use konter::domain::shop::calendar::DayHours;
use konter::domain::staff::Role;
use konter::store::field::technicians::{self, TechnicianInput};
use konter::store::field::visits::{self, BookingInput, VisitKind, VisitRequest, VisitUnit};
use konter::store::staff::{self, NewStaff};
use konter::store::Ctx;
use konter::Error;

fn weekdays() -> [Option<DayHours>; 7] {
    let day = Some(DayHours {
        open: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
        close: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
    });
    [day, day, day, day, day, None, None]
}

pub(crate) fn request(customer: uuid::Uuid, skills: &[&str]) -> VisitRequest {
    VisitRequest {
        customer_id: customer.to_string(),
        site_address: "Jl. Gatot Subroto 12, Jakarta".into(),
        site_contact: "Pak Andi".into(),
        site_phone: "0812 9999 0000".into(),
        kind: VisitKind::Paid,
        problem: "Scanner A0 tidak menarik kertas".into(),
        units: vec![VisitUnit {
            serial: "SN-0001".into(),
            verdict: None,
        }],
        skills: skills.iter().map(|s| s.to_string()).collect(),
        preferred_at: Some("2026-11-24T09:00".into()),
        quote: Some("400.000".into()),
    }
}

pub(crate) fn at(tech: uuid::Uuid, when: &str, minutes: u32) -> BookingInput {
    BookingInput {
        technician_id: tech.to_string(),
        starts_at: when.into(),
        minutes,
        after_hours_accepted: false,
        reason: None,
    }
}

pub(crate) fn code(e: &Error) -> String {
    match e {
        Error::Validation { code, .. } | Error::InvalidState { code, .. } => code.clone(),
        other => format!("{other:?}"),
    }
}

pub(crate) async fn technician(s: &TestShop) -> uuid::Uuid {
    let t = staff::add(
        &s.db,
        &s.ctx(0),
        NewStaff {
            name: "Joko Teknisi".into(),
            username: "joko".into(),
            password: "rahasia-joko-1".into(),
            role: Role::Technician,
        },
    )
    .await
    .unwrap();
    let input = TechnicianInput {
        skills: vec!["Scanner".into(), "Plotter ".into()],
        hours: weekdays(),
        days_off: vec!["2026-11-25".into()],
    };
    technicians::set(&s.db, &s.ctx(0), t.id, input)
        .await
        .unwrap();
    t.id
}

#[tokio::test]
async fn requests_bookings_and_refusals() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let joko = technician(&s).await;
    // Requested Monday 10:00 WIB: due by Tuesday's close.
    let v = visits::request(&s.db, &s.ctx(0), request(budi.id, &["scanner"]))
        .await
        .unwrap();
    assert!(v.number.starts_with("VS-JKT1-K1-2026-"));
    assert_eq!((v.status.as_str(), v.sla), ("requested", SlaState::OnTime));
    assert_eq!(v.due_at, "2026-11-24T10:30:00.000000Z", "Tuesday 17:30 WIB");

    let v = visits::book(&s.db, &s.ctx(1), v.id, at(joko, "2026-11-24T09:00", 60))
        .await
        .unwrap();
    assert_eq!((v.status.as_str(), v.after_hours), ("booked", false));

    let other = visits::request(&s.db, &s.ctx(2), request(budi.id, &["plotter"]))
        .await
        .unwrap();
    let before = s.counts().await;
    for (when, minutes, expected) in [
        ("2026-11-24T09:30", 60, "overlap"),
        ("2026-11-24T10:15", 60, "overlap"), // inside the 30-minute travel buffer
        ("2026-11-25T10:00", 60, "day_off"),
        ("2026-11-24T19:00", 60, "outside_hours"),
        ("2026-11-28T10:00", 60, "outside_hours"), // Saturday
        ("2026-11-24T17:00", 60, "outside_hours"), // runs past closing
        ("2026-11-24T10:30", 5, "out_of_range"),
        ("24/11/2026 10:30", 60, "invalid_time"),
    ] {
        let err = visits::book(&s.db, &s.ctx(3), other.id, at(joko, when, minutes))
            .await
            .unwrap_err();
        assert_eq!(code(&err), expected, "{when}");
    }
    let needs_crane = visits::request(&s.db, &s.ctx(3), request(budi.id, &["crane"]))
        .await
        .unwrap();
    let before_skill = s.counts().await;
    let err = visits::book(
        &s.db,
        &s.ctx(4),
        needs_crane.id,
        at(joko, "2026-11-26T10:00", 60),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (code(&err), err.field()),
        ("missing_skill".to_string(), Some("technician_id"))
    );
    assert_eq!(s.counts().await, before_skill, "refusals write nothing");
    assert_ne!(before, before_skill);

    // Right after the buffer: fine. After hours with the surcharge accepted: 50 %.
    visits::book(&s.db, &s.ctx(5), other.id, at(joko, "2026-11-24T10:30", 60))
        .await
        .unwrap();
    let evening = BookingInput {
        after_hours_accepted: true,
        ..at(joko, "2026-11-26T18:00", 90)
    };
    let late = visits::book(&s.db, &s.ctx(6), needs_crane.id, evening.clone()).await;
    assert_eq!(
        code(&late.unwrap_err()),
        "missing_skill",
        "skills still count"
    );
    let third = visits::request(&s.db, &s.ctx(6), request(budi.id, &[]))
        .await
        .unwrap();
    let booked = visits::book(&s.db, &s.ctx(7), third.id, evening)
        .await
        .unwrap();
    assert_eq!((booked.after_hours, booked.surcharge), (true, 200_000));

    // Moving a booked visit needs a reason; cancelling needs one too.
    let err = visits::book(&s.db, &s.ctx(8), other.id, at(joko, "2026-11-27T13:00", 60))
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("reason"));
    let moved = BookingInput {
        reason: Some("Pelanggan minta Jumat".into()),
        ..at(joko, "2026-11-27T13:00", 60)
    };
    let moved = visits::book(&s.db, &s.ctx(8), other.id, moved)
        .await
        .unwrap();
    assert_eq!(
        moved.starts_at.as_deref(),
        Some("2026-11-27T06:00:00.000000Z")
    );
    assert_eq!(
        visits::cancel(&s.db, &s.ctx(9), other.id, " ")
            .await
            .unwrap_err()
            .field(),
        Some("reason")
    );
    visits::cancel(&s.db, &s.ctx(9), other.id, "Sudah diperbaiki sendiri")
        .await
        .unwrap();
    let err = visits::cancel(&s.db, &s.ctx(9), other.id, "lagi")
        .await
        .unwrap_err();
    assert_eq!(code(&err), "visit_closed");

    // The week board from Monday: the two live bookings, by technician and time.
    let board = visits::week(
        &s.db,
        s.ctx(10).now,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        7,
    )
    .await
    .unwrap();
    let numbers: Vec<_> = board.iter().map(|v| v.number.clone()).collect();
    assert_eq!(numbers, [v.number.clone(), third.number.clone()]);
    // Wednesday morning, the first visit not done: its SLA is breached.
    let wednesday = Ctx {
        now: monday_10_wib() + Duration::days(2),
        ..s.ctx(0)
    };
    let late = visits::get(&s.db, wednesday.now, v.id).await.unwrap();
    assert_eq!(late.sla, SlaState::Breached);
}

/// Two counters book the same technician into the same slot at once: one wins.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_slot_booked_twice_at_once() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let joko = technician(&s).await;
    let a = visits::request(&s.db, &s.ctx(0), request(budi.id, &[]))
        .await
        .unwrap();
    let b = visits::request(&s.db, &s.ctx(0), request(budi.id, &[]))
        .await
        .unwrap();
    let counter = |id: uuid::Uuid, when: &'static str| {
        let (db, ctx) = (s.db.clone(), s.ctx(1));
        tokio::spawn(async move { visits::book(&db, &ctx, id, at(joko, when, 90)).await })
    };
    let (ra, rb) = (
        counter(a.id, "2026-11-24T13:00"),
        counter(b.id, "2026-11-24T13:30"),
    );
    let (ra, rb) = (ra.await.unwrap(), rb.await.unwrap());
    assert_eq!(ra.is_ok() as u8 + rb.is_ok() as u8, 1, "{ra:?} {rb:?}");
    let loser = ra.err().or(rb.err()).unwrap();
    assert_eq!(code(&loser), "overlap");
}

/// On site: check in, check out with the work, parts from stock and labour;
/// a late finish needs the breach's reason.
#[tokio::test]
async fn carrying_out_a_visit() {
    use konter::store::field::work::{check_in, check_out, VisitOutcome, VisitPart, VisitReport};
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let joko = technician(&s).await;
    let roller = common::sales::product(&s, "ROLLER-A0", "250.000", false).await;
    common::sales::receive(&s, &roller, "2", &[]).await;
    let v = visits::request(&s.db, &s.ctx(0), request(budi.id, &["scanner"]))
        .await
        .unwrap();
    visits::book(&s.db, &s.ctx(1), v.id, at(joko, "2026-11-24T09:00", 120))
        .await
        .unwrap();
    let report = |qty: &str, breach: Option<&str>| VisitReport {
        work_done: "Roller diganti, kalibrasi ulang".into(),
        parts: vec![VisitPart {
            product_id: roller.id.to_string(),
            qty: qty.into(),
        }],
        labour_minutes: 90,
        customer_name: "Pak Andi".into(),
        signature_png: None,
        outcome: VisitOutcome::Fixed,
        workshop: None,
        breach_reason: breach.map(str::to_string),
    };
    let tuesday = |h: i64| Ctx {
        now: monday_10_wib() + Duration::days(1) + Duration::hours(h),
        ..s.ctx(0)
    };
    let err = check_out(&s.db, &tuesday(0), v.id, report("1", None))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "not_checked_in");
    check_in(&s.db, &tuesday(-1), v.id).await.unwrap();
    let before = s.counts().await;
    for (qty, field) in [("3", "parts.0.qty"), ("0", "parts.0.qty")] {
        let err = check_out(&s.db, &tuesday(1), v.id, report(qty, None))
            .await
            .unwrap_err();
        assert_eq!(err.field(), Some(field), "{qty}");
    }
    assert_eq!(s.counts().await, before, "refusals write nothing");
    let done = check_out(&s.db, &tuesday(1), v.id, report("1", None))
        .await
        .unwrap();
    assert_eq!((done.status.as_str(), done.sla), ("done", SlaState::OnTime));
    let shelf = konter::store::sales::catalog::get(&s.db, roller.id)
        .await
        .unwrap();
    assert_eq!(shelf.on_hand, 1, "the roller came from stock");
    // The visit report for the customer to sign.
    let pdf = konter::docs::field::render_visit_report(&s.db, v.id)
        .await
        .unwrap();
    let text = pdf_text(&s, "kunjungan.pdf", &pdf);
    for expected in [
        "LAPORAN KUNJUNGAN",
        v.number.as_str(),
        "Roller diganti, kalibrasi ulang",
        "ROLLER-A0",
        "90 menit",
        "Selesai diperbaiki",
        "Pak Andi",
        "Joko Teknisi",
    ] {
        assert!(text.contains(expected), "{expected} missing in {text}");
    }

    // Another visit finished on Wednesday, after Tuesday's due time.
    let w = visits::request(&s.db, &s.ctx(0), request(budi.id, &[]))
        .await
        .unwrap();
    visits::book(&s.db, &s.ctx(1), w.id, at(joko, "2026-11-26T09:00", 60))
        .await
        .unwrap();
    let thursday = Ctx {
        now: monday_10_wib() + Duration::days(3),
        ..s.ctx(0)
    };
    check_in(&s.db, &thursday, w.id).await.unwrap();
    let late = VisitReport {
        parts: vec![],
        ..report("1", None)
    };
    let err = check_out(&s.db, &thursday, w.id, late.clone())
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("breach_reason"));
    let done = check_out(
        &s.db,
        &thursday,
        w.id,
        VisitReport {
            breach_reason: Some("Teknisi sakit hari Selasa".into()),
            ..late
        },
    )
    .await
    .unwrap();
    assert_eq!(done.sla, SlaState::Breached);
}

/// The owner's visit rules in Settings: a shorter SLA without the next
/// business day, a fixed after-hours surcharge, no travel buffer.
#[tokio::test]
async fn the_shops_visit_rules_apply() {
    use konter::domain::field::policy::VisitPolicy;
    use konter::domain::field::sla::{SlaRules, Surcharge};
    let s = shop().await;
    let mut rules = konter::store::shop::settings::get(&s.db).await.unwrap();
    rules.visits = VisitPolicy {
        sla: SlaRules {
            next_business_day: false,
            max_working_hours: 4,
            at_risk_minutes: 60,
        },
        surcharge: Surcharge::Fixed { amount: 100_000 },
        travel_buffer_minutes: 0,
        labour_per_hour: 0,
    };
    konter::store::shop::settings::update(&s.db, &s.ctx(0), rules)
        .await
        .unwrap();
    let budi = customer(&s, "Budi", "081234567890").await;
    let joko = technician(&s).await;
    let v = visits::request(&s.db, &s.ctx(0), request(budi.id, &[]))
        .await
        .unwrap();
    // Monday 10:00 WIB + 4 working hours = 14:00 WIB.
    assert_eq!(v.due_at, "2026-11-23T07:00:00.000000Z");
    let w = visits::request(&s.db, &s.ctx(0), request(budi.id, &[]))
        .await
        .unwrap();
    visits::book(&s.db, &s.ctx(1), v.id, at(joko, "2026-11-24T09:00", 60))
        .await
        .unwrap();
    // Back to back: no travel buffer is kept now.
    visits::book(&s.db, &s.ctx(1), w.id, at(joko, "2026-11-24T10:00", 60))
        .await
        .unwrap();
    let x = visits::request(&s.db, &s.ctx(0), request(budi.id, &[]))
        .await
        .unwrap();
    let evening = BookingInput {
        after_hours_accepted: true,
        ..at(joko, "2026-11-24T18:00", 60)
    };
    let booked = visits::book(&s.db, &s.ctx(2), x.id, evening).await.unwrap();
    assert_eq!((booked.after_hours, booked.surcharge), (true, 100_000));
}
