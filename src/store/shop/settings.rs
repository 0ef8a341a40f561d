//! The counter settings as stored: one `settings` row per key, read with
//! defaults for keys never written, changed with before → after in the audit.

use crate::domain::shop::settings::CounterSettings;
use crate::domain::staff::permissions::Action;
use crate::error::Result;
use crate::store::{shop::outbox, Ctx, Db};

pub async fn get(db: &Db) -> Result<CounterSettings> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM settings")
        .fetch_all(&db.pool)
        .await?;
    let mut s = CounterSettings::default();
    for (key, value) in rows {
        let num = || value.parse::<u32>().ok();
        match key.as_str() {
            "idle_lock_minutes" => s.idle_lock_minutes = num().unwrap_or(s.idle_lock_minutes),
            "discount_limit_percent" => {
                s.discount_limit_percent = num().unwrap_or(s.discount_limit_percent)
            }
            "backup_dir" => s.backup_dir = Some(value).filter(|v| !v.is_empty()),
            "backup_keep" => s.backup_keep = num().unwrap_or(s.backup_keep),
            "backup_daily" => s.backup_daily = value == "1",
            "payment_window_hours" => {
                s.payment_window_hours = num().unwrap_or(s.payment_window_hours)
            }
            "customer_may_cancel_paid" => s.customer_may_cancel_paid = value == "1",
            "reship_fee" => s.reship_fee = value.parse().unwrap_or(s.reship_fee),
            "cancel_fee_percent" => s.cancel_fee_percent = num().unwrap_or(s.cancel_fee_percent),
            "shipping" => {
                if let Ok(r) = serde_json::from_str(&value) {
                    s.shipping = r;
                }
            }
            "visits" => {
                if let Ok(p) = serde_json::from_str(&value) {
                    s.visits = p;
                }
            }
            "return_policy" => {
                if let Ok(p) = serde_json::from_str(&value) {
                    s.return_policy = p;
                }
            }
            "cod_regions" => {
                if let Ok(list) = serde_json::from_str(&value) {
                    s.cod_regions = list;
                }
            }
            _ => {}
        }
    }
    Ok(s)
}

pub async fn update(db: &Db, ctx: &Ctx, input: CounterSettings) -> Result<CounterSettings> {
    ctx.require(Action::ManageShop)?;
    let after = input.validate()?;
    let before = get(db).await?;
    if before.backup_dir != after.backup_dir
        || before.backup_keep != after.backup_keep
        || before.backup_daily != after.backup_daily
    {
        ctx.require(Action::Backup)?;
    }
    let rows = [
        ("idle_lock_minutes", after.idle_lock_minutes.to_string()),
        (
            "discount_limit_percent",
            after.discount_limit_percent.to_string(),
        ),
        ("backup_dir", after.backup_dir.clone().unwrap_or_default()),
        ("backup_keep", after.backup_keep.to_string()),
        ("backup_daily", (after.backup_daily as u8).to_string()),
        (
            "payment_window_hours",
            after.payment_window_hours.to_string(),
        ),
        (
            "cod_regions",
            serde_json::to_string(&after.cod_regions).unwrap_or_default(),
        ),
        (
            "customer_may_cancel_paid",
            (after.customer_may_cancel_paid as u8).to_string(),
        ),
        ("cancel_fee_percent", after.cancel_fee_percent.to_string()),
        ("reship_fee", after.reship_fee.to_string()),
        (
            "shipping",
            serde_json::to_string(&after.shipping).unwrap_or_default(),
        ),
        (
            "visits",
            serde_json::to_string(&after.visits).unwrap_or_default(),
        ),
        (
            "return_policy",
            serde_json::to_string(&after.return_policy).unwrap_or_default(),
        ),
    ];
    let mut tx = db.begin().await?;
    for (key, value) in rows {
        sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
    }
    outbox::append_change(
        &mut tx,
        ctx,
        "settings",
        uuid::Uuid::nil(),
        "update",
        &before,
        &after,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
