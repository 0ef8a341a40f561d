//! Commands of service orders (issue 17): the list and one order; create,
//! revise, the customer's acceptance, cancel; start, progress, visits for a
//! milestone or for support; payments of its invoices; the handover (BAST);
//! and its papers (the confirmation, the BAST, an invoice).

use super::R;
use crate::AppState;
use konter::store::parse_id;
use konter::store::service::billing::{self, ServicePaid, ServicePaymentInput};
use konter::store::service::handover::{self, HandoverInput};
use konter::store::service::orders::{self, AcceptanceInput, NewServiceOrder, RevisionInput};
use konter::store::service::papers;
use konter::store::service::work::{self, OrderVisitInput, ProgressInput};
use konter::store::service::{self, ServiceOrder, ServiceOrderRow};
use tauri::State;

#[tauri::command]
pub async fn service_orders(state: State<'_, AppState>) -> R<Vec<ServiceOrderRow>> {
    let ctx = state.ctx()?;
    service::list(&state.db, ctx.now).await
}

#[tauri::command]
pub async fn service_order(state: State<'_, AppState>, id: String) -> R<ServiceOrder> {
    let ctx = state.ctx()?;
    service::detail(&state.db, ctx.now, parse_id("id", &id)?).await
}

#[tauri::command]
pub async fn create_service_order(
    state: State<'_, AppState>,
    input: NewServiceOrder,
) -> R<ServiceOrder> {
    orders::create(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn revise_service_order(
    state: State<'_, AppState>,
    id: String,
    input: RevisionInput,
) -> R<ServiceOrder> {
    orders::revise(&state.db, &state.ctx()?, parse_id("id", &id)?, input).await
}

#[tauri::command]
pub async fn accept_service_order(
    state: State<'_, AppState>,
    id: String,
    input: AcceptanceInput,
) -> R<ServiceOrder> {
    orders::accept(&state.db, &state.ctx()?, parse_id("id", &id)?, input).await
}

#[tauri::command]
pub async fn cancel_service_order(
    state: State<'_, AppState>,
    id: String,
    reason: String,
) -> R<ServiceOrder> {
    orders::cancel(&state.db, &state.ctx()?, parse_id("id", &id)?, &reason).await
}

#[tauri::command]
pub async fn start_service_order(state: State<'_, AppState>, id: String) -> R<ServiceOrder> {
    work::start(&state.db, &state.ctx()?, parse_id("id", &id)?).await
}

#[tauri::command]
pub async fn record_service_progress(
    state: State<'_, AppState>,
    id: String,
    input: ProgressInput,
) -> R<ServiceOrder> {
    work::record_progress(&state.db, &state.ctx()?, parse_id("id", &id)?, input).await
}

#[tauri::command]
pub async fn request_service_visit(
    state: State<'_, AppState>,
    id: String,
    input: OrderVisitInput,
) -> R<ServiceOrder> {
    work::request_visit(&state.db, &state.ctx()?, parse_id("id", &id)?, input).await
}

#[tauri::command]
pub async fn pay_service_order(
    state: State<'_, AppState>,
    id: String,
    input: ServicePaymentInput,
) -> R<ServicePaid> {
    billing::pay(&state.db, &state.ctx()?, parse_id("id", &id)?, input).await
}

#[tauri::command]
pub async fn void_service_invoice(
    state: State<'_, AppState>,
    id: String,
    invoice_id: String,
    reason: String,
) -> R<ServiceOrder> {
    let invoice = parse_id("invoice_id", &invoice_id)?;
    papers::void(
        &state.db,
        &state.ctx()?,
        parse_id("id", &id)?,
        invoice,
        &reason,
    )
    .await
}

#[tauri::command]
pub async fn reissue_service_invoice(
    state: State<'_, AppState>,
    id: String,
    invoice_id: String,
    buyer_tax_id: Option<String>,
) -> R<ServiceOrder> {
    let invoice = parse_id("invoice_id", &invoice_id)?;
    papers::reissue(
        &state.db,
        &state.ctx()?,
        parse_id("id", &id)?,
        invoice,
        buyer_tax_id,
    )
    .await
}

#[tauri::command]
pub async fn hand_over_service_order(
    state: State<'_, AppState>,
    id: String,
    input: HandoverInput,
) -> R<ServiceOrder> {
    handover::hand_over(&state.db, &state.ctx()?, parse_id("id", &id)?, input).await
}

/// Writes one of the order's papers next to the database and opens it:
/// `confirmation`, `handover`, or `invoice` (with `invoice_id`; `receipt`
/// for the 80 mm roll).
#[tauri::command]
pub async fn open_service_paper<Rt: tauri::Runtime>(
    app: tauri::AppHandle<Rt>,
    state: State<'_, AppState>,
    id: String,
    paper: String,
    invoice_id: Option<String>,
    receipt: bool,
) -> R<String> {
    let ctx = state.ctx()?;
    let id = parse_id("id", &id)?;
    let order = service::detail(&state.db, ctx.now, id).await?;
    let (name, pdf) = match paper.as_str() {
        "confirmation" => (
            format!(
                "konfirmasi-{}-rev{}.pdf",
                order.confirmation, order.revision
            ),
            konter::docs::service::render_confirmation(&state.db, ctx.now, id).await?,
        ),
        "handover" => (
            format!("bast-{}.pdf", order.number),
            konter::docs::service::render_handover(&state.db, ctx.now, id).await?,
        ),
        "invoice" => {
            let invoice = parse_id("invoice_id", invoice_id.as_deref().unwrap_or_default())?;
            let number = order
                .invoices
                .iter()
                .find(|i| i.id == invoice)
                .map(|i| i.number.clone())
                .unwrap_or_default();
            let stem = if receipt { "struk" } else { "invoice" };
            (
                format!("{stem}-{number}.pdf"),
                konter::docs::service::render_invoice(&state.db, ctx.now, id, invoice, receipt)
                    .await?,
            )
        }
        _ => {
            return Err(konter::Error::validation(
                "paper",
                "invalid",
                "confirmation, handover or invoice",
            ))
        }
    };
    super::show(&app, &state, &name, &pdf)
}
