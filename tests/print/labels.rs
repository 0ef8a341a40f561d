//! Labels as the label printer gets them, over the network, rendered by a
//! real ZPL/TSPL renderer (`labelize`) and read back with `zbarimg`: the
//! device label at intake and serial labels after a stock receipt.

use crate::common::sales::{code, product, receive};
use crate::common::*;
use konter::docs::print::papers::PrintDoc;
use konter::domain::print::settings::{Connection, LabelLanguage, LabelPrinter, Printers};
use konter::store::print::auto::{self, AutoEvent, AutoRequest};
use konter::store::print::{self as printing, PrintRequest};

/// A label printer on the network that keeps what it is sent.
async fn label_printer() -> (String, tokio::task::JoinHandle<Vec<Vec<u8>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let task = tokio::spawn(async move {
        use tokio::io::AsyncReadExt;
        let mut jobs = vec![];
        // Each print is one connection; stop after a quiet second.
        while let Ok(Ok((mut s, _))) =
            tokio::time::timeout(std::time::Duration::from_secs(3), listener.accept()).await
        {
            let mut job = vec![];
            s.read_to_end(&mut job).await.unwrap();
            jobs.push(job);
        }
        jobs
    });
    (addr, task)
}

fn settings(addr: &str, language: LabelLanguage) -> Printers {
    Printers {
        label: Some(LabelPrinter {
            connection: Connection::Network {
                address: addr.into(),
            },
            language,
            width_mm: 50,
            height_mm: 30,
            dpi: 203,
        }),
        ..Printers::default()
    }
}

/// Renders each label of a job and returns what zbarimg reads on each.
fn decode(s: &TestShop, name: &str, job: &[u8], language: LabelLanguage) -> Vec<Vec<String>> {
    let text = String::from_utf8(job.to_vec()).unwrap();
    let (end, lang) = match language {
        LabelLanguage::Zpl => ("^XZ\n", labelize::Language::Zpl),
        LabelLanguage::Tspl => ("PRINT 1,1\r\n", labelize::Language::Tspl),
    };
    let labels: Vec<String> = text
        .split_inclusive(end)
        .filter(|l| l.trim().len() > 2)
        .map(str::to_string)
        .collect();
    labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let png = labelize::render_png(
                l.as_bytes(),
                labelize::RenderOptions {
                    language: Some(lang),
                    width_mm: Some(50.0),
                    height_mm: Some(30.0),
                    dpmm: 8,
                    antialias: false,
                },
            )
            .unwrap_or_else(|e| panic!("labelize renders {l:?}: {e:?}"));
            let path = s.dir.path().join(format!("{name}-{i}.png"));
            // Four times larger (nearest pixel), as a scanner sees a label.
            let img = image_scaled(&png.bytes, 4);
            std::fs::write(&path, img).unwrap();
            keep(&path);
            let out = std::process::Command::new("zbarimg")
                .args(["--quiet", "--raw"])
                .arg(&path)
                .output()
                .expect("zbarimg installed");
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// A PNG scaled up by `k` with ImageMagick (`convert`, installed with the
/// screenshots' tools), nearest pixel so the bars stay sharp.
fn image_scaled(png: &[u8], k: u32) -> Vec<u8> {
    use std::io::Write;
    let mut child = std::process::Command::new("convert")
        .args([
            "png:-",
            "-filter",
            "point",
            "-resize",
            &format!("{}%", k * 100),
            "-bordercolor",
            "white",
            "-border",
            "40",
            "png:-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("ImageMagick convert installed");
    child.stdin.take().unwrap().write_all(png).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    out.stdout
}

#[tokio::test]
async fn device_labels_in_zpl_and_tspl_scan_as_the_ticket_number() {
    let s = shop().await;
    let c = customer(&s, "Budi Santoso", "081234567890").await;
    let t =
        konter::store::repairs::tickets::intake(&s.db, &s.ctx(1), intake_input(c.id.to_string()))
            .await
            .unwrap();
    for language in [LabelLanguage::Zpl, LabelLanguage::Tspl] {
        let (addr, jobs) = label_printer().await;
        printing::set_printers(&s.db, &s.ctx(2), settings(&addr, language))
            .await
            .unwrap();
        let printed = auto::after(
            &s.db,
            &s.ctx(3),
            AutoRequest {
                event: AutoEvent::Intake,
                id: t.id.to_string(),
                serials: vec![],
                qty: 0,
                payment_id: None,
            },
        )
        .await
        .unwrap();
        assert_eq!(printed.len(), 1, "no receipt printer: the label only");
        assert_eq!(printed[0].job.outcome, "printed", "{printed:?}");
        assert_eq!(printed[0].job.printer, "label");
        let jobs = jobs.await.unwrap();
        assert_eq!(jobs.len(), 1);
        let text = String::from_utf8_lossy(&jobs[0]).to_string();
        assert!(
            text.contains("Budi Santoso") && text.contains(&t.tracking_code),
            "{text}"
        );
        let codes = decode(&s, &format!("device-{language:?}"), &jobs[0], language);
        assert_eq!(codes, vec![vec![t.number.clone()]], "{language:?}");
    }
}

#[tokio::test]
async fn serial_labels_after_a_stock_receipt_scan_as_their_serials() {
    let s = shop().await;
    let p = product(&s, "DS-530", "7.500.000", true).await;
    let serials = ["X3JF000101", "X3JF000102", "X3JF000103"];
    receive(&s, &p, "3", &serials).await;
    let (addr, jobs) = label_printer().await;
    let mut set = settings(&addr, LabelLanguage::Zpl);
    set.auto.stock_labels = true;
    printing::set_printers(&s.db, &s.ctx(1), set).await.unwrap();
    // A serial that is not a unit of the product: refused, nothing written.
    let before = s.outbox_len().await;
    let e = printing::print(
        &s.db,
        &s.ctx(2),
        PrintRequest {
            doc: PrintDoc::ProductLabels,
            id: Some(p.id.to_string()),
            serials: vec!["X3JF000101".into(), "BUKAN-INI".into()],
            copies: 1,
        },
    )
    .await
    .unwrap_err();
    assert_eq!(code(&e), "unknown_serial");
    assert_eq!(s.outbox_len().await, before);
    let printed = auto::after(
        &s.db,
        &s.ctx(3),
        AutoRequest {
            event: AutoEvent::StockReceived,
            id: p.id.to_string(),
            serials: serials.iter().map(|x| x.to_string()).collect(),
            qty: 3,
            payment_id: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(printed[0].job.copies, 3);
    let jobs = jobs.await.unwrap();
    let codes = decode(&s, "serials", &jobs[0], LabelLanguage::Zpl);
    let want: Vec<Vec<String>> = serials.iter().map(|x| vec![x.to_string()]).collect();
    assert_eq!(codes, want);
    let log = printing::jobs(&s.db, p.id).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].doc_kind, "product_labels");
}
