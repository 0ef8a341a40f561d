//! The web store's webhook at a real hub: refused without its signature,
//! and its orders reaching every counter.

use super::web::*;
use super::work::*;
use super::*;

#[tokio::test]
async fn the_web_stores_webhook_needs_its_signature_and_its_orders_reach_every_counter() {
    use konter::domain::web_store::webhook::sign;
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let secret = "whsec-0123456789abcdef";
    let store = "https://toko.example.co.id/";
    assert!(admin::set_woo_secret(&h.hub.pool, h.shop, store, "short")
        .await
        .is_err());
    assert!(
        admin::set_woo_secret(&h.hub.pool, h.shop, "toko.example.co.id", secret)
            .await
            .is_err()
    );
    let fixture = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/../tests/fixtures/woo/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let page: Vec<serde_json::Value> = serde_json::from_str(&fixture("orders-page1.json")).unwrap();
    // Order 727 as created (pending), then as the store updated it (paid).
    let order = serde_json::to_string_pretty(&page[0]).unwrap();
    let paid = fixture("webhook-order-updated.json");
    usb_cable_in_stock(&a).await;
    a.round().await;
    b.round().await;
    let url = format!("{}/s/{}/woo", h.url, h.shop);
    let client = reqwest::Client::new();
    let post_from =
        |source: &'static str, body: String, sig: Option<String>, topic: &'static str| {
            let (client, url) = (client.clone(), url.clone());
            async move {
                let mut r = client
                    .post(url)
                    .header("content-type", "application/json")
                    .header("x-wc-webhook-topic", topic)
                    .header("x-wc-webhook-source", source);
                if let Some(s) = sig {
                    r = r.header("x-wc-webhook-signature", s);
                }
                let r = r.body(body).send().await.unwrap();
                (r.status().as_u16(), r.text().await.unwrap())
            }
        };
    let post = |body: String, sig: Option<String>, topic: &'static str| {
        post_from("https://toko.example.co.id/", body, sig, topic)
    };
    // No secret set yet: refused.
    assert_eq!(
        post(
            order.clone(),
            Some(sign(secret, order.as_bytes())),
            "order.created"
        )
        .await
        .0,
        401
    );
    admin::set_woo_secret(&h.hub.pool, h.shop, store, secret)
        .await
        .unwrap();
    assert_eq!(post(order.clone(), None, "order.created").await.0, 401);
    assert_eq!(
        post(
            order.clone(),
            Some(sign("wrong-secret-123456", order.as_bytes())),
            "order.created"
        )
        .await
        .0,
        401
    );
    let tampered = order.replace("\"total\": \"333000.00\"", "\"total\": \"1.00\"");
    assert_ne!(tampered, order);
    assert_eq!(
        post(
            tampered,
            Some(sign(secret, order.as_bytes())),
            "order.created"
        )
        .await
        .0,
        401
    );
    assert_eq!(
        requests(&h).await,
        0,
        "nothing written without the signature"
    );
    // Signed but not an order: acknowledged (the store would turn the
    // webhook off after failures), not kept.
    let junk = "{\"id\": \"x\"}".to_string();
    let (status, said) = post(
        junk.clone(),
        Some(sign(secret, junk.as_bytes())),
        "order.created",
    )
    .await;
    assert_eq!((status, said.contains("\"accepted\":false")), (200, true));
    let ping = "webhook_id=12".to_string();
    assert_eq!(
        post(
            ping.clone(),
            Some(sign(secret, ping.as_bytes())),
            "action.woocommerce_ping"
        )
        .await
        .0,
        200
    );
    assert_eq!(requests(&h).await, 0);

    // Signed: kept once however often the store redelivers it.
    for _ in 0..3 {
        let (status, _) = post(
            order.clone(),
            Some(sign(secret, order.as_bytes())),
            "order.created",
        )
        .await;
        assert_eq!(status, 200);
    }
    // A captured delivery replayed under another store's name is still the
    // one store's order (the source header is not signed).
    let (status, said) = post_from(
        "https://toko-lain.example/",
        order.clone(),
        Some(sign(secret, order.as_bytes())),
        "order.created",
    )
    .await;
    assert_eq!(status, 200);
    assert!(said.contains("\"new\":false"), "{said}");
    assert_eq!(requests(&h).await, 1);
    let r = a.round().await;
    assert_eq!(r.carried, 1);
    b.round().await;
    for d in [&a, &b] {
        let (number, status): (String, String) =
            sqlx::query_as("SELECT number, status FROM orders WHERE source = 'woocommerce:toko.example.co.id' AND external_id = '727'")
                .fetch_one(&d.db.pool)
                .await
                .unwrap();
        assert_eq!(number, "WC-727");
        assert_eq!(status, "awaiting_payment");
    }
    // The store updates it (paid, with its paid date): the order moves on.
    assert_eq!(
        post(
            paid.clone(),
            Some(sign(secret, paid.as_bytes())),
            "order.updated"
        )
        .await
        .0,
        200
    );
    assert_eq!(b.round().await.carried, 1);
    a.round().await;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE external_id = '727'")
        .fetch_one(&a.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 1, "one order, updated");
    // The store's paid date proves the payment; taken in under the web
    // account, it waits for someone who may verify payments.
    let pays: Vec<(String, i64)> = sqlx::query_as(
        "SELECT p.status, p.amount FROM order_payments p JOIN orders o ON o.id = p.order_id WHERE o.external_id = '727'",
    )
    .fetch_all(&a.db.pool)
    .await
    .unwrap();
    assert_eq!(pays.len(), 1, "{pays:?}");
    assert_eq!(pays[0].1, 333_000);
}

async fn usb_cable_in_stock(d: &Device) {
    let input = ProductInput {
        sku: "USB-3M".into(),
        name: "Kabel USB 3 m".into(),
        brand: "Vention".into(),
        category: "Kabel".into(),
        price: "150.000".into(),
        tax_class: TaxClass::Standard,
        serialised: false,
        weight_grams: "100".into(),
        warranty_store_months: "0".into(),
        warranty_maker_months: "0".into(),
        warranty_type: WarrantyType::Standard,
        down_payment_allowed: false,
        cost_price: None,
    };
    let p = catalog::create_product(&d.db, &d.ctx(3), input)
        .await
        .unwrap();
    let r = StockReceipt {
        product_id: p.id.to_string(),
        qty: "5".into(),
        serials: vec![],
        note: None,
    };
    catalog::receive_stock(&d.db, &d.ctx(4), r).await.unwrap();
}
