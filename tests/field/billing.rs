//! Finishing a visit on a real database: a paid visit's chargeable lines
//! (price, after-hours surcharge, parts at their price, labour at the
//! shop's rate) become an invoice at check-out, paid at the counter with
//! change; the signature drawn on site is printed on the report. A warranty
//! visit whose unit needs the workshop opens a service ticket and the
//! courier's pickup job in the same transaction, and charges nothing.

use crate::common;
use crate::field::courier_jobs::courier;
use crate::field::visits::{at, code, request, technician};

use chrono::Duration;
use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::staff::Role;
use konter::store::field::billing::{self, VisitPaymentInput};
use konter::store::field::visits::{self, BookingInput, VisitKind};
use konter::store::field::work::{
    check_in, check_out, VisitOutcome, VisitPart, VisitReport, WorkshopHandoff,
};
use konter::store::Ctx;
use rust_decimal_macros::dec;

/// A signature as the tablet sends it: a data URL of a PNG with a stroke.
pub(crate) fn signature() -> String {
    use base64::Engine;
    let (w, h) = (120u32, 40u32);
    let mut px = vec![0u8; (w * h * 4) as usize];
    for x in 10..110 {
        let y = 20 + (x % 7) - 3;
        let i = ((y * w + x) * 4) as usize;
        px[i..i + 4].copy_from_slice(&[0, 0, 0, 255]);
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        enc.write_header().unwrap().write_image_data(&px).unwrap();
    }
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(out)
    )
}

fn tuesday(s: &TestShop, hours: i64) -> Ctx {
    Ctx {
        now: monday_10_wib() + Duration::days(1) + Duration::hours(hours),
        ..s.ctx(0)
    }
}

#[tokio::test]
async fn a_paid_visit_is_invoiced_signed_and_paid() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let joko = technician(&s).await;
    let roller = common::sales::product(&s, "ROLLER-A0", "250.000", false).await;
    common::sales::receive(&s, &roller, "2", &[]).await;
    let v = visits::request(&s.db, &s.ctx(0), request(budi.id, &[]))
        .await
        .unwrap();
    // Tuesday 07:00, before opening: the customer accepted the 50 % surcharge.
    let early = BookingInput {
        after_hours_accepted: true,
        ..at(joko, "2026-11-24T07:00", 60)
    };
    visits::book(&s.db, &s.ctx(1), v.id, early).await.unwrap();
    check_in(&s.db, &tuesday(&s, -3), v.id).await.unwrap();
    let report = |signature_png: Option<String>| VisitReport {
        work_done: "Roller diganti".into(),
        parts: vec![VisitPart {
            product_id: roller.id.to_string(),
            qty: "1".into(),
        }],
        labour_minutes: 90,
        customer_name: "Pak Andi".into(),
        signature_png,
        outcome: VisitOutcome::Fixed,
        workshop: None,
        breach_reason: None,
    };
    let before = s.counts().await;
    for bad in ["data:image/png;base64,AAAA", "bm90IGEgcG5n", "%%%"] {
        let err = check_out(&s.db, &tuesday(&s, -2), v.id, report(Some(bad.into())))
            .await
            .unwrap_err();
        assert_eq!(
            (err.field(), code(&err).as_str()),
            (Some("signature_png"), "invalid_image"),
            "{bad}"
        );
    }
    assert_eq!(s.counts().await, before, "refusals write nothing");
    check_out(&s.db, &tuesday(&s, -2), v.id, report(Some(signature())))
        .await
        .unwrap();
    // The outbox carries the signature's fingerprint, matching the stored image.
    let (payload, png): (String, Vec<u8>) = sqlx::query_as(
        "SELECT o.payload, s.png FROM outbox o JOIN visit_signatures s ON s.visit_id = o.entity_id WHERE o.entity = 'visit_signature'",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
    use sha2::Digest;
    assert_eq!(
        payload["sha256"].as_str(),
        Some(format!("{:x}", sha2::Sha256::digest(&png)).as_str())
    );
    assert_eq!(payload["bytes"].as_u64(), Some(png.len() as u64));

    let bill = billing::bill(&s.db, v.id).await.unwrap();
    let inv = bill.invoice.as_ref().expect("a paid visit is invoiced");
    let lines: Vec<_> = inv
        .lines
        .iter()
        .map(|l| (l.description.as_str(), l.qty * l.unit_price))
        .collect();
    assert_eq!(
        lines,
        [
            ("Biaya kunjungan", dec!(400000)),
            ("Biaya di luar jam kerja", dec!(200000)),
            ("ROLLER-A0 Produk ROLLER-A0", dec!(250000)),
            ("Jasa teknisi 90 menit", dec!(225000)),
        ]
    );
    // PPN 11 % on top of 1.075.000.
    assert_eq!(
        (inv.totals.subtotal, inv.totals.tax, inv.totals.total),
        (dec!(1075000), dec!(118250), dec!(1193250))
    );
    assert_eq!(bill.balance, dec!(1193250));
    assert!(bill.has_signature);

    // Paying: technicians cannot take money; too little cash is refused.
    let tech = Ctx {
        staff_id: joko,
        role: Role::Technician,
        ..s.ctx(0)
    };
    let cash = |tendered: &str| VisitPaymentInput {
        method: PaymentMethod::Cash,
        tendered: Some(tendered.into()),
    };
    assert!(matches!(
        billing::pay(&s.db, &tech, v.id, cash("1.200.000")).await,
        Err(konter::Error::Forbidden { .. })
    ));
    let err = billing::pay(&s.db, &s.ctx(0), v.id, cash("1.000.000"))
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("tendered"));
    let paid = billing::pay(&s.db, &tuesday(&s, 1), v.id, cash("1.200.000"))
        .await
        .unwrap();
    assert_eq!((paid.change, paid.bill.balance), (dec!(6750), dec!(0)));
    let err = billing::pay(&s.db, &s.ctx(0), v.id, cash("10"))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "nothing_to_pay");

    // The invoice and the report on paper.
    let pdf = konter::docs::field::render_visit_invoice(&s.db, v.id, false)
        .await
        .unwrap();
    let text = pdf_text(&s, "invoice-kunjungan.pdf", &pdf);
    for expected in [
        "INVOICE",
        inv.number.as_str(),
        v.number.as_str(),
        "Biaya di luar jam kerja",
        "Jasa teknisi 90 menit",
        "1.193.250",
    ] {
        assert!(text.contains(expected), "{expected} missing in {text}");
    }
    let pdf = konter::docs::field::render_visit_report(&s.db, v.id)
        .await
        .unwrap();
    let text = pdf_text(&s, "laporan-kunjungan-bertanda-tangan.pdf", &pdf);
    assert!(text.contains("Tanda tangan di lokasi: Pak Andi"), "{text}");
    assert!(text.contains(&inv.number), "{text}");
    let images = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(s.dir.path().join("laporan-kunjungan-bertanda-tangan.pdf"))
        .output()
        .expect("pdfimages installed");
    let list = String::from_utf8_lossy(&images.stdout);
    assert!(
        list.lines().any(|l| l.contains(" 120    40 ")),
        "the 120×40 signature is in the PDF: {list}"
    );
}

#[tokio::test]
async fn a_warranty_visit_hands_the_unit_to_the_workshop() {
    use konter::store::field::visits::VisitUnit;
    let s = shop().await;
    // Budi bought scanner SN-0001 here; SN-9999 is not ours.
    let (budi, _) = common::sales::sold_scanner(&s).await;
    let joko = technician(&s).await;
    let kurir = courier(&s, "adi").await;
    let unit = |serial: &str| VisitUnit {
        serial: serial.into(),
        verdict: Some("free_repair".into()),
    };
    let warranty = konter::store::field::visits::VisitRequest {
        kind: VisitKind::Warranty,
        quote: None,
        units: vec![unit("sn-0001"), unit("SN-9999")],
        ..request(budi.id, &[])
    };
    let twice = konter::store::field::visits::VisitRequest {
        units: vec![unit("SN-0001"), unit("sn-0001")],
        ..warranty.clone()
    };
    let err = visits::request(&s.db, &s.ctx(3), twice).await.unwrap_err();
    assert_eq!(err.field(), Some("units.1.serial"));
    let v = visits::request(&s.db, &s.ctx(3), warranty).await.unwrap();
    // The verdicts come from our registry, not from the form.
    let verdicts: Vec<_> = v
        .units
        .iter()
        .map(|u| (u.serial.as_str(), u.verdict.as_deref()))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("SN-0001", Some("free_repair")),
            ("SN-9999", Some("not_ours"))
        ]
    );
    visits::book(&s.db, &s.ctx(1), v.id, at(joko, "2026-11-24T09:00", 60))
        .await
        .unwrap();
    check_in(&s.db, &tuesday(&s, -1), v.id).await.unwrap();
    let handoff = |courier_id: String| WorkshopHandoff {
        device_category: "Scanner".into(),
        brand: "Contex".into(),
        model: "IQ Quattro X".into(),
        serial: Some("SN-0001".into()),
        city: "Jakarta Selatan".into(),
        courier_id,
        planned_on: "2026-11-25".into(),
    };
    let report = |workshop: Option<WorkshopHandoff>| VisitReport {
        work_done: "Motor penggerak rusak, perlu dibongkar di workshop".into(),
        parts: vec![],
        labour_minutes: 30,
        customer_name: "Pak Andi".into(),
        signature_png: None,
        outcome: VisitOutcome::NeedsWorkshop,
        workshop,
        breach_reason: None,
    };
    let before = s.counts().await;
    let err = check_out(&s.db, &tuesday(&s, 0), v.id, report(None))
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("workshop"));
    // A technician is not a courier; a blank brand names its field.
    let err = check_out(
        &s.db,
        &tuesday(&s, 0),
        v.id,
        report(Some(handoff(joko.to_string()))),
    )
    .await
    .unwrap_err();
    assert_eq!(err.field(), Some("workshop.courier_id"));
    let blank = WorkshopHandoff {
        brand: " ".into(),
        ..handoff(kurir.staff_id.to_string())
    };
    let err = check_out(&s.db, &tuesday(&s, 0), v.id, report(Some(blank)))
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("workshop.brand"));
    assert_eq!(s.counts().await, before, "refusals write nothing");

    let done = check_out(
        &s.db,
        &tuesday(&s, 0),
        v.id,
        report(Some(handoff(kurir.staff_id.to_string()))),
    )
    .await
    .unwrap();
    assert_eq!(done.status, "done");
    let bill = billing::bill(&s.db, v.id).await.unwrap();
    assert!(bill.invoice.is_none(), "a warranty visit charges nothing");
    let ticket_number = bill.ticket_number.expect("a service ticket was opened");
    let id: String = sqlx::query_scalar("SELECT id FROM tickets WHERE number = ?")
        .bind(&ticket_number)
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    let ticket = konter::store::repairs::tickets::detail(&s.db, id.parse().unwrap())
        .await
        .unwrap();
    assert!(ticket.complaint.contains(&v.number), "{}", ticket.complaint);
    assert_eq!(ticket.serial.as_deref(), Some("SN-0001"));
    // The courier's run on Wednesday has the pickup at the site.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let run = konter::store::field::courier_jobs::run(&s.db, &kurir, kurir.staff_id, day)
        .await
        .unwrap();
    assert_eq!(run.len(), 1);
    assert_eq!(
        (run[0].kind.as_str(), run[0].ticket_number.as_str()),
        ("pickup", ticket_number.as_str())
    );
    assert!(run[0].address.contains("Gatot Subroto"));
    let pdf = konter::docs::field::render_visit_report(&s.db, v.id)
        .await
        .unwrap();
    let text = pdf_text(&s, "laporan-kunjungan-workshop.pdf", &pdf);
    assert!(text.contains(&ticket_number), "{text}");
    let err = konter::docs::field::render_visit_invoice(&s.db, v.id, false)
        .await
        .unwrap_err();
    assert_eq!(code(&err), "no_invoice");
}
