//! Today, the home screen, marking a consultation's follow-up done from
//! it, and the one search for everything at the top of every screen.

use crate::AppState;
use konter::store::parse_id;
use konter::store::today::{self, Today};
use konter::Error;
use tauri::State;

type R<T> = Result<T, Error>;

#[tauri::command]
pub async fn today(state: State<'_, AppState>) -> R<Today> {
    today::today(&state.db, &state.ctx()?).await
}

#[tauri::command]
pub async fn follow_up_done(state: State<'_, AppState>, id: String, note: Option<String>) -> R<()> {
    let ctx = state.ctx()?;
    let id = parse_id("id", &id)?;
    konter::store::field::follow_ups::done(&state.db, &ctx, id, note.as_deref()).await
}

#[tauri::command]
pub async fn search_everything(
    state: State<'_, AppState>,
    query: String,
) -> R<konter::store::search::everything::SearchResults> {
    state.ctx()?;
    konter::store::search::everything::everything(&state.db, &query).await
}
