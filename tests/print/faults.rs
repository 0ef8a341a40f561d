//! Printers that misbehave: one that stops reading in the middle of a
//! receipt, and a code-page table number that does not match the printer.

use super::*;
use std::time::{Duration, Instant};

/// A "printer" that takes the first KiB and then reads no more, keeping
/// the connection open (a jammed or switched-off head, a full buffer).
async fn jammed() -> (String, tokio::task::JoinHandle<usize>) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let task = tokio::spawn(async move {
        use tokio::io::AsyncReadExt;
        let (mut s, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 1024];
        let mut got = 0;
        while got < 1024 {
            match s.read(&mut buf[got..]).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got += n,
            }
        }
        tokio::time::sleep(Duration::from_secs(30)).await;
        drop(s);
        got
    });
    (addr, task)
}

#[tokio::test]
async fn a_printer_that_stops_reading_mid_receipt_is_named_within_seconds() {
    let (addr, task) = jammed().await;
    let mut r = Receipt::new(Width::Cols42, CodePage::Pc437, 0);
    for i in 0..8000 {
        r.pair(&format!("Baris {i}"), "Rp 1.000");
    }
    r.cut(Cut::Partial);
    assert!(r.bytes().len() > 300_000);
    let started = Instant::now();
    let e = print::send(&addr, r.bytes()).await.unwrap_err();
    assert_eq!(e.code(), Some("printer_stopped"), "{e:?}");
    assert!(
        started.elapsed() < print::STATUS_TIMEOUT + print::WRITE_TIMEOUT + Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(e.to_string().contains("check it before printing again"));
    task.abort();
}

#[tokio::test]
async fn the_code_page_setting_decides_the_letters_and_missing_ones_stay_readable() {
    let _one = PRINTER.lock().await;
    let (addr, api) = printer();
    let line = "Şişli Çağrı Özgür İnce";
    let mut known = receipts(&api).await.len();
    let printed = |page, table| {
        let mut r = Receipt::new(Width::Cols42, page, table);
        r.text(line).text("Harga € 5").cut(Cut::Full);
        r.into_bytes()
    };
    // PC857 at Epson's table 13, WPC1254 at 48: the Turkish letters print.
    for (page, table) in [(CodePage::Pc857, 13), (CodePage::Wpc1254, 48)] {
        print::send(&addr, &printed(page, table)).await.unwrap();
        let (_, text) = next_receipt(&api, known).await;
        known += 1;
        assert!(text.contains(line), "{page:?} at {table}:\n{text}");
        assert!(text.contains("Harga ? 5"), "a sign the page lacks: {text}");
    }
    // The wrong table number for PC857 (0 is PC437 on this printer): the
    // letters come out wrong, which the test page shows the owner.
    print::send(&addr, &printed(CodePage::Pc857, 0))
        .await
        .unwrap();
    let (_, text) = next_receipt(&api, known).await;
    known += 1;
    assert!(!text.contains(line), "{text}");
    assert!(text.contains("ce"), "the ASCII stays: {text}");
    // PC437 lacks them: written without their accents, readable.
    print::send(&addr, &printed(CodePage::Pc437, 0))
        .await
        .unwrap();
    let (_, text) = next_receipt(&api, known).await;
    assert!(text.contains("Sisli Çagri Özgür Ince"), "{text}");
}
