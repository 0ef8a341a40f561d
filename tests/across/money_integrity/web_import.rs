//! Issue 11's web store defects in what an import does to orders the
//! counter already worked on: imports never move an order back, imported
//! orders keep a return window, web numbers are taken as customers give
//! them.

use super::web::*;
use super::{code_of, refund};
use crate::common;
use common::sales::*;
use common::*;
use konter::domain::sales::order::OrderStatus;
use konter::store::returns;
use konter::store::sales::catalog;
use konter::store::{sales::detail, sales::flow};

/// 3. A re-import never moves an order back over what the counter did, and
/// a completed order's goods leave stock exactly once.
#[tokio::test]
async fn imports_move_orders_forward_only() {
    let s = shop().await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "10", &[]).await;
    let pickup = woo_order(
        2001,
        "processing",
        "stripe",
        Some("2026-11-20T03:05:00"),
        true,
        "USB-3M",
        2,
        300_000,
    );
    let ship = woo_order(
        2002,
        "processing",
        "stripe",
        Some("2026-11-20T03:05:00"),
        false,
        "USB-3M",
        1,
        150_000,
    );
    import(&s, &s.ctx(0), "toko", &[pickup.clone(), ship.clone()]).await;
    let p = by_number(&s, "WC-2001").await;
    let d = by_number(&s, "WC-2002").await;
    flow::ready_for_pickup(&s.db, &s.ctx(1), p.id)
        .await
        .unwrap();
    flow::hand_over(&s.db, &s.ctx(2), p.id, vec![])
        .await
        .unwrap();
    flow::start_processing(&s.db, &s.ctx(3), d.id)
        .await
        .unwrap();
    flow::ship(&s.db, &s.ctx(4), d.id, "JNE-1", vec![])
        .await
        .unwrap();
    assert_eq!(catalog::get(&s.db, cable.id).await.unwrap().on_hand, 7);
    // The store still says processing, with a newer modification date.
    let later = |mut o: serde_json::Value, status: &str, modified: &str| {
        o["status"] = status.into();
        o["date_modified_gmt"] = modified.into();
        o
    };
    let r = import(
        &s,
        &s.ctx(5),
        "toko",
        &[
            later(pickup.clone(), "processing", "2026-11-21T01:00:00"),
            later(ship.clone(), "processing", "2026-11-21T01:00:00"),
        ],
    )
    .await;
    assert_eq!(r.rejected.len(), 0, "{:?}", r.rejected);
    let p2 = by_number(&s, "WC-2001").await;
    let d2 = by_number(&s, "WC-2002").await;
    assert_eq!(
        (p2.status, d2.status),
        (OrderStatus::PickedUp, OrderStatus::InDelivery)
    );
    assert_eq!(
        (p2.payments.len(), d2.payments.len()),
        (1, 1),
        "no second payment"
    );
    // Completed in the store: the parcel is delivered, its goods left once.
    let mut done = later(ship, "completed", "2026-11-22T01:00:00");
    done["date_completed_gmt"] = "2026-11-22T01:00:00".into();
    import(&s, &s.ctx(6), "toko", &[done.clone()]).await;
    assert_eq!(
        by_number(&s, "WC-2002").await.status,
        OrderStatus::Delivered
    );
    assert_eq!(catalog::get(&s.db, cable.id).await.unwrap().on_hand, 7);
    // A pickup order completed in the store before the counter handed it
    // over: its goods leave stock now, and only now.
    let fresh = woo_order(
        2003,
        "processing",
        "stripe",
        Some("2026-11-20T03:05:00"),
        true,
        "USB-3M",
        3,
        450_000,
    );
    import(&s, &s.ctx(7), "toko", std::slice::from_ref(&fresh)).await;
    assert_eq!(catalog::get(&s.db, cable.id).await.unwrap().available, 4);
    let completed = later(fresh, "completed", "2026-11-23T01:00:00");
    import(&s, &s.ctx(8), "toko", std::slice::from_ref(&completed)).await;
    let again = later(completed, "completed", "2026-11-24T01:00:00");
    import(&s, &s.ctx(9), "toko", &[again]).await;
    let c = catalog::get(&s.db, cable.id).await.unwrap();
    assert_eq!((c.on_hand, c.available), (4, 4));
    assert_eq!(by_number(&s, "WC-2003").await.status, OrderStatus::PickedUp);
    // Refunded in the store after the counter handed the goods over: a
    // conflict for people, nothing applied.
    let before = s.counts().await;
    let r = import(
        &s,
        &s.ctx(10),
        "toko",
        &[later(pickup, "refunded", "2026-11-25T01:00:00")],
    )
    .await;
    assert!(
        r.rejected[0].reason.contains("settle it at the counter"),
        "{:?}",
        r.rejected
    );
    assert_eq!(s.counts().await, before);
}

/// 8. The return window of an imported order starts at the store's
/// completion date, and is refused with a reason when none is known.
#[tokio::test]
async fn imported_orders_have_a_return_window() {
    let s = shop().await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "10", &[]).await;
    let mut old = woo_order(
        3001,
        "completed",
        "stripe",
        Some("2026-10-01T03:00:00"),
        true,
        "USB-3M",
        1,
        150_000,
    );
    old["date_completed_gmt"] = "2026-10-02T03:00:00".into();
    let unknown = woo_order(
        3002,
        "completed",
        "stripe",
        Some("2026-11-20T03:00:00"),
        true,
        "USB-3M",
        1,
        150_000,
    );
    let mut recent = woo_order(
        3003,
        "completed",
        "stripe",
        Some("2026-11-20T03:00:00"),
        true,
        "USB-3M",
        1,
        150_000,
    );
    recent["date_completed_gmt"] = "2026-11-21T03:00:00".into();
    let r = import(&s, &s.ctx(0), "toko", &[old, unknown, recent]).await;
    assert_eq!(r.created, 3, "{:?}", r.rejected);
    assert_eq!(catalog::get(&s.db, cable.id).await.unwrap().on_hand, 7);
    let o = by_number(&s, "WC-3001").await;
    assert_eq!(
        code_of(returns::create(&s.db, &s.ctx(1), o.id, refund(0, None, "1")).await),
        "return_window_passed"
    );
    let o = by_number(&s, "WC-3002").await;
    assert_eq!(
        code_of(returns::create(&s.db, &s.ctx(1), o.id, refund(0, None, "1")).await),
        "received_unknown"
    );
    let o = by_number(&s, "WC-3003").await;
    returns::create(&s.db, &s.ctx(1), o.id, refund(0, None, "1"))
        .await
        .unwrap();
}

/// 13. The store's number as the customer gives it finds the order; two
/// stores with the same number are told apart by the contact, or asked.
#[tokio::test]
async fn web_numbers_as_customers_give_them() {
    let s = shop().await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "5", &[]).await;
    let mut other = woo_order(1042, "pending", "bacs", None, true, "USB-3M", 1, 150_000);
    other["billing"]["phone"] = "0812 9999 0000".into();
    import(
        &s,
        &s.ctx(0),
        "toko",
        &[woo_order(
            1042, "pending", "bacs", None, true, "USB-3M", 1, 150_000,
        )],
    )
    .await;
    for typed in ["1042", "#1042", "wc-1042", "WC 1042", "Order #1042"] {
        let o = flow::find_for_pickup(&s.db, typed, Some("sari@example.co.id"))
            .await
            .unwrap();
        assert_eq!(o.number, "WC-1042", "{typed}");
    }
    import(&s, &s.ctx(1), "cabang", &[other]).await;
    let asked = flow::find_for_pickup(&s.db, "#1042", None).await;
    assert_eq!(code_of(asked), "ambiguous_number");
    let o = flow::find_for_pickup(&s.db, "#1042", Some("081299990000"))
        .await
        .unwrap();
    assert_eq!(o.number, "WC-1042-2");
    let q = detail::OrderQuery {
        status: None,
        text: Some("#1042".into()),
    };
    assert_eq!(detail::list(&s.db, &q).await.unwrap().len(), 2);
}
