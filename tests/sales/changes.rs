//! Changing an order's lines before processing (seed 000), on a real
//! database: re-priced totals, stock held again, the difference refunded or
//! owed, the invoice voided and reissued, and refusals that write nothing.

use crate::common;

use common::sales::*;
use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::sales::order::OrderStatus;
use konter::store::sales::catalog::{self, ProductSummary};
use konter::store::sales::changes::{change_lines, LineChange};
use konter::store::sales::flow;
use konter::store::sales::orders::{self, OrderLineInput};
use konter::store::sales::payments::{self, CounterPayment};
use konter::Error;
use rust_decimal_macros::dec;

fn change(lines: Vec<(&ProductSummary, &str)>) -> LineChange {
    LineChange {
        lines: line_inputs(lines),
        note: Some("Pelanggan minta ganti".into()),
    }
}

fn pay(method: PaymentMethod) -> CounterPayment {
    CounterPayment {
        method,
        tendered: None,
        amount: None,
    }
}

fn state(code: &str) -> impl Fn(&Error) -> bool + '_ {
    move |e| matches!(e, Error::InvalidState { code: c, .. } if c == code)
}

#[tokio::test]
async fn lines_change_before_processing_with_refund_or_balance() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "100.000", false).await;
    let mouse = product(&s, "MS-1", "200.000", false).await;
    receive(&s, &cable, "5", &[]).await;
    receive(&s, &mouse, "2", &[]).await;

    // Unpaid: two cables become one cable and a mouse; stock follows.
    let o = orders::create(&s.db, &s.ctx(0), order(budi.id, vec![(&cable, "2")]))
        .await
        .unwrap();
    let o = change_lines(
        &s.db,
        &s.ctx(1),
        o.id,
        change(vec![(&cable, "1"), (&mouse, "1")]),
    )
    .await
    .unwrap();
    assert_eq!(o.totals.total, dec!(333000), "300 000 + PPN 11 %");
    assert_eq!(o.status, OrderStatus::AwaitingPayment);
    assert_eq!(catalog::get(&s.db, cable.id).await.unwrap().available, 4);
    assert_eq!(catalog::get(&s.db, mouse.id).await.unwrap().available, 1);
    let e = o.events.last().unwrap();
    assert_eq!(
        (e.kind.as_str(), e.note.as_deref()),
        ("lines_changed", Some("Pelanggan minta ganti"))
    );

    // Paid and invoiced: fewer goods → the difference back to the card, the
    // invoice voided and reissued with the new lines.
    payments::pay_at_counter(&s.db, &s.ctx(2), o.id, pay(PaymentMethod::Card))
        .await
        .unwrap();
    let less = change_lines(&s.db, &s.ctx(3), o.id, change(vec![(&mouse, "1")]))
        .await
        .unwrap();
    assert_eq!(
        (less.status, less.totals.total, less.paid, less.balance),
        (
            OrderStatus::PaymentReceived,
            dec!(222000),
            dec!(222000),
            dec!(0)
        )
    );
    let refund = less.payments.iter().find(|p| p.kind == "refund").unwrap();
    assert_eq!(
        (refund.method.as_str(), refund.amount),
        ("card", dec!(111000))
    );
    assert_eq!(less.invoices.len(), 2);
    assert_eq!(less.invoices[0].voided_at, None);
    assert_eq!(less.invoices[0].lines.len(), 1);
    assert_eq!(
        less.invoices[1].void_reason.as_deref(),
        Some("Perubahan pesanan")
    );
    assert_eq!(catalog::get(&s.db, cable.id).await.unwrap().available, 5);

    // More goods → the order waits for the rest; paying it settles.
    let more = change_lines(&s.db, &s.ctx(4), o.id, change(vec![(&mouse, "2")]))
        .await
        .unwrap();
    assert_eq!(
        (more.status, more.balance),
        (OrderStatus::AwaitingPayment, dec!(222000))
    );
    assert!(more.invoices.iter().all(|i| i.voided_at.is_some()));
    let paid = payments::pay_at_counter(&s.db, &s.ctx(5), o.id, pay(PaymentMethod::Cash))
        .await
        .unwrap()
        .order;
    assert_eq!(paid.status, OrderStatus::PaymentReceived);
    assert_eq!(
        paid.invoices
            .iter()
            .filter(|i| i.voided_at.is_none())
            .count(),
        1
    );

    // Refusals, typed, nothing written.
    let before = s.counts().await;
    let err = change_lines(&s.db, &s.ctx(6), o.id, change(vec![(&mouse, "2")]))
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("lines"), "unchanged: {err:?}");
    let err = change_lines(
        &s.db,
        &s.ctx(6),
        o.id,
        change(vec![(&mouse, "2"), (&cable, "6")]),
    )
    .await
    .unwrap_err();
    assert_eq!(err.field(), Some("lines.1.qty"), "5 on the shelf: {err:?}");
    let err = change_lines(&s.db, &s.ctx(6), o.id, change(vec![]))
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("lines"));
    let mut unknown = change(vec![(&mouse, "1")]);
    unknown.lines[0].product_id = uuid::Uuid::now_v7().to_string();
    let err = change_lines(&s.db, &s.ctx(6), o.id, unknown)
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("lines.0.product_id"));
    let err = change_lines(
        &s.db,
        &s.ctx(6),
        uuid::Uuid::now_v7(),
        change(vec![(&mouse, "1")]),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    flow::start_processing(&s.db, &s.ctx(7), o.id)
        .await
        .unwrap();
    let before_processing = s.counts().await;
    let err = change_lines(&s.db, &s.ctx(8), o.id, change(vec![(&mouse, "1")]))
        .await
        .unwrap_err();
    assert!(state("changes_closed")(&err), "{err:?}");
    assert_eq!(s.counts().await, before_processing);
    assert_ne!(before, before_processing, "processing itself was written");
}

#[tokio::test]
async fn a_short_order_swapped_for_goods_on_the_shelf_goes_on() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let white = product(&s, "MS-W", "200.000", false).await;
    let black = product(&s, "MS-B", "200.000", false).await;
    receive(&s, &black, "1", &[]).await;
    let o = orders::create(&s.db, &s.ctx(0), order(budi.id, vec![(&white, "1")]))
        .await
        .unwrap();
    assert_eq!(o.status, OrderStatus::InsufficientStock);
    // Still short after a change of quantity: the order keeps waiting.
    let still = change_lines(&s.db, &s.ctx(1), o.id, change(vec![(&white, "2")]))
        .await
        .unwrap();
    assert_eq!(still.status, OrderStatus::InsufficientStock);
    let swapped = change_lines(&s.db, &s.ctx(2), o.id, change(vec![(&black, "1")]))
        .await
        .unwrap();
    assert_eq!(swapped.status, OrderStatus::AwaitingPayment);
    assert_eq!(catalog::get(&s.db, black.id).await.unwrap().available, 0);
}

#[tokio::test]
async fn an_imported_web_order_changes_in_the_web_store() {
    let s = shop().await;
    product(&s, "USB-3M", "150.000", false).await;
    let json = r#"[{"id": 901, "status": "pending", "currency": "IDR", "total": "166500.00", "total_tax": "16500.00",
        "date_modified_gmt": "2026-11-20T03:00:00",
        "billing": {"first_name": "Sari", "last_name": "W", "phone": "081311112222"},
        "line_items": [{"name": "Kabel", "sku": "USB-3M", "quantity": 1, "subtotal": "150000.00", "total": "150000.00"}]}]"#;
    let r = konter::store::web_store::import::import_json(
        &s.db,
        &s.ctx(0),
        "toko.example.co.id",
        json,
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!(r.created, 1, "{:?}", r.rejected);
    let id: String = sqlx::query_scalar("SELECT id FROM orders WHERE external_id = '901'")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    let cable = catalog::search(&s.db, "USB-3M").await.unwrap().remove(0);
    let err = change_lines(
        &s.db,
        &s.ctx(1),
        id.parse().unwrap(),
        change(vec![(&cable, "2")]),
    )
    .await
    .unwrap_err();
    assert!(state("web_store_order")(&err), "{err:?}");
}

/// Whatever reaches the command: a value or a typed error that wrote nothing.
#[test]
fn any_line_change_is_a_value_or_a_typed_refusal() {
    use common::fuzz::*;
    use proptest::prelude::*;
    let line = (any::<bool>(), text(), opt_text());
    fuzz(
        80,
        (
            any::<bool>(),
            proptest::collection::vec(line, 0..4),
            opt_text(),
        ),
        |s, (known, lines, note)| async move {
            let lines = lines
                .into_iter()
                .map(|(ours, qty, discount)| OrderLineInput {
                    product_id: if ours {
                        s.f.product.to_string()
                    } else {
                        uuid::Uuid::now_v7().to_string()
                    },
                    qty,
                    discount,
                })
                .collect();
            let id = if known {
                s.f.order
            } else {
                uuid::Uuid::now_v7()
            };
            change_lines(&s.db, &s.ctx(1), id, LineChange { lines, note })
                .await
                .map(drop)
        },
    );
}
