//! The repair ticket's life: a state machine that refuses illegal moves.
//!
//! received → diagnosing → awaiting approval → in repair ⇄ waiting for parts
//! → ready for pickup → picked up; refused quotes end in returned unrepaired
//! (the device still goes home, via pickup); cancelled before repair starts.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    Received,
    Diagnosing,
    AwaitingApproval,
    InRepair,
    WaitingForParts,
    ReadyForPickup,
    PickedUp,
    Cancelled,
    ReturnedUnrepaired,
}

use TicketStatus::*;

impl TicketStatus {
    pub const ALL: [TicketStatus; 9] = [
        Received,
        Diagnosing,
        AwaitingApproval,
        InRepair,
        WaitingForParts,
        ReadyForPickup,
        PickedUp,
        Cancelled,
        ReturnedUnrepaired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Received => "received",
            Diagnosing => "diagnosing",
            AwaitingApproval => "awaiting_approval",
            InRepair => "in_repair",
            WaitingForParts => "waiting_for_parts",
            ReadyForPickup => "ready_for_pickup",
            PickedUp => "picked_up",
            Cancelled => "cancelled",
            ReturnedUnrepaired => "returned_unrepaired",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| Error::validation("status", "unknown_status", "unknown status"))
    }

    /// The device has left the shop or the ticket is closed.
    pub fn is_closed(self) -> bool {
        matches!(self, PickedUp | Cancelled)
    }

    /// The device is still in the shop's hands, not ready: the repair's
    /// clocks run.
    pub fn is_repairing(self) -> bool {
        !self.is_closed() && !self.is_collectable()
    }

    /// The customer can come and take the device home.
    pub fn is_collectable(self) -> bool {
        matches!(self, ReadyForPickup | ReturnedUnrepaired)
    }

    /// Moves a clerk or technician may make by hand. Approval, refusal and
    /// pickup have their own actions (they carry a decision or a payment).
    pub fn manual_targets(self) -> &'static [TicketStatus] {
        match self {
            Received => &[Diagnosing, Cancelled],
            Diagnosing => &[Cancelled, ReturnedUnrepaired],
            AwaitingApproval => &[Cancelled],
            InRepair => &[WaitingForParts, ReadyForPickup],
            WaitingForParts => &[InRepair, Cancelled],
            ReadyForPickup | ReturnedUnrepaired | PickedUp | Cancelled => &[],
        }
    }
}

/// How a move is made: by hand, or as the effect of a decision or payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Manual,
    QuoteSent,
    QuoteApproved,
    QuoteRefused,
    Pickup,
}

/// The one transition function: returns the new status or a clear error.
pub fn transition(from: TicketStatus, to: TicketStatus, trigger: Trigger) -> Result<TicketStatus> {
    let allowed = match trigger {
        Trigger::Manual => from.manual_targets().contains(&to),
        Trigger::QuoteSent => {
            matches!(from, Diagnosing | AwaitingApproval) && to == AwaitingApproval
        }
        Trigger::QuoteApproved => from == AwaitingApproval && to == InRepair,
        Trigger::QuoteRefused => from == AwaitingApproval && to == ReturnedUnrepaired,
        Trigger::Pickup => from.is_collectable() && to == PickedUp,
    };
    if allowed {
        Ok(to)
    } else {
        Err(Error::invalid_state(
            "illegal_transition",
            format!(
                "a ticket cannot move from {} to {}",
                from.as_str(),
                to.as_str()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRIGGERS: [Trigger; 5] = [
        Trigger::Manual,
        Trigger::QuoteSent,
        Trigger::QuoteApproved,
        Trigger::QuoteRefused,
        Trigger::Pickup,
    ];

    /// The full legal set, written out once more by hand: every pair not
    /// listed here must be refused.
    const LEGAL: &[(TicketStatus, TicketStatus, Trigger)] = &[
        (Received, Diagnosing, Trigger::Manual),
        (Received, Cancelled, Trigger::Manual),
        (Diagnosing, Cancelled, Trigger::Manual),
        (Diagnosing, ReturnedUnrepaired, Trigger::Manual),
        (Diagnosing, AwaitingApproval, Trigger::QuoteSent),
        (AwaitingApproval, AwaitingApproval, Trigger::QuoteSent),
        (AwaitingApproval, Cancelled, Trigger::Manual),
        (AwaitingApproval, InRepair, Trigger::QuoteApproved),
        (AwaitingApproval, ReturnedUnrepaired, Trigger::QuoteRefused),
        (InRepair, WaitingForParts, Trigger::Manual),
        (InRepair, ReadyForPickup, Trigger::Manual),
        (WaitingForParts, InRepair, Trigger::Manual),
        (WaitingForParts, Cancelled, Trigger::Manual),
        (ReadyForPickup, PickedUp, Trigger::Pickup),
        (ReturnedUnrepaired, PickedUp, Trigger::Pickup),
    ];

    #[test]
    fn every_pair_and_trigger_is_legal_exactly_when_listed() {
        let mut legal_seen = 0;
        for from in TicketStatus::ALL {
            for to in TicketStatus::ALL {
                for trigger in TRIGGERS {
                    let expected = LEGAL.contains(&(from, to, trigger));
                    let got = transition(from, to, trigger);
                    assert_eq!(got.is_ok(), expected, "{from:?} → {to:?} by {trigger:?}");
                    if let Err(e) = got {
                        assert!(matches!(e, Error::InvalidState { .. }));
                    } else {
                        legal_seen += 1;
                    }
                }
            }
        }
        assert_eq!(legal_seen, LEGAL.len());
    }

    #[test]
    fn closed_tickets_go_nowhere() {
        for to in TicketStatus::ALL {
            for trigger in TRIGGERS {
                assert!(transition(PickedUp, to, trigger).is_err());
                assert!(transition(Cancelled, to, trigger).is_err());
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for s in TicketStatus::ALL {
            assert_eq!(TicketStatus::parse(s.as_str()).unwrap(), s);
        }
        assert!(TicketStatus::parse("lost").is_err());
    }
}

/// What came in with the device, ticked on the intake checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Accessory {
    Adapter,
    Cable,
    Box,
    Manual,
    Bag,
    Other,
}

impl Accessory {
    pub const ALL: [Accessory; 6] = [
        Accessory::Adapter,
        Accessory::Cable,
        Accessory::Box,
        Accessory::Manual,
        Accessory::Bag,
        Accessory::Other,
    ];

    /// Printed on the receipt in Bahasa Indonesia.
    pub fn label_id(self) -> &'static str {
        match self {
            Accessory::Adapter => "Adaptor",
            Accessory::Cable => "Kabel",
            Accessory::Box => "Dus",
            Accessory::Manual => "Buku manual",
            Accessory::Bag => "Tas",
            Accessory::Other => "Lainnya",
        }
    }
}

/// How the customer answered a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalChannel {
    InPerson,
    Phone,
    Whatsapp,
    /// On the hub's tracking page, after the phone check.
    Web,
}
