//! The catalogue and the customers through spreadsheets: 10 000 products
//! from an XLSX made here (three bad rows refused with their line and
//! field), imported with progress; the same file again changes nothing;
//! a CSV with new prices updates by SKU (audited before → after); a serial
//! flag that would change under stock is refused; the export reads back
//! unchanged. Customers update by phone. A price change by brand.

use crate::common::sales::{code, product, receive};
use crate::common::*;
use konter::domain::sheets::SheetFormat;
use konter::domain::staff::Role;
use konter::store::customers::sheet as customer_sheet;
use konter::store::sales::catalog;
use konter::store::sales::catalog_sheet::{export, import, preview, RowAction};
use konter::store::sales::prices::{self, PriceChange};
use konter::store::Ctx;
use konter::Error;
use rust_decimal_macros::dec;
use std::sync::atomic::{AtomicU32, Ordering};

const N: usize = 10_000;

fn workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in [
        "Kode Barang",
        "Nama Barang",
        "Merek",
        "Kategori",
        "Harga Jual",
        "Modal",
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
        ws.write_string(r, 2, if i % 2 == 0 { "Ugreen" } else { "Epson" })
            .unwrap();
        ws.write_string(r, 3, "Aksesori").unwrap();
        ws.write_number(r, 4, 10_000.0 + i as f64).unwrap();
        ws.write_number(r, 5, 6_000.0).unwrap();
        ws.write_string(r, 6, if i % 10 == 0 { "ya" } else { "tidak" })
            .unwrap();
    }
    // Three bad rows at the end: no SKU, a negative price, a SKU twice.
    let r = N as u32 + 1;
    ws.write_string(r, 1, "Tanpa kode").unwrap();
    ws.write_number(r, 4, 5000.0).unwrap();
    ws.write_string(r + 1, 0, "NEG-1").unwrap();
    ws.write_string(r + 1, 1, "Harga minus").unwrap();
    ws.write_number(r + 1, 4, -1.0).unwrap();
    ws.write_string(r + 2, 0, "SKU-00001").unwrap();
    ws.write_string(r + 2, 1, "Dua kali").unwrap();
    ws.write_number(r + 2, 4, 1.0).unwrap();
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn ten_thousand_products_from_a_spreadsheet_and_back() {
    let s = shop().await;
    let owner = s.ctx(1);
    let file = workbook();
    let before = s.counts().await;
    let p = preview(&s.db, &owner, &file, None).await.unwrap();
    assert_eq!(s.counts().await, before, "a preview writes nothing");
    assert_eq!(
        (p.counts.new, p.counts.update, p.counts.refused),
        (N as u32, 0, 3)
    );
    assert_eq!(
        (
            p.columns.sku,
            p.columns.price,
            p.columns.cost_price,
            p.columns.serialised
        ),
        (Some(0), Some(4), Some(5), Some(6))
    );
    let refused: Vec<(u32, &str)> = p
        .rows
        .iter()
        .filter(|r| r.action == RowAction::Refused)
        .map(|r| (r.line, r.field.as_deref().unwrap()))
        .collect();
    let last = N as u32 + 2;
    assert_eq!(
        refused,
        [(last, "sku"), (last + 1, "price"), (last + 2, "sku")]
    );
    let tech = Ctx {
        role: Role::Technician,
        ..owner
    };
    assert!(matches!(
        preview(&s.db, &tech, &file, None).await,
        Err(Error::Forbidden { .. })
    ));

    let calls = AtomicU32::new(0);
    let started = std::time::Instant::now();
    let report = import(&s.db, &owner, &file, None, &|_| {
        calls.fetch_add(1, Ordering::Relaxed);
    })
    .await
    .unwrap();
    eprintln!("imported {N} products in {:?}", started.elapsed());
    assert_eq!((report.counts.new, report.counts.refused), (N as u32, 3));
    assert_eq!(report.refused.len(), 3);
    assert!(
        calls.load(Ordering::Relaxed) >= 10,
        "progress after each batch"
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(count, N as i64);
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'product' AND op = 'create'",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, N as i64, "every product audited");
    let found = catalog::search(&s.db, "SKU-00010").await.unwrap();
    assert_eq!(
        (found[0].price, found[0].cost_price, found[0].serialised),
        (dec!(10010), Some(dec!(6000)), true)
    );
    konter::store::shop::audit::verify(&s.db, &owner)
        .await
        .unwrap();

    // The same file again: nothing new, nothing changed.
    let again = import(&s.db, &owner, &file, None, &|_| {}).await.unwrap();
    assert_eq!(
        (
            again.counts.new,
            again.counts.update,
            again.counts.unchanged
        ),
        (0, 0, N as u32)
    );

    // New prices by CSV for two products, one of them with stock; its
    // serial flag must not change under that stock.
    let stocked = catalog::search(&s.db, "SKU-00003").await.unwrap().remove(0);
    receive(&s, &stocked, "2", &[]).await;
    let csv = "SKU;Nama;Harga;Serial\nSKU-00002;Produk nomor 2;12.500;tidak\nSKU-00003;Produk nomor 3;9.999;ya\n";
    let r = import(&s.db, &owner, csv.as_bytes(), None, &|_| {})
        .await
        .unwrap();
    assert_eq!((r.counts.update, r.counts.refused), (1, 1));
    assert_eq!(
        (r.refused[0].line, r.refused[0].code.as_deref()),
        (3, Some("serialised_locked"))
    );
    let two = catalog::search(&s.db, "SKU-00002").await.unwrap().remove(0);
    assert_eq!(two.price, dec!(12500));
    assert_eq!(
        two.cost_price,
        Some(dec!(6000)),
        "a column the file lacks stays as it was"
    );
    let before: String = sqlx::query_scalar(
        "SELECT before FROM audit_log WHERE entity = 'product' AND op = 'update'",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert!(before.contains("\"price\":\"10002\""), "{before}");

    // Bad files and mappings are refused at their field.
    assert_eq!(
        import(&s.db, &owner, b"", None, &|_| {})
            .await
            .unwrap_err()
            .field(),
        Some("file")
    );
    let e = preview(&s.db, &owner, b"Nama;Merek\nA;B\n", None)
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("columns.sku"));

    // The export reads back as itself.
    for format in [SheetFormat::Xlsx, SheetFormat::Csv] {
        let (name, bytes) = export(&s.db, &owner, format).await.unwrap();
        assert!(name.starts_with("katalog."), "{name}");
        let back = preview(&s.db, &owner, &bytes, None).await.unwrap();
        assert_eq!(
            (
                back.counts.unchanged,
                back.counts.new,
                back.counts.update,
                back.counts.refused
            ),
            (N as u32, 0, 0, 0),
            "{format:?}"
        );
    }
}

#[tokio::test]
async fn customers_by_phone_and_prices_by_brand() {
    let s = shop().await;
    let owner = s.ctx(1);
    let budi = customer(&s, "Budi", "081234567890").await;
    let csv = "Nama,No HP,Alamat,Catatan\nBudi Santoso,+62 812-3456-7890,Jl. Melati 3,Bayar tunai\nSari,0813 1111 2222,,\nTanpa HP,,,\nSari lagi,081311112222,,\n";
    let p = customer_sheet::preview(&s.db, &owner, csv.as_bytes(), None)
        .await
        .unwrap();
    assert_eq!((p.counts.update, p.counts.new, p.counts.refused), (1, 1, 2));
    let r = customer_sheet::import(&s.db, &owner, csv.as_bytes(), None, &|_| {})
        .await
        .unwrap();
    assert_eq!((r.counts.update, r.counts.new), (1, 1));
    let fields: Vec<_> = r
        .refused
        .iter()
        .map(|x| (x.line, x.field.clone().unwrap(), x.code.clone().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            (4, "phone".into(), "required".into()),
            (5, "phone".into(), "duplicate_in_file".into())
        ]
    );
    let c = konter::store::customers::get(&s.db, budi.id).await.unwrap();
    assert_eq!(
        (c.name.as_str(), c.note.as_deref()),
        ("Budi Santoso", Some("Bayar tunai"))
    );
    let (_, out) = customer_sheet::export(&s.db, &owner, SheetFormat::Csv)
        .await
        .unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("Budi Santoso,081234567890,,Jl. Melati 3,Bayar tunai"),
        "{out}"
    );
    let clerk = Ctx {
        role: Role::FrontDesk,
        ..owner
    };
    assert!(matches!(
        customer_sheet::export(&s.db, &clerk, SheetFormat::Csv).await,
        Err(Error::Forbidden { .. })
    ));

    // Prices: Contex products up 10 %; a cut below zero refused whole.
    let a = product(&s, "CTX-1", "1.000.000", false).await;
    let b = product(&s, "CTX-2", "95.000", false).await;
    let change = |percent: Option<&str>, amount: Option<&str>| PriceChange {
        brand: Some("contex".into()),
        category: None,
        percent: percent.map(str::to_string),
        amount: amount.map(str::to_string),
    };
    let seen = prices::preview(&s.db, &owner, &change(Some("10"), None))
        .await
        .unwrap();
    assert_eq!(
        seen.iter().map(|c| c.after).collect::<Vec<_>>(),
        [dec!(1100000), dec!(104500)]
    );
    assert_eq!(
        catalog::get(&s.db, a.id).await.unwrap().price,
        dec!(1000000),
        "a preview writes nothing"
    );
    let before = s.counts().await;
    let e = prices::apply(&s.db, &owner, &change(None, Some("-100.000")))
        .await
        .unwrap_err();
    assert_eq!(code(&e), "below_zero");
    assert_eq!(
        code(
            &prices::apply(&s.db, &owner, &change(Some("5"), Some("1")))
                .await
                .unwrap_err()
        ),
        "one_of"
    );
    assert_eq!(
        code(
            &prices::apply(&s.db, &owner, &change(Some("0"), None))
                .await
                .unwrap_err()
        ),
        "out_of_range"
    );
    let nobody = PriceChange {
        brand: Some("Tidak ada".into()),
        ..change(Some("5"), None)
    };
    assert_eq!(
        code(&prices::apply(&s.db, &owner, &nobody).await.unwrap_err()),
        "no_products"
    );
    assert!(matches!(
        prices::apply(&s.db, &clerk, &change(Some("5"), None)).await,
        Err(Error::Forbidden { .. })
    ));
    assert_eq!(s.counts().await, before, "nothing written");
    prices::apply(&s.db, &owner, &change(Some("10"), None))
        .await
        .unwrap();
    assert_eq!(catalog::get(&s.db, b.id).await.unwrap().price, dec!(104500));
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE op = 'price_change'")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(audited, 2);
}
