//! Printed paper as the customer sees it: PDFs are written to disk, read back
//! with `pdftotext`, rendered with `pdftoppm`, and their QR / Code128 codes
//! decoded with `zbarimg` (poppler-utils and zbar-tools, installed by the
//! test command).

use crate::common;

use common::*;
use konter::docs::{self, DocKind};
use konter::domain::payment::PaymentMethod;
use konter::domain::repairs::ticket::{Accessory, ApprovalChannel, TicketStatus};
use konter::domain::shop::PaperSize;
use konter::domain::totals::LineKind;
use konter::store::repairs::pickup::{self, PickupInput};
use konter::store::repairs::quotes::{self, LineInput, QuoteDecision};
use konter::store::repairs::tickets::{self, IntakeInput, TicketDetail};
use std::path::{Path, PathBuf};
use std::process::Command;

async fn picked_up(s: &TestShop, lines: usize) -> TicketDetail {
    let c = customer(s, "Budi Santoso", "081234567890").await;
    let input = IntakeInput {
        customer_id: c.id.to_string(),
        device_category: "Scanner".into(),
        brand: "Epson".into(),
        model: "DS-530 II".into(),
        serial: Some("X3JF012345".into()),
        complaint: "Kertas macet di ADF".into(),
        accessories: vec![Accessory::Adapter, Accessory::Box],
        unlock_secret: Some("RAHASIA-9876".into()),
        down_payment: Some("100.000".into()),
        down_payment_method: Some(PaymentMethod::Cash),
        ..Default::default()
    };
    let t = tickets::intake(&s.db, &s.ctx(1), input).await.unwrap();
    tickets::change_status(&s.db, &s.ctx(2), t.id, TicketStatus::Diagnosing, None)
        .await
        .unwrap();
    let q: Vec<LineInput> = (0..lines)
        .map(|i| LineInput {
            kind: if i == 0 {
                LineKind::Labour
            } else {
                LineKind::Part
            },
            description: if i == 0 {
                "Jasa servis — pembersihan & kalibrasi (Çalışma, ğ, ş)".into()
            } else {
                format!("Suku cadang {i}")
            },
            qty: "1".into(),
            unit_price: "250.000".into(),
            discount: String::new(),
        })
        .collect();
    quotes::set_quote(&s.db, &s.ctx(3), t.id, q).await.unwrap();
    let ok = QuoteDecision {
        approved: true,
        channel: ApprovalChannel::InPerson,
        diagnosis_fee: None,
        note: None,
    };
    quotes::decide(&s.db, &s.ctx(4), t.id, ok).await.unwrap();
    tickets::change_status(&s.db, &s.ctx(5), t.id, TicketStatus::ReadyForPickup, None)
        .await
        .unwrap();
    pickup::pickup(
        &s.db,
        &s.ctx(6),
        t.id,
        PickupInput {
            method: PaymentMethod::Qris,
            tendered: None,
            note: None,
        },
    )
    .await
    .unwrap()
    .ticket
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext installed");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn intake_receipt_on_every_paper_size() {
    let s = shop().await;
    let t = picked_up(&s, 2).await;
    for paper in [PaperSize::A5, PaperSize::A4, PaperSize::Roll80] {
        let mut profile = s.profile().await;
        profile.receipt_paper = paper;
        let pdf = docs::repairs::render_with(&profile, &t, DocKind::IntakeReceipt).unwrap();
        let path = write(
            s.dir.path(),
            &format!("receipt-{}.pdf", paper.as_str()),
            &pdf,
        );
        keep(&path);
        let text = pdftotext(&path);
        assert!(text.contains("TANDA TERIMA SERVIS"), "{text}");
        assert!(text.contains(&t.number), "ticket number printed");
        assert!(text.contains("Budi Santoso"));
        assert!(text.contains("X3JF012345"));
        assert!(text.contains("Rp 100.000"), "down payment printed");
        assert!(
            !text.contains("RAHASIA-9876"),
            "the unlock secret is never printed"
        );
        let (png, codes) = render_and_decode(&path);
        assert!(
            codes.contains(&t.tracking_code),
            "QR decodes to the tracking code: {codes:?}"
        );
        assert!(
            codes.contains(&t.number),
            "Code128 decodes to the ticket number: {codes:?}"
        );
        keep(&path);
        keep(&png);
    }
}

#[tokio::test]
async fn invoice_and_roll_receipt_show_totals_and_terbilang() {
    let s = shop().await;
    let t = picked_up(&s, 3).await;
    // 3 × 250.000 = 750.000 + PPN 11 % 82.500 = 832.500.
    assert_eq!(t.totals.total.to_string(), "832500");
    let invoice_no = t.invoice.as_ref().unwrap().number.clone();
    for kind in [DocKind::Invoice, DocKind::PaymentReceipt] {
        let pdf = docs::repairs::render(&s.db, t.id, kind).await.unwrap();
        let path = write(s.dir.path(), &format!("{}.pdf", kind.file_stem()), &pdf);
        let text = pdftotext(&path);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&invoice_no), "{flat}");
        assert!(flat.contains(&t.number));
        assert!(flat.contains("Budi Santoso"));
        assert!(flat.contains("Rp 832.500"), "total printed");
        assert!(flat.contains("PPN 11%"));
        assert!(
            flat.contains("Delapan ratus tiga puluh dua ribu lima ratus rupiah"),
            "terbilang printed: {flat}"
        );
        assert!(
            flat.contains("Çalışma, ğ, ş"),
            "Turkish glyphs survive the embedded font"
        );
        assert!(flat.contains("Sisa tagihan Rp 0"));
        let (png, _) = render_and_decode(&path);
        keep(&path);
        keep(&png);
    }
}

#[tokio::test]
async fn a_ticket_without_invoice_has_no_invoice_document() {
    let s = shop().await;
    let c = customer(&s, "Ayu", "081300000001").await;
    let input = scanner_intake(c.id);
    let t = tickets::intake(&s.db, &s.ctx(1), input).await.unwrap();
    assert!(matches!(
        docs::repairs::render(&s.db, t.id, DocKind::Invoice).await,
        Err(konter::Error::InvalidState { .. })
    ));
    let long = docs::repairs::render(&s.db, t.id, DocKind::IntakeReceipt)
        .await
        .unwrap();
    assert!(long.starts_with(b"%PDF"));
}

/// The O2O handover note: order number (also as Code128), customer, each
/// line with the serials handed over, paid status, two signature lines.
#[tokio::test]
async fn o2o_handover_note_lists_the_serials() {
    use konter::domain::sales::catalog::{ProductInput, TaxClass, WarrantyType};
    use konter::domain::sales::order::{Channel, Fulfilment};
    use konter::store::sales::catalog::{self, StockReceipt};
    use konter::store::sales::flow::{self, ScannedSerial};
    use konter::store::sales::orders::{self, NewOrder, OrderLineInput};
    use konter::store::sales::payments::{self, CounterPayment};
    let s = shop().await;
    let c = customer(&s, "Budi Santoso", "081234567890").await;
    let input = ProductInput {
        sku: "CTX-SD36".into(),
        name: "Contex SD One MF 36\"".into(),
        brand: "Contex".into(),
        category: "Scanner".into(),
        price: "85.000.000".into(),
        tax_class: TaxClass::Standard,
        serialised: true,
        weight_grams: "28000".into(),
        warranty_store_months: "12".into(),
        warranty_maker_months: "12".into(),
        warranty_type: WarrantyType::Lifetime,
        down_payment_allowed: false,
        cost_price: None,
    };
    let p = catalog::create_product(&s.db, &s.ctx(0), input)
        .await
        .unwrap();
    let r = StockReceipt {
        product_id: p.id.to_string(),
        qty: "1".into(),
        serials: vec!["SN-CTX-0001".into()],
        note: None,
    };
    catalog::receive_stock(&s.db, &s.ctx(0), r).await.unwrap();
    let new = NewOrder {
        channel: Channel::Web,
        customer_id: c.id.to_string(),
        fulfilment: Fulfilment::Pickup,
        ship_address: None,
        ship_city: None,
        payment_method: PaymentMethod::Card,
        cod: false,
        coupon: None,
        shipping: None,
        lines: vec![OrderLineInput {
            product_id: p.id.to_string(),
            qty: "1".into(),
            discount: None,
        }],
        note: None,
        buyer_tax_id: None,
    };
    let o = orders::create(&s.db, &s.ctx(1), new).await.unwrap();
    assert!(
        matches!(
            docs::sales::render_order(&s.db, o.id, DocKind::HandoverNote).await,
            Err(konter::Error::InvalidState { .. })
        ),
        "nothing handed over yet"
    );
    payments::pay_at_counter(
        &s.db,
        &s.ctx(2),
        o.id,
        CounterPayment {
            method: PaymentMethod::Card,
            tendered: None,
            amount: None,
        },
    )
    .await
    .unwrap();
    flow::hand_over(
        &s.db,
        &s.ctx(3),
        o.id,
        vec![ScannedSerial {
            position: 0,
            serial: "SN-CTX-0001".into(),
        }],
    )
    .await
    .unwrap();
    let pdf = docs::sales::render_order(&s.db, o.id, DocKind::HandoverNote)
        .await
        .unwrap();
    let path = write(s.dir.path(), "serah-terima.pdf", &pdf);
    keep(&path);
    let text = pdftotext(&path);
    for expected in [
        "SERAH TERIMA",
        o.number.as_str(),
        "Budi Santoso",
        "SN-CTX-0001",
        "CTX-SD36",
        "Rp 94.350.000",
        "LUNAS",
        "Pelanggan",
        "Petugas",
    ] {
        assert!(text.contains(expected), "{expected} missing in:\n{text}");
    }
    let (png, codes) = render_and_decode(&path);
    assert!(
        codes.contains(&o.number),
        "Code128 decodes to the order number: {codes:?}"
    );
    keep(&png);

    // Its invoice: issued at payment; voided, it keeps its number and prints
    // VOID; the reissue takes the next number and the buyer's NPWP.
    use konter::store::sales::invoices;
    let first = orders::detail(&s.db, o.id).await.unwrap().invoices[0]
        .number
        .clone();
    let pdf = docs::sales::render_order(&s.db, o.id, DocKind::OrderInvoice)
        .await
        .unwrap();
    let path = write(s.dir.path(), "order-invoice.pdf", &pdf);
    keep(&path);
    let text = pdftotext(&path);
    for expected in [
        "INVOICE",
        first.as_str(),
        o.number.as_str(),
        "Rp 94.350.000",
        "Terbilang: Sembilan puluh empat juta tiga ratus lima puluh ribu rupiah",
        "CTX-SD36",
    ] {
        assert!(text.contains(expected), "{expected} missing in:\n{text}");
    }
    assert!(!text.contains("VOID"));
    let err = invoices::reissue(&s.db, &s.ctx(4), o.id, None)
        .await
        .unwrap_err();
    assert!(matches!(err, konter::Error::InvalidState { ref code, .. } if code == "invoice_live"));
    invoices::void(&s.db, &s.ctx(4), o.id, "NPWP pembeli belum dicantumkan")
        .await
        .unwrap();
    let pdf = docs::sales::render_order(&s.db, o.id, DocKind::OrderInvoice)
        .await
        .unwrap();
    let voided = pdftotext(&write(s.dir.path(), "order-invoice-void.pdf", &pdf));
    assert!(
        voided.contains("VOID") && voided.contains(&first) && voided.contains("NPWP pembeli belum"),
        "{voided}"
    );
    let bad = invoices::reissue(&s.db, &s.ctx(5), o.id, Some("12.345".into()))
        .await
        .unwrap_err();
    assert_eq!(bad.field(), Some("buyer_tax_id"));
    let again = invoices::reissue(&s.db, &s.ctx(5), o.id, Some("01.234.567.8-901.000".into()))
        .await
        .unwrap();
    let second = &again.invoices[0];
    assert!(
        second.void_reason.is_none() && second.number != first,
        "a new number"
    );
    assert_eq!(again.invoices.len(), 2, "the voided invoice stays");
    let pdf = docs::sales::render_order(&s.db, o.id, DocKind::OrderReceipt)
        .await
        .unwrap();
    let path = write(s.dir.path(), "order-struk.pdf", &pdf);
    keep(&path);
    let roll = pdftotext(&path);
    assert!(
        roll.contains(&second.number)
            && roll.contains("01.234.567.8-901.000")
            && !roll.contains("VOID"),
        "{roll}"
    );
}
