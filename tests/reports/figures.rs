//! A week at Toko Scanner Jaya, then every report over it. Monday: Budi
//! buys a scanner by card and two cables in cash (their cost is known); a
//! repair comes in with a cash down payment. Tuesday it is ready, Thursday
//! picked up and settled in cash. Wednesday the scanner comes back under
//! warranty. Each figure is checked against those records.

use crate::common::sales::{code, order, receive, scan, sold_scanner};
use crate::common::*;
use chrono::Duration;
use konter::docs::reports::{render, ExportFormat, ReportExport};
use konter::domain::payment::PaymentMethod;
use konter::domain::repairs::ticket::{ApprovalChannel, TicketStatus};
use konter::domain::reports::{Report, ReportKind};
use konter::domain::sales::catalog::{ProductInput, TaxClass, WarrantyType};
use konter::domain::staff::Role;
use konter::domain::totals::LineKind;
use konter::domain::warranty::Checklist;
use konter::store::repairs::pickup::{self, PickupInput};
use konter::store::repairs::quotes::{self, QuoteDecision};
use konter::store::repairs::tickets;
use konter::store::reports::{report, ReportQuery};
use konter::store::sales::catalog;
use konter::store::sales::payments::{self, CounterPayment};
use konter::store::sales::{flow, orders};
use konter::store::warranty::check::{CheckInput, ClaimInput};
use konter::store::warranty::claims::{file_claim, ClaimRequest};
use konter::store::Ctx;
use konter::Error;

fn q(kind: ReportKind, group: Option<&str>) -> ReportQuery {
    ReportQuery {
        kind,
        from: "2026-11-23".into(),
        to: "2026-11-29".into(),
        group: group.map(str::to_string),
    }
}

fn cell<'a>(r: &'a Report, row: usize, col: &str) -> &'a str {
    &r.rows[row][r.col(col).unwrap_or_else(|| panic!("no column {col}"))]
}

fn total<'a>(r: &'a Report, col: &str) -> &'a str {
    &r.total.as_ref().unwrap()[r.col(col).unwrap()]
}

fn row_of<'a>(r: &'a Report, first: &str) -> &'a Vec<String> {
    r.rows
        .iter()
        .find(|x| x[0] == first)
        .unwrap_or_else(|| panic!("no row {first}: {:?}", r.rows))
}

async fn week(
    s: &TestShop,
) -> (
    konter::store::repairs::tickets::TicketDetail,
    konter::store::repairs::tickets::TicketDetail,
) {
    let day = |d: i64, m: i64| Ctx {
        now: monday_10_wib() + Duration::days(d) + Duration::minutes(m),
        ..s.ctx(0)
    };
    let (budi, _) = sold_scanner(s).await;
    let cable = catalog::create_product(
        &s.db,
        &s.ctx(3),
        ProductInput {
            sku: "USB-C-1M".into(),
            name: "Kabel USB-C 1 m".into(),
            brand: "Ugreen".into(),
            category: "Aksesori".into(),
            price: "100.000".into(),
            tax_class: TaxClass::Standard,
            serialised: false,
            weight_grams: "50".into(),
            warranty_store_months: "".into(),
            warranty_maker_months: "".into(),
            warranty_type: WarrantyType::Standard,
            down_payment_allowed: false,
            cost_price: Some("60.000".into()),
        },
    )
    .await
    .unwrap();
    receive(s, &cable, "5", &[]).await;
    let o = orders::create(&s.db, &s.ctx(4), order(budi.id, vec![(&cable, "2")]))
        .await
        .unwrap();
    let cash = CounterPayment {
        method: PaymentMethod::Cash,
        tendered: None,
        amount: None,
    };
    payments::pay_at_counter(&s.db, &s.ctx(5), o.id, cash)
        .await
        .unwrap();
    flow::hand_over(&s.db, &s.ctx(6), o.id, vec![])
        .await
        .unwrap();
    let _ = scan;
    // The repair: Monday 10:10 in, Tuesday 10:10 ready, Thursday picked up.
    let input = tickets::IntakeInput {
        down_payment: Some("100.000".into()),
        ..intake_input(budi.id.to_string())
    };
    let t = tickets::intake(&s.db, &day(0, 10), input).await.unwrap();
    tickets::change_status(&s.db, &day(0, 20), t.id, TicketStatus::Diagnosing, None)
        .await
        .unwrap();
    quotes::set_quote(
        &s.db,
        &day(0, 30),
        t.id,
        vec![line(LineKind::Labour, "Ganti roller", "1", "300.000", "")],
    )
    .await
    .unwrap();
    let ok = QuoteDecision {
        approved: true,
        channel: ApprovalChannel::InPerson,
        diagnosis_fee: None,
        note: None,
    };
    quotes::decide(&s.db, &day(0, 40), t.id, ok).await.unwrap();
    tickets::change_status(&s.db, &day(1, 10), t.id, TicketStatus::ReadyForPickup, None)
        .await
        .unwrap();
    let settle = PickupInput {
        method: PaymentMethod::Cash,
        tendered: None,
        note: None,
    };
    pickup::pickup(&s.db, &day(3, 10), t.id, settle)
        .await
        .unwrap();
    // Wednesday the scanner is back under warranty.
    let check = CheckInput {
        query: "SN-0001".into(),
        unit_id: None,
        claim: ClaimInput {
            checklist: Checklist {
                box_complete: true,
                ..Default::default()
            },
            ..Default::default()
        },
    };
    let claim = ClaimRequest {
        check,
        complaint: "Garis pada hasil scan".into(),
        customer_id: None,
    };
    let c = file_claim(&s.db, &day(2, 0), claim).await.unwrap();
    (tickets::detail(&s.db, t.id).await.unwrap(), c)
}

#[tokio::test]
async fn every_report_over_a_week_and_its_exports() {
    let s = shop().await;
    let (repair, claim) = week(&s).await;
    let owner = Ctx {
        now: monday_10_wib() + Duration::days(6),
        ..s.ctx(0)
    };

    // Money in: Monday's card sale and cash; Thursday's settlement.
    let money = report(&s.db, &owner, &q(ReportKind::MoneyIn, None))
        .await
        .unwrap();
    assert_eq!(money.rows.len(), 7, "a row per day");
    let paid: Vec<_> = repair.payments.iter().map(|p| p.amount).collect();
    assert_eq!(paid.len(), 2);
    let monday = row_of(&money, "2026-11-23");
    let idx = |c: &str| money.col(c).unwrap();
    // The scanner: 85.000.000 + PPN 11 % by card.
    assert_eq!(monday[idx("card")], "94350000");
    // Two cables 200.000 + PPN = 222.000 and the down payment 100.000.
    assert_eq!(
        monday[idx("cash")],
        (rust_decimal::Decimal::from(222_000) + paid[0]).to_string()
    );
    let thursday = row_of(&money, "2026-11-26");
    assert_eq!(thursday[idx("cash")], paid[1].to_string());
    assert_eq!(row_of(&money, "2026-11-24")[idx("net")], "0");
    let week_cash: rust_decimal::Decimal = total(&money, "cash").parse().unwrap();
    assert_eq!(
        week_cash,
        rust_decimal::Decimal::from(222_000) + paid[0] + paid[1]
    );

    // Sales by category: the margin where the cost is known (the cables).
    let sales = report(&s.db, &owner, &q(ReportKind::Sales, Some("category")))
        .await
        .unwrap();
    assert_eq!(sales.rows[0][0], "Scanner", "biggest first");
    assert_eq!(
        (cell(&sales, 0, "revenue"), cell(&sales, 0, "margin")),
        ("85000000", "")
    );
    let acc = row_of(&sales, "Aksesori");
    assert_eq!(&acc[1..], ["2", "200000", "120000", "80000", "40.0"]);
    let by_brand = report(&s.db, &owner, &q(ReportKind::Sales, Some("brand")))
        .await
        .unwrap();
    assert!(by_brand.rows.iter().any(|r| r[0] == "Ugreen"));
    let e = report(&s.db, &owner, &q(ReportKind::Sales, Some("colour")))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("group"));

    // Turnaround: in Monday 10:10, ready a day later, picked up two after.
    let turn = report(&s.db, &owner, &q(ReportKind::Turnaround, Some("device")))
        .await
        .unwrap();
    let scanner = row_of(&turn, "Scanner");
    assert_eq!(
        scanner[turn.col("tickets").unwrap()],
        "2",
        "the repair and the claim"
    );
    assert_eq!(scanner[turn.col("ready_median").unwrap()], "1.0");
    assert_eq!(scanner[turn.col("pickup_median").unwrap()], "2.0");
    assert_eq!(scanner[turn.col("total_median").unwrap()], "3.0");

    // Open repairs by age on Sunday: the claim, 4 days old, in work.
    let open = report(&s.db, &owner, &q(ReportKind::OpenTickets, None))
        .await
        .unwrap();
    assert_eq!(row_of(&open, "3-7")[1..], ["1", "0", "0"]);
    assert_eq!(total(&open, "in_work"), "1");
    assert_eq!(claim.status, TicketStatus::Received);

    // Technicians: the owner made the repair ready (nobody was assigned).
    let techs = report(&s.db, &owner, &q(ReportKind::Technicians, None))
        .await
        .unwrap();
    assert_eq!(row_of(&techs, "Hendra Halim")[1..3], ["1", "0"]);

    // Warranty claims: one claim of one unit sold, under warranty.
    let claims = report(&s.db, &owner, &q(ReportKind::WarrantyClaims, None))
        .await
        .unwrap();
    assert_eq!(
        claims.rows,
        [vec!["Contex", "Produk CTX-SD36", "1", "1", "1", "100.0"]]
    );

    // Busy hours: Monday 10.00 had the payments and the intake.
    let hours = report(&s.db, &owner, &q(ReportKind::BusyHours, None))
        .await
        .unwrap();
    let ten = row_of(&hours, "10.00");
    assert_eq!(ten[2], "2", "the repair and the claim came in at 10");
    assert_eq!(total(&hours, "payments"), "4");

    // Refusals: a range too long, a wrong date, a technician.
    let long = ReportQuery {
        from: "2025-01-01".into(),
        ..q(ReportKind::MoneyIn, None)
    };
    assert_eq!(
        report(&s.db, &owner, &long).await.unwrap_err().field(),
        Some("to")
    );
    let bad = ReportQuery {
        from: "kemarin".into(),
        ..q(ReportKind::MoneyIn, None)
    };
    assert_eq!(
        code(&report(&s.db, &owner, &bad).await.unwrap_err()),
        "invalid_date"
    );
    let tech = Ctx {
        role: Role::Technician,
        ..owner
    };
    assert!(matches!(
        report(&s.db, &tech, &q(ReportKind::Sales, None)).await,
        Err(Error::Forbidden { .. })
    ));

    // Exports.
    let export = |format, headers: Vec<&str>, chart: Option<String>| ReportExport {
        query: q(ReportKind::Sales, Some("category")),
        format,
        title: "Penjualan per kategori".into(),
        headers: headers.into_iter().map(str::to_string).collect(),
        chart_png: chart,
    };
    let heads = vec!["Kategori", "Jumlah", "Omzet", "Modal", "Margin", "Margin %"];
    let (name, csv) = render(
        &s.db,
        &owner,
        &export(ExportFormat::Csv, heads.clone(), None),
    )
    .await
    .unwrap();
    assert_eq!(name, "laporan-sales-2026-11-23-2026-11-29.csv");
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains("Kategori,Jumlah,Omzet,Modal,Margin,Margin %\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("Aksesori,2,200000,120000,80000,40.0\r\n"),
        "{csv}"
    );

    let (_, xlsx) = render(
        &s.db,
        &owner,
        &export(ExportFormat::Xlsx, heads.clone(), None),
    )
    .await
    .unwrap();
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let sheet = book.worksheet_range("Penjualan per kategori").unwrap();
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("Kategori".into())));
    let acc_row = (1..sheet.height())
        .find(|r| sheet.get((*r, 0)) == Some(&Data::String("Aksesori".into())))
        .unwrap();
    assert_eq!(
        sheet.get((acc_row, 2)),
        Some(&Data::Float(200000.0)),
        "amounts are numbers"
    );
    assert_eq!(sheet.get((acc_row, 5)), Some(&Data::Float(40.0)));

    // The PDF with the chart the screen drew.
    // A chart as the screen draws it: white, one blue bar.
    let chart = {
        let (w, h) = (400u32, 200u32);
        let mut px = vec![255u8; (w * h * 3) as usize];
        for y in 50..200 {
            for x in 40..120 {
                let i = ((y * w + x) * 3) as usize;
                px[i..i + 3].copy_from_slice(&[40, 90, 200]);
            }
        }
        let mut png = vec![];
        let mut enc = png::Encoder::new(&mut png, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut wr = enc.write_header().unwrap();
        wr.write_image_data(&px).unwrap();
        wr.finish().unwrap();
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(&png)
    };
    let (_, pdf) = render(
        &s.db,
        &owner,
        &export(ExportFormat::Pdf, heads.clone(), Some(chart)),
    )
    .await
    .unwrap();
    let text = pdf_text(&s, "report", &pdf);
    for want in [
        "Penjualan per kategori",
        "23-11-2026 – 29-11-2026",
        "Aksesori",
        "Rp 200.000",
        "40.0 %",
        "Toko Scanner Jaya",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
    let e = render(
        &s.db,
        &owner,
        &export(ExportFormat::Pdf, heads.clone(), Some("bukan-png".into())),
    )
    .await
    .unwrap_err();
    assert_eq!(e.field(), Some("chart_png"));
    let e = render(
        &s.db,
        &owner,
        &export(ExportFormat::Csv, vec!["Satu"], None),
    )
    .await
    .unwrap_err();
    assert_eq!(e.field(), Some("headers"));
}
