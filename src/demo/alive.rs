//! The rest of the demo shop, so a newcomer can try every screen in the
//! first minute: products with stock and serials, counter and web orders
//! in several states (paid, waiting for a transfer, ready for pickup,
//! handed over), the warranty registry that the handovers fill, a
//! technician with a week of visits, a courier with today's jobs, a
//! maintenance contract, consultations with a follow-up, and the cash
//! drawer's shift open with its float. Everything goes through the same
//! core functions the screens call.

use crate::domain::field::contract_plan::Frequency;
use crate::domain::payment::PaymentMethod;
use crate::domain::repairs::ticket::{ApprovalChannel, TicketStatus};
use crate::domain::sales::catalog::{ProductInput, TaxClass, WarrantyType};
use crate::domain::sales::order::{Channel, Fulfilment};
use crate::domain::shop::calendar::DayHours;
use crate::domain::staff::Role;
use crate::domain::totals::LineKind;
use crate::error::{Error, Result};
use crate::store::field::{contracts, courier_jobs, technicians, visits};
use crate::store::repairs::{quotes, tickets};
use crate::store::sales::{catalog, flow, orders, payments};
use crate::store::staff::Session;
use crate::store::{cash, Ctx, Db};
use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc};

/// SKU, name, brand, category, price, cost, serialised, stock.
type DemoProduct = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    u32,
);

const PRODUCTS: &[DemoProduct] = &[
    (
        "EPS-DS530",
        "Epson WorkForce DS-530 II",
        "Epson",
        "Scanner",
        "7.850.000",
        "6.400.000",
        true,
        4,
    ),
    (
        "CAN-DRC225",
        "Canon imageFORMULA DR-C225 II",
        "Canon",
        "Scanner",
        "6.250.000",
        "5.100.000",
        true,
        3,
    ),
    (
        "FUJ-FI7160",
        "Fujitsu fi-7160",
        "Fujitsu",
        "Scanner",
        "15.900.000",
        "13.200.000",
        true,
        2,
    ),
    (
        "EPS-L3210",
        "Epson EcoTank L3210",
        "Epson",
        "Printer",
        "2.350.000",
        "1.980.000",
        true,
        5,
    ),
    (
        "UGR-USB-C1",
        "Kabel USB-C 1 m Ugreen",
        "Ugreen",
        "Aksesori",
        "75.000",
        "42.000",
        false,
        40,
    ),
    (
        "EPS-T664-BK",
        "Tinta Epson 664 Hitam",
        "Epson",
        "Tinta",
        "85.000",
        "61.000",
        false,
        60,
    ),
    (
        "CAN-RLR-225",
        "Roller kit DR-C225",
        "Canon",
        "Suku cadang",
        "650.000",
        "480.000",
        false,
        8,
    ),
];

fn staff_named<'a>(all: &'a [(String, String)], username: &str) -> Result<&'a str> {
    all.iter()
        .find(|(u, _)| u == username)
        .map(|(_, id)| id.as_str())
        .ok_or_else(|| Error::not_found("demo staff"))
}

/// Fills every area of a shop set up by `setup_shop` and `fill`.
pub async fn fill_shop(db: &Db, owner: &Session, now: DateTime<Utc>) -> Result<()> {
    let at = |minutes: i64| Ctx {
        staff_id: owner.staff_id,
        role: Role::Owner,
        now: now + Duration::minutes(minutes),
    };
    let staff: Vec<(String, String)> = sqlx::query_as("SELECT username, id FROM staff")
        .fetch_all(&db.pool)
        .await?;
    let customers: Vec<String> =
        sqlx::query_scalar("SELECT id FROM customers ORDER BY created_at LIMIT 12")
            .fetch_all(&db.pool)
            .await?;
    if customers.len() < 6 {
        return Err(Error::invalid_state("demo", "fill the customers first"));
    }
    // The catalogue with stock; serialised goods with their serials.
    let mut products = vec![];
    for (i, (sku, name, brand, category, price, cost, serialised, qty)) in
        PRODUCTS.iter().enumerate()
    {
        let p = catalog::create_product(
            db,
            &at(0),
            ProductInput {
                sku: sku.to_string(),
                name: name.to_string(),
                brand: brand.to_string(),
                category: category.to_string(),
                price: price.to_string(),
                tax_class: TaxClass::Standard,
                serialised: *serialised,
                weight_grams: "1200".into(),
                warranty_store_months: if *serialised { "12" } else { "" }.into(),
                warranty_maker_months: if *serialised { "24" } else { "" }.into(),
                warranty_type: WarrantyType::Standard,
                down_payment_allowed: false,
                cost_price: Some(cost.to_string()),
            },
        )
        .await?;
        let serials: Vec<String> = if *serialised {
            (0..*qty)
                .map(|n| format!("{}{:02}{:04}", &sku[..3], i, 1000 + n))
                .collect()
        } else {
            vec![]
        };
        let receipt = catalog::StockReceipt {
            product_id: p.id.to_string(),
            qty: qty.to_string(),
            serials,
            note: Some("Stok awal demo".into()),
        };
        catalog::receive_stock(db, &at(1), receipt).await?;
        products.push(p);
    }
    let line = |p: &catalog::ProductSummary, qty: &str| orders::OrderLineInput {
        product_id: p.id.to_string(),
        qty: qty.into(),
        discount: None,
    };
    let order = |customer: &str, channel, fulfilment, method, lines| orders::NewOrder {
        channel,
        customer_id: customer.to_string(),
        fulfilment,
        ship_address: (fulfilment == Fulfilment::Delivery).then(|| "Jl. Melati 3".to_string()),
        ship_city: (fulfilment == Fulfilment::Delivery).then(|| "Depok".to_string()),
        payment_method: method,
        cod: false,
        coupon: None,
        shipping: None,
        lines,
        note: None,
        buyer_tax_id: None,
    };
    let cash_pay = |method| payments::CounterPayment {
        method,
        tendered: None,
        amount: None,
    };
    // The drawer's shift, opened first so the counter's cash goes in it.
    cash::open(
        db,
        &at(2),
        cash::ShiftOpen {
            float: "500.000".into(),
        },
    )
    .await?;
    // Scanners sold and handed over: they fill the warranty registry.
    for (n, c) in customers.iter().take(3).enumerate() {
        let p = &products[n % 2];
        let o = orders::create(
            db,
            &at(10 + n as i64),
            order(
                c,
                Channel::Counter,
                Fulfilment::Pickup,
                PaymentMethod::Card,
                vec![line(p, "1")],
            ),
        )
        .await?;
        payments::pay_at_counter(db, &at(11 + n as i64), o.id, cash_pay(PaymentMethod::Card))
            .await?;
        let serial: String = sqlx::query_scalar("SELECT serial FROM units WHERE product_id = ? AND status = 'in_stock' ORDER BY serial LIMIT 1")
            .bind(p.id.to_string())
            .fetch_one(&db.pool)
            .await?;
        let scans = vec![crate::store::sales::handover::ScannedSerial {
            position: 0,
            serial,
        }];
        flow::hand_over(db, &at(12 + n as i64), o.id, scans).await?;
    }
    // Cables and ink paid in cash (into the drawer); an order ready for
    // pickup; a web order waiting for its transfer to be verified.
    let o = orders::create(
        db,
        &at(20),
        order(
            &customers[3],
            Channel::Counter,
            Fulfilment::Pickup,
            PaymentMethod::Cash,
            vec![line(&products[4], "2"), line(&products[5], "3")],
        ),
    )
    .await?;
    payments::pay_at_counter(db, &at(21), o.id, cash_pay(PaymentMethod::Cash)).await?;
    flow::hand_over(db, &at(22), o.id, vec![]).await?;
    let o = orders::create(
        db,
        &at(23),
        order(
            &customers[4],
            Channel::Phone,
            Fulfilment::Pickup,
            PaymentMethod::Qris,
            vec![line(&products[6], "1")],
        ),
    )
    .await?;
    payments::pay_at_counter(db, &at(24), o.id, cash_pay(PaymentMethod::Qris)).await?;
    flow::start_processing(db, &at(25), o.id).await.ok();
    flow::ready_for_pickup(db, &at(26), o.id).await?;
    let o = orders::create(
        db,
        &at(27),
        order(
            &customers[5],
            Channel::Web,
            Fulfilment::Delivery,
            PaymentMethod::BankTransfer,
            vec![line(&products[3], "1")],
        ),
    )
    .await?;
    let form = payments::TransferConfirmation {
        bank: "BCA".into(),
        account_name: "Dewi Lestari".into(),
        amount: o.totals.total.to_string(),
        paid_on: now.format("%Y-%m-%d").to_string(),
        proof_path: None,
    };
    payments::confirm_transfer(db, &at(28), o.id, form).await?;
    orders::create(
        db,
        &at(29),
        order(
            &customers[0],
            Channel::Web,
            Fulfilment::Delivery,
            PaymentMethod::BankTransfer,
            vec![line(&products[4], "1")],
        ),
    )
    .await?;

    // A repair made ready (its customer will pick it up).
    let ready: Option<String> = sqlx::query_scalar(
        "SELECT id FROM tickets WHERE status = 'diagnosing' ORDER BY created_at LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?;
    let ready_id = match ready {
        Some(id) => {
            let id = crate::store::parse_id("id", &id)?;
            let lines = vec![quotes::LineInput {
                kind: LineKind::Labour,
                description: "Ganti roller & pembersihan".into(),
                qty: "1".into(),
                unit_price: "350.000".into(),
                discount: "".into(),
            }];
            quotes::set_quote(db, &at(30), id, lines).await?;
            let ok = quotes::QuoteDecision {
                approved: true,
                channel: ApprovalChannel::Phone,
                diagnosis_fee: None,
                note: None,
            };
            quotes::decide(db, &at(31), id, ok).await?;
            tickets::change_status(db, &at(32), id, TicketStatus::ReadyForPickup, None).await?;
            Some(id)
        }
        None => None,
    };

    // The technician's week: working hours, two visits a working day.
    let tech = staff_named(&staff, "agus")?;
    let day = Some(DayHours {
        open: NaiveTime::from_hms_opt(8, 30, 0).unwrap_or_default(),
        close: NaiveTime::from_hms_opt(17, 30, 0).unwrap_or_default(),
    });
    let input = technicians::TechnicianInput {
        skills: vec!["scanner".into(), "printer".into()],
        hours: [day, day, day, day, day, None, None],
        days_off: vec![],
    };
    technicians::set(db, &at(33), crate::store::parse_id("id", tech)?, input).await?;
    let cal = crate::store::shop::calendar::calendar(db).await?;
    let mut date = cal.local_date(now);
    let mut booked = 0;
    for n in 0..14 {
        if booked >= 8 {
            break;
        }
        date = if n == 0 {
            date
        } else {
            date.succ_opt().unwrap_or(date)
        };
        if !cal.is_working_day(date) || date.weekday().num_days_from_monday() >= 5 {
            continue;
        }
        for (k, hour) in ["10:00", "14:00"].iter().enumerate() {
            let customer = &customers[(n + k) % customers.len()];
            let request = visits::VisitRequest {
                customer_id: customer.clone(),
                site_address: [
                    "Jl. Gatot Subroto 12, Jakarta",
                    "Jl. Hayam Wuruk 88, Jakarta",
                    "Ruko Kelapa Gading Blok B2",
                ][(n + k) % 3]
                    .into(),
                site_contact: "Bagian umum".into(),
                site_phone: "0812 9999 0000".into(),
                kind: visits::VisitKind::Paid,
                problem: [
                    "Scanner tidak menarik kertas",
                    "Printer bergaris",
                    "Instalasi scanner baru",
                ][(n + k) % 3]
                    .into(),
                units: vec![],
                skills: vec!["scanner".into()],
                preferred_at: None,
                quote: Some("250.000".into()),
            };
            let v = visits::request(db, &at(40 + booked), request).await?;
            let when = format!("{date}T{hour}");
            let b = visits::BookingInput {
                technician_id: tech.to_string(),
                starts_at: when,
                minutes: 90,
                after_hours_accepted: false,
                reason: None,
            };
            // A slot in the past today is not booked: the request waits.
            if visits::book(db, &at(41 + booked), v.id, b).await.is_ok() {
                booked += 1;
            }
        }
    }

    // Today's courier jobs: the ready repair delivered.
    if let Some(id) = ready_id {
        let job = courier_jobs::NewJob {
            kind: courier_jobs::JobKind::Delivery,
            ticket_id: id.to_string(),
            address: "Jl. Melati 3".into(),
            city: "Depok".into(),
            phone: "0812 3456 7890".into(),
            courier_id: staff_named(&staff, "rudi")?.to_string(),
            planned_on: cal.local_date(now).to_string(),
            collect_balance: true,
        };
        courier_jobs::create(db, &at(60), job).await?;
    }

    // A maintenance contract and consultations, one with a follow-up due.
    let today = cal.local_date(now);
    let contract = contracts::NewContract {
        customer_id: customers[1].clone(),
        units: vec!["EPS000001".into()],
        site_address: "Jl. Hayam Wuruk 88, Jakarta".into(),
        starts_on: today.to_string(),
        ends_on: (today + Duration::days(364)).to_string(),
        frequency: Frequency::Quarterly,
        sla_hours: 8,
    };
    contracts::create(db, &at(61), contract).await?;
    for (n, (problem, follow)) in [
        ("Hasil scan bergaris setelah update driver", Some(today)),
        ("Cara scan ke folder jaringan", None),
    ]
    .iter()
    .enumerate()
    {
        let c = contracts::Consultation {
            customer_id: customers[n + 2].clone(),
            serial: None,
            problem: problem.to_string(),
            software: Some("Epson Scan 2".into()),
            advice: "Pasang ulang driver terbaru, kalibrasi dari menu Maintenance".into(),
            follow_up_on: follow.map(|d| d.to_string()),
        };
        contracts::consult(db, &at(62 + n as i64), c).await?;
    }
    Ok(())
}
