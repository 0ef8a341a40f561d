//! Issue 11's web store defects: cash on delivery booked as paid, imports
//! undoing the counter's work, return windows of imported orders, forged
//! imports, web numbers as customers give them.

use super::{as_role, code_of, refund};
use crate::common;
use common::sales::*;
use common::*;
use konter::domain::sales::order::OrderStatus;
use konter::domain::staff::Role;
use konter::store::returns;
use konter::store::sales::catalog;
use konter::store::sales::orders::{self, OrderDetail};
use konter::store::sales::payments;
use konter::store::{sales::detail, sales::flow, web_store::import, Ctx};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// A Woo order as the REST API sends it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn woo_order(
    id: u64,
    status: &str,
    method: &str,
    paid: Option<&str>,
    pickup: bool,
    sku: &str,
    qty: i64,
    total: i64,
) -> serde_json::Value {
    serde_json::json!({
        "id": id, "number": id.to_string(), "status": status, "currency": "IDR",
        "date_created_gmt": "2026-11-20T03:00:00", "date_modified_gmt": "2026-11-20T03:00:00",
        "date_paid_gmt": paid, "date_completed_gmt": null,
        "discount_total": "0.00", "shipping_total": "0.00",
        "total_tax": format!("{}.00", total * 11 / 100), "total": format!("{}.00", total + total * 11 / 100),
        "billing": { "first_name": "Sari", "last_name": "Wulandari", "address_1": "Jl. Melati 3", "city": "Depok",
                     "email": "sari@example.co.id", "phone": "+62 813 1111 2222" },
        "shipping": { "first_name": "Sari", "last_name": "Wulandari", "address_1": "Jl. Melati 3", "city": "Depok" },
        "payment_method": method,
        "line_items": [{ "name": sku, "sku": sku, "quantity": qty,
                         "subtotal": format!("{total}.00"), "total": format!("{total}.00") }],
        "shipping_lines": [{ "method_id": if pickup { "local_pickup" } else { "flat_rate" } }],
        "coupon_lines": []
    })
}

pub(crate) async fn import(
    s: &TestShop,
    ctx: &Ctx,
    store: &str,
    orders: &[serde_json::Value],
) -> import::ImportReport {
    let text = serde_json::Value::Array(orders.to_vec()).to_string();
    import::import_json(&s.db, ctx, store, &text, &|_| {})
        .await
        .unwrap()
}

pub(crate) async fn by_number(s: &TestShop, number: &str) -> OrderDetail {
    let o = flow::find_for_pickup(&s.db, number, None).await.unwrap();
    orders::detail(&s.db, o.id).await.unwrap()
}

/// 2. COD at checkout is not money; the store's refund gives it back; old
/// phantom payments are voided with a reason, audited, once.
#[tokio::test]
async fn a_web_order_is_paid_only_when_the_store_says_so() {
    let s = shop().await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "10", &[]).await;
    let r = import(
        &s,
        &s.ctx(0),
        "toko",
        &[
            woo_order(1001, "processing", "cod", None, false, "USB-3M", 1, 150_000),
            woo_order(
                1002,
                "processing",
                "bacs",
                Some("2026-11-20T03:05:00"),
                true,
                "USB-3M",
                1,
                150_000,
            ),
        ],
    )
    .await;
    assert_eq!((r.created, r.rejected.len()), (2, 0), "{:?}", r.rejected);
    let cod = by_number(&s, "WC-1001").await;
    assert_eq!(
        (cod.status, cod.paid, cod.balance),
        (OrderStatus::AwaitingPayment, Decimal::ZERO, dec!(166500))
    );
    assert!(cod.payments.is_empty());
    let paid = by_number(&s, "WC-1002").await;
    assert_eq!(
        (paid.status, paid.balance),
        (OrderStatus::PaymentReceived, Decimal::ZERO)
    );
    let report = konter::store::sales::reports::day(&s.db, &s.ctx(5), None)
        .await
        .unwrap();
    assert_eq!(
        report.taken,
        dec!(166500),
        "only the paid order, on the day the store says"
    );
    // The COD parcel is delivered: the courier's cash is the payment.
    flow::start_processing(&s.db, &s.ctx(6), cod.id)
        .await
        .unwrap();
    flow::ship(&s.db, &s.ctx(7), cod.id, "JNE-9", vec![])
        .await
        .unwrap();
    let done = flow::deliver(&s.db, &s.ctx(8), cod.id).await.unwrap();
    assert_eq!((done.paid, done.balance), (dec!(166500), Decimal::ZERO));

    // A database written by the old import: a "verified" payment with no paid date.
    let o = import(
        &s,
        &s.ctx(9),
        "toko",
        &[woo_order(
            1003, "pending", "cod", None, false, "USB-3M", 1, 150_000,
        )],
    )
    .await;
    assert_eq!(o.created, 1);
    let phantom = by_number(&s, "WC-1003").await;
    let stamp = konter::store::ts(s.ctx(9).now);
    sqlx::query("INSERT INTO order_payments (id, order_id, kind, method, amount, currency, status, reference, received_by, received_at, decided_by, decided_at)
                 VALUES (?, ?, 'payment', 'cash', 150000, 'IDR', 'verified', 'woocommerce #1003', ?, ?, ?, ?)")
        .bind(uuid::Uuid::now_v7().to_string()).bind(phantom.id.to_string())
        .bind(s.owner.staff_id.to_string()).bind(&stamp).bind(s.owner.staff_id.to_string()).bind(&stamp)
        .execute(&s.db.pool).await.unwrap();
    sqlx::query("UPDATE orders SET status = 'payment_received' WHERE id = ?")
        .bind(phantom.id.to_string())
        .execute(&s.db.pool)
        .await
        .unwrap();
    // And one the store refunded, which the old import cancelled while
    // keeping its payment.
    let r = import(
        &s,
        &s.ctx(9),
        "toko",
        &[woo_order(
            1004,
            "processing",
            "stripe",
            Some("2026-11-20T03:05:00"),
            true,
            "USB-3M",
            1,
            150_000,
        )],
    )
    .await;
    assert_eq!(r.created, 1);
    let kept = by_number(&s, "WC-1004").await;
    sqlx::query("UPDATE orders SET status = 'cancelled' WHERE id = ?")
        .bind(kept.id.to_string())
        .execute(&s.db.pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO order_events (id, order_id, kind, from_status, to_status, data, staff_id, at) VALUES (?, ?, 'imported_update', 'payment_received', 'cancelled', '{\"woo_status\":\"refunded\"}', ?, ?)")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(kept.id.to_string())
        .bind(s.owner.staff_id.to_string())
        .bind(konter::store::ts(s.ctx(9).now))
        .execute(&s.db.pool)
        .await
        .unwrap();
    let repaired = import::void_unproven_payments(&s.db, s.ctx(10).now)
        .await
        .unwrap();
    assert_eq!(repaired, ["WC-1003", "WC-1004"]);
    let refunded = orders::detail(&s.db, kept.id).await.unwrap();
    assert_eq!(
        refunded.paid,
        Decimal::ZERO,
        "the store's refund is recorded"
    );
    let o = orders::detail(&s.db, phantom.id).await.unwrap();
    assert_eq!(
        (o.status, o.paid, o.balance),
        (OrderStatus::AwaitingPayment, Decimal::ZERO, dec!(166500))
    );
    assert_eq!(o.payments[0].status, "void", "it stays listed");
    assert!(
        import::void_unproven_payments(&s.db, s.ctx(11).now)
            .await
            .unwrap()
            .is_empty(),
        "once"
    );
    let delivered_cod = orders::detail(&s.db, cod.id).await.unwrap();
    assert_eq!(delivered_cod.paid, dec!(166500), "real cash is left alone");
    let chain = konter::store::shop::audit::verify(&s.db, &s.ctx(12))
        .await
        .unwrap();
    assert!(chain.broken.is_none());
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'order_payment' AND op = 'void'",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
}

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

/// 10. A front-desk clerk's file cannot write verified, back-dated payments.
#[tokio::test]
async fn imported_payments_need_the_right_to_verify() {
    let s = shop().await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "5", &[]).await;
    let forged = woo_order(
        4001,
        "processing",
        "bacs",
        Some("2026-01-01T00:00:00"),
        true,
        "USB-3M",
        1,
        150_000,
    );
    let desk = as_role(&s, Role::FrontDesk, 0);
    import(&s, &desk, "toko", &[forged]).await;
    let o = by_number(&s, "WC-4001").await;
    assert_eq!(
        (o.status, o.paid, o.payments[0].status.as_str()),
        (OrderStatus::OnHold, Decimal::ZERO, "pending")
    );
    let report = konter::store::sales::reports::day(&s.db, &s.ctx(1), Some("2026-01-01"))
        .await
        .unwrap();
    assert_eq!(report.taken, Decimal::ZERO);
    let pid = o.payments[0].id.to_string();
    let denied = payments::decide_transfer(&s.db, &desk, o.id, &pid, true, None).await;
    assert!(matches!(denied, Err(konter::Error::Forbidden { .. })));
    payments::decide_transfer(&s.db, &s.ctx(2), o.id, &pid, true, None)
        .await
        .unwrap();
    assert_eq!(
        by_number(&s, "WC-4001").await.status,
        OrderStatus::PaymentReceived
    );
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
