//! Commands of the owner's reports: a report over a range of days, and its
//! export as CSV, XLSX or PDF, written beside the database and opened in
//! the program the system has for it (the spreadsheet, the PDF viewer).

use crate::AppState;
use konter::docs::reports::ReportExport;
use konter::domain::reports::Report;
use konter::store::reports::ReportQuery;
use konter::Error;
use tauri::{AppHandle, Runtime, State};

type R<T> = Result<T, Error>;

#[tauri::command]
pub async fn report(state: State<'_, AppState>, query: ReportQuery) -> R<Report> {
    konter::store::reports::report(&state.db, &state.ctx()?, &query).await
}

#[tauri::command]
pub async fn export_report<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    input: ReportExport,
) -> R<String> {
    let (name, bytes) = konter::docs::reports::render(&state.db, &state.ctx()?, &input).await?;
    super::show(&app, &state, &name, &bytes)
}
