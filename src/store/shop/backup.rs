//! Backups of the live database and restoring one.
//!
//! A backup is `VACUUM INTO` a new file while the app keeps working (an
//! online, consistent copy), rotated to keep the newest N. A restore is
//! checked first (`integrity_check`, schema not newer than this build), then
//! staged as `restore-pending.db` beside the live file and swapped in at the
//! next start, before anything opens the database; the replaced database is
//! kept as a backup itself.

use crate::domain::staff::permissions::Action;
use crate::error::{Error, Result};
use crate::store::{Ctx, Db, MIGRATOR};
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

/// How far a running backup is, for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct BackupProgress {
    #[ts(type = "number")]
    pub copied: u64,
    #[ts(type = "number")]
    pub total: u64,
    pub done: bool,
}

/// A backup on demand (owner or admin) into a folder they chose.
pub async fn backup_now(
    db: &Db,
    ctx: &Ctx,
    dir: &Path,
    keep: usize,
    progress: &(dyn Fn(BackupProgress) + Sync),
) -> Result<BackupInfo> {
    ctx.require(Action::Backup)?;
    backup_to(db, dir, keep, ctx.now, progress).await
}

/// The daily backup: runs when it is switched on, has a folder, and that
/// folder holds no backup from today (the shop's local day) yet. The shell
/// calls this at start and every few minutes.
pub async fn daily_if_due(
    db: &Db,
    now: DateTime<Utc>,
    progress: &(dyn Fn(BackupProgress) + Sync),
) -> Result<Option<BackupInfo>> {
    let settings = crate::store::shop::settings::get(db).await?;
    let (true, Some(dir)) = (settings.backup_daily, settings.backup_dir) else {
        return Ok(None);
    };
    let dir = PathBuf::from(dir);
    let tz = crate::store::shop::profile(db).await?.tz();
    let today = now.with_timezone(&tz).date_naive();
    let done_today = existing(&dir)
        .iter()
        .filter_map(|p| taken_at(p))
        .any(|at| at.with_timezone(&tz).date_naive() == today);
    if done_today {
        return Ok(None);
    }
    backup_to(db, &dir, settings.backup_keep as usize, now, progress)
        .await
        .map(Some)
}

/// Backups in `dir`, oldest first (the name carries the UTC time).
fn existing(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| taken_at(p).is_some())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn taken_at(path: &Path) -> Option<DateTime<Utc>> {
    let name = path.file_name()?.to_str()?;
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(".db")?;
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S%.3f")
        .ok()
        .map(|t| t.and_utc())
}

/// Online backup into `dir`, keeping the newest `keep` backups there.
/// `VACUUM INTO` is one statement, so progress is the size of the growing
/// copy against the live database's size, sampled every 100 ms.
pub async fn backup_to(
    db: &Db,
    dir: &Path,
    keep: usize,
    now: DateTime<Utc>,
    progress: &(dyn Fn(BackupProgress) + Sync),
) -> Result<BackupInfo> {
    if keep == 0 || keep > 365 {
        return Err(Error::validation(
            "keep",
            "invalid",
            "keep 1 to 365 backups",
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|_| Error::validation("dir", "invalid_dir", "cannot use this folder"))?;
    // Two backups in the same millisecond get consecutive names.
    let mut at = now;
    let mut path = dir.join(format!("{PREFIX}{}.db", at.format("%Y%m%d-%H%M%S%.3f")));
    while path.exists() {
        at += chrono::Duration::milliseconds(1);
        path = dir.join(format!("{PREFIX}{}.db", at.format("%Y%m%d-%H%M%S%.3f")));
    }
    let (pages, page_size): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT page_count FROM pragma_page_count()), (SELECT page_size FROM pragma_page_size())",
    )
    .fetch_one(&db.pool)
    .await?;
    let total = (pages * page_size).max(0) as u64;
    let report = |done: bool| {
        let copied = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        progress(BackupProgress {
            copied: if done {
                total.max(copied)
            } else {
                copied.min(total)
            },
            total: if done { total.max(copied) } else { total },
            done,
        });
    };
    report(false);
    let target = path.to_string_lossy().to_string();
    let vacuum = sqlx::query("VACUUM INTO ?")
        .bind(target.clone())
        .execute(&db.pool);
    tokio::pin!(vacuum);
    loop {
        tokio::select! {
            r = &mut vacuum => { r?; break; }
            _ = tokio::time::sleep(std::time::Duration::from_millis(100)) => report(false),
        }
    }
    report(true);
    let bytes = std::fs::metadata(&path).map_err(io)?.len();
    let mut all = existing(dir);
    let mut removed = vec![];
    while all.len() > keep {
        let old = all.remove(0);
        std::fs::remove_file(&old).map_err(io)?;
        removed.push(old.to_string_lossy().to_string());
    }
    Ok(BackupInfo {
        path: target,
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

/// Checks `backup` and stages it to replace the live database at next
/// start (the owner only).
pub async fn stage_restore(ctx: &Ctx, live: &Path, backup: &Path) -> Result<()> {
    ctx.require(Action::Restore)?;
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
