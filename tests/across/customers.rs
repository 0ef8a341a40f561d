//! A customer's whole history on one page, and two records of one person
//! merged: Budi's repairs, orders, the unit he owns with its warranty, his
//! visit and contract, what he still owes; his note that pops up; and
//! "Budi S.", entered again at another visit, merged into him (owner only,
//! audited) with both histories on Budi's page.

use crate::common;

use common::matrix::{ticket_in, ticket_paid};
use common::sales::{order, product, receive, sold_scanner};
use common::*;
use konter::domain::field::contract_plan::Frequency;
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::staff::Role;
use konter::store::customers::edit::{update, CustomerEdit};
use konter::store::customers::page::page;
use konter::store::field::contracts::{self, NewContract};
use konter::store::repairs::board::{board, BoardQuery};
use konter::store::sales::orders;
use konter::store::sync::{merge_customers, MergeInput};
use konter::store::Ctx;
use konter::Error;
use rust_decimal::Decimal;

fn edit(name: &str, phone: &str, note: Option<&str>, flagged: bool) -> CustomerEdit {
    CustomerEdit {
        name: name.into(),
        phone: phone.into(),
        email: None,
        address: Some("Jl. Melati 3, Depok".into()),
        note: note.map(str::to_string),
        note_flagged: flagged,
    }
}

#[tokio::test]
async fn a_customers_page_and_a_merge() {
    let s = shop().await;
    let (budi, sale) = sold_scanner(&s).await;
    let ready = ticket_paid(&s, budi.id, TicketStatus::ReadyForPickup, "100.000").await;
    let cable = product(&s, "USB-C-1M", "75.000", false).await;
    receive(&s, &cable, "3", &[]).await;
    let unpaid = orders::create(&s.db, &s.ctx(5), order(budi.id, vec![(&cable, "1")]))
        .await
        .unwrap();
    let contract = NewContract {
        customer_id: budi.id.to_string(),
        units: vec!["SN-0001".into()],
        site_address: "Jl. Melati 3, Depok".into(),
        starts_on: "2026-12-01".into(),
        ends_on: "2027-11-30".into(),
        frequency: Frequency::Quarterly,
        sla_hours: 8,
    };
    contracts::create(&s.db, &s.ctx(6), contract).await.unwrap();

    let p = page(&s.db, &s.ctx(10), budi.id).await.unwrap();
    assert_eq!(p.customer.name, "Budi Santoso");
    let numbers = |r: &[konter::store::customers::page::CustomerRecord]| {
        r.iter().map(|x| x.number.clone()).collect::<Vec<_>>()
    };
    assert_eq!(numbers(&p.tickets), std::slice::from_ref(&ready.number));
    assert_eq!(
        numbers(&p.orders),
        [unpaid.number.clone(), sale.number.clone()],
        "newest first"
    );
    assert_eq!(p.contracts.len(), 1);
    assert_eq!(p.contracts[0].status, "active");
    assert_eq!(p.units.len(), 1);
    assert_eq!(
        (p.units[0].serial.as_str(), p.units[0].warranty.as_str()),
        ("SN-0001", "in_store")
    );
    // He owes the repair's balance and the unpaid order; the paid sale nothing.
    let ready_now = konter::store::repairs::tickets::detail(&s.db, ready.id)
        .await
        .unwrap();
    assert_eq!(p.tickets[0].owed, Some(ready_now.balance));
    assert_eq!(p.orders[0].owed, Some(unpaid.balance));
    assert_eq!(p.orders[1].owed, None);
    assert_eq!(p.balance, ready_now.balance + unpaid.balance);
    assert!(p.balance > Decimal::ZERO);
    // Years later the warranty has run out.
    let later = Ctx {
        now: s.ctx(0).now + chrono::Duration::days(3 * 365),
        ..s.ctx(0)
    };
    assert_eq!(
        page(&s.db, &later, budi.id).await.unwrap().units[0].warranty,
        "expired"
    );

    // His note, flagged to pop up; bad edits refused at their field.
    let before = s.counts().await;
    let e = update(
        &s.db,
        &s.ctx(11),
        budi.id,
        edit("Budi Santoso", "0812 3456 7890", None, true),
    )
    .await
    .unwrap_err();
    assert_eq!(e.field(), Some("note"));
    let e = update(
        &s.db,
        &s.ctx(11),
        budi.id,
        edit("", "0812 3456 7890", None, false),
    )
    .await
    .unwrap_err();
    assert_eq!(e.field(), Some("name"));
    let tech = Ctx {
        role: Role::Technician,
        ..s.ctx(11)
    };
    assert!(matches!(
        update(&s.db, &tech, budi.id, edit("X", "0812", None, false)).await,
        Err(Error::Forbidden { .. })
    ));
    assert_eq!(s.counts().await, before, "nothing written");
    let note = "Selalu minta part lama dikembalikan";
    let c = update(
        &s.db,
        &s.ctx(12),
        budi.id,
        edit("Budi Santoso Wijaya", "0812 3456 7890", Some(note), true),
    )
    .await
    .unwrap();
    assert_eq!((c.note.as_deref(), c.note_flagged), (Some(note), true));
    let found = konter::store::customers::find(&s.db, "0812 3456")
        .await
        .unwrap();
    assert!(found[0].note_flagged, "the picker gets the note to pop up");
    // The board finds the repair under the new name.
    let q = BoardQuery {
        status: None,
        text: Some("Wijaya".into()),
        include_closed: true,
    };
    assert_eq!(board(&s.db, &q).await.unwrap().len(), 1);

    // The same person entered again with another phone.
    let dup = customer(&s, "Budi S.", "0813 1111 2222").await;
    let e = update(
        &s.db,
        &s.ctx(13),
        dup.id,
        edit("Budi S.", "0812-3456-7890", None, false),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (e.field(), crate::common::sales::code(&e).as_str()),
        (Some("phone"), "phone_taken")
    );
    let theirs = ticket_in(&s, dup.id, TicketStatus::Received).await;
    let merge = MergeInput {
        keep: budi.id.to_string(),
        duplicate: dup.id.to_string(),
        conflict_id: None,
        note: Some("Orang yang sama".into()),
    };
    let clerk = Ctx {
        role: Role::FrontDesk,
        ..s.ctx(14)
    };
    let before = s.counts().await;
    assert!(matches!(
        merge_customers(&s.db, &clerk, &merge).await,
        Err(Error::Forbidden { .. })
    ));
    let same = MergeInput {
        duplicate: budi.id.to_string(),
        ..merge.clone()
    };
    assert_eq!(
        merge_customers(&s.db, &s.ctx(14), &same)
            .await
            .unwrap_err()
            .field(),
        Some("duplicate")
    );
    assert_eq!(s.counts().await, before, "nothing written");
    merge_customers(&s.db, &s.ctx(15), &merge).await.unwrap();
    let p = page(&s.db, &s.ctx(16), budi.id).await.unwrap();
    assert_eq!(
        p.merged.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        ["Budi S."]
    );
    assert!(
        numbers(&p.tickets).contains(&theirs.number),
        "the duplicate's repair is on Budi's page"
    );
    assert_eq!(p.tickets.len(), 2);
    let d = page(&s.db, &s.ctx(16), dup.id).await.unwrap();
    assert_eq!(d.merged_into, Some(budi.id.to_string()));
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'customer' AND op = 'merge'",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
    // A merged record is not edited; a second merge is refused.
    let e = update(
        &s.db,
        &s.ctx(17),
        dup.id,
        edit("Budi S.", "0813 1111 2222", None, false),
    )
    .await
    .unwrap_err();
    assert_eq!(crate::common::sales::code(&e), "already_merged");
    assert_eq!(
        crate::common::sales::code(
            &merge_customers(&s.db, &s.ctx(17), &merge)
                .await
                .unwrap_err()
        ),
        "already_merged"
    );
}
