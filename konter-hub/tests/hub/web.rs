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

    fn cookie_header(&self) -> String {
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
