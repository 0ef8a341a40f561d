//! One service order end to end on a real database (seeds 000 and 003: a
//! CCTV installation): the requirements and the confirmation printed, one
//! revision the customer accepts with a signature, the down payment before
//! the start, two milestone visits booked on the dispatch board, an update
//! told on WhatsApp, the handover with revisions and then accepted (the
//! BAST printed), the invoices adding up to the order to the last rupiah,
//! a support visit inside the period free and one after it charged.

use crate::common;
use crate::field::billing::signature;
use crate::field::visits::technician;
use crate::service::fixtures::*;

use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::service::{ServiceChannel, ServiceStatus};
use konter::domain::web::messages::MessageKind;
use konter::store::field::billing as visit_billing;
use konter::store::field::work::VisitPart;
use konter::store::service::billing::{self, ServicePaymentInput};
use konter::store::service::handover::{self, HandoverInput, HandoverOutcome};
use konter::store::service::orders::{
    self, AcceptanceInput, AcceptedHow, NewServiceOrder, RevisionInput,
};
use konter::store::service::work::{self, OrderVisitInput, ProgressInput};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

#[tokio::test]
async fn a_cctv_installation_from_requirements_to_support() {
    let s = shop().await;
    let darma = customer(&s, "PT Gudang Darma", "081377788899").await;
    let joko = technician(&s).await;
    let cable = common::sales::product(&s, "UTP-305", "850.000", false).await;
    common::sales::receive(&s, &cable, "3", &[]).await;

    // The requirements discussed on WhatsApp become the order and its
    // first confirmation.
    let o = orders::create(
        &s.db,
        &s.ctx(0),
        NewServiceOrder {
            customer_id: darma.id.to_string(),
            channel: ServiceChannel::Whatsapp,
            scope: cctv(),
        },
    )
    .await
    .unwrap();
    assert_eq!(o.status, ServiceStatus::Proposed);
    assert!(o.number.starts_with("PJ-JKT1-K1-2026-"), "{}", o.number);
    assert!(o.confirmation.starts_with("KP-JKT1-K1-2026-"));
    // 8 × 1.250.000 + 3.500.000 + 2.000.000 = 15.500.000, PPN 11 % on top.
    assert_eq!(
        (o.totals.subtotal, o.totals.tax, o.totals.total),
        (dec!(15500000), dec!(1705000), dec!(17205000))
    );
    let text = pdf_text(
        &s,
        "konfirmasi-1.pdf",
        &konter::docs::service::render_confirmation(&s.db, s.ctx(0).now, o.id)
            .await
            .unwrap(),
    );
    for want in [
        "SURAT KONFIRMASI PESANAN",
        &o.confirmation,
        "Instalasi CCTV gudang",
        "8 kamera outdoor 4 MP",
        "Kamera outdoor 4 MP",
        "Rp 17.205.000",
        "Penarikan kabel",
        "Uang muka 30% sebelum pekerjaan dimulai: Rp 5.161.500",
        "Termin tahap 1 (Penarikan kabel) 20% saat selesai: Rp 3.441.000",
        "Pelunasan 50% saat serah terima diterima",
        "Semua kamera merekam siang dan malam",
        "90 hari sejak serah terima diterima",
    ] {
        assert!(text.contains(want), "confirmation lacks {want:?}:\n{text}");
    }

    // The customer wants a ninth camera at the back door: revision 2.
    let mut more = cctv();
    more.lines[0].qty = dec!(9);
    let o = orders::revise(
        &s.db,
        &s.ctx(30),
        o.id,
        RevisionInput {
            scope: more.clone(),
            reason: "Tambah 1 kamera di pintu belakang".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!((o.revision, o.status), (2, ServiceStatus::Proposed));
    assert_eq!(o.totals.total, dec!(18592500));
    assert_eq!(o.revisions.len(), 2);
    assert_eq!(
        o.revisions[0].total,
        dec!(17205000),
        "revision 1 is kept as it was"
    );
    let text = pdf_text(
        &s,
        "konfirmasi-2.pdf",
        &konter::docs::service::render_confirmation(&s.db, s.ctx(30).now, o.id)
            .await
            .unwrap(),
    );
    assert!(text.contains("menggantikan revisi 1"), "{text}");
    assert!(text.contains("Tambah 1 kamera di pintu belakang"));
    assert!(text.contains("Rp 18.592.500"));

    // Accepting the revision the customer no longer looks at is refused;
    // the newest, signed at the counter, confirms the order and invoices
    // the down payment: 30 % of 18.592.500.
    let sign = |revision| AcceptanceInput {
        revision,
        how: AcceptedHow::Signature,
        signer: "Darma Wijaya".into(),
        reference: None,
        signature_png: Some(signature()),
    };
    let before = s.counts().await;
    let err = orders::accept(&s.db, &s.ctx(60), o.id, sign(1))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("stale_revision"));
    assert_eq!(s.counts().await, before, "a refusal writes nothing");
    let o = orders::accept(&s.db, &s.ctx(60), o.id, sign(2))
        .await
        .unwrap();
    assert_eq!(
        (o.status, o.accepted_revision),
        (ServiceStatus::Confirmed, Some(2))
    );
    assert_eq!(o.invoices.len(), 1);
    let deposit = o.invoices[0].clone();
    assert_eq!(deposit.kind, "deposit");
    assert_eq!(
        (
            deposit.totals.base,
            deposit.totals.tax,
            deposit.totals.total
        ),
        (dec!(5025000), dec!(552750), dec!(5577750))
    );
    assert_eq!(o.deposit_owed, dec!(5577750));
    let text = pdf_text(
        &s,
        "konfirmasi-2-disetujui.pdf",
        &konter::docs::service::render_confirmation(&s.db, s.ctx(60).now, o.id)
            .await
            .unwrap(),
    );
    assert!(
        text.contains("Disetujui dan ditandatangani oleh Darma Wijaya"),
        "{text}"
    );

    // No work before the down payment: the clerk sees how much is owed.
    let before = s.counts().await;
    let err = work::start(&s.db, &s.ctx(61), o.id).await.unwrap_err();
    assert_eq!(err.code(), Some("deposit_unpaid"));
    assert!(err.to_string().contains("Rp 5.577.750"), "{err}");
    assert_eq!(s.counts().await, before);
    let paid = billing::pay(
        &s.db,
        &s.ctx(62),
        o.id,
        ServicePaymentInput {
            invoice_id: deposit.id.to_string(),
            method: PaymentMethod::Cash,
            tendered: Some("5.600.000".into()),
        },
    )
    .await
    .unwrap();
    assert_eq!(paid.change, dec!(22250));
    assert_eq!(paid.order.deposit_owed, Decimal::ZERO);
    let again = billing::pay(
        &s.db,
        &s.ctx(63),
        o.id,
        ServicePaymentInput {
            invoice_id: deposit.id.to_string(),
            method: PaymentMethod::Cash,
            tendered: None,
        },
    )
    .await
    .unwrap_err();
    assert_eq!(again.code(), Some("nothing_to_pay"));
    let o = work::start(&s.db, &s.ctx(64), o.id).await.unwrap();
    assert_eq!(o.status, ServiceStatus::InProgress);

    // Two milestone visits, booked on the technicians' board.
    let visit = |milestone, problem: &str| OrderVisitInput {
        milestone: Some(milestone),
        problem: problem.into(),
        preferred_at: None,
        skills: vec!["Scanner".into()],
        quote: None,
    };
    let o = work::request_visit(&s.db, &s.ctx(65), o.id, visit(1, "Tarik kabel 9 titik"))
        .await
        .unwrap();
    let o = work::request_visit(&s.db, &s.ctx(66), o.id, visit(2, "Pasang kamera dan NVR"))
        .await
        .unwrap();
    assert_eq!(o.visits.len(), 2);
    assert!(o.visits.iter().all(|v| v.covered));
    let (v1, v2) = (o.visits[0].id, o.visits[1].id);
    work_visit(
        &s,
        joko,
        v1,
        1,
        "2026-11-24",
        vec![VisitPart {
            product_id: cable.id.to_string(),
            qty: "2".into(),
        }],
    )
    .await;
    let board = konter::store::field::dispatch::board(
        &s.db,
        at_day(&s, 1, 0).now,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        1,
    )
    .await
    .unwrap();
    let row = board
        .rows
        .iter()
        .find(|r| r.name == "Joko Teknisi")
        .unwrap();
    assert_eq!(
        row.days[0].blocks.len(),
        1,
        "the milestone visit is on the board"
    );
    assert_eq!(row.days[0].blocks[0].customer, "PT Gudang Darma");
    // The order bills the work: the visit issues no invoice of its own,
    // and the cable left stock.
    assert!(visit_billing::bill(&s.db, v1)
        .await
        .unwrap()
        .invoice
        .is_none());
    let on_hand: i64 = sqlx::query_scalar("SELECT SUM(qty) FROM stock_moves WHERE product_id = ?")
        .bind(cable.id.to_string())
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(on_hand, 1);

    // The cabling is done: the customer is told, its 20 % is invoiced.
    let o = work::record_progress(
        &s.db,
        &at_day(&s, 1, 2),
        o.id,
        ProgressInput {
            milestone: 1,
            progress: 100,
            note: "Kabel sudah ditarik ke 9 titik".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(o.milestones[0].progress, 100);
    assert!(o.last_update_at.is_some());
    let m1 = o.invoices.iter().find(|i| i.kind == "milestone").unwrap();
    assert_eq!(m1.totals.total, dec!(3718500));
    let msg = konter::store::web::messages::prepare(
        &s.db,
        &konter::store::web::messages::PrepareMessage {
            kind: MessageKind::Progress,
            id: o.id.to_string(),
            fallback: "Halo {name}, progres {number}: {progress}".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        msg.text,
        format!("Halo PT Gudang Darma, progres {}: 1. Penarikan kabel: 100% — Kabel sudah ditarik ke 9 titik", o.number)
    );
    assert!(msg.link.starts_with("https://wa.me/6281377788899?text="));

    // Four working days without news: the order is flagged, first in the list.
    let later = at_day(&s, 7, 0).now; // Monday 30 Nov
    let list = konter::store::service::list(&s.db, later).await.unwrap();
    assert!(list[0].stale && list[0].id == o.id);
    assert!(
        !konter::store::service::list(&s.db, at_day(&s, 2, 0).now)
            .await
            .unwrap()[0]
            .stale
    );

    work_visit(&s, joko, v2, 3, "2026-11-26", vec![]).await;
    let o = work::record_progress(
        &s.db,
        &at_day(&s, 3, 2),
        o.id,
        ProgressInput {
            milestone: 2,
            progress: 100,
            note: "Kamera dan NVR terpasang".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(o.invoices.len(), 2, "milestone 2 has no share of its own");

    // The handover: the warehouse cameras are too dark at night.
    let hand = |outcome, met: &[bool], revisions: Option<&str>| HandoverInput {
        delivered: "9 kamera, NVR 2 TB, aplikasi di ponsel pemilik".into(),
        criteria: criteria(met),
        outcome,
        revisions: revisions.map(str::to_string),
        signer: "Darma Wijaya".into(),
        signature_png: signature(),
    };
    let before = s.counts().await;
    let err = handover::hand_over(
        &s.db,
        &at_day(&s, 3, 3),
        o.id,
        hand(HandoverOutcome::Accepted, &[false, true, true], None),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (err.field(), err.code()),
        (Some("criteria.0"), Some("unmet"))
    );
    assert_eq!(s.counts().await, before);
    let o = handover::hand_over(
        &s.db,
        &at_day(&s, 3, 3),
        o.id,
        hand(
            HandoverOutcome::Revisions,
            &[false, true, true],
            Some("Kamera gudang kurang terang malam hari"),
        ),
    )
    .await
    .unwrap();
    assert_eq!(o.status, ServiceStatus::InProgress);
    let text = pdf_text(
        &s,
        "bast-1.pdf",
        &konter::docs::service::render_handover(&s.db, at_day(&s, 3, 3).now, o.id)
            .await
            .unwrap(),
    );
    assert!(
        text.contains("BERITA ACARA SERAH TERIMA PEKERJAAN"),
        "{text}"
    );
    assert!(
        text.contains("PERLU REVISI") && text.contains("Kamera gudang kurang terang malam hari")
    );
    assert!(text.contains("Belum terpenuhi"));

    // Fixed (IR illuminators), handed over again and accepted on Friday.
    let o = handover::hand_over(
        &s.db,
        &at_day(&s, 4, 0),
        o.id,
        hand(HandoverOutcome::Accepted, &[true, true, true], None),
    )
    .await
    .unwrap();
    assert_eq!(o.status, ServiceStatus::Accepted);
    assert_eq!(o.support_ends_on.as_deref(), Some("2027-02-24"));
    assert_eq!(o.support_days_left, 90);
    assert_eq!(o.handovers.len(), 2);
    let text = pdf_text(
        &s,
        "bast-2.pdf",
        &konter::docs::service::render_handover(&s.db, at_day(&s, 4, 0).now, o.id)
            .await
            .unwrap(),
    );
    assert!(text.contains("PEKERJAAN DITERIMA"), "{text}");
    assert!(text.contains("Masa dukungan berlaku sampai 24-02-2027"));

    // The invoices add up to the order, tax and all.
    let fin = o.invoices.iter().find(|i| i.kind == "final").unwrap();
    assert_eq!(
        fin.totals.total,
        dec!(18592500) - dec!(5577750) - dec!(3718500)
    );
    let total: Decimal = o.invoices.iter().map(|i| i.totals.total).sum();
    let tax: Decimal = o.invoices.iter().map(|i| i.totals.tax).sum();
    assert_eq!((total, tax), (o.totals.total, o.totals.tax));
    assert_eq!(o.balance, total - dec!(5577750));
    let text = pdf_text(
        &s,
        "invoice-pelunasan.pdf",
        &konter::docs::service::render_invoice(&s.db, at_day(&s, 4, 0).now, o.id, fin.id, false)
            .await
            .unwrap(),
    );
    assert!(text.contains(&fin.number), "{text}");
    assert!(text.contains(&format!("Pelunasan {}", o.number)));
    assert!(text.contains("Rp 9.296.250"));

    // Support inside the period is free; after it, the visit is priced.
    let support = |quote: Option<&str>| OrderVisitInput {
        milestone: None,
        problem: "Kamera 3 tidak tampil di aplikasi".into(),
        preferred_at: None,
        skills: vec![],
        quote: quote.map(str::to_string),
    };
    let err = work::request_visit(&s.db, &at_day(&s, 10, 0), o.id, support(Some("350.000")))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("covered"));
    let o = work::request_visit(&s.db, &at_day(&s, 10, 0), o.id, support(None))
        .await
        .unwrap();
    let inside = o.visits.last().unwrap().clone();
    assert!(inside.covered && inside.milestone.is_none());
    work_visit(&s, joko, inside.id, 11, "2026-12-04", vec![]).await;
    assert!(
        visit_billing::bill(&s.db, inside.id)
            .await
            .unwrap()
            .invoice
            .is_none(),
        "free inside the period"
    );

    // 2 March 2027: the period ended on 24 February.
    let o = work::request_visit(&s.db, &at_day(&s, 98, 0), o.id, support(Some("350.000")))
        .await
        .unwrap();
    assert_eq!(o.support_days_left, 0);
    let after = o.visits.last().unwrap().clone();
    assert!(!after.covered);
    work_visit(&s, joko, after.id, 99, "2027-03-02", vec![]).await;
    let bill = visit_billing::bill(&s.db, after.id).await.unwrap();
    let lines: Vec<_> = bill
        .invoice
        .as_ref()
        .expect("charged after the period")
        .lines
        .iter()
        .map(|l| l.description.clone())
        .collect();
    assert_eq!(lines, ["Biaya kunjungan", "Jasa teknisi 120 menit"]);

    // The history tells the whole story, and every step went to the outbox.
    let kinds: Vec<_> = o.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "created",
            "revised",
            "accepted_confirmation",
            "payment",
            "started",
            "visit_requested",
            "visit_requested",
            "progress",
            "progress",
            "revisions_requested",
            "handed_over",
            "support_requested",
            "support_requested",
        ]
    );
    let outbox: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE entity = 'service_order' AND entity_id = ?",
    )
    .bind(o.id.to_string())
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(outbox, kinds.len() as i64);
}
