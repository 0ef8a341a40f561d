//! Service orders refuse bad input, wrong states, other people's invoices
//! and roles without the right, each with a typed error on its field, and
//! write nothing when they do.

use crate::common;
use crate::field::billing::signature;
use crate::field::visits::technician;
use crate::service::fixtures::*;

use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::service::ServiceStatus;
use konter::domain::staff::Role;
use konter::store::service::billing::{self, ServicePaymentInput};
use konter::store::service::handover::{self, HandoverOutcome};
use konter::store::service::orders::{self, AcceptedHow, RevisionInput};
use konter::store::service::work::{self, OrderVisitInput};
use konter::store::Ctx;
use rust_decimal_macros::dec;

#[tokio::test]
async fn bad_input_wrong_states_and_roles_write_nothing() {
    let s = shop().await;
    let darma = customer(&s, "PT Gudang Darma", "081377788899").await;
    let joko = technician(&s).await;
    let tech = Ctx {
        staff_id: joko,
        role: Role::Technician,
        ..s.ctx(0)
    };
    let before = s.counts().await;
    let mut bad = vec![];
    let mut input = new(darma.id);
    input.customer_id = uuid::Uuid::now_v7().to_string();
    bad.push(orders::create(&s.db, &s.ctx(0), input).await.map(drop));
    let mut input = new(darma.id);
    input.scope.title = "   ".into();
    bad.push(orders::create(&s.db, &s.ctx(0), input).await.map(drop));
    let mut input = new(darma.id);
    input.scope.lines[1].unit_price = dec!(-5);
    bad.push(orders::create(&s.db, &s.ctx(0), input).await.map(drop));
    let mut input = new(darma.id);
    input.scope.deposit_percent = 90;
    bad.push(orders::create(&s.db, &s.ctx(0), input).await.map(drop));
    let mut input = new(darma.id);
    input.scope.lines[0].unit_price = dec!(9999999999999);
    input.scope.lines[0].qty = dec!(100000);
    bad.push(orders::create(&s.db, &s.ctx(0), input).await.map(drop));
    bad.push(orders::create(&s.db, &tech, new(darma.id)).await.map(drop));
    let unknown = uuid::Uuid::now_v7();
    bad.push(work::start(&s.db, &s.ctx(0), unknown).await.map(drop));
    let got: Vec<_> = bad.iter().map(|r| code(r.as_ref().unwrap_err())).collect();
    assert_eq!(
        got,
        [
            "customer_id:unknown_customer",
            "title:required",
            "lines.1.unit_price:negative",
            "milestones.0.pay_percent:over_100",
            "lines:too_large",
            "forbidden",
            "not_found:service_order",
        ]
    );
    assert_eq!(s.counts().await, before, "nothing written");

    let o = orders::create(&s.db, &s.ctx(0), new(darma.id))
        .await
        .unwrap();
    let before = s.counts().await;
    let mut bad = vec![];
    // Proposed: nothing of the work may happen yet.
    bad.push(work::start(&s.db, &s.ctx(1), o.id).await.map(drop));
    bad.push(
        work::record_progress(&s.db, &s.ctx(1), o.id, progress(1, 10))
            .await
            .map(drop),
    );
    bad.push(
        handover::hand_over(&s.db, &s.ctx(1), o.id, hand_accepted())
            .await
            .map(drop),
    );
    let support = OrderVisitInput {
        milestone: None,
        problem: "Kamera mati".into(),
        preferred_at: None,
        skills: vec![],
        quote: None,
    };
    bad.push(
        work::request_visit(&s.db, &s.ctx(1), o.id, support.clone())
            .await
            .map(drop),
    );
    // Revising with nothing changed, or without a reason.
    let same = RevisionInput {
        scope: cctv(),
        reason: "Tidak ada".into(),
    };
    bad.push(orders::revise(&s.db, &s.ctx(1), o.id, same).await.map(drop));
    let mut changed = cctv();
    changed.support_days = 180;
    let no_reason = RevisionInput {
        scope: changed.clone(),
        reason: " ".into(),
    };
    bad.push(
        orders::revise(&s.db, &s.ctx(1), o.id, no_reason)
            .await
            .map(drop),
    );
    // Acceptance: by reply needs its reference; a signature needs the pad;
    // a reply carries no signature; an unknown revision is stale.
    bad.push(
        orders::accept(&s.db, &s.ctx(1), o.id, by_channel(1, None))
            .await
            .map(drop),
    );
    let mut unsigned = by_channel(1, None);
    unsigned.how = AcceptedHow::Signature;
    bad.push(
        orders::accept(&s.db, &s.ctx(1), o.id, unsigned)
            .await
            .map(drop),
    );
    let mut both = by_channel(1, Some("WA 23-11 10:12"));
    both.signature_png = Some(signature());
    bad.push(orders::accept(&s.db, &s.ctx(1), o.id, both).await.map(drop));
    bad.push(
        orders::accept(&s.db, &s.ctx(1), o.id, by_channel(7, Some("WA")))
            .await
            .map(drop),
    );
    bad.push(
        orders::accept(&s.db, &tech, o.id, by_channel(1, Some("WA")))
            .await
            .map(drop),
    );
    bad.push(orders::cancel(&s.db, &s.ctx(1), o.id, "").await.map(drop));
    let got: Vec<_> = bad.iter().map(|r| code(r.as_ref().unwrap_err())).collect();
    assert_eq!(
        got,
        [
            "not_confirmed",
            "not_started",
            "not_started",
            "not_accepted",
            "scope:unchanged",
            "reason:required",
            "reference:required",
            "signature_png:required",
            "signature_png:signature_only",
            "revision:stale_revision",
            "forbidden",
            "reason:required",
        ]
    );
    assert_eq!(s.counts().await, before, "nothing written");

    // Accepted by WhatsApp: the down payment is invoiced; another order's
    // invoice, a forged id or a card payment with cash tendered is refused.
    let o = orders::accept(
        &s.db,
        &s.ctx(2),
        o.id,
        by_channel(1, Some("WA 23-11 10:12 dari Pak Darma")),
    )
    .await
    .unwrap();
    assert_eq!(o.status, ServiceStatus::Confirmed);
    let other = orders::create(&s.db, &s.ctx(3), new(darma.id))
        .await
        .unwrap();
    let other = orders::accept(&s.db, &s.ctx(3), other.id, by_channel(1, Some("WA")))
        .await
        .unwrap();
    let before = s.counts().await;
    let pay = |invoice: String, method, tendered: Option<&str>| ServicePaymentInput {
        invoice_id: invoice,
        method,
        tendered: tendered.map(str::to_string),
    };
    let mut bad = vec![];
    bad.push(
        billing::pay(
            &s.db,
            &s.ctx(4),
            o.id,
            pay(other.invoices[0].id.to_string(), PaymentMethod::Cash, None),
        )
        .await
        .map(drop),
    );
    bad.push(
        billing::pay(
            &s.db,
            &s.ctx(4),
            o.id,
            pay("not-an-id".into(), PaymentMethod::Cash, None),
        )
        .await
        .map(drop),
    );
    let deposit = o.invoices[0].id.to_string();
    bad.push(
        billing::pay(
            &s.db,
            &s.ctx(4),
            o.id,
            pay(deposit.clone(), PaymentMethod::Card, Some("6.000.000")),
        )
        .await
        .map(drop),
    );
    bad.push(
        billing::pay(
            &s.db,
            &s.ctx(4),
            o.id,
            pay(deposit.clone(), PaymentMethod::Cash, Some("100")),
        )
        .await
        .map(drop),
    );
    bad.push(
        billing::pay(
            &s.db,
            &tech,
            o.id,
            pay(deposit.clone(), PaymentMethod::Cash, None),
        )
        .await
        .map(drop),
    );
    bad.push(work::start(&s.db, &s.ctx(4), o.id).await.map(drop));
    let got: Vec<_> = bad.iter().map(|r| code(r.as_ref().unwrap_err())).collect();
    assert_eq!(
        got,
        [
            "invoice_id:unknown_invoice",
            "invoice_id:invalid_id",
            "tendered:cash_only",
            "tendered:not_enough",
            "forbidden",
            "deposit_unpaid",
        ]
    );
    assert_eq!(s.counts().await, before, "nothing written");

    // Paid: cancelling now is refused (the refund is its own act).
    billing::pay(
        &s.db,
        &s.ctx(5),
        o.id,
        pay(deposit, PaymentMethod::BankTransfer, None),
    )
    .await
    .unwrap();
    let before = s.counts().await;
    let err = orders::cancel(&s.db, &s.ctx(6), o.id, "Batal")
        .await
        .unwrap_err();
    assert_eq!(code(&err), "paid");
    assert_eq!(s.counts().await, before);

    // Working: a bad milestone or progress, a covered visit with a price,
    // a handover that does not check the confirmation's criteria.
    let o = work::start(&s.db, &s.ctx(7), o.id).await.unwrap();
    let before = s.counts().await;
    let mut bad = vec![];
    bad.push(
        work::record_progress(&s.db, &s.ctx(8), o.id, progress(3, 10))
            .await
            .map(drop),
    );
    bad.push(
        work::record_progress(&s.db, &s.ctx(8), o.id, progress(0, 10))
            .await
            .map(drop),
    );
    bad.push(
        work::record_progress(&s.db, &s.ctx(8), o.id, progress(1, 101))
            .await
            .map(drop),
    );
    let mut empty = progress(1, 10);
    empty.note = String::new();
    bad.push(
        work::record_progress(&s.db, &s.ctx(8), o.id, empty)
            .await
            .map(drop),
    );
    let mut priced = support.clone();
    priced.milestone = Some(1);
    priced.quote = Some("100.000".into());
    bad.push(
        work::request_visit(&s.db, &s.ctx(8), o.id, priced)
            .await
            .map(drop),
    );
    bad.push(
        work::request_visit(&s.db, &s.ctx(8), o.id, support.clone())
            .await
            .map(drop),
    );
    let mut short = hand_accepted();
    short.criteria.pop();
    bad.push(
        handover::hand_over(&s.db, &s.ctx(8), o.id, short)
            .await
            .map(drop),
    );
    let mut renamed = hand_accepted();
    renamed.criteria[1].criterion = "Rekaman 7 hari".into();
    bad.push(
        handover::hand_over(&s.db, &s.ctx(8), o.id, renamed)
            .await
            .map(drop),
    );
    let mut wordless = hand_accepted();
    wordless.outcome = HandoverOutcome::Revisions;
    bad.push(
        handover::hand_over(&s.db, &s.ctx(8), o.id, wordless)
            .await
            .map(drop),
    );
    let mut unsigned = hand_accepted();
    unsigned.signature_png = "%%%".into();
    bad.push(
        handover::hand_over(&s.db, &s.ctx(8), o.id, unsigned)
            .await
            .map(drop),
    );
    bad.push(
        orders::cancel(&s.db, &s.ctx(8), o.id, "Batal")
            .await
            .map(drop),
    );
    bad.push(work::start(&s.db, &s.ctx(8), o.id).await.map(drop));
    let got: Vec<_> = bad.iter().map(|r| code(r.as_ref().unwrap_err())).collect();
    assert_eq!(
        got,
        [
            "milestone:unknown_milestone",
            "milestone:unknown_milestone",
            "progress:out_of_range",
            "note:required",
            "quote:covered",
            "not_accepted",
            "criteria:criteria_mismatch",
            "criteria.1:criteria_mismatch",
            "revisions:required",
            "signature_png:invalid_image",
            "started",
            "already_started",
        ]
    );
    assert_eq!(s.counts().await, before, "nothing written");

    // A change while working waits for the customer; no handover meanwhile.
    let o = orders::revise(
        &s.db,
        &s.ctx(9),
        o.id,
        RevisionInput {
            scope: changed,
            reason: "Dukungan 180 hari".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(o.status, ServiceStatus::ChangeProposed);
    let before = s.counts().await;
    let err = handover::hand_over(&s.db, &s.ctx(10), o.id, hand_accepted())
        .await
        .unwrap_err();
    assert_eq!(code(&err), "change_pending");
    assert_eq!(s.counts().await, before);
    let o = orders::accept(&s.db, &s.ctx(11), o.id, by_channel(2, Some("WA")))
        .await
        .unwrap();
    assert_eq!(o.status, ServiceStatus::InProgress);
    assert_eq!(
        o.invoices.len(),
        1,
        "an accepted change after the start invoices no new down payment"
    );
    let o = handover::hand_over(&s.db, &at_day(&s, 1, 0), o.id, hand_accepted())
        .await
        .unwrap();
    assert_eq!(o.support_days_left, 180);
    let before = s.counts().await;
    let err = orders::revise(
        &s.db,
        &at_day(&s, 1, 1),
        o.id,
        RevisionInput {
            scope: cctv(),
            reason: "Lagi".into(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(code(&err), "already_accepted");
    assert_eq!(s.counts().await, before);
}
