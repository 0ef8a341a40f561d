//! konter-hub: the shop's own server that its counters, repair desks and
//! field devices sync through, on PostgreSQL. Devices push their upload
//! queues here; the hub checks each batch (credential, shop, schema, every
//! table and column), gives each change its place in the shop's gap-free
//! sequence, applies it to the shop's relational rows (schema `rows`),
//! records a conflict where two places changed one row while apart, and
//! hands the changes out in its order.
//!
//! Shares the wire types and batch rules with the devices
//! (`konter::domain::sync`); never needs Tauri. Trusts no device blindly:
//! a change is refused before anything is written unless the credential is
//! live and the batch is well formed for this hub's schema.

pub mod admin;
mod apply;
mod auth;
mod conflicts;
mod error;
mod facts;
mod pull;
mod push;
pub mod rows;
pub mod web;

pub use error::HubError;

use axum::routing::{get, post};
use axum::Router;
use sqlx::postgres::{PgPool, PgPoolOptions};
use std::collections::HashMap;
use std::sync::Arc;

/// The hub's migrations (its own tables and the shop rows' tables).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// What every request needs: the pool and the hub's schema of shop rows.
#[derive(Clone)]
pub struct Hub {
    pub pool: PgPool,
    /// Each table of `rows` with its key column and its columns.
    tables: Arc<HashMap<String, rows::RowTable>>,
    /// The oldest device schema this hub takes changes from.
    pub min_schema: i64,
    /// The public pages' settings.
    pub public: web::PublicConfig,
    /// The pages' keys and attempt counts.
    web: Arc<WebState>,
}

#[derive(Default)]
struct WebState {
    keys: web::Keys,
    limiter: web::Limiter,
    faces: web::Faces,
}

impl Hub {
    /// Connects, applies the migrations and reads the schema of shop rows.
    pub async fn open(database_url: &str) -> Result<Hub, HubError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect(database_url)
            .await?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| HubError::internal(format!("migrations: {e}")))?;
        let tables = rows::tables(&pool).await?;
        Ok(Hub {
            pool,
            tables: Arc::new(tables),
            min_schema: konter::store::sync::schema_version(),
            public: web::PublicConfig::from_env(),
            web: Arc::new(WebState::default()),
        })
    }

    pub fn router(self) -> Router {
        Router::new()
            .route("/v1/enrol", post(auth::enrol))
            .route("/v1/push", post(push::push))
            .route("/v1/pull", get(pull::pull))
            .route("/v1/snapshot", get(pull::snapshot))
            .route("/v1/conflicts", get(conflicts::open))
            .route("/health", get(|| async { "ok" }))
            .layer(axum::extract::DefaultBodyLimit::max(
                konter::domain::sync::MAX_BATCH_BYTES,
            ))
            .merge(web::routes())
            .with_state(self)
    }
}
