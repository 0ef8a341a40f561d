//! Returns that travel back by courier (seed 004): an invoice and content
//! mismatch is shipped back at the shop's cost, the customer's own mistake
//! at theirs, both on the RMA receipt read back with pdftotext.

use crate::common;

use common::sales::*;
use common::*;
use rust_decimal_macros::dec;

/// Seed 004: a parcel whose content does not match its invoice goes back at
/// the shop's cost (what the customer paid the courier is paid back); the
/// customer's own mistake, where the policy accepts it, at theirs.
#[tokio::test]
async fn invoice_mismatch_returns_ship_back_at_the_shops_cost() {
    use konter::domain::returns::{Condition, ReturnOutcome, ReturnPolicy, ReturnReason};
    use konter::domain::shop::settings::CounterSettings;
    use konter::store::returns::{self, ReturnInput};
    let s = shop().await;
    let lenient = CounterSettings {
        return_policy: ReturnPolicy {
            refuse_customer_mistake: false,
            ..ReturnPolicy::seven_days()
        },
        ..Default::default()
    };
    konter::store::shop::settings::update(&s.db, &s.ctx(0), lenient)
        .await
        .unwrap();
    let budi = customer(&s, "Budi", "081234567890").await;
    let cable = product(&s, "USB-3M", "150.000", false).await;
    receive(&s, &cable, "5", &[]).await;
    let o = paid_delivery(&s, budi.id, vec![(&cable, "3")], true).await;
    let sealed = Condition {
        seal_intact: true,
        unused: true,
        complete: true,
    };
    let ret = |reason, shipping: &str| ReturnInput {
        position: 0,
        serial: None,
        qty: "1".into(),
        reason,
        condition: sealed,
        outcome: ReturnOutcome::Exchange,
        replacement_serial: None,
        return_shipping: Some(shipping.into()),
        note: None,
    };

    // A malformed cost is refused at its field, nothing written.
    let before = s.counts().await;
    for bad in ["-5.000", "dua puluh", "999999999999999"] {
        let err = returns::create(
            &s.db,
            &s.ctx(6),
            o.id,
            ret(ReturnReason::InvoiceMismatch, bad),
        )
        .await
        .unwrap_err();
        assert_eq!(err.field(), Some("return_shipping"), "{bad}: {err:?}");
    }
    assert_eq!(s.counts().await, before);

    let mismatch = returns::create(
        &s.db,
        &s.ctx(6),
        o.id,
        ret(ReturnReason::InvoiceMismatch, "20.000"),
    )
    .await
    .unwrap();
    assert_eq!(mismatch.refund, Some(dec!(20000)), "the shop pays it back");
    let refunds: Vec<_> = mismatch
        .order
        .payments
        .iter()
        .filter(|p| p.kind == "refund")
        .map(|p| (p.method.clone(), p.amount))
        .collect();
    assert_eq!(refunds, [("bank_transfer".to_string(), dec!(20000))]);
    assert_eq!(
        (mismatch.order.returned, mismatch.order.balance),
        (dec!(20000), dec!(0)),
        "a return does not leave the customer owing"
    );

    let mistake = returns::create(
        &s.db,
        &s.ctx(7),
        o.id,
        ret(ReturnReason::CustomerMistake, "15.000"),
    )
    .await
    .unwrap();
    assert_eq!(mistake.refund, None, "the customer's own cost");

    let records = returns::of_order(&s.db, o.id).await.unwrap();
    let paid_by: Vec<_> = records
        .iter()
        .map(|r| (r.return_shipping, r.shipping_paid_by.as_deref()))
        .collect();
    assert_eq!(
        paid_by,
        [
            (Some(20_000), Some("shop")),
            (Some(15_000), Some("customer"))
        ]
    );
    let pdf = konter::docs::returns::render_return(&s.db, records[0].id)
        .await
        .unwrap();
    let text = pdf_text(&s, "mismatch.pdf", &pdf);
    for expected in [
        "Isi paket tidak sesuai faktur",
        "Ongkir retur",
        "Rp 20.000 (ditanggung toko)",
    ] {
        assert!(text.contains(expected), "{expected} missing in {text}");
    }
    let pdf = konter::docs::returns::render_return(&s.db, records[1].id)
        .await
        .unwrap();
    let text = pdf_text(&s, "mistake.pdf", &pdf);
    assert!(text.contains("Rp 15.000 (ditanggung pelanggan)"), "{text}");
}
