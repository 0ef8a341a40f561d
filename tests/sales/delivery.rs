//! Delivery by courier on a real database: the fee and estimate, the
//! delivery note, failed attempts and the reship fee, damage reports, and a
//! partial delivery with consent and its free backorder (seeds 002, 004).

use crate::common;

use common::sales::*;
use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::sales::order::OrderStatus;
use konter::store::sales::flow;
use konter::store::sales::orders;
use konter::store::sales::payments::{self, CounterPayment};
use konter::Error;
use rust_decimal_macros::dec;

/// Delivery: free in Jabodetabek, by weight elsewhere; the estimate in
/// working days after processing; the delivery note lists what was packed.
#[tokio::test]
async fn shipping_fee_estimate_and_delivery_note() {
    use konter::domain::sales::order::{Channel, Fulfilment};
    use konter::store::sales::orders::NewOrder;
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let scanner = product(&s, "CTX-SD36", "10.000.000", true).await;
    receive(&s, &scanner, "2", &["SN-A", "SN-B"]).await;
    let deliver = |city: &str| NewOrder {
        channel: Channel::Web,
        fulfilment: Fulfilment::Delivery,
        ship_address: Some("Jl. Asia Afrika 1".into()),
        ship_city: Some(city.into()),
        ..order(budi.id, vec![(&scanner, "1")])
    };
    // The product weighs 2,5 kg (fixture): Bandung is 12.000 per started kg.
    let bdg = orders::create(&s.db, &s.ctx(0), deliver("Kota Bandung"))
        .await
        .unwrap();
    assert_eq!(bdg.totals.shipping, dec!(36000), "3 started kg × 12.000");
    assert_eq!(
        bdg.totals.total,
        dec!(11136000),
        "shipping on top of goods with PPN"
    );
    let jkt = orders::create(&s.db, &s.ctx(0), deliver("Jakarta Pusat"))
        .await
        .unwrap();
    assert_eq!(jkt.totals.shipping, dec!(0), "free in Jabodetabek");
    payments::pay_at_counter(
        &s.db,
        &s.ctx(1),
        jkt.id,
        CounterPayment {
            method: PaymentMethod::Card,
            tendered: None,
            amount: None,
        },
    )
    .await
    .unwrap();
    let paid = orders::detail(&s.db, jkt.id).await.unwrap();
    // Paid Monday in hours: processed Monday, delivered in 1–2 working days.
    assert_eq!(
        (paid.deliver_from.as_deref(), paid.deliver_by.as_deref()),
        (Some("2026-11-24"), Some("2026-11-25"))
    );
    flow::start_processing(&s.db, &s.ctx(2), jkt.id)
        .await
        .unwrap();
    let pdf_err =
        konter::docs::sales::render_order(&s.db, jkt.id, konter::docs::DocKind::DeliveryNote).await;
    assert!(
        matches!(pdf_err, Err(Error::InvalidState { .. })),
        "no delivery note before shipping"
    );
    flow::ship(
        &s.db,
        &s.ctx(3),
        jkt.id,
        "JNE-77001",
        vec![konter::store::sales::flow::ScannedSerial {
            position: 0,
            serial: "SN-A".into(),
        }],
    )
    .await
    .unwrap();
    let pdf = konter::docs::sales::render_order(&s.db, jkt.id, konter::docs::DocKind::DeliveryNote)
        .await
        .unwrap();
    let text = pdf_text(&s, "surat-jalan.pdf", &pdf);
    for expected in [
        "SURAT JALAN",
        jkt.number.as_str(),
        "JNE-77001",
        "SN-A",
        "Jl. Asia Afrika 1",
        "Jakarta Pusat",
        "Kurir",
        "Penerima",
    ] {
        assert!(text.contains(expected), "{expected} missing in {text}");
    }
    assert!(!text.contains("Rp"), "no prices on a delivery note");
}

/// Seed 004's delivery problems: the address changes until invoiced; two
/// failed attempts bring the parcel back with a reship fee; damage at
/// handover is reported with courier and photos.
#[tokio::test]
async fn failed_delivery_reship_fee_address_and_damage() {
    use konter::domain::sales::order::{Channel, Fulfilment};
    use konter::store::sales::delivery::{self, DamageReport};
    use konter::store::sales::orders::NewOrder;
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "100.000", false).await;
    receive(&s, &cable, "5", &[]).await;
    let input = NewOrder {
        channel: Channel::Web,
        fulfilment: Fulfilment::Delivery,
        ship_address: Some("Jl. Lama 1".into()),
        ship_city: Some("Depok".into()),
        payment_method: PaymentMethod::BankTransfer,
        ..order(budi.id, vec![(&cable, "1")])
    };
    let o = orders::create(&s.db, &s.ctx(0), input).await.unwrap();
    let moved = delivery::change_address(&s.db, &s.ctx(1), o.id, "Jl. Baru 2", "Bekasi")
        .await
        .unwrap();
    assert_eq!(moved.ship_city.as_deref(), Some("Bekasi"));
    payments::pay_at_counter(
        &s.db,
        &s.ctx(2),
        o.id,
        CounterPayment {
            method: PaymentMethod::BankTransfer,
            tendered: None,
            amount: None,
        },
    )
    .await
    .unwrap();
    let err = delivery::change_address(&s.db, &s.ctx(3), o.id, "Jl. Lain 3", "Bogor")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidState { ref code, .. } if code == "already_invoiced"));

    flow::start_processing(&s.db, &s.ctx(4), o.id)
        .await
        .unwrap();
    flow::ship(&s.db, &s.ctx(5), o.id, "JNE-1", vec![])
        .await
        .unwrap();
    let once = delivery::delivery_failed(&s.db, &s.ctx(6), o.id, "Penerima tidak di tempat", false)
        .await
        .unwrap();
    assert_eq!(
        (once.status, once.totals.shipping),
        (OrderStatus::InDelivery, dec!(0))
    );
    let back = delivery::delivery_failed(&s.db, &s.ctx(7), o.id, "Tidak di tempat lagi", false)
        .await
        .unwrap();
    assert_eq!(
        (back.status, back.totals.shipping, back.balance),
        (OrderStatus::Processing, dec!(25000), dec!(25000))
    );
    assert!(back.tracking.is_none());
    // The invoice no longer matches what is owed: voided, and reissued with
    // the fee once the customer pays it; the order stays in processing.
    let first = &back.invoices[0];
    assert_eq!(
        (first.voided_at.is_some(), first.void_reason.as_deref()),
        (true, Some("Biaya kirim ulang"))
    );
    let fee_paid = payments::pay_at_counter(
        &s.db,
        &s.ctx(8),
        o.id,
        CounterPayment {
            method: PaymentMethod::Cash,
            tendered: Some("50.000".into()),
            amount: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(fee_paid.change, dec!(25000));
    let again = fee_paid.order;
    assert_eq!(
        (again.status, again.balance),
        (OrderStatus::Processing, dec!(0))
    );
    let live: Vec<_> = again
        .invoices
        .iter()
        .filter(|i| i.voided_at.is_none())
        .collect();
    assert_eq!(live.len(), 1);
    assert_ne!(live[0].number, first.number, "a new number, never reused");
    let pdf = konter::docs::sales::render_order(&s.db, o.id, konter::docs::DocKind::OrderInvoice)
        .await
        .unwrap();
    let pdf = pdf_text(&s, "reshipped.pdf", &pdf);
    for expected in [
        "INV-JKT1-K1-2026-000002",
        "Ongkos kirim",
        "Rp 25.000",
        "Rp 136.000",
    ] {
        assert!(pdf.contains(expected), "{expected} missing: {pdf}");
    }
    flow::ship(&s.db, &s.ctx(8), o.id, "JNE-2", vec![])
        .await
        .unwrap();
    flow::deliver(&s.db, &s.ctx(9), o.id).await.unwrap();

    let bad = DamageReport {
        what: " ".into(),
        courier: "JNE".into(),
        photos: vec![],
    };
    assert_eq!(
        delivery::report_damage(&s.db, &s.ctx(10), o.id, bad)
            .await
            .unwrap_err()
            .field(),
        Some("what")
    );
    let report = DamageReport {
        what: "Kemasan penyok, kabel putus".into(),
        courier: "JNE".into(),
        photos: vec!["/foto/1.jpg".into()],
    };
    let d = delivery::report_damage(&s.db, &s.ctx(10), o.id, report)
        .await
        .unwrap();
    assert_eq!(d.events.last().unwrap().kind, "damage_report");
}

/// Seed 004: a partial delivery only with the customer's consent; what is
/// on the shelf ships, the rest becomes a free backorder that goes on when
/// the stock arrives.
#[tokio::test]
async fn partial_delivery_with_consent_and_a_free_backorder() {
    use konter::domain::sales::order::{Channel, Fulfilment};
    use konter::store::sales::orders::NewOrder;
    use konter::store::sales::partial::{ship_partial, PartialShipment, ShippedQty};
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "100.000", false).await;
    receive(&s, &cable, "2", &[]).await;
    let input = NewOrder {
        channel: Channel::Phone,
        fulfilment: Fulfilment::Delivery,
        ship_address: Some("Jl. Melati 3".into()),
        ship_city: Some("Depok".into()),
        ..order(budi.id, vec![(&cable, "5")])
    };
    let o = orders::create(&s.db, &s.ctx(0), input).await.unwrap();
    assert_eq!(o.status, OrderStatus::InsufficientStock);
    payments::pay_at_counter(
        &s.db,
        &s.ctx(1),
        o.id,
        CounterPayment {
            method: PaymentMethod::BankTransfer,
            tendered: None,
            amount: None,
        },
    )
    .await
    .unwrap();
    let ship = |consent: &str, qty: i64| PartialShipment {
        tracking: "JNE-9".into(),
        lines: vec![ShippedQty { position: 0, qty }],
        serials: vec![],
        consent: consent.into(),
    };
    let before = s.counts().await;
    let err = ship_partial(&s.db, &s.ctx(2), o.id, ship(" ", 2))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Validation { ref field, ref code, .. } if field == "consent" && code == "consent_needed")
    );
    let err = ship_partial(&s.db, &s.ctx(2), o.id, ship("Budi setuju via telepon", 3))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Validation { ref code, .. } if code == "not_enough_stock"),
        "{err:?}"
    );
    assert_eq!(s.counts().await, before);

    let r = ship_partial(
        &s.db,
        &s.ctx(2),
        o.id,
        ship("Budi setuju via telepon 23/11", 2),
    )
    .await
    .unwrap();
    assert_eq!(r.order.status, OrderStatus::InDelivery);
    assert!(r
        .order
        .events
        .last()
        .unwrap()
        .note
        .as_deref()
        .unwrap()
        .contains("setuju"));
    let b = &r.backorder;
    assert_eq!(
        (
            b.status,
            b.lines[0].qty,
            b.totals.total,
            b.totals.shipping,
            b.balance
        ),
        (OrderStatus::InsufficientStock, 3, dec!(0), dec!(0), dec!(0))
    );
    assert!(b.number.starts_with(&o.number) && b.number.ends_with("-B1"));
    assert_eq!(
        konter::store::sales::catalog::get(&s.db, cable.id)
            .await
            .unwrap()
            .on_hand,
        0
    );

    // Stock arrives: the backorder goes on and ships free.
    receive(&s, &cable, "3", &[]).await;
    let resumed = flow::recheck_stock(&s.db, &s.ctx(3), b.id).await.unwrap();
    assert_eq!(
        resumed.status,
        OrderStatus::PaymentReceived,
        "already paid with the first order"
    );
    flow::start_processing(&s.db, &s.ctx(4), b.id)
        .await
        .unwrap();
    flow::ship(&s.db, &s.ctx(5), b.id, "JNE-10", vec![])
        .await
        .unwrap();
    assert_eq!(
        konter::store::sales::catalog::get(&s.db, cable.id)
            .await
            .unwrap()
            .on_hand,
        0
    );
}
