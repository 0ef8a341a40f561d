//! Printing at the counter (issue 15), decoded by a real emulated printer:
//! `emupos` (PyPI), started by the test command (`scripts/emupos.sh`,
//! named in `KONTER_TEST_PRINTER` and `KONTER_TEST_PRINTER_API`). The
//! ESC/POS bytes go over TCP as to a printer on the counter's network; the
//! emulator's own decoder reads back the text, the Code128 and QR
//! contents, the cut and the drawer. Labels are rendered by a real
//! ZPL/TSPL renderer (`labelize`) and their barcodes read by `zbarimg`.
//!
//! The emulator is one printer: the tests that use it take [`PRINTER`].

mod a4;
mod connections;
pub mod counter;
mod drawer;
mod faults;
mod labels;

use konter::docs::print;
use konter::domain::print::escpos::{Align, CodePage, Cut, Receipt, Width};
use serde_json::Value;

/// One test at a time at the emulated printer.
pub static PRINTER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub fn printer() -> (String, String) {
    match (std::env::var("KONTER_TEST_PRINTER"), std::env::var("KONTER_TEST_PRINTER_API")) {
        (Ok(p), Ok(a)) => (p, a),
        _ => panic!("the printing tests need the emulated printer: run scripts/test-all.sh, or `eval \"$(scripts/emupos.sh start)\"` first"),
    }
}

pub async fn get(url: &str) -> Value {
    let r = reqwest::get(url).await.unwrap();
    serde_json::from_str(&r.text().await.unwrap()).unwrap()
}

/// The receipts the emulator has completed, newest first.
pub async fn receipts(api: &str) -> Vec<Value> {
    get(&format!("{api}/devices/front/receipts"))
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Waits for a receipt after `known` and returns its id and decoded text.
pub async fn next_receipt(api: &str, known: usize) -> (Value, String) {
    for _ in 0..100 {
        let list = receipts(api).await;
        if list.len() > known {
            let r = list[0].clone();
            let id = r["id"].as_str().unwrap();
            let text = reqwest::get(format!("{api}/devices/front/receipts/{id}/text"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            return (r, text);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the printer completed no receipt");
}

// One test: the emulator is one printer shared by its steps.
#[tokio::test]
async fn a_receipt_prints_as_text_with_native_codes_a_cut_and_the_drawer() {
    let _one = PRINTER.lock().await;
    let (addr, api) = printer();
    let known = receipts(&api).await.len();
    let mut r = Receipt::new(Width::Cols42, CodePage::Pc437, 0);
    r.align(Align::Center)
        .bold(true)
        .double(true)
        .text("Toko Scanner Jaya")
        .double(false)
        .bold(false)
        .text("Jl. Mangga Dua Raya 8, Jakarta")
        .align(Align::Left)
        .text("Roller assembly kit Epson DS-530 beserta pembersihan ADF dan kalibrasi sensor")
        .pair("Subtotal", "Rp 350.000")
        .pair("PPN 11%", "Rp 38.500")
        .bold(true)
        .pair("Total", "Rp 388.500")
        .bold(false)
        .align(Align::Center);
    r.code128("SV-JKT1-K1-2026-000001").unwrap();
    r.qr("https://servis.toko.co.id/s/0193/t/K7QM-4TXA", 6)
        .unwrap();
    r.text("Kode lacak: K7QM-4TXA • terima kasih")
        .drawer(2, 50, 500)
        .cut(Cut::Partial);
    print::send(&addr, r.bytes()).await.unwrap();
    let (receipt, text) = next_receipt(&api, known).await;
    assert_eq!(receipt["boundary"], "cut", "{receipt}");
    for want in [
        "Toko Scanner Jaya",
        "Jl. Mangga Dua Raya 8, Jakarta",
        "Roller assembly kit Epson DS-530 beserta",
        "pembersihan ADF dan kalibrasi sensor",
        "[barcode CODE128 SV-JKT1-K1-2026-000001]",
        "[qr https://servis.toko.co.id/s/0193/t/K7QM-4TXA]",
        "Kode lacak: K7QM-4TXA * terima kasih",
    ] {
        assert!(text.contains(want), "{want:?} in:\n{text}");
    }
    let total = text.lines().find(|l| l.contains("Total")).unwrap();
    assert_eq!(
        total.trim_end().chars().count(),
        42,
        "a total line spans the paper: {total:?}"
    );
    // Nothing wider than the paper: wrapped, never cut off.
    // (The emulator's own notes of codes, `[qr …]`, are not printed text.)
    assert!(
        text.lines()
            .filter(|l| !l.starts_with('['))
            .all(|l| l.trim_end().chars().count() <= 42),
        "{text}"
    );
    let device = get(&format!("{api}/devices/front")).await;
    assert_eq!(
        device["state"]["drawer"], "open",
        "the drawer pulse opened it: {device}"
    );
    close_drawer(&api).await;

    // A printer that is not there answers within seconds, with its reason.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let gone = closed.local_addr().unwrap().to_string();
    drop(closed);
    let started = std::time::Instant::now();
    let e = print::send(&gone, r.bytes()).await.unwrap_err();
    assert_eq!(e.code(), Some("printer_unreachable"));
    assert!(started.elapsed() < print::CONNECT_TIMEOUT + std::time::Duration::from_secs(1));
    assert_eq!(
        print::send("not a printer", b"x").await.unwrap_err().code(),
        Some("invalid_printer")
    );
}

pub async fn drawer(api: &str) -> String {
    get(&format!("{api}/devices/front")).await["state"]["drawer"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

pub async fn close_drawer(api: &str) {
    let r = reqwest::Client::new()
        .post(format!("{api}/devices/front/drawer/close"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
}

/// Turns an emulated fault on or off (`paper-out`, `cover-open`).
pub async fn fault(api: &str, name: &str, on: bool) {
    let url = format!("{api}/devices/front/faults/{name}");
    let c = reqwest::Client::new();
    let r = if on { c.put(url) } else { c.delete(url) }
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
}
