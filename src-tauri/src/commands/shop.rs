//! Commands of the shop itself: first-run setup and the profile, the
//! working calendar (holidays, opening hours), and the owner's tools:
//! counter settings, the audit trail, backup and restore; and the files
//! kept with a record (attachments).

use super::save_file;
use crate::AppState;
use konter::domain::attachment::AttachmentInput;
use konter::domain::shop::holidays::Holiday;
use konter::domain::shop::settings::CounterSettings;
use konter::domain::shop::ShopProfile;
use konter::store::shop::attachments;
use konter::store::shop::audit::{self, AuditCheck};
use konter::store::shop::audit_view::{self, AuditQuery, AuditRow};
use konter::store::shop::backup::{self, BackupInfo};
use konter::store::shop::calendar::{self, DayHoursInput, HolidayInput};
use konter::store::shop::settings;
use konter::store::shop::{self, AppStatus, SetupInput};
use konter::store::staff::Session;
use konter::Error;
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, Runtime, State};

type R<T> = Result<T, Error>;

/// Re-computes the audit hash chain (owner and admin).
#[tauri::command]
pub async fn verify_audit(state: State<'_, AppState>) -> R<AuditCheck> {
    audit::verify(&state.db, &state.ctx()?).await
}

#[tauri::command]
pub async fn audit_entries(state: State<'_, AppState>, query: AuditQuery) -> R<Vec<AuditRow>> {
    audit_view::list(&state.db, &state.ctx()?, &query).await
}

#[tauri::command]
pub async fn audit_kinds(state: State<'_, AppState>) -> R<Vec<String>> {
    audit_view::entities(&state.db, &state.ctx()?).await
}

/// Writes the filtered audit trail as CSV where the owner chooses.
#[tauri::command]
pub async fn export_audit<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    query: AuditQuery,
) -> R<Option<String>> {
    let ctx = state.ctx()?;
    let csv = audit_view::export_csv(&state.db, &ctx, &query).await?;
    let name = format!("konter-audit-{}.csv", ctx.now.format("%Y%m%d"));
    save_file(&app, &name, ("CSV", "csv"), csv.as_bytes()).await
}

#[tauri::command]
pub async fn counter_settings(state: State<'_, AppState>) -> R<CounterSettings> {
    state.ctx()?;
    settings::get(&state.db).await
}

#[tauri::command]
pub async fn update_settings(
    state: State<'_, AppState>,
    input: CounterSettings,
    seen: Option<CounterSettings>,
) -> R<CounterSettings> {
    // The form's own changes only, over what stands now (another panel's or
    // another counter's save since is kept).
    let ctx = state.ctx()?;
    let saved = match seen {
        Some(seen) => settings::update_changed(&state.db, &ctx, &seen, input).await?,
        None => settings::update(&state.db, &ctx, input).await?,
    };
    state.set_idle_limit(crate::idle_limit(&saved));
    Ok(saved)
}

/// A native folder picker for the daily backup folder.
#[tauri::command]
pub async fn choose_backup_dir<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
) -> R<Option<String>> {
    state
        .ctx()?
        .require(konter::domain::staff::permissions::Action::Backup)?;
    Ok(pick(&app, true)
        .await?
        .map(|p| p.to_string_lossy().to_string()))
}

/// Backs up now into the configured folder (or one asked for), reporting
/// progress as `backup-progress` events.
#[tauri::command]
pub async fn backup_now<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
) -> R<Option<BackupInfo>> {
    let ctx = state.ctx()?;
    ctx.require(konter::domain::staff::permissions::Action::Backup)?;
    let s = settings::get(&state.db).await?;
    let dir = match s.backup_dir {
        Some(d) => PathBuf::from(d),
        None => match pick(&app, true).await? {
            Some(d) => d,
            None => return Ok(None),
        },
    };
    let emit = |p| {
        let _ = app.emit("backup-progress", p);
    };
    backup::backup_now(&state.db, &ctx, &dir, s.backup_keep as usize, &emit)
        .await
        .map(Some)
}

/// Asks for a backup file, checks it and stages it for the next start.
#[tauri::command]
pub async fn restore_backup<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
) -> R<Option<String>> {
    let ctx = state.ctx()?;
    ctx.require(konter::domain::staff::permissions::Action::Restore)?;
    let Some(file) = pick(&app, false).await? else {
        return Ok(None);
    };
    backup::stage_restore(&ctx, &state.db_path, &file).await?;
    Ok(Some(file.to_string_lossy().to_string()))
}

/// A native folder or .db file picker, answered through a channel.
async fn pick<Rt: Runtime>(app: &AppHandle<Rt>, folder: bool) -> R<Option<PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let dialog = app.dialog().file();
    if folder {
        dialog.pick_folder(move |p| {
            let _ = tx.send(p);
        });
    } else {
        dialog
            .add_filter("Konter backup", &["db"])
            .pick_file(move |p| {
                let _ = tx.send(p);
            });
    }
    let Some(choice) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    choice
        .into_path()
        .map(Some)
        .map_err(|_| Error::validation("path", "invalid", "unsupported location"))
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> R<AppStatus> {
    Ok(AppStatus {
        setup_done: shop::is_setup(&state.db).await?,
        session: state.peek(),
        defaults: ShopProfile::indonesian_defaults(),
        defaults_tr: ShopProfile::turkish_defaults(),
    })
}

/// The first screen is drawn: how long the start took goes to the log and,
/// once, to the file `KONTER_READY_FILE` names (the start-up benchmark's
/// signal that the window is usable).
#[tauri::command]
pub fn ui_ready() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let ms = crate::STARTED.get().map_or(0, |t| t.elapsed().as_millis());
        eprintln!("konter: window usable {ms} ms after start");
        if let Some(path) = std::env::var_os("KONTER_READY_FILE") {
            if let Err(e) = std::fs::write(path, format!("{ms}\n")) {
                eprintln!("konter: could not write the ready file: {e}");
            }
        }
    });
}

#[tauri::command]
pub async fn setup_shop(state: State<'_, AppState>, input: SetupInput) -> R<Session> {
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
pub async fn shop_profile(state: State<'_, AppState>) -> R<ShopProfile> {
    state.ctx()?;
    shop::profile(&state.db).await
}

#[tauri::command]
pub async fn update_shop(state: State<'_, AppState>, profile: ShopProfile) -> R<ShopProfile> {
    shop::update_profile(&state.db, &state.ctx()?, profile).await
}

#[tauri::command]
pub async fn holidays(state: State<'_, AppState>) -> R<Vec<Holiday>> {
    state.ctx()?;
    calendar::holidays(&state.db).await
}

#[tauri::command]
pub async fn add_holiday(state: State<'_, AppState>, input: HolidayInput) -> R<Holiday> {
    calendar::add_holiday(&state.db, &state.ctx()?, input).await
}

#[tauri::command]
pub async fn remove_holiday(state: State<'_, AppState>, date: String) -> R<()> {
    calendar::remove_holiday(&state.db, &state.ctx()?, &date).await
}

#[tauri::command]
pub async fn working_hours(state: State<'_, AppState>) -> R<Vec<DayHoursInput>> {
    state.ctx()?;
    calendar::working_hours(&state.db).await
}

#[tauri::command]
pub async fn set_working_hours(
    state: State<'_, AppState>,
    days: Vec<DayHoursInput>,
) -> R<Vec<DayHoursInput>> {
    calendar::set_working_hours(&state.db, &state.ctx()?, days).await
}

/// Keeps a file with a service order or a trade-in; the record's files.
#[tauri::command]
pub async fn add_attachment(
    state: State<'_, AppState>,
    subject: attachments::Subject,
    subject_id: String,
    file: AttachmentInput,
) -> R<Vec<attachments::AttachmentInfo>> {
    let id = konter::store::parse_id("subject_id", &subject_id)?;
    attachments::add(&state.db, &state.ctx()?, subject, id, file).await
}

/// Writes a kept file next to the database and opens it.
#[tauri::command]
pub async fn open_attachment<Rt: Runtime>(
    app: AppHandle<Rt>,
    state: State<'_, AppState>,
    id: String,
) -> R<String> {
    state.ctx()?;
    let id = konter::store::parse_id("id", &id)?;
    let (name, mime, bytes) = attachments::read(&state.db, id).await?;
    // Opened by what the bytes are, never by the name it was given.
    let ext = match mime.as_str() {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        _ => "pdf",
    };
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
    super::show(&app, &state, &format!("{stem}.{ext}"), &bytes)
}
