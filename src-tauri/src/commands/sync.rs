//! Commands of branch sync: this device's sync state for the status bar, and
//! joining a hub (at first run for an empty device, or by the owner to make
//! this shop the hub's first device).

use crate::AppState;
use konter::store::sync::{self, JoinInput, SyncStatus};
use konter::Error;
use tauri::State;

type R<T> = Result<T, Error>;

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> R<SyncStatus> {
    sync::status(&state.db).await
}

#[tauri::command]
pub async fn join_hub(state: State<'_, AppState>, input: JoinInput) -> R<SyncStatus> {
    let ctx = state.ctx().ok();
    sync::join_hub(&state.db, ctx.as_ref(), &input, chrono::Utc::now()).await?;
    sync::status(&state.db).await
}

/// The shop's open conflicts from the hub, both sides (owner and admins).
#[tauri::command]
pub async fn sync_conflicts(
    state: State<'_, AppState>,
) -> R<Vec<konter::domain::sync::HubConflict>> {
    sync::hub_conflicts(&state.db, &state.ctx()?).await
}

/// Settles a conflict with what was done about it (a synced resolution).
#[tauri::command]
pub async fn resolve_conflict(state: State<'_, AppState>, input: sync::ResolveInput) -> R<String> {
    let ctx = state.ctx()?;
    Ok(sync::resolve(&state.db, &ctx, &input).await?.to_string())
}

/// Merges a customer entered twice into the one kept (and settles the
/// conflict it came from); returns how many records moved.
#[tauri::command]
pub async fn merge_customers(state: State<'_, AppState>, input: sync::MergeInput) -> R<u64> {
    let ctx = state.ctx()?;
    sync::merge_customers(&state.db, &ctx, &input).await
}
