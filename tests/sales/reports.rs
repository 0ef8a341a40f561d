//! The owner's day report on a real database: money by method across
//! orders and repair tickets, open orders, waiting transfers, backorders.

use crate::common;

use chrono::Duration;
use common::sales::*;
use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::sales::order::Channel;
use konter::store::sales::orders::{self};
use konter::store::sales::payments::{self, CounterPayment, TransferConfirmation};
use konter::store::Ctx;
use rust_decimal_macros::dec;

/// The owner's day: money by method (orders and repair tickets, refunds
/// apart), open orders by status, transfers waiting more than 24 h,
/// backorders.
#[tokio::test]
async fn the_day_report() {
    use konter::store::repairs::tickets;
    use konter::store::sales::reports;
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "4", &[]).await;
    // A repair down payment in cash (100.000) and a counter sale by QRIS (333.000).
    tickets::intake(&s.db, &s.ctx(0), intake_input(budi.id.to_string()))
        .await
        .unwrap();
    let sale = orders::create(&s.db, &s.ctx(1), order(budi.id, vec![(&cable, "2")]))
        .await
        .unwrap();
    payments::pay_at_counter(
        &s.db,
        &s.ctx(2),
        sale.id,
        CounterPayment {
            method: PaymentMethod::Qris,
            tendered: None,
            amount: None,
        },
    )
    .await
    .unwrap();
    // A transfer confirmed yesterday morning, still unverified; and a backorder.
    let yesterday = Ctx {
        now: monday_10_wib() - Duration::hours(26),
        ..s.ctx(0)
    };
    let mut web = order(budi.id, vec![(&cable, "1")]);
    web.channel = Channel::Web;
    web.payment_method = PaymentMethod::BankTransfer;
    let w = orders::create(&s.db, &yesterday, web).await.unwrap();
    let form = TransferConfirmation {
        bank: "BNI".into(),
        account_name: "Budi".into(),
        amount: "166.500".into(),
        paid_on: "2026-11-22".into(),
        proof_path: None,
    };
    payments::confirm_transfer(&s.db, &yesterday, w.id, form)
        .await
        .unwrap();
    orders::create(&s.db, &s.ctx(3), order(budi.id, vec![(&cable, "3")]))
        .await
        .unwrap();

    let r = reports::day(&s.db, &s.ctx(60), None).await.unwrap();
    assert_eq!(r.date, "2026-11-23");
    let by = |m: &str| {
        r.by_method
            .iter()
            .find(|x| x.method == m)
            .map(|x| (x.count, x.amount))
    };
    assert_eq!(by("cash"), Some((1, dec!(100000))));
    assert_eq!(by("qris"), Some((1, dec!(333000))));
    assert_eq!(
        by("bank_transfer"),
        None,
        "an unverified transfer is not money yet"
    );
    assert_eq!(r.taken, dec!(433000));
    assert_eq!(r.waiting_transfers.len(), 1);
    assert!(r.waiting_transfers[0].hours >= 26);
    assert_eq!(r.backorder_count, 1);
    let open: Vec<(String, i64)> = r
        .open_orders
        .iter()
        .map(|c| (c.status.clone(), c.count))
        .collect();
    assert!(
        open.contains(&("on_hold".into(), 1)) && open.contains(&("payment_received".into(), 1)),
        "{open:?}"
    );
    assert!(
        reports::day(&s.db, &s.ctx(60), Some("23/11/2026"))
            .await
            .unwrap_err()
            .field()
            == Some("date")
    );
    let sunday = reports::day(&s.db, &s.ctx(60), Some("2026-11-22"))
        .await
        .unwrap();
    assert!(sunday.by_method.is_empty());
}

/// Money counts on the day it was verified: a transfer confirmed on Monday
/// and found on the statement on Tuesday is Tuesday's; a visit paid on site
/// is in the day's money and in its own visit section.
#[tokio::test]
async fn visit_money_and_transfers_on_the_day_they_were_verified() {
    use crate::field::invoices::{billed_visit, tuesday};
    use konter::store::{field::billing, sales::reports};
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "2", &[]).await;
    let mut web = order(budi.id, vec![(&cable, "1")]);
    web.channel = Channel::Web;
    web.payment_method = PaymentMethod::BankTransfer;
    let w = orders::create(&s.db, &s.ctx(1), web).await.unwrap();
    let form = TransferConfirmation {
        bank: "BNI".into(),
        account_name: "Budi".into(),
        amount: "166.500".into(),
        paid_on: "2026-11-23".into(),
        proof_path: None,
    };
    let confirmed = payments::confirm_transfer(&s.db, &s.ctx(2), w.id, form)
        .await
        .unwrap();
    let pending = confirmed.payments[0].id.to_string();
    payments::decide_transfer(&s.db, &tuesday(&s, -2), w.id, &pending, true, None)
        .await
        .unwrap();
    // A visit done Tuesday morning, paid in cash on site.
    let joko = crate::field::visits::technician(&s).await;
    let v = billed_visit(&s, budi.id, joko, "2026-11-24T09:00").await;
    let paid = billing::pay(
        &s.db,
        &tuesday(&s, 0),
        v,
        billing::VisitPaymentInput {
            method: PaymentMethod::Cash,
            tendered: None,
        },
    )
    .await
    .unwrap();
    let visit_cash = paid.bill.payments[0].amount;

    let by = |r: &reports::DayReport, m: &str| {
        r.by_method
            .iter()
            .find(|x| x.method == m)
            .map(|x| (x.count, x.amount))
    };
    let monday = reports::day(&s.db, &s.ctx(60), Some("2026-11-23"))
        .await
        .unwrap();
    assert_eq!(
        by(&monday, "bank_transfer"),
        None,
        "confirmed, not yet verified"
    );
    let tue = reports::day(&s.db, &s.ctx(60), Some("2026-11-24"))
        .await
        .unwrap();
    assert_eq!(by(&tue, "bank_transfer"), Some((1, dec!(166500))));
    assert_eq!(by(&tue, "cash"), Some((1, visit_cash)));
    assert_eq!(tue.taken, dec!(166500) + visit_cash);
    let visits: Vec<_> = tue
        .visit_by_method
        .iter()
        .map(|m| (m.method.as_str(), m.count, m.amount))
        .collect();
    assert_eq!(visits, [("cash", 1, visit_cash)]);
    assert_eq!(tue.visit_taken, visit_cash);
    assert!(monday.visit_by_method.is_empty());
}
