//! Returns at the showroom (RMA) under the shop's policy, as a story on a
//! real database, with the RMA receipt read back with pdftotext.

use crate::common;

use chrono::Duration;
use common::sales::*;
use common::*;
use konter::domain::payment::PaymentMethod;
use konter::store::sales::catalog;
use konter::store::sales::flow;
use konter::store::sales::orders::{self};
use konter::store::sales::payments::{self, CounterPayment};
use konter::store::Ctx;
use konter::Error;
use rust_decimal_macros::dec;

/// Returns at the showroom under the shop's policy: an exchange with the
/// replacement's serial scanned, a refund of sealed goods back into stock, a
/// repair that opens a service ticket, and refusals with their reasons.
#[tokio::test]
async fn returns_and_exchanges_at_the_showroom() {
    use konter::domain::returns::{Condition, ReturnOutcome, ReturnPolicy, ReturnReason};
    use konter::domain::shop::settings::CounterSettings;
    use konter::store::returns::{self, ReturnInput};
    use konter::store::shop::settings;
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let scanner = product(&s, "CTX-SD36", "10.000.000", true).await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &scanner, "3", &["SN-1", "SN-2", "SN-3"]).await;
    receive(&s, &cable, "5", &[]).await;
    let o = orders::create(
        &s.db,
        &s.ctx(0),
        order(budi.id, vec![(&scanner, "2"), (&cable, "2")]),
    )
    .await
    .unwrap();
    payments::pay_at_counter(
        &s.db,
        &s.ctx(1),
        o.id,
        CounterPayment {
            method: PaymentMethod::Card,
            tendered: None,
            amount: None,
        },
    )
    .await
    .unwrap();
    flow::hand_over(
        &s.db,
        &s.ctx(2),
        o.id,
        vec![scan(0, "SN-1"), scan(0, "SN-2")],
    )
    .await
    .unwrap();
    let day = |d: i64| Ctx {
        now: monday_10_wib() + Duration::days(d),
        ..s.ctx(0)
    };
    let good = Condition {
        seal_intact: true,
        unused: true,
        complete: true,
    };
    let opened = Condition {
        seal_intact: false,
        unused: false,
        complete: true,
    };
    let ret = |position,
               serial: Option<&str>,
               qty: &str,
               reason,
               condition,
               outcome,
               replacement: Option<&str>| ReturnInput {
        position,
        serial: serial.map(str::to_string),
        qty: qty.into(),
        reason,
        condition,
        outcome,
        replacement_serial: replacement.map(str::to_string),
        return_shipping: None,
        note: None,
    };

    // Day 3: SN-1 is defective → exchanged for SN-3 (scanned). SN-1 is kept aside.
    let ex = returns::create(
        &s.db,
        &day(3),
        o.id,
        ret(
            0,
            Some("SN-1"),
            "1",
            ReturnReason::Defective,
            opened,
            ReturnOutcome::Exchange,
            Some("SN-3"),
        ),
    )
    .await
    .unwrap();
    assert!(ex.number.starts_with("RMA-JKT1-K1-2026-"));
    let sc = catalog::get(&s.db, scanner.id).await.unwrap();
    assert_eq!(sc.on_hand, 0, "SN-1 not sellable, SN-3 went out");
    // SN-3 carries on SN-1's warranty; SN-1's record says it was replaced.
    let sn3 = konter::store::warranty::find(&s.db, "SN-3")
        .await
        .unwrap()
        .remove(0);
    let sn1 = konter::store::warranty::find(&s.db, "SN-1")
        .await
        .unwrap()
        .remove(0);
    assert_eq!(
        (
            sn3.source.as_str(),
            sn3.start_date.as_str(),
            sn3.replaces.as_deref()
        ),
        (
            "replacement",
            sn1.start_date.as_str(),
            Some(sn1.id.to_string().as_str())
        )
    );
    assert_eq!(sn1.replaced_by.as_deref(), Some("SN-3"));
    let err = returns::create(
        &s.db,
        &day(3),
        o.id,
        ret(
            0,
            Some("SN-9"),
            "1",
            ReturnReason::Defective,
            good,
            ReturnOutcome::Exchange,
            Some("SN-3"),
        ),
    )
    .await
    .unwrap_err();
    assert_eq!(err.field(), Some("serial"), "a unit not sold on this order");

    // Day 4: one cable, sealed → refunded to the card, back on the shelf.
    let rf = returns::create(
        &s.db,
        &day(4),
        o.id,
        ret(
            1,
            None,
            "1",
            ReturnReason::WrongItem,
            good,
            ReturnOutcome::Refund,
            None,
        ),
    )
    .await
    .unwrap();
    // The customer paid 150 000 + 11 % PPN for it, and gets that back.
    assert_eq!(rf.refund, Some(dec!(166500)));
    let refund = rf
        .order
        .payments
        .iter()
        .find(|p| p.kind == "refund")
        .unwrap();
    assert_eq!(
        (refund.method.as_str(), refund.amount),
        ("card", dec!(166500))
    );
    assert_eq!(catalog::get(&s.db, cable.id).await.unwrap().on_hand, 4);
    assert_eq!(
        (rf.order.returned, rf.order.balance),
        (dec!(166500), dec!(0))
    );

    // Refusals, typed and writing nothing: the customer's own mistake; day 8.
    let before = s.counts().await;
    for (at, reason, expected) in [
        (4, ReturnReason::CustomerMistake, "return_customer_mistake"),
        (8, ReturnReason::Defective, "return_window_passed"),
    ] {
        let err = returns::create(
            &s.db,
            &day(at),
            o.id,
            ret(1, None, "1", reason, good, ReturnOutcome::Refund, None),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(err, Error::InvalidState { ref code, .. } if code == expected),
            "{err:?}"
        );
    }
    assert_eq!(s.counts().await, before);

    // Under seed 001's policy (2 working days, sealed for refunds): Monday's
    // handover, Thursday is the 3rd working day → refused.
    let strict = CounterSettings {
        return_policy: ReturnPolicy::two_working_days(),
        ..Default::default()
    };
    settings::update(&s.db, &s.ctx(0), strict).await.unwrap();
    let err = returns::create(
        &s.db,
        &day(3),
        o.id,
        ret(
            1,
            None,
            "1",
            ReturnReason::WrongItem,
            good,
            ReturnOutcome::Refund,
            None,
        ),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, Error::InvalidState { ref code, ref message } if code == "return_window_passed" && message.contains("hari kerja")),
        "{err:?}"
    );
    let err = returns::create(
        &s.db,
        &day(1),
        o.id,
        ret(
            1,
            None,
            "1",
            ReturnReason::WrongItem,
            opened,
            ReturnOutcome::Refund,
            None,
        ),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::InvalidState { ref code, .. } if code == "return_not_sealed"));

    // A repair: the unit goes to the service desk as a ticket with its serial.
    let rp = returns::create(
        &s.db,
        &day(1),
        o.id,
        ret(
            0,
            Some("SN-2"),
            "1",
            ReturnReason::Defective,
            opened,
            ReturnOutcome::Repair,
            None,
        ),
    )
    .await
    .unwrap();
    let ticket = konter::store::repairs::tickets::detail(&s.db, rp.ticket_id.unwrap())
        .await
        .unwrap();
    assert_eq!(
        (ticket.serial.as_deref(), ticket.customer.id),
        (Some("SN-2"), budi.id)
    );
    assert!(ticket.complaint.contains(&o.number));

    // The RMA receipts print what came back and what the customer got.
    let records = returns::of_order(&s.db, o.id).await.unwrap();
    assert_eq!(records.len(), 3);
    let exchange = records.iter().find(|r| r.number == ex.number).unwrap();
    let pdf = konter::docs::returns::render_return(&s.db, exchange.id)
        .await
        .unwrap();
    let text = pdf_text(&s, "retur.pdf", &pdf);
    for expected in [
        "TANDA TERIMA RETUR",
        ex.number.as_str(),
        "SN-1",
        "Tukar barang",
        "SN-3",
        "Cacat / rusak",
        &o.number,
    ] {
        assert!(text.contains(expected), "{expected} missing in {text}");
    }
}
