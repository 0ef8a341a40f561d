//! A revision never undoes what happened: a price raised before the start
//! tops the down payment up and the start waits for it; after the start a
//! total below what was invoiced, a renamed milestone with progress or
//! another down payment share are refused at their field and write
//! nothing; the invoices still add up to the order.

use crate::common;
use crate::service::fixtures::*;

use common::*;
use konter::domain::payment::PaymentMethod;
use konter::store::service::billing::{self, ServicePaymentInput};
use konter::store::service::handover;
use konter::store::service::orders::{self, RevisionInput};
use konter::store::service::work;
use rust_decimal_macros::dec;

#[tokio::test]
async fn a_revision_never_undoes_what_happened() {
    let s = shop().await;
    let darma = customer(&s, "PT Gudang Darma", "081377788899").await;
    let o = orders::create(&s.db, &s.ctx(0), new(darma.id))
        .await
        .unwrap();
    let o = orders::accept(&s.db, &s.ctx(1), o.id, by_channel(1, Some("WA")))
        .await
        .unwrap();
    // 30 % of 17.205.000.
    assert_eq!(o.deposit_owed, dec!(5161500));
    let pay = |invoice: uuid::Uuid| ServicePaymentInput {
        invoice_id: invoice.to_string(),
        method: PaymentMethod::BankTransfer,
        tendered: None,
    };
    billing::pay(&s.db, &s.ctx(2), o.id, pay(o.invoices[0].id))
        .await
        .unwrap();
    // A ninth camera before the start: accepted again, the down payment is
    // topped up by 30 % of the difference and the start waits for it.
    let mut more = cctv();
    more.lines[0].qty = dec!(9);
    let o = orders::revise(
        &s.db,
        &s.ctx(3),
        o.id,
        RevisionInput {
            scope: more.clone(),
            reason: "Tambah kamera".into(),
        },
    )
    .await
    .unwrap();
    let o = orders::accept(&s.db, &s.ctx(4), o.id, by_channel(2, Some("WA")))
        .await
        .unwrap();
    assert_eq!(o.invoices.len(), 2);
    assert_eq!(
        o.invoices[1].totals.total,
        dec!(416250),
        "30 % of 1.387.500 more"
    );
    assert_eq!(o.deposit_owed, dec!(416250));
    assert_eq!(
        code(&work::start(&s.db, &s.ctx(5), o.id).await.unwrap_err()),
        "deposit_unpaid"
    );
    billing::pay(&s.db, &s.ctx(6), o.id, pay(o.invoices[1].id))
        .await
        .unwrap();
    let o = work::start(&s.db, &s.ctx(7), o.id).await.unwrap();
    let o = work::record_progress(&s.db, &s.ctx(8), o.id, progress(1, 100))
        .await
        .unwrap();
    assert_eq!(o.invoices.len(), 3);

    // Now: below what was invoiced, a renamed milestone with progress, or
    // another down payment share, each refused at its field; nothing written.
    let before = s.counts().await;
    let mut cheaper = more.clone();
    cheaper.lines = vec![cheaper.lines[2].clone()];
    let mut renamed = more.clone();
    renamed.milestones[0].title = "Kabel ulang".into();
    let mut deposit = more.clone();
    deposit.deposit_percent = 20;
    let mut got = vec![];
    for scope in [cheaper, renamed, deposit] {
        let err = orders::revise(
            &s.db,
            &s.ctx(9),
            o.id,
            RevisionInput {
                scope,
                reason: "Ubah".into(),
            },
        )
        .await
        .unwrap_err();
        got.push(code(&err));
    }
    assert_eq!(
        got,
        [
            "lines:below_invoiced",
            "milestones.0.title:milestone_started",
            "deposit_percent:deposit_fixed"
        ]
    );
    assert_eq!(s.counts().await, before);
    // The invoices still add up to the order once it is accepted.
    let o = handover::hand_over(&s.db, &at_day(&s, 1, 0), o.id, hand_accepted())
        .await
        .unwrap();
    let total: rust_decimal::Decimal = o.invoices.iter().map(|i| i.totals.total).sum();
    let tax: rust_decimal::Decimal = o.invoices.iter().map(|i| i.totals.tax).sum();
    assert_eq!((total, tax), (o.totals.total, o.totals.tax));
}
