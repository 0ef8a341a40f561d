//! The A4 invoice with 20 lines, rendered in-process with the embedded
//! DejaVu subset (Turkish and other Latin glyphs included). Target ≤ 2 ms.

use criterion::{criterion_group, criterion_main, Criterion};
use konter::docs::{self, DocKind};
use konter::domain::payment::PaymentMethod;
use konter::domain::repairs::ticket::{ApprovalChannel, TicketStatus};
use konter::domain::staff::Role;
use konter::domain::totals::LineKind;
use konter::store::customers::{self, NewCustomer};
use konter::store::repairs::pickup::{self, PickupInput};
use konter::store::repairs::quotes::{self, LineInput, QuoteDecision};
use konter::store::repairs::tickets::{self, IntakeInput};
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
        let input = IntakeInput {
            customer_id: c.id.to_string(),
            device_category: "Scanner A0".into(),
            brand: "Contex".into(),
            model: "IQ Quattro 4490".into(),
            complaint: "Garis vertikal pada hasil scan".into(),
            ..Default::default()
        };
        let t = tickets::intake(&db, &ctx, input).await.unwrap();
        tickets::change_status(&db, &ctx, t.id, TicketStatus::Diagnosing, None)
            .await
            .unwrap();
        let lines = (0..20)
            .map(|i| LineInput {
                kind: if i % 3 == 0 {
                    LineKind::Labour
                } else {
                    LineKind::Part
                },
                description: format!(
                    "Suku cadang / yedek parça no. {i} — kalibrasi, temizlik (ğüşiöç)"
                ),
                qty: format!("{}", 1 + i % 3),
                unit_price: format!("{}", 75_000 + i * 12_500),
                discount: if i % 4 == 0 {
                    "5.000".into()
                } else {
                    String::new()
                },
            })
            .collect();
        quotes::set_quote(&db, &ctx, t.id, lines).await.unwrap();
        quotes::decide(
            &db,
            &ctx,
            t.id,
            QuoteDecision {
                approved: true,
                channel: ApprovalChannel::Phone,
                diagnosis_fee: None,
                note: None,
            },
        )
        .await
        .unwrap();
        tickets::change_status(&db, &ctx, t.id, TicketStatus::ReadyForPickup, None)
            .await
            .unwrap();
        let done = pickup::pickup(
            &db,
            &ctx,
            t.id,
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
