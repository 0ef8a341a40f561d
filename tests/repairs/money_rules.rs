//! Money is corrected, never erased: voids with a reason by an admin or the
//! owner, and discounts above the limit beyond the clerk (refunds: see
//! permissions.rs), on a real SQLite file.

use crate::common;

use common::*;
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::shop::settings::CounterSettings;
use konter::domain::staff::Role;
use konter::domain::totals::LineKind;
use konter::store::staff::{self, NewStaff};
use konter::store::{repairs::payments, repairs::quotes, repairs::tickets, shop::settings, Ctx};
use konter::Error;
use rust_decimal_macros::dec;

async fn clerk(s: &TestShop) -> Ctx {
    let input = NewStaff {
        name: "Sari".into(),
        username: "sari".into(),
        password: "rahasia-123".into(),
        role: Role::FrontDesk,
    };
    let m = staff::add(&s.db, &s.ctx(0), input).await.unwrap();
    Ctx {
        staff_id: m.id,
        role: Role::FrontDesk,
        now: monday_10_wib(),
    }
}

#[tokio::test]
async fn a_payment_is_voided_once_with_a_reason_and_never_deleted() {
    let s = shop().await;
    let c = customer(&s, "Budi", "081234567890").await;
    let t = tickets::intake(&s.db, &s.ctx(0), intake_input(c.id.to_string()))
        .await
        .unwrap();
    assert_eq!(t.paid, dec!(100000));
    let pay = t.payments[0].id;

    let before = s.counts().await;
    for (reason, field_code) in [("", "required"), ("oops", "reason_too_short")] {
        let err = payments::void_payment(&s.db, &s.ctx(1), t.id, pay, reason)
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::Validation { ref field, ref code, .. } if field == "reason" && code == field_code),
            "{err:?}"
        );
    }
    let unknown = konter::domain::new_id();
    assert!(matches!(
        payments::void_payment(&s.db, &s.ctx(1), t.id, unknown, "Salah input").await,
        Err(Error::NotFound { .. })
    ));
    assert_eq!(s.counts().await, before, "refusals write nothing");

    let voided = payments::void_payment(&s.db, &s.ctx(1), t.id, pay, "Uang palsu, dikembalikan")
        .await
        .unwrap();
    assert_eq!(voided.paid, dec!(0));
    assert_eq!(voided.payments.len(), 1, "still listed");
    assert_eq!(
        voided.payments[0].void_reason.as_deref(),
        Some("Uang palsu, dikembalikan")
    );
    assert!(voided.events.iter().any(|e| e.kind == "payment_void"));
    let again = payments::void_payment(&s.db, &s.ctx(2), t.id, pay, "Sekali lagi")
        .await
        .unwrap_err();
    assert!(matches!(again, Error::InvalidState { ref code, .. } if code == "already_voided"));

    // Even with SQL at hand: no delete, no un-void, no edited amount.
    for sql in [
        "DELETE FROM payments",
        "UPDATE payments SET voided_at = NULL, voided_by = NULL, void_reason = NULL",
        "UPDATE payments SET amount = 1",
    ] {
        assert!(sqlx::query(sql).execute(&s.db.pool).await.is_err(), "{sql}");
    }
    let fresh = tickets::intake(&s.db, &s.ctx(3), intake_input(c.id.to_string()))
        .await
        .unwrap();
    let sneaky = sqlx::query("UPDATE payments SET amount = 5, voided_at = 'x', voided_by = 'y', void_reason = 'z' WHERE id = ?")
        .bind(fresh.payments[0].id.to_string())
        .execute(&s.db.pool)
        .await;
    assert!(sneaky.is_err(), "a void cannot carry an edit");

    // The audit keeps the payment as it was before the void.
    let (before_json, after_json): (String, String) = sqlx::query_as(
        "SELECT before, detail FROM audit_log WHERE entity = 'payment' AND op = 'void'",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert!(
        before_json.contains("\"amount_minor\":100000") && before_json.contains("\"voided\":false")
    );
    assert!(after_json.contains("Uang palsu"));
}

#[tokio::test]
async fn discounts_above_the_limit_need_an_admin_or_a_wider_limit() {
    let s = shop().await;
    let sari = clerk(&s).await;
    let c = customer(&s, "Budi", "081234567890").await;
    let t = tickets::intake(&s.db, &s.ctx(0), intake_input(c.id.to_string()))
        .await
        .unwrap();
    tickets::change_status(&s.db, &s.ctx(0), t.id, TicketStatus::Diagnosing, None)
        .await
        .unwrap();

    // 10 % (the default limit) is the clerk's; a rupiah more is not.
    let ok = vec![line(LineKind::Labour, "Servis", "2", "100.000", "20.000")];
    quotes::set_quote(&s.db, &sari, t.id, ok).await.unwrap();
    let t2 = tickets::intake(&s.db, &s.ctx(0), intake_input(c.id.to_string()))
        .await
        .unwrap();
    tickets::change_status(&s.db, &s.ctx(0), t2.id, TicketStatus::Diagnosing, None)
        .await
        .unwrap();
    let too_much = vec![
        line(LineKind::Part, "Roller", "1", "90.000", ""),
        line(LineKind::Labour, "Servis", "2", "100.000", "20.001"),
    ];
    let before = s.counts().await;
    let err = quotes::set_quote(&s.db, &sari, t2.id, too_much.clone())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Validation { ref field, ref code, .. } if field == "lines.1.discount" && code == "discount_above_limit"),
        "{err:?}"
    );
    assert_eq!(s.counts().await, before);

    // The owner raises the limit to 25 %: now the clerk may.
    let wider = CounterSettings {
        discount_limit_percent: 25,
        ..Default::default()
    };
    settings::update(&s.db, &s.ctx(2), wider).await.unwrap();
    quotes::set_quote(&s.db, &sari, t2.id, too_much)
        .await
        .unwrap();
    let (before_json, after_json): (String, String) = sqlx::query_as(
        "SELECT before, detail FROM audit_log WHERE entity = 'settings' ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert!(before_json.contains("\"discount_limit_percent\":10"));
    assert!(after_json.contains("\"discount_limit_percent\":25"));
    let err = settings::update(&s.db, &sari, CounterSettings::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }));
}

/// Technicians record parts without prices; the front desk prices them.
#[tokio::test]
async fn technicians_record_parts_without_prices() {
    use konter::store::repairs::parts::{self, PartInput};
    let s = shop().await;
    let input = NewStaff {
        name: "Agus".into(),
        username: "agus".into(),
        password: "rahasia-123".into(),
        role: Role::Technician,
    };
    let agus = staff::add(&s.db, &s.ctx(0), input).await.unwrap();
    let tech = Ctx {
        staff_id: agus.id,
        role: Role::Technician,
        now: monday_10_wib(),
    };
    let c = customer(&s, "Budi", "081234567890").await;
    let t = tickets::intake(&s.db, &s.ctx(0), intake_input(c.id.to_string()))
        .await
        .unwrap();
    let part = |d: &str, q: &str| PartInput {
        description: d.into(),
        qty: q.into(),
        serial: Some("PR-0042".into()),
    };
    let before = s.counts().await;
    for (p, field) in [
        (part("", "1"), "description"),
        (part("Roller", "0"), "qty"),
        (part("Roller", "-2"), "qty"),
        (part("Roller", "abc"), "qty"),
    ] {
        assert_eq!(
            parts::add_part(&s.db, &tech, t.id, p)
                .await
                .unwrap_err()
                .field(),
            Some(field)
        );
    }
    assert_eq!(s.counts().await, before);
    let d = parts::add_part(&s.db, &tech, t.id, part("Pickup roller", "2"))
        .await
        .unwrap();
    assert_eq!(d.parts.len(), 1);
    assert_eq!(
        (d.parts[0].qty, d.parts[0].staff_name.as_str()),
        (dec!(2), "Agus")
    );
    assert!(d.quote.is_empty(), "no price appears by itself");
    // A technician still may not price it.
    let priced = vec![line(LineKind::Part, "Pickup roller", "2", "45.000", "")];
    assert!(matches!(
        quotes::set_quote(&s.db, &tech, t.id, priced).await,
        Err(Error::Forbidden { .. })
    ));
}
