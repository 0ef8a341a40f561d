//! Warranty: the check at the counter, cards, past-sales import, card keys.

use super::R;
use crate::AppState;
use konter::docs::warranty::CardPaper;
use konter::store::parse_id;
use konter::store::warranty::card_keys::{self, CardKey};
use konter::store::warranty::check::{self, CheckInput, CheckResult};
use konter::store::warranty::claims::{PrincipalReturn, PrincipalRma, PrincipalSend};
use konter::store::warranty::past_sales::{self, ImportOptions, PastSalesReport, Preview};
use konter::Error;
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, Runtime, State};

/// Where the private card key lives: the app data directory, beside the database.
fn key_dir(state: &AppState) -> PathBuf {
    state
        .db_path
        .parent()
        .map(|p| p.to_path_buf())
        .unwrap_or_else(|| ".".into())
}

#[tauri::command]
pub async fn check_warranty(state: State<'_, AppState>, input: CheckInput) -> R<CheckResult> {
    let ctx = state.ctx()?;
    check::check(&state.db, &ctx, &input).await
}

#[tauri::command]
pub async fn open_warranty_card<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    id: String,
    paper: CardPaper,
) -> R<String> {
    let ctx = state.ctx()?;
    let id = parse_id("id", &id)?;
    let pdf =
        konter::docs::warranty::render_card(&state.db, &ctx, &key_dir(&state), id, paper).await?;
    let unit = konter::store::warranty::get(&state.db, id).await?;
    super::show(
        &app,
        &state,
        &format!("kartu-garansi-{}.pdf", unit.serial),
        &pdf,
    )
}

/// The warranty card to this PC's A4 printer when it has one (the A6 card
/// through the spooler, logged on the unit), else opened in the viewer.
#[tauri::command]
pub async fn print_warranty_card<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    id: String,
    paper: CardPaper,
) -> R<konter::store::print::PrintedOrShown> {
    let ctx = state.ctx()?;
    let id = parse_id("id", &id)?;
    let pdf =
        konter::docs::warranty::render_card(&state.db, &ctx, &key_dir(&state), id, paper).await?;
    let unit = konter::store::warranty::get(&state.db, id).await?;
    let printed = if paper == CardPaper::A6 {
        konter::store::print::print_a4(&state.db, &ctx, "warranty_card", id, &unit.serial, &pdf)
            .await?
    } else {
        None
    };
    let path = match printed {
        Some(_) => None,
        None => Some(super::show(
            &app,
            &state,
            &format!("kartu-garansi-{}.pdf", unit.serial),
            &pdf,
        )?),
    };
    Ok(konter::store::print::PrintedOrShown { printed, path })
}

/// Asks for a CSV file of past sales; returns its path and a preview.
#[tauri::command]
pub async fn past_sales_pick<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
) -> R<Option<(String, Preview)>> {
    use tauri_plugin_dialog::DialogExt;
    state
        .ctx()?
        .require(konter::domain::staff::permissions::Action::ManageShop)?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .add_filter("CSV", &["csv", "txt"])
        .pick_file(move |p| {
            let _ = tx.send(p);
        });
    let Some(choice) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    let path = choice
        .into_path()
        .map_err(|_| Error::validation("file", "invalid", "unsupported location"))?;
    let text = read(&path)?;
    Ok(Some((
        path.to_string_lossy().to_string(),
        past_sales::preview(&text)?,
    )))
}

fn read(path: &std::path::Path) -> R<String> {
    std::fs::read_to_string(path)
        .map_err(|_| Error::validation("file", "unreadable", "cannot read this file as text"))
}

/// Imports the chosen file, reporting `past-sales-progress` events.
#[tauri::command]
pub async fn past_sales_import<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    path: String,
    options: ImportOptions,
) -> R<PastSalesReport> {
    let ctx = state.ctx()?;
    let text = read(std::path::Path::new(&path))?;
    let emit = |p| {
        let _ = app.emit("past-sales-progress", p);
    };
    past_sales::import(&state.db, &ctx, &text, &options, &emit).await
}

#[tauri::command]
pub async fn card_keys(state: State<'_, AppState>) -> R<Vec<CardKey>> {
    state.ctx()?;
    card_keys::own_key(&state.db, &key_dir(&state), chrono::Utc::now()).await?;
    card_keys::list(&state.db).await
}

/// This shop's public key as a line of text for the other branches.
#[tauri::command]
pub async fn card_key_export(state: State<'_, AppState>) -> R<String> {
    state.ctx()?;
    card_keys::own_key(&state.db, &key_dir(&state), chrono::Utc::now()).await?;
    card_keys::export(&state.db).await
}

#[tauri::command]
pub async fn card_key_import(state: State<'_, AppState>, text: String) -> R<CardKey> {
    let ctx = state.ctx()?;
    card_keys::import(&state.db, &ctx, &text).await
}

#[tauri::command]
pub async fn file_warranty_claim(
    state: State<'_, AppState>,
    input: konter::store::warranty::claims::ClaimRequest,
) -> R<konter::store::repairs::tickets::TicketDetail> {
    let ctx = state.ctx()?;
    konter::store::warranty::claims::file_claim(&state.db, &ctx, input).await
}

#[tauri::command]
pub async fn principal_rmas(state: State<'_, AppState>, id: String) -> R<Vec<PrincipalRma>> {
    state.ctx()?;
    konter::store::warranty::claims::principal_rmas(&state.db, parse_id("id", &id)?).await
}

#[tauri::command]
pub async fn send_to_principal(
    state: State<'_, AppState>,
    input: PrincipalSend,
) -> R<PrincipalRma> {
    let ctx = state.ctx()?;
    konter::store::warranty::claims::send_to_principal(&state.db, &ctx, input).await
}

#[tauri::command]
pub async fn principal_returned(
    state: State<'_, AppState>,
    id: String,
    input: PrincipalReturn,
) -> R<PrincipalRma> {
    let ctx = state.ctx()?;
    konter::store::warranty::claims::principal_returned(
        &state.db,
        &ctx,
        parse_id("id", &id)?,
        input,
    )
    .await
}

#[tauri::command]
pub async fn order_warranties(
    state: State<'_, AppState>,
    id: String,
) -> R<Vec<konter::store::warranty::WarrantyUnit>> {
    state.ctx()?;
    konter::store::warranty::of_order(&state.db, parse_id("id", &id)?).await
}

#[tauri::command]
pub async fn warranty_rules(
    state: State<'_, AppState>,
) -> R<Vec<(String, konter::domain::warranty::WarrantyRules)>> {
    state.ctx()?;
    konter::store::warranty::all_rules(&state.db).await
}

/// Sets (or with no rules, removes) the rules of `brand:<name>` or `sku:<SKU>`.
#[tauri::command]
pub async fn set_warranty_rules(
    state: State<'_, AppState>,
    scope: String,
    rules: Option<konter::domain::warranty::WarrantyRules>,
) -> R<()> {
    let ctx = state.ctx()?;
    konter::store::warranty::set_rules(&state.db, &ctx, &scope, rules).await
}
