//! Counter rules on a real SQLite file, beside the main story: a refused
//! quote, bad intake input, role limits and the working calendar. Every
//! refused action is checked to have written nothing.

use crate::common;

use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::repairs::ticket::{ApprovalChannel, TicketStatus};
use konter::domain::totals::LineKind;
use konter::store::customers::{self, NewCustomer};
use konter::store::repairs::pickup::{self, PickupInput};
use konter::store::repairs::quotes::{self, QuoteDecision};
use konter::store::repairs::tickets::{self, IntakeInput};
use konter::store::staff;
use konter::Error;
use rust_decimal_macros::dec;

#[tokio::test]
async fn refused_quote_returns_unrepaired_with_diagnosis_fee() {
    let s = shop().await;
    let c = customer(&s, "Siti", "081111111111").await;
    let mut input = intake_input(c.id.to_string());
    input.down_payment = None;
    input.down_payment_method = None;
    let t = tickets::intake(&s.db, &s.ctx(1), input).await.unwrap();
    tickets::change_status(&s.db, &s.ctx(2), t.id, TicketStatus::Diagnosing, None)
        .await
        .unwrap();
    quotes::set_quote(
        &s.db,
        &s.ctx(3),
        t.id,
        vec![line(LineKind::Part, "Mainboard", "1", "2.500.000", "")],
    )
    .await
    .unwrap();
    let refusal = QuoteDecision {
        approved: false,
        channel: ApprovalChannel::Phone,
        diagnosis_fee: Some("50.000".into()),
        note: Some("Terlalu mahal".into()),
    };
    let t = quotes::decide(&s.db, &s.ctx(4), t.id, refusal)
        .await
        .unwrap();
    assert_eq!(t.status, TicketStatus::ReturnedUnrepaired);
    assert_eq!(t.quote.len(), 1);
    assert_eq!(t.totals.total, dec!(55500));
    let done = pickup::pickup(
        &s.db,
        &s.ctx(5),
        t.id,
        PickupInput {
            method: PaymentMethod::Qris,
            tendered: None,
            note: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(done.ticket.status, TicketStatus::PickedUp);
    assert_eq!(done.ticket.paid, dec!(55500));
}

#[tokio::test]
async fn bad_intake_input_names_the_field_and_writes_nothing() {
    let s = shop().await;
    let c = customer(&s, "Agus", "081222333444").await;
    let id = c.id.to_string();
    let snapshot = s.counts().await;
    let cases: Vec<(&str, IntakeInput)> = vec![
        (
            "customer_id",
            IntakeInput {
                customer_id: "nope".into(),
                ..intake_input(id.clone())
            },
        ),
        (
            "customer_id",
            IntakeInput {
                customer_id: konter::domain::new_id().to_string(),
                ..intake_input(id.clone())
            },
        ),
        (
            "brand",
            IntakeInput {
                brand: "  ".into(),
                ..intake_input(id.clone())
            },
        ),
        (
            "complaint",
            IntakeInput {
                complaint: "x".repeat(1001),
                ..intake_input(id.clone())
            },
        ),
        (
            "estimated_cost",
            IntakeInput {
                estimated_cost: Some("-1".into()),
                ..intake_input(id.clone())
            },
        ),
        (
            "down_payment",
            IntakeInput {
                down_payment: Some("abc".into()),
                ..intake_input(id.clone())
            },
        ),
        (
            "down_payment_method",
            IntakeInput {
                down_payment_method: None,
                ..intake_input(id.clone())
            },
        ),
        (
            "promised_date",
            IntakeInput {
                promised_date: Some("2020-01-01".into()),
                ..intake_input(id.clone())
            },
        ),
        (
            "promised_date",
            IntakeInput {
                promised_date: Some("besok".into()),
                ..intake_input(id.clone())
            },
        ),
        (
            "technician_id",
            IntakeInput {
                technician_id: Some(konter::domain::new_id().to_string()),
                ..intake_input(id.clone())
            },
        ),
    ];
    for (field, input) in cases {
        let err = tickets::intake(&s.db, &s.ctx(1), input).await.unwrap_err();
        assert_eq!(err.field(), Some(field), "{err:?}");
    }
    assert_eq!(s.counts().await, snapshot);
    // Unknown ids are typed errors too.
    let err = tickets::detail(&s.db, konter::domain::new_id())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }));
}

#[tokio::test]
async fn a_technician_cannot_change_settings_or_take_money() {
    let s = shop().await;
    let tech = staff::add(
        &s.db,
        &s.ctx(0),
        staff::NewStaff {
            name: "Agus".into(),
            username: "agus".into(),
            password: "teknisi-123".into(),
            role: konter::domain::staff::Role::Technician,
        },
    )
    .await
    .unwrap();
    // The session tells the UI what to hide: no prices, no money for technicians.
    let session = staff::login(&s.db, "agus", "teknisi-123", monday_10_wib())
        .await
        .unwrap();
    use konter::domain::staff::permissions::Action;
    assert!(session.allowed.contains(&Action::MoveTicket));
    assert!(!session.allowed.contains(&Action::SetQuote));
    assert!(!session.allowed.contains(&Action::TakePayment));
    let ctx = konter::store::Ctx {
        staff_id: tech.id,
        role: tech.role,
        now: monday_10_wib(),
    };
    let snapshot = s.counts().await;
    assert!(matches!(
        konter::store::shop::update_profile(&s.db, &ctx, profile()).await,
        Err(Error::Forbidden { .. })
    ));
    let c = NewCustomer {
        name: "X".into(),
        phone: "081999888777".into(),
        email: None,
        address: None,
    };
    let c = customers::create(&s.db, &s.ctx(0), c).await.unwrap();
    let snapshot2 = s.counts().await;
    assert!(matches!(
        tickets::intake(&s.db, &ctx, intake_input(c.id.to_string())).await,
        Err(Error::Forbidden { .. })
    ));
    assert_eq!(s.counts().await, snapshot2);
    assert_ne!(snapshot, snapshot2);
}

#[tokio::test]
async fn working_hours_move_the_promised_date() {
    use konter::store::shop::calendar::{self, DayHoursInput};
    let s = shop().await;
    let mut days = calendar::working_hours(&s.db).await.unwrap();
    assert_eq!(days[0].open.as_deref(), Some("08:30"));
    assert_eq!(days[5].open, None, "Saturday closed by default");

    // Bad input names the weekday's field and writes nothing.
    let snapshot = s.counts().await;
    let mut bad = days.clone();
    bad[1] = DayHoursInput {
        open: Some("17:00".into()),
        close: Some("08:00".into()),
    };
    let err = calendar::set_working_hours(&s.db, &s.ctx(0), bad)
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("hours.1.close"));
    let closed: Vec<DayHoursInput> = (0..7)
        .map(|_| DayHoursInput {
            open: None,
            close: None,
        })
        .collect();
    assert!(calendar::set_working_hours(&s.db, &s.ctx(0), closed)
        .await
        .is_err());
    assert_eq!(s.counts().await, snapshot);

    // Close Tuesdays: a Monday intake promised in 3 working days lands on Friday.
    days[1] = DayHoursInput {
        open: None,
        close: None,
    };
    calendar::set_working_hours(&s.db, &s.ctx(0), days)
        .await
        .unwrap();
    let c = customer(&s, "Dewi", "081377788899").await;
    let t = tickets::intake(&s.db, &s.ctx(1), scanner_intake(c.id))
        .await
        .unwrap();
    assert_eq!(t.promised_date, "2026-11-27");
}

/// The audit chain survives normal work and names tampering done directly
/// in the SQLite file (with the append-only triggers dropped first, as
/// someone with the file and a SQLite shell could).
#[tokio::test]
async fn audit_chain_names_edited_deleted_and_inserted_entries() {
    use konter::store::shop::audit;
    let s = shop().await;
    let c = customer(&s, "Rina", "081355566677").await;
    let t = tickets::intake(&s.db, &s.ctx(1), scanner_intake(c.id))
        .await
        .unwrap();
    tickets::change_status(&s.db, &s.ctx(2), t.id, TicketStatus::Diagnosing, None)
        .await
        .unwrap();
    let ok = audit::verify(&s.db, &s.ctx(0)).await.unwrap();
    assert_eq!(ok.broken, None);
    assert_eq!(
        ok.entries,
        s.outbox_len().await,
        "one audit entry per change"
    );
    // Normal writes cannot touch it.
    assert!(sqlx::query("UPDATE audit_log SET detail = 'x'")
        .execute(&s.db.pool)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM audit_log")
        .execute(&s.db.pool)
        .await
        .is_err());

    let pool = &s.db.pool;
    for sql in [
        "DROP TRIGGER audit_log_no_update",
        "DROP TRIGGER audit_log_no_delete",
    ] {
        sqlx::query(sql).execute(pool).await.unwrap();
    }
    let raw = |sql: &'static str| async move { sqlx::query(sql).execute(pool).await.unwrap() };

    // Edited: the status change's detail rewritten.
    raw("UPDATE audit_log SET detail = replace(detail, 'diagnosing', 'picked_up') WHERE seq = 5")
        .await;
    let broken = audit::verify(&s.db, &s.ctx(0))
        .await
        .unwrap()
        .broken
        .unwrap();
    assert_eq!((broken.seq, broken.reason.as_str()), (5, "edited"));

    // Deleted: entry 3 gone; the chain breaks at the one after it.
    raw("UPDATE audit_log SET detail = replace(detail, 'picked_up', 'diagnosing') WHERE seq = 5")
        .await;
    assert_eq!(
        audit::verify(&s.db, &s.ctx(0)).await.unwrap().broken,
        None,
        "restoring the text restores the chain"
    );
    raw("DELETE FROM audit_log WHERE seq = 3").await;
    let broken = audit::verify(&s.db, &s.ctx(0))
        .await
        .unwrap()
        .broken
        .unwrap();
    assert_eq!((broken.seq, broken.reason.as_str()), (4, "missing_before"));

    // Inserted: a forged entry appended after the last.
    raw("INSERT INTO audit_log (seq, id, at, staff_id, entity, entity_id, op, detail, prev_hash, hash)
         SELECT seq + 1, 'forged', at, staff_id, entity, entity_id, 'payment', '{}', prev_hash, hash FROM audit_log WHERE seq = 2").await;
    let broken = audit::verify(&s.db, &s.ctx(0))
        .await
        .unwrap()
        .broken
        .unwrap();
    assert_eq!(
        broken.seq, 3,
        "the forged row (seq 3) is where the chain breaks"
    );
}
