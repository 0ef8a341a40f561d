//! Signing in, the counter lock and PIN switch, and staff accounts.

use crate::AppState;
use konter::store::parse_id;
use konter::store::staff::signin::{self, SwitchCandidate};
use konter::store::staff::{self, NewStaff, Session, StaffMember, StaffUpdate};
use konter::Error;
use tauri::State;

type R<T> = Result<T, Error>;

#[tauri::command]
pub async fn login(state: State<'_, AppState>, username: String, password: String) -> R<Session> {
    let session = signin::login(&state.db, &username, &password, chrono::Utc::now()).await?;
    state.set_session(Some(session.clone()));
    Ok(session)
}

#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> R<()> {
    state.set_session(None);
    Ok(())
}

/// Locks the counter (Lock button or the UI's idle timer): the session ends,
/// and whoever signed in fully today unlocks with their PIN.
#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> R<()> {
    state.set_session(None);
    Ok(())
}

#[tauri::command]
pub async fn switch_candidates(state: State<'_, AppState>) -> R<Vec<SwitchCandidate>> {
    signin::switch_candidates(&state.db, chrono::Utc::now()).await
}

#[tauri::command]
pub async fn switch_with_pin(
    state: State<'_, AppState>,
    staff_id: String,
    pin: String,
) -> R<Session> {
    let id = parse_id("staff_id", &staff_id)?;
    let session = signin::switch_with_pin(&state.db, id, &pin, chrono::Utc::now()).await?;
    state.set_session(Some(session.clone()));
    Ok(session)
}

#[tauri::command]
pub async fn set_pin(state: State<'_, AppState>, password: String, pin: String) -> R<Session> {
    let ctx = state.ctx()?;
    signin::set_pin(&state.db, &ctx, &password, &pin).await?;
    let mut session = state.session()?;
    session.has_pin = true;
    state.set_session(Some(session.clone()));
    Ok(session)
}

#[tauri::command]
pub async fn change_password(
    state: State<'_, AppState>,
    current: String,
    new: String,
) -> R<Session> {
    let session = signin::change_password(&state.db, &state.ctx()?, &current, &new).await?;
    state.set_session(Some(session.clone()));
    Ok(session)
}

#[tauri::command]
pub async fn list_staff(state: State<'_, AppState>) -> R<Vec<StaffMember>> {
    state.ctx()?;
    staff::list(&state.db).await
}

#[tauri::command]
pub async fn add_staff(state: State<'_, AppState>, input: NewStaff) -> R<StaffMember> {
    staff::add(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn update_staff(
    state: State<'_, AppState>,
    id: String,
    input: StaffUpdate,
) -> R<StaffMember> {
    staff::update(&state.db, &state.ctx()?, parse_id("id", &id)?, input).await
}

#[tauri::command]
pub async fn reset_password(
    state: State<'_, AppState>,
    id: String,
    password: String,
) -> R<StaffMember> {
    staff::reset_password(&state.db, &state.ctx()?, parse_id("id", &id)?, &password).await
}
