//! The A4 invoice with 20 lines, rendered in-process with the embedded
//! DejaVu subset (Turkish and other Latin glyphs included). Target ≤ 2 ms.

mod shared;

use criterion::{criterion_group, criterion_main, Criterion};
use konter::docs::{self, DocKind};
use konter::domain::payment::PaymentMethod;
use konter::domain::staff::Role;
use konter::store::customers::{self, NewCustomer};
use konter::store::repairs::pickup::{self, PickupInput};
use konter::store::{shop, Ctx, Db};

fn invoiced_ticket() -> (
    tempfile::TempDir,
    konter::domain::shop::ShopProfile,
    konter::store::repairs::tickets::TicketDetail,
) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("k.db")).await.unwrap();
        let now = chrono::Utc::now();
        let owner = konter::demo::setup_shop(&db, now).await.unwrap();
        let ctx = Ctx {
            staff_id: owner.staff_id,
            role: Role::Owner,
            now,
        };
        let c = customers::create(
            &db,
            &ctx,
            NewCustomer {
                name: "Şükrü Öztürk".into(),
                phone: "+90 532 123 45 67".into(),
                email: None,
                address: None,
            },
        )
        .await
        .unwrap();
        let t = shared::ready_ticket(&db, &ctx, c.id).await;
        let done = pickup::pickup(
            &db,
            &ctx,
            t,
            PickupInput {
                method: PaymentMethod::Card,
                tendered: None,
                note: None,
            },
        )
        .await
        .unwrap();
        (dir, shop::profile(&db).await.unwrap(), done.ticket)
    })
}

fn bench(c: &mut Criterion) {
    let (_dir, profile, ticket) = invoiced_ticket();
    let pdf = docs::repairs::render_with(&profile, &ticket, DocKind::Invoice).unwrap();
    eprintln!("A4 invoice, 20 lines: {} bytes", pdf.len());
    c.bench_function("invoice_a4_20_lines", |b| {
        b.iter(|| docs::repairs::render_with(&profile, &ticket, DocKind::Invoice).unwrap())
    });
    c.bench_function("receipt_80mm_20_lines", |b| {
        b.iter(|| docs::repairs::render_with(&profile, &ticket, DocKind::PaymentReceipt).unwrap())
    });
    c.bench_function("intake_receipt_a5", |b| {
        b.iter(|| docs::repairs::render_with(&profile, &ticket, DocKind::IntakeReceipt).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
