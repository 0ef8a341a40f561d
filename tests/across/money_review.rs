//! Defects an independent review of issue 11's fix found, one test each:
//! payments that could never be decided, goods leaving unpaid, imports
//! booking Konter's own charges as the store's money, a returned parcel the
//! store completed, a store payment on a cancelled order, backorders
//! (rights, policy, stock per product), corrections while a transfer is
//! pending, returns with the shop's shipping, door cash kept by the repair,
//! warranties of reshipped units.

use crate::across::money_integrity::{
    as_role, by_number, cash, code_of, import, refund, woo_order,
};
use crate::common;

use chrono::Duration;
use common::sales::*;
use common::*;
use konter::domain::sales::order::OrderStatus;
use konter::domain::staff::Role;
use konter::store::sales::catalog;
use konter::store::sales::corrections::{correct_price, PriceCorrection};
use konter::store::sales::orders;
use konter::store::sales::partial::ship_partial;
use konter::store::sales::payments;
use konter::store::{returns, sales::delivery, sales::flow, web_store::import, Ctx};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn later(mut o: serde_json::Value, status: &str, modified: &str) -> serde_json::Value {
    o["status"] = status.into();
    o["date_modified_gmt"] = modified.into();
    o
}

/// A pending payment can always be decided, and nothing is paid twice
/// while one waits.
#[tokio::test]
async fn a_pending_payment_can_always_be_decided() {
    let s = shop().await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "10", &[]).await;
    let desk = as_role(&s, Role::FrontDesk, 0);
    // A clerk imports an order the store completed: the goods are out, its
    // payment waits for an admin, who verifies it.
    let done = woo_order(
        7101,
        "completed",
        "stripe",
        Some("2026-11-20T03:05:00"),
        true,
        "USB-3M",
        1,
        150_000,
    );
    import(&s, &desk, "toko", &[done]).await;
    let o = by_number(&s, "WC-7101").await;
    assert_eq!(
        (o.status, o.payments[0].status.as_str()),
        (OrderStatus::PickedUp, "pending")
    );
    let pid = o.payments[0].id.to_string();
    let o = payments::decide_transfer(&s.db, &s.ctx(1), o.id, &pid, true, None)
        .await
        .unwrap();
    assert_eq!(
        (o.status, o.balance),
        (OrderStatus::PickedUp, Decimal::ZERO)
    );

    // A transfer confirmed, then cash offered at the counter: refused.
    let budi = customer(&s, "Budi", "081234567890").await;
    let o = transfer_waiting(&s, budi.id, &cable).await;
    assert_eq!(
        code_of(payments::pay_at_counter(&s.db, &s.ctx(4), o.id, cash()).await),
        "transfer_pending"
    );

    // A clerk's import waits on hold; the owner's re-import does not make
    // it "payment received" while its payment is still pending.
    let rec = woo_order(
        7102,
        "processing",
        "stripe",
        Some("2026-11-20T03:05:00"),
        false,
        "USB-3M",
        1,
        150_000,
    );
    import(&s, &desk, "toko", std::slice::from_ref(&rec)).await;
    import(
        &s,
        &s.ctx(5),
        "toko",
        &[later(rec, "processing", "2026-11-21T01:00:00")],
    )
    .await;
    let o = by_number(&s, "WC-7102").await;
    assert_eq!((o.status, o.paid), (OrderStatus::OnHold, Decimal::ZERO));
    assert_eq!(
        code_of(flow::start_processing(&s.db, &s.ctx(6), o.id).await),
        "illegal_transition"
    );
    let pid = o.payments[0].id.to_string();
    let o = payments::decide_transfer(&s.db, &s.ctx(7), o.id, &pid, true, None)
        .await
        .unwrap();
    assert_eq!(o.status, OrderStatus::PaymentReceived);
}

/// Goods leave only paid (cash on delivery aside), and a balance that
/// appears later is paid where the order stands.
#[tokio::test]
async fn goods_leave_only_when_paid() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "5", &[]).await;
    let o = paid_delivery(&s, budi.id, vec![(&cable, "1")], false).await;
    flow::start_processing(&s.db, &s.ctx(3), o.id)
        .await
        .unwrap();
    let raise = PriceCorrection {
        position: 0,
        unit_price: "200.000".into(),
        customer_accepts: Some(true),
        note: None,
    };
    correct_price(&s.db, &s.ctx(4), o.id, raise).await.unwrap();
    let before = s.counts().await;
    assert_eq!(
        code_of(flow::ship(&s.db, &s.ctx(5), o.id, "JNE-1", vec![]).await),
        "unpaid"
    );
    assert_eq!(s.counts().await, before);
    payments::pay_at_counter(&s.db, &s.ctx(6), o.id, cash())
        .await
        .unwrap();
    flow::ship(&s.db, &s.ctx(7), o.id, "JNE-1", vec![])
        .await
        .unwrap();
    // The parcel comes back: the reship fee is paid before it goes again.
    delivery::delivery_failed(&s.db, &s.ctx(8), o.id, "ditolak", true)
        .await
        .unwrap();
    flow::start_processing(&s.db, &s.ctx(9), o.id)
        .await
        .unwrap_err();
    assert_eq!(
        code_of(flow::ship(&s.db, &s.ctx(9), o.id, "JNE-2", vec![]).await),
        "unpaid"
    );
    payments::pay_at_counter(&s.db, &s.ctx(10), o.id, cash())
        .await
        .unwrap();
    flow::ship(&s.db, &s.ctx(11), o.id, "JNE-2", vec![])
        .await
        .unwrap();
    let o = flow::deliver(&s.db, &s.ctx(12), o.id).await.unwrap();
    assert_eq!(
        (o.status, o.balance),
        (OrderStatus::Delivered, Decimal::ZERO)
    );
    assert_eq!(
        o.invoices.iter().filter(|i| i.voided_at.is_none()).count(),
        1
    );
}

/// The store's payment is at most the store's total: Konter's own charges
/// (a corrected price) are not booked as the store's money; a store
/// payment on an order the counter cancelled is a conflict.
#[tokio::test]
async fn imports_book_only_the_stores_money() {
    let s = shop().await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "5", &[]).await;
    let rec = woo_order(7401, "on-hold", "bacs", None, false, "USB-3M", 1, 150_000);
    import(&s, &s.ctx(0), "toko", std::slice::from_ref(&rec)).await;
    let o = by_number(&s, "WC-7401").await;
    let raise = PriceCorrection {
        position: 0,
        unit_price: "200.000".into(),
        customer_accepts: Some(true),
        note: None,
    };
    correct_price(&s.db, &s.ctx(1), o.id, raise).await.unwrap();
    let mut paid = later(rec, "processing", "2026-11-21T01:00:00");
    paid["date_paid_gmt"] = "2026-11-21T01:00:00".into();
    import(&s, &s.ctx(2), "toko", &[paid]).await;
    let o = by_number(&s, "WC-7401").await;
    assert_eq!(o.paid, dec!(166500), "the store's total, not Konter's");
    assert_eq!(o.balance, dec!(55500));
    assert_ne!(o.status, OrderStatus::PaymentReceived);

    let rec = woo_order(7402, "on-hold", "bacs", None, false, "USB-3M", 1, 150_000);
    import(&s, &s.ctx(3), "toko", std::slice::from_ref(&rec)).await;
    let o = by_number(&s, "WC-7402").await;
    flow::cancel(&s.db, &s.ctx(4), o.id, "stok rusak")
        .await
        .unwrap();
    let mut paid = later(rec, "processing", "2026-11-22T01:00:00");
    paid["date_paid_gmt"] = "2026-11-22T01:00:00".into();
    let before = s.counts().await;
    let r = import(&s, &s.ctx(5), "toko", &[paid]).await;
    assert_eq!(r.rejected[0].code.as_deref(), Some("store_conflict"));
    assert_eq!(s.counts().await, before);
}

/// A parcel came back; the store then says completed: its goods leave the
/// shelf again, once.
#[tokio::test]
async fn a_parcel_back_then_completed_in_the_store_leaves_once() {
    let s = shop().await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "5", &[]).await;
    let rec = woo_order(
        7501,
        "processing",
        "stripe",
        Some("2026-11-20T03:05:00"),
        false,
        "USB-3M",
        2,
        300_000,
    );
    import(&s, &s.ctx(0), "toko", std::slice::from_ref(&rec)).await;
    let o = by_number(&s, "WC-7501").await;
    flow::start_processing(&s.db, &s.ctx(1), o.id)
        .await
        .unwrap();
    flow::ship(&s.db, &s.ctx(2), o.id, "JNE-1", vec![])
        .await
        .unwrap();
    delivery::delivery_failed(&s.db, &s.ctx(3), o.id, "ditolak", true)
        .await
        .unwrap();
    assert_eq!(catalog::get(&s.db, cable.id).await.unwrap().on_hand, 5);
    let mut done = later(rec, "completed", "2026-11-22T01:00:00");
    done["date_completed_gmt"] = "2026-11-22T01:00:00".into();
    import(&s, &s.ctx(4), "toko", &[done]).await;
    let c = catalog::get(&s.db, cable.id).await.unwrap();
    assert_eq!((c.on_hand, c.available), (3, 3));
    assert_eq!(
        by_number(&s, "WC-7501").await.status,
        OrderStatus::Delivered
    );
}

/// Backorders: cancelling one needs the right to refund and follows the
/// customer policy; a backorder's stock counts per product.
#[tokio::test]
async fn backorders_follow_the_rights_the_policy_and_the_shelf() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "3", &[]).await;
    // Two lines of the same cable, 2 + 2, three on the shelf: 1 + 1 ship,
    // the 2 left wait for stock (only one is free).
    let o = orders::create(
        &s.db,
        &s.ctx(0),
        delivery_order(budi.id, vec![(&cable, "2"), (&cable, "2")]),
    )
    .await
    .unwrap();
    assert_eq!(o.status, OrderStatus::InsufficientStock);
    payments::pay_at_counter(&s.db, &s.ctx(1), o.id, cash())
        .await
        .unwrap();
    let part = partial(&[(0, 1), (1, 1)]);
    let shipped = ship_partial(&s.db, &s.ctx(2), o.id, part).await.unwrap();
    assert_eq!(shipped.backorder.status, OrderStatus::InsufficientStock);
    assert!(catalog::get(&s.db, cable.id).await.unwrap().available >= 0);
    let back = shipped.backorder.id;
    let desk = as_role(&s, Role::FrontDesk, 3);
    let denied = flow::cancel(&s.db, &desk, back, "batal").await;
    assert!(
        matches!(denied, Err(konter::Error::Forbidden { .. })),
        "{denied:?}"
    );
    assert_eq!(
        code_of(flow::cancel_by_customer(&s.db, &s.ctx(3), back, "batal").await),
        "paid_no_cancel"
    );
    let paid = orders::detail(&s.db, o.id).await.unwrap().paid;
    flow::cancel(&s.db, &s.ctx(4), back, "stok tidak datang")
        .await
        .unwrap();
    let parent = orders::detail(&s.db, o.id).await.unwrap();
    assert_eq!(parent.paid, paid / dec!(2), "two of four cables given back");
}

/// No price correction or item change while a confirmed transfer waits:
/// it would leave the order overpaid when verified.
#[tokio::test]
async fn no_correction_while_a_transfer_waits() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "5", &[]).await;
    let o = transfer_waiting(&s, budi.id, &cable).await;
    let lower = PriceCorrection {
        position: 0,
        unit_price: "100.000".into(),
        customer_accepts: None,
        note: None,
    };
    assert_eq!(
        code_of(correct_price(&s.db, &s.ctx(2), o.id, lower).await),
        "transfer_pending"
    );
    use konter::store::sales::changes::{change_lines, LineChange};
    let change = LineChange {
        lines: line_inputs(vec![(&cable, "2")]),
        note: None,
    };
    assert_eq!(
        code_of(change_lines(&s.db, &s.ctx(3), o.id, change).await),
        "transfer_pending"
    );
}

/// A single item returned for the shop's error with the courier's cost: the
/// goods back at what was paid, the shipping on top.
#[tokio::test]
async fn a_full_return_with_the_shops_shipping() {
    use konter::domain::returns::ReturnReason;
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "5", &[]).await;
    let o = paid_delivery(&s, budi.id, vec![(&cable, "1")], true).await;
    let day1 = Ctx {
        now: monday_10_wib() + Duration::days(1),
        ..s.ctx(0)
    };
    let input = returns::ReturnInput {
        reason: ReturnReason::InvoiceMismatch,
        return_shipping: Some("20.000".into()),
        ..refund(0, None, "1")
    };
    let r = returns::create(&s.db, &day1, o.id, input).await.unwrap();
    assert_eq!(r.refund, Some(o.paid + dec!(20000)));
    let after = orders::detail(&s.db, o.id).await.unwrap();
    assert_eq!(after.balance, Decimal::ZERO);
}

/// The start-up repair keeps the payment of a COD order delivered before
/// the upgrade: it stands for the cash taken at the door.
#[tokio::test]
async fn the_repair_keeps_door_cash() {
    let s = shop().await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "5", &[]).await;
    import(
        &s,
        &s.ctx(0),
        "toko",
        &[woo_order(
            7601, "pending", "cod", None, false, "USB-3M", 1, 150_000,
        )],
    )
    .await;
    let o = by_number(&s, "WC-7601").await;
    let stamp = konter::store::ts(s.ctx(0).now);
    sqlx::query("INSERT INTO order_payments (id, order_id, kind, method, amount, currency, status, reference, received_by, received_at, decided_by, decided_at)
                 VALUES (?, ?, 'payment', 'cash', 166500, 'IDR', 'verified', 'woocommerce #7601', ?, ?, ?, ?)")
        .bind(uuid::Uuid::now_v7().to_string()).bind(o.id.to_string())
        .bind(s.owner.staff_id.to_string()).bind(&stamp).bind(s.owner.staff_id.to_string()).bind(&stamp)
        .execute(&s.db.pool).await.unwrap();
    flow::start_processing(&s.db, &s.ctx(1), o.id)
        .await
        .unwrap();
    flow::ship(&s.db, &s.ctx(2), o.id, "JNE-1", vec![])
        .await
        .unwrap();
    flow::deliver(&s.db, &s.ctx(3), o.id).await.unwrap();
    assert!(import::void_unproven_payments(&s.db, s.ctx(4).now)
        .await
        .unwrap()
        .is_empty());
    let o = orders::detail(&s.db, o.id).await.unwrap();
    assert_eq!((o.paid, o.balance), (dec!(166500), Decimal::ZERO));
}

mod after_sale;
