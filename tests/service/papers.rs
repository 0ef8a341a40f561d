//! A service order's invoice voided and reissued on a real database (issue
//! 17): the voided number prints VOID with its reason and takes no money;
//! the reissue prints the same invoice under the next number with the
//! buyer's NPWP and the number it replaces; the payment then goes in. Bad
//! input, wrong states and roles without the right write nothing.

use crate::common;
use crate::field::visits::technician;
use crate::service::fixtures::*;

use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::staff::Role;
use konter::store::service::billing::{self, ServicePaymentInput};
use konter::store::service::{orders, papers};
use konter::store::Ctx;
use rust_decimal_macros::dec;

#[tokio::test]
async fn a_deposit_invoice_voided_and_reissued_then_paid() {
    let s = shop().await;
    let darma = customer(&s, "PT Gudang Darma", "081377788899").await;
    let o = orders::create(&s.db, &s.ctx(0), new(darma.id))
        .await
        .unwrap();
    let o = orders::accept(&s.db, &s.ctx(5), o.id, by_channel(1, Some("WA 10:05")))
        .await
        .unwrap();
    let deposit = o.invoices[0].clone();
    assert_eq!(deposit.kind, "deposit");
    let first = deposit.number.clone();
    let pay = || ServicePaymentInput {
        invoice_id: deposit.id.to_string(),
        method: PaymentMethod::Cash,
        tendered: None,
    };

    // Refused, nothing written: no reason, a technician, a reissue of a
    // live number, another order's invoice.
    let joko = technician(&s).await;
    let tech = Ctx {
        staff_id: joko,
        role: Role::Technician,
        ..s.ctx(6)
    };
    let before = s.counts().await;
    let e = papers::void(&s.db, &s.ctx(6), o.id, deposit.id, "  ")
        .await
        .unwrap_err();
    assert_eq!(code(&e), "reason:required");
    let e = papers::void(&s.db, &tech, o.id, deposit.id, "Salah nama")
        .await
        .unwrap_err();
    assert_eq!(code(&e), "forbidden");
    let e = papers::reissue(&s.db, &s.ctx(6), o.id, deposit.id, None)
        .await
        .unwrap_err();
    assert_eq!(code(&e), "not_voided");
    let other = orders::create(&s.db, &s.ctx(6), new(darma.id))
        .await
        .unwrap();
    let before_other = s.counts().await;
    let e = papers::void(&s.db, &s.ctx(6), other.id, deposit.id, "Salah nama")
        .await
        .unwrap_err();
    assert_eq!(code(&e), "invoice_id:unknown_invoice");
    assert_eq!(s.counts().await, before_other);
    assert_ne!(s.counts().await, before, "only the other order was written");

    // Voided: it prints VOID with the reason and takes no money.
    let o = papers::void(&s.db, &s.ctx(7), o.id, deposit.id, "Nama perusahaan salah")
        .await
        .unwrap();
    assert_eq!(
        o.invoices[0].void_reason.as_deref(),
        Some("Nama perusahaan salah")
    );
    assert_eq!(o.invoices[0].balance, deposit.balance, "paper, not money");
    let pdf = konter::docs::service::render_invoice(&s.db, s.ctx(7).now, o.id, deposit.id, false)
        .await
        .unwrap();
    let text = pdf_text(&s, "dp-batal.pdf", &pdf);
    assert!(
        text.contains("VOID / BATAL") && text.contains("Nama perusahaan salah"),
        "{text}"
    );
    assert!(text.contains(&first));
    let before = s.counts().await;
    let e = billing::pay(&s.db, &s.ctx(8), o.id, pay())
        .await
        .unwrap_err();
    assert_eq!(code(&e), "invoice_voided");
    let e = papers::void(&s.db, &s.ctx(8), o.id, deposit.id, "Lagi")
        .await
        .unwrap_err();
    assert_eq!(code(&e), "already_voided");
    let e = papers::reissue(
        &s.db,
        &s.ctx(8),
        o.id,
        deposit.id,
        Some("bukan npwp".into()),
    )
    .await
    .unwrap_err();
    assert_eq!(code(&e).split(':').next(), Some("buyer_tax_id"));
    assert_eq!(s.counts().await, before);

    // Reissued under the next number with the buyer's NPWP; then paid.
    let o = papers::reissue(
        &s.db,
        &s.ctx(9),
        o.id,
        deposit.id,
        Some("01.234.567.8-901.000".into()),
    )
    .await
    .unwrap();
    let inv = &o.invoices[0];
    assert_ne!(inv.number, first);
    assert_eq!(inv.earlier_numbers, std::slice::from_ref(&first));
    assert_eq!(inv.void_reason, None);
    let pdf = konter::docs::service::render_invoice(&s.db, s.ctx(9).now, o.id, deposit.id, false)
        .await
        .unwrap();
    let text = pdf_text(&s, "dp-ulang.pdf", &pdf);
    assert!(
        text.contains(&inv.number) && !text.contains("VOID"),
        "{text}"
    );
    assert!(text.contains("01.234.567.8-901.000"), "{text}");
    let roll = konter::docs::service::render_invoice(&s.db, s.ctx(9).now, o.id, deposit.id, true)
        .await
        .unwrap();
    let text = pdf_text(&s, "dp-ulang-struk.pdf", &roll);
    assert!(
        text.contains(&format!("Menggantikan invoice batal: {first}")),
        "{text}"
    );
    let paid = billing::pay(&s.db, &s.ctx(10), o.id, pay()).await.unwrap();
    assert_eq!(paid.order.invoices[0].balance, dec!(0));
    assert_eq!(paid.order.payments[0].invoice_number, inv.number);
    assert_eq!(paid.order.deposit_owed, dec!(0));
    // The history keeps both acts.
    let kinds: Vec<String> = sqlx::query_scalar(
        "SELECT kind FROM service_order_events WHERE order_id = ? AND kind LIKE 'invoice_%' ORDER BY at, rowid",
    )
    .bind(o.id.to_string())
    .fetch_all(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(kinds, ["invoice_void", "invoice_reissue"]);
}
