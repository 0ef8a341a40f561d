//! Today, the home screen, against the data that makes it: a repair ready
//! and an O2O order ready for pickup, a transfer waiting, a courier job of
//! the day, a booked visit, a repair past its promised date and one that
//! has not moved for the shop's working days, a follow-up due (and gone
//! once marked done), the shift, and today's money against yesterday's.

use crate::common::matrix::{sales_fixture, ticket_in, ticket_paid};
use crate::common::*;
use crate::field::visits::{at, request, technician};
use chrono::Duration;
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::staff::permissions::Action;
use konter::domain::staff::Role;
use konter::store::cash::{self, ShiftOpen};
use konter::store::field::contracts::{self, Consultation};
use konter::store::field::{follow_ups, visits};
use konter::store::today::{today, Today};
use konter::store::Ctx;
use rust_decimal_macros::dec;

fn numbers(list: &[konter::store::today::TodayItem]) -> Vec<&str> {
    list.iter().map(|i| i.number.as_str()).collect()
}

fn has(t: &Today, list: fn(&Today) -> &Vec<konter::store::today::TodayItem>, number: &str) -> bool {
    numbers(list(t)).contains(&number)
}

#[tokio::test]
async fn today_lists_what_waits_on_the_counter() {
    let s = shop().await;
    let budi = customer(&s, "Budi Santoso", "081234567890").await;
    let monday = s.ctx(60);

    // Ready for pickup: a repair and nothing else yet.
    let ready = ticket_paid(&s, budi.id, TicketStatus::ReadyForPickup, "100.000").await;
    let waiting = ticket_in(&s, budi.id, TicketStatus::Received).await;
    let (_, transfer) = sales_fixture(&s, budi.id, Action::VerifyPayment, 1).await;
    let transfer = konter::store::sales::orders::detail(&s.db, transfer.unwrap())
        .await
        .unwrap();
    let job = crate::field::courier_cash::cash_job(
        &s,
        budi.id,
        crate::field::courier_jobs::courier(&s, "kurir")
            .await
            .staff_id,
        true,
    )
    .await;
    let t = today(&s.db, &monday).await.unwrap();
    assert!(
        has(&t, |t| &t.ready, &ready.number),
        "{:?}",
        numbers(&t.ready)
    );
    assert!(!has(&t, |t| &t.ready, &waiting.number));
    assert_eq!(numbers(&t.transfers), [transfer.number.as_str()]);
    assert_eq!(numbers(&t.runs), [job.number.as_str()]);
    assert!(t.visits.is_empty() && t.overdue.is_empty() && t.stale.is_empty());
    assert_eq!(t.stale_days, 3);
    // The owner sees the money: the down payments taken today.
    let money = t.money.as_ref().unwrap();
    assert!(money.today >= dec!(200000), "{:?}", money);
    assert_eq!(money.yesterday, dec!(0));
    assert!(t.may_run_shift && t.shift.is_none());

    // A visit booked for Tuesday is on Tuesday's list, not Monday's.
    let joko = technician(&s).await;
    let v = visits::request(&s.db, &s.ctx(61), request(budi.id, &["scanner"]))
        .await
        .unwrap();
    visits::book(&s.db, &s.ctx(62), v.id, at(joko, "2026-11-24T09:00", 60))
        .await
        .unwrap();
    let tuesday = Ctx {
        now: monday.now + Duration::days(1),
        ..monday
    };
    assert!(today(&s.db, &monday).await.unwrap().visits.is_empty());
    let t = today(&s.db, &tuesday).await.unwrap();
    assert_eq!(numbers(&t.visits), [v.number.as_str()]);
    assert!(t.runs.is_empty(), "Monday's courier job is not Tuesday's");
    assert_eq!(
        t.money.as_ref().unwrap().yesterday,
        money.today,
        "Monday's money is Tuesday's yesterday"
    );

    // A follow-up due Wednesday; done, it leaves the list.
    let ask = Consultation {
        customer_id: budi.id.to_string(),
        serial: None,
        problem: "Hasil scan bergaris".into(),
        software: None,
        advice: "Kalibrasi ulang".into(),
        follow_up_on: Some("2026-11-25".into()),
    };
    contracts::consult(&s.db, &s.ctx(63), ask).await.unwrap();
    let wednesday = Ctx {
        now: monday.now + Duration::days(2),
        ..monday
    };
    assert!(today(&s.db, &tuesday).await.unwrap().follow_ups.is_empty());
    let t = today(&s.db, &wednesday).await.unwrap();
    assert_eq!(t.follow_ups.len(), 1);
    assert_eq!(
        t.follow_ups[0].detail.as_deref(),
        Some("Hasil scan bergaris")
    );

    // Moved on Monday: on Thursday not yet 3 whole working days still,
    // on Friday it is (Tuesday, Wednesday and Thursday without a move).
    let thursday = Ctx {
        now: monday.now + Duration::days(3),
        ..monday
    };
    let t = today(&s.db, &thursday).await.unwrap();
    assert!(
        !has(&t, |t| &t.stale, &waiting.number),
        "{:?}",
        numbers(&t.stale)
    );
    let friday = Ctx {
        now: monday.now + Duration::days(4),
        ..monday
    };
    assert!(has(
        &today(&s.db, &friday).await.unwrap(),
        |t| &t.stale,
        &waiting.number
    ));
    let next_monday = Ctx {
        now: monday.now + Duration::days(7),
        ..monday
    };
    let t = today(&s.db, &next_monday).await.unwrap();
    assert!(
        has(&t, |t| &t.stale, &waiting.number),
        "{:?}",
        numbers(&t.stale)
    );
    assert!(
        has(&t, |t| &t.overdue, &waiting.number),
        "promised {:?}",
        waiting.promised_date
    );
    assert!(
        !has(&t, |t| &t.overdue, &ready.number),
        "a ready repair waits on the customer"
    );
    let id = t.follow_ups[0].id.parse().unwrap();
    follow_ups::done(&s.db, &next_monday, id, Some("Sudah ditelepon"))
        .await
        .unwrap();
    let e = follow_ups::done(&s.db, &next_monday, id, None)
        .await
        .unwrap_err();
    assert_eq!(crate::common::sales::code(&e), "follow_up_done");
    assert!(today(&s.db, &next_monday)
        .await
        .unwrap()
        .follow_ups
        .is_empty());

    // A technician sees the lists but not the money nor the drawer.
    cash::open(
        &s.db,
        &next_monday,
        ShiftOpen {
            float: "200.000".into(),
        },
    )
    .await
    .unwrap();
    let tech = Ctx {
        role: Role::Technician,
        ..next_monday
    };
    let t = today(&s.db, &tech).await.unwrap();
    assert!(t.money.is_none() && t.shift.is_none() && !t.may_run_shift);
    let t = today(&s.db, &next_monday).await.unwrap();
    assert_eq!(t.shift.unwrap().expected, dec!(200000));
}
