//! One Tauri command per user action. Each is a line or two: parse ids,
//! build the context, call the core. The commands are grouped in the same
//! areas as the core (`repairs`, `sales`, `returns`, `web_store`, `warranty`,
//! `field`, `service`, `staff`, `shop`, `sync`, `print`, `cash`); here at the root: the handler, customers (every
//! area finds them) and the counter's documents (opened or saved as PDF).

mod cash;
mod field;
mod print;
mod repairs;
mod reports;
mod returns;
mod sales;
mod service;
mod sheets;
mod shop;
mod staff;
mod sync;
mod today;
mod warranty;
mod web;
mod web_store;

use crate::AppState;
use konter::docs::{self, DocKind};
use konter::store::customers::{self, Customer, NewCustomer};
use konter::store::parse_id;
use konter::store::repairs::tickets;
use konter::Error;
use tauri::{AppHandle, Runtime, State};

type R<T> = Result<T, Error>;

pub fn handler<Rt: Runtime>() -> impl Fn(tauri::ipc::Invoke<Rt>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        shop::ui_ready,
        shop::add_attachment,
        shop::open_attachment,
        shop::app_status,
        shop::setup_shop,
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
        shop::shop_profile,
        shop::update_shop,
        find_customers,
        create_customer,
        customer_page,
        update_customer,
        repairs::intake,
        repairs::ticket,
        repairs::change_status,
        repairs::add_note,
        repairs::unlock_secret,
        repairs::set_quote,
        repairs::decide_quote,
        repairs::pickup_ticket,
        repairs::board_tickets,
        repairs::find_for_pickup,
        shop::holidays,
        shop::add_holiday,
        shop::remove_holiday,
        shop::working_hours,
        shop::set_working_hours,
        repairs::void_payment,
        repairs::add_part,
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
        web_store::import_woo_file,
        sales::day_report,
        returns::create_return,
        returns::order_returns,
        sales::correct_price,
        sales::change_order_lines,
        web_store::pull_woo,
        sales::change_address,
        sales::delivery_failed,
        sales::report_damage,
        sales::decline_payment,
        sales::recheck_stock,
        sales::ship_partial,
        shop::verify_audit,
        shop::audit_entries,
        shop::audit_kinds,
        shop::export_audit,
        shop::counter_settings,
        shop::update_settings,
        shop::choose_backup_dir,
        shop::backup_now,
        shop::restore_backup,
        open_document,
        save_document,
        warranty::check_warranty,
        warranty::open_warranty_card,
        warranty::print_warranty_card,
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
        field::technicians,
        field::set_technician,
        field::request_visit,
        field::book_visit,
        field::cancel_visit,
        field::dispatch_board,
        field::visit_check_in,
        field::visit_check_out,
        field::open_visit_report,
        field::visit_bill,
        field::pay_visit,
        field::open_visit_invoice,
        field::void_visit_invoice,
        field::reissue_visit_invoice,
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
        field::add_consultation,
        sync::sync_status,
        sync::join_hub,
        sync::sync_conflicts,
        sync::resolve_conflict,
        sync::merge_customers,
        web::public_face,
        web::update_public_face,
        web::send_message,
        web::open_proof,
        print::printers,
        print::set_printers,
        print::system_printers,
        print::print_paper,
        print::auto_print,
        print::open_drawer,
        print::print_log,
        print::drawer_openings,
        print::print_document,
        cash::current_shift,
        cash::shifts,
        cash::shift,
        cash::open_shift,
        cash::cash_move,
        cash::close_shift,
        cash::shift_pdf,
        today::today,
        today::follow_up_done,
        today::search_everything,
        reports::report,
        reports::export_report,
        sheets::catalog_sheet_preview,
        sheets::catalog_sheet_import,
        sheets::catalog_export,
        sheets::customer_sheet_preview,
        sheets::customer_sheet_import,
        sheets::customer_export,
        sheets::price_change_preview,
        sheets::price_change_apply,
        field::move_stop,
        service::service_orders,
        service::service_order,
        service::create_service_order,
        service::revise_service_order,
        service::accept_service_order,
        service::cancel_service_order,
        service::start_service_order,
        service::record_service_progress,
        service::request_service_visit,
        service::pay_service_order,
        service::void_service_invoice,
        service::reissue_service_invoice,
        service::hand_over_service_order,
        service::open_service_paper,
        sales::trade_in_programmes,
        sales::save_trade_in_programme,
        sales::take_trade_in,
        field::change_contract,
        field::renew_contract,
        field::cancel_contract
    ]
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
async fn customer_page(state: State<'_, AppState>, id: String) -> R<customers::page::CustomerPage> {
    let ctx = state.ctx()?;
    customers::page::page(&state.db, &ctx, parse_id("id", &id)?).await
}

#[tauri::command]
async fn update_customer(
    state: State<'_, AppState>,
    id: String,
    input: customers::edit::CustomerEdit,
) -> R<Customer> {
    let ctx = state.ctx()?;
    customers::edit::update(&state.db, &ctx, parse_id("id", &id)?, input).await
}

async fn render(state: &AppState, id: &str, kind: DocKind) -> R<(String, Vec<u8>)> {
    let (number, bytes) = render_numbered(state, id, kind).await?;
    Ok((format!("{}-{}.pdf", kind.file_stem(), number), bytes))
}

/// A counter document's number and PDF.
pub(crate) async fn render_numbered(
    state: &AppState,
    id: &str,
    kind: DocKind,
) -> R<(String, Vec<u8>)> {
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
    Ok((number, bytes))
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
