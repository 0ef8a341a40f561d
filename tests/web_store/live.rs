//! Pulling from a live WooCommerce store: a stub store on loopback serving
//! recorded JSON pages (Basic credentials checked, X-WP-TotalPages paging,
//! failures on demand), the pull importing every page and refusing what the
//! store refuses.

use super::woo::{fixture, products};
use crate::common;
use common::*;

/// A stub WooCommerce store on 127.0.0.1 serving recorded JSON: checks the
/// Basic credentials, pages with X-WP-TotalPages, or fails as told.
fn stub_store(mode: &'static str) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let page: Vec<serde_json::Value> = serde_json::from_str(&fixture("orders-page1.json")).unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let mut buf = vec![0u8; 8192];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            // ck_test:cs_test in Base64.
            let authorised = request
                .to_lowercase()
                .contains("authorization: basic y2tfdgvzddpjc190zxn0");
            let (status, headers, body) = match mode {
                "html" => ("500 Internal Server Error", String::new(), "<html><body>Error establishing a database connection</body></html>".to_string()),
                _ if !authorised => ("401 Unauthorized", String::new(), r#"{"code":"woocommerce_rest_cannot_view","message":"Sorry, you cannot list resources.","data":{"status":401}}"#.to_string()),
                _ if request.contains("page=1&") => ("200 OK", "X-WP-Total: 3\r\nX-WP-TotalPages: 2\r\n".into(), serde_json::to_string(&page[..2]).unwrap()),
                _ if request.contains("page=2&") => ("200 OK", "X-WP-Total: 3\r\nX-WP-TotalPages: 2\r\n".into(), serde_json::to_string(&page[2..]).unwrap()),
                _ => ("200 OK", String::new(), "[]".to_string()),
            };
            let reply = format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn live_pull_from_a_store_pages_and_refusals() {
    use konter::store::web_store::pull::{pull, PullInput};
    let s = shop().await;
    products(&s).await;
    let input = |url: &str, key: &str| PullInput {
        url: url.into(),
        consumer_key: key.into(),
        consumer_secret: "cs_test".into(),
    };
    let store = stub_store("ok");
    let r = pull(&s.db, &s.ctx(0), input(&store, "ck_test"), &|_| {})
        .await
        .unwrap();
    assert_eq!(
        (r.created, r.rejected.len()),
        (3, 0),
        "two pages, three orders"
    );
    let again = pull(&s.db, &s.ctx(1), input(&store, "ck_test"), &|_| {})
        .await
        .unwrap();
    assert_eq!((again.created, again.unchanged), (0, 3), "idempotent");

    let before = s.counts().await;
    let wrong = pull(&s.db, &s.ctx(2), input(&store, "ck_wrong"), &|_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(wrong, konter::Error::Validation { ref field, ref code, .. } if field == "consumer_key" && code == "store_refused"),
        "{wrong:?}"
    );
    assert!(
        !wrong.to_string().contains("cs_test"),
        "the secret never appears in an error"
    );
    let down = pull(
        &s.db,
        &s.ctx(2),
        input(&stub_store("html"), "ck_test"),
        &|_| {},
    )
    .await
    .unwrap_err();
    assert!(
        matches!(down, konter::Error::Validation { ref code, .. } if code == "store_error"),
        "{down:?}"
    );
    let plain = pull(
        &s.db,
        &s.ctx(2),
        input("http://toko.example.co.id", "ck_test"),
        &|_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(plain.field(), Some("url"), "https only for a real store");
    let nobody = pull(
        &s.db,
        &s.ctx(2),
        input("http://127.0.0.1:9", "ck_test"),
        &|_| {},
    )
    .await
    .unwrap_err();
    assert!(
        matches!(nobody, konter::Error::Validation { ref code, .. } if code == "store_unreachable")
    );
    assert_eq!(s.counts().await, before);
}
