//! This PC's printers as stored: the device's own `settings` row
//! 'printers' (never synced), saved by an owner or admin with before ->
//! after in the audit.

use crate::domain::print::settings::Printers;
use crate::domain::staff::permissions::Action;
use crate::error::{Error, Result};
use crate::store::{shop::outbox, Ctx, Db};
use uuid::Uuid;

/// This device's printers (none set: everything opens in the viewer).
pub async fn printers(db: &Db) -> Result<Printers> {
    let v: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = 'printers'")
        .fetch_optional(&db.pool)
        .await?;
    Ok(v.and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

/// Saves this device's printers (owner or admin), before → after audited.
pub async fn set_printers(db: &Db, ctx: &Ctx, input: Printers) -> Result<Printers> {
    ctx.require(Action::ManageShop)?;
    let after = input.validate()?;
    let before = printers(db).await?;
    let value = serde_json::to_string(&after).map_err(|e| Error::Storage {
        message: e.to_string(),
    })?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ('printers', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(&value)
    .execute(&mut *tx)
    .await?;
    outbox::append_change(
        &mut tx,
        ctx,
        "printers",
        Uuid::nil(),
        "update",
        &before,
        &after,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
