//! Storage over SQLite: one module per aggregate, runtime `sqlx::query_as`
//! (no live database needed to build), one transaction per action.
//!
//! Every write goes through [`Db::begin`]: `BEGIN IMMEDIATE` (so two counters
//! writing at once queue on the busy timeout instead of deadlocking), the
//! action, its events, its `outbox` row, then commit. If anything fails the
//! transaction is dropped and nothing is written.

pub mod cash;
pub mod customers;
pub mod field;
pub mod print;
pub mod repairs;
pub mod reports;
pub mod returns;
pub mod sales;
pub mod search;
pub mod service;
pub mod shop;
pub mod staff;
pub mod sync;
pub mod today;
pub mod warranty;
pub mod web;
pub mod web_store;

use crate::domain::staff::permissions::{self, Action};
use crate::domain::staff::Role;
use crate::error::{Error, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;
use uuid::Uuid;

pub type Tx = Transaction<'static, Sqlite>;

/// Who does an action, and when. Every event and outbox row records both.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    pub staff_id: Uuid,
    pub role: Role,
    pub now: DateTime<Utc>,
}

impl Ctx {
    /// Refuses the action unless the permission matrix allows it for this role.
    pub fn require(&self, action: Action) -> Result<()> {
        if permissions::allows(self.role, action) {
            Ok(())
        } else {
            Err(Error::forbidden(format!(
                "role {} may not {}",
                self.role.as_str(),
                action.as_str()
            )))
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: SqlitePool,
}

/// The schema version this build knows (the newest embedded migration).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

impl Db {
    /// Opens (creating if missing) the database file and applies migrations.
    pub async fn open(path: &Path) -> Result<Db> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| Error::Storage {
                    message: format!("cannot create the data directory: {e}"),
                })?;
            }
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(15))
            // 32 MB of page cache per connection (default 2 MB): bulk writes
            // keep their dirty pages in memory until the commit.
            .pragma("cache_size", "-32000");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        let db = Db { pool };
        // A device joined to a hub captures its changes from its first write.
        sync::refresh(&db).await?;
        Ok(db)
    }

    /// Starts a write transaction that holds the write lock from the start.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

pub fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn parse_ts(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_default()
}

pub fn parse_id(field: &str, s: &str) -> Result<Uuid> {
    Uuid::parse_str(s.trim()).map_err(|_| Error::validation(field, "invalid_id", "not a valid id"))
}
