//! On-site visits: technicians, requests, bookings, the week board, the
//! work on site, the visit's bill (its invoice voided and reissued) and its
//! papers.

use super::R;
use crate::AppState;
use konter::store::field::billing::{self, VisitBill, VisitPaid, VisitPaymentInput};
use konter::store::field::technicians::{self, Technician, TechnicianInput};
use konter::store::field::visits::{self, BookingInput, Visit, VisitRequest};
use konter::store::parse_id;
use konter::Error;
use tauri::State;

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

#[tauri::command]
pub async fn open_visits(state: State<'_, AppState>) -> R<Vec<Visit>> {
    let ctx = state.ctx()?;
    visits::open_requests(&state.db, ctx.now).await
}

/// The week from `from` (a local date, YYYY-MM-DD).
#[tauri::command]
pub async fn visits_week(state: State<'_, AppState>, from: String) -> R<Vec<Visit>> {
    let ctx = state.ctx()?;
    let from = chrono::NaiveDate::parse_from_str(&from, "%Y-%m-%d")
        .map_err(|_| Error::validation("from", "invalid_date", "YYYY-MM-DD"))?;
    visits::week(&state.db, ctx.now, from, 7).await
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
