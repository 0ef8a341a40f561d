//! Commands of returns at the showroom (RMA).

use crate::AppState;
use konter::store::parse_id;
use konter::store::returns::{self, ReturnInput, ReturnRecord, ReturnResult};
use konter::Error;
use tauri::State;

type R<T> = Result<T, Error>;

#[tauri::command]
pub async fn create_return(
    state: State<'_, AppState>,
    id: String,
    input: ReturnInput,
) -> R<ReturnResult> {
    returns::create(&state.db, &state.ctx()?, parse_id("id", &id)?, input).await
}

#[tauri::command]
pub async fn order_returns(state: State<'_, AppState>, id: String) -> R<Vec<ReturnRecord>> {
    state.ctx()?;
    returns::of_order(&state.db, parse_id("id", &id)?).await
}
