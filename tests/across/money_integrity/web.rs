//! Issue 11's web store defects: cash on delivery booked as paid, imports
//! undoing the counter's work, return windows of imported orders, forged
//! imports, web numbers as customers give them.

use super::as_role;
use crate::common;
use common::sales::*;
use common::*;
use konter::domain::sales::order::OrderStatus;
use konter::domain::staff::Role;
use konter::store::sales::orders::{self, OrderDetail};
use konter::store::sales::payments;
use konter::store::{sales::flow, web_store::import, Ctx};
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
