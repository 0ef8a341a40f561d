//! A service order's life: the confirmation proposed and accepted (again
//! after each change), the work started once the terms' payment is in,
//! progress told, visits scheduled, the work handed over (accepted, or
//! revisions asked for that loop back to the work), the support period
//! after acceptance. The full table is in `order_tests.rs`.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ServiceStatus {
    /// A confirmation revision waits for the customer.
    Proposed,
    /// The customer accepted it; the work waits for its start (and the
    /// down payment the terms ask for).
    Confirmed,
    InProgress,
    /// The work goes on while a changed revision waits for the customer.
    ChangeProposed,
    /// The work was handed over and accepted: the support period runs.
    Accepted,
    Cancelled,
}

impl ServiceStatus {
    pub const ALL: [ServiceStatus; 6] = [
        ServiceStatus::Proposed,
        ServiceStatus::Confirmed,
        ServiceStatus::InProgress,
        ServiceStatus::ChangeProposed,
        ServiceStatus::Accepted,
        ServiceStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceStatus::Proposed => "proposed",
            ServiceStatus::Confirmed => "confirmed",
            ServiceStatus::InProgress => "in_progress",
            ServiceStatus::ChangeProposed => "change_proposed",
            ServiceStatus::Accepted => "accepted",
            ServiceStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| Error::validation("status", "invalid", "unknown service order status"))
    }

    /// Label printed on paper (Bahasa Indonesia).
    pub fn label_id(self) -> &'static str {
        match self {
            ServiceStatus::Proposed => "Menunggu persetujuan",
            ServiceStatus::Confirmed => "Disetujui",
            ServiceStatus::InProgress => "Dikerjakan",
            ServiceStatus::ChangeProposed => "Perubahan menunggu persetujuan",
            ServiceStatus::Accepted => "Diterima pelanggan",
            ServiceStatus::Cancelled => "Dibatalkan",
        }
    }

    /// Whether the work has begun (and has not ended).
    pub fn working(self) -> bool {
        matches!(
            self,
            ServiceStatus::InProgress | ServiceStatus::ChangeProposed
        )
    }
}

/// What may happen to a service order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// A new revision of the confirmation (the scope, costs or terms changed).
    Revise,
    /// The customer accepts the newest revision.
    Accept,
    /// The work starts (the terms' payment checked by the store).
    Start,
    /// A milestone's progress is recorded and told.
    Update,
    /// A visit is made for a milestone's work.
    Schedule,
    /// The work is handed over and the customer accepts it.
    HandOverAccepted,
    /// The work is handed over and the customer asks for revisions.
    HandOverRevisions,
    Cancel,
    /// A support call or visit about the delivered work.
    Support,
}

impl Trigger {
    pub const ALL: [Trigger; 9] = [
        Trigger::Revise,
        Trigger::Accept,
        Trigger::Start,
        Trigger::Update,
        Trigger::Schedule,
        Trigger::HandOverAccepted,
        Trigger::HandOverRevisions,
        Trigger::Cancel,
        Trigger::Support,
    ];
}

/// The status `trigger` moves `from` to, or why it may not happen (a typed
/// `invalid_state` error whose code names the reason).
pub fn next(from: ServiceStatus, trigger: Trigger) -> Result<ServiceStatus> {
    use ServiceStatus as S;
    use Trigger as T;
    let refuse = |code: &str, message: &str| Err(Error::invalid_state(code, message));
    match (from, trigger) {
        (S::Cancelled, _) => refuse("cancelled", "this service order was cancelled"),
        (S::Accepted, T::Support) => Ok(S::Accepted),
        (S::Accepted, _) => refuse(
            "already_accepted",
            "the work was accepted: a new need is a new order or a support call",
        ),
        (_, T::Support) => refuse(
            "not_accepted",
            "support starts when the customer accepts the work",
        ),
        (S::Proposed | S::Confirmed, T::Revise) => Ok(S::Proposed),
        (S::InProgress | S::ChangeProposed, T::Revise) => Ok(S::ChangeProposed),
        (S::Proposed, T::Accept) => Ok(S::Confirmed),
        (S::ChangeProposed, T::Accept) => Ok(S::InProgress),
        (_, T::Accept) => refuse(
            "nothing_to_accept",
            "the newest confirmation is already accepted",
        ),
        (S::Confirmed, T::Start) => Ok(S::InProgress),
        (S::Proposed, T::Start) => refuse(
            "not_confirmed",
            "the customer has not accepted the confirmation yet",
        ),
        (_, T::Start) => refuse("already_started", "the work has already started"),
        (S::InProgress | S::ChangeProposed, T::Update | T::Schedule) => Ok(from),
        (S::InProgress, T::HandOverAccepted) => Ok(S::Accepted),
        (S::InProgress, T::HandOverRevisions) => Ok(S::InProgress),
        (S::ChangeProposed, T::HandOverAccepted | T::HandOverRevisions) => refuse(
            "change_pending",
            "a changed confirmation waits for the customer: hand over after it is accepted",
        ),
        (S::Proposed | S::Confirmed, _) if trigger != T::Cancel => {
            refuse("not_started", "the work has not started yet")
        }
        (S::Proposed | S::Confirmed, _) => Ok(S::Cancelled),
        (S::InProgress | S::ChangeProposed, _) => refuse(
            "started",
            "the work has started: hand over what was done rather than cancel",
        ),
    }
}

/// How the customer reached the shop about the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ServiceChannel {
    WalkIn,
    Phone,
    Whatsapp,
    Email,
    Web,
}

impl ServiceChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceChannel::WalkIn => "walk_in",
            ServiceChannel::Phone => "phone",
            ServiceChannel::Whatsapp => "whatsapp",
            ServiceChannel::Email => "email",
            ServiceChannel::Web => "web",
        }
    }

    pub fn label_id(self) -> &'static str {
        match self {
            ServiceChannel::WalkIn => "Datang ke toko",
            ServiceChannel::Phone => "Telepon",
            ServiceChannel::Whatsapp => "WhatsApp",
            ServiceChannel::Email => "Email",
            ServiceChannel::Web => "Situs web",
        }
    }
}

#[cfg(test)]
#[path = "order_tests.rs"]
mod tests;
