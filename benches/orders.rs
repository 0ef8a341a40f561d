//! Web orders at scale: importing 10 k WooCommerce orders (target ≤ 5 s) and
//! the order list/search over 100 k orders (target p95 ≤ 20 ms). The 100 k
//! database is built once by the importer into target/bench-data.

mod shared;

use criterion::{criterion_group, criterion_main, Criterion};
use konter::domain::sales::catalog::{ProductInput, TaxClass, WarrantyType};
use konter::domain::sales::order::OrderStatus;
use konter::store::sales::catalog::{self, StockReceipt};
use konter::store::sales::detail::{list, OrderQuery};
use konter::store::{web_store::import, Ctx, Db};
use std::path::{Path, PathBuf};
use std::time::Instant;

const ORDERS: usize = 100_000;

/// `n` WooCommerce orders in the documented JSON shape, ids from `first`.
fn woo_json(first: usize, n: usize) -> String {
    let statuses = ["pending", "processing", "completed", "on-hold", "cancelled"];
    let names = [
        "Budi Santoso",
        "Sari Wulandari",
        "Agus Halim",
        "Dewi Lestari",
        "Rudi Hartono",
        "Siti Rahma",
    ];
    let orders: Vec<serde_json::Value> = (first..first + n)
        .map(|i| {
            let (f, l) = names[i % names.len()].split_once(' ').unwrap();
            serde_json::json!({
                "id": i, "number": i.to_string(), "status": statuses[i % statuses.len()], "currency": "IDR",
                "date_created_gmt": "2026-11-20T03:00:00", "date_modified_gmt": "2026-11-20T03:00:00",
                "discount_total": "0.00", "shipping_total": "0.00", "total_tax": "16500.00", "total": "166500.00",
                "customer_note": "", "payment_method": if i % 3 == 0 { "cod" } else { "bacs" },
                "billing": { "first_name": f, "last_name": l, "city": "Jakarta Selatan", "email": format!("c{i}@example.co.id"),
                             "phone": format!("0812{:08}", i % 40_000) },
                "shipping": { "first_name": f, "last_name": l, "address_1": "Jl. Melati 3", "city": "Jakarta Selatan" },
                "line_items": [{ "name": "Kabel USB 3 m", "sku": "USB-3M", "quantity": 1, "subtotal": "150000.00", "total": "150000.00" }],
                "shipping_lines": [{ "method_id": if i % 2 == 0 { "local_pickup" } else { "flat_rate" } }],
                "coupon_lines": []
            })
        })
        .collect();
    serde_json::to_string(&orders).unwrap()
}

async fn shop(path: &Path) -> (Db, Ctx) {
    let db = Db::open(path).await.unwrap();
    let now = chrono::Utc::now();
    let owner = konter::demo::setup_shop(&db, now).await.unwrap();
    let ctx = owner.ctx(now);
    let input = ProductInput {
        sku: "USB-3M".into(),
        name: "Kabel USB 3 m".into(),
        brand: "Ugreen".into(),
        category: "Aksesori".into(),
        price: "150.000".into(),
        tax_class: TaxClass::Standard,
        serialised: false,
        weight_grams: "100".into(),
        warranty_store_months: "".into(),
        warranty_maker_months: "".into(),
        warranty_type: WarrantyType::Standard,
        down_payment_allowed: false,
        cost_price: None,
    };
    let p = catalog::create_product(&db, &ctx, input).await.unwrap();
    // Enough for every order of the 100 k database, whatever its status
    // (completed orders take their goods off the shelf); 10 000 a receipt.
    for _ in 0..11 {
        let r = StockReceipt {
            product_id: p.id.to_string(),
            qty: "10000".into(),
            serials: vec![],
            note: None,
        };
        catalog::receive_stock(&db, &ctx, r).await.unwrap();
    }
    (db, ctx)
}

fn import_10k(rt: &tokio::runtime::Runtime) {
    let dir = tempfile::tempdir().unwrap();
    let json = woo_json(1, 10_000);
    rt.block_on(async {
        let (db, ctx) = shop(&dir.path().join("import.db")).await;
        let started = Instant::now();
        let r = import::import_json(&db, &ctx, "toko.example.co.id", &json, &|_| {})
            .await
            .unwrap();
        eprintln!(
            "imported {} WooCommerce orders in {:?} ({} rejected)",
            r.created,
            started.elapsed(),
            r.rejected.len()
        );
        assert_eq!(r.created, 10_000);
    });
}

fn database(rt: &tokio::runtime::Runtime) -> Db {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("orders-{ORDERS}.db"));
    rt.block_on(async {
        if path.exists() {
            return Db::open(&path).await.unwrap();
        }
        let (db, ctx) = shop(&path).await;
        let started = Instant::now();
        for batch in 0..ORDERS / 10_000 {
            import::import_json(
                &db,
                &ctx,
                "toko.example.co.id",
                &woo_json(1 + batch * 10_000, 10_000),
                &|_| {},
            )
            .await
            .unwrap();
        }
        eprintln!("generated {ORDERS} orders in {:?}", started.elapsed());
        db
    })
}

fn p95(rt: &tokio::runtime::Runtime, db: &Db) {
    let queries: [(Option<&str>, Option<OrderStatus>); 8] = [
        (None, None),
        (Some("WC-5000"), None),
        (Some("0812 0001"), None),
        (Some("wulandari"), None),
        (Some("c77@example"), None),
        (None, Some(OrderStatus::OnHold)),
        (Some("Halim"), Some(OrderStatus::AwaitingPayment)),
        (Some("WC-99999"), None),
    ];
    let mut times = vec![];
    for round in 0..30 {
        for (text, status) in queries {
            let q = OrderQuery {
                status,
                text: text.map(str::to_string),
            };
            let started = Instant::now();
            let rows = rt.block_on(list(db, &q)).unwrap();
            times.push(started.elapsed());
            if round == 0 {
                eprintln!(
                    "  {text:?} {status:?} → {} rows in {:?}",
                    rows.len(),
                    started.elapsed()
                );
            }
        }
    }
    shared::percentiles(
        &format!("order list over {ORDERS} orders"),
        &mut times,
        0.95,
    );
}

fn bench(c: &mut Criterion) {
    let rt = shared::runtime();
    import_10k(&rt);
    let db = database(&rt);
    p95(&rt, &db);
    let mut g = c.benchmark_group("orders_100k");
    g.bench_function("list_newest", |b| {
        b.iter(|| rt.block_on(list(&db, &OrderQuery::default())).unwrap())
    });
    g.bench_function("search_name", |b| {
        b.iter(|| {
            rt.block_on(list(
                &db,
                &OrderQuery {
                    status: None,
                    text: Some("wulandari".into()),
                },
            ))
            .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
