//! The dispatch board on a real database: a row per technician over the
//! week with their working window, days off, the branch's holiday and the
//! weekdays they do not work; visits placed in local minutes with the
//! customer's name; the board's hours wide enough for everyone; requests
//! beside it with the skills they need; a visit moved from the board needs
//! its reason and goes through the booking's checks, and the board follows.

use crate::common;
use crate::field::visits::{at, code, request, technician};

use chrono::{NaiveDate, NaiveTime};
use common::*;
use konter::domain::field::dispatch::OffReason;
use konter::domain::shop::calendar::DayHours;
use konter::domain::staff::Role;
use konter::store::field::dispatch::{board, DispatchBoard};
use konter::store::field::technicians::{self, TechnicianInput};
use konter::store::field::visits::{self, BookingInput};
use konter::store::shop::calendar::{add_holiday, HolidayInput};
use konter::store::staff::{self, NewStaff};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// (from, to, number) of each block on a technician's day.
fn blocks(b: &DispatchBoard, who: &str, date: &str) -> Vec<(u16, u16, String)> {
    let row = b.rows.iter().find(|r| r.name == who).expect("row");
    let d = row.days.iter().find(|d| d.date == date).expect("day");
    d.blocks
        .iter()
        .map(|x| (x.from, x.to, x.visit.number.clone()))
        .collect()
}

#[tokio::test]
async fn the_week_as_a_time_grid_per_technician() {
    let s = shop().await;
    let budi = customer(&s, "Budi Santoso", "081234567890").await;
    let joko = technician(&s).await; // Mon–Fri 08:30–17:30, off Wed 25 Nov
    let sari = staff::add(
        &s.db,
        &s.ctx(0),
        NewStaff {
            name: "Sari Teknisi".into(),
            username: "sari".into(),
            password: "rahasia-sari-1".into(),
            role: Role::Technician,
        },
    )
    .await
    .unwrap();
    let early = Some(DayHours {
        open: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
        close: NaiveTime::from_hms_opt(15, 0, 0).unwrap(),
    });
    technicians::set(
        &s.db,
        &s.ctx(0),
        sari.id,
        TechnicianInput {
            skills: vec!["CCTV".into()],
            hours: [early, early, early, early, early, early, None],
            days_off: vec![],
        },
    )
    .await
    .unwrap();
    add_holiday(
        &s.db,
        &s.ctx(0),
        HolidayInput {
            date: "2026-11-27".into(),
            name: "Libur toko".into(),
        },
    )
    .await
    .unwrap();

    let scanner = visits::request(&s.db, &s.ctx(1), request(budi.id, &["scanner"]))
        .await
        .unwrap();
    visits::book(
        &s.db,
        &s.ctx(2),
        scanner.id,
        at(joko, "2026-11-24T10:00", 90),
    )
    .await
    .unwrap();
    let cctv = visits::request(&s.db, &s.ctx(3), request(budi.id, &["cctv"]))
        .await
        .unwrap();
    visits::book(
        &s.db,
        &s.ctx(4),
        cctv.id,
        at(sari.id, "2026-11-28T07:30", 60),
    )
    .await
    .unwrap();
    let waiting = visits::request(&s.db, &s.ctx(5), request(budi.id, &["plotter"]))
        .await
        .unwrap();

    let b = board(&s.db, s.ctx(6).now, day(23), 7).await.unwrap();
    assert_eq!(b.days.first().map(String::as_str), Some("2026-11-23"));
    assert_eq!(b.days.len(), 7);
    assert_eq!(b.today, "2026-11-23");
    assert_eq!(b.buffer_minutes, 30);
    // 07:00 − 1 h to 17:30 + 1 h, rounded out to whole hours.
    assert_eq!((b.hour_from, b.hour_to), (6, 19));
    let names: Vec<&str> = b.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Joko Teknisi", "Sari Teknisi"]);

    let joko_row = &b.rows[0];
    let shade: Vec<(Option<u16>, Option<u16>, Option<OffReason>)> = joko_row
        .days
        .iter()
        .map(|d| (d.open, d.close, d.off))
        .collect();
    assert_eq!(
        shade,
        [
            (Some(510), Some(1050), None),
            (Some(510), Some(1050), None),
            (None, None, Some(OffReason::DayOff)),
            (Some(510), Some(1050), None),
            (None, None, Some(OffReason::Holiday)),
            (None, None, Some(OffReason::NotWorking)),
            (None, None, Some(OffReason::NotWorking)),
        ]
    );
    assert_eq!(
        b.rows[1].days[5].open,
        Some(420),
        "Sari works Saturday from 07:00"
    );
    assert_eq!(
        b.rows[1].days[4].off,
        Some(OffReason::Holiday),
        "the branch's holiday is everyone's"
    );

    assert_eq!(
        blocks(&b, "Joko Teknisi", "2026-11-24"),
        [(600, 690, scanner.number.clone())],
        "10:00–11:30 WIB"
    );
    assert_eq!(
        blocks(&b, "Sari Teknisi", "2026-11-28"),
        [(450, 510, cctv.number.clone())]
    );
    let block = &joko_row.days[1].blocks[0];
    assert_eq!(block.customer, "Budi Santoso");
    assert_eq!(block.visit.site_address, "Jl. Gatot Subroto 12, Jakarta");

    let waiting_row = b
        .requests
        .iter()
        .find(|r| r.visit.id == waiting.id)
        .expect("the unbooked request is beside the board");
    assert_eq!(waiting_row.skills, ["plotter"]);
    assert_eq!(waiting_row.customer, "Budi Santoso");
    assert!(
        b.requests
            .iter()
            .all(|r| r.visit.id != scanner.id && r.visit.id != cctv.id),
        "booked visits are not requests"
    );

    // Dragged to Thursday 13:00: the board asks why; without a reason the
    // booking refuses at the reason and nothing is written.
    let before = s.counts().await;
    let err = visits::book(
        &s.db,
        &s.ctx(7),
        scanner.id,
        at(joko, "2026-11-26T13:00", 90),
    )
    .await
    .unwrap_err();
    assert_eq!(err.field(), Some("reason"));
    // Onto Wednesday (Joko's day off) with a reason: the booking's own check refuses.
    let err = visits::book(
        &s.db,
        &s.ctx(7),
        scanner.id,
        BookingInput {
            reason: Some("Pelanggan minta Rabu".into()),
            ..at(joko, "2026-11-25T13:00", 90)
        },
    )
    .await
    .unwrap_err();
    assert_eq!(code(&err), "day_off");
    assert_eq!(s.counts().await, before, "refused drops write nothing");
    visits::book(
        &s.db,
        &s.ctx(8),
        scanner.id,
        BookingInput {
            reason: Some("Pelanggan minta Kamis".into()),
            ..at(joko, "2026-11-26T13:00", 90)
        },
    )
    .await
    .unwrap();
    let b = board(&s.db, s.ctx(9).now, day(23), 7).await.unwrap();
    assert!(blocks(&b, "Joko Teknisi", "2026-11-24").is_empty());
    assert_eq!(
        blocks(&b, "Joko Teknisi", "2026-11-26"),
        [(780, 870, scanner.number.clone())]
    );

    // A late visit from Monday 23:00 to Tuesday 01:00 (the surcharge
    // accepted) shows on both days: to midnight, and from it.
    let late = visits::request(&s.db, &s.ctx(9), request(budi.id, &["cctv"]))
        .await
        .unwrap();
    visits::book(
        &s.db,
        &s.ctx(9),
        late.id,
        BookingInput {
            after_hours_accepted: true,
            ..at(sari.id, "2026-11-23T23:00", 120)
        },
    )
    .await
    .unwrap();
    let tuesday = board(&s.db, s.ctx(9).now, day(24), 1).await.unwrap();
    assert_eq!(
        blocks(&tuesday, "Sari Teknisi", "2026-11-24"),
        [(0, 60, late.number.clone())]
    );
    let monday = board(&s.db, s.ctx(9).now, day(23), 1).await.unwrap();
    assert_eq!(
        blocks(&monday, "Sari Teknisi", "2026-11-23"),
        [(1380, 1440, late.number.clone())]
    );

    // One day: that day only, the same rows.
    let b = board(&s.db, s.ctx(9).now, day(26), 1).await.unwrap();
    assert_eq!(b.days, ["2026-11-26"]);
    assert_eq!(b.rows.len(), 2);
    assert_eq!(b.rows[0].days[0].blocks.len(), 1);
    for days in [0, 8] {
        let err = board(&s.db, s.ctx(9).now, day(23), days).await.unwrap_err();
        assert_eq!(err.field(), Some("days"));
    }
}
