//! One search for everything, on a real shop: a phone typed any way finds
//! the customer and their repair; a scanned serial, ticket number,
//! tracking code, SKU or invoice number names one document to open; a
//! name finds every kind grouped; too short finds nothing, too long is
//! refused at the field.

use crate::common;

use common::matrix::ticket_paid;
use common::sales::sold_scanner;
use common::*;
use konter::domain::repairs::ticket::TicketStatus;
use konter::store::search::everything::{everything, SearchResults};

fn kinds(r: &SearchResults) -> Vec<&str> {
    let mut k: Vec<&str> = r.hits.iter().map(|h| h.kind.as_str()).collect();
    k.dedup();
    k
}

fn opens(r: &SearchResults) -> Option<(&str, &str)> {
    r.open.as_ref().map(|h| (h.kind.as_str(), h.id.as_str()))
}

#[tokio::test]
async fn one_search_finds_everything_and_opens_a_scanned_code() {
    let s = shop().await;
    // Budi bought scanner SN-0001 (card, invoiced) and brought a scanner in.
    let (budi, order) = sold_scanner(&s).await;
    let ticket = ticket_paid(&s, budi.id, TicketStatus::Received, "100.000").await;
    let db = &s.db;
    let ticket_id = ticket.id.to_string();

    for typed in [
        "0812-3456-7890",
        "+62 812 3456 7890",
        "081234567890",
        "62812345",
    ] {
        let r = everything(db, typed).await.unwrap();
        assert!(
            r.hits
                .iter()
                .any(|h| h.kind == "customer" && h.id == budi.id.to_string()),
            "{typed}: {:?}",
            r.hits
        );
        assert!(
            r.hits
                .iter()
                .any(|h| h.kind == "ticket" && h.id == ticket_id),
            "{typed}"
        );
    }
    let full = everything(db, "081234567890").await.unwrap();
    assert_eq!(
        opens(&full),
        Some(("customer", budi.id.to_string().as_str())),
        "a whole phone is one customer"
    );

    for code in [
        ticket.number.as_str(),
        ticket.tracking_code.as_str(),
        "X3JF012345",
        &ticket.number.to_lowercase(),
    ] {
        let r = everything(db, code).await.unwrap();
        assert_eq!(
            opens(&r),
            Some(("ticket", ticket_id.as_str())),
            "{code}: {:?}",
            r.hits
        );
    }
    let r = everything(db, "SN-0001").await.unwrap();
    assert_eq!(opens(&r), Some(("unit", "SN-0001")));
    assert!(r.hits[0].subtitle.contains("Budi"), "{:?}", r.hits[0]);
    let r = everything(db, "ctx-sd36").await.unwrap();
    assert_eq!(opens(&r), Some(("product", "CTX-SD36")));
    let invoice = &order.invoices[0].number;
    let r = everything(db, invoice).await.unwrap();
    assert_eq!(
        opens(&r),
        Some(("order", order.id.to_string().as_str())),
        "{invoice}: {:?}",
        r.hits
    );
    let r = everything(db, &order.number).await.unwrap();
    assert_eq!(opens(&r), Some(("order", order.id.to_string().as_str())));

    // A name: grouped by kind, nothing to open by itself.
    let r = everything(db, "Budi").await.unwrap();
    assert_eq!(kinds(&r), ["ticket", "order", "customer"], "{:?}", r.hits);
    assert!(r.open.is_none());
    // A fragment of the serial lists the units, exact or not.
    let r = everything(db, "SN-00").await.unwrap();
    assert!(r.hits.iter().any(|h| h.kind == "unit" && !h.exact));
    assert!(r.open.is_none());

    assert!(everything(db, "x").await.unwrap().hits.is_empty());
    assert!(everything(db, "zzzzqqq").await.unwrap().hits.is_empty());
    let e = everything(db, &"9".repeat(101)).await.unwrap_err();
    assert_eq!(e.field(), Some("query"));
    // Hostile input is only text.
    assert!(everything(db, "\"; DROP TABLE tickets; --").await.is_ok());
    assert!(everything(db, "100%_").await.unwrap().hits.is_empty());
}
