//! The shop's working calendar: national and shop holidays, opening hours.

use crate::AppState;
use konter::domain::shop::holidays::Holiday;
use konter::store::shop::calendar::{self, DayHoursInput, HolidayInput};
use konter::Error;
use tauri::State;

type R<T> = Result<T, Error>;

#[tauri::command]
pub async fn holidays(state: State<'_, AppState>) -> R<Vec<Holiday>> {
    state.ctx()?;
    calendar::holidays(&state.db).await
}

#[tauri::command]
pub async fn add_holiday(state: State<'_, AppState>, input: HolidayInput) -> R<Holiday> {
    calendar::add_holiday(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn remove_holiday(state: State<'_, AppState>, date: String) -> R<()> {
    calendar::remove_holiday(&state.db, &state.ctx()?, &date).await
}

#[tauri::command]
pub async fn working_hours(state: State<'_, AppState>) -> R<Vec<DayHoursInput>> {
    state.ctx()?;
    calendar::working_hours(&state.db).await
}

#[tauri::command]
pub async fn set_working_hours(
    state: State<'_, AppState>,
    days: Vec<DayHoursInput>,
) -> R<Vec<DayHoursInput>> {
    calendar::set_working_hours(&state.db, &state.ctx()?, days).await
}
