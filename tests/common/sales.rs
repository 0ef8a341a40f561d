//! Sales fixtures shared by the order tests: products with stock, a
//! counter order, a scanned serial.
#![allow(dead_code)]

use super::TestShop;
use konter::domain::payment::PaymentMethod;
use konter::domain::sales::catalog::{ProductInput, TaxClass, WarrantyType};
use konter::domain::sales::order::{Channel, Fulfilment};
use konter::store::sales::catalog::{self, ProductSummary, StockReceipt};
use konter::store::sales::flow::ScannedSerial;
use konter::store::sales::orders::{NewOrder, OrderLineInput};
use konter::Error;

pub fn code(e: &Error) -> String {
    match e {
        Error::Validation { code, .. } | Error::InvalidState { code, .. } => code.clone(),
        other => format!("{other:?}"),
    }
}

pub async fn product(s: &TestShop, sku: &str, price: &str, serialised: bool) -> ProductSummary {
    let input = ProductInput {
        sku: sku.into(),
        name: format!("Produk {sku}"),
        brand: "Contex".into(),
        category: "Scanner".into(),
        price: price.into(),
        tax_class: TaxClass::Standard,
        serialised,
        weight_grams: "2500".into(),
        warranty_store_months: "12".into(),
        warranty_maker_months: "12".into(),
        warranty_type: WarrantyType::Standard,
        down_payment_allowed: false,
        cost_price: None,
    };
    catalog::create_product(&s.db, &s.ctx(0), input)
        .await
        .unwrap()
}

pub async fn receive(
    s: &TestShop,
    p: &ProductSummary,
    qty: &str,
    serials: &[&str],
) -> ProductSummary {
    let r = StockReceipt {
        product_id: p.id.to_string(),
        qty: qty.into(),
        serials: serials.iter().map(|x| x.to_string()).collect(),
        note: None,
    };
    catalog::receive_stock(&s.db, &s.ctx(0), r).await.unwrap()
}

pub fn order(customer: uuid::Uuid, lines: Vec<(&ProductSummary, &str)>) -> NewOrder {
    NewOrder {
        channel: Channel::Counter,
        customer_id: customer.to_string(),
        fulfilment: Fulfilment::Pickup,
        ship_address: None,
        ship_city: None,
        payment_method: PaymentMethod::Cash,
        cod: false,
        coupon: None,
        shipping: None,
        lines: line_inputs(lines),
        note: None,
        buyer_tax_id: None,
    }
}

/// Products and quantities as a command receives them.
pub fn line_inputs(lines: Vec<(&ProductSummary, &str)>) -> Vec<OrderLineInput> {
    lines
        .into_iter()
        .map(|(p, q)| OrderLineInput {
            product_id: p.id.to_string(),
            qty: q.into(),
            discount: None,
        })
        .collect()
}

pub fn scan(position: u32, serial: &str) -> ScannedSerial {
    ScannedSerial {
        position,
        serial: serial.into(),
    }
}

/// A web order for delivery to Depok, paid by transfer at the counter (ctx 1
/// and 2); `delivered` also processes, ships and delivers it (ctx 3 to 5).
#[allow(dead_code)]
pub async fn paid_delivery(
    s: &TestShop,
    customer: uuid::Uuid,
    lines: Vec<(&ProductSummary, &str)>,
    delivered: bool,
) -> konter::store::sales::orders::OrderDetail {
    use konter::store::sales::payments::{self, CounterPayment};
    use konter::store::{sales::flow, sales::orders};
    let input = NewOrder {
        channel: Channel::Web,
        fulfilment: Fulfilment::Delivery,
        ship_address: Some("Jl. Melati 3".into()),
        ship_city: Some("Depok".into()),
        payment_method: PaymentMethod::BankTransfer,
        ..order(customer, lines)
    };
    let o = orders::create(&s.db, &s.ctx(1), input).await.unwrap();
    let pay = CounterPayment {
        method: PaymentMethod::BankTransfer,
        tendered: None,
        amount: None,
    };
    payments::pay_at_counter(&s.db, &s.ctx(2), o.id, pay)
        .await
        .unwrap();
    if delivered {
        flow::start_processing(&s.db, &s.ctx(3), o.id)
            .await
            .unwrap();
        flow::ship(&s.db, &s.ctx(4), o.id, "JNE-1", vec![])
            .await
            .unwrap();
        flow::deliver(&s.db, &s.ctx(5), o.id).await.unwrap();
    }
    orders::detail(&s.db, o.id).await.unwrap()
}

/// Budi buys scanner SN-0001 at the counter (card, ctx 0–1) and takes it
/// home (ctx 2, Monday 23 November 2026): its warranty starts that day.
#[allow(dead_code)]
pub async fn sold_scanner(
    s: &TestShop,
) -> (
    konter::store::customers::Customer,
    konter::store::sales::orders::OrderDetail,
) {
    use konter::store::sales::payments::{self, CounterPayment};
    use konter::store::{sales::flow, sales::orders};
    let budi = super::customer(s, "Budi Santoso", "081234567890").await;
    let scanner = product(s, "CTX-SD36", "85.000.000", true).await;
    receive(s, &scanner, "1", &["SN-0001"]).await;
    let o = orders::create(&s.db, &s.ctx(0), order(budi.id, vec![(&scanner, "1")]))
        .await
        .unwrap();
    let pay = CounterPayment {
        method: PaymentMethod::Card,
        tendered: None,
        amount: None,
    };
    payments::pay_at_counter(&s.db, &s.ctx(1), o.id, pay)
        .await
        .unwrap();
    flow::hand_over(&s.db, &s.ctx(2), o.id, vec![scan(0, "SN-0001")])
        .await
        .unwrap();
    (budi, orders::detail(&s.db, o.id).await.unwrap())
}

/// A transfer confirmation from Budi's BCA account, dated Monday.
pub fn transfer(amount: &str) -> konter::store::sales::payments::TransferConfirmation {
    konter::store::sales::payments::TransferConfirmation {
        bank: "BCA".into(),
        account_name: "Budi".into(),
        amount: amount.into(),
        paid_on: "2026-11-23".into(),
        proof_path: None,
    }
}

/// A web order for delivery to Depok.
pub fn delivery_order(customer: uuid::Uuid, lines: Vec<(&ProductSummary, &str)>) -> NewOrder {
    NewOrder {
        channel: Channel::Web,
        fulfilment: Fulfilment::Delivery,
        ship_address: Some("Jl. Melati 3".into()),
        ship_city: Some("Depok".into()),
        ..order(customer, lines)
    }
}

/// A partial shipment of (position, qty), non-serialised, with consent.
pub fn partial(lines: &[(u32, i64)]) -> konter::store::sales::partial::PartialShipment {
    use konter::store::sales::partial::{PartialShipment, ShippedQty};
    PartialShipment {
        tracking: "JNE-7".into(),
        lines: lines
            .iter()
            .map(|&(position, qty)| ShippedQty { position, qty })
            .collect(),
        serials: vec![],
        consent: "Budi setuju lewat telepon".into(),
    }
}

/// One of `p` ordered by transfer (ctx 0) and the customer's confirmation of
/// 166.500 recorded (ctx 1): the order waits on hold for verification.
pub async fn transfer_waiting(
    s: &TestShop,
    customer: uuid::Uuid,
    p: &ProductSummary,
) -> konter::store::sales::orders::OrderDetail {
    use konter::store::{sales::orders, sales::payments};
    let input = NewOrder {
        payment_method: PaymentMethod::BankTransfer,
        ..order(customer, vec![(p, "1")])
    };
    let o = orders::create(&s.db, &s.ctx(0), input).await.unwrap();
    payments::confirm_transfer(&s.db, &s.ctx(1), o.id, transfer("166.500"))
        .await
        .unwrap()
}
