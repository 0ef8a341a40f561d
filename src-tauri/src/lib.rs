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

pub fn run() {
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
            konter::store::backup::apply_pending(&path, chrono::Utc::now())?;
            let db = tauri::async_runtime::block_on(async {
                let db = Db::open(&path).await?;
                if demo && !shop::is_setup(&db).await? {
                    let owner = konter::demo::setup_shop(&db, chrono::Utc::now()).await?;
                    konter::demo::fill(&db, &owner, 40, 60, 7, chrono::Utc::now()).await?;
                }
                Ok::<_, konter::Error>(db)
            })?;
            app.manage(AppState::new(db, path));
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
