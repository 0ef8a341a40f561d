//! The cash drawer beyond the pickup: opened without a sale (its own
//! permission, a reason, the audit), and cash that opens it with no
//! receipt or on the reprint after the printer failed.

use super::counter::{paid, receipt_printer, request};
use super::*;
use crate::common::matrix::ticket_in;
use crate::common::sales::code;
use crate::common::*;
use konter::docs::print::papers::PrintDoc;
use konter::domain::payment::PaymentMethod;
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::staff::Role;
use konter::store::print as printing;
use konter::store::print::auto::{self, AutoEvent};
use konter::store::repairs::pickup::{self, PickupInput};
use konter::store::Ctx;

#[tokio::test]
async fn the_drawer_without_a_sale_needs_its_permission_and_a_reason() {
    let _one = PRINTER.lock().await;
    let (addr, api) = printer();
    close_drawer(&api).await;
    let s = shop().await;
    printing::set_printers(&s.db, &s.ctx(1), receipt_printer(&addr))
        .await
        .unwrap();
    let before = s.outbox_len().await;
    let clerk = Ctx {
        role: Role::FrontDesk,
        ..s.ctx(2)
    };
    assert!(matches!(
        printing::open_drawer(&s.db, &clerk, "kembalian").await,
        Err(konter::Error::Forbidden { .. })
    ));
    let e = printing::open_drawer(&s.db, &s.ctx(2), "  ")
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("reason"));
    // Not through the plain print either.
    let e = printing::print(&s.db, &s.ctx(2), request(PrintDoc::Drawer, None))
        .await
        .unwrap_err();
    assert_eq!(code(&e), "drawer_needs_reason");
    assert_eq!(s.outbox_len().await, before, "nothing written");
    assert_eq!(drawer(&api).await, "closed");

    let opened = printing::open_drawer(&s.db, &s.ctx(3), "Tukar uang kecil")
        .await
        .unwrap();
    assert_eq!(opened.job.outcome, "printed");
    assert_eq!(drawer(&api).await, "open");
    close_drawer(&api).await;
    let seen = printing::drawer_openings(&s.db, &s.ctx(4), 10)
        .await
        .unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].reason.as_deref(), Some("Tukar uang kecil"));
    assert_eq!(s.outbox_len().await, before + 1, "audited");
    assert!(matches!(
        printing::drawer_openings(&s.db, &clerk, 10).await,
        Err(konter::Error::Forbidden { .. })
    ));
}

#[tokio::test]
async fn cash_opens_the_drawer_without_a_receipt_and_on_the_reprint_after_a_failure() {
    let _one = PRINTER.lock().await;
    let (addr, api) = printer();
    close_drawer(&api).await;
    let s = shop().await;
    let c = customer(&s, "Budi Santoso", "081234567890").await;
    let cash = || PickupInput {
        method: PaymentMethod::Cash,
        tendered: None,
        note: None,
    };
    // The printer is off when the cash is taken: the pulse fails with the
    // receipt, and the reprint carries it once the printer is back.
    let gone = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    printing::set_printers(&s.db, &s.ctx(1), receipt_printer(&gone))
        .await
        .unwrap();
    let t = ticket_in(&s, c.id, TicketStatus::ReadyForPickup).await;
    let picked = pickup::pickup(&s.db, &s.ctx(2), t.id, cash())
        .await
        .unwrap();
    let r = auto::after(
        &s.db,
        &s.ctx(2),
        paid(AutoEvent::TicketPaid, t.id, picked.payment_id.clone()),
    )
    .await
    .unwrap();
    assert_eq!(
        (r[0].job.outcome.as_str(), r[0].job.drawer),
        ("failed", true)
    );
    printing::set_printers(&s.db, &s.ctx(3), receipt_printer(&addr))
        .await
        .unwrap();
    let again = printing::print(
        &s.db,
        &s.ctx(4),
        request(PrintDoc::PaymentReceipt, Some(t.id)),
    )
    .await
    .unwrap();
    assert_eq!(
        (again.job.outcome.as_str(), again.job.drawer),
        ("printed", true)
    );
    assert_eq!(drawer(&api).await, "open", "the reprint opened the drawer");
    close_drawer(&api).await;
    let third = printing::print(
        &s.db,
        &s.ctx(5),
        request(PrintDoc::PaymentReceipt, Some(t.id)),
    )
    .await
    .unwrap();
    assert!(!third.job.drawer, "once only");

    // Receipts switched off: the cash still opens the drawer, on its own.
    let mut quiet = receipt_printer(&addr);
    quiet.auto.payment_receipt = false;
    printing::set_printers(&s.db, &s.ctx(6), quiet)
        .await
        .unwrap();
    let t2 = ticket_in(&s, c.id, TicketStatus::ReadyForPickup).await;
    let picked = pickup::pickup(&s.db, &s.ctx(7), t2.id, cash())
        .await
        .unwrap();
    let r = auto::after(
        &s.db,
        &s.ctx(7),
        paid(AutoEvent::TicketPaid, t2.id, picked.payment_id.clone()),
    )
    .await
    .unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(
        (
            r[0].job.doc_kind.as_str(),
            r[0].job.drawer,
            r[0].job.outcome.as_str()
        ),
        ("drawer", true, "printed")
    );
    assert_eq!(drawer(&api).await, "open");
    close_drawer(&api).await;
    // Those are sales' openings, not the ones without a sale.
    assert!(printing::drawer_openings(&s.db, &s.ctx(8), 10)
        .await
        .unwrap()
        .is_empty());
}
