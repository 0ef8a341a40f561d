//! The catalog, stock and orders: counter sales, web and phone orders,
//! transfer verification and the O2O handover.

use crate::AppState;
use konter::domain::sales::catalog::ProductInput;
use konter::domain::sales::Coupon;
use konter::store::parse_id;
use konter::store::sales::catalog::{self, ProductSummary, StockReceipt};
use konter::store::sales::coupons::{self, CouponInput};
use konter::store::sales::detail::{self, OrderQuery, OrderSummary};
use konter::store::sales::flow::{self, ScannedSerial};
use konter::store::sales::orders::{self, NewOrder, OrderDetail};
use konter::store::sales::payments::{self, CounterPayment, PaidResult, TransferConfirmation};
use konter::Error;
use tauri::State;

type R<T> = Result<T, Error>;

#[tauri::command]
pub async fn products(state: State<'_, AppState>, query: String) -> R<Vec<ProductSummary>> {
    state.ctx()?;
    catalog::search(&state.db, &query).await
}

#[tauri::command]
pub async fn create_product(state: State<'_, AppState>, input: ProductInput) -> R<ProductSummary> {
    catalog::create_product(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn receive_stock(state: State<'_, AppState>, input: StockReceipt) -> R<ProductSummary> {
    catalog::receive_stock(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn create_coupon(state: State<'_, AppState>, input: CouponInput) -> R<Coupon> {
    coupons::create(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn orders(state: State<'_, AppState>, query: OrderQuery) -> R<Vec<OrderSummary>> {
    state.ctx()?;
    detail::list(&state.db, &query).await
}

#[tauri::command]
pub async fn order(state: State<'_, AppState>, id: String) -> R<OrderDetail> {
    state.ctx()?;
    orders::detail(&state.db, parse_id("id", &id)?).await
}

#[tauri::command]
pub async fn create_order(state: State<'_, AppState>, input: NewOrder) -> R<OrderDetail> {
    orders::create(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn pay_order(
    state: State<'_, AppState>,
    id: String,
    input: CounterPayment,
) -> R<PaidResult> {
    payments::pay_at_counter(&state.db, &state.ctx()?, parse_id("id", &id)?, input).await
}

#[tauri::command]
pub async fn confirm_transfer(
    state: State<'_, AppState>,
    id: String,
    input: TransferConfirmation,
) -> R<OrderDetail> {
    payments::confirm_transfer(&state.db, &state.ctx()?, parse_id("id", &id)?, input).await
}

#[tauri::command]
pub async fn decide_transfer(
    state: State<'_, AppState>,
    id: String,
    payment_id: String,
    found: bool,
    note: Option<String>,
) -> R<OrderDetail> {
    let ctx = state.ctx()?;
    payments::decide_transfer(
        &state.db,
        &ctx,
        parse_id("id", &id)?,
        &payment_id,
        found,
        note,
    )
    .await
}

#[tauri::command]
pub async fn start_processing(state: State<'_, AppState>, id: String) -> R<OrderDetail> {
    flow::start_processing(&state.db, &state.ctx()?, parse_id("id", &id)?).await
}

#[tauri::command]
pub async fn ready_for_pickup(state: State<'_, AppState>, id: String) -> R<OrderDetail> {
    flow::ready_for_pickup(&state.db, &state.ctx()?, parse_id("id", &id)?).await
}

#[tauri::command]
pub async fn ship_order(
    state: State<'_, AppState>,
    id: String,
    tracking: String,
    serials: Vec<ScannedSerial>,
) -> R<OrderDetail> {
    flow::ship(
        &state.db,
        &state.ctx()?,
        parse_id("id", &id)?,
        &tracking,
        serials,
    )
    .await
}

#[tauri::command]
pub async fn deliver_order(state: State<'_, AppState>, id: String) -> R<OrderDetail> {
    flow::deliver(&state.db, &state.ctx()?, parse_id("id", &id)?).await
}

/// `by_customer`: at the customer's request, under the shop's cancel policy;
/// otherwise the shop's own decision (full refund).
#[tauri::command]
pub async fn cancel_order(
    state: State<'_, AppState>,
    id: String,
    reason: String,
    by_customer: bool,
) -> R<OrderDetail> {
    let (ctx, id) = (state.ctx()?, parse_id("id", &id)?);
    if by_customer {
        flow::cancel_by_customer(&state.db, &ctx, id, &reason).await
    } else {
        flow::cancel(&state.db, &ctx, id, &reason).await
    }
}

#[tauri::command]
pub async fn correct_price(
    state: State<'_, AppState>,
    id: String,
    input: konter::store::sales::corrections::PriceCorrection,
) -> R<OrderDetail> {
    let ctx = state.ctx()?;
    konter::store::sales::corrections::correct_price(&state.db, &ctx, parse_id("id", &id)?, input)
        .await
}

#[tauri::command]
pub async fn change_order_lines(
    state: State<'_, AppState>,
    id: String,
    input: konter::store::sales::changes::LineChange,
) -> R<OrderDetail> {
    let ctx = state.ctx()?;
    konter::store::sales::changes::change_lines(&state.db, &ctx, parse_id("id", &id)?, input).await
}

#[tauri::command]
pub async fn find_order_for_pickup(
    state: State<'_, AppState>,
    number: String,
    contact: Option<String>,
) -> R<OrderDetail> {
    state.ctx()?;
    flow::find_for_pickup(&state.db, &number, contact.as_deref()).await
}

#[tauri::command]
pub async fn hand_over(
    state: State<'_, AppState>,
    id: String,
    serials: Vec<ScannedSerial>,
) -> R<OrderDetail> {
    flow::hand_over(&state.db, &state.ctx()?, parse_id("id", &id)?, serials).await
}

#[tauri::command]
pub async fn void_order_invoice(
    state: State<'_, AppState>,
    id: String,
    reason: String,
) -> R<OrderDetail> {
    konter::store::sales::invoices::void(&state.db, &state.ctx()?, parse_id("id", &id)?, &reason)
        .await
}

#[tauri::command]
pub async fn reissue_order_invoice(
    state: State<'_, AppState>,
    id: String,
    buyer_tax_id: Option<String>,
) -> R<OrderDetail> {
    konter::store::sales::invoices::reissue(
        &state.db,
        &state.ctx()?,
        parse_id("id", &id)?,
        buyer_tax_id,
    )
    .await
}

#[tauri::command]
pub async fn day_report(
    state: State<'_, AppState>,
    date: Option<String>,
) -> R<konter::store::sales::reports::DayReport> {
    konter::store::sales::reports::day(&state.db, &state.ctx()?, date.as_deref()).await
}

#[tauri::command]
pub async fn change_address(
    state: State<'_, AppState>,
    id: String,
    address: String,
    city: String,
) -> R<OrderDetail> {
    let ctx = state.ctx()?;
    konter::store::sales::delivery::change_address(
        &state.db,
        &ctx,
        parse_id("id", &id)?,
        &address,
        &city,
    )
    .await
}

#[tauri::command]
pub async fn delivery_failed(
    state: State<'_, AppState>,
    id: String,
    note: String,
    returned: bool,
) -> R<OrderDetail> {
    let ctx = state.ctx()?;
    konter::store::sales::delivery::delivery_failed(
        &state.db,
        &ctx,
        parse_id("id", &id)?,
        &note,
        returned,
    )
    .await
}

#[tauri::command]
pub async fn report_damage(
    state: State<'_, AppState>,
    id: String,
    input: konter::store::sales::delivery::DamageReport,
) -> R<OrderDetail> {
    let ctx = state.ctx()?;
    konter::store::sales::delivery::report_damage(&state.db, &ctx, parse_id("id", &id)?, input)
        .await
}

#[tauri::command]
pub async fn decline_payment(
    state: State<'_, AppState>,
    id: String,
    note: String,
) -> R<OrderDetail> {
    payments::decline(&state.db, &state.ctx()?, parse_id("id", &id)?, &note).await
}

#[tauri::command]
pub async fn recheck_stock(state: State<'_, AppState>, id: String) -> R<OrderDetail> {
    flow::recheck_stock(&state.db, &state.ctx()?, parse_id("id", &id)?).await
}

#[tauri::command]
pub async fn ship_partial(
    state: State<'_, AppState>,
    id: String,
    input: konter::store::sales::partial::PartialShipment,
) -> R<konter::store::sales::partial::PartialResult> {
    let ctx = state.ctx()?;
    konter::store::sales::partial::ship_partial(&state.db, &ctx, parse_id("id", &id)?, input).await
}

#[tauri::command]
pub async fn trade_in_programmes(
    state: State<'_, AppState>,
) -> R<Vec<konter::store::sales::trade_in::ProgrammeRow>> {
    state.ctx()?;
    konter::store::sales::trade_in::programmes(&state.db).await
}

/// The owner sets up (or, with `id`, changes) a trade-in programme.
#[tauri::command]
pub async fn save_trade_in_programme(
    state: State<'_, AppState>,
    id: Option<String>,
    input: konter::domain::sales::trade_in::Programme,
) -> R<Vec<konter::store::sales::trade_in::ProgrammeRow>> {
    let ctx = state.ctx()?;
    let id = id.as_deref().map(|i| parse_id("id", i)).transpose()?;
    konter::store::sales::trade_in::save_programme(&state.db, &ctx, id, input).await
}

/// An old unit taken in as credit against the order.
#[tauri::command]
pub async fn take_trade_in(
    state: State<'_, AppState>,
    id: String,
    input: konter::store::sales::trade_in::TradeInInput,
) -> R<OrderDetail> {
    let ctx = state.ctx()?;
    konter::store::sales::trade_in::take_in(&state.db, &ctx, parse_id("id", &id)?, input).await
}
