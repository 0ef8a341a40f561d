//! The receipt printer's other connections: a USB/serial printer's device
//! file, and a queue of the system's spooler (CUPS, `scripts/cups.sh`) that
//! gets the ESC/POS as a raw job. Both carry the same bytes as the network.

use super::counter::receipt_printer;
use crate::common::matrix::ticket_in;
use crate::common::*;
use konter::docs::print::papers::PrintDoc;
use konter::domain::print::settings::Connection;
use konter::domain::repairs::ticket::TicketStatus;
use konter::store::print::{self as printing, PrintRequest};

#[tokio::test]
async fn a_receipt_goes_raw_to_a_device_file_and_to_a_spooler_queue() {
    let s = shop().await;
    let c = customer(&s, "Budi Santoso", "081234567890").await;
    let t = ticket_in(&s, c.id, TicketStatus::Received).await;
    let req = || PrintRequest {
        doc: PrintDoc::IntakeReceipt,
        id: Some(t.id.to_string()),
        serials: vec![],
        copies: 1,
    };
    // A USB printer's device, as a file under /dev/shm the test can read.
    let dev = format!("/dev/shm/konter-printer-{}", std::process::id());
    std::fs::write(&dev, b"").unwrap();
    let mut set = receipt_printer("unused");
    set.receipt.as_mut().unwrap().connection = Connection::Device { path: dev.clone() };
    printing::set_printers(&s.db, &s.ctx(1), set.clone())
        .await
        .unwrap();
    let printed = printing::print(&s.db, &s.ctx(2), req()).await.unwrap();
    assert_eq!(printed.job.outcome, "printed", "{printed:?}");
    let bytes = std::fs::read(&dev).unwrap();
    std::fs::remove_file(&dev).unwrap();
    assert!(
        bytes.starts_with(b"\x1b@\x1bt\x00"),
        "ESC/POS from its first byte"
    );
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("TANDA TERIMA SERVIS") && text.contains(&t.number));
    // A device that is not there: named, logged, nothing lost.
    set.receipt.as_mut().unwrap().connection = Connection::Device {
        path: "/dev/konter-no-such-printer".into(),
    };
    printing::set_printers(&s.db, &s.ctx(3), set.clone())
        .await
        .unwrap();
    let gone = printing::print(&s.db, &s.ctx(4), req()).await.unwrap();
    assert_eq!(gone.job.error_code.as_deref(), Some("printer_unreachable"));

    // The spooler: CUPS hands the printer the very bytes, untouched.
    let (queue, out) = match (
        std::env::var("KONTER_TEST_A4_QUEUE"),
        std::env::var("KONTER_TEST_A4_OUT"),
    ) {
        (Ok(q), Ok(o)) => (q, std::path::PathBuf::from(o)),
        _ => panic!("needs the CUPS server: run scripts/test-all.sh"),
    };
    set.receipt.as_mut().unwrap().connection = Connection::Spooler { name: queue };
    printing::set_printers(&s.db, &s.ctx(5), set).await.unwrap();
    let spooled = printing::print(&s.db, &s.ctx(6), req()).await.unwrap();
    assert_eq!(spooled.job.outcome, "printed", "{spooled:?}");
    let mut job = None;
    for _ in 0..100 {
        job = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| std::fs::read(e.path()).unwrap_or_default())
            .find(|b| b == &bytes);
        if job.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(job.is_some(), "CUPS passed the raw job on unchanged");
}
