//! The shops' policies on changing their minds (cancelling is in
//! cancellations.rs): pricing errors (a lower right price is charged, a
//! higher one is accepted or the order cancelled and refunded).

use crate::common;

use common::sales::*;
use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::sales::order::OrderStatus;
use konter::store::sales::corrections::{correct_price, PriceCorrection};
use konter::store::sales::flow;
use konter::store::sales::orders;
use konter::store::sales::payments::{self, CounterPayment};
use konter::Error;
use rust_decimal_macros::dec;

fn fix(price: &str, accepts: Option<bool>) -> PriceCorrection {
    PriceCorrection {
        position: 0,
        unit_price: price.into(),
        customer_accepts: accepts,
        note: None,
    }
}

#[tokio::test]
async fn pricing_errors_lower_is_charged_higher_is_the_customers_choice() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let scanner = product(&s, "CTX-HD42", "10.000.000", false).await;
    receive(&s, &scanner, "5", &[]).await;
    let o = orders::create(&s.db, &s.ctx(0), order(budi.id, vec![(&scanner, "1")]))
        .await
        .unwrap();
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
    let first_invoice = orders::detail(&s.db, o.id).await.unwrap().invoices[0]
        .number
        .clone();

    // Lower: charged, the difference refunded, the invoice reissued.
    let low = correct_price(&s.db, &s.ctx(2), o.id, fix("9.000.000", None))
        .await
        .unwrap();
    assert_eq!(
        (low.totals.total, low.paid, low.balance),
        (dec!(9990000), dec!(9990000), dec!(0))
    );
    assert_eq!(low.invoices.len(), 2);
    assert!(low.invoices[0].void_reason.is_none() && low.invoices[0].number != first_invoice);
    assert_eq!(
        low.invoices[1].void_reason.as_deref(),
        Some("Koreksi harga")
    );

    // Higher: the customer must decide; accepting leaves a balance to pay.
    let err = correct_price(&s.db, &s.ctx(3), o.id, fix("9.500.000", None))
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("customer_accepts"));
    let up = correct_price(&s.db, &s.ctx(3), o.id, fix("9.500.000", Some(true)))
        .await
        .unwrap();
    assert_eq!(up.balance, dec!(555000));
    let err = flow::hand_over(&s.db, &s.ctx(4), o.id, vec![])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidState { ref code, .. } if code == "unpaid"));
    // The paid order now waits for the difference, without a live invoice;
    // paying it brings the order back with an invoice of the right amount.
    assert_eq!(up.status, OrderStatus::AwaitingPayment);
    assert!(up.invoices.iter().all(|i| i.voided_at.is_some()));
    let settled = payments::pay_at_counter(
        &s.db,
        &s.ctx(4),
        o.id,
        CounterPayment {
            method: PaymentMethod::Cash,
            tendered: None,
            amount: None,
        },
    )
    .await
    .unwrap()
    .order;
    assert_eq!(
        (settled.status, settled.balance),
        (OrderStatus::PaymentReceived, dec!(0))
    );
    let live: Vec<_> = settled
        .invoices
        .iter()
        .filter(|i| i.voided_at.is_none())
        .collect();
    assert_eq!(live.len(), 1);
    let invoiced: rust_decimal::Decimal = live[0].lines.iter().map(|l| l.unit_price).sum();
    assert_eq!(invoiced, dec!(9500000));

    // Refusing a higher price cancels the order with a full refund.
    let o2 = orders::create(&s.db, &s.ctx(5), order(budi.id, vec![(&scanner, "1")]))
        .await
        .unwrap();
    payments::pay_at_counter(
        &s.db,
        &s.ctx(5),
        o2.id,
        CounterPayment {
            method: PaymentMethod::Card,
            tendered: None,
            amount: None,
        },
    )
    .await
    .unwrap();
    let gone = correct_price(&s.db, &s.ctx(6), o2.id, fix("12.000.000", Some(false)))
        .await
        .unwrap();
    assert_eq!((gone.status, gone.paid), (OrderStatus::Cancelled, dec!(0)));
    assert!(gone
        .events
        .last()
        .unwrap()
        .note
        .as_deref()
        .unwrap()
        .contains("Kesalahan harga"));
    assert_eq!(
        correct_price(&s.db, &s.ctx(7), o.id, fix("9.500.000", Some(true)))
            .await
            .unwrap_err()
            .field(),
        Some("unit_price"),
        "same price"
    );
}

/// Down payments only where every product allows them; a declined card is
/// recorded and paid again; a short order goes on once stock arrives.
#[tokio::test]
async fn down_payments_declines_and_backorders() {
    use konter::domain::sales::catalog::{ProductInput, TaxClass, WarrantyType};
    use konter::store::sales::catalog::{self, StockReceipt};
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "100.000", false).await;
    receive(&s, &cable, "1", &[]).await;
    let input = ProductInput {
        sku: "PLOT-T1700".into(),
        name: "Plotter SureColor T1700".into(),
        brand: "Epson".into(),
        category: "Plotter".into(),
        price: "50.000.000".into(),
        tax_class: TaxClass::Standard,
        serialised: false,
        weight_grams: "".into(),
        warranty_store_months: "12".into(),
        warranty_maker_months: "12".into(),
        warranty_type: WarrantyType::Standard,
        down_payment_allowed: true,
        cost_price: None,
    };
    let plotter = catalog::create_product(&s.db, &s.ctx(0), input)
        .await
        .unwrap();
    catalog::receive_stock(
        &s.db,
        &s.ctx(0),
        StockReceipt {
            product_id: plotter.id.to_string(),
            qty: "2".into(),
            serials: vec![],
            note: None,
        },
    )
    .await
    .unwrap();
    let pay = |amount: Option<&str>| CounterPayment {
        method: PaymentMethod::Cash,
        tendered: None,
        amount: amount.map(str::to_string),
    };

    let big = orders::create(&s.db, &s.ctx(1), order(budi.id, vec![(&plotter, "1")]))
        .await
        .unwrap();
    let dp = payments::pay_at_counter(&s.db, &s.ctx(2), big.id, pay(Some("10.000.000")))
        .await
        .unwrap();
    assert_eq!(
        (dp.order.status, dp.order.paid, dp.order.invoices.len()),
        (OrderStatus::AwaitingPayment, dec!(10000000), 0)
    );
    let rest = payments::pay_at_counter(&s.db, &s.ctx(3), big.id, pay(None))
        .await
        .unwrap();
    assert_eq!(
        (
            rest.order.status,
            rest.order.balance,
            rest.order.invoices.len()
        ),
        (OrderStatus::PaymentReceived, dec!(0), 1)
    );

    let small = orders::create(&s.db, &s.ctx(4), order(budi.id, vec![(&cable, "1")]))
        .await
        .unwrap();
    let err = payments::pay_at_counter(&s.db, &s.ctx(5), small.id, pay(Some("50.000")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Validation { ref field, ref code, .. } if field == "amount" && code == "no_down_payment")
    );
    let declined = payments::decline(&s.db, &s.ctx(5), small.id, "Kartu ditolak bank")
        .await
        .unwrap();
    assert_eq!(declined.status, OrderStatus::PaymentDeclined);
    let card = CounterPayment {
        method: PaymentMethod::Qris,
        tendered: None,
        amount: None,
    };
    assert_eq!(
        payments::pay_at_counter(&s.db, &s.ctx(6), small.id, card)
            .await
            .unwrap()
            .order
            .status,
        OrderStatus::PaymentReceived
    );

    // Nothing left: the next order waits; stock arrives; it goes on.
    let short = orders::create(&s.db, &s.ctx(7), order(budi.id, vec![(&cable, "1")]))
        .await
        .unwrap();
    assert_eq!(short.status, OrderStatus::InsufficientStock);
    let err = flow::recheck_stock(&s.db, &s.ctx(8), short.id)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidState { ref code, .. } if code == "still_short"));
    receive(&s, &cable, "3", &[]).await;
    let resumed = flow::recheck_stock(&s.db, &s.ctx(9), short.id)
        .await
        .unwrap();
    assert_eq!(resumed.status, OrderStatus::AwaitingPayment);
    assert_eq!(
        catalog::get(&s.db, cable.id).await.unwrap().reserved,
        2,
        "the QRIS order's and this one's"
    );
}
