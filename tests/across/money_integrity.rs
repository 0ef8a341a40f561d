//! Issue 11's defects, one test each, on real SQLite files: refunds paid
//! twice, cash booked that never came, imports undoing the counter's work,
//! down payments lost to the expiry, decisions read before the transaction,
//! scans overselling, reships, return windows of imported orders, cancels
//! with a pending transfer or of a backorder, forged imports, web numbers,
//! huge totals and the tax rate of invoiced tickets.

use crate::common;

mod delivery;
mod web;
mod web_import;
pub(crate) use web::{by_number, import, woo_order};

use chrono::Duration;
use common::sales::*;
use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::returns::{Condition, ReturnOutcome, ReturnReason};
use konter::domain::sales::catalog::{ProductInput, TaxClass, WarrantyType};
use konter::domain::sales::order::OrderStatus;
use konter::domain::staff::Role;
use konter::store::returns::{self, ReturnInput};
use konter::store::sales::catalog::{self, ProductSummary};
use konter::store::sales::orders::{self, NewOrder, OrderDetail};
use konter::store::sales::payments::{self, CounterPayment};
use konter::store::{sales::flow, Ctx, Db};
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
    payments::pay_at_counter(&s.db, &s.ctx(1), o.id, cash())
        .await
        .unwrap();
    let scans = serials.into_iter().map(|(p, sn)| scan(p, sn)).collect();
    flow::hand_over(&s.db, &s.ctx(2), o.id, scans)
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
        cost_price: None,
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
    payments::pay_at_counter(&s.db, &s.ctx(10), o.id, dp)
        .await
        .unwrap();
    let expired = flow::expire_unpaid(&s.db, at(&s, 48).now).await.unwrap();
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
    flow::recheck_stock(&s.db, &at(&s, 30), short.id)
        .await
        .unwrap();
    assert!(flow::expire_unpaid(&s.db, at(&s, 31).now)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        orders::detail(&s.db, short.id).await.unwrap().status,
        OrderStatus::AwaitingPayment
    );
    let gone = flow::expire_unpaid(&s.db, at(&s, 30 + 25).now)
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
            payments::pay_at_counter(&s.db, &c1, o.id, cash()),
            payments::pay_at_counter(&second, &c1, o.id, cash()),
        );
        assert!(a.is_ok() != b.is_ok(), "round {round}: exactly one payment");
        let paid = orders::detail(&s.db, o.id).await.unwrap();
        assert_eq!(paid.paid, paid.totals.total);
        let (a, b) = tokio::join!(
            flow::cancel(&s.db, &c2, o.id, "stok rusak"),
            flow::cancel(&second, &c2, o.id, "stok rusak"),
        );
        assert!(a.is_ok() != b.is_ok(), "round {round}: cancelled once");
        let o = orders::detail(&s.db, o.id).await.unwrap();
        assert_eq!(o.paid, Decimal::ZERO, "refunded once");
        assert_eq!(o.payments.iter().filter(|p| p.kind == "refund").count(), 1);
    }
    use konter::store::sales::corrections::{correct_price, PriceCorrection};
    let o = orders::create(&s.db, &s.ctx(3), order(budi.id, vec![(&cable, "1")]))
        .await
        .unwrap();
    payments::pay_at_counter(&s.db, &s.ctx(4), o.id, cash())
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

/// 14. A total beyond what money can hold is refused at its field, and a
/// picked-up ticket keeps the tax rate it was invoiced at.
#[tokio::test]
async fn huge_totals_are_refused_and_tickets_keep_their_rate() {
    use konter::domain::repairs::ticket::TicketStatus;
    use konter::store::repairs::pickup::{pickup, PickupInput};
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
    let after = konter::store::repairs::tickets::detail(&s.db, t.id)
        .await
        .unwrap();
    assert_eq!(after.totals, done.ticket.totals);
    assert_eq!(after.balance, Decimal::ZERO);
}
