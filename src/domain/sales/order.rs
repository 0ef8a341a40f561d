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
#[path = "order_tests.rs"]
mod tests;
