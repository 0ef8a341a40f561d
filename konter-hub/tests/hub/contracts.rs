//! A maintenance contract planned at two counters through a real hub (issue
//! 17): the counter that made it plans its visits as time goes on, the
//! other leaves it alone until that one is a week late, then takes over; a
//! counter that plans from stale rows (before pulling) makes the same keys,
//! so the hub records a conflict and never keeps a second visit.

use super::*;
use konter::domain::field::contract_plan::Frequency;
use konter::store::field::contract_plan;
use konter::store::field::contracts::{self, NewContract};

fn day(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(3, 0, 0)
        .unwrap()
        .and_utc()
}

async fn hub_visits(h: &TestHub, contract: &str) -> (i64, i64) {
    sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT due_at) FROM rows.visits WHERE _shop = $1 AND contract_id = $2",
    )
    .bind(h.shop)
    .bind(contract)
    .fetch_one(&h.hub.pool)
    .await
    .unwrap()
}

async fn planner(d: &Device, contract: &str) -> String {
    sqlx::query_scalar("SELECT planner FROM contracts WHERE id = ?")
        .bind(contract)
        .fetch_one(&d.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn two_counters_plan_one_contract_once() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let customer = shared_customer(&a, &b).await;
    let k = contracts::create(
        &a.db,
        &a.ctx(5),
        NewContract {
            customer_id: customer,
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
    let id = k.id.to_string();
    assert_eq!(k.planned, 2, "December and January, within 60 days");
    a.round().await;
    b.round().await;
    assert_eq!(planner(&b, &id).await, "JKT1-K1");

    // 15 January: the planner makes February and March; the other counter,
    // after pulling them, has nothing to make.
    assert_eq!(
        contract_plan::roll(&a.db, day(2027, 1, 15)).await.unwrap(),
        2
    );
    a.round().await;
    b.round().await;
    assert_eq!(
        contract_plan::roll(&b.db, day(2027, 1, 15)).await.unwrap(),
        0
    );
    assert_eq!(hub_visits(&h, &id).await, (4, 4));

    // Counter A is off. On 20 February April's visit is three weeks in
    // reach and not made: B takes over and becomes the planner.
    assert_eq!(
        contract_plan::roll(&b.db, day(2027, 2, 20)).await.unwrap(),
        1
    );
    assert_eq!(planner(&b, &id).await, "JKT1-K2");
    b.round().await;

    // A comes back and plans before pulling: from its stale rows it makes
    // April's visit again, under the same key. At the hub that is one row
    // and a recorded conflict, not a second visit.
    assert_eq!(
        contract_plan::roll(&a.db, day(2027, 2, 20)).await.unwrap(),
        1
    );
    a.round().await;
    assert_eq!(hub_visits(&h, &id).await, (5, 5), "one visit per plan day");
    let apart: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM conflicts WHERE shop_id = $1 AND tbl = 'visits'")
            .bind(h.shop)
            .fetch_one(&h.hub.pool)
            .await
            .unwrap();
    assert!(
        apart >= 1,
        "the visit made at both counters is a recorded conflict"
    );

    // Pulled up, A plans no more of what B made, and nothing twice.
    b.round().await;
    a.round().await;
    assert_eq!(
        contract_plan::roll(&a.db, day(2027, 2, 20)).await.unwrap(),
        0
    );
    assert_eq!(
        contract_plan::roll(&b.db, day(2027, 2, 20)).await.unwrap(),
        0
    );
    a.round().await;
    assert_eq!(hub_visits(&h, &id).await, (5, 5));
}
