//! A quote decided online at a real hub and carried out at the counter
//! through the state machine as the customer's decision; a quote changed
//! meanwhile is not approved in the customer's name.

use super::web::*;
use super::*;
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::totals::LineKind;
use konter::store::repairs::quotes::{self, LineInput};
use konter::store::repairs::ticket_detail;

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
