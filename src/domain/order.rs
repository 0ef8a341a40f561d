//! A sale's life, web or counter: a state machine over the nine statuses of
//! seed 002's store plus O2O's ready-for-pickup and picked-up.
//!
//! awaiting payment ─(customer confirms a transfer)→ on hold ─(staff verify)→
//! payment received → processing → ready for pickup → picked up (O2O)
//!                                 → in delivery → delivered
//! COD skips payment: awaiting payment → processing, paid at the door.
//! Unpaid orders are cancelled when the payment window closes; a card that is
//! declined can be retried; an order without stock waits as insufficient stock.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    OnHold,
    AwaitingPayment,
    PaymentReceived,
    Processing,
    ReadyForPickup,
    PickedUp,
    InDelivery,
    Delivered,
    Cancelled,
    InsufficientStock,
    PaymentDeclined,
}

use OrderStatus::*;

impl OrderStatus {
    pub const ALL: [OrderStatus; 11] = [
        OnHold,
        AwaitingPayment,
        PaymentReceived,
        Processing,
        ReadyForPickup,
        PickedUp,
        InDelivery,
        Delivered,
        Cancelled,
        InsufficientStock,
        PaymentDeclined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OnHold => "on_hold",
            AwaitingPayment => "awaiting_payment",
            PaymentReceived => "payment_received",
            Processing => "processing",
            ReadyForPickup => "ready_for_pickup",
            PickedUp => "picked_up",
            InDelivery => "in_delivery",
            Delivered => "delivered",
            Cancelled => "cancelled",
            InsufficientStock => "insufficient_stock",
            PaymentDeclined => "payment_declined",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| Error::validation("status", "unknown_status", "unknown status"))
    }

    /// Nothing more happens to the order (returns are their own records).
    pub fn is_closed(self) -> bool {
        matches!(self, PickedUp | Delivered | Cancelled)
    }

    /// Stock is held for the order while it is in one of these.
    pub fn holds_stock(self) -> bool {
        matches!(
            self,
            OnHold
                | AwaitingPayment
                | PaymentReceived
                | Processing
                | ReadyForPickup
                | PaymentDeclined
        )
    }

    /// Work on the order has not started: cancelling is free.
    pub fn before_processing(self) -> bool {
        matches!(
            self,
            OnHold | AwaitingPayment | PaymentReceived | InsufficientStock | PaymentDeclined
        )
    }
}

/// What causes a move. Each has exactly the moves it may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OrderTrigger {
    /// The customer's transfer confirmation arrived (bank, name, amount, proof).
    TransferConfirmed,
    /// Staff checked the bank statement: the money is there.
    PaymentVerified,
    /// Staff found no such transfer: back to awaiting payment.
    PaymentRejected,
    /// Paid in full at the counter (cash, card, QRIS).
    PaidAtCounter,
    /// The card or QRIS authorisation was declined.
    PaymentDeclined,
    /// Picking and packing started (a working day).
    StartProcessing,
    ReadyForPickup,
    Shipped,
    Delivered,
    /// Handed over at the showroom, serials scanned.
    HandedOver,
    /// Stock ran short when the order was checked.
    StockShort,
    /// Stock arrived for an order that was short.
    StockArrived,
    Cancel,
    /// The payment window closed without payment.
    PaymentExpired,
    /// The parcel came back to the shop (absent twice, refused, undeliverable).
    ParcelReturned,
    /// Part of the order shipped with the customer's consent, the rest on backorder.
    ShippedPartly,
    /// The customer changed the lines before processing; a paid order whose
    /// new total is not covered waits for the difference.
    LinesChanged,
    /// A payment the source never proved was voided: the order waits for
    /// payment again.
    PaymentVoided,
}

/// Payment at the door: COD orders go to processing unpaid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    pub cod: bool,
    pub paid: bool,
}

pub fn transition(from: OrderStatus, trigger: OrderTrigger, ctx: Context) -> Result<OrderStatus> {
    use OrderTrigger as T;
    let to = match (trigger, from) {
        (T::TransferConfirmed, AwaitingPayment | PaymentDeclined) => Some(OnHold),
        (T::PaymentVerified, OnHold | AwaitingPayment) => Some(PaymentReceived),
        (T::PaymentRejected, OnHold) => Some(AwaitingPayment),
        (T::PaidAtCounter, AwaitingPayment | PaymentDeclined | OnHold) => Some(PaymentReceived),
        (T::PaymentDeclined, AwaitingPayment | PaymentDeclined) => Some(PaymentDeclined),
        (T::StartProcessing, PaymentReceived) => Some(Processing),
        (T::StartProcessing, AwaitingPayment) if ctx.cod => Some(Processing),
        (T::ReadyForPickup, Processing | PaymentReceived) if ctx.paid => Some(ReadyForPickup),
        (T::Shipped, Processing) => Some(InDelivery),
        (T::Delivered, InDelivery) => Some(Delivered),
        (T::ParcelReturned, InDelivery) => Some(Processing),
        (T::ShippedPartly, Processing) => Some(InDelivery),
        (T::ShippedPartly, InsufficientStock) if ctx.paid || ctx.cod => Some(InDelivery),
        (T::HandedOver, ReadyForPickup) if ctx.paid => Some(PickedUp),
        (T::HandedOver, PaymentReceived) if ctx.paid => Some(PickedUp),
        (T::StockShort, AwaitingPayment | OnHold | PaymentReceived | Processing) => {
            Some(InsufficientStock)
        }
        (T::LinesChanged, PaymentReceived) if !ctx.paid => Some(AwaitingPayment),
        (T::PaymentVoided, PaymentReceived) if !ctx.paid => Some(AwaitingPayment),
        (T::StockArrived, InsufficientStock) if ctx.paid => Some(PaymentReceived),
        (T::StockArrived, InsufficientStock) => Some(AwaitingPayment),
        (T::Cancel, s) if !s.is_closed() && s != InDelivery => Some(Cancelled),
        (T::PaymentExpired, AwaitingPayment | PaymentDeclined) if !ctx.cod => Some(Cancelled),
        _ => None,
    };
    to.ok_or_else(|| {
        Error::invalid_state(
            "illegal_transition",
            format!("an order cannot go from {} by {trigger:?}", from.as_str()),
        )
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Counter,
    Web,
    Phone,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Counter => "counter",
            Channel::Web => "web",
            Channel::Phone => "phone",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        [Channel::Counter, Channel::Web, Channel::Phone]
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| Error::validation("channel", "invalid", "unknown channel"))
    }
}

/// How the goods reach the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Fulfilment {
    /// Taken home from the showroom (counter sale or O2O pickup).
    Pickup,
    Delivery,
}

impl Fulfilment {
    pub fn as_str(self) -> &'static str {
        match self {
            Fulfilment::Pickup => "pickup",
            Fulfilment::Delivery => "delivery",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "pickup" => Ok(Fulfilment::Pickup),
            "delivery" => Ok(Fulfilment::Delivery),
            _ => Err(Error::validation(
                "fulfilment",
                "invalid",
                "unknown fulfilment",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
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
                        .find(|(f, t, c, _)| {
                            *f == from && *t == trigger && c.is_none_or(|c| c == ctx)
                        })
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
}
