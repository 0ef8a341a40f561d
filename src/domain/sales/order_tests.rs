//! Tests of `domain::sales::order`.

use super::*;
use OrderTrigger as T;

const PAID: Context = Context {
    cod: false,
    paid: true,
};
const UNPAID: Context = Context {
    cod: false,
    paid: false,
};
const COD: Context = Context {
    cod: true,
    paid: false,
};

/// Every (status, trigger, context): exactly the listed ones move, to
/// the listed status. `None` as context = in any context.
#[test]
fn the_whole_table() {
    let any = None;
    let allowed: &[(OrderStatus, OrderTrigger, Option<Context>, OrderStatus)] = &[
        (AwaitingPayment, T::TransferConfirmed, any, OnHold),
        (PaymentDeclined, T::TransferConfirmed, any, OnHold),
        (OnHold, T::PaymentVerified, any, PaymentReceived),
        (AwaitingPayment, T::PaymentVerified, any, PaymentReceived),
        (OnHold, T::PaymentRejected, any, AwaitingPayment),
        (AwaitingPayment, T::PaidAtCounter, any, PaymentReceived),
        (PaymentDeclined, T::PaidAtCounter, any, PaymentReceived),
        (OnHold, T::PaidAtCounter, any, PaymentReceived),
        (AwaitingPayment, T::PaymentDeclined, any, PaymentDeclined),
        (PaymentDeclined, T::PaymentDeclined, any, PaymentDeclined),
        (PaymentReceived, T::StartProcessing, any, Processing),
        (AwaitingPayment, T::StartProcessing, Some(COD), Processing),
        (Processing, T::ReadyForPickup, Some(PAID), ReadyForPickup),
        (
            PaymentReceived,
            T::ReadyForPickup,
            Some(PAID),
            ReadyForPickup,
        ),
        (Processing, T::Shipped, any, InDelivery),
        (InDelivery, T::Delivered, any, Delivered),
        (ReadyForPickup, T::HandedOver, Some(PAID), PickedUp),
        (PaymentReceived, T::HandedOver, Some(PAID), PickedUp),
        (AwaitingPayment, T::StockShort, any, InsufficientStock),
        (OnHold, T::StockShort, any, InsufficientStock),
        (PaymentReceived, T::StockShort, any, InsufficientStock),
        (Processing, T::StockShort, any, InsufficientStock),
        (
            InsufficientStock,
            T::StockArrived,
            Some(PAID),
            PaymentReceived,
        ),
        (
            InsufficientStock,
            T::StockArrived,
            Some(UNPAID),
            AwaitingPayment,
        ),
        (
            InsufficientStock,
            T::StockArrived,
            Some(COD),
            AwaitingPayment,
        ),
        (AwaitingPayment, T::PaymentExpired, Some(UNPAID), Cancelled),
        (AwaitingPayment, T::PaymentExpired, Some(PAID), Cancelled),
        (PaymentDeclined, T::PaymentExpired, Some(UNPAID), Cancelled),
        (PaymentDeclined, T::PaymentExpired, Some(PAID), Cancelled),
        (InDelivery, T::ParcelReturned, any, Processing),
        (Processing, T::ShippedPartly, any, InDelivery),
        (InsufficientStock, T::ShippedPartly, Some(PAID), InDelivery),
        (InsufficientStock, T::ShippedPartly, Some(COD), InDelivery),
        (
            PaymentReceived,
            T::LinesChanged,
            Some(UNPAID),
            AwaitingPayment,
        ),
        (PaymentReceived, T::LinesChanged, Some(COD), AwaitingPayment),
        (
            PaymentReceived,
            T::PaymentVoided,
            Some(UNPAID),
            AwaitingPayment,
        ),
        (
            PaymentReceived,
            T::PaymentVoided,
            Some(COD),
            AwaitingPayment,
        ),
    ];
    let triggers = [
        T::TransferConfirmed,
        T::PaymentVerified,
        T::PaymentRejected,
        T::PaidAtCounter,
        T::PaymentDeclined,
        T::StartProcessing,
        T::ReadyForPickup,
        T::Shipped,
        T::Delivered,
        T::HandedOver,
        T::StockShort,
        T::StockArrived,
        T::PaymentExpired,
        T::ParcelReturned,
        T::ShippedPartly,
        T::LinesChanged,
        T::PaymentVoided,
    ];
    let mut moves = 0;
    for from in OrderStatus::ALL {
        for trigger in triggers {
            for ctx in [PAID, UNPAID, COD] {
                let expected = allowed
                    .iter()
                    .find(|(f, t, c, _)| *f == from && *t == trigger && c.is_none_or(|c| c == ctx))
                    .map(|(_, _, _, to)| *to);
                moves += expected.is_some() as usize;
                assert_eq!(
                    transition(from, trigger, ctx).ok(),
                    expected,
                    "{from:?} by {trigger:?} in {ctx:?}"
                );
            }
        }
    }
    assert!(moves > 40);
}

#[test]
fn guards_on_payment_and_cod() {
    assert!(
        transition(Processing, T::ReadyForPickup, UNPAID).is_err(),
        "no O2O pickup unpaid"
    );
    assert!(transition(ReadyForPickup, T::HandedOver, UNPAID).is_err());
    assert!(
        transition(AwaitingPayment, T::StartProcessing, UNPAID).is_err(),
        "only COD starts unpaid"
    );
    assert!(
        transition(AwaitingPayment, T::PaymentExpired, COD).is_err(),
        "COD is paid at the door"
    );
}

#[test]
fn cancel_until_it_leaves_the_shop() {
    for s in OrderStatus::ALL {
        let ok = transition(s, T::Cancel, PAID).is_ok();
        assert_eq!(ok, !s.is_closed() && s != InDelivery, "{s:?}");
    }
}

#[test]
fn statuses_round_trip() {
    for s in OrderStatus::ALL {
        assert_eq!(OrderStatus::parse(s.as_str()).unwrap(), s);
    }
    assert!(OrderStatus::parse("teleported").is_err());
}
