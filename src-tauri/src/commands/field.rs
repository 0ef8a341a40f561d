//! Commands of work outside the counter: technicians and on-site visits
//! (requests, bookings, the week board, the work on site, the visit's bill
//! with its invoice voided and reissued, and its papers); pickup and
//! delivery of devices (courier jobs, handovers, route sheets, the cash
//! couriers collect and the closing of their runs); maintenance contracts
//! and the consultation log.

use super::R;
use crate::AppState;
use konter::store::field::billing::{self, VisitBill, VisitPaid, VisitPaymentInput};
use konter::store::field::contracts::{
    self, Consultation, ConsultationEntry, ContractReport, NewContract,
};
use konter::store::field::courier_cash::{self, RunCash, RunClose};
use konter::store::field::courier_jobs::{self, Courier, CustodyEntry, Handover, Job, NewJob};
use konter::store::field::technicians::{self, Technician, TechnicianInput};
use konter::store::field::visits::{self, BookingInput, Visit, VisitRequest};
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

/// A stop moved earlier or later in its run (the driving order).
#[tauri::command]
pub async fn move_stop(state: State<'_, AppState>, job_id: String, up: bool) -> R<Vec<Job>> {
    let ctx = state.ctx()?;
    konter::store::field::run_order::move_stop(&state.db, &ctx, parse_id("job_id", &job_id)?, up)
        .await
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

#[tauri::command]
pub async fn technicians(state: State<'_, AppState>) -> R<Vec<Technician>> {
    state.ctx()?;
    technicians::list(&state.db).await
}

#[tauri::command]
pub async fn set_technician(
    state: State<'_, AppState>,
    staff_id: String,
    input: TechnicianInput,
) -> R<Technician> {
    let ctx = state.ctx()?;
    technicians::set(&state.db, &ctx, parse_id("staff_id", &staff_id)?, input).await
}

#[tauri::command]
pub async fn request_visit(state: State<'_, AppState>, input: VisitRequest) -> R<Visit> {
    let ctx = state.ctx()?;
    visits::request(&state.db, &ctx, input).await
}

#[tauri::command]
pub async fn book_visit(state: State<'_, AppState>, id: String, input: BookingInput) -> R<Visit> {
    let ctx = state.ctx()?;
    visits::book(&state.db, &ctx, parse_id("id", &id)?, input).await
}

#[tauri::command]
pub async fn cancel_visit(state: State<'_, AppState>, id: String, reason: String) -> R<Visit> {
    let ctx = state.ctx()?;
    visits::cancel(&state.db, &ctx, parse_id("id", &id)?, &reason).await
}

/// The dispatch board for `days` (1 to 7) from `from` (a local date, YYYY-MM-DD).
#[tauri::command]
pub async fn dispatch_board(
    state: State<'_, AppState>,
    from: String,
    days: u32,
) -> R<konter::store::field::dispatch::DispatchBoard> {
    let ctx = state.ctx()?;
    let from = chrono::NaiveDate::parse_from_str(&from, "%Y-%m-%d")
        .map_err(|_| Error::validation("from", "invalid_date", "YYYY-MM-DD"))?;
    konter::store::field::dispatch::board(&state.db, ctx.now, from, days).await
}

#[tauri::command]
pub async fn visit_check_in(state: State<'_, AppState>, id: String) -> R<Visit> {
    let ctx = state.ctx()?;
    konter::store::field::work::check_in(&state.db, &ctx, parse_id("id", &id)?).await
}

#[tauri::command]
pub async fn visit_check_out(
    state: State<'_, AppState>,
    id: String,
    input: konter::store::field::work::VisitReport,
) -> R<Visit> {
    let ctx = state.ctx()?;
    konter::store::field::work::check_out(&state.db, &ctx, parse_id("id", &id)?, input).await
}

/// Writes the visit report next to the database and opens it.
#[tauri::command]
pub async fn open_visit_report<Rt: tauri::Runtime>(
    app: tauri::AppHandle<Rt>,
    state: State<'_, AppState>,
    id: String,
) -> R<String> {
    let ctx = state.ctx()?;
    ctx.require(konter::domain::staff::permissions::Action::MoveTicket)?;
    let id = parse_id("id", &id)?;
    let pdf = konter::docs::field::render_visit_report(&state.db, id).await?;
    let v = visits::get(&state.db, ctx.now, id).await?;
    super::show(&app, &state, &format!("kunjungan-{}.pdf", v.number), &pdf)
}

#[tauri::command]
pub async fn visit_bill(state: State<'_, AppState>, id: String) -> R<VisitBill> {
    state.ctx()?;
    billing::bill(&state.db, parse_id("id", &id)?).await
}

#[tauri::command]
pub async fn pay_visit(
    state: State<'_, AppState>,
    id: String,
    input: VisitPaymentInput,
) -> R<VisitPaid> {
    let ctx = state.ctx()?;
    billing::pay(&state.db, &ctx, parse_id("id", &id)?, input).await
}

/// An admin voids the visit's live invoice with a reason.
#[tauri::command]
pub async fn void_visit_invoice(
    state: State<'_, AppState>,
    id: String,
    reason: String,
) -> R<VisitBill> {
    let ctx = state.ctx()?;
    konter::store::field::invoices::void(&state.db, &ctx, parse_id("id", &id)?, &reason).await
}

/// A new invoice (the next number) for a visit whose invoice was voided.
#[tauri::command]
pub async fn reissue_visit_invoice(
    state: State<'_, AppState>,
    id: String,
    buyer_tax_id: Option<String>,
) -> R<VisitBill> {
    let ctx = state.ctx()?;
    let id = parse_id("id", &id)?;
    konter::store::field::invoices::reissue(&state.db, &ctx, id, buyer_tax_id).await
}

/// Writes the visit's invoice (A4, or the 80 mm receipt) and opens it.
#[tauri::command]
pub async fn open_visit_invoice<Rt: tauri::Runtime>(
    app: tauri::AppHandle<Rt>,
    state: State<'_, AppState>,
    id: String,
    receipt: bool,
) -> R<String> {
    state.ctx()?;
    let id = parse_id("id", &id)?;
    let pdf = konter::docs::field::render_visit_invoice(&state.db, id, receipt).await?;
    let bill = billing::bill(&state.db, id).await?;
    let stem = if receipt { "struk" } else { "invoice" };
    super::show(&app, &state, &format!("{stem}-{}.pdf", bill.number), &pdf)
}

/// A contract's terms changed from a date on (its future planned visits follow).
#[tauri::command]
pub async fn change_contract(
    state: State<'_, AppState>,
    id: String,
    input: konter::store::field::contract_changes::ContractChange,
) -> R<ContractReport> {
    let ctx = state.ctx()?;
    konter::store::field::contract_changes::change(&state.db, &ctx, parse_id("id", &id)?, input)
        .await
}

#[tauri::command]
pub async fn renew_contract(
    state: State<'_, AppState>,
    id: String,
    ends_on: String,
) -> R<ContractReport> {
    let ctx = state.ctx()?;
    konter::store::field::contract_changes::renew(&state.db, &ctx, parse_id("id", &id)?, &ends_on)
        .await
}

#[tauri::command]
pub async fn cancel_contract(
    state: State<'_, AppState>,
    id: String,
    reason: String,
) -> R<ContractReport> {
    let ctx = state.ctx()?;
    konter::store::field::contract_changes::cancel(&state.db, &ctx, parse_id("id", &id)?, &reason)
        .await
}
