//! Cancelling an order: by the shop with a full refund (admin or owner),
//! or at the customer's request under the policy (free before processing,
//! an admin fee after, no cancelling a paid order when the policy says so).

use crate::common;

use common::sales::*;
use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::sales::order::OrderStatus;
use konter::domain::shop::settings::CounterSettings;
use konter::domain::staff::Role;
use konter::store::sales::catalog;
use konter::store::sales::flow;
use konter::store::sales::payments::{self, CounterPayment};
use konter::store::staff::{self, NewStaff};
use konter::store::Ctx;
use konter::store::{sales::orders, shop::settings};
use konter::Error;
use rust_decimal_macros::dec;

#[tokio::test]
async fn customer_cancellations_follow_the_policy() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "100.000", false).await;
    receive(&s, &cable, "10", &[]).await;
    let paid_order = |at: i64| {
        let s = &s;
        let cable = &cable;
        async move {
            let o = orders::create(&s.db, &s.ctx(at), order(budi.id, vec![(cable, "1")]))
                .await
                .unwrap();
            payments::pay_at_counter(
                &s.db,
                &s.ctx(at),
                o.id,
                CounterPayment {
                    method: PaymentMethod::Card,
                    tendered: None,
                    amount: None,
                },
            )
            .await
            .unwrap();
            o.id
        }
    };

    // Unpaid: free, whatever the policy.
    let unpaid = orders::create(&s.db, &s.ctx(0), order(budi.id, vec![(&cable, "1")]))
        .await
        .unwrap();
    assert_eq!(
        flow::cancel_by_customer(&s.db, &s.ctx(1), unpaid.id, "Batal")
            .await
            .unwrap()
            .status,
        OrderStatus::Cancelled
    );

    // Seed 001 (the default): a paid order is not cancelled at the customer's request…
    let a = paid_order(2).await;
    let err = flow::cancel_by_customer(&s.db, &s.ctx(3), a, "Berubah pikiran")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidState { ref code, .. } if code == "paid_no_cancel"));
    // …but the shop may cancel it (e.g. stock problem), refunding in full.
    let c = flow::cancel(&s.db, &s.ctx(4), a, "Stok rusak")
        .await
        .unwrap();
    assert_eq!(
        c.payments
            .iter()
            .find(|p| p.kind == "refund")
            .unwrap()
            .amount,
        dec!(111000)
    );

    // Seed 000: allowed; free before processing, a 5 % admin fee after.
    let lenient = CounterSettings {
        customer_may_cancel_paid: true,
        cancel_fee_percent: 5,
        ..Default::default()
    };
    settings::update(&s.db, &s.ctx(5), lenient).await.unwrap();
    let b = paid_order(6).await;
    let free = flow::cancel_by_customer(&s.db, &s.ctx(7), b, "Batal")
        .await
        .unwrap();
    assert_eq!(
        free.payments
            .iter()
            .find(|p| p.kind == "refund")
            .unwrap()
            .amount,
        dec!(111000)
    );
    let d = paid_order(8).await;
    flow::start_processing(&s.db, &s.ctx(9), d).await.unwrap();
    let fee = flow::cancel_by_customer(&s.db, &s.ctx(10), d, "Batal setelah diproses")
        .await
        .unwrap();
    assert_eq!(
        fee.payments
            .iter()
            .find(|p| p.kind == "refund")
            .unwrap()
            .amount,
        dec!(105450),
        "111.000 − 5 % (5.550)"
    );
    assert_eq!(fee.paid, dec!(5550), "the fee stays paid");
}

#[tokio::test]
async fn cancelling_a_paid_order_refunds_it_and_needs_an_admin() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "5", &[]).await;
    let o = orders::create(&s.db, &s.ctx(0), order(budi.id, vec![(&cable, "2")]))
        .await
        .unwrap();
    payments::pay_at_counter(
        &s.db,
        &s.ctx(1),
        o.id,
        CounterPayment {
            method: PaymentMethod::Qris,
            tendered: None,
            amount: None,
        },
    )
    .await
    .unwrap();
    let clerk = staff::add(
        &s.db,
        &s.ctx(0),
        NewStaff {
            name: "Rina".into(),
            username: "rina".into(),
            password: "rahasia-123".into(),
            role: Role::FrontDesk,
        },
    )
    .await
    .unwrap();
    let rina = Ctx {
        staff_id: clerk.id,
        role: Role::FrontDesk,
        now: monday_10_wib(),
    };
    assert!(matches!(
        flow::cancel(&s.db, &rina, o.id, "Berubah pikiran").await,
        Err(Error::Forbidden { .. })
    ));
    assert_eq!(
        flow::cancel(&s.db, &s.ctx(2), o.id, " ")
            .await
            .unwrap_err()
            .field(),
        Some("reason")
    );
    let c = flow::cancel(&s.db, &s.ctx(2), o.id, "Pelanggan membatalkan")
        .await
        .unwrap();
    assert_eq!((c.status, c.paid), (OrderStatus::Cancelled, dec!(0)));
    let refund = c.payments.iter().find(|p| p.kind == "refund").unwrap();
    assert_eq!(
        (refund.method.as_str(), refund.amount),
        ("qris", dec!(333000)),
        "back to the original method"
    );
    assert_eq!(catalog::get(&s.db, cable.id).await.unwrap().available, 5);
    assert!(
        flow::cancel(&s.db, &s.ctx(3), o.id, "lagi").await.is_err(),
        "closed"
    );
}
