//! Issue 11's delivery and backorder defects: a returned parcel's reship,
//! cancels with a pending transfer or of a backorder, a backorder's goods
//! returned against the order that was paid for them.

use super::{cash, code_of, refund};
use crate::common;
use chrono::Duration;
use common::sales::*;
use common::*;
use konter::domain::sales::order::OrderStatus;
use konter::store::returns;
use konter::store::sales::catalog;
use konter::store::sales::orders;
use konter::store::sales::partial::ship_partial;
use konter::store::sales::payments;
use konter::store::{sales::delivery, sales::flow, Ctx};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// 7. A parcel that came back is reshipped: its goods were back on the
/// shelf, the serial scans again, stock leaves once in all.
#[tokio::test]
async fn a_returned_parcel_reships_once() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let scanner = product(&s, "CTX-SD36", "10.000.000", true).await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &scanner, "1", &["SN-1"]).await;
    receive(&s, &cable, "5", &[]).await;
    let o = paid_delivery(&s, budi.id, vec![(&scanner, "1"), (&cable, "2")], false).await;
    flow::start_processing(&s.db, &s.ctx(3), o.id)
        .await
        .unwrap();
    flow::ship(&s.db, &s.ctx(4), o.id, "JNE-1", vec![scan(0, "SN-1")])
        .await
        .unwrap();
    delivery::delivery_failed(&s.db, &s.ctx(5), o.id, "ditolak", true)
        .await
        .unwrap();
    assert_eq!(catalog::get(&s.db, cable.id).await.unwrap().on_hand, 5);
    assert_eq!(
        catalog::get(&s.db, cable.id).await.unwrap().available,
        3,
        "held for the reship"
    );
    assert_eq!(catalog::get(&s.db, scanner.id).await.unwrap().on_hand, 1);
    payments::pay_at_counter(&s.db, &s.ctx(6), o.id, cash())
        .await
        .unwrap();
    flow::ship(&s.db, &s.ctx(7), o.id, "JNE-2", vec![scan(0, "SN-1")])
        .await
        .unwrap();
    flow::deliver(&s.db, &s.ctx(8), o.id).await.unwrap();
    let (sc, cb) = (
        catalog::get(&s.db, scanner.id).await.unwrap(),
        catalog::get(&s.db, cable.id).await.unwrap(),
    );
    assert_eq!((sc.on_hand, cb.on_hand, cb.available), (0, 3, 3));
    let o = orders::detail(&s.db, o.id).await.unwrap();
    assert_eq!(o.lines[0].serials, ["SN-1"]);
    assert_eq!(o.balance, Decimal::ZERO);
}

/// 9. Cancelling waits for a confirmed transfer to be decided; cancelling a
/// backorder gives back what its goods cost on the parent order.
#[tokio::test]
async fn cancels_respect_pending_transfers_and_backorders() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "3", &[]).await;
    let o = transfer_waiting(&s, budi.id, &cable).await;
    let before = s.counts().await;
    assert_eq!(
        code_of(flow::cancel(&s.db, &s.ctx(2), o.id, "batal").await),
        "transfer_pending"
    );
    assert_eq!(s.counts().await, before);

    // Four cables ordered, three shipped, the fourth on backorder; the
    // customer gives up on it: the parent order refunds its price.
    let input = delivery_order(budi.id, vec![(&cable, "4")]);
    receive(&s, &cable, "2", &[]).await;
    let big = orders::create(&s.db, &s.ctx(3), input).await.unwrap();
    payments::pay_at_counter(&s.db, &s.ctx(4), big.id, cash())
        .await
        .unwrap();
    flow::start_processing(&s.db, &s.ctx(5), big.id)
        .await
        .unwrap();
    let part = partial(&[(0, 3)]);
    let shipped = ship_partial(&s.db, &s.ctx(6), big.id, part).await.unwrap();
    let paid_before = orders::detail(&s.db, big.id).await.unwrap().paid;
    flow::cancel(&s.db, &s.ctx(7), shipped.backorder.id, "pelanggan batal")
        .await
        .unwrap();
    let parent = orders::detail(&s.db, big.id).await.unwrap();
    let per_cable = paid_before / dec!(4);
    assert_eq!(
        parent.paid,
        paid_before - per_cable,
        "one cable's price went back"
    );
    assert_eq!(parent.returned, per_cable);
    assert_eq!(parent.balance, Decimal::ZERO);
}

/// A partial delivery: the parent order can only give back what it
/// delivered, and the backorder's goods (priced on the parent) are
/// refunded from the parent when returned.
#[tokio::test]
async fn backorder_goods_are_returned_against_their_parent() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "3", &[]).await;
    let input = delivery_order(budi.id, vec![(&cable, "4")]);
    let big = orders::create(&s.db, &s.ctx(0), input).await.unwrap();
    assert_eq!(big.status, OrderStatus::InsufficientStock);
    payments::pay_at_counter(&s.db, &s.ctx(1), big.id, cash())
        .await
        .unwrap();
    let part = partial(&[(0, 3)]);
    let shipped = ship_partial(&s.db, &s.ctx(3), big.id, part).await.unwrap();
    flow::deliver(&s.db, &s.ctx(4), big.id).await.unwrap();
    let back = shipped.backorder.id;
    receive(&s, &cable, "1", &[]).await;
    flow::recheck_stock(&s.db, &s.ctx(5), back).await.unwrap();
    flow::start_processing(&s.db, &s.ctx(5), back)
        .await
        .unwrap();
    flow::ship(&s.db, &s.ctx(6), back, "JNE-8", vec![])
        .await
        .unwrap();
    flow::deliver(&s.db, &s.ctx(7), back).await.unwrap();
    let paid = orders::detail(&s.db, big.id).await.unwrap().paid;
    let day1 = Ctx {
        now: monday_10_wib() + Duration::days(1),
        ..s.ctx(0)
    };
    // Four on the parent's line, three delivered with it.
    let four = returns::create(&s.db, &day1, big.id, refund(0, None, "4")).await;
    assert_eq!(code_of(four), "invalid_qty");
    returns::create(&s.db, &day1, big.id, refund(0, None, "3"))
        .await
        .unwrap();
    let r = returns::create(&s.db, &day1, back, refund(0, None, "1"))
        .await
        .unwrap();
    let per_cable = paid / dec!(4);
    assert_eq!(r.refund, Some(per_cable), "refunded from the parent");
    let parent = orders::detail(&s.db, big.id).await.unwrap();
    assert_eq!(
        (parent.paid, parent.balance),
        (Decimal::ZERO, Decimal::ZERO)
    );
    assert_eq!(catalog::get(&s.db, cable.id).await.unwrap().on_hand, 4);
}
