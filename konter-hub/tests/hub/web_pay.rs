//! Paying a web order at a real hub: the payment confirmation with its
//! proof typed from the bytes (an order on hold for an admin, every bad
//! form refused at its field and writing nothing), and random form input
//! that never breaks the pages or writes anything.

use super::web::*;
use super::work::*;
use super::*;

/// A phone order for Sari (sari@example.co.id, 0813-1111-2222) waiting for
/// a bank transfer: its number.
pub(super) async fn transfer_order(d: &Device) -> orders::OrderDetail {
    let c = customers::NewCustomer {
        name: "Sari Dewi".into(),
        phone: "0813-1111-2222".into(),
        email: Some("sari@example.co.id".into()),
        address: None,
    };
    let c = customers::create(&d.db, &d.ctx(2), c).await.unwrap();
    let scanner = scanner_in_stock(d, &["SN-0001"]).await;
    let input = NewOrder {
        channel: Channel::Phone,
        customer_id: c.id.to_string(),
        fulfilment: Fulfilment::Pickup,
        ship_address: None,
        ship_city: None,
        payment_method: PaymentMethod::BankTransfer,
        cod: false,
        coupon: None,
        shipping: None,
        lines: vec![OrderLineInput {
            product_id: scanner.id.to_string(),
            qty: "1".into(),
            discount: None,
        }],
        note: None,
        buyer_tax_id: None,
    };
    let o = orders::create(&d.db, &d.ctx(6), input).await.unwrap();
    assert_eq!(o.status, OrderStatus::AwaitingPayment);
    o
}

/// A bad payment form: what it is, its fields, its proof, the field the
/// error is shown beside, and the message.
type PayCase = (
    &'static str,
    Vec<(&'static str, String)>,
    Option<(&'static str, Vec<u8>)>,
    &'static str,
    &'static str,
);

pub(super) const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

pub(super) fn pay_form(
    csrf: &str,
    fields: &[(&str, &str)],
    proof: Option<(&str, &[u8])>,
) -> reqwest::multipart::Form {
    let mut f = reqwest::multipart::Form::new().text("csrf", csrf.to_string());
    for (k, v) in fields {
        f = f.text(k.to_string(), v.to_string());
    }
    if let Some((name, bytes)) = proof {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string());
        f = f.part("proof", part);
    }
    f
}

pub(super) fn error_for(p: &Page, field: &str) -> Option<String> {
    let marker = format!("data-error-for=\"{field}\">");
    p.body
        .split(&marker)
        .nth(1)
        .map(|s| s.split('<').next().unwrap().to_string())
}

#[tokio::test]
async fn a_payment_confirmation_with_its_proof_puts_the_order_on_hold_for_an_admin() {
    let h = hub().await;
    let a = promoted(&h).await;
    let order = transfer_order(&a).await;
    a.round().await;
    let mut v = Visitor::new(&h.url);
    let path = format!("/s/{}/pay", h.shop);
    let csrf = v.get(&path).await.csrf();
    let today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Jakarta)
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let good = |n: &str| -> Vec<(&'static str, String)> {
        vec![
            ("order", n.to_string()),
            ("contact", "SARI@example.co.id".into()),
            ("bank", "BCA".into()),
            ("account_name", "Sari Dewi".into()),
            ("amount", "9.435.000".into()),
            ("paid_on", today.clone()),
        ]
    };

    // Each bad field is said beside it and nothing is written.
    let script = b"#!/bin/sh\nrm -rf /\n".to_vec();
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(konter::domain::web::proof::MAX_BYTES + 1, b'0');
    let cases: Vec<PayCase> = vec![
        (
            "script named png",
            good(&order.number),
            Some(("bukti.png", script)),
            "proof",
            "Hanya berkas JPG, PNG atau PDF.",
        ),
        (
            "too large",
            good(&order.number),
            Some(("bukti.pdf", big)),
            "proof",
            "Berkas lebih dari 2 MB.",
        ),
        (
            "no proof",
            good(&order.number),
            None,
            "proof",
            "Wajib diisi.",
        ),
        (
            "wrong contact",
            {
                let mut f = good(&order.number);
                f[1].1 = "budi@example.co.id".into();
                f
            },
            Some(("b.png", PNG.to_vec())),
            "order",
            "Nomor pesanan atau e-mail/nomor HP tidak cocok.",
        ),
        (
            "unknown order",
            good("WEB-0000"),
            Some(("b.png", PNG.to_vec())),
            "order",
            "Nomor pesanan atau e-mail/nomor HP tidak cocok.",
        ),
        (
            "future date",
            {
                let mut f = good(&order.number);
                f[5].1 = "2099-01-01".into();
                f
            },
            Some(("b.png", PNG.to_vec())),
            "paid_on",
            "Tanggal tidak boleh di masa depan.",
        ),
        (
            "bad date",
            {
                let mut f = good(&order.number);
                f[5].1 = "kemarin".into();
                f
            },
            Some(("b.png", PNG.to_vec())),
            "paid_on",
            "Tanggal tidak valid.",
        ),
        (
            "negative",
            {
                let mut f = good(&order.number);
                f[4].1 = "-5000".into();
                f
            },
            Some(("b.png", PNG.to_vec())),
            "amount",
            "Jumlah tidak valid.",
        ),
        (
            "empty bank",
            {
                let mut f = good(&order.number);
                f[2].1 = "  ".into();
                f
            },
            Some(("b.png", PNG.to_vec())),
            "bank",
            "Wajib diisi.",
        ),
        (
            "long name",
            {
                let mut f = good(&order.number);
                f[3].1 = "x".repeat(101);
                f
            },
            Some(("b.png", PNG.to_vec())),
            "account_name",
            "Terlalu panjang.",
        ),
    ];
    for (what, fields, proof, field, message) in cases {
        let p = send_pay(&mut v, &path, &csrf, fields, proof).await;
        assert_eq!(p.status, 422, "{what}");
        assert_eq!(error_for(&p, field).as_deref(), Some(message), "{what}");
        assert_eq!(requests(&h).await, 0, "{what}: nothing written");
    }
    // Without the form's token (another site posting): refused.
    let mut stranger = Visitor::new(&h.url);
    let refs: Vec<(&str, String)> = good(&order.number);
    let refs: Vec<(&str, &str)> = refs.iter().map(|(k, x)| (*k, x.as_str())).collect();
    let p = stranger
        .post_multipart(&path, pay_form(&csrf, &refs, Some(("b.png", PNG))))
        .await;
    assert_eq!(p.status, 403);
    assert_eq!(requests(&h).await, 0);

    // The right form: kept with its proof; a second one waits for the first.
    let p = send_pay(
        &mut v,
        &path,
        &csrf,
        good(&order.number),
        Some(("IMG_2026.PNG", PNG.to_vec())),
    )
    .await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.body.contains("id=\"pay-done\""));
    let p = send_pay(
        &mut v,
        &path,
        &csrf,
        good(&order.number),
        Some(("b.png", PNG.to_vec())),
    )
    .await;
    assert_eq!(p.status, 409);
    assert_eq!(requests(&h).await, 1);
    let (media, sha): (String, String) =
        sqlx::query_as("SELECT media_type, sha256 FROM web_proofs")
            .fetch_one(&h.hub.pool)
            .await
            .unwrap();
    assert_eq!(media, "image/png");
    assert_eq!(sha.len(), 64);

    // The counter's round: the order on hold with the pending transfer, the
    // proof fetched from the hub by the device.
    assert_eq!(a.round().await.carried, 1);
    let o = orders::detail(&a.db, order.id).await.unwrap();
    assert_eq!(o.status, OrderStatus::OnHold);
    let proof: (String, String, i64, Option<String>) = sqlx::query_as(
        "SELECT bank, proof_path, amount, staff.name FROM order_payments JOIN staff ON staff.id = order_payments.received_by WHERE order_id = ? AND status = 'pending'",
    )
    .bind(order.id.to_string())
    .fetch_one(&a.db.pool)
    .await
    .map(|(b, p, amt, n): (String, String, i64, String)| (b, p, amt, Some(n)))
    .unwrap();
    assert_eq!(proof.0, "BCA");
    assert_eq!(proof.2, 9_435_000);
    assert_eq!(proof.3.as_deref(), Some("Pelanggan (web)"));
    let id = konter::domain::web::parse_proof_ref(&proof.1).expect("a hub proof");
    let cfg = sync::config(&a.db).await.unwrap().unwrap();
    let (kind, bytes) = HttpHub::for_config(&cfg).unwrap().proof(id).await.unwrap();
    assert_eq!((kind, bytes.as_slice()), ("image/png", PNG));
    // Only the shop's devices may fetch it.
    let anon = reqwest::get(format!("{}/v1/proofs/{id}", h.url))
        .await
        .unwrap();
    assert_eq!(anon.status(), 401);
    // Money is not taken until an admin verifies it against the statement.
    assert!(
        o.payments.iter().all(|p| p.status != "received"),
        "{:?}",
        o.payments
    );
}

#[tokio::test]
async fn random_form_input_never_breaks_the_pages_or_writes_anything() {
    use rand::{Rng, SeedableRng};
    let h = hub().await;
    let a = promoted(&h).await;
    let (_, code) = budis_ticket(&a).await;
    let order = transfer_order(&a).await;
    a.round().await;
    let steps: usize = std::env::var("KONTER_FUZZ_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let mut rng = rand::rngs::StdRng::seed_from_u64(14);
    let pieces = [
        "",
        " ",
        "0",
        "-1",
        "7890",
        "9.435.000",
        "1e9",
        "2026-11-23",
        "2099-12-31",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "\u{0}",
        "ÿ",
        "%00",
        "../../etc/passwd",
        &code,
        &order.number,
        "sari@example.co.id",
    ];
    let mut v = Visitor::new(&h.url);
    let pay = format!("/s/{}/pay", h.shop);
    let csrf = v.get(&pay).await.csrf();
    for step in 0..steps {
        let mut pick = || -> String {
            let n = rng.gen_range(0..3);
            (0..n)
                .map(|_| pieces[rng.gen_range(0..pieces.len())].to_string())
                .collect::<Vec<_>>()
                .join("")
                + &"x".repeat(if rng.gen_bool(0.1) { 500 } else { 0 })
        };
        let fields: Vec<(&str, String)> = [
            "order",
            "contact",
            "bank",
            "account_name",
            "amount",
            "paid_on",
        ]
        .into_iter()
        .map(|k| (k, pick()))
        .collect();
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, x)| (*k, x.as_str())).collect();
        let proof = pick().into_bytes();
        let p = v
            .post_multipart(&pay, pay_form(&csrf, &refs, Some(("p.bin", &proof))))
            .await;
        assert!(
            [422, 429].contains(&p.status),
            "step {step}: {} {fields:?}",
            p.status
        );
        assert!(
            !p.body.contains("<script>alert"),
            "step {step}: input is escaped"
        );
        let digits = pick();
        let typed = pick();
        let p = v
            .post(
                &format!("/s/{}/t", h.shop),
                &[("csrf", &csrf), ("code", &typed), ("digits", &digits)],
            )
            .await;
        assert!([200, 429].contains(&p.status), "step {step}: {}", p.status);
        assert!(!p.body.contains("<script>alert"));
    }
    assert_eq!(requests(&h).await, 0);
}

pub(super) async fn send_pay(
    v: &mut Visitor,
    path: &str,
    csrf: &str,
    fields: Vec<(&'static str, String)>,
    proof: Option<(&'static str, Vec<u8>)>,
) -> Page {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, x)| (*k, x.as_str())).collect();
    let form = pay_form(csrf, &refs, proof.as_ref().map(|(n, b)| (*n, b.as_slice())));
    v.post_multipart(path, form).await
}
