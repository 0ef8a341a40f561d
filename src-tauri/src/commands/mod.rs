//! One Tauri command per user action. Each is a line or two: parse ids,
//! build the context, call the core.

mod admin;
mod calendar_cmds;
mod field;
mod sales;
mod staff;
mod visits;
mod warranty;

use crate::AppState;
use konter::docs::{self, DocKind};
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::shop::ShopProfile;
use konter::store::customers::{self, Customer, NewCustomer};
use konter::store::parse_id;
use konter::store::repairs::board::{self, BoardQuery, TicketSummary};
use konter::store::repairs::parts::{self, PartInput};
use konter::store::repairs::payments;
use konter::store::repairs::pickup::{self, PickupInput, PickupResult};
use konter::store::repairs::quotes::{self, LineInput, QuoteDecision};
use konter::store::repairs::tickets::{self, IntakeInput, TicketDetail};
use konter::store::shop::{self, AppStatus, SetupInput};
use konter::store::staff::Session;
use konter::Error;
use tauri::{AppHandle, Runtime, State};

type R<T> = Result<T, Error>;

pub fn handler<Rt: Runtime>() -> impl Fn(tauri::ipc::Invoke<Rt>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_status,
        setup_shop,
        staff::login,
        staff::logout,
        staff::lock,
        staff::switch_candidates,
        staff::switch_with_pin,
        staff::set_pin,
        staff::change_password,
        staff::list_staff,
        staff::add_staff,
        staff::update_staff,
        staff::reset_password,
        shop_profile,
        update_shop,
        find_customers,
        create_customer,
        intake,
        ticket,
        change_status,
        add_note,
        unlock_secret,
        set_quote,
        decide_quote,
        pickup_ticket,
        board_tickets,
        find_for_pickup,
        calendar_cmds::holidays,
        calendar_cmds::add_holiday,
        calendar_cmds::remove_holiday,
        calendar_cmds::working_hours,
        calendar_cmds::set_working_hours,
        void_payment,
        add_part,
        sales::products,
        sales::create_product,
        sales::receive_stock,
        sales::create_coupon,
        sales::orders,
        sales::order,
        sales::create_order,
        sales::pay_order,
        sales::confirm_transfer,
        sales::decide_transfer,
        sales::start_processing,
        sales::ready_for_pickup,
        sales::ship_order,
        sales::deliver_order,
        sales::cancel_order,
        sales::find_order_for_pickup,
        sales::hand_over,
        sales::void_order_invoice,
        sales::reissue_order_invoice,
        sales::import_woo_file,
        sales::day_report,
        sales::create_return,
        sales::order_returns,
        sales::correct_price,
        sales::change_order_lines,
        sales::pull_woo,
        sales::change_address,
        sales::delivery_failed,
        sales::report_damage,
        sales::decline_payment,
        sales::recheck_stock,
        sales::ship_partial,
        admin::verify_audit,
        admin::audit_entries,
        admin::audit_kinds,
        admin::export_audit,
        admin::counter_settings,
        admin::update_settings,
        admin::choose_backup_dir,
        admin::backup_now,
        admin::restore_backup,
        open_document,
        save_document,
        warranty::check_warranty,
        warranty::open_warranty_card,
        warranty::past_sales_pick,
        warranty::past_sales_import,
        warranty::card_keys,
        warranty::card_key_export,
        warranty::card_key_import,
        warranty::file_warranty_claim,
        warranty::principal_rmas,
        warranty::send_to_principal,
        warranty::principal_returned,
        warranty::order_warranties,
        warranty::warranty_rules,
        warranty::set_warranty_rules,
        visits::technicians,
        visits::set_technician,
        visits::request_visit,
        visits::book_visit,
        visits::cancel_visit,
        visits::open_visits,
        visits::visits_week,
        visits::visit_check_in,
        visits::visit_check_out,
        visits::open_visit_report,
        visits::visit_bill,
        visits::pay_visit,
        visits::open_visit_invoice,
        visits::void_visit_invoice,
        visits::reissue_visit_invoice,
        field::couriers,
        field::courier_run,
        field::create_courier_job,
        field::hand_over_device,
        field::custody_chain,
        field::open_route_sheet,
        field::run_cash,
        field::record_courier_cash,
        field::reconcile_courier_run,
        field::contracts,
        field::create_contract,
        field::consultations,
        field::add_consultation
    ]
}

#[tauri::command]
async fn app_status(state: State<'_, AppState>) -> R<AppStatus> {
    Ok(AppStatus {
        setup_done: shop::is_setup(&state.db).await?,
        session: state.peek(),
        defaults: ShopProfile::indonesian_defaults(),
    })
}

#[tauri::command]
async fn setup_shop(state: State<'_, AppState>, input: SetupInput) -> R<Session> {
    let session = shop::setup(&state.db, input, chrono::Utc::now()).await?;
    // The key that signs warranty cards is made with the shop.
    let dir = state
        .db_path
        .parent()
        .map(|p| p.to_path_buf())
        .unwrap_or_default();
    konter::store::warranty::card_keys::own_key(&state.db, &dir, chrono::Utc::now()).await?;
    state.set_session(Some(session.clone()));
    Ok(session)
}

#[tauri::command]
async fn shop_profile(state: State<'_, AppState>) -> R<ShopProfile> {
    state.ctx()?;
    shop::profile(&state.db).await
}

#[tauri::command]
async fn update_shop(state: State<'_, AppState>, profile: ShopProfile) -> R<ShopProfile> {
    shop::update_profile(&state.db, &state.ctx()?, profile).await
}

#[tauri::command]
async fn find_customers(state: State<'_, AppState>, query: String) -> R<Vec<Customer>> {
    state.ctx()?;
    customers::find(&state.db, &query).await
}

#[tauri::command]
async fn create_customer(state: State<'_, AppState>, input: NewCustomer) -> R<Customer> {
    customers::create(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
async fn intake(state: State<'_, AppState>, input: IntakeInput) -> R<TicketDetail> {
    tickets::intake(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
async fn ticket(state: State<'_, AppState>, id: String) -> R<TicketDetail> {
    state.ctx()?;
    tickets::detail(&state.db, parse_id("id", &id)?).await
}

#[tauri::command]
async fn change_status(
    state: State<'_, AppState>,
    id: String,
    to: TicketStatus,
    note: Option<String>,
) -> R<TicketDetail> {
    tickets::change_status(&state.db, &state.ctx()?, parse_id("id", &id)?, to, note).await
}

#[tauri::command]
async fn add_note(state: State<'_, AppState>, id: String, note: String) -> R<TicketDetail> {
    tickets::add_note(&state.db, &state.ctx()?, parse_id("id", &id)?, note).await
}

#[tauri::command]
async fn unlock_secret(state: State<'_, AppState>, id: String) -> R<Option<String>> {
    tickets::unlock_secret(&state.db, &state.ctx()?, parse_id("id", &id)?).await
}

#[tauri::command]
async fn set_quote(
    state: State<'_, AppState>,
    id: String,
    lines: Vec<LineInput>,
) -> R<TicketDetail> {
    quotes::set_quote(&state.db, &state.ctx()?, parse_id("id", &id)?, lines).await
}

#[tauri::command]
async fn decide_quote(
    state: State<'_, AppState>,
    id: String,
    decision: QuoteDecision,
) -> R<TicketDetail> {
    quotes::decide(&state.db, &state.ctx()?, parse_id("id", &id)?, decision).await
}

#[tauri::command]
async fn pickup_ticket(
    state: State<'_, AppState>,
    id: String,
    input: PickupInput,
) -> R<PickupResult> {
    pickup::pickup(&state.db, &state.ctx()?, parse_id("id", &id)?, input).await
}

#[tauri::command]
async fn board_tickets(state: State<'_, AppState>, query: BoardQuery) -> R<Vec<TicketSummary>> {
    state.ctx()?;
    board::board(&state.db, &query).await
}

#[tauri::command]
async fn find_for_pickup(state: State<'_, AppState>, text: String) -> R<Vec<TicketSummary>> {
    state.ctx()?;
    board::find_for_pickup(&state.db, &text).await
}

#[tauri::command]
async fn add_part(state: State<'_, AppState>, id: String, input: PartInput) -> R<TicketDetail> {
    parts::add_part(&state.db, &state.ctx()?, parse_id("id", &id)?, input).await
}

#[tauri::command]
async fn void_payment(
    state: State<'_, AppState>,
    id: String,
    payment_id: String,
    reason: String,
) -> R<TicketDetail> {
    let (id, payment) = (parse_id("id", &id)?, parse_id("payment_id", &payment_id)?);
    payments::void_payment(&state.db, &state.ctx()?, id, payment, &reason).await
}

async fn render(state: &AppState, id: &str, kind: DocKind) -> R<(String, Vec<u8>)> {
    state.ctx()?;
    let id = parse_id("id", id)?;
    // Order documents are keyed by the order, the rest by the ticket.
    let (number, bytes) = if kind.of_return() {
        let r = konter::store::returns::get(&state.db, id).await?;
        (r.number, docs::returns::render_return(&state.db, id).await?)
    } else if kind.of_order() {
        let o = konter::store::sales::orders::detail(&state.db, id).await?;
        (
            o.number,
            docs::sales::render_order(&state.db, id, kind).await?,
        )
    } else {
        let t = tickets::detail(&state.db, id).await?;
        (t.number, docs::repairs::render(&state.db, id, kind).await?)
    };
    Ok((format!("{}-{}.pdf", kind.file_stem(), number), bytes))
}

pub(crate) fn io_error(e: std::io::Error) -> Error {
    Error::Document {
        message: format!("cannot write the file: {e}"),
    }
}

/// Renders the document next to the database and opens it in the system
/// PDF viewer, from which the clerk prints. Returns the file's path.
#[tauri::command]
async fn open_document<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    id: String,
    kind: DocKind,
) -> R<String> {
    let (name, bytes) = render(&state, &id, kind).await?;
    show(&app, &state, &name, &bytes)
}

/// Writes a rendered document next to the database and opens it in the
/// system PDF viewer (not under `KONTER_NO_VIEWER`). Returns the file's path.
pub(crate) fn show<Rt: Runtime>(
    app: &AppHandle<Rt>,
    state: &AppState,
    name: &str,
    bytes: &[u8],
) -> R<String> {
    use tauri_plugin_opener::OpenerExt;
    let dir = state
        .db_path
        .parent()
        .map(|p| p.join("documents"))
        .unwrap_or_else(|| "documents".into());
    std::fs::create_dir_all(&dir).map_err(io_error)?;
    let path = dir.join(konter::docs::safe_file_name(name));
    std::fs::write(&path, bytes).map_err(io_error)?;
    let shown = path.to_string_lossy().to_string();
    if std::env::var_os("KONTER_NO_VIEWER").is_none() {
        app.opener()
            .open_path(shown.clone(), None::<&str>)
            .map_err(|e| Error::Document {
                message: format!("no PDF viewer: {e}"),
            })?;
    }
    Ok(shown)
}

/// Asks where to save (native dialog) and writes the PDF there. `None` when
/// the clerk cancels.
#[tauri::command]
async fn save_document<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    id: String,
    kind: DocKind,
) -> R<Option<String>> {
    let (name, bytes) = render(&state, &id, kind).await?;
    save_file(&app, &name, ("PDF", "pdf"), &bytes).await
}

/// A native save dialog, then the write. `None` when cancelled.
pub(crate) async fn save_file<Rt: Runtime>(
    app: &AppHandle<Rt>,
    name: &str,
    (label, ext): (&str, &str),
    bytes: &[u8],
) -> R<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_file_name(konter::docs::safe_file_name(name))
        .add_filter(label, &[ext])
        .save_file(move |p| {
            let _ = tx.send(p);
        });
    let Some(choice) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    let path = choice.into_path().map_err(|_| Error::Document {
        message: "unsupported location".into(),
    })?;
    std::fs::write(&path, bytes).map_err(io_error)?;
    Ok(Some(path.to_string_lossy().to_string()))
}
