//! A4 papers to the PC's A4 printer through a real CUPS: `scripts/cups.sh`
//! (started by the test command) runs cupsd with a queue whose backend
//! keeps each job; `lp` and `lpstat` reach it through `CUPS_SERVER`, as
//! they reach a shop PC's CUPS.

use crate::common::matrix::ticket_in;
use crate::common::*;
use konter::docs::DocKind;
use konter::domain::payment::PaymentMethod;
use konter::domain::print::settings::Printers;
use konter::domain::repairs::ticket::TicketStatus;
use konter::store::print as printing;
use konter::store::repairs::pickup::{self, PickupInput};

fn cups() -> (String, std::path::PathBuf) {
    match (
        std::env::var("KONTER_TEST_A4_QUEUE"),
        std::env::var("KONTER_TEST_A4_OUT"),
    ) {
        (Ok(q), Ok(o)) => (q, o.into()),
        _ => panic!("the A4 tests need the CUPS server: run scripts/test-all.sh, or `eval \"$(scripts/cups.sh start)\"` first"),
    }
}

/// The job CUPS handed its printer with exactly these bytes.
async fn job_with(out: &std::path::Path, bytes: &[u8]) -> std::path::PathBuf {
    for _ in 0..100 {
        for e in std::fs::read_dir(out).unwrap().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "prn") && std::fs::read(&p).unwrap() == bytes {
                return p;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("CUPS printed no job with the invoice's bytes");
}

#[tokio::test]
async fn an_invoice_goes_to_the_a4_printer_through_cups_and_is_logged() {
    let (queue, out) = cups();
    let s = shop().await;
    let c = customer(&s, "Budi Santoso", "081234567890").await;
    let t = ticket_in(&s, c.id, TicketStatus::ReadyForPickup).await;
    let paid = PickupInput {
        method: PaymentMethod::Card,
        tendered: None,
        note: None,
    };
    let t = pickup::pickup(&s.db, &s.ctx(5), t.id, paid)
        .await
        .unwrap()
        .ticket;
    let number = t.invoice.clone().unwrap().number;
    let pdf = konter::docs::repairs::render(&s.db, t.id, DocKind::Invoice)
        .await
        .unwrap();
    // No A4 printer set: nothing sent, nothing logged (the viewer opens).
    assert!(
        printing::print_a4(&s.db, &s.ctx(6), "invoice", t.id, &number, &pdf)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        konter::docs::print::system_printers()
            .await
            .contains(&queue),
        "the system's printers are listed for the choice"
    );
    let set = Printers {
        a4_printer: Some(queue.clone()),
        ..Printers::default()
    };
    printing::set_printers(&s.db, &s.ctx(7), set).await.unwrap();
    let printed = printing::print_a4(&s.db, &s.ctx(8), "invoice", t.id, &number, &pdf)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(printed.job.outcome, "printed", "{printed:?}");
    assert_eq!(printed.job.printer, "a4");
    let job = job_with(&out, &pdf).await;
    let text = pdf_text(&s, "a4-job.pdf", &std::fs::read(job).unwrap());
    assert!(text.contains(&number) && text.contains("INVOICE"), "{text}");

    // A queue the system does not have: logged as failed, with its reason.
    let gone = Printers {
        a4_printer: Some("Tidak_Ada".into()),
        ..Printers::default()
    };
    printing::set_printers(&s.db, &s.ctx(9), gone)
        .await
        .unwrap();
    let failed = printing::print_a4(&s.db, &s.ctx(10), "invoice", t.id, &number, &pdf)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(failed.job.error_code.as_deref(), Some("printer_unknown"));
    let log = printing::jobs(&s.db, t.id).await.unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|j| j.doc_kind == "a4:invoice"));
}
