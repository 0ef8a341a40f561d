//! The counter's printing as a clerk meets it: printers set up on this
//! device, the receipt and the drawer after a cash pickup, the intake
//! receipt's two copies, a printer that fails (logged, printed again), and
//! bad input refused with nothing written. The drawer's other cases are in
//! `drawer.rs`.

use super::*;
use crate::common::matrix::ticket_in;
use crate::common::sales::code;
use crate::common::*;
use konter::docs::print::papers::{self, PrintDoc};
use konter::domain::payment::PaymentMethod;
use konter::domain::print::settings::{Connection, Printers, ReceiptPrinter};
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::staff::Role;
use konter::store::print::auto::{self, AutoEvent, AutoRequest};
use konter::store::print::{self as printing, PrintRequest};
use konter::store::repairs::pickup::{self, PickupInput};
use konter::store::Ctx;

pub fn receipt_printer(address: &str) -> Printers {
    Printers {
        receipt: Some(ReceiptPrinter {
            connection: Connection::Network {
                address: address.into(),
            },
            width: Width::Cols42,
            code_page: CodePage::Pc437,
            code_table: 0,
            cut: Cut::Partial,
            drawer_pin: 2,
            drawer_pulse_ms: 100,
        }),
        ..Printers::default()
    }
}

pub fn paid(event: AutoEvent, id: uuid::Uuid, payment: Option<String>) -> AutoRequest {
    AutoRequest {
        event,
        id: id.to_string(),
        serials: vec![],
        qty: 0,
        payment_id: payment,
    }
}

pub fn request(doc: PrintDoc, id: Option<uuid::Uuid>) -> PrintRequest {
    PrintRequest {
        doc,
        id: id.map(|i| i.to_string()),
        serials: vec![],
        copies: 1,
    }
}

/// The words of a slip (what both drawings must say).
fn words(slip: &konter::docs::slip::Slip) -> Vec<String> {
    use konter::docs::slip::Block::*;
    let mut out = vec![];
    for b in &slip.blocks {
        let texts: Vec<&str> = match b {
            Shop(t) | Title(t) | Centered(t, _) | Text(t, _) | Signatures(t) => vec![t],
            Pair(l, v, _) | Total(l, v) => vec![l, v],
            Code128(_) | Qr(_) | Rule | Gap => vec![],
        };
        for t in texts {
            out.extend(
                t.split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| w.len() > 1)
                    .map(str::to_string),
            );
        }
    }
    out
}

#[tokio::test]
async fn a_cash_pickup_prints_the_receipt_as_text_and_opens_the_drawer_once() {
    let _one = PRINTER.lock().await;
    let (addr, api) = printer();
    close_drawer(&api).await;
    let s = shop().await;
    let c = customer(&s, "Budi Santoso", "081234567890").await;
    let t = ticket_in(&s, c.id, TicketStatus::ReadyForPickup).await;

    // No printer on this PC: nothing prints, nothing is written.
    let before = s.outbox_len().await;
    let none = auto::after(&s.db, &s.ctx(5), paid(AutoEvent::TicketPaid, t.id, None))
        .await
        .unwrap();
    assert!(none.is_empty());
    let e = printing::print(
        &s.db,
        &s.ctx(5),
        request(PrintDoc::PaymentReceipt, Some(t.id)),
    )
    .await
    .unwrap_err();
    assert_eq!(code(&e), "no_invoice", "refused before any printer: {e:?}");
    assert_eq!(s.outbox_len().await, before);

    // Printers are the owner's or an admin's to set; each field checked.
    let clerk = Ctx {
        role: Role::FrontDesk,
        ..s.ctx(6)
    };
    assert!(matches!(
        printing::set_printers(&s.db, &clerk, receipt_printer(&addr)).await,
        Err(konter::Error::Forbidden { .. })
    ));
    let bad = printing::set_printers(&s.db, &s.ctx(6), receipt_printer("printer 1"))
        .await
        .unwrap_err();
    assert_eq!(bad.field(), Some("receipt_printer"));
    assert_eq!(
        printing::printers(&s.db).await.unwrap(),
        Printers::default()
    );
    assert_eq!(s.outbox_len().await, before);
    let set = printing::set_printers(&s.db, &s.ctx(7), receipt_printer(&addr))
        .await
        .unwrap();
    assert_eq!(printing::printers(&s.db).await.unwrap(), set);
    assert_eq!(s.outbox_len().await, before + 1, "the change is audited");

    // The cash pickup: the receipt comes out as text with a drawer pulse.
    let known = receipts(&api).await.len();
    // The cash down payment taken at intake is not this action's: naming
    // it opens no drawer (nor does naming nothing).
    let down = t.payments[0].id.to_string();
    let picked = pickup::pickup(
        &s.db,
        &s.ctx(10),
        t.id,
        PickupInput {
            method: PaymentMethod::Cash,
            tendered: None,
            note: None,
        },
    )
    .await
    .unwrap();
    let payment = picked.payment_id.clone();
    assert!(payment.is_some() && payment.as_deref() != Some(down.as_str()));
    let printed = auto::after(
        &s.db,
        &s.ctx(10),
        paid(AutoEvent::TicketPaid, t.id, payment.clone()),
    )
    .await
    .unwrap();
    assert_eq!(printed.len(), 1);
    let job = &printed[0].job;
    assert_eq!(
        (job.outcome.as_str(), job.drawer, job.doc_kind.as_str()),
        ("printed", true, "payment_receipt"),
        "{printed:?}"
    );
    let (receipt, text) = next_receipt(&api, known).await;
    assert_eq!(receipt["boundary"], "cut");
    assert_eq!(drawer(&api).await, "open", "the cash opened the drawer");
    let t = konter::store::repairs::tickets::detail(&s.db, t.id)
        .await
        .unwrap();
    let invoice = t.invoice.clone().unwrap().number;
    for want in [
        "STRUK PEMBAYARAN",
        invoice.as_str(),
        "Budi Santoso",
        "TOTAL",
        "Terbilang",
        "Tunai",
        "Terima kasih",
        &format!("Lacak servis: {}", t.tracking_code),
    ] {
        assert!(text.contains(want), "{want:?} in:\n{text}");
    }
    assert!(
        text.lines()
            .filter(|l| !l.starts_with('['))
            .all(|l| l.trim_end().chars().count() <= 42),
        "nothing wider than the paper:\n{text}"
    );
    // One layout model: the 80 mm PDF says every word the printer printed.
    let (_, slip) = papers::slip(&s.db, PrintDoc::PaymentReceipt, t.id)
        .await
        .unwrap();
    let pdf = konter::docs::repairs::render(&s.db, t.id, konter::docs::DocKind::PaymentReceipt)
        .await
        .unwrap();
    let pdf_text = pdf_text(&s, "struk.pdf", &pdf);
    let words = words(&slip);
    assert!(words.len() > 30, "{words:?}");
    for w in &words {
        assert!(text.contains(w.as_str()), "{w:?} printed:\n{text}");
        assert!(
            pdf_text.contains(w.as_str()),
            "{w:?} in the PDF:\n{pdf_text}"
        );
    }

    // The same payment never opens the drawer twice.
    close_drawer(&api).await;
    let again = auto::after(
        &s.db,
        &s.ctx(11),
        paid(AutoEvent::TicketPaid, t.id, payment.clone()),
    )
    .await
    .unwrap();
    assert!(!again[0].job.drawer);
    next_receipt(&api, known + 1).await;
    assert_eq!(drawer(&api).await, "closed");
    // A payment that is not this ticket's, or one a colleague took: no
    // drawer either.
    let stranger = Some(uuid::Uuid::now_v7().to_string());
    let member = konter::store::staff::add(
        &s.db,
        &s.ctx(11),
        konter::store::staff::NewStaff {
            name: "Rina".into(),
            username: "rina".into(),
            password: "rahasia-123".into(),
            role: Role::FrontDesk,
        },
    )
    .await
    .unwrap();
    let colleague = Ctx {
        staff_id: member.id,
        role: Role::FrontDesk,
        ..s.ctx(11)
    };
    for (ctx, pay) in [(s.ctx(11), stranger), (colleague, Some(down.clone()))] {
        let r = auto::after(&s.db, &ctx, paid(AutoEvent::TicketPaid, t.id, pay))
            .await
            .unwrap();
        assert!(!r[0].job.drawer, "{r:?}");
    }
    next_receipt(&api, known + 3).await;
    assert_eq!(drawer(&api).await, "closed");

    // A printer that is not there: logged as failed with its reason,
    // printed again once it is back.
    let gone = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    printing::set_printers(&s.db, &s.ctx(12), receipt_printer(&gone))
        .await
        .unwrap();
    let failed = printing::print(
        &s.db,
        &s.ctx(12),
        request(PrintDoc::PaymentReceipt, Some(t.id)),
    )
    .await
    .unwrap();
    assert_eq!(failed.job.outcome, "failed");
    assert_eq!(
        failed.job.error_code.as_deref(),
        Some("printer_unreachable")
    );
    assert!(failed.message.unwrap().contains(&gone));
    // Out of paper: refused before anything is sent, the reason named.
    printing::set_printers(&s.db, &s.ctx(13), receipt_printer(&addr))
        .await
        .unwrap();
    fault(&api, "paper-out", true).await;
    let out = printing::print(
        &s.db,
        &s.ctx(13),
        request(PrintDoc::PaymentReceipt, Some(t.id)),
    )
    .await
    .unwrap();
    fault(&api, "paper-out", false).await;
    assert_eq!(out.job.error_code.as_deref(), Some("printer_paper_out"));
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(
        receipts(&api).await.len(),
        known + 4,
        "nothing was held to print later"
    );
    let reprint = printing::print(
        &s.db,
        &s.ctx(14),
        request(PrintDoc::PaymentReceipt, Some(t.id)),
    )
    .await
    .unwrap();
    assert_eq!(reprint.job.outcome, "printed");
    let (_, text) = next_receipt(&api, known + 4).await;
    assert!(text.contains(&invoice));

    // The log on the ticket: who, when, which printer, how it went.
    let log = printing::jobs(&s.db, t.id).await.unwrap();
    let outcomes: Vec<_> = log
        .iter()
        .map(|j| (j.outcome.as_str(), j.error_code.as_deref()))
        .collect();
    assert_eq!(
        outcomes,
        vec![
            ("printed", None),
            ("failed", Some("printer_paper_out")),
            ("failed", Some("printer_unreachable")),
            ("printed", None),
            ("printed", None),
            ("printed", None),
            ("printed", None),
        ]
    );
    assert!(log
        .iter()
        .all(|j| j.doc_number.as_deref() == Some(t.number.as_str())));
    let who: Vec<&str> = log.iter().map(|j| j.staff_name.as_str()).collect();
    assert_eq!(who.iter().filter(|n| **n == "Rina").count(), 1, "{who:?}");
    assert_eq!(who.iter().filter(|n| **n == "Hendra Halim").count(), 6);
    assert_eq!(log[0].target, addr);
    assert_eq!(log[2].target, gone);
}

#[tokio::test]
async fn an_intake_prints_two_copies_with_the_number_and_tracking_qr() {
    let _one = PRINTER.lock().await;
    let (addr, api) = printer();
    let s = shop().await;
    printing::set_printers(&s.db, &s.ctx(1), receipt_printer(&addr))
        .await
        .unwrap();
    let c = customer(&s, "Siti Rahma", "081298765432").await;
    let t =
        konter::store::repairs::tickets::intake(&s.db, &s.ctx(2), intake_input(c.id.to_string()))
            .await
            .unwrap();
    let known = receipts(&api).await.len();
    let printed = auto::after(&s.db, &s.ctx(2), paid(AutoEvent::Intake, t.id, None))
        .await
        .unwrap();
    assert_eq!(printed.len(), 1, "no label printer: the receipt only");
    assert_eq!(printed[0].job.copies, 2);
    assert!(!printed[0].job.drawer, "an intake opens no drawer");
    let (_, second) = next_receipt(&api, known + 1).await;
    let list = receipts(&api).await;
    assert_eq!(list.len(), known + 2, "two copies, each cut");
    for text in [second] {
        for want in [
            "TANDA TERIMA SERVIS".to_string(),
            format!("[barcode CODE128 {}]", t.number),
            format!("[qr {}]", t.tracking_code),
            format!("Kode lacak: {}", t.tracking_code),
            "Siti Rahma".to_string(),
            "Pelanggan".to_string(),
        ] {
            assert!(text.contains(&want), "{want:?} in:\n{text}");
        }
        assert!(!text.contains("4321"), "never the unlock secret");
    }
    // Bad input: nothing written.
    let before = s.outbox_len().await;
    for (req, want) in [
        (
            PrintRequest {
                copies: 0,
                ..request(PrintDoc::IntakeReceipt, Some(t.id))
            },
            "out_of_range",
        ),
        (request(PrintDoc::IntakeReceipt, None), "required"),
        (
            request(PrintDoc::IntakeReceipt, Some(uuid::Uuid::now_v7())),
            "NotFound",
        ),
        (request(PrintDoc::DeviceLabel, Some(t.id)), "no_printer"),
    ] {
        let e = printing::print(&s.db, &s.ctx(3), req).await.unwrap_err();
        assert!(code(&e).contains(want), "{want}: {e:?}");
    }
    assert_eq!(s.outbox_len().await, before);
}
