//! A counter's day in two shifts. Sari opens the drawer with a float and
//! takes cash and QRIS for repairs and an order; a cash order is cancelled
//! and refunded; a payment is voided; she pays for lunch and brings change
//! from the bank; she counts Rp 5.000 short by denomination and explains
//! it. Dewi takes the afternoon shift, which the owner closes. Each
//! payment is in one drawer once, and a bad close writes nothing.

use crate::common::matrix::ticket_paid;
use crate::common::sales::{code, order, product, receive};
use crate::common::*;
use konter::domain::cash::{CashDirection, CashReason, DenominationCount};
use konter::domain::payment::PaymentMethod;
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::staff::Role;
use konter::store::cash::{self, CashMove, ShiftClose, ShiftOpen};
use konter::store::repairs::pickup::{self, PickupInput};
use konter::store::repairs::{payments as ticket_payments, tickets};
use konter::store::sales::payments::{self, CounterPayment};
use konter::store::sales::{cancel, orders};
use konter::store::staff::{self, NewStaff};
use konter::store::Ctx;
use konter::Error;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

async fn clerk(s: &TestShop, username: &str) -> Ctx {
    let input = NewStaff {
        name: format!("Staf {username}"),
        username: username.into(),
        password: "rahasia-staf-1".into(),
        role: Role::FrontDesk,
    };
    let m = staff::add(&s.db, &s.ctx(0), input).await.unwrap();
    Ctx {
        staff_id: m.id,
        role: Role::FrontDesk,
        now: s.ctx(30).now,
    }
}

fn later(c: &Ctx, minutes: i64) -> Ctx {
    Ctx {
        now: c.now + chrono::Duration::minutes(minutes),
        ..*c
    }
}

fn out(reason: CashReason, amount: &str, note: Option<&str>) -> CashMove {
    CashMove {
        direction: CashDirection::PayOut,
        reason,
        amount: amount.into(),
        note: note.map(str::to_string),
    }
}

fn count(value: &str, n: i64) -> DenominationCount {
    DenominationCount {
        value: value.into(),
        count: n,
    }
}

async fn moves_of(s: &TestShop, source_id: impl ToString) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM drawer_moves WHERE source_id = ? AND kind <> 'void'")
        .bind(source_id.to_string())
        .fetch_one(&s.db.pool)
        .await
        .unwrap()
}

/// Amounts typed the way `parse_amount` reads them (no thousands dots).
fn typed(d: Decimal) -> String {
    d.to_string()
}

#[tokio::test]
async fn a_counter_day_in_two_shifts() {
    let s = shop().await;
    let sari = clerk(&s, "sari").await;
    let dewi = clerk(&s, "dewi").await;
    let budi = customer(&s, "Budi Santoso", "081234567890").await;

    // Cash taken before any shift is open goes in no drawer.
    let early = ticket_paid(&s, budi.id, TicketStatus::Received, "50.000").await;
    assert_eq!(moves_of(&s, early.payments[0].id).await, 0);
    assert!(cash::current(&s.db, &sari).await.unwrap().is_none());

    // Opening: the float is checked beside its field; one open shift.
    let before = s.counts().await;
    for bad in ["", "-1", "abc", "1,5"] {
        let e = cash::open(&s.db, &sari, ShiftOpen { float: bad.into() })
            .await
            .unwrap_err();
        assert_eq!(e.field(), Some("float"), "{bad:?}: {e:?}");
    }
    assert_eq!(s.counts().await, before, "nothing written");
    let shift = cash::open(
        &s.db,
        &sari,
        ShiftOpen {
            float: "500.000".into(),
        },
    )
    .await
    .unwrap();
    assert!(
        shift.number.starts_with("SF-JKT1-K1-2026-"),
        "{}",
        shift.number
    );
    assert_eq!((shift.float, shift.expected), (dec!(500000), dec!(500000)));
    let e = cash::open(
        &s.db,
        &dewi,
        ShiftOpen {
            float: "100.000".into(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(code(&e), "shift_open");
    let tech = Ctx {
        role: Role::Technician,
        ..sari
    };
    assert!(matches!(
        cash::current(&s.db, &tech).await,
        Err(Error::Forbidden { .. })
    ));

    // A repair: cash down payment at intake, cash settlement at pickup.
    let ready = ticket_paid(&s, budi.id, TicketStatus::ReadyForPickup, "100.000").await;
    let cash_pickup = PickupInput {
        method: PaymentMethod::Cash,
        tendered: None,
        note: None,
    };
    let paid = pickup::pickup(&s.db, &later(&sari, 5), ready.id, cash_pickup)
        .await
        .unwrap();
    // The down payment and the settlement.
    let settled = paid
        .ticket
        .payments
        .iter()
        .map(|p| p.amount)
        .sum::<Decimal>();
    assert!(settled > dec!(100000), "{settled}");

    // An order by QRIS (not cash), and a cash order cancelled and refunded.
    let cable = product(&s, "USB-C-1M", "75.000", false).await;
    receive(&s, &cable, "5", &[]).await;
    let pay = |method| CounterPayment {
        method,
        tendered: None,
        amount: None,
    };
    let qris = orders::create(&s.db, &sari, order(budi.id, vec![(&cable, "1")]))
        .await
        .unwrap();
    let qris = payments::pay_at_counter(&s.db, &later(&sari, 6), qris.id, pay(PaymentMethod::Qris))
        .await
        .unwrap();
    let o = orders::create(&s.db, &sari, order(budi.id, vec![(&cable, "2")]))
        .await
        .unwrap();
    let o = payments::pay_at_counter(&s.db, &later(&sari, 7), o.id, pay(PaymentMethod::Cash))
        .await
        .unwrap();
    let owner = later(&s.ctx(0), 38);
    cancel::cancel(&s.db, &owner, o.order.id, "Pelanggan batal, salah pilih")
        .await
        .unwrap();

    // A payment voided while the shift is open comes back out of it.
    let wrong = ticket_paid(&s, budi.id, TicketStatus::Received, "20.000").await;
    ticket_payments::void_payment(
        &s.db,
        &owner,
        wrong.id,
        wrong.payments[0].id,
        "Salah input nominal",
    )
    .await
    .unwrap();

    // Lunch out, change in; the drawer cannot pay out more than it holds.
    let now = cash::current(&s.db, &sari).await.unwrap().unwrap();
    let cash_in = settled + o.order.totals.total + dec!(20000);
    let cash_back = o.order.totals.total + dec!(20000);
    assert_eq!(now.cash_taken, cash_in);
    assert_eq!(now.cash_paid_back, cash_back);
    assert_eq!(now.expected, dec!(500000) + cash_in - cash_back);
    let qris_line = now.by_method.iter().find(|m| m.method == "qris").unwrap();
    assert_eq!(
        (qris_line.count, qris_line.amount),
        (1, qris.order.totals.total)
    );
    let e = cash::pay(
        &s.db,
        &sari,
        out(CashReason::Meals, &typed(now.expected + dec!(1)), None),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (e.field(), code(&e).as_str()),
        (Some("amount"), "more_than_drawer")
    );
    let e = cash::pay(
        &s.db,
        &sari,
        out(CashReason::ChangeFromBank, "10.000", None),
    )
    .await
    .unwrap_err();
    assert_eq!(e.field(), Some("reason"));
    let e = cash::pay(&s.db, &sari, out(CashReason::Other, "10.000", None))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("note"));
    cash::pay(
        &s.db,
        &later(&sari, 60),
        out(CashReason::Meals, "25.000", Some("Nasi bungkus 3")),
    )
    .await
    .unwrap();
    let change = CashMove {
        direction: CashDirection::PayIn,
        reason: CashReason::ChangeFromBank,
        amount: "200.000".into(),
        note: None,
    };
    let now = cash::pay(&s.db, &later(&sari, 61), change).await.unwrap();
    let expected = dec!(500000) + cash_in - cash_back - dec!(25000) + dec!(200000);
    assert_eq!(now.expected, expected);
    assert_eq!((now.pay_outs, now.pay_ins), (dec!(25000), dec!(200000)));

    // The close: Dewi may not close Sari's; a short count needs a note;
    // the notes must add up to what is typed.
    let id = shift.id.parse().unwrap();
    let before = s.counts().await;
    let shifts_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM shifts WHERE closed_at IS NULL")
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    let short = expected - dec!(5000);
    let close =
        |counted: Option<&str>, counts: Vec<DenominationCount>, note: Option<&str>| ShiftClose {
            counted: counted.map(str::to_string),
            denominations: counts,
            note: note.map(str::to_string),
        };
    let e = cash::close(
        &s.db,
        &dewi,
        id,
        close(Some(&typed(short)), vec![], Some("x")),
    )
    .await
    .unwrap_err();
    assert!(matches!(e, Error::Forbidden { .. }), "{e:?}");
    let e = cash::close(&s.db, &sari, id, close(Some(&typed(short)), vec![], None))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("note"));
    let e = cash::close(&s.db, &sari, id, close(None, vec![], None))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("counted"));
    // Counted by denomination: the shortfall in 1.000s.
    let hundreds = (short / dec!(100000)).floor();
    let rest = short - hundreds * dec!(100000);
    let thousands = (rest / dec!(1000)).floor();
    let coins = rest - thousands * dec!(1000);
    assert_eq!(coins % dec!(500), dec!(0), "the figures are in 500s");
    let counts = vec![
        count("100000", hundreds.try_into().unwrap()),
        count("1000", thousands.try_into().unwrap()),
        count("500", (coins / dec!(500)).try_into().unwrap()),
        count("200", 0),
    ];
    let e = cash::close(
        &s.db,
        &sari,
        id,
        close(Some("1"), counts.clone(), Some("x")),
    )
    .await
    .unwrap_err();
    assert_eq!(code(&e), "count_mismatch");
    assert_eq!(s.counts().await, before, "nothing written");
    let open_now: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shifts WHERE closed_at IS NULL")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(open_now, shifts_before);

    let closed = cash::close(
        &s.db,
        &later(&sari, 480),
        id,
        close(None, counts, Some("Kembalian salah ke pelanggan")),
    )
    .await
    .unwrap();
    assert_eq!(closed.counted, Some(short));
    assert_eq!(closed.difference, Some(dec!(-5000)));
    assert_eq!(closed.expected, expected);
    assert!(
        closed.denominations.iter().all(|c| c.count > 0),
        "zero counts are not kept"
    );
    assert!(!closed.denominations.is_empty());
    let audited: String = sqlx::query_scalar(
        "SELECT payload FROM outbox WHERE entity = 'shift' AND op = 'close' AND entity_id = ?",
    )
    .bind(&shift.id)
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert!(audited.contains("\"difference\":\"-5000\""), "{audited}");
    let e = cash::close(
        &s.db,
        &sari,
        id,
        close(Some(&typed(short)), vec![], Some("lagi")),
    )
    .await
    .unwrap_err();
    assert_eq!(code(&e), "shift_closed");
    // A closed shift is never edited, not even by SQL.
    let edit = sqlx::query("UPDATE shifts SET counted = 0 WHERE id = ?")
        .bind(&shift.id)
        .execute(&s.db.pool)
        .await;
    assert!(edit.is_err());

    // The printed summary says what the drawer did.
    let profile = s.profile().await;
    let pdf = konter::docs::cash::shift::slip(&profile, &closed)
        .pdf()
        .unwrap();
    let text = pdf_text(&s, "shift", &pdf);
    for want in [
        closed.number.as_str(),
        "RINGKASAN SHIFT KASIR",
        "Modal awal",
        "Konsumsi: Nasi bungkus 3",
        "Selisih (kurang)",
        "Kembalian salah ke pelanggan",
        "QRIS (1×)",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }

    // After the close, cash goes in no drawer until the next shift.
    let between = ticket_paid(&s, budi.id, TicketStatus::Received, "10.000").await;
    assert_eq!(moves_of(&s, between.payments[0].id).await, 0);

    // The afternoon: Dewi's shift, closed exactly by the owner (an admin
    // may close a colleague's).
    let dewi_pm = later(&dewi, 500);
    let second = cash::open(
        &s.db,
        &dewi_pm,
        ShiftOpen {
            float: "300.000".into(),
        },
    )
    .await
    .unwrap();
    let pm = ticket_paid(&s, budi.id, TicketStatus::Received, "40.000").await;
    let id2 = second.id.parse().unwrap();
    let closed2 = cash::close(
        &s.db,
        &later(&s.ctx(0), 900),
        id2,
        close(Some("340.000"), vec![], None),
    )
    .await
    .unwrap();
    assert_eq!(
        (closed2.difference, closed2.closed_by.as_deref()),
        (Some(dec!(0)), Some("Hendra Halim"))
    );

    // Each payment is in one drawer once: two closes in a day add no
    // payment twice.
    for p in [&ready.payments[0].id, &pm.payments[0].id] {
        assert_eq!(moves_of(&s, *p).await, 1, "{p}");
    }
    let day: i64 = sqlx::query_scalar("SELECT SUM(counted) FROM shifts")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(Decimal::from(day), short + dec!(340000));

    // Sari sees her own shifts, the owner every counter's.
    let hers = cash::list(&s.db, &sari).await.unwrap();
    assert_eq!(
        hers.iter().map(|x| x.number.as_str()).collect::<Vec<_>>(),
        [closed.number.as_str()]
    );
    assert_eq!(cash::list(&s.db, &s.ctx(0)).await.unwrap().len(), 2);
    assert!(matches!(
        cash::get(&s.db, &sari, id2).await,
        Err(Error::Forbidden { .. })
    ));
    let _ = tickets::detail(&s.db, pm.id).await.unwrap();
}
