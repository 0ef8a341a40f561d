//! Requests from the shop's pages under attack and failure: guesses sent
//! all at once counted before they are checked, a request left by a revoked
//! counter carried out once by another, one carried out but not answered
//! answered rather than applied twice.

use super::web::*;
use super::web_pay::*;
use super::work::*;
use super::*;
use konter::domain::repairs::ticket::TicketStatus;
use konter::store::repairs::ticket_detail;

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
