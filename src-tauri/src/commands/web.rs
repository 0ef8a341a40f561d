//! Commands of the shop's public face: the public address and the owner's
//! message wording (Settings), a prepared WhatsApp message opened in the
//! system browser, and a customer's payment proof opened from the hub.

use crate::AppState;
use konter::store::web::{self, messages, PublicFace};
use konter::Error;
use tauri::{AppHandle, Runtime, State};

type R<T> = Result<T, Error>;

#[tauri::command]
pub async fn public_face(state: State<'_, AppState>) -> R<PublicFace> {
    state.ctx()?;
    web::get(&state.db).await
}

#[tauri::command]
pub async fn update_public_face(state: State<'_, AppState>, input: PublicFace) -> R<PublicFace> {
    web::update(&state.db, &state.ctx()?, input).await
}

/// Prepares the message and opens its wa.me link in the system browser
/// (not under `KONTER_NO_VIEWER`); returns the text and the link.
#[tauri::command]
pub async fn send_message<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    input: messages::PrepareMessage,
) -> R<messages::PreparedMessage> {
    use tauri_plugin_opener::OpenerExt;
    state.ctx()?;
    let m = messages::prepare(&state.db, &input).await?;
    if std::env::var_os("KONTER_NO_VIEWER").is_none() && m.link.starts_with("https://wa.me/") {
        app.opener()
            .open_url(m.link.clone(), None::<&str>)
            .map_err(|e| Error::Document {
                message: format!("no browser to open WhatsApp: {e}"),
            })?;
    }
    Ok(m)
}

/// Opens a payment's proof (kept at the hub) in the system viewer; returns
/// where it was written.
#[tauri::command]
pub async fn open_proof<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    payment_id: String,
) -> R<String> {
    let (kind, bytes) = web::proof(&state.db, &state.ctx()?, &payment_id).await?;
    let name = format!(
        "bukti-{payment_id}.{}",
        konter::domain::web::proof::extension(kind)
    );
    super::show(&app, &state, &name, &bytes)
}
