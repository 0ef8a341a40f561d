//! Pickup and delivery of devices (courier jobs, handovers, route sheets,
//! the cash couriers collect and the closing of their runs), maintenance
//! contracts and the consultation log.

use super::R;
use crate::AppState;
use konter::store::field::contracts::{
    self, Consultation, ConsultationEntry, ContractReport, NewContract,
};
use konter::store::field::courier_cash::{self, RunCash, RunClose};
use konter::store::field::courier_jobs::{self, Courier, CustodyEntry, Handover, Job, NewJob};
use konter::store::parse_id;
use konter::Error;
use tauri::State;

fn day(v: &str) -> R<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .map_err(|_| Error::validation("day", "invalid_date", "YYYY-MM-DD"))
}

#[tauri::command]
pub async fn couriers(state: State<'_, AppState>) -> R<Vec<Courier>> {
    state.ctx()?;
    courier_jobs::couriers(&state.db).await
}

/// A courier's jobs for a day (couriers see their own only).
#[tauri::command]
pub async fn courier_run(
    state: State<'_, AppState>,
    courier_id: String,
    day: String,
) -> R<Vec<Job>> {
    let ctx = state.ctx()?;
    let courier = parse_id("courier_id", &courier_id)?;
    courier_jobs::run(&state.db, &ctx, courier, self::day(&day)?).await
}

#[tauri::command]
pub async fn create_courier_job(state: State<'_, AppState>, input: NewJob) -> R<Job> {
    courier_jobs::create(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn hand_over_device(
    state: State<'_, AppState>,
    ticket_id: String,
    input: Handover,
) -> R<Vec<CustodyEntry>> {
    let ctx = state.ctx()?;
    courier_jobs::hand_over(&state.db, &ctx, parse_id("ticket_id", &ticket_id)?, input).await
}

#[tauri::command]
pub async fn custody_chain(state: State<'_, AppState>, ticket_id: String) -> R<Vec<CustodyEntry>> {
    state.ctx()?;
    courier_jobs::chain_of(&state.db, parse_id("ticket_id", &ticket_id)?).await
}

/// Writes a courier's route sheet for a day and opens it.
#[tauri::command]
pub async fn open_route_sheet<Rt: tauri::Runtime>(
    app: tauri::AppHandle<Rt>,
    state: State<'_, AppState>,
    courier_id: String,
    day: String,
) -> R<String> {
    let ctx = state.ctx()?;
    let (courier, day) = (parse_id("courier_id", &courier_id)?, self::day(&day)?);
    let pdf = konter::docs::field::render_route_sheet(&state.db, &ctx, courier, day).await?;
    super::show(&app, &state, &format!("rute-{day}.pdf"), &pdf)
}

/// The cash of a courier's run: per job, expected, and the closing if any.
#[tauri::command]
pub async fn run_cash(state: State<'_, AppState>, courier_id: String, day: String) -> R<RunCash> {
    let ctx = state.ctx()?;
    let courier = parse_id("courier_id", &courier_id)?;
    courier_cash::run_cash(&state.db, &ctx, courier, self::day(&day)?).await
}

/// What the courier collected on one job.
#[tauri::command]
pub async fn record_courier_cash(
    state: State<'_, AppState>,
    job_id: String,
    amount: String,
) -> R<RunCash> {
    let ctx = state.ctx()?;
    courier_cash::record(&state.db, &ctx, parse_id("job_id", &job_id)?, &amount).await
}

/// Closes a courier's run at the counter with the counted cash.
#[tauri::command]
pub async fn reconcile_courier_run(
    state: State<'_, AppState>,
    courier_id: String,
    day: String,
    input: RunClose,
) -> R<RunCash> {
    let ctx = state.ctx()?;
    let (courier, day) = (parse_id("courier_id", &courier_id)?, self::day(&day)?);
    courier_cash::reconcile(&state.db, &ctx, courier, day, input).await
}

#[tauri::command]
pub async fn contracts(state: State<'_, AppState>) -> R<Vec<ContractReport>> {
    let ctx = state.ctx()?;
    contracts::list(&state.db, &ctx).await
}

#[tauri::command]
pub async fn create_contract(state: State<'_, AppState>, input: NewContract) -> R<ContractReport> {
    contracts::create(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn consultations(state: State<'_, AppState>) -> R<Vec<ConsultationEntry>> {
    state.ctx()?;
    contracts::consultations(&state.db).await
}

#[tauri::command]
pub async fn add_consultation(
    state: State<'_, AppState>,
    input: Consultation,
) -> R<Vec<ConsultationEntry>> {
    let ctx = state.ctx()?;
    contracts::consult(&state.db, &ctx, input).await?;
    contracts::consultations(&state.db).await
}
