//! Commands of the spreadsheets: the catalogue's and the customers'
//! preview, import (reporting `sheet-progress` events) and export (written
//! beside the database and opened in the spreadsheet program), and the
//! price change by brand or category. The file comes from the page's file
//! picker as base64; nothing here reads a path the page names.

use crate::AppState;
use konter::domain::sheets::customers::CustomerColumns;
use konter::domain::sheets::SheetFormat;
use konter::store::customers::sheet as customers;
use konter::store::sales::catalog_sheet::{
    self as catalog, CatalogPreview, ProductColumns, SheetReport,
};
use konter::store::sales::prices::{self, PriceChange, PriceChanged};
use konter::Error;
use tauri::{AppHandle, Emitter, Runtime, State};

type R<T> = Result<T, Error>;

fn bytes(file: &str) -> R<Vec<u8>> {
    konter::domain::sheets::from_base64(file)
}

#[tauri::command]
pub async fn catalog_sheet_preview(
    state: State<'_, AppState>,
    file: String,
    columns: Option<ProductColumns>,
) -> R<CatalogPreview> {
    catalog::preview(&state.db, &state.ctx()?, &bytes(&file)?, columns).await
}

#[tauri::command]
pub async fn catalog_sheet_import<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    file: String,
    columns: Option<ProductColumns>,
) -> R<SheetReport> {
    let emit = |p| {
        let _ = app.emit("sheet-progress", p);
    };
    catalog::import(&state.db, &state.ctx()?, &bytes(&file)?, columns, &emit).await
}

#[tauri::command]
pub async fn catalog_export<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    format: SheetFormat,
) -> R<String> {
    let (name, data) = catalog::export(&state.db, &state.ctx()?, format).await?;
    super::show(&app, &state, &name, &data)
}

#[tauri::command]
pub async fn customer_sheet_preview(
    state: State<'_, AppState>,
    file: String,
    columns: Option<CustomerColumns>,
) -> R<customers::CustomerPreview> {
    customers::preview(&state.db, &state.ctx()?, &bytes(&file)?, columns).await
}

#[tauri::command]
pub async fn customer_sheet_import<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    file: String,
    columns: Option<CustomerColumns>,
) -> R<SheetReport> {
    let emit = |p| {
        let _ = app.emit("sheet-progress", p);
    };
    customers::import(&state.db, &state.ctx()?, &bytes(&file)?, columns, &emit).await
}

#[tauri::command]
pub async fn customer_export<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    format: SheetFormat,
) -> R<String> {
    let (name, data) = customers::export(&state.db, &state.ctx()?, format).await?;
    super::show(&app, &state, &name, &data)
}

#[tauri::command]
pub async fn price_change_preview(
    state: State<'_, AppState>,
    input: PriceChange,
) -> R<Vec<PriceChanged>> {
    prices::preview(&state.db, &state.ctx()?, &input).await
}

#[tauri::command]
pub async fn price_change_apply(
    state: State<'_, AppState>,
    input: PriceChange,
) -> R<Vec<PriceChanged>> {
    prices::apply(&state.db, &state.ctx()?, &input).await
}
