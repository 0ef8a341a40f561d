//! A visit's invoice voided and reissued like an order's, on a real
//! database: an admin voids it with a reason (the number stays used and the
//! paper prints VOID), the reissue takes the next number of the same series
//! and is refused while a live one exists; what the customer owes does not
//! change.

use crate::common;
use crate::field::visits::{at, code, request, technician};

use chrono::Duration;
use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::staff::Role;
use konter::store::field::billing::{self, VisitPaymentInput};
use konter::store::field::invoices;
use konter::store::field::visits;
use konter::store::field::work::{check_in, check_out, VisitOutcome, VisitReport};
use konter::store::staff::{self, NewStaff};
use konter::store::Ctx;
use konter::Error;
use uuid::Uuid;

pub(crate) fn tuesday(s: &TestShop, hours: i64) -> Ctx {
    Ctx {
        now: monday_10_wib() + Duration::days(1) + Duration::hours(hours),
        ..s.ctx(0)
    }
}

/// A paid visit of `customer` by technician `tech` on Tuesday morning at
/// `starts_at` (fee and an hour of labour), invoiced at check-out and not
/// paid yet.
pub(crate) async fn billed_visit(
    s: &TestShop,
    customer: Uuid,
    tech: Uuid,
    starts_at: &str,
) -> Uuid {
    let v = visits::request(&s.db, &s.ctx(0), request(customer, &[]))
        .await
        .unwrap();
    visits::book(&s.db, &s.ctx(1), v.id, at(tech, starts_at, 60))
        .await
        .unwrap();
    check_in(&s.db, &tuesday(s, -1), v.id).await.unwrap();
    let report = VisitReport {
        work_done: "Roller dibersihkan".into(),
        parts: vec![],
        labour_minutes: 60,
        customer_name: "Pak Andi".into(),
        signature_png: None,
        outcome: VisitOutcome::Fixed,
        workshop: None,
        breach_reason: None,
    };
    check_out(&s.db, &tuesday(s, 0), v.id, report)
        .await
        .unwrap();
    v.id
}

fn sequence(number: &str) -> u32 {
    number.rsplit('-').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_visit_invoice_is_voided_and_reissued() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let v = billed_visit(&s, budi.id, technician(&s).await, "2026-11-24T09:00").await;
    let bill = billing::bill(&s.db, v).await.unwrap();
    let first = bill.invoice.clone().expect("invoiced at check-out");
    assert!(first.void_reason.is_none() && first.voided_at.is_none());
    let desk = {
        let m = staff::add(
            &s.db,
            &s.ctx(0),
            NewStaff {
                name: "Sari".into(),
                username: "sari".into(),
                password: "rahasia-sari-1".into(),
                role: Role::FrontDesk,
            },
        )
        .await
        .unwrap();
        Ctx {
            staff_id: m.id,
            role: Role::FrontDesk,
            ..tuesday(&s, 1)
        }
    };
    let admin = tuesday(&s, 1);

    // Refusals write nothing: the front desk, no reason, a reissue while live.
    let before = s.counts().await;
    let err = invoices::void(&s.db, &desk, v, "Salah nama")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
    for reason in ["", "   ", &"x".repeat(501)] {
        let err = invoices::void(&s.db, &admin, v, reason).await.unwrap_err();
        assert_eq!(err.field(), Some("reason"));
    }
    let err = invoices::reissue(&s.db, &admin, v, None).await.unwrap_err();
    assert_eq!(code(&err), "invoice_live");
    assert_eq!(s.counts().await, before);

    let voided = invoices::void(&s.db, &admin, v, "Nama perusahaan pembeli salah")
        .await
        .unwrap();
    let inv = voided.invoice.as_ref().unwrap();
    assert_eq!(inv.number, first.number, "the number stays");
    assert_eq!(
        inv.void_reason.as_deref(),
        Some("Nama perusahaan pembeli salah")
    );
    assert!(inv.voided_at.is_some());
    assert_eq!(voided.balance, bill.balance, "voiding paper moves no money");
    let audited: (Option<String>, String) = sqlx::query_as(
        "SELECT before, detail FROM audit_log WHERE entity = 'invoice' AND op = 'void'",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert!(audited.0.unwrap().contains(&first.number) && audited.1.contains("salah"));
    let err = invoices::void(&s.db, &admin, v, "Lagi").await.unwrap_err();
    assert_eq!(code(&err), "no_invoice");
    // The voided invoice prints VOID with its number and reason.
    let pdf = konter::docs::field::render_visit_invoice(&s.db, v, false)
        .await
        .unwrap();
    let text = pdf_text(&s, "invoice-kunjungan-void.pdf", &pdf);
    for expected in [
        "VOID",
        first.number.as_str(),
        "Nama perusahaan pembeli salah",
    ] {
        assert!(text.contains(expected), "{expected} missing in {text}");
    }
    // Invoices are never edited other than voided, nor deleted.
    for sql in [
        "UPDATE visit_invoices SET total = 1",
        "UPDATE visit_invoices SET void_reason = 'lain'",
        "DELETE FROM visit_invoices",
    ] {
        assert!(sqlx::query(sql).execute(&s.db.pool).await.is_err(), "{sql}");
    }

    // Reissued with the buyer's NPWP: the next number, the same lines.
    let before = s.counts().await;
    let err = invoices::reissue(&s.db, &admin, v, Some("12.345".into()))
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("buyer_tax_id"));
    let err = invoices::reissue(&s.db, &desk, v, None).await.unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }));
    assert_eq!(s.counts().await, before);
    let again = invoices::reissue(&s.db, &admin, v, Some("01.234.567.8-901.000".into()))
        .await
        .unwrap();
    let second = again.invoice.as_ref().unwrap();
    assert!(second.void_reason.is_none());
    assert_eq!(sequence(&second.number), sequence(&first.number) + 1);
    assert_eq!(
        second.number[..second.number.len() - 6],
        first.number[..first.number.len() - 6]
    );
    assert_eq!(second.totals.total, first.totals.total);
    assert_eq!(second.lines.len(), first.lines.len());
    assert_eq!(second.buyer_tax_id.as_deref(), Some("01.234.567.8-901.000"));
    assert_eq!(again.invoices.len(), 2, "the voided one stays");
    assert_eq!(again.balance, bill.balance);
    let err = invoices::reissue(&s.db, &admin, v, None).await.unwrap_err();
    assert_eq!(code(&err), "invoice_live");
    let pdf = konter::docs::field::render_visit_invoice(&s.db, v, true)
        .await
        .unwrap();
    let text = pdf_text(&s, "struk-kunjungan-ulang.pdf", &pdf);
    assert!(
        text.contains(&second.number)
            && text.contains("01.234.567.8-901.000")
            && !text.contains("VOID"),
        "{text}"
    );
    // The customer still pays the balance once.
    let paid = billing::pay(
        &s.db,
        &tuesday(&s, 2),
        v,
        VisitPaymentInput {
            method: PaymentMethod::Qris,
            tendered: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(paid.bill.balance, rust_decimal::Decimal::ZERO);

    // A visit without an invoice has nothing to void or reissue.
    let plain = visits::request(
        &s.db,
        &s.ctx(3),
        request(customer(&s, "Rina", "081355566677").await.id, &[]),
    )
    .await
    .unwrap();
    let err = invoices::void(&s.db, &admin, plain.id, "Salah")
        .await
        .unwrap_err();
    assert_eq!(code(&err), "no_invoice");
    let err = invoices::reissue(&s.db, &admin, plain.id, None)
        .await
        .unwrap_err();
    assert_eq!(code(&err), "no_invoice");
}
