//! Helpers for integration tests: a real SQLite file in a temp dir, a set-up
//! shop, and row counts to prove that failed actions wrote nothing.
#![allow(dead_code)]

pub mod fuzz;
pub mod matrix;
pub mod sales;

use chrono::{DateTime, TimeZone, Utc};
use konter::domain::shop::ShopProfile;
use konter::domain::staff::Role;
use konter::store::shop::{self, SetupInput};
use konter::store::staff::Session;
use konter::store::{Ctx, Db};

pub struct TestShop {
    pub dir: tempfile::TempDir,
    pub db: Db,
    pub owner: Session,
}

/// Monday 23 Nov 2026, 10:00 WIB.
pub fn monday_10_wib() -> DateTime<Utc> {
    chrono_tz::Asia::Jakarta
        .with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

pub fn profile() -> ShopProfile {
    ShopProfile {
        name: "Toko Scanner Jaya".into(),
        address: "Jl. Mangga Dua Raya 8, Jakarta".into(),
        phone: "021-6123456".into(),
        ..ShopProfile::indonesian_defaults()
    }
}

pub async fn open() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("konter.db")).await.unwrap();
    (dir, db)
}

pub async fn shop() -> TestShop {
    let (dir, db) = open().await;
    let owner = shop::setup(
        &db,
        SetupInput {
            profile: profile(),
            owner_name: "Hendra Halim".into(),
            owner_username: "owner".into(),
            owner_password: "rahasia-123".into(),
        },
        monday_10_wib(),
    )
    .await
    .unwrap();
    TestShop { dir, db, owner }
}

impl TestShop {
    pub fn ctx(&self, minutes_later: i64) -> Ctx {
        Ctx {
            staff_id: self.owner.staff_id,
            role: Role::Owner,
            now: monday_10_wib() + chrono::Duration::minutes(minutes_later),
        }
    }

    /// Row counts of every table that an action may write.
    pub async fn counts(&self) -> Vec<(String, i64)> {
        let mut out = vec![];
        for t in [
            "customers",
            "tickets",
            "ticket_events",
            "quote_lines",
            "payments",
            "invoices",
            "invoice_lines",
            "outbox",
            "number_series",
            "staff",
            "ticket_search",
            "audit_log",
            "settings",
            "products",
            "stock_moves",
            "units",
            "coupons",
            "orders",
            "order_lines",
            "order_events",
            "order_payments",
            "reservations",
            "order_search",
            "technicians",
            "visits",
            "visit_events",
            "visit_signatures",
            "visit_invoices",
            "visit_payments",
            "courier_jobs",
            "custody",
            "courier_cash",
            "courier_reconciliations",
            "contracts",
            "consultations",
            "shifts",
            "drawer_moves",
            "service_orders",
            "service_order_revisions",
            "service_order_acceptances",
            "service_order_events",
            "service_order_updates",
            "service_order_invoices",
            "service_order_invoice_papers",
            "attachments",
            "service_order_payments",
            "service_order_handovers",
            "trade_in_programmes",
            "trade_ins",
            "contract_events",
        ] {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {t}"))
                .fetch_one(&self.db.pool)
                .await
                .unwrap();
            out.push((t.to_string(), n));
        }
        out
    }

    pub async fn outbox_len(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }
}

impl TestShop {
    pub async fn profile(&self) -> ShopProfile {
        konter::store::shop::profile(&self.db).await.unwrap()
    }
}

/// A customer with just a name and a phone.
pub async fn customer(s: &TestShop, name: &str, phone: &str) -> konter::store::customers::Customer {
    let input = konter::store::customers::NewCustomer {
        name: name.into(),
        phone: phone.into(),
        email: None,
        address: None,
    };
    konter::store::customers::create(&s.db, &s.ctx(0), input)
        .await
        .unwrap()
}

/// The smallest valid intake: a scanner that does not power on.
pub fn scanner_intake(customer_id: uuid::Uuid) -> konter::store::repairs::tickets::IntakeInput {
    konter::store::repairs::tickets::IntakeInput {
        customer_id: customer_id.to_string(),
        device_category: "Scanner".into(),
        brand: "Canon".into(),
        model: "DR-C225".into(),
        complaint: "Tidak menyala".into(),
        ..Default::default()
    }
}

/// A full intake of an Epson scanner with a cash down payment and a PIN.
pub fn intake_input(customer_id: String) -> konter::store::repairs::tickets::IntakeInput {
    konter::store::repairs::tickets::IntakeInput {
        customer_id,
        device_category: "Scanner".into(),
        brand: "Epson".into(),
        model: "DS-530 II".into(),
        serial: Some("X3JF012345".into()),
        complaint: "Kertas macet di ADF, roller aus".into(),
        accessories: vec![
            konter::domain::repairs::ticket::Accessory::Adapter,
            konter::domain::repairs::ticket::Accessory::Cable,
            konter::domain::repairs::ticket::Accessory::Adapter,
        ],
        condition_notes: Some("Lecet di tutup atas".into()),
        unlock_secret: Some("PIN 4321".into()),
        estimated_cost: Some("350.000".into()),
        down_payment: Some("100.000".into()),
        down_payment_method: Some(konter::domain::payment::PaymentMethod::Cash),
        ..Default::default()
    }
}

pub fn line(
    kind: konter::domain::totals::LineKind,
    desc: &str,
    qty: &str,
    price: &str,
    discount: &str,
) -> konter::store::repairs::quotes::LineInput {
    konter::store::repairs::quotes::LineInput {
        kind,
        description: desc.into(),
        qty: qty.into(),
        unit_price: price.into(),
        discount: discount.into(),
    }
}

/// Keeps a copy of a document for a person to look at, when
/// KONTER_ARTIFACTS names a folder (the test script sets it).
pub fn keep(path: &std::path::Path) {
    if let Ok(dir) = std::env::var("KONTER_ARTIFACTS") {
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        std::fs::copy(path, dir.join(path.file_name().unwrap())).unwrap();
    }
}

/// Writes a PDF into the test's folder, keeps a copy (see [`keep`]) and
/// reads its text back with pdftotext.
pub fn pdf_text(s: &TestShop, name: &str, pdf: &[u8]) -> String {
    let path = s.dir.path().join(name);
    std::fs::write(&path, pdf).unwrap();
    keep(&path);
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext installed");
    assert!(out.status.success(), "pdftotext failed on {name}");
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Renders page 1 at 300 dpi and returns every code zbarimg finds.
#[allow(dead_code)]
pub fn render_and_decode(pdf: &std::path::Path) -> (std::path::PathBuf, Vec<String>) {
    let prefix = pdf.with_extension("");
    let ok = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "300", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(ok.success(), "pdftoppm failed");
    let png = prefix.with_extension("png");
    assert!(
        std::fs::metadata(&png).unwrap().len() > 10_000,
        "a real image was rendered"
    );
    let out = std::process::Command::new("zbarimg")
        .args(["--quiet", "--raw"])
        .arg(&png)
        .output()
        .expect("zbarimg installed");
    let codes = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    (png, codes)
}
