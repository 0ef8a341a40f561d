//! Commands of the counter's printers: this PC's printer settings and the
//! system's printer list (Settings), printing a receipt or label and the
//! automatic prints after a payment or an intake, the drawer opened
//! without a sale, a document's print log, and an A4 document sent to the
//! A4 printer (or opened in the viewer when none is set).

use crate::AppState;
use konter::docs::DocKind;
use konter::domain::print::settings::Printers;
use konter::store::parse_id;
use konter::store::print::{self, auto, PrintJob, PrintRequest, Printed, PrintedOrShown};
use konter::Error;
use tauri::{AppHandle, Runtime, State};

type R<T> = Result<T, Error>;

#[tauri::command]
pub async fn printers(state: State<'_, AppState>) -> R<Printers> {
    state.ctx()?;
    print::printers(&state.db).await
}

#[tauri::command]
pub async fn set_printers(state: State<'_, AppState>, input: Printers) -> R<Printers> {
    print::set_printers(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn system_printers(state: State<'_, AppState>) -> R<Vec<String>> {
    state.ctx()?;
    Ok(konter::docs::print::system_printers().await)
}

#[tauri::command]
pub async fn print_paper(state: State<'_, AppState>, input: PrintRequest) -> R<Printed> {
    print::print(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn auto_print(state: State<'_, AppState>, input: auto::AutoRequest) -> R<Vec<Printed>> {
    auto::after(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn open_drawer(state: State<'_, AppState>, reason: String) -> R<Printed> {
    print::open_drawer(&state.db, &state.ctx()?, &reason).await
}

#[tauri::command]
pub async fn print_log(state: State<'_, AppState>, id: String) -> R<Vec<PrintJob>> {
    state.ctx()?;
    print::jobs(&state.db, parse_id("id", &id)?).await
}

#[tauri::command]
pub async fn drawer_openings(state: State<'_, AppState>) -> R<Vec<PrintJob>> {
    print::drawer_openings(&state.db, &state.ctx()?, 100).await
}

#[tauri::command]
pub async fn print_document<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    id: String,
    kind: DocKind,
) -> R<PrintedOrShown> {
    let ctx = state.ctx()?;
    let (number, bytes) = super::render_numbered(&state, &id, kind).await?;
    let doc = parse_id("id", &id)?;
    match print::print_a4(&state.db, &ctx, kind.file_stem(), doc, &number, &bytes).await? {
        Some(printed) => Ok(PrintedOrShown {
            printed: Some(printed),
            path: None,
        }),
        None => {
            let name = format!("{}-{}.pdf", kind.file_stem(), number);
            Ok(PrintedOrShown {
                printed: None,
                path: Some(super::show(&app, &state, &name, &bytes)?),
            })
        }
    }
}
