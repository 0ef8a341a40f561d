//! WooCommerce import on a real database: the documented order JSON, mapped
//! statuses and payment methods, idempotent re-import, updates from webhooks,
//! bad records reported with their reason while the rest import, malformed
//! files refused whole.

use crate::common;

use common::*;
use konter::domain::sales::catalog::{ProductInput, TaxClass, WarrantyType};
use konter::domain::sales::order::{Fulfilment, OrderStatus};
use konter::store::sales::catalog::{self, StockReceipt};
use konter::store::sales::detail::{self, OrderQuery};
use konter::store::{sales::orders, web_store::import};
use std::sync::Mutex;

pub(super) fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/woo/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

pub(super) async fn products(s: &TestShop) {
    for (sku, price, serialised) in [
        ("USB-3M", "150.000", false),
        ("CTX-SD36", "85.000.000", true),
    ] {
        let input = ProductInput {
            sku: sku.into(),
            name: sku.into(),
            brand: "X".into(),
            category: "Y".into(),
            price: price.into(),
            tax_class: TaxClass::Standard,
            serialised,
            weight_grams: "".into(),
            warranty_store_months: "12".into(),
            warranty_maker_months: "12".into(),
            warranty_type: WarrantyType::Standard,
            down_payment_allowed: false,
            cost_price: None,
        };
        let p = catalog::create_product(&s.db, &s.ctx(0), input)
            .await
            .unwrap();
        let serials = if serialised {
            vec!["SN-1".to_string()]
        } else {
            vec![]
        };
        let r = StockReceipt {
            product_id: p.id.to_string(),
            qty: if serialised { "1" } else { "5" }.into(),
            serials,
            note: None,
        };
        catalog::receive_stock(&s.db, &s.ctx(0), r).await.unwrap();
    }
}

async fn by_number(s: &TestShop, number: &str) -> orders::OrderDetail {
    let rows = detail::list(
        &s.db,
        &OrderQuery {
            status: None,
            text: Some(number.into()),
        },
    )
    .await
    .unwrap();
    let row = rows
        .iter()
        .find(|r| r.number == number)
        .unwrap_or_else(|| panic!("{number} not imported"));
    orders::detail(&s.db, row.id).await.unwrap()
}

#[tokio::test]
async fn documented_orders_import_once_and_update_from_webhooks() {
    let s = shop().await;
    products(&s).await;
    let seen = Mutex::new(vec![]);
    let progress = |p: import::ImportProgress| seen.lock().unwrap().push((p.done, p.total));
    let page = fixture("orders-page1.json");
    let r = import::import_json(&s.db, &s.ctx(0), "toko.example.co.id", &page, &progress)
        .await
        .unwrap();
    assert_eq!(
        (r.created, r.updated, r.unchanged, r.rejected.len()),
        (3, 0, 0, 0),
        "{:?}",
        r.rejected
    );
    assert_eq!(seen.lock().unwrap().last(), Some(&(3, 3)));

    let pending = by_number(&s, "WC-727").await;
    assert_eq!(
        (
            pending.status,
            pending.payment_method.as_str(),
            pending.fulfilment
        ),
        (
            OrderStatus::AwaitingPayment,
            "bank_transfer",
            Fulfilment::Delivery
        )
    );
    assert_eq!(pending.customer.phone, "+6281234567890");
    assert_eq!(pending.totals.total, rust_decimal::Decimal::from(333_000));
    let o2o = by_number(&s, "WC-728").await;
    assert_eq!(
        (o2o.status, o2o.fulfilment, o2o.balance.is_zero()),
        (OrderStatus::PaymentReceived, Fulfilment::Pickup, true)
    );
    assert_eq!(o2o.customer.name, "Sari Wulandari");
    let cod = by_number(&s, "WC-729").await;
    assert_eq!(
        (cod.status, cod.coupon_code.as_deref(), cod.totals.shipping),
        (
            OrderStatus::Delivered,
            Some("HEMAT10"),
            rust_decimal::Decimal::from(20_000)
        )
    );

    // The same page again: nothing changes, nothing duplicates.
    let counts = s.counts().await;
    let again = import::import_json(&s.db, &s.ctx(1), "toko.example.co.id", &page, &|_| {})
        .await
        .unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 3));
    assert_eq!(s.counts().await, counts);
    // Another store's order 727 is another order.
    let other = import::import_json(
        &s.db,
        &s.ctx(1),
        "cabang.example.co.id",
        &fixture("webhook-order-updated.json"),
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!(other.created, 1);

    // Webhooks: paid, then cancelled; the reservation goes with it.
    let paid = import::import_json(
        &s.db,
        &s.ctx(2),
        "toko.example.co.id",
        &fixture("webhook-order-updated.json"),
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!(paid.updated, 1);
    let o = by_number(&s, "WC-727").await;
    assert_eq!(
        (o.status, o.paid),
        (OrderStatus::PaymentReceived, o.totals.total)
    );
    // Cancelled in the store while Konter holds its payment: not applied
    // silently, reported for the counter to cancel and refund.
    let before = s.counts().await;
    let cancelled = import::import_json(
        &s.db,
        &s.ctx(3),
        "toko.example.co.id",
        &fixture("webhook-order-cancelled.json"),
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!(cancelled.updated, 0);
    assert!(
        cancelled.rejected[0].reason.contains("paid here"),
        "{:?}",
        cancelled.rejected
    );
    assert_eq!(s.counts().await, before);
    assert_eq!(
        by_number(&s, "WC-727").await.status,
        OrderStatus::PaymentReceived
    );
    // Refunded in the store: cancelled, and the money goes back.
    let mut refunded: serde_json::Value =
        serde_json::from_str(&fixture("webhook-order-cancelled.json")).unwrap();
    refunded["status"] = "refunded".into();
    import::import_json(
        &s.db,
        &s.ctx(3),
        "toko.example.co.id",
        &refunded.to_string(),
        &|_| {},
    )
    .await
    .unwrap();
    let o = by_number(&s, "WC-727").await;
    assert_eq!((o.status, o.paid), (OrderStatus::Cancelled, 0.into()));
    assert!(o.payments.iter().any(|p| p.kind == "refund"));
    let kinds: Vec<String> = o.events.into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds, ["imported", "imported_update", "imported_update"]);
}

#[tokio::test]
async fn bad_records_are_reported_and_the_rest_import() {
    let s = shop().await;
    products(&s).await;
    let r = import::import_json(
        &s.db,
        &s.ctx(0),
        "toko.example.co.id",
        &fixture("orders-with-bad-records.json"),
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!(r.created, 2, "the first and the last are fine");
    let reasons: Vec<(Option<String>, String)> = r
        .rejected
        .iter()
        .map(|x| (x.woo_id.clone(), x.reason.clone()))
        .collect();
    assert_eq!(reasons.len(), 6, "{reasons:?}");
    let why = |id: &str| {
        reasons
            .iter()
            .find(|(w, _)| w.as_deref() == Some(id))
            .map(|(_, r)| r.clone())
            .unwrap()
    };
    assert!(why("730").contains("NOPE-1"), "{}", why("730"));
    assert!(why("731").contains("phone"), "{}", why("731"));
    assert!(why("732").contains("checkout-draft"));
    assert!(why("733").contains("USD"));
    assert!(why("734").contains("order"), "{}", why("734"));
    assert!(why("735").contains("total"));
    // A rejected record left nothing behind: no stray customer from 731.
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 2);

    // A file that is not JSON at all is refused whole, typed, nothing written.
    let before = s.counts().await;
    for junk in ["<html>502 Bad Gateway</html>", "", "[1, 2", "\"orders\""] {
        let err = import::import_json(&s.db, &s.ctx(1), "toko.example.co.id", junk, &|_| {})
            .await
            .unwrap_err();
        assert_eq!(err.field(), Some("file"), "{junk:?}");
    }
    assert_eq!(s.counts().await, before);
}

#[tokio::test]
async fn one_file_naming_an_order_twice_creates_then_updates_and_keeps_the_audit_chain() {
    let s = shop().await;
    products(&s).await;
    let mut orders: Vec<serde_json::Value> =
        serde_json::from_str(&fixture("orders-page1.json")).unwrap();
    let mut later = orders[0].clone();
    later["status"] = "cancelled".into();
    later["date_modified_gmt"] = "2026-11-21T08:00:00".into();
    orders.push(later);
    let outbox_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    let r = import::import_json(
        &s.db,
        &s.ctx(0),
        "toko.example.co.id",
        &serde_json::to_string(&orders).unwrap(),
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!((r.created, r.updated, r.rejected.len()), (3, 1, 0));
    let o = by_number(&s, "WC-727").await;
    assert_eq!(o.status, OrderStatus::Cancelled);
    // 727 and 729 share a phone: one customer, found again within the file.
    let customers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(customers, 2);
    // Outbox rows: 2 customers, 3 creations, 1 update, and the goods of the
    // completed 729 leaving stock; each with its audit entry, chained so the
    // whole trail still verifies.
    let outbox_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(outbox_after - outbox_before, 7);
    let check = konter::store::shop::audit::verify(&s.db, &s.ctx(0))
        .await
        .unwrap();
    assert!(check.broken.is_none(), "{:?}", check.broken);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(audited, outbox_after);
}
