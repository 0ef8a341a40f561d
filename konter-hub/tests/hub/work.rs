//! Counter work done apart that the hub must take as facts and name for
//! people: one serial unit sold at two counters (both sales stand, the unit
//! is a `unit_twice` conflict), one technician booked for overlapping hours
//! at two counters (one booking confirmed, the other tentative with its
//! `double_booked` conflict), one order handed over at two counters, a push
//! whose reply was lost, and the day report of a shop of two branches. The
//! helpers are the convergence run's too; the two defects its sales steps
//! found keep their tests here.

use super::*;
use chrono::NaiveTime;
use konter::domain::payment::PaymentMethod;
use konter::domain::sales::catalog::{ProductInput, TaxClass, WarrantyType};
use konter::domain::sales::order::{Channel, Fulfilment, OrderStatus};
use konter::domain::shop::calendar::DayHours;
use konter::store::field::technicians::{self, TechnicianInput};
use konter::store::field::visits::{self, BookingInput, VisitKind, VisitRequest};
use konter::store::sales::catalog::{self, ProductSummary, StockReceipt};
use konter::store::sales::flow::{self, ScannedSerial};
use konter::store::sales::orders::{self, NewOrder, OrderLineInput};
use konter::store::sales::payments::{self, CounterPayment};
use konter::store::staff::{self, NewStaff};

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

async fn ids(pool: &sqlx::SqlitePool, sql: &str) -> Vec<String> {
    let mut v: Vec<String> = sqlx::query_scalar(sql).fetch_all(pool).await.unwrap();
    v.sort();
    v
}

#[tokio::test]
async fn one_serial_unit_sold_at_two_counters_apart_keeps_both_sales_and_is_a_conflict() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let customer = shared_customer(&a, &b).await;
    let scanner = scanner_in_stock(&a, &["SN-0001", "SN-0002"]).await;
    a.round().await;
    b.round().await;
    for d in [&a, &b] {
        let p = catalog::get(&d.db, scanner.id).await.unwrap();
        assert_eq!(p.available, 2, "the receipt reached every counter");
    }
    // While apart, both counters sell SN-0001, take the money and hand it over.
    let oa = paid_order(&a, &customer, scanner.id, 10).await.unwrap();
    hand_over(&a, oa.id, "SN-0001", 11).await.unwrap();
    let ob = paid_order(&b, &customer, scanner.id, 12).await.unwrap();
    hand_over(&b, ob.id, "SN-0001", 13).await.unwrap();
    a.round().await;
    b.round().await;
    a.round().await;

    let unit: String = sqlx::query_scalar("SELECT id FROM units WHERE serial = 'SN-0001'")
        .fetch_one(&a.db.pool)
        .await
        .unwrap();
    let conflicts: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT kind, tbl, row_key FROM conflicts WHERE shop_id = $1 AND resolved_at IS NULL ORDER BY seq",
    )
    .bind(h.shop)
    .fetch_all(&h.hub.pool)
    .await
    .unwrap();
    // The unit sold twice is the only thing for people to decide.
    assert_eq!(
        conflicts,
        vec![("unit_twice".to_string(), "units".to_string(), unit.clone())]
    );

    // Money taken is never refused: both orders and both payments are facts
    // at the hub and at both counters.
    let mut orders_both = vec![oa.id.to_string(), ob.id.to_string()];
    orders_both.sort();
    let at_hub = |sql: &'static str| {
        let (pool, shop, both) = (h.hub.pool.clone(), h.shop, orders_both.clone());
        async move {
            let mut v: Vec<String> = sqlx::query_scalar(sql)
                .bind(shop)
                .bind(&both)
                .fetch_all(&pool)
                .await
                .unwrap();
            v.sort();
            v
        }
    };
    assert_eq!(
        at_hub("SELECT id FROM rows.orders WHERE _shop = $1 AND id = ANY($2)").await,
        orders_both
    );
    assert_eq!(
        at_hub("SELECT order_id FROM rows.order_payments WHERE _shop = $1 AND order_id = ANY($2) AND status = 'verified'").await,
        orders_both
    );
    let refused = count(
        &h,
        "SELECT COUNT(*) FROM changes WHERE NOT applied AND tbl IN ('orders', 'order_payments', 'order_events', 'stock_moves')",
    )
    .await;
    assert_eq!(refused, 0, "no part of a sale is kept out");
    for d in [&a, &b] {
        let s = sync::status(&d.db).await.unwrap();
        assert_eq!((s.last_error, s.conflicts, s.waiting), (None, 0, 0));
        let list = format!("'{}', '{}'", orders_both[0], orders_both[1]);
        let orders_here = ids(
            &d.db.pool,
            &format!("SELECT id FROM orders WHERE id IN ({list})"),
        )
        .await;
        let paid_here = ids(
            &d.db.pool,
            &format!("SELECT order_id FROM order_payments WHERE status = 'verified' AND order_id IN ({list})"),
        )
        .await;
        assert_eq!(
            (orders_here, paid_here),
            (orders_both.clone(), orders_both.clone())
        );
        for o in [&oa, &ob] {
            let o = orders::detail(&d.db, o.id).await.unwrap();
            assert_eq!(o.status, OrderStatus::PickedUp, "{}", o.number);
        }
        // Both sale moves of the unit are in its history everywhere.
        let sold = ids(
            &d.db.pool,
            "SELECT order_id FROM stock_moves WHERE kind = 'sale' AND serial = 'SN-0001'",
        )
        .await;
        assert_eq!(sold, orders_both);
    }

    // The owner sees it with both sides: each a sale of the unit to another order.
    let cfg = sync::config(&b.db).await.unwrap().unwrap();
    let listed = HttpHub::for_config(&cfg)
        .unwrap()
        .conflicts()
        .await
        .unwrap();
    let c = listed
        .iter()
        .find(|c| c.kind == "unit_twice")
        .unwrap_or_else(|| panic!("{listed:?}"));
    assert_eq!(
        (c.table.as_str(), c.key.as_str(), c.resolved.as_deref()),
        ("units", unit.as_str(), None)
    );
    assert!(c.other_device.is_some() && c.other_device.as_deref() != Some(c.device.as_str()));
    let side = |v: &Option<serde_json::Value>| {
        let v = v
            .as_ref()
            .unwrap_or_else(|| panic!("a side is missing: {c:?}"));
        assert_eq!(
            (v["serial"].as_str(), v["status"].as_str()),
            (Some("SN-0001"), Some("sold"))
        );
        v["order_id"].as_str().unwrap().to_string()
    };
    let mut sides = vec![side(&c.mine), side(&c.theirs)];
    sides.sort();
    assert_eq!(sides, orders_both, "each side names its own sale");
}

#[tokio::test]
async fn one_technician_booked_twice_apart_keeps_one_booking_confirmed() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let customer = shared_customer(&a, &b).await;
    let joko = technician(&a).await;
    let first = visit(&a, &customer, 5).await;
    let second = visit(&a, &customer, 6).await;
    a.round().await;
    b.round().await;
    // While apart: Tuesday 09:00–10:00 at counter A, 09:30–11:00 at counter B.
    book(&a, first.id, joko, "2026-11-24T09:00", 60, 10)
        .await
        .unwrap();
    book(&b, second.id, joko, "2026-11-24T09:30", 90, 11)
        .await
        .unwrap();
    // Not at the hub yet: each counter shows its own booking as tentative.
    let standing = |d: &Device, id: Uuid| {
        let db = d.db.clone();
        async move { visits::get(&db, Utc::now(), id).await.unwrap().confirmation }
    };
    assert_eq!(standing(&a, first.id).await.as_deref(), Some("tentative"));
    assert_eq!(standing(&b, second.id).await.as_deref(), Some("tentative"));
    a.round().await;
    b.round().await;
    a.round().await;
    // Once synced: the first confirmed, the second not, at every counter.
    for d in [&a, &b] {
        assert_eq!(standing(d, first.id).await.as_deref(), Some("confirmed"));
        assert_eq!(
            standing(d, second.id).await.as_deref(),
            Some("double_booked")
        );
    }

    let confirmed = |h: &TestHub| {
        let pool = h.hub.pool.clone();
        let shop = h.shop;
        async move {
            let mut v: Vec<String> =
                sqlx::query_scalar("SELECT visit_id FROM confirmed_bookings WHERE shop_id = $1")
                    .bind(shop)
                    .fetch_all(&pool)
                    .await
                    .unwrap();
            v.sort();
            v
        }
    };
    let conflicts = |h: &TestHub| {
        let pool = h.hub.pool.clone();
        let shop = h.shop;
        async move {
            sqlx::query_as::<_, (String, String, String, Option<String>)>(
                "SELECT kind, tbl, row_key, detail FROM conflicts WHERE shop_id = $1 ORDER BY seq",
            )
            .bind(shop)
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    let once = vec![(
        "double_booked".to_string(),
        "visits".to_string(),
        second.id.to_string(),
        Some(first.id.to_string()),
    )];
    assert_eq!(confirmed(&h).await, vec![first.id.to_string()]);
    assert_eq!(conflicts(&h).await, once);
    // Both bookings are facts everywhere; the hub confirmed the first.
    for d in [&a, &b] {
        let s = sync::status(&d.db).await.unwrap();
        assert_eq!((s.last_error, s.conflicts, s.waiting), (None, 0, 0));
        for v in [&first, &second] {
            let v = visits::get(&d.db, Utc::now(), v.id).await.unwrap();
            assert_eq!(
                (v.status.as_str(), v.technician_id.as_deref()),
                ("booked", Some(joko.to_string().as_str()))
            );
        }
    }
    let cfg = sync::config(&a.db).await.unwrap().unwrap();
    let listed = HttpHub::for_config(&cfg)
        .unwrap()
        .conflicts()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(
        (listed[0].kind.as_str(), listed[0].key.as_str()),
        ("double_booked", second.id.to_string().as_str())
    );
    assert!(listed[0].mine.is_some() && listed[0].theirs.is_some());

    // Syncing again finds nothing new.
    for _ in 0..2 {
        a.round().await;
        b.round().await;
    }
    assert_eq!(confirmed(&h).await, vec![first.id.to_string()]);
    assert_eq!(conflicts(&h).await, once);

    // A booking that overlaps nothing is confirmed, with no conflict.
    let third = visit(&b, &customer, 30).await;
    book(&b, third.id, joko, "2026-11-24T13:00", 60, 31)
        .await
        .unwrap();
    b.round().await;
    a.round().await;
    let mut want = vec![first.id.to_string(), third.id.to_string()];
    want.sort();
    assert_eq!(confirmed(&h).await, want);
    assert_eq!(conflicts(&h).await, once);

    // The technician checks in at the unconfirmed visit: a later version of
    // it, still over the confirmed one, so still not confirmed everywhere.
    konter::store::field::work::check_in(&b.db, &b.ctx(40), second.id)
        .await
        .unwrap();
    b.round().await;
    a.round().await;
    for d in [&a, &b] {
        assert_eq!(
            standing(d, second.id).await.as_deref(),
            Some("double_booked")
        );
    }
    assert_eq!(conflicts(&h).await, once);
}

/// One paid order handed over at two counters while apart registers the
/// unit's warranty at both: the registry id comes from the serial and the
/// invoice (`domain::warranty::unit_id`), so it is one row everywhere (a
/// conflict at the hub, not two rows the devices' `UNIQUE (serial,
/// invoice_number)` would split). Found by the convergence run.
#[tokio::test]
async fn one_order_handed_over_at_two_counters_apart_leaves_every_copy_the_same() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let customer = shared_customer(&a, &b).await;
    let scanner = scanner_in_stock(&a, &["SN-0001", "SN-0002"]).await;
    let o = paid_order(&a, &customer, scanner.id, 10).await.unwrap();
    a.round().await;
    b.round().await;
    // While apart, the paid order is handed over at both counters, with the
    // same unit: two warranty registrations of SN-0001 on the one invoice.
    hand_over(&a, o.id, "SN-0001", 11).await.unwrap();
    hand_over(&b, o.id, "SN-0001", 12).await.unwrap();
    a.round().await;
    b.round().await;
    a.round().await;
    let conflicts: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, tbl FROM conflicts WHERE shop_id = $1 ORDER BY seq")
            .bind(h.shop)
            .fetch_all(&h.hub.pool)
            .await
            .unwrap();
    assert!(
        conflicts.contains(&("unit_twice".to_string(), "units".to_string())),
        "{conflicts:?}"
    );
    let mut at_hub: Vec<String> =
        sqlx::query_scalar("SELECT id FROM rows.warranties WHERE _shop = $1")
            .bind(h.shop)
            .fetch_all(&h.hub.pool)
            .await
            .unwrap();
    at_hub.sort();
    for d in [&a, &b] {
        let here = ids(&d.db.pool, "SELECT id FROM warranties").await;
        let kept: Vec<(String, String)> =
            sqlx::query_as("SELECT tbl, reason FROM sync_conflicts ORDER BY hub_seq")
                .fetch_all(&d.db.pool)
                .await
                .unwrap();
        assert_eq!(
            (here, kept),
            (at_hub.clone(), vec![]),
            "the hub's warranties and this counter's, and what it kept aside"
        );
    }
}

/// The hub behind a network that, for now, commits a push and loses the
/// reply (`lost`) or does not carry it at all; pulls go through.
struct Unlucky {
    hub: HttpHub,
    lost: bool,
}

impl Transport for Unlucky {
    async fn push(&self, batch: &PushBatch) -> konter::Result<konter::domain::sync::PushReply> {
        if self.lost {
            self.hub.push(batch).await?;
        }
        Err(konter::Error::Storage {
            message: "the hub cannot be reached".into(),
        })
    }

    async fn pull(
        &self,
        after: i64,
        limit: usize,
    ) -> konter::Result<konter::domain::sync::PullReply> {
        self.hub.pull(after, limit).await
    }
}

/// A device whose push reached the hub but whose reply was lost still has
/// the change queued, so it holds every pulled change of that row: its own
/// and the newer one another counter made on top of it. Held changes wait in
/// `sync_held` and apply in the hub's order once the queue no longer holds
/// the row, so the newer change is not lost (seed 7 of the convergence run
/// at 120 steps found it).
#[tokio::test]
async fn an_order_handed_over_elsewhere_reaches_the_counter_whose_push_reply_was_lost() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let customer = shared_customer(&a, &b).await;
    let scanner = scanner_in_stock(&a, &["SN-0001"]).await;
    a.round().await;
    b.round().await;
    let cfg = sync::config(&a.db).await.unwrap().unwrap();
    let net = |lost| Unlucky {
        hub: HttpHub::for_config(&cfg).unwrap(),
        lost,
    };
    // Counter A sells; its push reaches the hub, the reply does not.
    let o = paid_order(&a, &customer, scanner.id, 10).await.unwrap();
    assert!(sync::round(&a.db, &net(true), Utc::now()).await.is_err());
    // Counter B sees the paid order and hands it over.
    b.round().await;
    hand_over(&b, o.id, "SN-0001", 11).await.unwrap();
    b.round().await;
    // A pulls while its pushes still fail, then the network heals.
    assert!(sync::round(&a.db, &net(false), Utc::now()).await.is_err());
    a.round().await;
    a.round().await;
    assert_eq!(sync::status(&a.db).await.unwrap().waiting, 0);
    let at_hub: String =
        sqlx::query_scalar("SELECT status FROM rows.orders WHERE _shop = $1 AND id = $2")
            .bind(h.shop)
            .bind(o.id.to_string())
            .fetch_one(&h.hub.pool)
            .await
            .unwrap();
    assert_eq!(at_hub, "picked_up");
    for (d, counter) in [(&a, "K1"), (&b, "K2")] {
        let o = orders::detail(&d.db, o.id).await.unwrap();
        assert_eq!(o.status, OrderStatus::PickedUp, "{} at {counter}", o.number);
    }
}

#[tokio::test]
async fn the_day_report_takes_the_whole_shop_once_synced() {
    let h = hub().await;
    let (a, _) = two_counters(&h).await;
    // A counter of the Bandung branch joins the same shop.
    let c = joined(&h, "BDG1", "K1", "Kasir Bandung", a.owner).await;
    let customer = shared_customer(&a, &c).await;
    let scanner = scanner_in_stock(&a, &["SN-J001"]).await;
    a.round().await;
    c.round().await;
    let receipt = StockReceipt {
        product_id: scanner.id.to_string(),
        qty: "1".into(),
        serials: vec!["SN-B001".into()],
        note: None,
    };
    catalog::receive_stock(&c.db, &c.ctx(5), receipt)
        .await
        .unwrap();
    let jakarta = paid_order(&a, &customer, scanner.id, 10).await.unwrap();
    let bandung = paid_order(&c, &customer, scanner.id, 12).await.unwrap();
    assert!(bandung.number.contains("-BDG1-"), "{}", bandung.number);
    a.round().await;
    c.round().await;
    a.round().await;
    for d in [&a, &c] {
        let r = konter::store::sales::reports::day(&d.db, &d.ctx(60), Some("2026-11-23"))
            .await
            .unwrap();
        let branches: Vec<(String, i64, String)> = r
            .by_branch
            .iter()
            .map(|b| (b.branch.clone(), b.count, b.taken.to_string()))
            .collect();
        assert_eq!(
            branches,
            vec![
                ("BDG1".to_string(), 1, bandung.totals.total.to_string()),
                ("JKT1".to_string(), 1, jakarta.totals.total.to_string()),
            ]
        );
        assert_eq!(r.taken, jakarta.totals.total + bandung.totals.total);
    }
}

#[tokio::test]
async fn the_last_unit_taken_at_two_counters_apart_is_an_oversold_conflict() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let customer = shared_customer(&a, &b).await;
    let input = ProductInput {
        sku: "RLR-A4".into(),
        name: "Roller kit A4".into(),
        brand: "Contex".into(),
        category: "Part".into(),
        price: "250.000".into(),
        tax_class: TaxClass::Standard,
        serialised: false,
        weight_grams: "200".into(),
        warranty_store_months: "0".into(),
        warranty_maker_months: "0".into(),
        warranty_type: WarrantyType::Standard,
        down_payment_allowed: false,
    };
    let p = catalog::create_product(&a.db, &a.ctx(3), input)
        .await
        .unwrap();
    let receipt = StockReceipt {
        product_id: p.id.to_string(),
        qty: "1".into(),
        serials: vec![],
        note: None,
    };
    catalog::receive_stock(&a.db, &a.ctx(4), receipt)
        .await
        .unwrap();
    a.round().await;
    b.round().await;
    // While apart, each counter sells the one roller kit it sees in stock;
    // each sale is tentative until the hub has it.
    let first = paid_order(&a, &customer, p.id, 10).await.unwrap();
    let second = paid_order(&b, &customer, p.id, 11).await.unwrap();
    assert_eq!(first.confirmation.as_deref(), Some("tentative"));
    a.round().await;
    b.round().await;
    a.round().await;
    let kinds: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, tbl FROM conflicts WHERE shop_id = $1")
            .bind(h.shop)
            .fetch_all(&h.hub.pool)
            .await
            .unwrap();
    assert_eq!(
        kinds,
        vec![("oversold".to_string(), "reservations".to_string())]
    );
    // The order that came second shows it at both counters; the first is confirmed.
    for d in [&a, &b] {
        let mut standing = Vec::new();
        for o in [&first, &second] {
            standing.push(orders::detail(&d.db, o.id).await.unwrap().confirmation);
        }
        assert_eq!(
            standing,
            vec![Some("confirmed".to_string()), Some("oversold".to_string())]
        );
    }
    // Both sales stand everywhere: one kit, two paid orders holding it.
    for d in [&a, &b] {
        let held: i64 = sqlx::query_scalar(
            "SELECT SUM(qty) FROM reservations WHERE product_id = ? AND released_at IS NULL",
        )
        .bind(p.id.to_string())
        .fetch_one(&d.db.pool)
        .await
        .unwrap();
        assert_eq!(held, 2);
    }
}

#[tokio::test]
async fn a_chain_of_custody_made_at_two_counters_reads_the_same_everywhere() {
    use konter::domain::field::custody::Party;
    use konter::store::field::courier_jobs::{self, Handover};
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let number = intake(&a, "Budi Santoso", "0812-3456-7890", 5).await;
    a.round().await;
    b.round().await;
    let (id, code): (String, String) =
        sqlx::query_as("SELECT id, tracking_code FROM tickets WHERE number = ?")
            .bind(&number)
            .fetch_one(&a.db.pool)
            .await
            .unwrap();
    let id = Uuid::parse_str(&id).unwrap();
    // While apart, each counter takes the device in from the customer.
    for (d, condition, at) in [(&a, "Lecet di tutup", 10), (&b, "Adaptor ada", 11)] {
        let step = Handover {
            from: Party::Customer,
            to: Party::Counter,
            condition: condition.into(),
            scanned: code.clone(),
            job_id: None,
        };
        courier_jobs::hand_over(&d.db, &d.ctx(at), id, step)
            .await
            .unwrap();
    }
    // B's goes up first, so it is first in the hub's order; each device
    // wrote its own first and received the other's after.
    b.round().await;
    a.round().await;
    b.round().await;
    let chain = |d: &Device| {
        let db = d.db.clone();
        async move {
            courier_jobs::chain_of(&db, id)
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.condition)
                .collect::<Vec<_>>()
        }
    };
    let want = vec!["Adaptor ada".to_string(), "Lecet di tutup".to_string()];
    assert_eq!(chain(&a).await, want, "at counter A");
    assert_eq!(chain(&b).await, want, "at counter B");
}
