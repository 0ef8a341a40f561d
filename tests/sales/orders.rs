//! Sales at the counter and from the web, as stories on real SQLite files:
//! a counter sale with serials; a web transfer verified and picked up at the
//! showroom (O2O); an unpaid order cancelled when its window closes, its
//! stock released; COD only in the regions; short stock. Cancelling is in
//! order_policies.rs, returns in returns.rs, the day report in reports.rs.

use crate::common;

use chrono::Duration;
use common::sales::*;
use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::sales::order::{Channel, Fulfilment, OrderStatus};
use konter::domain::sales::CouponKind;
use konter::domain::staff::Role;
use konter::store::sales::catalog;
use konter::store::sales::coupons::{self, CouponInput};
use konter::store::sales::flow;
use konter::store::sales::orders::{self, NewOrder};
use konter::store::sales::payments::{self, CounterPayment, TransferConfirmation};
use konter::store::staff::{self, NewStaff};
use konter::store::Ctx;
use konter::Error;
use rust_decimal_macros::dec;

#[tokio::test]
async fn counter_sale_with_serials() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let scanner = product(&s, "CTX-SD36", "85.000.000", true).await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    let scanner = receive(&s, &scanner, "2", &["SN-0001", "SN-0002"]).await;
    receive(&s, &cable, "10", &[]).await;
    assert_eq!(
        (scanner.on_hand, scanner.available, scanner.sold_out),
        (2, 2, false)
    );

    let o = orders::create(
        &s.db,
        &s.ctx(1),
        order(budi.id, vec![(&scanner, "1"), (&cable, "2")]),
    )
    .await
    .unwrap();
    assert_eq!(o.status, OrderStatus::AwaitingPayment);
    assert!(o.number.starts_with("SO-JKT1-K1-2026-"), "{}", o.number);
    assert_eq!(o.totals.subtotal, dec!(85300000));
    assert_eq!(o.totals.tax, dec!(9383000), "PPN 11 %");
    assert_eq!(
        catalog::get(&s.db, scanner.id).await.unwrap().available,
        1,
        "reserved"
    );

    // Not paid: no handover.
    let err = flow::hand_over(&s.db, &s.ctx(2), o.id, vec![scan(0, "SN-0001")])
        .await
        .unwrap_err();
    assert_eq!(code(&err), "unpaid");
    let paid = payments::pay_at_counter(
        &s.db,
        &s.ctx(2),
        o.id,
        CounterPayment {
            method: PaymentMethod::Cash,
            tendered: Some("95.000.000".into()),
            amount: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (paid.order.status, paid.change),
        (OrderStatus::PaymentReceived, dec!(317000))
    );

    // Serials: wrong count, not ours, duplicate — each a typed error at its place, nothing written.
    let before = s.counts().await;
    for (scans, expected) in [
        (vec![], "serial_count"),
        (vec![scan(0, "SN-9999")], "serial_not_ours"),
        (
            vec![scan(0, "SN-0001"), scan(0, "SN-0001")],
            "duplicate_serial",
        ),
        (vec![scan(0, "SN-0001"), scan(1, "SN-0002")], "serial_count"),
    ] {
        let err = flow::hand_over(&s.db, &s.ctx(3), o.id, scans)
            .await
            .unwrap_err();
        assert_eq!(code(&err), expected);
    }
    assert_eq!(s.counts().await, before);
    let done = flow::hand_over(&s.db, &s.ctx(3), o.id, vec![scan(0, "sn-0001")])
        .await
        .unwrap();
    assert_eq!(done.status, OrderStatus::PickedUp);
    assert_eq!(done.lines[0].serials, ["SN-0001"]);
    let scanner = catalog::get(&s.db, scanner.id).await.unwrap();
    assert_eq!(
        (scanner.on_hand, scanner.reserved, scanner.available),
        (1, 0, 1)
    );
    assert_eq!(catalog::get(&s.db, cable.id).await.unwrap().on_hand, 8);
    // The sold unit cannot be sold again.
    let again = orders::create(&s.db, &s.ctx(4), order(budi.id, vec![(&scanner, "1")]))
        .await
        .unwrap();
    payments::pay_at_counter(
        &s.db,
        &s.ctx(4),
        again.id,
        CounterPayment {
            method: PaymentMethod::Card,
            tendered: None,
            amount: None,
        },
    )
    .await
    .unwrap();
    let err = flow::hand_over(&s.db, &s.ctx(5), again.id, vec![scan(0, "SN-0001")])
        .await
        .unwrap_err();
    assert_eq!(code(&err), "serial_not_in_stock");
}

#[tokio::test]
async fn web_transfer_verified_then_picked_up_at_the_showroom() {
    let s = shop().await;
    let sari = customer(&s, "Sari", "081311112222").await;
    sqlx::query("UPDATE customers SET email = 'sari@example.co.id' WHERE id = ?")
        .bind(sari.id.to_string())
        .execute(&s.db.pool)
        .await
        .unwrap();
    let scanner = product(&s, "CTX-HD42", "10.000.000", true).await;
    receive(&s, &scanner, "1", &["HD-42-001"]).await;
    coupons::create(
        &s.db,
        &s.ctx(0),
        CouponInput {
            code: "hemat10".into(),
            kind: CouponKind::Percent,
            value: "10".into(),
            valid_from: "2026-11-01".into(),
            valid_to: Some("2026-11-30".into()),
            min_subtotal: None,
        },
    )
    .await
    .unwrap();

    // Saturday 28 Nov, 20:00 WIB: ordered on the web, to pay by transfer.
    let sat = monday_10_wib() + Duration::days(5) + Duration::hours(10);
    let at = |h: i64| Ctx {
        now: sat + Duration::hours(h),
        ..s.ctx(0)
    };
    let mut input = order(sari.id, vec![(&scanner, "1")]);
    input.channel = Channel::Web;
    input.payment_method = PaymentMethod::BankTransfer;
    input.coupon = Some("HEMAT10".into());
    let o = orders::create(&s.db, &at(0), input).await.unwrap();
    assert_eq!(
        (o.totals.discount, o.totals.total),
        (dec!(1000000), dec!(9990000))
    );
    assert!(o.pay_by.is_some(), "1×24 h to pay");

    let form = TransferConfirmation {
        bank: "BCA".into(),
        account_name: "Sari W".into(),
        amount: "9.990.000".into(),
        paid_on: "2026-11-28".into(),
        proof_path: None,
    };
    let bad = TransferConfirmation {
        paid_on: "2026-12-31".into(),
        ..form.clone()
    };
    assert_eq!(
        payments::confirm_transfer(&s.db, &at(1), o.id, bad)
            .await
            .unwrap_err()
            .field(),
        Some("paid_on")
    );
    let held = payments::confirm_transfer(&s.db, &at(1), o.id, form)
        .await
        .unwrap();
    assert_eq!(
        (held.status, held.paid),
        (OrderStatus::OnHold, dec!(0)),
        "a confirmation is not money yet"
    );

    // A clerk may not verify; an admin does, on Sunday: processed Monday.
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
        now: sat + Duration::hours(14),
    };
    let pending = held.payments[0].id.to_string();
    assert!(matches!(
        payments::decide_transfer(&s.db, &rina, o.id, &pending, true, None).await,
        Err(Error::Forbidden { .. })
    ));
    let paid = payments::decide_transfer(&s.db, &at(14), o.id, &pending, true, None)
        .await
        .unwrap();
    assert_eq!(
        (paid.status, paid.balance),
        (OrderStatus::PaymentReceived, dec!(0))
    );
    assert_eq!(
        paid.processing_date.as_deref(),
        Some("2026-11-30"),
        "paid on Sunday → processed Monday"
    );
    assert!(paid.pay_by.is_none());
    let err = payments::decide_transfer(&s.db, &at(15), o.id, &pending, false, None)
        .await
        .unwrap_err();
    assert_eq!(code(&err), "already_decided");

    flow::start_processing(&s.db, &rina, o.id).await.unwrap();
    let ready = flow::ready_for_pickup(&s.db, &rina, o.id).await.unwrap();
    assert_eq!(ready.status, OrderStatus::ReadyForPickup);

    // At the showroom: number + e-mail or phone; a wrong contact is refused.
    let err = flow::find_for_pickup(&s.db, &o.number.to_lowercase(), Some("orang@lain.id"))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "contact_mismatch");
    assert_eq!(
        flow::find_for_pickup(&s.db, &o.number, Some("SARI@example.co.id"))
            .await
            .unwrap()
            .id,
        o.id
    );
    assert_eq!(
        flow::find_for_pickup(&s.db, &o.number, Some("0813-1111-2222"))
            .await
            .unwrap()
            .id,
        o.id
    );
    let done = flow::hand_over(&s.db, &rina, o.id, vec![scan(0, "HD-42-001")])
        .await
        .unwrap();
    assert_eq!(done.status, OrderStatus::PickedUp);
    let kinds: Vec<&str> = done.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "created",
            "transfer_confirmed",
            "transfer_verified",
            "processing",
            "ready_for_pickup",
            "handed_over"
        ]
    );
}

#[tokio::test]
async fn unpaid_orders_expire_and_release_their_stock() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "3", &[]).await;
    let mut input = order(budi.id, vec![(&cable, "3")]);
    input.channel = Channel::Phone;
    input.payment_method = PaymentMethod::BankTransfer;
    let o = orders::create(&s.db, &s.ctx(0), input).await.unwrap();
    assert!(
        catalog::get(&s.db, cable.id).await.unwrap().sold_out,
        "all three reserved: Sold Out"
    );

    // Another customer finds it short: the order waits as insufficient stock.
    let short = orders::create(&s.db, &s.ctx(1), order(budi.id, vec![(&cable, "1")]))
        .await
        .unwrap();
    assert_eq!(short.status, OrderStatus::InsufficientStock);

    assert!(
        flow::expire_unpaid(&s.db, monday_10_wib() + Duration::hours(23))
            .await
            .unwrap()
            .is_empty()
    );
    let expired = flow::expire_unpaid(
        &s.db,
        monday_10_wib() + Duration::hours(24) + Duration::seconds(1),
    )
    .await
    .unwrap();
    assert_eq!(expired, vec![o.number.clone()]);
    let o = orders::detail(&s.db, o.id).await.unwrap();
    assert_eq!(o.status, OrderStatus::Cancelled);
    assert_eq!(o.events.last().unwrap().staff_name, "Konter (otomatis)");
    let cable = catalog::get(&s.db, cable.id).await.unwrap();
    assert_eq!((cable.available, cable.sold_out), (3, false));
    assert!(
        flow::expire_unpaid(&s.db, monday_10_wib() + Duration::days(3))
            .await
            .unwrap()
            .is_empty(),
        "once"
    );
}

#[tokio::test]
async fn cod_only_in_the_regions_and_paid_at_the_door() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "5", &[]).await;
    let cod = |city: &str| NewOrder {
        fulfilment: Fulfilment::Delivery,
        ship_address: Some("Jl. Melati 3".into()),
        ship_city: Some(city.into()),
        cod: true,
        channel: Channel::Web,
        ..order(budi.id, vec![(&cable, "1")])
    };
    let before = s.counts().await;
    let err = orders::create(&s.db, &s.ctx(0), cod("Bandung"))
        .await
        .unwrap_err();
    assert_eq!(
        (err.field(), code(&err).as_str()),
        (Some("ship_city"), "cod_region")
    );
    let err = orders::create(
        &s.db,
        &s.ctx(0),
        NewOrder {
            ship_city: None,
            ..cod("x")
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err.field(), Some("ship_city"));
    assert_eq!(s.counts().await, before, "refused orders write nothing");

    let o = orders::create(&s.db, &s.ctx(0), cod("Kota Adm. Jakarta Selatan"))
        .await
        .unwrap();
    assert!(o.pay_by.is_none(), "COD never expires unpaid");
    flow::start_processing(&s.db, &s.ctx(1), o.id)
        .await
        .unwrap();
    let err = flow::ready_for_pickup(&s.db, &s.ctx(1), o.id)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidState { .. }));
    flow::ship(&s.db, &s.ctx(2), o.id, "JNE-0012345", vec![])
        .await
        .unwrap();
    let done = flow::deliver(&s.db, &s.ctx(3), o.id).await.unwrap();
    assert_eq!(
        (done.status, done.balance),
        (OrderStatus::Delivered, dec!(0))
    );
    assert_eq!(catalog::get(&s.db, cable.id).await.unwrap().on_hand, 4);
}
