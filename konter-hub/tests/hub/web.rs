//! The shop's public face at a real hub: the tracking page opened only with
//! the last four digits of the customer's phone (a wrong code and wrong
//! digits answered alike, attempts limited per address, forms bound to a
//! cookie, the hardening headers), and the helpers the other page tests
//! share: `web_quote` (the quote decided online), `web_pay` (the payment
//! confirmation), `web_card` (the warranty card check), `web_hook` (the web
//! store's webhook), `web_requests` (guesses, revoked and unanswered
//! requests). Every bad form writes nothing.

use super::*;
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::totals::LineKind;
use konter::store::repairs::quotes::{self, LineInput};
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

pub(super) async fn requests(h: &TestHub) -> i64 {
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
