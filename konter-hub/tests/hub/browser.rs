//! The customer pages in a real browser: Debian's chromium, headless at a
//! phone's size, driven over WebDriver by chromedriver, against the hub on
//! loopback with real counters behind it. A customer tracks a ticket (the
//! QR's link, then the phone's digits), approves the quote and the counter
//! carries it out; sends a payment confirmation with a proof file; checks a
//! genuine, an altered and a foreign warranty card. Each page is
//! screenshotted (artifacts/web-*.png; the README shows them) and the
//! browser's log is checked for CSP violations: the pages need nothing the
//! policy forbids.

use super::web::{budis_ticket, quoted};
use super::web_pay::transfer_order;
use super::work::*;
use super::*;
use base64::Engine;
use konter::domain::repairs::ticket::TicketStatus;
use konter::store::repairs::ticket_detail;
use serde_json::Value;
use std::process::{Child, Command, Stdio};

struct Driver {
    child: Child,
    url: String,
    session: String,
    http: reqwest::Client,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Driver {
    async fn start() -> Driver {
        let port = free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (apt: chromium chromium-driver; scripts/test-all.sh installs them)");
        let url = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        for _ in 0..100 {
            if http.get(format!("{url}/status")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-dev-shm-usage", "--window-size=412,1100", "--lang=id"],
                // A phone set to Bahasa Indonesia: the pages follow its
                // Accept-Language.
                "prefs": { "intl.accept_languages": "id-ID,id" },
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        }}});
        let r: Value = http
            .post(format!("{url}/session"))
            .body(caps.to_string())
            .send()
            .await
            .unwrap()
            .json_text()
            .await;
        let session = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {r}"))
            .to_string();
        Driver {
            child,
            url,
            session,
            http,
        }
    }

    async fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.url, self.session);
        let req = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).body(body.to_string()),
        };
        let v = req.send().await.unwrap().json_text().await;
        if v["value"].get("error").is_some() {
            panic!("webdriver {method} {path}: {v}");
        }
        v["value"].clone()
    }

    async fn go(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url })).await;
    }

    async fn find(&self, css: &str) -> String {
        for _ in 0..50 {
            let url = format!("{}/session/{}/element", self.url, self.session);
            let v = self
                .http
                .post(url)
                .body(json!({ "using": "css selector", "value": css }).to_string())
                .send()
                .await
                .unwrap()
                .json_text()
                .await;
            if let Some(id) = v["value"]["element-6066-11e4-a52e-4f735466cecf"].as_str() {
                return id.to_string();
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let page = self.call("GET", "/source", Value::Null).await;
        panic!("no element {css} on {page}");
    }

    /// The text of the first element matching `css`, waiting for it.
    async fn text(&self, css: &str) -> String {
        let id = self.find(css).await;
        self.call("GET", &format!("/element/{id}/text"), Value::Null)
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    async fn attr(&self, css: &str, name: &str) -> String {
        let id = self.find(css).await;
        self.call(
            "GET",
            &format!("/element/{id}/attribute/{name}"),
            Value::Null,
        )
        .await
        .as_str()
        .unwrap_or("")
        .to_string()
    }

    async fn typ(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            json!({ "text": text }),
        )
        .await;
    }

    async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.call("POST", &format!("/element/{id}/click"), json!({}))
            .await;
    }

    async fn screenshot(&self, name: &str) {
        let b64 = self.call("GET", "/screenshot", Value::Null).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap())
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"), "a real screenshot");
        let dir = std::env::var("KONTER_ARTIFACTS")
            .unwrap_or_else(|_| format!("{}/../artifacts", env!("CARGO_MANIFEST_DIR")));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/{name}"), png).unwrap();
    }

    /// What the browser logged since the last call (CSP violations land here).
    async fn log(&self) -> Vec<String> {
        let v = self
            .call("POST", "/se/log", json!({ "type": "browser" }))
            .await;
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["message"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

trait JsonText {
    async fn json_text(self) -> Value;
}

impl JsonText for reqwest::Response {
    async fn json_text(self) -> Value {
        serde_json::from_str(&self.text().await.unwrap()).unwrap()
    }
}

/// What a zbarimg reads from a PDF's first page.
fn qr_codes(dir: &std::path::Path, pdf: &[u8]) -> Vec<String> {
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let ok = Command::new("pdftoppm")
        .args(["-png", "-r", "300", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&path)
        .arg(dir.join("doc"))
        .status()
        .expect("pdftoppm installed");
    assert!(ok.success());
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw"])
        .arg(dir.join("doc.png"))
        .output()
        .expect("zbarimg installed");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn a_customer_tracks_approves_pays_and_checks_a_card_in_a_real_browser() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let (id, code) = budis_ticket(&a).await;
    quoted(&a, id, "350.000").await;
    a.round().await;
    let browser = Driver::start().await;

    // The intake receipt's QR is the tracking page's link (the code stays
    // printed); the phone opens it.
    let work = tempfile::tempdir().unwrap();
    let receipt = konter::docs::repairs::render(&a.db, id, konter::docs::DocKind::IntakeReceipt)
        .await
        .unwrap();
    let link = format!("{}/s/{}/t/{code}", h.url, h.shop);
    assert!(
        qr_codes(work.path(), &receipt).contains(&link),
        "the QR opens {link}"
    );
    browser.go(&link).await;
    assert_eq!(browser.attr("#f-code", "value").await, code);
    browser.typ("#f-digits", "7891").await;
    browser.click("#lookup-submit").await;
    let error = browser.text("#lookup-error").await;
    assert!(error.contains("tidak cocok"), "{error:?}");
    browser.screenshot("web-track-lookup.png").await;
    browser.typ("#f-digits", "7890").await;
    browser.click("#lookup-submit").await;
    assert_eq!(browser.text("#greeting").await, "Halo, Budi.");
    assert_eq!(
        browser.attr("#status", "data-status").await,
        "awaiting_approval"
    );
    assert!(browser.text("#quote-total").await.contains("388.500"));
    browser.screenshot("web-track-quote.png").await;
    browser.click("#approve").await;
    assert!(browser
        .text("#decision-sent")
        .await
        .contains("sudah kami terima"));

    // The counter's next round carries it out; the page follows.
    assert_eq!(b.round().await.carried, 1);
    a.round().await;
    assert_eq!(
        ticket_detail::detail(&a.db, id).await.unwrap().status,
        TicketStatus::InRepair
    );
    browser.go(&link).await;
    assert_eq!(browser.attr("#status", "data-status").await, "in_repair");
    browser.go(&format!("{link}?lang=en")).await;
    assert!(browser.text("#timeline").await.contains("Being repaired"));
    browser.screenshot("web-track-en.png").await;

    // A payment confirmation with a proof file.
    let order = transfer_order(&a).await;
    a.round().await;
    let proof = work.path().join("bukti-transfer.png");
    std::fs::write(
        &proof,
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89",
    )
    .unwrap();
    let fake = work.path().join("bukti.png");
    std::fs::write(&fake, b"<html>not an image</html>").unwrap();
    browser
        .go(&format!("{}/s/{}/pay?lang=id", h.url, h.shop))
        .await;
    browser.typ("#f-order", &order.number).await;
    browser.typ("#f-contact", "0813-1111-2222").await;
    browser.typ("#f-bank", "BCA").await;
    browser.typ("#f-account_name", "Sari Dewi").await;
    browser.typ("#f-amount", "9435000").await;
    let today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Jakarta)
        .date_naive();
    // A date input's typing order follows the browser's locale: the date
    // is set as the picker would set it.
    browser
        .call(
            "POST",
            "/execute/sync",
            json!({ "script": "document.getElementById('f-paid_on').value = arguments[0];", "args": [today.format("%Y-%m-%d").to_string()] }),
        )
        .await;
    browser.typ("#f-proof", fake.to_str().unwrap()).await;
    browser.click("#pay-submit").await;
    assert_eq!(
        browser.text("[data-error-for=proof]").await,
        "Hanya berkas JPG, PNG atau PDF."
    );
    browser.screenshot("web-pay-error.png").await;
    browser.typ("#f-proof", proof.to_str().unwrap()).await;
    browser.click("#pay-submit").await;
    assert!(
        browser.text("#pay-done").await.contains(&order.number),
        "{}",
        browser.text("body").await
    );
    browser.screenshot("web-pay-done.png").await;
    assert_eq!(a.round().await.carried, 1);
    assert_eq!(
        orders::detail(&a.db, order.id).await.unwrap().status,
        OrderStatus::OnHold
    );

    // The warranty card: its QR opens the check page; genuine, altered,
    // another shop's.
    let (text, warranty) = super::web_card::sold_card(&a, work.path()).await;
    a.round().await;
    let card = konter::docs::warranty::render_card(
        &a.db,
        &a.ctx(40),
        work.path(),
        warranty,
        konter::docs::warranty::CardPaper::A6,
    )
    .await
    .unwrap();
    let card_link = format!("{}/s/{}/w/{text}", h.url, h.shop);
    assert!(
        qr_codes(work.path(), &card).contains(&card_link),
        "the card's QR opens {card_link}"
    );
    browser.go(&format!("{card_link}?lang=id")).await;
    assert_eq!(
        browser.attr("#card-verdict", "data-verdict").await,
        "genuine"
    );
    assert_eq!(browser.attr("#card-state", "data-state").await, "store");
    browser.screenshot("web-card-genuine.png").await;
    let altered = super::web_card::altered(&text);
    browser
        .go(&format!("{}/s/{}/w/{altered}", h.url, h.shop))
        .await;
    assert_eq!(
        browser.attr("#card-verdict", "data-verdict").await,
        "altered"
    );
    browser.screenshot("web-card-altered.png").await;
    let foreign = super::web_card::foreign(&text);
    browser
        .go(&format!("{}/s/{}/w/{foreign}", h.url, h.shop))
        .await;
    assert_eq!(
        browser.attr("#card-verdict", "data-verdict").await,
        "other_shop"
    );
    browser.screenshot("web-card-foreign.png").await;
    browser
        .go(&format!("{}/s/{}/w/not-a-card", h.url, h.shop))
        .await;
    assert_eq!(
        browser.attr("#card-verdict", "data-verdict").await,
        "unreadable"
    );
    let logs = browser.log().await;
    assert!(
        !logs.iter().any(|l| l.contains("Content Security Policy")),
        "the pages keep to their CSP: {logs:?}"
    );
}
