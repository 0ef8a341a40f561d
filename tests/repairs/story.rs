//! The counter's day on a real SQLite file: a customer walks in with a broken
//! scanner, it is taken in, diagnosed, quoted, approved, repaired and picked
//! up with payment. Every step checks rows, events and outbox rows; every
//! refused step checks that nothing was written.

use crate::common;

use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::repairs::ticket::{Accessory, ApprovalChannel, TicketStatus};
use konter::domain::totals::LineKind;
use konter::store::customers::{self, NewCustomer};
use konter::store::repairs::pickup::{self, PickupInput};
use konter::store::repairs::quotes::{self, QuoteDecision};
use konter::store::repairs::tickets;
use konter::store::{repairs::board, staff};
use konter::Error;
use rust_decimal_macros::dec;

#[tokio::test]
async fn walk_in_repair_from_intake_to_pickup() {
    let s = shop().await;
    assert_eq!(
        s.outbox_len().await,
        2,
        "setup writes the owner and the shop"
    );

    // Login works with the argon2id hash; a wrong password is refused.
    assert_eq!(
        staff::login(&s.db, "OWNER", "rahasia-123", monday_10_wib())
            .await
            .unwrap()
            .staff_id,
        s.owner.staff_id
    );
    assert!(matches!(
        staff::login(&s.db, "owner", "salah", monday_10_wib()).await,
        Err(Error::Unauthorized { .. })
    ));
    assert!(matches!(
        staff::login(&s.db, "nobody", "rahasia-123", monday_10_wib()).await,
        Err(Error::Unauthorized { .. })
    ));

    // Customer: the phone as typed is stored as E.164 and found while typing.
    let budi = customer(&s, "Budi Santoso", "0812-3456-7890").await;
    assert_eq!(budi.phone, "+6281234567890");
    assert_eq!(
        customers::find(&s.db, "0812 34").await.unwrap()[0].id,
        budi.id
    );
    assert_eq!(
        customers::find(&s.db, "santo").await.unwrap()[0].id,
        budi.id
    );
    let dup = NewCustomer {
        name: "Budi lagi".into(),
        phone: "+62 812 3456 7890".into(),
        email: None,
        address: None,
    };
    assert_eq!(
        customers::create(&s.db, &s.ctx(1), dup)
            .await
            .unwrap_err()
            .field(),
        Some("phone")
    );

    // Intake: number from the branch+counter series, tracking code, down payment.
    let before = s.outbox_len().await;
    let t = tickets::intake(&s.db, &s.ctx(2), intake_input(budi.id.to_string()))
        .await
        .unwrap();
    assert_eq!(t.number, "SV-JKT1-K1-2026-000001");
    assert_eq!(t.tracking_code.len(), 9);
    assert_eq!(t.status, TicketStatus::Received);
    assert_eq!(t.accessories, vec![Accessory::Adapter, Accessory::Cable]);
    assert!(t.has_unlock_secret);
    // Monday + 3 working days.
    assert_eq!(t.promised_date, "2026-11-26");
    assert_eq!(t.paid, dec!(100000));
    assert_eq!(
        s.outbox_len().await - before,
        2,
        "intake event + down payment event"
    );
    let secret_in_outbox: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%4321%'")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(secret_in_outbox, 0, "the unlock PIN never leaves the PC");

    // A second intake takes the next number.
    let t2 = tickets::intake(&s.db, &s.ctx(3), intake_input(budi.id.to_string()))
        .await
        .unwrap();
    assert_eq!(t2.number, "SV-JKT1-K1-2026-000002");

    // Illegal moves are refused and write nothing.
    let snapshot = s.counts().await;
    let err = tickets::change_status(&s.db, &s.ctx(4), t.id, TicketStatus::ReadyForPickup, None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidState { .. }));
    let err = pickup::pickup(
        &s.db,
        &s.ctx(4),
        t.id,
        PickupInput {
            method: PaymentMethod::Cash,
            tendered: None,
            note: None,
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::InvalidState { .. }));
    let bad_quote = vec![line(LineKind::Part, "Roller", "1", "-5", "")];
    assert_eq!(
        quotes::set_quote(&s.db, &s.ctx(4), t.id, bad_quote)
            .await
            .unwrap_err()
            .field(),
        Some("lines.0.unit_price")
    );
    assert_eq!(s.counts().await, snapshot, "refused actions wrote nothing");

    // Diagnosis and quote.
    tickets::change_status(
        &s.db,
        &s.ctx(5),
        t.id,
        TicketStatus::Diagnosing,
        Some("Cek roller".into()),
    )
    .await
    .unwrap();
    let q = vec![
        line(
            LineKind::Part,
            "Roller assembly kit Epson DS-530",
            "1",
            "250.000",
            "",
        ),
        line(
            LineKind::Labour,
            "Jasa servis & pembersihan",
            "1",
            "100.000",
            "10.000",
        ),
    ];
    let t = quotes::set_quote(&s.db, &s.ctx(30), t.id, q).await.unwrap();
    assert_eq!(t.status, TicketStatus::AwaitingApproval);
    assert_eq!(t.totals.subtotal, dec!(340000));
    assert_eq!(t.totals.tax, dec!(37400));
    assert_eq!(t.totals.total, dec!(377400));
    assert_eq!(t.balance, dec!(277400));

    // Approved by WhatsApp → in repair → waiting for parts → in repair → ready.
    let decision = QuoteDecision {
        approved: true,
        channel: ApprovalChannel::Whatsapp,
        diagnosis_fee: None,
        note: None,
    };
    let t = quotes::decide(&s.db, &s.ctx(60), t.id, decision)
        .await
        .unwrap();
    assert_eq!(t.status, TicketStatus::InRepair);
    assert_eq!(t.quote_decision.as_deref(), Some("approved"));
    for (i, st) in [
        TicketStatus::WaitingForParts,
        TicketStatus::InRepair,
        TicketStatus::ReadyForPickup,
    ]
    .into_iter()
    .enumerate()
    {
        tickets::change_status(&s.db, &s.ctx(90 + i as i64), t.id, st, None)
            .await
            .unwrap();
    }

    // Found on the board by tracking code, name fragment, phone and serial.
    for q in [
        t.tracking_code.as_str(),
        "Santoso",
        "0812345",
        "X3JF01",
        "000001",
    ] {
        let found = board::board(
            &s.db,
            &board::BoardQuery {
                text: Some(q.into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(found.iter().any(|r| r.id == t.id), "board search {q}");
    }
    let found = board::find_for_pickup(&s.db, &t.number.to_lowercase())
        .await
        .unwrap();
    assert_eq!(found[0].id, t.id);

    // Cash pickup with change; invoice from its own series.
    let too_little = PickupInput {
        method: PaymentMethod::Cash,
        tendered: Some("200.000".into()),
        note: None,
    };
    assert_eq!(
        pickup::pickup(&s.db, &s.ctx(200), t.id, too_little)
            .await
            .unwrap_err()
            .field(),
        Some("tendered")
    );
    let before = s.outbox_len().await;
    let done = pickup::pickup(
        &s.db,
        &s.ctx(200),
        t.id,
        PickupInput {
            method: PaymentMethod::Cash,
            tendered: Some("300.000".into()),
            note: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(done.change, dec!(22600));
    let t = done.ticket;
    assert_eq!(t.status, TicketStatus::PickedUp);
    assert_eq!(t.balance, dec!(0));
    assert_eq!(
        t.invoice.as_ref().unwrap().number,
        "INV-JKT1-K1-2026-000001"
    );
    assert_eq!(
        s.outbox_len().await - before,
        3,
        "invoice, settlement, status"
    );

    // The timeline, in order, with who did it.
    let kinds: Vec<&str> = t.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "intake",
            "payment",
            "status",
            "quote",
            "quote_decision",
            "status",
            "status",
            "status",
            "invoice",
            "payment",
            "status"
        ]
    );
    assert!(t.events.iter().all(|e| e.staff_name == "Hendra Halim"));

    // One outbox row per event, in order; events cannot be edited.
    let outbox_kinds: Vec<String> = sqlx::query_scalar(
        "SELECT op FROM outbox WHERE entity = 'ticket' AND entity_id = ? ORDER BY seq",
    )
    .bind(t.id.to_string())
    .fetch_all(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(outbox_kinds, kinds);
    assert!(sqlx::query("UPDATE ticket_events SET note = 'x'")
        .execute(&s.db.pool)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM payments")
        .execute(&s.db.pool)
        .await
        .is_err());

    // Picked up is final.
    assert!(
        tickets::change_status(&s.db, &s.ctx(300), t.id, TicketStatus::InRepair, None)
            .await
            .is_err()
    );
}
