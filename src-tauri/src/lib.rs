//! The Konter desktop shell: Tauri commands over the `konter` core.
//!
//! A command deserialises its arguments, takes the signed-in staff member
//! from the session, calls one core function and returns its typed error
//! unchanged. No SQL and no business rule lives here.

mod commands;
mod state;

pub use state::AppState;

use konter::store::{shop, Db};
use std::path::PathBuf;
use tauri::{Manager, Runtime};

/// Registers the commands; `main` and the mock-runtime tests both use it.
pub fn run_app<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(commands::handler())
}

/// Where the database lives: `--db PATH`, else `KONTER_DB`, else the OS
/// app-data directory.
pub fn db_path_from(args: &[String], env: Option<String>, app_data: Option<PathBuf>) -> PathBuf {
    let flag = args
        .iter()
        .position(|a| a == "--db")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let flag = flag.or_else(|| {
        args.iter()
            .find_map(|a| a.strip_prefix("--db=").map(str::to_string))
    });
    flag.or(env.filter(|e| !e.is_empty()))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            app_data
                .unwrap_or_else(|| PathBuf::from("."))
                .join("konter.db")
        })
}

/// How long the counter may sit idle before it locks.
pub fn idle_limit(s: &konter::domain::shop::settings::CounterSettings) -> std::time::Duration {
    std::time::Duration::from_secs(u64::from(s.idle_lock_minutes) * 60)
}

/// The daily backup: checked at start and every ten minutes; progress and
/// the result reach the UI as events. Failures are reported, never fatal.
fn daily_backups<R: Runtime>(app: tauri::AppHandle<R>, db: Db) {
    use tauri::Emitter;
    tauri::async_runtime::spawn(async move {
        loop {
            let emit = |p| {
                let _ = app.emit("backup-progress", p);
            };
            match konter::store::shop::backup::daily_if_due(&db, chrono::Utc::now(), &emit).await {
                Ok(Some(info)) => {
                    let _ = app.emit("daily-backup", info);
                }
                Ok(None) => {}
                Err(e) => {
                    // The error's text carries no personal data (see error.rs).
                    eprintln!("daily backup failed: {e}");
                    let _ = app.emit("daily-backup-failed", e);
                }
            }
            tokio::time::sleep(std::time::Duration::from_secs(600)).await;
        }
    });
}

/// Unpaid transfer orders past their window are cancelled (and their stock
/// released) at start and every five minutes.
/// Branch sync: when this device is joined to a hub, a round every second
/// (push what waits, pull what others did), so a change at one counter is
/// on the others' screens within about two seconds on a LAN. Offline, the
/// rounds fail quietly and retry; the status bar shows it.
fn sync_rounds<R: Runtime>(app: tauri::AppHandle<R>, db: Db) {
    use tauri::Emitter;
    tauri::async_runtime::spawn(async move {
        let mut failing = false;
        let mut planned: Option<std::time::Instant> = None;
        loop {
            match konter::store::sync::round_if_joined(&db, chrono::Utc::now()).await {
                Ok(round) => {
                    failing = false;
                    // Contracts are planned from what the others did, pulled
                    // just now, never from this device's stale rows.
                    if round.is_some() && planned.is_none_or(|p| p.elapsed() >= PLAN_EVERY) {
                        plan_contract_visits(&db).await;
                        planned = Some(std::time::Instant::now());
                    }
                    // Screens showing shared data reload when others' changes
                    // arrived, or customers' requests from the hub's pages
                    // were carried out here.
                    if let Some(r) =
                        round.filter(|r| r.pulled.applied > r.pulled.own || r.carried > 0)
                    {
                        let _ =
                            app.emit("sync-pulled", r.pulled.applied - r.pulled.own + r.carried);
                    }
                }
                Err(e) => {
                    if !failing {
                        eprintln!("sync: {e}");
                    }
                    failing = true;
                }
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    });
}

fn expire_unpaid_orders(db: Db) {
    tauri::async_runtime::spawn(async move {
        // Once per start: web payments the store never proved are voided.
        if let Err(e) =
            konter::store::web_store::import::void_unproven_payments(&db, chrono::Utc::now()).await
        {
            eprintln!("checking imported payments failed: {e}");
        }
        loop {
            if let Err(e) = konter::store::sales::flow::expire_unpaid(&db, chrono::Utc::now()).await
            {
                eprintln!("expiring unpaid orders failed: {e}");
            }
            tokio::time::sleep(std::time::Duration::from_secs(300)).await;
        }
    });
}

/// How often contracts' planned visits are made as they come in reach.
const PLAN_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Maintenance contracts' planned visits, made as they come within the
/// horizon (idempotent; a failure is retried).
async fn plan_contract_visits(db: &Db) {
    if let Err(e) = konter::store::field::contract_plan::roll(db, chrono::Utc::now()).await {
        eprintln!("planning contract visits failed: {e}");
    }
}

/// A standalone device plans at start and every hour; a joined one from
/// its sync loop, right after a round went through (`sync_rounds`).
fn plan_standalone(db: Db) {
    tauri::async_runtime::spawn(async move {
        loop {
            if matches!(konter::store::sync::config(&db).await, Ok(None)) {
                plan_contract_visits(&db).await;
            }
            tokio::time::sleep(PLAN_EVERY).await;
        }
    });
}

/// When the process started, for the start-up time `ui_ready` reports.
pub(crate) static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

pub fn run() {
    STARTED.get_or_init(std::time::Instant::now);
    let args: Vec<String> = std::env::args().collect();
    let demo = args.iter().any(|a| a == "--demo");
    run_app(tauri::Builder::default())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            let path = db_path_from(
                &args,
                std::env::var("KONTER_DB").ok(),
                app.path().app_data_dir().ok(),
            );
            // A restore staged in Settings is swapped in before anything opens the file.
            konter::store::shop::backup::apply_pending(&path, chrono::Utc::now())?;
            let db = tauri::async_runtime::block_on(async {
                let db = Db::open(&path).await?;
                if demo && !shop::is_setup(&db).await? {
                    let owner = konter::demo::setup_shop(&db, chrono::Utc::now()).await?;
                    konter::demo::fill(&db, &owner, 40, 60, 7, chrono::Utc::now()).await?;
                    konter::demo::fill_shop(&db, &owner, chrono::Utc::now()).await?;
                }
                Ok::<_, konter::Error>(db)
            })?;
            if let Some(t) = STARTED.get() {
                eprintln!(
                    "konter: database ready {} ms after start",
                    t.elapsed().as_millis()
                );
            }
            let settings = tauri::async_runtime::block_on(konter::store::shop::settings::get(&db))?;
            app.manage(AppState::new(db.clone(), path, idle_limit(&settings)));
            daily_backups(app.handle().clone(), db.clone());
            sync_rounds(app.handle().clone(), db.clone());
            plan_standalone(db.clone());
            expire_unpaid_orders(db);
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("Konter failed to start");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_path_precedence() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let data = Some(PathBuf::from("/data"));
        assert_eq!(
            db_path_from(
                &args(&["k", "--db", "/x.db"]),
                Some("/env.db".into()),
                data.clone()
            ),
            PathBuf::from("/x.db")
        );
        assert_eq!(
            db_path_from(&args(&["k", "--db=/y.db"]), None, data.clone()),
            PathBuf::from("/y.db")
        );
        assert_eq!(
            db_path_from(&args(&["k"]), Some("/env.db".into()), data.clone()),
            PathBuf::from("/env.db")
        );
        assert_eq!(
            db_path_from(&args(&["k"]), None, data),
            PathBuf::from("/data/konter.db")
        );
    }
}
