//! Commands of the repair counter: intake, the ticket, its status and notes,
//! the quote, parts, pickup, the board, and voiding a payment.

use crate::AppState;
use konter::domain::repairs::ticket::TicketStatus;
use konter::store::parse_id;
use konter::store::repairs::board::{self, BoardQuery, TicketSummary};
use konter::store::repairs::parts::{self, PartInput};
use konter::store::repairs::payments;
use konter::store::repairs::pickup::{self, PickupInput, PickupResult};
use konter::store::repairs::quotes::{self, LineInput, QuoteDecision};
use konter::store::repairs::tickets::{self, IntakeInput, TicketDetail};
use konter::Error;
use tauri::State;

type R<T> = Result<T, Error>;

#[tauri::command]
pub async fn intake(state: State<'_, AppState>, input: IntakeInput) -> R<TicketDetail> {
    tickets::intake(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn ticket(state: State<'_, AppState>, id: String) -> R<TicketDetail> {
    state.ctx()?;
    tickets::detail(&state.db, parse_id("id", &id)?).await
}

#[tauri::command]
pub async fn change_status(
    state: State<'_, AppState>,
    id: String,
    to: TicketStatus,
    note: Option<String>,
) -> R<TicketDetail> {
    tickets::change_status(&state.db, &state.ctx()?, parse_id("id", &id)?, to, note).await
}

#[tauri::command]
pub async fn add_note(state: State<'_, AppState>, id: String, note: String) -> R<TicketDetail> {
    tickets::add_note(&state.db, &state.ctx()?, parse_id("id", &id)?, note).await
}

#[tauri::command]
pub async fn unlock_secret(state: State<'_, AppState>, id: String) -> R<Option<String>> {
    tickets::unlock_secret(&state.db, &state.ctx()?, parse_id("id", &id)?).await
}

#[tauri::command]
pub async fn set_quote(
    state: State<'_, AppState>,
    id: String,
    lines: Vec<LineInput>,
) -> R<TicketDetail> {
    quotes::set_quote(&state.db, &state.ctx()?, parse_id("id", &id)?, lines).await
}

#[tauri::command]
pub async fn decide_quote(
    state: State<'_, AppState>,
    id: String,
    decision: QuoteDecision,
) -> R<TicketDetail> {
    quotes::decide(&state.db, &state.ctx()?, parse_id("id", &id)?, decision).await
}

#[tauri::command]
pub async fn pickup_ticket(
    state: State<'_, AppState>,
    id: String,
    input: PickupInput,
) -> R<PickupResult> {
    pickup::pickup(&state.db, &state.ctx()?, parse_id("id", &id)?, input).await
}

#[tauri::command]
pub async fn board_tickets(state: State<'_, AppState>, query: BoardQuery) -> R<Vec<TicketSummary>> {
    state.ctx()?;
    board::board(&state.db, &query).await
}

#[tauri::command]
pub async fn find_for_pickup(state: State<'_, AppState>, text: String) -> R<Vec<TicketSummary>> {
    state.ctx()?;
    board::find_for_pickup(&state.db, &text).await
}

#[tauri::command]
pub async fn add_part(state: State<'_, AppState>, id: String, input: PartInput) -> R<TicketDetail> {
    parts::add_part(&state.db, &state.ctx()?, parse_id("id", &id)?, input).await
}

#[tauri::command]
pub async fn void_payment(
    state: State<'_, AppState>,
    id: String,
    payment_id: String,
    reason: String,
) -> R<TicketDetail> {
    let (id, payment) = (parse_id("id", &id)?, parse_id("payment_id", &payment_id)?);
    payments::void_payment(&state.db, &state.ctx()?, id, payment, &reason).await
}
