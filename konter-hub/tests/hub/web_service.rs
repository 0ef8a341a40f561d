//! A service order on the tracking page at a real hub (issue 17): the code
//! printed on the order confirmation and the phone's last digits open it;
//! the page follows the order as the counter's rounds bring its acceptance,
//! down payment, progress and handover; the support period's days left are
//! counted in the shop's zone.

use super::web::*;
use super::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::service::{Milestone, ServiceChannel, ServiceScope};
use konter::domain::totals::{Line, LineKind};
use konter::store::service::billing::{self, ServicePaymentInput};
use konter::store::service::handover::{self, CriterionCheck, HandoverInput, HandoverOutcome};
use konter::store::service::orders::{self, AcceptanceInput, AcceptedHow, NewServiceOrder};
use konter::store::service::work::{self, ProgressInput};
use rust_decimal::Decimal;

/// A 1×1 PNG, as the signature pad would send one.
const PNG: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

fn scope() -> ServiceScope {
    ServiceScope {
        title: "Instalasi jaringan kantor".into(),
        requirements: "Wi-Fi di dua lantai, 20 titik kabel".into(),
        checklist: vec!["2 access point".into()],
        site_address: "Jl. Industri Raya 5, Cikarang".into(),
        lines: vec![Line {
            kind: LineKind::Labour,
            description: "Instalasi jaringan".into(),
            qty: Decimal::ONE,
            unit_price: Decimal::from(2_000_000),
            discount: Decimal::ZERO,
        }],
        milestones: vec![
            Milestone {
                title: "Penarikan kabel".into(),
                planned_on: "2026-11-25".into(),
                deliverable: "20 titik".into(),
                pay_percent: 0,
            },
            Milestone {
                title: "Access point".into(),
                planned_on: "2026-11-27".into(),
                deliverable: "Wi-Fi di dua lantai".into(),
                pay_percent: 0,
            },
        ],
        acceptance_criteria: vec!["Wi-Fi di semua ruangan".into()],
        deposit_percent: 50,
        support_days: 90,
        support_scope: "Gangguan jaringan".into(),
        terms: String::new(),
    }
}

fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("konfirmasi.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext installed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn a_service_order_is_followed_on_the_tracking_page() {
    let h = hub().await;
    let a = promoted(&h).await;
    let c = customers::NewCustomer {
        name: "Budi Santoso".into(),
        phone: "0812-3456-7890".into(),
        email: None,
        address: None,
    };
    let c = customers::create(&a.db, &a.ctx(0), c).await.unwrap();
    let o = orders::create(
        &a.db,
        &a.ctx(1),
        NewServiceOrder {
            customer_id: c.id.to_string(),
            channel: ServiceChannel::Whatsapp,
            scope: scope(),
        },
    )
    .await
    .unwrap();
    let code = o
        .tracking_code
        .clone()
        .expect("a new order has a tracking code");
    // The confirmation prints the code and the page's link.
    let pdf = konter::docs::service::render_confirmation(&a.db, a.ctx(1).now, o.id)
        .await
        .unwrap();
    let text = pdf_text(&pdf);
    let link = format!("{}/s/{}/t/{code}", h.url, h.shop);
    assert!(text.contains(&code), "{text}");
    assert!(text.contains(&link), "{text}");
    a.round().await;

    // Wrong digits open nothing; the right ones open the order, awaiting
    // the customer's approval of the confirmation.
    let shop = h.shop;
    let mut v = Visitor::new(&h.url);
    let wrong = open_ticket(&mut v, shop, &code, "1111").await;
    assert!(wrong.body.contains("id=\"lookup-error\""), "{}", wrong.body);
    assert!(!wrong.body.contains("Instalasi jaringan"));
    let page = open_ticket(&mut v, shop, &code, "7890").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Halo, Budi."), "{}", page.body);
    assert!(page.body.contains("data-status=\"proposed\""));
    assert!(page.body.contains("id=\"awaiting\""));
    assert!(page.body.contains(&o.number));

    // Accepted by reply, the down payment paid, the work started, the
    // cabling at 60 %: the page follows after the counter's round.
    let accept = AcceptanceInput {
        revision: 1,
        how: AcceptedHow::Whatsapp,
        signer: "Budi".into(),
        reference: Some("WA 23/11 10:15".into()),
        signature_png: None,
    };
    let o = orders::accept(&a.db, &a.ctx(5), o.id, accept)
        .await
        .unwrap();
    let deposit = o.invoices[0].id;
    billing::pay(
        &a.db,
        &a.ctx(6),
        o.id,
        ServicePaymentInput {
            invoice_id: deposit.to_string(),
            method: PaymentMethod::Cash,
            tendered: None,
        },
    )
    .await
    .unwrap();
    work::start(&a.db, &a.ctx(7), o.id).await.unwrap();
    let progress = ProgressInput {
        milestone: 1,
        progress: 60,
        note: "Kabel lantai 1 selesai".into(),
    };
    work::record_progress(&a.db, &a.ctx(60), o.id, progress)
        .await
        .unwrap();
    a.round().await;
    let page = v.get(&format!("/s/{shop}/t/{code}")).await;
    assert!(
        page.body.contains("data-status=\"in_progress\""),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains("data-milestone=\"1\" data-progress=\"60\""));
    assert!(page.body.contains("Kabel lantai 1 selesai"));
    assert!(page
        .body
        .contains("data-milestone=\"2\" data-progress=\"0\""));
    assert!(page.body.contains("id=\"last-update\""));
    // 2.000.000 + 11 % = 2.220.000; half of it invoiced and paid.
    assert!(
        page.body.contains("id=\"order-total\">Rp 2.220.000"),
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"paid\">Rp 1.110.000"));
    assert!(page.body.contains("id=\"balance\">Rp 0"));

    // Handed over and accepted: the final invoice is due, the support
    // period runs; another visitor without the session sees only the form.
    let hand = HandoverInput {
        delivered: "Jaringan dua lantai".into(),
        criteria: vec![CriterionCheck {
            criterion: "Wi-Fi di semua ruangan".into(),
            met: true,
        }],
        outcome: HandoverOutcome::Accepted,
        revisions: None,
        signer: "Budi".into(),
        signature_png: PNG.into(),
    };
    let o = handover::hand_over(&a.db, &a.ctx(3 * 24 * 60), o.id, hand)
        .await
        .unwrap();
    a.round().await;
    let page = v.get(&format!("/s/{shop}/t/{code}?lang=en")).await;
    assert!(
        page.body.contains("data-status=\"accepted\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("Completed and accepted"));
    assert!(page.body.contains("id=\"balance\">Rp 1.110.000"));
    let ends = chrono::NaiveDate::parse_from_str(o.support_ends_on.as_deref().unwrap(), "%Y-%m-%d")
        .unwrap();
    let today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Jakarta)
        .date_naive();
    let left = konter::domain::service::terms::support_days_left(today, Some(ends));
    assert!(
        page.body.contains(&format!("data-days-left=\"{left}\"")),
        "{}",
        page.body
    );
    let mut stranger = Visitor::new(&h.url);
    let page = stranger.get(&format!("/s/{shop}/t/{code}")).await;
    assert!(page.body.contains("id=\"lookup-form\""));
    assert!(!page.body.contains("Instalasi jaringan"));
}
