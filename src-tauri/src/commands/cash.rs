//! Commands of the cash drawer's shift: the one open on this counter, the
//! list of shifts, opening with a float, pay-ins and pay-outs, the close
//! with the counted cash, and the summary as an 80 mm PDF for the viewer.

use crate::AppState;
use konter::store::cash::{self, CashMove, Shift, ShiftClose};
use konter::store::parse_id;
use konter::Error;
use tauri::{AppHandle, Runtime, State};

type R<T> = Result<T, Error>;

#[tauri::command]
pub async fn current_shift(state: State<'_, AppState>) -> R<Option<Shift>> {
    cash::current(&state.db, &state.ctx()?).await
}

#[tauri::command]
pub async fn shifts(state: State<'_, AppState>) -> R<Vec<Shift>> {
    cash::list(&state.db, &state.ctx()?).await
}

#[tauri::command]
pub async fn shift(state: State<'_, AppState>, id: String) -> R<Shift> {
    cash::get(&state.db, &state.ctx()?, parse_id("id", &id)?).await
}

#[tauri::command]
pub async fn open_shift(state: State<'_, AppState>, input: cash::ShiftOpen) -> R<Shift> {
    cash::open(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn cash_move(state: State<'_, AppState>, input: CashMove) -> R<Shift> {
    cash::pay(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn close_shift(state: State<'_, AppState>, id: String, input: ShiftClose) -> R<Shift> {
    cash::close(&state.db, &state.ctx()?, parse_id("id", &id)?, input).await
}

#[tauri::command]
pub async fn shift_pdf<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    id: String,
) -> R<String> {
    let s = cash::get(&state.db, &state.ctx()?, parse_id("id", &id)?).await?;
    let profile = konter::store::shop::profile(&state.db).await?;
    let pdf = konter::docs::cash::shift::slip(&profile, &s).pdf()?;
    super::show(&app, &state, &format!("shift-{}.pdf", s.number), &pdf)
}
