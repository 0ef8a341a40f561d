//! The counter work the sync tests do through the core functions: a
//! serialised product in stock, a counter order paid in cash, its O2O
//! handover, a technician, a visit request and its booking. Used by the
//! convergence run and by `sales` and `field`.

use super::*;
pub(super) use chrono::NaiveTime;
pub(super) use konter::domain::payment::PaymentMethod;
pub(super) use konter::domain::sales::catalog::{ProductInput, TaxClass, WarrantyType};
pub(super) use konter::domain::sales::order::{Channel, Fulfilment, OrderStatus};
pub(super) use konter::domain::shop::calendar::DayHours;
pub(super) use konter::store::field::technicians::{self, TechnicianInput};
pub(super) use konter::store::field::visits::{self, BookingInput, VisitKind, VisitRequest};
pub(super) use konter::store::sales::catalog::{self, ProductSummary, StockReceipt};
pub(super) use konter::store::sales::flow::{self, ScannedSerial};
pub(super) use konter::store::sales::orders::{self, NewOrder, OrderLineInput};
pub(super) use konter::store::sales::payments::{self, CounterPayment};
pub(super) use konter::store::staff::{self, NewStaff};

/// A serialised scanner made at `d` with `serials` received into stock.
pub(super) async fn scanner_in_stock(d: &Device, serials: &[&str]) -> ProductSummary {
    let input = ProductInput {
        sku: "CTX-SD36".into(),
        name: "Contex SD36 MF".into(),
        brand: "Contex".into(),
        category: "Scanner".into(),
        price: "8.500.000".into(),
        tax_class: TaxClass::Standard,
        serialised: true,
        weight_grams: "2500".into(),
        warranty_store_months: "12".into(),
        warranty_maker_months: "12".into(),
        warranty_type: WarrantyType::Standard,
        down_payment_allowed: false,
        cost_price: None,
    };
    let p = catalog::create_product(&d.db, &d.ctx(3), input)
        .await
        .unwrap();
    let receipt = StockReceipt {
        product_id: p.id.to_string(),
        qty: serials.len().to_string(),
        serials: serials.iter().map(|s| s.to_string()).collect(),
        note: Some("Kiriman distributor".into()),
    };
    catalog::receive_stock(&d.db, &d.ctx(4), receipt)
        .await
        .unwrap()
}

/// A counter order for one of `product`, paid in full in cash.
pub(super) async fn paid_order(
    d: &Device,
    customer: &str,
    product: Uuid,
    minutes: i64,
) -> konter::Result<orders::OrderDetail> {
    let input = NewOrder {
        channel: Channel::Counter,
        customer_id: customer.into(),
        fulfilment: Fulfilment::Pickup,
        ship_address: None,
        ship_city: None,
        payment_method: PaymentMethod::Cash,
        cod: false,
        coupon: None,
        shipping: None,
        lines: vec![OrderLineInput {
            product_id: product.to_string(),
            qty: "1".into(),
            discount: None,
        }],
        note: None,
        buyer_tax_id: None,
    };
    let o = orders::create(&d.db, &d.ctx(minutes), input).await?;
    if o.status != OrderStatus::AwaitingPayment {
        return Ok(o);
    }
    let pay = CounterPayment {
        method: PaymentMethod::Cash,
        tendered: None,
        amount: None,
    };
    Ok(payments::pay_at_counter(&d.db, &d.ctx(minutes), o.id, pay)
        .await?
        .order)
}

/// The O2O handover of a paid order: the customer takes unit `serial`.
pub(super) async fn hand_over(
    d: &Device,
    order: Uuid,
    serial: &str,
    minutes: i64,
) -> konter::Result<orders::OrderDetail> {
    let scan = ScannedSerial {
        position: 0,
        serial: serial.into(),
    };
    flow::hand_over(&d.db, &d.ctx(minutes), order, vec![scan]).await
}

/// A technician (Mon–Fri 08:30–17:30, scanners) made at `d`; their staff id.
pub(super) async fn technician(d: &Device) -> Uuid {
    let t = staff::add(
        &d.db,
        &d.ctx(3),
        NewStaff {
            name: "Joko Teknisi".into(),
            username: "joko".into(),
            password: "rahasia-joko-1".into(),
            role: Role::Technician,
        },
    )
    .await
    .unwrap();
    let day = Some(DayHours {
        open: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
        close: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
    });
    let input = TechnicianInput {
        skills: vec!["Scanner".into()],
        hours: [day, day, day, day, day, None, None],
        days_off: vec![],
    };
    technicians::set(&d.db, &d.ctx(3), t.id, input)
        .await
        .unwrap();
    t.id
}

/// A visit requested at `d` for `customer`.
pub(super) async fn visit(d: &Device, customer: &str, minutes: i64) -> visits::Visit {
    let input = VisitRequest {
        customer_id: customer.into(),
        site_address: "Jl. Gatot Subroto 12, Jakarta".into(),
        site_contact: "Pak Andi".into(),
        site_phone: "0812 9999 0000".into(),
        kind: VisitKind::Paid,
        problem: "Scanner A0 tidak menarik kertas".into(),
        units: vec![],
        skills: vec!["scanner".into()],
        preferred_at: None,
        quote: Some("400.000".into()),
    };
    visits::request(&d.db, &d.ctx(minutes), input)
        .await
        .unwrap()
}

/// Books `visit` for `tech` at local `when` ("YYYY-MM-DDTHH:MM") for `minutes`.
pub(super) async fn book(
    d: &Device,
    visit: Uuid,
    tech: Uuid,
    when: &str,
    minutes: u32,
    at: i64,
) -> konter::Result<visits::Visit> {
    let input = BookingInput {
        technician_id: tech.to_string(),
        starts_at: when.into(),
        minutes,
        after_hours_accepted: false,
        reason: None,
    };
    visits::book(&d.db, &d.ctx(at), visit, input).await
}

pub(super) async fn ids(pool: &sqlx::SqlitePool, sql: &str) -> Vec<String> {
    let mut v: Vec<String> = sqlx::query_scalar(sql).fetch_all(pool).await.unwrap();
    v.sort();
    v
}
