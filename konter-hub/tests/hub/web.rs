//! The shop's public face at a real hub: the tracking page opened only with
//! the last four digits of the customer's phone (a wrong code and wrong
//! digits answered alike, attempts limited per address, forms bound to a
//! cookie, the hardening headers), the quote decided online and carried out
//! at the counter through the state machine (a quote changed meanwhile is
//! not approved in the customer's name), the payment confirmation with its
//! proof typed from the bytes, the warranty card check, and the web store's
//! webhook refused without its signature. Every bad form writes nothing.

use super::work::*;
use super::*;
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::totals::LineKind;
use konter::store::repairs::quotes::{self, LineInput};
use konter::store::repairs::ticket_detail;
use std::collections::HashMap;

/// A browser without a browser: cookies kept, redirects not followed.
pub(super) struct Visitor {
    client: reqwest::Client,
    pub base: String,
    cookies: HashMap<String, String>,
}

pub(super) struct Page {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    /// The value of the hidden `csrf` field.
    pub fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf\" value=\"")
            .expect("a form with a token")
            + 19;
        self.body[at..].split('"').next().unwrap().to_string()
    }
}

impl Visitor {
    pub fn new(base: &str) -> Visitor {
        Visitor {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: base.to_string(),
            cookies: HashMap::new(),
        }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn take(&mut self, r: reqwest::Response) -> Page {
        for c in r.headers().get_all("set-cookie") {
            let c = c.to_str().unwrap();
            let (kv, _) = c.split_once(';').unwrap_or((c, ""));
            let (k, v) = kv.split_once('=').unwrap();
            self.cookies.insert(k.to_string(), v.to_string());
        }
        Page {
            status: r.status().as_u16(),
            headers: r.headers().clone(),
            body: r.text().await.unwrap(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.take(r).await
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let body: String = form
            .iter()
            .map(|(k, v)| format!("{k}={}", enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        self.take(r).await
    }

    pub async fn post_multipart(&mut self, path: &str, form: reqwest::multipart::Form) -> Page {
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.take(r).await
    }
}

fn enc(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The shop's first counter, promoted to the hub.
pub(super) async fn promoted(h: &TestHub) -> Device {
    let a = standalone().await;
    let code = admin::enrolment_code(&h.hub.pool, h.shop, "JKT1", "K1")
        .await
        .unwrap();
    let e = sync::enrol(&h.url, &code, "Kasir 1").await.unwrap();
    sync::join(&a.db, Some(&a.ctx(1)), &h.url, &e, true, Utc::now())
        .await
        .unwrap();
    a.round().await;
    a
}

/// A ticket taken in for Budi Santoso (0812-3456-7890); its id and code.
pub(super) async fn budis_ticket(d: &Device) -> (Uuid, String) {
    let number = intake(d, "Budi Santoso", "0812-3456-7890", 5).await;
    let (id, code): (String, String) =
        sqlx::query_as("SELECT id, tracking_code FROM tickets WHERE number = ?")
            .bind(&number)
            .fetch_one(&d.db.pool)
            .await
            .unwrap();
    (Uuid::parse_str(&id).unwrap(), code)
}

/// The ticket diagnosed and quoted (Rp 350.000 + PPN): awaiting approval.
pub(super) async fn quoted(d: &Device, id: Uuid, price: &str) {
    tickets::change_status(&d.db, &d.ctx(10), id, TicketStatus::Diagnosing, None)
        .await
        .unwrap();
    let q = vec![LineInput {
        kind: LineKind::Part,
        description: "Roller assembly kit Epson DS-530".into(),
        qty: "1".into(),
        unit_price: price.into(),
        discount: String::new(),
    }];
    quotes::set_quote(&d.db, &d.ctx(11), id, q).await.unwrap();
}

/// Opens the tracking page as the customer does: the code's page, the
/// form, the digits; returns the page after the redirect.
pub(super) async fn open_ticket(v: &mut Visitor, shop: Uuid, code: &str, digits: &str) -> Page {
    let form = v.get(&format!("/s/{shop}/t/{code}")).await;
    let csrf = form.csrf();
    let sent = v
        .post(
            &format!("/s/{shop}/t"),
            &[("csrf", &csrf), ("code", code), ("digits", digits)],
        )
        .await;
    if sent.status == 303 {
        v.get(&format!("/s/{shop}/t/{code}")).await
    } else {
        sent
    }
}

async fn requests(h: &TestHub) -> i64 {
    count(h, "SELECT COUNT(*) FROM web_requests").await
}

#[tokio::test]
async fn the_tracking_page_opens_with_the_phones_last_digits_and_tells_nothing_else() {
    let h = hub().await;
    let a = promoted(&h).await;
    let (_, code) = budis_ticket(&a).await;
    a.round().await;
    let shop = h.shop;
    let mut v = Visitor::new(&h.url);

    // The QR's link without a session: the form, the code filled in.
    let form = v.get(&format!("/s/{shop}/t/{code}")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(&format!("value=\"{code}\"")));
    assert!(
        !form.body.contains("Budi"),
        "nothing of the ticket before the check"
    );
    // The headers every public answer carries.
    let csp = form.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'")
            && csp.contains("frame-ancestors 'none'")
            && !csp.contains("unsafe")
    );
    assert_eq!(form.headers["x-content-type-options"], "nosniff");
    assert_eq!(form.headers["x-frame-options"], "DENY");
    assert_eq!(form.headers["referrer-policy"], "no-referrer");
    assert_eq!(form.headers["cache-control"], "no-store");
    let set_cookie = form.headers["set-cookie"].to_str().unwrap();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"));

    // A wrong code and wrong digits get one answer.
    let csrf = form.csrf();
    let wrong_digits = v
        .post(
            &format!("/s/{shop}/t"),
            &[("csrf", &csrf), ("code", &code), ("digits", "7891")],
        )
        .await;
    let wrong_code = v
        .post(
            &format!("/s/{shop}/t"),
            &[("csrf", &csrf), ("code", "ZZZZ-ZZZZ"), ("digits", "7890")],
        )
        .await;
    assert_eq!((wrong_digits.status, wrong_code.status), (200, 200));
    let error = |p: &Page| {
        p.body
            .split("id=\"lookup-error\"")
            .nth(1)
            .map(|s| s.split('<').next().unwrap().to_string())
    };
    assert!(error(&wrong_digits).is_some());
    assert_eq!(
        error(&wrong_digits),
        error(&wrong_code),
        "no telling which was wrong"
    );
    // A form posted without its cookie's token (another site) is refused.
    let mut stranger = Visitor::new(&h.url);
    let forged = stranger
        .post(
            &format!("/s/{shop}/t"),
            &[("csrf", &csrf), ("code", &code), ("digits", "7890")],
        )
        .await;
    assert_eq!(forged.status, 403);
    assert!(!stranger.cookies.contains_key("konter_track"));

    // The right digits: the ticket, the first name only.
    let page = open_ticket(&mut v, shop, &code, "7890").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Halo, Budi."), "{}", page.body);
    for private in ["Santoso", "7890", "0812", "PIN 4321", "Kertas macet"] {
        assert!(!page.body.contains(private), "{private} is not shown");
    }
    assert!(page.body.contains("data-status=\"received\""));
    assert!(page.body.contains("Perangkat diterima di toko"));
    assert!(page.body.contains("Scanner · Epson · DS-530 II"));
    // English on request, remembered.
    let en = v.get(&format!("/s/{shop}/t/{code}?lang=en")).await;
    assert!(en.body.contains("Hello, Budi.") && en.body.contains("Received at the shop"));
    assert!(v
        .get(&format!("/s/{shop}/t/{code}"))
        .await
        .body
        .contains("Hello, Budi."));
    // Another ticket's page is not opened by this session.
    let (_, other) = {
        let n = intake(&a, "Rina Wati", "0815-2222-3333", 20).await;
        let c: String = sqlx::query_scalar("SELECT tracking_code FROM tickets WHERE number = ?")
            .bind(&n)
            .fetch_one(&a.db.pool)
            .await
            .unwrap();
        (n, c)
    };
    a.round().await;
    let theirs = v.get(&format!("/s/{shop}/t/{other}")).await;
    assert!(!theirs.body.contains("Rina") && theirs.body.contains("lookup-form"));
    // An unknown shop is a plain 404.
    assert_eq!(v.get(&format!("/s/{}/t", Uuid::now_v7())).await.status, 404);
    assert_eq!(v.get("/s/not-a-shop/t").await.status, 404);

    // Attempts are limited per address, whatever is tried.
    let mut limited = Visitor::new(&h.url);
    let csrf = limited.get(&format!("/s/{shop}/t")).await.csrf();
    let mut statuses = vec![];
    for _ in 0..12 {
        let p = limited
            .post(
                &format!("/s/{shop}/t"),
                &[("csrf", &csrf), ("code", &code), ("digits", "0000")],
            )
            .await;
        statuses.push(p.status);
    }
    // The earlier tries of this test count too: the address is held back.
    assert_eq!(*statuses.last().unwrap(), 429, "{statuses:?}");
    let held = limited
        .post(
            &format!("/s/{shop}/t"),
            &[("csrf", &csrf), ("code", &code), ("digits", "7890")],
        )
        .await;
    assert_eq!(held.status, 429, "even the right digits wait");
    assert_eq!(requests(&h).await, 0, "looking writes nothing");
}

#[tokio::test]
async fn a_quote_approved_online_is_carried_out_at_the_counter_as_the_customers_decision() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let (id, code) = budis_ticket(&a).await;
    quoted(&a, id, "350.000").await;
    a.round().await;
    let mut v = Visitor::new(&h.url);
    let page = open_ticket(&mut v, h.shop, &code, "7890").await;
    assert!(page.body.contains("id=\"quote\""), "{}", page.body);
    assert!(page.body.contains("Roller assembly kit Epson DS-530"));
    assert!(page.body.contains("Rp 388.500"), "350.000 + 11 % PPN");
    let csrf = page.csrf();
    let total = page
        .body
        .split("name=\"total\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(total, "388500");

    // A forged or malformed decision writes nothing.
    let path = format!("/s/{}/t/{code}/decision", h.shop);
    assert_eq!(
        v.post(
            &path,
            &[("csrf", "x"), ("decision", "approve"), ("total", &total)]
        )
        .await
        .status,
        403
    );
    assert_eq!(
        v.post(
            &path,
            &[("csrf", &csrf), ("decision", "maybe"), ("total", &total)]
        )
        .await
        .status,
        400
    );
    assert_eq!(
        v.post(
            &path,
            &[("csrf", &csrf), ("decision", "approve"), ("total", "abc")]
        )
        .await
        .status,
        400
    );
    let mut stranger = Visitor::new(&h.url);
    assert_eq!(
        stranger
            .post(
                &path,
                &[("csrf", &csrf), ("decision", "approve"), ("total", &total)]
            )
            .await
            .status,
        403
    );
    assert_eq!(requests(&h).await, 0);

    // Approved, twice (a double click): one request, shown as sent.
    for _ in 0..2 {
        let r = v
            .post(
                &path,
                &[("csrf", &csrf), ("decision", "approve"), ("total", &total)],
            )
            .await;
        assert_eq!(r.status, 303);
    }
    assert_eq!(requests(&h).await, 1);
    let sent = v.get(&format!("/s/{}/t/{code}", h.shop)).await;
    assert!(sent.body.contains("id=\"decision-sent\""));
    assert!(
        !sent.body.contains("id=\"approve\""),
        "no second decision while one waits"
    );

    // The next round at counter 2 carries it out; counter 1 sees it too.
    let r = b.round().await;
    assert_eq!(r.carried, 1);
    a.round().await;
    for d in [&a, &b] {
        let t = ticket_detail::detail(&d.db, id).await.unwrap();
        assert_eq!(t.status, TicketStatus::InRepair);
        assert_eq!(t.quote_decision.as_deref(), Some("approved"));
        let e = t
            .events
            .iter()
            .find(|e| e.kind == "quote_decision")
            .unwrap();
        assert_eq!(e.staff_name, "Pelanggan (web)");
    }
    let channel: String = sqlx::query_scalar(
        "SELECT json_extract(data, '$.channel') FROM ticket_events WHERE ticket_id = ? AND kind = 'quote_decision'",
    )
    .bind(id.to_string())
    .fetch_one(&a.db.pool)
    .await
    .unwrap();
    assert_eq!(channel, "web");
    let settled: (bool, Option<String>) =
        sqlx::query_as("SELECT applied, claimed_by::text FROM web_requests")
            .fetch_one(&h.hub.pool)
            .await
            .unwrap();
    assert!(settled.0 && settled.1.is_some());
    // The page follows the ticket.
    let after = v.get(&format!("/s/{}/t/{code}", h.shop)).await;
    assert!(
        after.body.contains("data-status=\"in_repair\""),
        "{}",
        after.body
    );
    // Another round carries nothing again.
    assert_eq!(a.round().await.carried, 0);
    assert_eq!(b.round().await.carried, 0);
}

#[tokio::test]
async fn a_quote_changed_after_the_customer_saw_it_is_not_approved_in_their_name() {
    let h = hub().await;
    let a = promoted(&h).await;
    let (id, code) = budis_ticket(&a).await;
    quoted(&a, id, "350.000").await;
    a.round().await;
    let mut v = Visitor::new(&h.url);
    let page = open_ticket(&mut v, h.shop, &code, "7890").await;
    let csrf = page.csrf();
    // The technician revises the quote before the customer's click arrives.
    quoted_again(&a, id).await;
    let path = format!("/s/{}/t/{code}/decision", h.shop);
    v.post(
        &path,
        &[
            ("csrf", &csrf),
            ("decision", "approve"),
            ("total", "388500"),
        ],
    )
    .await;
    let r = a.round().await;
    assert_eq!(r.carried, 0);
    let t = ticket_detail::detail(&a.db, id).await.unwrap();
    assert_eq!(
        t.status,
        TicketStatus::AwaitingApproval,
        "still the customer's to decide"
    );
    let (applied, code_): (Option<bool>, Option<String>) =
        sqlx::query_as("SELECT applied, outcome_code FROM web_requests")
            .fetch_one(&h.hub.pool)
            .await
            .unwrap();
    assert_eq!(
        (applied, code_.as_deref()),
        (Some(false), Some("quote_changed"))
    );
    a.round().await;
    let again = v.get(&format!("/s/{}/t/{code}", h.shop)).await;
    assert!(again.body.contains("id=\"decision-refused\""));
    assert!(
        again.body.contains("Rp 444.000"),
        "the new quote: 400.000 + PPN"
    );
    // Refused on the new quote: returned unrepaired.
    let csrf = again.csrf();
    v.post(
        &path,
        &[("csrf", &csrf), ("decision", "refuse"), ("total", "444000")],
    )
    .await;
    assert_eq!(a.round().await.carried, 1);
    let t = ticket_detail::detail(&a.db, id).await.unwrap();
    assert_eq!(t.status, TicketStatus::ReturnedUnrepaired);
}

async fn quoted_again(d: &Device, id: Uuid) {
    let q = vec![LineInput {
        kind: LineKind::Part,
        description: "Roller assembly kit + pad".into(),
        qty: "1".into(),
        unit_price: "400.000".into(),
        discount: String::new(),
    }];
    quotes::set_quote(&d.db, &d.ctx(40), id, q).await.unwrap();
    d.round().await;
}

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

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn pay_form(
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

fn error_for(p: &Page, field: &str) -> Option<String> {
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
async fn a_warranty_card_is_checked_genuine_altered_or_not_this_shops() {
    let h = hub().await;
    let a = promoted(&h).await;
    let keys = tempfile::tempdir().unwrap();
    let (text, _) = sold_card(&a, keys.path()).await;
    a.round().await;
    let mut v = Visitor::new(&h.url);
    let genuine = v.get(&format!("/s/{}/w/{text}", h.shop)).await;
    assert_eq!(genuine.status, 200);
    assert!(
        genuine.body.contains("data-verdict=\"genuine\""),
        "{}",
        genuine.body
    );
    assert!(genuine.body.contains("Epson DS-530 II") && genuine.body.contains("SN-9001"));
    assert!(genuine.body.contains("data-state=\"store\""));
    assert!(
        !genuine.body.contains("Hendra"),
        "no customer on the card page"
    );
    let p = v.get(&format!("/s/{}/w/{}", h.shop, altered(&text))).await;
    assert!(p.body.contains("data-verdict=\"altered\""));
    assert!(
        !p.body.contains("data-state"),
        "an altered card proves nothing"
    );
    let foreign = foreign(&text);
    let p = v.get(&format!("/s/{}/w/{foreign}", h.shop)).await;
    assert!(p.body.contains("data-verdict=\"other_shop\""));
    let p = v.get(&format!("/s/{}/w/not-a-card", h.shop)).await;
    assert!(p.body.contains("data-verdict=\"unreadable\""));
}

#[tokio::test]
async fn the_web_stores_webhook_needs_its_signature_and_its_orders_reach_every_counter() {
    use konter::domain::web_store::webhook::sign;
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let secret = "whsec-0123456789abcdef";
    let store = "https://toko.example.co.id/";
    assert!(admin::set_woo_secret(&h.hub.pool, h.shop, store, "short")
        .await
        .is_err());
    assert!(
        admin::set_woo_secret(&h.hub.pool, h.shop, "toko.example.co.id", secret)
            .await
            .is_err()
    );
    let fixture = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/../tests/fixtures/woo/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let page: Vec<serde_json::Value> = serde_json::from_str(&fixture("orders-page1.json")).unwrap();
    // Order 727 as created (pending), then as the store updated it (paid).
    let order = serde_json::to_string_pretty(&page[0]).unwrap();
    let paid = fixture("webhook-order-updated.json");
    usb_cable_in_stock(&a).await;
    a.round().await;
    b.round().await;
    let url = format!("{}/s/{}/woo", h.url, h.shop);
    let client = reqwest::Client::new();
    let post_from =
        |source: &'static str, body: String, sig: Option<String>, topic: &'static str| {
            let (client, url) = (client.clone(), url.clone());
            async move {
                let mut r = client
                    .post(url)
                    .header("content-type", "application/json")
                    .header("x-wc-webhook-topic", topic)
                    .header("x-wc-webhook-source", source);
                if let Some(s) = sig {
                    r = r.header("x-wc-webhook-signature", s);
                }
                let r = r.body(body).send().await.unwrap();
                (r.status().as_u16(), r.text().await.unwrap())
            }
        };
    let post = |body: String, sig: Option<String>, topic: &'static str| {
        post_from("https://toko.example.co.id/", body, sig, topic)
    };
    // No secret set yet: refused.
    assert_eq!(
        post(
            order.clone(),
            Some(sign(secret, order.as_bytes())),
            "order.created"
        )
        .await
        .0,
        401
    );
    admin::set_woo_secret(&h.hub.pool, h.shop, store, secret)
        .await
        .unwrap();
    assert_eq!(post(order.clone(), None, "order.created").await.0, 401);
    assert_eq!(
        post(
            order.clone(),
            Some(sign("wrong-secret-123456", order.as_bytes())),
            "order.created"
        )
        .await
        .0,
        401
    );
    let tampered = order.replace("\"total\": \"333000.00\"", "\"total\": \"1.00\"");
    assert_ne!(tampered, order);
    assert_eq!(
        post(
            tampered,
            Some(sign(secret, order.as_bytes())),
            "order.created"
        )
        .await
        .0,
        401
    );
    assert_eq!(
        requests(&h).await,
        0,
        "nothing written without the signature"
    );
    // Signed but not an order: acknowledged (the store would turn the
    // webhook off after failures), not kept.
    let junk = "{\"id\": \"x\"}".to_string();
    let (status, said) = post(
        junk.clone(),
        Some(sign(secret, junk.as_bytes())),
        "order.created",
    )
    .await;
    assert_eq!((status, said.contains("\"accepted\":false")), (200, true));
    let ping = "webhook_id=12".to_string();
    assert_eq!(
        post(
            ping.clone(),
            Some(sign(secret, ping.as_bytes())),
            "action.woocommerce_ping"
        )
        .await
        .0,
        200
    );
    assert_eq!(requests(&h).await, 0);

    // Signed: kept once however often the store redelivers it.
    for _ in 0..3 {
        let (status, _) = post(
            order.clone(),
            Some(sign(secret, order.as_bytes())),
            "order.created",
        )
        .await;
        assert_eq!(status, 200);
    }
    // A captured delivery replayed under another store's name is still the
    // one store's order (the source header is not signed).
    let (status, said) = post_from(
        "https://toko-lain.example/",
        order.clone(),
        Some(sign(secret, order.as_bytes())),
        "order.created",
    )
    .await;
    assert_eq!(status, 200);
    assert!(said.contains("\"new\":false"), "{said}");
    assert_eq!(requests(&h).await, 1);
    let r = a.round().await;
    assert_eq!(r.carried, 1);
    b.round().await;
    for d in [&a, &b] {
        let (number, status): (String, String) =
            sqlx::query_as("SELECT number, status FROM orders WHERE source = 'woocommerce:toko.example.co.id' AND external_id = '727'")
                .fetch_one(&d.db.pool)
                .await
                .unwrap();
        assert_eq!(number, "WC-727");
        assert_eq!(status, "awaiting_payment");
    }
    // The store updates it (paid, with its paid date): the order moves on.
    assert_eq!(
        post(
            paid.clone(),
            Some(sign(secret, paid.as_bytes())),
            "order.updated"
        )
        .await
        .0,
        200
    );
    assert_eq!(b.round().await.carried, 1);
    a.round().await;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE external_id = '727'")
        .fetch_one(&a.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 1, "one order, updated");
    // The store's paid date proves the payment; taken in under the web
    // account, it waits for someone who may verify payments.
    let pays: Vec<(String, i64)> = sqlx::query_as(
        "SELECT p.status, p.amount FROM order_payments p JOIN orders o ON o.id = p.order_id WHERE o.external_id = '727'",
    )
    .fetch_all(&a.db.pool)
    .await
    .unwrap();
    assert_eq!(pays.len(), 1, "{pays:?}");
    assert_eq!(pays[0].1, 333_000);
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

async fn usb_cable_in_stock(d: &Device) {
    let input = ProductInput {
        sku: "USB-3M".into(),
        name: "Kabel USB 3 m".into(),
        brand: "Vention".into(),
        category: "Kabel".into(),
        price: "150.000".into(),
        tax_class: TaxClass::Standard,
        serialised: false,
        weight_grams: "100".into(),
        warranty_store_months: "0".into(),
        warranty_maker_months: "0".into(),
        warranty_type: WarrantyType::Standard,
        down_payment_allowed: false,
        cost_price: None,
    };
    let p = catalog::create_product(&d.db, &d.ctx(3), input)
        .await
        .unwrap();
    let r = StockReceipt {
        product_id: p.id.to_string(),
        qty: "5".into(),
        serials: vec![],
        note: None,
    };
    catalog::receive_stock(&d.db, &d.ctx(4), r).await.unwrap();
}

async fn send_pay(
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

/// A unit sold and handed over at `d` (Epson DS-530 II, SN-9001): its
/// warranty card's QR text (the shop's key made in `keys`) and its id.
pub(super) async fn sold_card(d: &Device, keys: &std::path::Path) -> (String, Uuid) {
    let c = customers::NewCustomer {
        name: "Hendra Halim".into(),
        phone: "0812-9999-0000".into(),
        email: None,
        address: None,
    };
    let customer = customers::create(&d.db, &d.ctx(2), c)
        .await
        .unwrap()
        .id
        .to_string();
    let input = ProductInput {
        sku: "EPS-DS530".into(),
        name: "DS-530 II".into(),
        brand: "Epson".into(),
        category: "Scanner".into(),
        price: "6.250.000".into(),
        tax_class: TaxClass::Standard,
        serialised: true,
        weight_grams: "3600".into(),
        warranty_store_months: "12".into(),
        warranty_maker_months: "24".into(),
        warranty_type: WarrantyType::Standard,
        down_payment_allowed: false,
        cost_price: None,
    };
    let p = catalog::create_product(&d.db, &d.ctx(3), input)
        .await
        .unwrap();
    let r = StockReceipt {
        product_id: p.id.to_string(),
        qty: "1".into(),
        serials: vec!["SN-9001".into()],
        note: None,
    };
    catalog::receive_stock(&d.db, &d.ctx(4), r).await.unwrap();
    let o = paid_order(d, &customer, p.id, 10).await.unwrap();
    hand_over(d, o.id, "SN-9001", 11).await.unwrap();
    let unit = konter::store::warranty::find(&d.db, "SN-9001")
        .await
        .unwrap()
        .remove(0);
    let (text, _) = konter::docs::warranty::card_text(&d.db, keys, &unit, Utc::now())
        .await
        .unwrap();
    (text, unit.id)
}

/// The card with one byte of its serial changed, the shop's key id kept.
pub(super) fn altered(text: &str) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut bytes = b64.decode(text.strip_prefix("KW1:").unwrap()).unwrap();
    bytes[17] ^= 0x01;
    format!("KW1:{}", b64.encode(&bytes))
}

/// The same card signed by another shop's key.
pub(super) fn foreign(text: &str) -> String {
    let other = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let read = konter::domain::warranty::card::read(text).unwrap();
    konter::domain::warranty::card::sign(&read.payload, &other).unwrap()
}

#[tokio::test]
async fn guesses_sent_all_at_once_are_counted_before_they_are_checked() {
    let h = hub().await;
    let a = promoted(&h).await;
    let (_, code) = budis_ticket(&a).await;
    a.round().await;
    let mut v = Visitor::new(&h.url);
    let csrf = v.get(&format!("/s/{}/t", h.shop)).await.csrf();
    let cookie = v.cookie_header();
    let client = reqwest::Client::new();
    let url = format!("{}/s/{}/t", h.url, h.shop);
    let guesses = (0..40).map(|i| {
        let (client, url, cookie) = (client.clone(), url.clone(), cookie.clone());
        let body = format!("csrf={csrf}&code={code}&digits={:04}", 1000 + i);
        tokio::spawn(async move {
            client
                .post(url)
                .header("cookie", cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    });
    let mut answered = 0;
    for g in guesses.collect::<Vec<_>>() {
        match g.await.unwrap() {
            200 => answered += 1,
            429 => {}
            other => panic!("{other}"),
        }
    }
    assert_eq!(answered, 10, "ten guesses checked, thirty held back");
    // A form body far beyond a code and four digits is refused unread.
    let big = format!("csrf={csrf}&code={}&digits=7890", "A".repeat(20_000));
    let r = client
        .post(&url)
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
}

#[tokio::test]
async fn a_request_left_by_a_revoked_counter_is_carried_out_once_by_another() {
    use konter::domain::web::ClaimRequest;
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let (id, code) = budis_ticket(&a).await;
    quoted(&a, id, "350.000").await;
    a.round().await;
    b.round().await;
    let mut v = Visitor::new(&h.url);
    let page = open_ticket(&mut v, h.shop, &code, "7890").await;
    let csrf = page.csrf();
    let path = format!("/s/{}/t/{code}/decision", h.shop);
    v.post(
        &path,
        &[
            ("csrf", &csrf),
            ("decision", "approve"),
            ("total", "388500"),
        ],
    )
    .await;
    // Counter 1 takes the request and is then lost (revoked) before it did
    // anything with it.
    let cfg = sync::config(&a.db).await.unwrap().unwrap();
    let taken = HttpHub::for_config(&cfg)
        .unwrap()
        .claim(&ClaimRequest {
            through: i64::MAX,
            limit: 20,
        })
        .await
        .unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(b.round().await.carried, 0, "taken by counter 1");
    let device_a: Uuid = sqlx::query_scalar("SELECT claimed_by FROM web_requests")
        .fetch_one(&h.hub.pool)
        .await
        .unwrap();
    admin::revoke(&h.hub.pool, device_a).await.unwrap();
    // Counter 2 takes it over once it holds the shop as it stood then.
    assert_eq!(b.round().await.carried, 1);
    let t = ticket_detail::detail(&b.db, id).await.unwrap();
    assert_eq!(t.status, TicketStatus::InRepair);
    let (applied, by): (Option<bool>, Uuid) =
        sqlx::query_as("SELECT applied, claimed_by FROM web_requests")
            .fetch_one(&h.hub.pool)
            .await
            .unwrap();
    assert_eq!(applied, Some(true));
    assert_ne!(by, device_a);
}

#[tokio::test]
async fn a_request_carried_out_but_not_answered_is_answered_not_applied_twice() {
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
    let fields = vec![
        ("order", order.number.clone()),
        ("contact", "0813-1111-2222".to_string()),
        ("bank", "Mandiri".to_string()),
        ("account_name", "Sari Dewi".to_string()),
        ("amount", "9.435.000".to_string()),
        ("paid_on", today),
    ];
    let p = send_pay(&mut v, &path, &csrf, fields, Some(("b.png", PNG.to_vec()))).await;
    assert_eq!(p.status, 200);
    assert_eq!(a.round().await.carried, 1);
    // The device's own record of its answer is lost (a crash between the
    // payment's commit and the record) and the hub never heard the answer;
    // meanwhile an admin declined the transfer, so the order could take a
    // confirmation again.
    sqlx::query("DELETE FROM web_requests_done")
        .execute(&a.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE web_requests SET done_at = NULL, applied = NULL")
        .execute(&h.hub.pool)
        .await
        .unwrap();
    let pending = orders::detail(&a.db, order.id).await.unwrap().payments[0].id;
    konter::store::sales::transfers::decide_transfer(
        &a.db,
        &a.ctx(60),
        order.id,
        &pending.to_string(),
        false,
        None,
    )
    .await
    .unwrap();
    a.round().await;
    let o = orders::detail(&a.db, order.id).await.unwrap();
    assert_eq!(
        o.payments.len(),
        1,
        "one payment for one confirmation: {:?}",
        o.payments
    );
    let applied: Option<bool> = sqlx::query_scalar("SELECT applied FROM web_requests")
        .fetch_one(&h.hub.pool)
        .await
        .unwrap();
    assert_eq!(applied, Some(true));
}
