//! Trade-in at the counter on a real database (seed 002): the owner's
//! programme for a brand values an old printer by model and grade; taken
//! in against a new printer's sale it settles part of the sale as a credit
//! (never a discount: the invoice's PPN stays on the full price, read back
//! from the PDF), enters stock as used goods (unpriced, not for sale), and
//! is no money in the day's report or the drawer. Refusals write nothing;
//! a cancellation never pays the credit out as cash.

use crate::common;
use common::sales::{order, product, receive};
use common::*;
use konter::domain::attachment::AttachmentInput;
use konter::domain::payment::PaymentMethod;
use konter::domain::sales::trade_in::{CheckItem, Destination, Grade, ModelCredit, Programme};
use konter::domain::staff::Role;
use konter::store::sales::payments::{self, CounterPayment};
use konter::store::sales::trade_in::{self, TradeInInput};
use konter::store::sales::{cancel, orders};
use konter::store::shop::attachments::{self, Subject};
use konter::store::Ctx;
use rust_decimal_macros::dec;

fn hp() -> Programme {
    Programme {
        name: "Tukar tambah printer HP".into(),
        brand: "HP".into(),
        models: vec![ModelCredit {
            model: "LaserJet P1102".into(),
            good: dec!(400000),
            fair: dec!(250000),
            poor: dec!(0),
        }],
        valid_from: "2026-11-01".into(),
        valid_to: "2026-12-31".into(),
    }
}

fn old_printer(programme: Option<String>, grade: Grade) -> TradeInInput {
    TradeInInput {
        programme_id: programme,
        brand: "HP".into(),
        model: "laserjet p1102".into(),
        serial: "vnb3k12345".into(),
        grade,
        checklist: vec![
            CheckItem {
                item: "Menyala dan mencetak".into(),
                ok: true,
            },
            CheckItem {
                item: "Kabel daya ada".into(),
                ok: false,
            },
        ],
        value: None,
        destination: Destination::UsedStock,
        photos: vec![],
    }
}

/// A photo as the counter's camera sends it (a JPEG's first bytes).
fn photo(name: &str) -> AttachmentInput {
    use base64::Engine;
    AttachmentInput {
        name: name.into(),
        data_base64: base64::engine::general_purpose::STANDARD
            .encode([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F']),
    }
}

fn code(e: &konter::Error) -> String {
    format!("{}:{}", e.field().unwrap_or("-"), e.code().unwrap_or("-"))
}

#[tokio::test]
async fn an_old_printer_taken_in_against_a_new_one() {
    let s = shop().await;
    let budi = customer(&s, "Budi Santoso", "081234567890").await;
    let clerk = konter::store::staff::add(
        &s.db,
        &s.ctx(0),
        konter::store::staff::NewStaff {
            name: "Rina Kasir".into(),
            username: "rina".into(),
            password: "rahasia-rina-1".into(),
            role: Role::FrontDesk,
        },
    )
    .await
    .unwrap();
    let rina = Ctx {
        staff_id: clerk.id,
        role: Role::FrontDesk,
        ..s.ctx(0)
    };

    // The programme is the owner's: a clerk may not set one up.
    let err = trade_in::save_programme(&s.db, &rina, None, hp())
        .await
        .unwrap_err();
    assert!(matches!(err, konter::Error::Forbidden { .. }));
    let mut bad = hp();
    bad.models[0].fair = dec!(500000);
    let err = trade_in::save_programme(&s.db, &s.ctx(0), None, bad)
        .await
        .unwrap_err();
    assert_eq!(code(&err), "models.0.fair:grades_out_of_order");
    let list = trade_in::save_programme(&s.db, &s.ctx(0), None, hp())
        .await
        .unwrap();
    let programme = Some(list[0].id.to_string());

    let printer = product(&s, "M111W", "3.000.000", true).await;
    receive(&s, &printer, "1", &["CNB9X00001"]).await;
    let o = orders::create(&s.db, &rina, order(budi.id, vec![(&printer, "1")]))
        .await
        .unwrap();
    // 3.000.000 with PPN 11 % on top.
    assert_eq!(
        (o.totals.tax, o.totals.total),
        (dec!(330000), dec!(3330000))
    );

    // Refusals: a grade the programme does not take, a value typed beside
    // the programme's, an agreed value above the balance, no checklist, a
    // serial in stock already; none writes anything.
    let before = s.counts().await;
    let trade_ins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM trade_ins")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    let mut typed = old_printer(programme.clone(), Grade::Good);
    typed.value = Some("500.000".into());
    let mut too_much = old_printer(None, Grade::Good);
    too_much.value = Some("3.330.000".into());
    let mut unchecked = old_printer(programme.clone(), Grade::Good);
    unchecked.checklist.clear();
    let mut in_stock = old_printer(None, Grade::Good);
    in_stock.serial = "CNB9X00001".into();
    in_stock.value = Some("100.000".into());
    let mut not_a_photo = old_printer(programme.clone(), Grade::Good);
    not_a_photo.photos = vec![
        photo("depan.jpg"),
        AttachmentInput {
            name: "virus.exe".into(),
            data_base64: "TVqQAAMAAAAEAAAA".into(),
        },
    ];
    let mut got = vec![];
    for input in [
        old_printer(programme.clone(), Grade::Poor),
        typed,
        too_much,
        unchecked,
        in_stock,
        old_printer(None, Grade::Good),
        not_a_photo,
    ] {
        got.push(code(
            &trade_in::take_in(&s.db, &rina, o.id, input)
                .await
                .unwrap_err(),
        ));
    }
    assert_eq!(
        got,
        [
            "grade:not_eligible",
            "value:programme_value",
            "value:exceeds_balance",
            "checklist:required",
            "serial:serial_known",
            "value:required",
            "photos.1:invalid_file"
        ]
    );
    assert_eq!(s.counts().await, before, "refusals write nothing");
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM trade_ins")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(after, trade_ins);

    // Taken in, fair, with two photos: 250.000 credit, the rest paid in cash.
    let outbox = s.outbox_len().await;
    let mut fair = old_printer(programme.clone(), Grade::Fair);
    fair.photos = vec![photo("depan.jpg"), photo("label-serial.jpg")];
    let o = trade_in::take_in(&s.db, &rina, o.id, fair).await.unwrap();
    let taken: String = sqlx::query_scalar("SELECT id FROM trade_ins")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    let photos = attachments::list(&s.db, Subject::TradeIn, taken.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(
        photos
            .iter()
            .map(|p| (p.name.as_str(), p.mime.as_str()))
            .collect::<Vec<_>>(),
        [
            ("depan.jpg", "image/jpeg"),
            ("label-serial.jpg", "image/jpeg")
        ]
    );
    assert!(s.outbox_len().await > outbox);
    assert_eq!(o.balance, dec!(3080000));
    assert_eq!(
        (o.totals.tax, o.totals.total),
        (dec!(330000), dec!(3330000)),
        "the credit is no discount"
    );
    let again = trade_in::take_in(
        &s.db,
        &rina,
        o.id,
        old_printer(programme.clone(), Grade::Fair),
    )
    .await
    .unwrap_err();
    assert_eq!(again.code(), Some("trade_in_taken"));
    let paid = payments::pay_at_counter(
        &s.db,
        &rina,
        o.id,
        CounterPayment {
            method: PaymentMethod::Cash,
            tendered: Some("3.100.000".into()),
            amount: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(paid.change, dec!(20000));
    assert_eq!(paid.order.balance, dec!(0));

    // The old unit is in stock as used goods, unpriced and not for sale.
    let (sku, price, active, serial, status): (String, i64, bool, String, String) = sqlx::query_as(
        "SELECT p.sku, p.price, p.active, u.serial, u.status FROM units u JOIN products p ON p.id = u.product_id WHERE p.category = 'Bekas'",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(
        (
            sku.as_str(),
            price,
            active,
            serial.as_str(),
            status.as_str()
        ),
        ("BEKAS-HP-LASERJETP1102", 0, false, "VNB3K12345", "in_stock")
    );

    // The invoice: PPN on the full 3.000.000, the trade-in among the payments.
    let pdf = konter::docs::sales::render_order(&s.db, o.id, konter::docs::DocKind::OrderInvoice)
        .await
        .unwrap();
    let text = pdf_text(&s, "invoice-tukar-tambah.pdf", &pdf);
    for want in [
        "Rp 330.000",
        "Rp 3.330.000",
        "Tukar tambah",
        "Rp 250.000",
        "Rp 3.080.000",
    ] {
        assert!(text.contains(want), "the invoice lacks {want:?}:\n{text}");
    }
    // The day's money is the cash only; the drawer never saw the credit.
    let day = konter::store::sales::reports::day(&s.db, &s.ctx(0), None)
        .await
        .unwrap();
    assert_eq!(day.taken, dec!(3080000));
    let drawer: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM drawer_moves WHERE method = 'trade_in'")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(drawer, 0);

    // Cancelling the sale never pays the credit out as cash.
    let before = s.counts().await;
    let err = cancel::cancel(&s.db, &s.ctx(5), o.id, "Pelanggan batal")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("trade_in_refund"));
    assert_eq!(s.counts().await, before);
}
