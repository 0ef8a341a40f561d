//! A contract's planned visits made as time goes on (issue 17), on a real
//! database: the visits within the horizon at creation, the next ones as
//! days pass, nothing made twice, one counter planning each contract and
//! another taking over only when that one fell behind.

use crate::common;

use chrono::{Duration, NaiveDate};
use common::*;
use konter::domain::field::contract_plan::Frequency;
use konter::store::field::contract_plan;
use konter::store::field::contracts::{self, NewContract};

#[tokio::test]
async fn visits_are_made_as_time_goes_on_by_one_counter() {
    let s = shop().await;
    let budi = customer(&s, "PT Budi Arsip", "081234567890").await;
    let k = contracts::create(
        &s.db,
        &s.ctx(0),
        NewContract {
            customer_id: budi.id.to_string(),
            units: vec!["SN-A0-1".into()],
            site_address: "Jl. Gatot Subroto 12, Jakarta".into(),
            starts_on: "2026-12-01".into(),
            ends_on: "2027-11-30".into(),
            frequency: Frequency::Monthly,
            sla_hours: 4,
        },
    )
    .await
    .unwrap();
    // Monday 23 November: December's and January's visits (60 days ahead).
    assert_eq!((k.planned, k.to_come), (2, 10));
    let day = |d: u32, m: u32, y: i32| {
        let at = NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(3, 0, 0)
            .unwrap();
        at.and_utc()
    };
    // Later the same day nothing more is due: nothing is made, nothing written.
    let before = s.counts().await;
    assert_eq!(contract_plan::roll(&s.db, s.ctx(30).now).await.unwrap(), 0);
    assert_eq!(s.counts().await, before);

    // 15 January: February and March come within reach, with their event.
    let outbox = s.outbox_len().await;
    assert_eq!(
        contract_plan::roll(&s.db, day(15, 1, 2027)).await.unwrap(),
        2
    );
    assert!(s.outbox_len().await > outbox, "the change travels");
    let problems: Vec<(String, String)> =
        sqlx::query_as("SELECT problem, due_at FROM visits WHERE contract_id = ? ORDER BY due_at")
            .bind(k.id.to_string())
            .fetch_all(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(problems.len(), 4);
    assert!(problems[3].0.ends_with("(4/12)"), "{:?}", problems[3]);
    assert_eq!(
        problems[3].1, "2027-03-01T10:30:00.000000Z",
        "Monday 1 March, 17:30 WIB"
    );
    let plan_events: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM contract_events WHERE contract_id = ? AND kind = 'plan'",
    )
    .bind(k.id.to_string())
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(plan_events, 1);
    // Run again (the next hour's round, or a restart): nothing twice.
    let before = s.counts().await;
    assert_eq!(
        contract_plan::roll(&s.db, day(15, 1, 2027) + Duration::hours(1))
            .await
            .unwrap(),
        0
    );
    assert_eq!(s.counts().await, before);

    // Another counter made it: this one leaves it to that one...
    sqlx::query("UPDATE contracts SET planner = 'JKT1-K9' WHERE id = ?")
        .bind(k.id.to_string())
        .execute(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(
        contract_plan::roll(&s.db, day(20, 1, 2027)).await.unwrap(),
        0
    );
    // ...until that counter is more than a week behind: this one takes over.
    assert_eq!(
        contract_plan::roll(&s.db, day(10, 2, 2027)).await.unwrap(),
        1
    );
    let planner: String = sqlx::query_scalar("SELECT planner FROM contracts WHERE id = ?")
        .bind(k.id.to_string())
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(planner, "JKT1-K1");
    let r = contracts::report(&s.db, &s.ctx(0), k.id).await.unwrap();
    assert_eq!((r.planned, r.to_come), (5, 7));

    // Near the end, the rest; after it, nothing.
    assert_eq!(
        contract_plan::roll(&s.db, day(1, 11, 2027)).await.unwrap(),
        7
    );
    assert_eq!(
        contract_plan::roll(&s.db, day(1, 1, 2028)).await.unwrap(),
        0
    );
    let r = contracts::report(&s.db, &s.ctx(0), k.id).await.unwrap();
    assert_eq!((r.planned, r.to_come), (12, 0));
}
