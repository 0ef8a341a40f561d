//! Commands of the web store: importing a file of WooCommerce orders and
//! pulling them from the store.

use crate::AppState;
use konter::domain::staff::permissions::Action;
use konter::store::web_store::import::{self, ImportReport};
use konter::Error;
use tauri::State;

type R<T> = Result<T, Error>;

/// Asks for a WooCommerce orders JSON file (an export of the REST API or a
/// saved webhook body) and imports it, reporting `import-progress` events.
#[tauri::command]
pub async fn import_woo_file<Rt: tauri::Runtime>(
    app: tauri::AppHandle<Rt>,
    state: State<'_, AppState>,
    store: String,
) -> R<Option<ImportReport>> {
    use tauri::Emitter;
    use tauri_plugin_dialog::DialogExt;
    let ctx = state.ctx()?;
    ctx.require(Action::Sell)?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .add_filter("WooCommerce JSON", &["json"])
        .pick_file(move |p| {
            let _ = tx.send(p);
        });
    let Some(choice) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    let path = choice
        .into_path()
        .map_err(|_| Error::validation("file", "invalid", "unsupported location"))?;
    let text = std::fs::read_to_string(&path)
        .map_err(|_| Error::validation("file", "unreadable", "cannot read this file as text"))?;
    let emit = |p| {
        let _ = app.emit("import-progress", p);
    };
    import::import_json(&state.db, &ctx, &store, &text, &emit)
        .await
        .map(Some)
}

/// Pulls orders from a WooCommerce store with its consumer key and secret
/// (used for this request only), reporting `import-progress` events.
#[tauri::command]
pub async fn pull_woo<Rt: tauri::Runtime>(
    app: tauri::AppHandle<Rt>,
    state: State<'_, AppState>,
    input: konter::store::web_store::pull::PullInput,
) -> R<ImportReport> {
    use tauri::Emitter;
    let ctx = state.ctx()?;
    let emit = |p| {
        let _ = app.emit("import-progress", p);
    };
    konter::store::web_store::pull::pull(&state.db, &ctx, input, &emit).await
}
