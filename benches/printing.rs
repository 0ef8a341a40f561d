//! Printing at the counter (issue 15): the time from "pay" to the last
//! byte of the 80 mm receipt (20 lines) on the wire, before and after in
//! one run. Before: the payment, then the receipt rendered as its PDF and
//! written for the viewer (what the counter did until now, someone still
//! printing it by hand). After: the payment, then the receipt as ESC/POS to
//! the network printer. The printer is a loopback socket that answers the
//! status request as a printer does and notes when the last byte came.
//!
//! `KONTER_BENCH_PAYMENTS` payments each way (default 60). Target ≤ 50 ms.

mod shared;

use konter::domain::payment::PaymentMethod;
use konter::domain::print::escpos::{CodePage, Cut, Width};
use konter::domain::print::settings::{Connection, Printers, ReceiptPrinter};
use konter::domain::staff::Role;
use konter::store::customers::{self, NewCustomer};
use konter::store::print::auto::{self, AutoEvent, AutoRequest};
use konter::store::repairs::pickup::{self, PickupInput};
use konter::store::{Ctx, Db};
use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A receipt printer on loopback: answers each `DLE EOT n` with "all
/// well" (0x12) and sends, per job, the instant its last byte arrived.
fn printer() -> (String, mpsc::Receiver<Instant>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let mut s = conn.unwrap();
            let mut buf = [0u8; 8192];
            let mut last = Instant::now();
            let mut tail: Vec<u8> = vec![];
            loop {
                match s.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        last = Instant::now();
                        tail.extend_from_slice(&buf[..n]);
                        // Status requests come first, before the receipt.
                        while let Some(i) = tail.windows(2).position(|w| w == [0x10, 0x04]) {
                            let _ = s.write_all(&[0x12]);
                            tail.drain(..(i + 3).min(tail.len()));
                        }
                        let keep = tail.len().saturating_sub(2);
                        tail.drain(..keep);
                    }
                }
            }
            let _ = tx.send(last);
        }
    });
    (addr, rx)
}

fn main() {
    let n: usize = std::env::var("KONTER_BENCH_PAYMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let rt = shared::runtime();
    let (addr, landed) = printer();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("k.db")).await.unwrap();
        let now = chrono::Utc::now();
        let owner = konter::demo::setup_shop(&db, now).await.unwrap();
        let ctx = Ctx {
            staff_id: owner.staff_id,
            role: Role::Owner,
            now,
        };
        let c = customers::create(
            &db,
            &ctx,
            NewCustomer {
                name: "Budi Santoso".into(),
                phone: "0812 3456 7890".into(),
                email: None,
                address: None,
            },
        )
        .await
        .unwrap();
        let mut tickets = vec![];
        for _ in 0..2 * n {
            tickets.push(shared::ready_ticket(&db, &ctx, c.id).await);
        }
        let cash = || PickupInput {
            method: PaymentMethod::Cash,
            tendered: None,
            note: None,
        };
        // Before: pay, then the PDF for the viewer.
        let mut before = vec![];
        for t in &tickets[..n] {
            let start = Instant::now();
            pickup::pickup(&db, &ctx, *t, cash()).await.unwrap();
            let pdf = konter::docs::repairs::render(&db, *t, konter::docs::DocKind::PaymentReceipt)
                .await
                .unwrap();
            std::fs::write(dir.path().join("struk.pdf"), &pdf).unwrap();
            before.push(start.elapsed());
        }
        // After: pay, then ESC/POS to the printer (with the drawer's pulse).
        let set = Printers {
            receipt: Some(ReceiptPrinter {
                connection: Connection::Network {
                    address: addr.clone(),
                },
                width: Width::Cols42,
                code_page: CodePage::Pc437,
                code_table: 0,
                cut: Cut::Partial,
                drawer_pin: 2,
                drawer_pulse_ms: 100,
            }),
            ..Printers::default()
        };
        konter::store::print::set_printers(&db, &ctx, set)
            .await
            .unwrap();
        let mut after = vec![];
        for t in &tickets[n..] {
            let start = Instant::now();
            let picked = pickup::pickup(&db, &ctx, *t, cash()).await.unwrap();
            let req = AutoRequest {
                event: AutoEvent::TicketPaid,
                id: t.to_string(),
                serials: vec![],
                qty: 0,
                payment_id: picked.payment_id,
            };
            let printed = auto::after(&db, &ctx, req).await.unwrap();
            assert_eq!(printed[0].job.outcome, "printed");
            assert!(printed[0].job.drawer);
            let last = landed.recv_timeout(Duration::from_secs(5)).unwrap();
            after.push(last.duration_since(start));
        }
        shared::percentiles("before: pay + 80 mm PDF for the viewer", &mut before, 0.95);
        shared::percentiles(
            "after: pay -> last ESC/POS byte at the printer",
            &mut after,
            0.95,
        );
    });
}
