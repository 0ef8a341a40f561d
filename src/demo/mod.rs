//! Demo data: a realistic Indonesian scanner shop. The same generator fills
//! the `--demo` database and the benchmark databases; `alive` fills the
//! rest of the demo's screens.

mod alive;
pub use alive::fill_shop;

use crate::domain::repairs::ticket::{Accessory, TicketStatus};
use crate::domain::shop::ShopProfile;
use crate::domain::staff::Role;
use crate::error::Result;
use crate::store::customers::{self, NewCustomer};
use crate::store::repairs::tickets::{self, IntakeInput};
use crate::store::shop::{self, SetupInput};
use crate::store::staff::{self, NewStaff, Session};
use crate::store::{Ctx, Db};
use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const FIRST: &[&str] = &[
    "Budi", "Siti", "Agus", "Dewi", "Rudi", "Ayu", "Andi", "Rina", "Joko", "Putri", "Hendra",
    "Sri", "Bayu", "Wulan", "Fajar", "Indah", "Yusuf", "Lestari", "Rizky", "Nurul",
];
const LAST: &[&str] = &[
    "Santoso", "Wijaya", "Saputra", "Hidayat", "Pratama", "Kusuma", "Nugroho", "Lestari",
    "Siregar", "Hasibuan", "Tanjung", "Halim", "Gunawan", "Setiawan", "Wibowo",
];
const DEVICES: &[(&str, &str, &str)] = &[
    ("Scanner", "Epson", "DS-530 II"),
    ("Scanner", "Canon", "imageFORMULA DR-C225"),
    ("Scanner", "Fujitsu", "fi-7160"),
    ("Scanner", "Brother", "ADS-2200"),
    ("Scanner A0", "Contex", "IQ Quattro 4490"),
    ("Printer", "HP", "LaserJet Pro M404dn"),
    ("Printer", "Epson", "L3210"),
    ("Laptop", "Lenovo", "ThinkPad E14"),
];
const COMPLAINTS: &[&str] = &[
    "Kertas sering macet (paper jam) di ADF",
    "Hasil scan bergaris vertikal",
    "Tidak terdeteksi di komputer lewat USB",
    "Roller penarik kertas aus, kertas tidak tertarik",
    "Mati total setelah listrik padam",
    "Muncul error E-05 saat menyala",
];

pub const DEMO_PASSWORD: &str = "konter-demo";

/// Sets up the demo shop with staff, returning the owner's session.
pub async fn setup_shop(db: &Db, now: DateTime<Utc>) -> Result<Session> {
    let profile = ShopProfile {
        name: "Toko Scanner Mangga Dua".into(),
        address: "Ruko Mangga Dua Square Blok C No. 12, Jakarta Utara 14430".into(),
        phone: "021-6230 1234".into(),
        npwp: Some("01.234.567.8-044.000".into()),
        ..ShopProfile::indonesian_defaults()
    };
    let owner = shop::setup(
        db,
        SetupInput {
            profile,
            owner_name: "Hendra Halim".into(),
            owner_username: "owner".into(),
            owner_password: DEMO_PASSWORD.into(),
        },
        now,
    )
    .await?;
    let ctx = Ctx {
        staff_id: owner.staff_id,
        role: Role::Owner,
        now,
    };
    for (name, username, role) in [
        ("Siti Rahmawati", "siti", Role::FrontDesk),
        ("Agus Teknisi", "agus", Role::Technician),
        ("Rudi Kurir", "rudi", Role::Courier),
    ] {
        staff::add(
            db,
            &ctx,
            NewStaff {
                name: name.into(),
                username: username.into(),
                password: DEMO_PASSWORD.into(),
                role,
            },
        )
        .await?;
    }
    Ok(owner)
}

/// One generated customer: a common Indonesian name and a unique mobile number.
fn person(rng: &mut StdRng, i: usize) -> (String, String) {
    let name = format!(
        "{} {}",
        FIRST[rng.gen_range(0..FIRST.len())],
        LAST[rng.gen_range(0..LAST.len())]
    );
    (name, format!("08{}{:09}", rng.gen_range(11..99), i))
}

/// One generated device: category, brand, model, serial and complaint.
fn device(
    rng: &mut StdRng,
) -> (
    &'static str,
    &'static str,
    &'static str,
    String,
    &'static str,
) {
    let (cat, brand, model) = DEVICES[rng.gen_range(0..DEVICES.len())];
    let serial = format!(
        "{}{:08}",
        &brand[..2].to_uppercase(),
        rng.gen_range(0..100_000_000u32)
    );
    (
        cat,
        brand,
        model,
        serial,
        COMPLAINTS[rng.gen_range(0..COMPLAINTS.len())],
    )
}

/// Adds `customers` customers and `tickets` tickets spread over statuses.
pub async fn fill(
    db: &Db,
    owner: &Session,
    customers_n: usize,
    tickets_n: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut rng = StdRng::seed_from_u64(seed);
    let ctx = Ctx {
        staff_id: owner.staff_id,
        role: Role::Owner,
        now,
    };
    let mut ids = Vec::with_capacity(customers_n);
    for i in 0..customers_n {
        let (name, phone) = person(&mut rng, i);
        let c = customers::create(
            db,
            &ctx,
            NewCustomer {
                name,
                phone,
                email: None,
                address: None,
            },
        )
        .await?;
        ids.push(c.id);
    }
    for _ in 0..tickets_n {
        let (cat, brand, model, serial, complaint) = device(&mut rng);
        let input = IntakeInput {
            customer_id: ids[rng.gen_range(0..ids.len())].to_string(),
            device_category: cat.into(),
            brand: brand.into(),
            model: model.into(),
            serial: Some(serial),
            complaint: complaint.into(),
            accessories: vec![Accessory::Adapter, Accessory::Cable],
            estimated_cost: Some(format!("{}", rng.gen_range(3..40) * 50_000)),
            ..Default::default()
        };
        let t = tickets::intake(db, &ctx, input).await?;
        if rng.gen_bool(0.5) {
            tickets::change_status(db, &ctx, t.id, TicketStatus::Diagnosing, None).await?;
        }
    }
    Ok(())
}

/// Benchmark-sized data (100 k tickets) written straight into one
/// transaction with the same generator; it skips the per-ticket validation,
/// events and outbox that `fill` goes through, which would take minutes.
pub async fn fill_bulk(
    db: &Db,
    owner: &Session,
    customers_n: usize,
    tickets_n: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<()> {
    use crate::store::{search, ts};
    let mut rng = StdRng::seed_from_u64(seed);
    let mut tx = db.begin().await?;
    let mut people = Vec::with_capacity(customers_n);
    for i in 0..customers_n {
        let (name, phone) = person(&mut rng, i);
        let phone = crate::domain::phone::normalize(&phone)?;
        let id = crate::domain::new_id();
        sqlx::query("INSERT INTO customers (id, name, phone, created_at) VALUES (?, ?, ?, ?)")
            .bind(id.to_string())
            .bind(&name)
            .bind(&phone)
            .bind(ts(now))
            .execute(&mut *tx)
            .await?;
        people.push((id, name, phone));
    }
    let statuses = TicketStatus::ALL;
    for i in 0..tickets_n {
        let (cid, name, phone) = &people[rng.gen_range(0..people.len())];
        let (cat, brand, model, serial, complaint) = device(&mut rng);
        let id = crate::domain::new_id();
        let number = format!("SV-JKT1-K1-2026-{:06}", i + 1);
        let tracking = crate::domain::shop::numbering::tracking_code(&mut rng);
        let at = now - chrono::Duration::minutes((tickets_n - i) as i64);
        sqlx::query(
            "INSERT INTO tickets (id, number, tracking_code, customer_id, device_category, brand, model, serial, complaint,
               accessories, currency, promised_date, status, created_by, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', 'IDR', ?, ?, ?, ?, ?)",
        )
        .bind(id.to_string())
        .bind(&number)
        .bind(&tracking)
        .bind(cid.to_string())
        .bind(cat)
        .bind(brand)
        .bind(model)
        .bind(&serial)
        .bind(complaint)
        .bind((at + chrono::Duration::days(3)).format("%Y-%m-%d").to_string())
        .bind(statuses[rng.gen_range(0..statuses.len())].as_str())
        .bind(owner.staff_id.to_string())
        .bind(ts(at))
        .bind(ts(at))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO ticket_search (rowid, ticket_id, body) SELECT rowid, id, ? FROM tickets WHERE id = ?",
        )
            .bind(search::ticket_body(&number, &tracking, name, phone, Some(&serial)))
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A shop's past sales as its CSV export: `n` serial-numbered units (two per
/// invoice, 5 000 customers), for the warranty and sync benchmarks.
pub fn past_sales_csv(n: usize) -> String {
    let mut out = String::with_capacity(n * 80);
    out.push_str("serial,sku,invoice,date,customer,phone\n");
    for i in 0..n {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        out.push_str(&format!(
            "SN-{i:08},CTX-SD36,INV-2025-{:07},2025-{month:02}-{day:02},Pelanggan {},0812{:08}\n",
            i / 2,
            i % 5000,
            i % 90_000
        ));
    }
    out
}

/// How [`past_sales_csv`] maps to the importer: a year of store and maker warranty.
pub fn past_sales_options() -> crate::store::warranty::past_sales::ImportOptions {
    crate::store::warranty::past_sales::ImportOptions {
        mapping: crate::domain::warranty::past_sales::Mapping {
            serial: 0,
            product: 1,
            invoice: 2,
            date: 3,
            customer: 4,
            phone: Some(5),
        },
        header: true,
        store_months: 12,
        maker_months: 12,
    }
}
