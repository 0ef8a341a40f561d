//! Issue 11's defects, one test each, on real SQLite files: refunds paid
//! twice, cash booked that never came, imports undoing the counter's work,
//! down payments lost to the expiry, decisions read before the transaction,
//! scans overselling, reships, return windows of imported orders, cancels
//! with a pending transfer or of a backorder, forged imports, web numbers,
//! huge totals and the tax rate of invoiced tickets.

use crate::common;

use chrono::Duration;
use common::sales::*;
use common::*;
use konter::domain::catalog::{ProductInput, TaxClass, WarrantyType};
use konter::domain::order::OrderStatus;
use konter::domain::payment::PaymentMethod;
use konter::domain::returns::{Condition, ReturnOutcome, ReturnReason};
use konter::domain::staff::Role;
use konter::store::catalog::{self, ProductSummary};
use konter::store::order_payments::{self, CounterPayment};
use konter::store::orders::{self, NewOrder, OrderDetail};
use konter::store::returns::{self, ReturnInput};
use konter::store::{order_delivery, order_detail, order_flow, woo, Ctx, Db};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const GOOD: Condition = Condition {
    seal_intact: true,
    unused: true,
    complete: true,
};

pub(crate) fn refund(position: u32, serial: Option<&str>, qty: &str) -> ReturnInput {
    ReturnInput {
        position,
        serial: serial.map(str::to_string),
        qty: qty.into(),
        reason: ReturnReason::Defective,
        condition: GOOD,
        outcome: ReturnOutcome::Refund,
        replacement_serial: None,
        return_shipping: None,
        note: None,
    }
}

pub(crate) fn cash() -> CounterPayment {
    CounterPayment {
        method: PaymentMethod::Cash,
        tendered: None,
        amount: None,
    }
}

pub(crate) fn at(s: &TestShop, hours: i64) -> Ctx {
    Ctx {
        now: monday_10_wib() + Duration::hours(hours),
        ..s.ctx(0)
    }
}

pub(crate) fn as_role(s: &TestShop, role: Role, minutes: i64) -> Ctx {
    Ctx {
        role,
        ..s.ctx(minutes)
    }
}

/// Sold, paid and handed over at the counter.
async fn sold(
    s: &TestShop,
    customer: uuid::Uuid,
    lines: Vec<(&ProductSummary, &str)>,
    serials: Vec<(u32, &str)>,
) -> OrderDetail {
    let o = orders::create(&s.db, &s.ctx(0), order(customer, lines))
        .await
        .unwrap();
    order_payments::pay_at_counter(&s.db, &s.ctx(1), o.id, cash())
        .await
        .unwrap();
    let scans = serials.into_iter().map(|(p, sn)| scan(p, sn)).collect();
    order_flow::hand_over(&s.db, &s.ctx(2), o.id, scans)
        .await
        .unwrap()
}

pub(crate) fn code_of<T: std::fmt::Debug>(r: konter::Result<T>) -> String {
    code(&r.unwrap_err())
}

/// 1. The same goods cannot be refunded twice, nor pulled back off the
/// order of the customer they were resold to.
#[tokio::test]
async fn goods_are_refunded_once() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let sari = customer(&s, "Sari", "081311112222").await;
    let scanner = product(&s, "CTX-SD36", "10.000.000", true).await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &scanner, "2", &["SN-1", "SN-2"]).await;
    receive(&s, &cable, "3", &[]).await;
    let o = sold(
        &s,
        budi.id,
        vec![(&scanner, "1"), (&cable, "2")],
        vec![(0, "SN-1")],
    )
    .await;
    let day1 = Ctx {
        now: monday_10_wib() + Duration::days(1),
        ..s.ctx(0)
    };
    returns::create(&s.db, &day1, o.id, refund(0, Some("SN-1"), "1"))
        .await
        .unwrap();
    let before = s.counts().await;
    let again = returns::create(&s.db, &day1, o.id, refund(0, Some("SN-1"), "1")).await;
    assert_eq!(code_of(again), "serial_already_returned");
    returns::create(&s.db, &day1, o.id, refund(1, None, "2"))
        .await
        .unwrap();
    let before2 = s.counts().await;
    assert_ne!(before, before2);
    let third = returns::create(&s.db, &day1, o.id, refund(1, None, "1")).await;
    assert_eq!(code_of(third), "already_returned");
    assert_eq!(s.counts().await, before2, "a refused return writes nothing");
    let o = orders::detail(&s.db, o.id).await.unwrap();
    assert_eq!(o.paid, Decimal::ZERO, "everything went back, once");
    assert_eq!(o.balance, Decimal::ZERO);

    // SN-1 is back on the shelf and sold to Sari: Budi's order cannot take it back.
    let sari_order = sold(&s, sari.id, vec![(&scanner, "1")], vec![(0, "SN-1")]).await;
    let pulled = returns::create(&s.db, &day1, o.id, refund(0, Some("SN-1"), "1")).await;
    assert_eq!(code_of(pulled), "serial_already_returned");
    let sari_after = orders::detail(&s.db, sari_order.id).await.unwrap();
    assert_eq!(sari_after.lines[0].serials, ["SN-1"]);
}

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
) -> woo::ImportReport {
    let text = serde_json::Value::Array(orders.to_vec()).to_string();
    woo::import_json(&s.db, ctx, store, &text, &|_| {})
        .await
        .unwrap()
}

pub(crate) async fn by_number(s: &TestShop, number: &str) -> OrderDetail {
    let o = order_flow::find_for_pickup(&s.db, number, None)
        .await
        .unwrap();
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
    let report = konter::store::reports::day(&s.db, &s.ctx(5), None)
        .await
        .unwrap();
    assert_eq!(
        report.taken,
        dec!(166500),
        "only the paid order, on the day the store says"
    );
    // The COD parcel is delivered: the courier's cash is the payment.
    order_flow::start_processing(&s.db, &s.ctx(6), cod.id)
        .await
        .unwrap();
    order_flow::ship(&s.db, &s.ctx(7), cod.id, "JNE-9", vec![])
        .await
        .unwrap();
    let done = order_flow::deliver(&s.db, &s.ctx(8), cod.id).await.unwrap();
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
    let repaired = woo::void_unproven_payments(&s.db, s.ctx(10).now)
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
        woo::void_unproven_payments(&s.db, s.ctx(11).now)
            .await
            .unwrap()
            .is_empty(),
        "once"
    );
    let delivered_cod = orders::detail(&s.db, cod.id).await.unwrap();
    assert_eq!(delivered_cod.paid, dec!(166500), "real cash is left alone");
    let chain = konter::store::audit::verify(&s.db, &s.ctx(12))
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
    order_flow::ready_for_pickup(&s.db, &s.ctx(1), p.id)
        .await
        .unwrap();
    order_flow::hand_over(&s.db, &s.ctx(2), p.id, vec![])
        .await
        .unwrap();
    order_flow::start_processing(&s.db, &s.ctx(3), d.id)
        .await
        .unwrap();
    order_flow::ship(&s.db, &s.ctx(4), d.id, "JNE-1", vec![])
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

/// 4. The expiry leaves orders with a down payment alone, and an order that
/// waited for stock gets its payment window from when the stock arrived.
#[tokio::test]
async fn the_expiry_cancels_only_orders_with_nothing_paid() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let input = ProductInput {
        sku: "CCTV-KIT".into(),
        name: "Paket CCTV 4 kamera".into(),
        brand: "Hik".into(),
        category: "CCTV".into(),
        price: "4.000.000".into(),
        tax_class: TaxClass::Standard,
        serialised: false,
        weight_grams: "3000".into(),
        warranty_store_months: "12".into(),
        warranty_maker_months: "12".into(),
        warranty_type: WarrantyType::Standard,
        down_payment_allowed: true,
    };
    let kit = catalog::create_product(&s.db, &s.ctx(0), input)
        .await
        .unwrap();
    receive(&s, &kit, "1", &[]).await;
    let transfer = |lines| NewOrder {
        payment_method: PaymentMethod::BankTransfer,
        ..order(budi.id, lines)
    };
    let o = orders::create(&s.db, &s.ctx(0), transfer(vec![(&kit, "1")]))
        .await
        .unwrap();
    let dp = CounterPayment {
        amount: Some("1.000.000".into()),
        ..cash()
    };
    order_payments::pay_at_counter(&s.db, &s.ctx(10), o.id, dp)
        .await
        .unwrap();
    let expired = order_flow::expire_unpaid(&s.db, at(&s, 48).now)
        .await
        .unwrap();
    assert!(expired.is_empty(), "{expired:?}");
    let o = orders::detail(&s.db, o.id).await.unwrap();
    assert_eq!(
        (o.status, o.paid),
        (OrderStatus::AwaitingPayment, dec!(1000000))
    );

    // Short of stock for 30 hours; the window starts when the stock comes.
    let short = orders::create(&s.db, &s.ctx(20), transfer(vec![(&kit, "1")]))
        .await
        .unwrap();
    assert_eq!(short.status, OrderStatus::InsufficientStock);
    receive(&s, &kit, "1", &[]).await;
    order_flow::recheck_stock(&s.db, &at(&s, 30), short.id)
        .await
        .unwrap();
    assert!(order_flow::expire_unpaid(&s.db, at(&s, 31).now)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        orders::detail(&s.db, short.id).await.unwrap().status,
        OrderStatus::AwaitingPayment
    );
    let gone = order_flow::expire_unpaid(&s.db, at(&s, 30 + 25).now)
        .await
        .unwrap();
    assert_eq!(gone, std::slice::from_ref(&short.number));
}

/// 5. Two counters (two connections on one file) act on the same order at
/// once: the balance is paid once, a paid order refunded once, a lower
/// price refunded once.
#[tokio::test]
async fn two_counters_at_once_pay_and_refund_once() {
    let s = shop().await;
    let second = Db::open(&s.dir.path().join("konter.db")).await.unwrap();
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "10", &[]).await;
    for round in 0..3 {
        let o = orders::create(&s.db, &s.ctx(0), order(budi.id, vec![(&cable, "1")]))
            .await
            .unwrap();
        let (c1, c2) = (s.ctx(1), s.ctx(2));
        let (a, b) = tokio::join!(
            order_payments::pay_at_counter(&s.db, &c1, o.id, cash()),
            order_payments::pay_at_counter(&second, &c1, o.id, cash()),
        );
        assert!(a.is_ok() != b.is_ok(), "round {round}: exactly one payment");
        let paid = orders::detail(&s.db, o.id).await.unwrap();
        assert_eq!(paid.paid, paid.totals.total);
        let (a, b) = tokio::join!(
            order_flow::cancel(&s.db, &c2, o.id, "stok rusak"),
            order_flow::cancel(&second, &c2, o.id, "stok rusak"),
        );
        assert!(a.is_ok() != b.is_ok(), "round {round}: cancelled once");
        let o = orders::detail(&s.db, o.id).await.unwrap();
        assert_eq!(o.paid, Decimal::ZERO, "refunded once");
        assert_eq!(o.payments.iter().filter(|p| p.kind == "refund").count(), 1);
    }
    use konter::store::order_corrections::{correct_price, PriceCorrection};
    let o = orders::create(&s.db, &s.ctx(3), order(budi.id, vec![(&cable, "1")]))
        .await
        .unwrap();
    order_payments::pay_at_counter(&s.db, &s.ctx(4), o.id, cash())
        .await
        .unwrap();
    let lower = || PriceCorrection {
        position: 0,
        unit_price: "100.000".into(),
        customer_accepts: None,
        note: None,
    };
    let c5 = s.ctx(5);
    let (a, b) = tokio::join!(
        correct_price(&s.db, &c5, o.id, lower()),
        correct_price(&second, &c5, o.id, lower()),
    );
    assert!(a.is_ok() != b.is_ok());
    let o = orders::detail(&s.db, o.id).await.unwrap();
    assert_eq!(o.paid, o.totals.total, "the difference went back once");
}

/// 6. One on the shelf, scanned twice: two lines of one do not both pass.
#[tokio::test]
async fn two_scans_of_one_product_do_not_oversell() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "1", &[]).await;
    let o = orders::create(
        &s.db,
        &s.ctx(0),
        order(budi.id, vec![(&cable, "1"), (&cable, "1")]),
    )
    .await
    .unwrap();
    assert_eq!(o.status, OrderStatus::InsufficientStock);
    let c = catalog::get(&s.db, cable.id).await.unwrap();
    assert_eq!(c.available, 1, "nothing reserved, never below zero");
}

/// 7. A parcel that came back is reshipped: its goods were back on the
/// shelf, the serial scans again, stock leaves once in all.
#[tokio::test]
async fn a_returned_parcel_reships_once() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let scanner = product(&s, "CTX-SD36", "10.000.000", true).await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &scanner, "1", &["SN-1"]).await;
    receive(&s, &cable, "5", &[]).await;
    let o = paid_delivery(&s, budi.id, vec![(&scanner, "1"), (&cable, "2")], false).await;
    order_flow::start_processing(&s.db, &s.ctx(3), o.id)
        .await
        .unwrap();
    order_flow::ship(&s.db, &s.ctx(4), o.id, "JNE-1", vec![scan(0, "SN-1")])
        .await
        .unwrap();
    order_delivery::delivery_failed(&s.db, &s.ctx(5), o.id, "ditolak", true)
        .await
        .unwrap();
    assert_eq!(catalog::get(&s.db, cable.id).await.unwrap().on_hand, 5);
    assert_eq!(
        catalog::get(&s.db, cable.id).await.unwrap().available,
        3,
        "held for the reship"
    );
    assert_eq!(catalog::get(&s.db, scanner.id).await.unwrap().on_hand, 1);
    order_payments::pay_at_counter(&s.db, &s.ctx(6), o.id, cash())
        .await
        .unwrap();
    order_flow::ship(&s.db, &s.ctx(7), o.id, "JNE-2", vec![scan(0, "SN-1")])
        .await
        .unwrap();
    order_flow::deliver(&s.db, &s.ctx(8), o.id).await.unwrap();
    let (sc, cb) = (
        catalog::get(&s.db, scanner.id).await.unwrap(),
        catalog::get(&s.db, cable.id).await.unwrap(),
    );
    assert_eq!((sc.on_hand, cb.on_hand, cb.available), (0, 3, 3));
    let o = orders::detail(&s.db, o.id).await.unwrap();
    assert_eq!(o.lines[0].serials, ["SN-1"]);
    assert_eq!(o.balance, Decimal::ZERO);
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

/// 9. Cancelling waits for a confirmed transfer to be decided; cancelling a
/// backorder gives back what its goods cost on the parent order.
#[tokio::test]
async fn cancels_respect_pending_transfers_and_backorders() {
    use konter::store::order_partial::ship_partial;
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "3", &[]).await;
    let o = transfer_waiting(&s, budi.id, &cable).await;
    let before = s.counts().await;
    assert_eq!(
        code_of(order_flow::cancel(&s.db, &s.ctx(2), o.id, "batal").await),
        "transfer_pending"
    );
    assert_eq!(s.counts().await, before);

    // Four cables ordered, three shipped, the fourth on backorder; the
    // customer gives up on it: the parent order refunds its price.
    let input = delivery_order(budi.id, vec![(&cable, "4")]);
    receive(&s, &cable, "2", &[]).await;
    let big = orders::create(&s.db, &s.ctx(3), input).await.unwrap();
    order_payments::pay_at_counter(&s.db, &s.ctx(4), big.id, cash())
        .await
        .unwrap();
    order_flow::start_processing(&s.db, &s.ctx(5), big.id)
        .await
        .unwrap();
    let part = partial(&[(0, 3)]);
    let shipped = ship_partial(&s.db, &s.ctx(6), big.id, part).await.unwrap();
    let paid_before = orders::detail(&s.db, big.id).await.unwrap().paid;
    order_flow::cancel(&s.db, &s.ctx(7), shipped.backorder.id, "pelanggan batal")
        .await
        .unwrap();
    let parent = orders::detail(&s.db, big.id).await.unwrap();
    let per_cable = paid_before / dec!(4);
    assert_eq!(
        parent.paid,
        paid_before - per_cable,
        "one cable's price went back"
    );
    assert_eq!(parent.returned, per_cable);
    assert_eq!(parent.balance, Decimal::ZERO);
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
    let report = konter::store::reports::day(&s.db, &s.ctx(1), Some("2026-01-01"))
        .await
        .unwrap();
    assert_eq!(report.taken, Decimal::ZERO);
    let pid = o.payments[0].id.to_string();
    let denied = order_payments::decide_transfer(&s.db, &desk, o.id, &pid, true, None).await;
    assert!(matches!(denied, Err(konter::Error::Forbidden { .. })));
    order_payments::decide_transfer(&s.db, &s.ctx(2), o.id, &pid, true, None)
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
        let o = order_flow::find_for_pickup(&s.db, typed, Some("sari@example.co.id"))
            .await
            .unwrap();
        assert_eq!(o.number, "WC-1042", "{typed}");
    }
    import(&s, &s.ctx(1), "cabang", &[other]).await;
    let asked = order_flow::find_for_pickup(&s.db, "#1042", None).await;
    assert_eq!(code_of(asked), "ambiguous_number");
    let o = order_flow::find_for_pickup(&s.db, "#1042", Some("081299990000"))
        .await
        .unwrap();
    assert_eq!(o.number, "WC-1042-2");
    let q = order_detail::OrderQuery {
        status: None,
        text: Some("#1042".into()),
    };
    assert_eq!(order_detail::list(&s.db, &q).await.unwrap().len(), 2);
}

/// 14. A total beyond what money can hold is refused at its field, and a
/// picked-up ticket keeps the tax rate it was invoiced at.
#[tokio::test]
async fn huge_totals_are_refused_and_tickets_keep_their_rate() {
    use konter::domain::ticket::TicketStatus;
    use konter::store::pickup::{pickup, PickupInput};
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let gold = product(&s, "GOLD-1", "9.000.000.000.000", false).await;
    receive(&s, &gold, "1000", &[]).await;
    let before = s.counts().await;
    let lines: Vec<(&ProductSummary, &str)> = (0..100).map(|_| (&gold, "1000")).collect();
    let err = orders::create(&s.db, &s.ctx(0), order(budi.id, lines))
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("lines"), "{err:?}");
    assert_eq!(s.counts().await, before);

    let t = common::matrix::ticket_paid(&s, budi.id, TicketStatus::ReadyForPickup, "0").await;
    let done = pickup(
        &s.db,
        &s.ctx(1),
        t.id,
        PickupInput {
            method: PaymentMethod::Cash,
            tendered: None,
            note: None,
        },
    )
    .await
    .unwrap();
    let mut profile = s.profile().await;
    profile.tax_rate = dec!(0.12);
    konter::store::shop::update_profile(&s.db, &s.ctx(2), profile)
        .await
        .unwrap();
    let after = konter::store::tickets::detail(&s.db, t.id).await.unwrap();
    assert_eq!(after.totals, done.ticket.totals);
    assert_eq!(after.balance, Decimal::ZERO);
}

/// A partial delivery: the parent order can only give back what it
/// delivered, and the backorder's goods (priced on the parent) are
/// refunded from the parent when returned.
#[tokio::test]
async fn backorder_goods_are_returned_against_their_parent() {
    use konter::store::order_partial::ship_partial;
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "3", &[]).await;
    let input = delivery_order(budi.id, vec![(&cable, "4")]);
    let big = orders::create(&s.db, &s.ctx(0), input).await.unwrap();
    assert_eq!(big.status, OrderStatus::InsufficientStock);
    order_payments::pay_at_counter(&s.db, &s.ctx(1), big.id, cash())
        .await
        .unwrap();
    let part = partial(&[(0, 3)]);
    let shipped = ship_partial(&s.db, &s.ctx(3), big.id, part).await.unwrap();
    order_flow::deliver(&s.db, &s.ctx(4), big.id).await.unwrap();
    let back = shipped.backorder.id;
    receive(&s, &cable, "1", &[]).await;
    order_flow::recheck_stock(&s.db, &s.ctx(5), back)
        .await
        .unwrap();
    order_flow::start_processing(&s.db, &s.ctx(5), back)
        .await
        .unwrap();
    order_flow::ship(&s.db, &s.ctx(6), back, "JNE-8", vec![])
        .await
        .unwrap();
    order_flow::deliver(&s.db, &s.ctx(7), back).await.unwrap();
    let paid = orders::detail(&s.db, big.id).await.unwrap().paid;
    let day1 = Ctx {
        now: monday_10_wib() + Duration::days(1),
        ..s.ctx(0)
    };
    // Four on the parent's line, three delivered with it.
    let four = returns::create(&s.db, &day1, big.id, refund(0, None, "4")).await;
    assert_eq!(code_of(four), "invalid_qty");
    returns::create(&s.db, &day1, big.id, refund(0, None, "3"))
        .await
        .unwrap();
    let r = returns::create(&s.db, &day1, back, refund(0, None, "1"))
        .await
        .unwrap();
    let per_cable = paid / dec!(4);
    assert_eq!(r.refund, Some(per_cable), "refunded from the parent");
    let parent = orders::detail(&s.db, big.id).await.unwrap();
    assert_eq!(
        (parent.paid, parent.balance),
        (Decimal::ZERO, Decimal::ZERO)
    );
    assert_eq!(catalog::get(&s.db, cable.id).await.unwrap().on_hand, 4);
}
