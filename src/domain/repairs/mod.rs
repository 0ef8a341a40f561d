//! Repairs at the service counter: the life of a repair ticket from intake to
//! pickup, as a state machine that refuses illegal moves (quotes, approval,
//! repair, ready, picked up, cancelled).
//!
//! Owns the ticket's statuses and triggers, its accessories and the approval
//! channels. Never prices anything itself (totals are `domain::totals`) and
//! never knows how a ticket is stored or shown.

pub mod ticket;
