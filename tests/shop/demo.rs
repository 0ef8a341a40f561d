//! `--demo` fills every area through the core functions the screens use,
//! so each screen has something to show: checked table by table, and on
//! Today, the shift, the customer's page and a report.

use crate::common::*;
use konter::domain::reports::ReportKind;
use konter::store::reports::{report, ReportQuery};
use konter::store::Ctx;

#[tokio::test]
async fn the_demo_shop_fills_every_screen() {
    let (_dir, db) = open().await;
    let now = monday_10_wib();
    let owner = konter::demo::setup_shop(&db, now).await.unwrap();
    konter::demo::fill(&db, &owner, 40, 60, 7, now)
        .await
        .unwrap();
    konter::demo::fill_shop(&db, &owner, now).await.unwrap();
    let n = |sql: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&db.pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(n("SELECT COUNT(*) FROM products").await, 7);
    assert!(n("SELECT COUNT(*) FROM units WHERE status = 'in_stock'").await >= 10);
    assert_eq!(
        n("SELECT COUNT(*) FROM warranties").await,
        3,
        "three scanners handed over"
    );
    assert!(
        n("SELECT COUNT(DISTINCT status) FROM orders").await >= 4,
        "orders in several states"
    );
    assert_eq!(
        n("SELECT COUNT(*) FROM order_payments WHERE status = 'pending'").await,
        1,
        "a transfer waits"
    );
    assert!(
        n("SELECT COUNT(*) FROM visits WHERE status = 'booked'").await >= 6,
        "a week of visits"
    );
    assert_eq!(n("SELECT COUNT(*) FROM courier_jobs").await, 1);
    assert_eq!(n("SELECT COUNT(*) FROM contracts").await, 1);
    assert_eq!(n("SELECT COUNT(*) FROM consultations").await, 2);
    assert_eq!(
        n("SELECT COUNT(*) FROM shifts WHERE closed_at IS NULL").await,
        1
    );
    assert!(
        n("SELECT COUNT(*) FROM drawer_moves WHERE method = 'cash'").await >= 1,
        "the cash sale went into the drawer"
    );

    let ctx = Ctx {
        staff_id: owner.staff_id,
        role: owner.role,
        now: now + chrono::Duration::hours(2),
    };
    let t = konter::store::today::today(&db, &ctx).await.unwrap();
    assert!(
        !t.ready.is_empty()
            && !t.transfers.is_empty()
            && !t.visits.is_empty()
            && !t.runs.is_empty(),
        "{t:?}"
    );
    assert_eq!(t.follow_ups.len(), 1);
    assert!(t.shift.is_some() && t.money.unwrap().today > rust_decimal::Decimal::ZERO);
    let q = |kind| ReportQuery {
        kind,
        from: "2026-11-23".into(),
        to: "2026-11-23".into(),
        group: None,
    };
    let sales = report(&db, &ctx, &q(ReportKind::Sales)).await.unwrap();
    assert!(
        sales.rows.iter().any(|r| !r[4].is_empty()),
        "margins known from the cost prices"
    );
    konter::store::shop::audit::verify(&db, &ctx).await.unwrap();
}
