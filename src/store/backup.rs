//! Backups of the live database and restoring one.
//!
//! A backup is `VACUUM INTO` a new file while the app keeps working (an
//! online, consistent copy), rotated to keep the newest N. A restore is
//! checked first (`integrity_check`, schema not newer than this build), then
//! staged as `restore-pending.db` beside the live file and swapped in at the
//! next start, before anything opens the database; the replaced database is
//! kept as a backup itself.

use super::{Db, MIGRATOR};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::{Path, PathBuf};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupInfo {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Older backups deleted by rotation.
    pub removed: Vec<String>,
}

const PREFIX: &str = "konter-backup-";

fn io(e: std::io::Error) -> Error {
    Error::Storage {
        message: format!("backup: {e}"),
    }
}

/// Online backup into `dir`, keeping the newest `keep` backups there.
pub async fn backup_to(db: &Db, dir: &Path, keep: usize, now: DateTime<Utc>) -> Result<BackupInfo> {
    if keep == 0 || keep > 365 {
        return Err(Error::validation(
            "keep",
            "invalid",
            "keep 1 to 365 backups",
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|_| Error::validation("dir", "invalid_dir", "cannot use this folder"))?;
    let path = dir.join(format!("{PREFIX}{}.db", now.format("%Y%m%d-%H%M%S%.3f")));
    sqlx::query("VACUUM INTO ?")
        .bind(path.to_string_lossy().to_string())
        .execute(&db.pool)
        .await?;
    let bytes = std::fs::metadata(&path).map_err(io)?.len();
    let mut existing: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(".db"))
        })
        .collect();
    existing.sort();
    let mut removed = vec![];
    while existing.len() > keep {
        let old = existing.remove(0);
        std::fs::remove_file(&old).map_err(io)?;
        removed.push(old.to_string_lossy().to_string());
    }
    Ok(BackupInfo {
        path: path.to_string_lossy().to_string(),
        bytes,
        removed,
    })
}

/// Refuses a file that is not a healthy Konter database this build can read.
pub async fn check(path: &Path) -> Result<()> {
    let bad = |code: &str, message: &str| Error::validation("path", code, message);
    if !path.is_file() {
        return Err(bad("not_found", "no such file"));
    }
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .map_err(|_| bad("not_a_database", "not a Konter database"))?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .map_err(|_| bad("not_a_database", "not a Konter database"))?;
    if integrity != "ok" {
        return Err(bad("corrupt", "the database is damaged"));
    }
    let version: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .map_err(|_| bad("not_a_database", "not a Konter database"))?;
    let newest = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    match version {
        None => Err(bad("not_a_database", "not a Konter database")),
        Some(v) if v > newest => Err(bad(
            "newer_schema",
            "made by a newer Konter: update this app first",
        )),
        Some(_) => {
            conn.close().await.ok();
            Ok(())
        }
    }
}

fn pending(live: &Path) -> PathBuf {
    live.with_file_name("restore-pending.db")
}

/// Checks `backup` and stages it to replace the live database at next start.
pub async fn stage_restore(live: &Path, backup: &Path) -> Result<()> {
    check(backup).await?;
    std::fs::copy(backup, pending(live)).map_err(io)?;
    Ok(())
}

/// At start, before opening: swaps a staged restore in. The replaced
/// database is kept beside it as `konter-replaced-<time>.db`. Returns that
/// path when a restore happened.
pub fn apply_pending(live: &Path, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
    let staged = pending(live);
    if !staged.exists() {
        return Ok(None);
    }
    let kept = live.with_file_name(format!(
        "konter-replaced-{}.db",
        now.format("%Y%m%d-%H%M%S")
    ));
    if live.exists() {
        std::fs::rename(live, &kept).map_err(io)?;
        for suffix in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{suffix}", live.display()));
            if side.exists() {
                std::fs::rename(&side, PathBuf::from(format!("{}{suffix}", kept.display())))
                    .map_err(io)?;
            }
        }
    }
    std::fs::rename(&staged, live).map_err(io)?;
    Ok(Some(kept))
}
