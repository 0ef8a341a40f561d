//! The catalogue from a spreadsheet: 10 000 products from an XLSX into an
//! empty shop, with the audit and outbox of each. Target (issue 16): a few
//! seconds. Before: the same products typed in one by one (the product
//! form's `create_product`, one transaction each), in the same run.

mod shared;

use konter::domain::sales::catalog::{ProductInput, TaxClass, WarrantyType};
use konter::store::sales::catalog::create_product;
use konter::store::sales::catalog_sheet::import;
use std::time::Instant;

const N: usize = 10_000;

fn workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in [
        "SKU",
        "Nama",
        "Merek",
        "Kategori",
        "Harga",
        "Harga pokok",
        "Serial",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..N {
        let r = i as u32 + 1;
        ws.write_string(r, 0, format!("SKU-{i:05}")).unwrap();
        ws.write_string(r, 1, format!("Produk nomor {i}")).unwrap();
        ws.write_string(r, 2, "Ugreen").unwrap();
        ws.write_string(r, 3, "Aksesori").unwrap();
        ws.write_number(r, 4, 10_000.0 + i as f64).unwrap();
        ws.write_number(r, 5, 6_000.0).unwrap();
        ws.write_string(r, 6, "tidak").unwrap();
    }
    book.save_to_buffer().unwrap()
}

fn main() {
    let rt = shared::runtime();
    let file = workbook();
    let fresh = |name: &str| {
        let dir = tempfile::tempdir().unwrap();
        let db = rt
            .block_on(konter::store::Db::open(&dir.path().join(name)))
            .unwrap();
        let owner = rt
            .block_on(konter::demo::setup_shop(&db, chrono::Utc::now()))
            .unwrap();
        (dir, db, owner)
    };
    let (_d1, db, owner) = fresh("before.db");
    let ctx = konter::store::Ctx {
        staff_id: owner.staff_id,
        role: owner.role,
        now: chrono::Utc::now(),
    };
    let started = Instant::now();
    rt.block_on(async {
        for i in 0..N {
            let p = ProductInput {
                sku: format!("SKU-{i:05}"),
                name: format!("Produk nomor {i}"),
                brand: "Ugreen".into(),
                category: "Aksesori".into(),
                price: (10_000 + i).to_string(),
                tax_class: TaxClass::Standard,
                serialised: false,
                weight_grams: "".into(),
                warranty_store_months: "12".into(),
                warranty_maker_months: "12".into(),
                warranty_type: WarrantyType::Standard,
                down_payment_allowed: false,
                cost_price: Some("6000".into()),
            };
            create_product(&db, &ctx, p).await.unwrap();
        }
    });
    eprintln!(
        "before: {N} products one by one through the product form: {:?}",
        started.elapsed()
    );
    let (_d2, db, owner) = fresh("after.db");
    let ctx = konter::store::Ctx {
        staff_id: owner.staff_id,
        role: owner.role,
        now: chrono::Utc::now(),
    };
    let started = Instant::now();
    let report = rt
        .block_on(import(&db, &ctx, &file, None, &|_| {}))
        .unwrap();
    eprintln!(
        "after: {N} products from one XLSX ({} KB): {:?} ({} new)",
        file.len() / 1024,
        started.elapsed(),
        report.counts.new
    );
    let started = Instant::now();
    let again = rt
        .block_on(import(&db, &ctx, &file, None, &|_| {}))
        .unwrap();
    eprintln!(
        "the same file again: {:?} ({} unchanged)",
        started.elapsed(),
        again.counts.unchanged
    );
}
