//! The shared counter's day, on a real SQLite file: full sign-in, PIN
//! switching with its limits, password change and the owner's reset, account
//! changes with their guards, all visible in the audit trail as before → after.

use crate::common;

use chrono::Duration;
use common::*;
use konter::domain::staff::Role;
use konter::store::shop::audit_view::{self, AuditQuery};
use konter::store::staff::signin;
use konter::store::staff::{self, NewStaff, StaffUpdate};
use konter::store::Ctx;
use konter::Error;

fn code(e: &Error) -> &str {
    match e {
        Error::Validation { code, .. }
        | Error::Unauthorized { code, .. }
        | Error::InvalidState { code, .. } => code,
        _ => "",
    }
}

async fn member(s: &TestShop, username: &str, role: Role) -> staff::StaffMember {
    let input = NewStaff {
        name: format!("Staf {username}"),
        username: username.into(),
        password: "rahasia-123".into(),
        role,
    };
    staff::add(&s.db, &s.ctx(0), input).await.unwrap()
}

#[tokio::test]
async fn pin_switch_after_the_days_full_login() {
    let s = shop().await;
    let sari = member(&s, "sari", Role::FrontDesk).await;
    let t = |m: i64| monday_10_wib() + Duration::minutes(m);

    // Sari signs in fully, sets her PIN (the password proves it is her).
    let session = signin::login(&s.db, "sari", "rahasia-123", t(0))
        .await
        .unwrap();
    assert!(!session.has_pin);
    let ctx = session.ctx(t(1));
    let err = signin::set_pin(&s.db, &ctx, "salah-sandi", "2468")
        .await
        .unwrap_err();
    assert_eq!(
        (err.field(), code(&err)),
        (Some("password"), "wrong_password")
    );
    let err = signin::set_pin(&s.db, &ctx, "rahasia-123", "12ab")
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("pin"));
    signin::set_pin(&s.db, &ctx, "rahasia-123", "2468")
        .await
        .unwrap();

    // The lock screen lists her; the PIN unlocks; the owner (no PIN) is not listed.
    let names: Vec<String> = signin::switch_candidates(&s.db, t(30))
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Staf sari"]);
    let back = signin::switch_with_pin(&s.db, sari.id, "2468", t(30))
        .await
        .unwrap();
    assert_eq!(
        (back.staff_id, back.role, back.has_pin),
        (sari.id, Role::FrontDesk, true)
    );
    let err = signin::switch_with_pin(&s.db, s.owner.staff_id, "1234", t(30))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "no_pin");

    // Five wrong PINs lock the PIN until the next full sign-in.
    for i in 1..=5 {
        let err = signin::switch_with_pin(&s.db, sari.id, "0000", t(40 + i))
            .await
            .unwrap_err();
        assert_eq!((err.field(), code(&err)), (Some("pin"), "wrong_pin"));
    }
    let err = signin::switch_with_pin(&s.db, sari.id, "2468", t(50))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "pin_locked", "even the right PIN");
    assert!(signin::switch_candidates(&s.db, t(50))
        .await
        .unwrap()
        .is_empty());
    signin::login(&s.db, "sari", "rahasia-123", t(60))
        .await
        .unwrap();
    signin::switch_with_pin(&s.db, sari.id, "2468", t(61))
        .await
        .unwrap();

    // Tomorrow the PIN needs today's full sign-in first.
    let tomorrow = t(24 * 60);
    let err = signin::switch_with_pin(&s.db, sari.id, "2468", tomorrow)
        .await
        .unwrap_err();
    assert_eq!(code(&err), "full_login_needed");
    assert!(signin::switch_candidates(&s.db, tomorrow)
        .await
        .unwrap()
        .is_empty());

    // Every sign-in, switch and failure is in the audit trail under her name.
    let q = AuditQuery {
        staff_id: Some(sari.id.to_string()),
        ..Default::default()
    };
    let ops: Vec<String> = audit_view::list(&s.db, &s.ctx(0), &q)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.op)
        .collect();
    assert_eq!(ops.iter().filter(|o| *o == "pin_failed").count(), 5);
    assert_eq!(ops.iter().filter(|o| *o == "login").count(), 2);
    assert_eq!(ops.iter().filter(|o| *o == "pin_switch").count(), 2);
}

#[tokio::test]
async fn passwords_change_and_the_owner_resets() {
    let s = shop().await;
    let budi = member(&s, "budi", Role::Technician).await;
    let admin = member(&s, "admin", Role::Admin).await;
    let budi_ctx = Ctx {
        staff_id: budi.id,
        role: Role::Technician,
        now: monday_10_wib(),
    };
    let admin_ctx = Ctx {
        staff_id: admin.id,
        role: Role::Admin,
        now: monday_10_wib(),
    };

    let err = signin::change_password(&s.db, &budi_ctx, "salah-sandi", "baru-sekali-1")
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("current_password"));
    let err = signin::change_password(&s.db, &budi_ctx, "rahasia-123", "rahasia-123")
        .await
        .unwrap_err();
    assert_eq!(
        (err.field(), code(&err)),
        (Some("new_password"), "same_password")
    );
    let err = signin::change_password(&s.db, &budi_ctx, "rahasia-123", "pendek")
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("new_password"));
    signin::change_password(&s.db, &budi_ctx, "rahasia-123", "baru-sekali-1")
        .await
        .unwrap();
    assert!(signin::login(&s.db, "budi", "rahasia-123", monday_10_wib())
        .await
        .is_err());
    signin::login(&s.db, "budi", "baru-sekali-1", monday_10_wib())
        .await
        .unwrap();
    signin::set_pin(&s.db, &budi_ctx, "baru-sekali-1", "1357")
        .await
        .unwrap();

    // Only the owner resets; the reset forces a change and clears the PIN.
    let before = s.counts().await;
    assert!(matches!(
        staff::reset_password(&s.db, &admin_ctx, budi.id, "sementara-1").await,
        Err(Error::Forbidden { .. })
    ));
    assert_eq!(s.counts().await, before);
    let after = staff::reset_password(&s.db, &s.ctx(5), budi.id, "sementara-1")
        .await
        .unwrap();
    assert!(after.must_change_password && !after.has_pin);
    let session = signin::login(&s.db, "budi", "sementara-1", monday_10_wib())
        .await
        .unwrap();
    assert!(session.must_change_password);
    let session = signin::change_password(&s.db, &budi_ctx, "sementara-1", "pilihan-budi-2")
        .await
        .unwrap();
    assert!(!session.must_change_password);

    // No hash ever reaches the audit trail or the outbox.
    let leaked: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%argon2%' OR before LIKE '%argon2%') + (SELECT COUNT(*) FROM outbox WHERE payload LIKE '%argon2%')",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(leaked, 0);
}

#[tokio::test]
async fn account_changes_are_guarded_and_audited_before_to_after() {
    let s = shop().await;
    let admin = member(&s, "admin", Role::Admin).await;
    let admin_ctx = Ctx {
        staff_id: admin.id,
        role: Role::Admin,
        now: monday_10_wib(),
    };
    let rina = member(&s, "rina", Role::FrontDesk).await;

    let demote_owner = StaffUpdate {
        name: "Hendra Halim".into(),
        role: Role::Admin,
        active: true,
    };
    let err = staff::update(&s.db, &admin_ctx, s.owner.staff_id, demote_owner.clone())
        .await
        .unwrap_err();
    assert_eq!(code(&err), "owner_only");
    let err = staff::update(&s.db, &s.ctx(0), s.owner.staff_id, demote_owner)
        .await
        .unwrap_err();
    assert_eq!(code(&err), "not_yourself");
    let promote = StaffUpdate {
        name: "Rina".into(),
        role: Role::Owner,
        active: true,
    };
    assert_eq!(
        code(
            &staff::update(&s.db, &admin_ctx, rina.id, promote)
                .await
                .unwrap_err()
        ),
        "owner_only"
    );

    // The admin makes Rina a technician, then deactivates her: she can no longer sign in.
    let tech = StaffUpdate {
        name: "Rina W.".into(),
        role: Role::Technician,
        active: true,
    };
    staff::update(&s.db, &admin_ctx, rina.id, tech)
        .await
        .unwrap();
    let gone = StaffUpdate {
        name: "Rina W.".into(),
        role: Role::Technician,
        active: false,
    };
    staff::update(&s.db, &admin_ctx, rina.id, gone)
        .await
        .unwrap();
    assert!(signin::login(&s.db, "rina", "rahasia-123", monday_10_wib())
        .await
        .is_err());

    // The audit viewer shows both changes as before → after, filtered by kind.
    let q = AuditQuery {
        entity: Some("staff".into()),
        ..Default::default()
    };
    let rows = audit_view::list(&s.db, &s.ctx(0), &q).await.unwrap();
    let update = rows
        .iter()
        .find(|r| r.op == "update" && r.detail.contains("\"active\":false"))
        .unwrap();
    let before: serde_json::Value =
        serde_json::from_str(update.before.as_deref().unwrap()).unwrap();
    assert_eq!(
        (before["role"].as_str(), before["active"].as_bool()),
        (Some("technician"), Some(true))
    );
    assert_eq!(update.staff_name.as_deref(), Some("Staf admin"));
    assert!(rows.iter().all(|r| r.entity == "staff"));

    // Dates are the shop's local days: nothing on Sunday, everything on Monday.
    let sunday = AuditQuery {
        from: Some("2026-11-22".into()),
        to: Some("2026-11-22".into()),
        ..Default::default()
    };
    assert!(audit_view::list(&s.db, &s.ctx(0), &sunday)
        .await
        .unwrap()
        .is_empty());
    let monday = AuditQuery {
        from: Some("2026-11-23".into()),
        to: Some("2026-11-23".into()),
        ..Default::default()
    };
    let all = audit_view::list(&s.db, &s.ctx(0), &monday).await.unwrap();
    assert!(all.len() >= 6);
    let bad = AuditQuery {
        from: Some("23-11-2026".into()),
        ..Default::default()
    };
    assert_eq!(
        audit_view::list(&s.db, &s.ctx(0), &bad)
            .await
            .unwrap_err()
            .field(),
        Some("from")
    );
    let backwards = AuditQuery {
        from: Some("2026-11-24".into()),
        to: Some("2026-11-23".into()),
        ..Default::default()
    };
    assert_eq!(
        audit_view::list(&s.db, &s.ctx(0), &backwards)
            .await
            .unwrap_err()
            .field(),
        Some("to")
    );

    // CSV: a header, one line per entry, oldest first, cells split back cleanly.
    let csv = audit_view::export_csv(&s.db, &s.ctx(0), &monday)
        .await
        .unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "seq,at_utc,staff,entity,entity_id,op,before,after"
    );
    assert_eq!(lines.len(), all.len() + 1);
    let first = konter::domain::csv::split(lines[1]).unwrap();
    assert_eq!(first.len(), 8);
    assert_eq!(first[0], all.last().unwrap().seq.to_string());
}
