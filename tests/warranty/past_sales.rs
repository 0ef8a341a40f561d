//! Past sales imported from a spreadsheet's CSV into the warranty registry:
//! the guessed mapping and preview, bad rows reported by line, policies from
//! the catalog or the import's defaults, idempotent re-import, and the
//! imported units checked at the counter.

use crate::common;

use common::sales::*;
use common::*;
use konter::domain::warranty::Outcome;
use konter::store::warranty;
use konter::store::warranty::check::{check, CheckInput, ClaimInput};
use konter::store::warranty::past_sales::{import, preview, ImportOptions};
use std::sync::Mutex;

const FILE: &str = "No;Nomor Seri;SKU;No Faktur;Tanggal;Nama Pelanggan;Telepon\r
1;sn-old-1;CTX-SD36;INV/2025/0001;15/01/2026;Budi Santoso;0812 3456 7890\r
2;SN-OLD-2;PLOTTER-X;INV/2025/0002;2025-12-01;\"Sari; W\";\r
3;;CTX-SD36;INV/2025/0003;2025-12-02;Agus;\r
4;SN-OLD-4;CTX-SD36;INV/2025/0004;31/02/2025;Dewi;\r
5;SN-OLD-5;CTX-SD36;INV/2025/0005;01.03.2024;Rudi;0813-1111-2222\r
";

#[tokio::test]
async fn past_sales_import_preview_errors_and_idempotence() {
    let s = shop().await;
    product(&s, "CTX-SD36", "85.000.000", true).await;
    let p = preview(FILE).unwrap();
    assert_eq!(p.header[1], "Nomor Seri");
    assert_eq!(
        (p.mapping.serial, p.mapping.invoice, p.mapping.phone),
        (1, 3, Some(6))
    );
    let errors: Vec<_> = p.rows.iter().map(|r| r.error.is_some()).collect();
    assert_eq!(errors, [false, false, true, true, false]);
    assert_eq!(
        p.rows[1].cells[5], "Sari; W",
        "a quoted delimiter stays in its cell"
    );

    let options = ImportOptions {
        mapping: p.mapping,
        header: true,
        store_months: 6,
        maker_months: 12,
    };
    let seen = Mutex::new(vec![]);
    let r = import(&s.db, &s.ctx(1), FILE, &options, &|p| {
        seen.lock().unwrap().push(p.lines)
    })
    .await
    .unwrap();
    assert_eq!((r.imported, r.already, r.rejected), (3, 0, 2));
    let lines: Vec<_> = r.bad_rows.iter().map(|b| b.line).collect();
    assert_eq!(lines, [4, 5]);
    assert!(r.bad_rows[0].reason.contains("serial"));
    assert!(r.bad_rows[1].reason.contains("tanggal"));
    assert_eq!(seen.lock().unwrap().last(), Some(&6));

    // The catalog's policy for a known SKU; the import's defaults otherwise.
    let known = warranty::find(&s.db, "SN-OLD-1").await.unwrap().remove(0);
    assert_eq!(
        (
            known.store_months,
            known.start_date.as_str(),
            known.customer_phone.as_deref()
        ),
        (12, "2026-01-15", Some("+6281234567890"))
    );
    let other = warranty::find(&s.db, "sn-old-2").await.unwrap().remove(0);
    assert_eq!(
        (other.store_months, other.maker_months, other.sku.as_str()),
        (6, 12, "PLOTTER-X")
    );

    // The same file again: nothing changes.
    let before = s.counts().await;
    let again = import(&s.db, &s.ctx(2), FILE, &options, &|_| {})
        .await
        .unwrap();
    assert_eq!((again.imported, again.already, again.rejected), (0, 3, 2));
    assert_eq!(s.counts().await, before);

    // At the counter: SN-OLD-1 is under warranty; SN-OLD-5 (March 2024) is not.
    let claim = |q: &str| CheckInput {
        query: q.into(),
        unit_id: None,
        claim: ClaimInput::default(),
    };
    let ok = check(&s.db, &s.ctx(3), &claim("SN-OLD-1")).await.unwrap();
    assert_eq!(ok.verdict.unwrap().outcome, Outcome::FreeRepair);
    let old = check(&s.db, &s.ctx(3), &claim("SN-OLD-5")).await.unwrap();
    assert_eq!(old.verdict.unwrap().outcome, Outcome::Expired);

    // Refusals: an empty file, an owner-only action.
    assert_eq!(preview("").unwrap_err().field(), Some("file"));
    let clerk = konter::store::Ctx {
        role: konter::domain::staff::Role::FrontDesk,
        ..s.ctx(4)
    };
    assert!(import(&s.db, &clerk, FILE, &options, &|_| {})
        .await
        .is_err());
}
