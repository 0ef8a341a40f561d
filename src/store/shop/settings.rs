//! The counter settings as stored: one row per key, read with defaults for
//! keys never written, changed with before → after in the audit. The shop's
//! rules are in `shop_settings` (shared: every device of a joined shop
//! works by the same ones); this device's own (its idle lock and backups)
//! in `settings`, which never syncs.

use crate::domain::shop::settings::CounterSettings;
use crate::domain::staff::permissions::Action;
use crate::error::Result;
use crate::store::{shop::outbox, Ctx, Db};

pub async fn get(db: &Db) -> Result<CounterSettings> {
    // Each key from its own table only: a device key arriving among the
    // shop's rules (a forged row) never overrides this device's own.
    let rows: Vec<(String, String, bool)> = sqlx::query_as(
        "SELECT key, value, 1 FROM settings UNION ALL SELECT key, value, 0 FROM shop_settings",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(parse(rows.into_iter().filter_map(|(key, value, own)| {
        (own == DEVICE_KEYS.contains(&key.as_str())).then_some((key, value))
    })))
}

/// The settings from their stored keys and values, defaults for the rest.
fn parse(rows: impl IntoIterator<Item = (String, String)>) -> CounterSettings {
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
            "stale_ticket_days" => s.stale_ticket_days = num().unwrap_or(s.stale_ticket_days),
            "stale_service_days" => s.stale_service_days = num().unwrap_or(s.stale_service_days),
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
    s
}

/// Saves what the person changed: the settings where `input` differs from
/// `seen` (as their form had them), on top of the settings as they stand
/// now, so a rule saved meanwhile from another panel or at another counter
/// is not set back to what the form showed.
pub async fn update_changed(
    db: &Db,
    ctx: &Ctx,
    seen: &CounterSettings,
    input: CounterSettings,
) -> Result<CounterSettings> {
    let now = get(db).await?;
    let merged = stored(&now)
        .into_iter()
        .zip(stored(seen))
        .zip(stored(&input))
        .map(|(((key, now), (_, seen)), (_, wanted))| {
            (key.to_string(), if wanted != seen { wanted } else { now })
        });
    update(db, ctx, parse(merged)).await
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
    let (before_rows, after_rows) = (stored(&before), stored(&after));
    let mut tx = db.begin().await?;
    // On a joined device, the shop's rules it has never had from the hub
    // (set before the rules were shared, or never set: the defaults) go
    // with this save, in the name of the owner or admin saving, so every
    // counter works by the same ones.
    let joined: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sync_config)")
        .fetch_one(&mut *tx)
        .await?;
    let at_hub: Vec<String> =
        sqlx::query_scalar("SELECT row_key FROM sync_versions WHERE tbl = 'shop_settings'")
            .fetch_all(&mut *tx)
            .await?;
    // Otherwise only what changed is written: a save is no change to the
    // rules left as they were (nor a conflict with another counter's save
    // of them).
    for ((key, old), (_, value)) in before_rows.iter().zip(&after_rows) {
        let device = DEVICE_KEYS.contains(key);
        if old == value && (device || !joined || at_hub.iter().any(|k| k == key)) {
            continue;
        }
        let table = if device { "settings" } else { "shop_settings" };
        sqlx::query(&format!("INSERT INTO {table} (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"))
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

/// The keys that belong to this device, never synced.
const DEVICE_KEYS: [&str; 4] = [
    "idle_lock_minutes",
    "backup_dir",
    "backup_keep",
    "backup_daily",
];

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Each key with its value as stored.
fn stored(s: &CounterSettings) -> [(&'static str, String); 15] {
    [
        ("idle_lock_minutes", s.idle_lock_minutes.to_string()),
        (
            "discount_limit_percent",
            s.discount_limit_percent.to_string(),
        ),
        ("backup_dir", s.backup_dir.clone().unwrap_or_default()),
        ("backup_keep", s.backup_keep.to_string()),
        ("backup_daily", (s.backup_daily as u8).to_string()),
        ("payment_window_hours", s.payment_window_hours.to_string()),
        ("cod_regions", json(&s.cod_regions)),
        (
            "customer_may_cancel_paid",
            (s.customer_may_cancel_paid as u8).to_string(),
        ),
        ("cancel_fee_percent", s.cancel_fee_percent.to_string()),
        ("reship_fee", s.reship_fee.to_string()),
        ("shipping", json(&s.shipping)),
        ("visits", json(&s.visits)),
        ("return_policy", json(&s.return_policy)),
        ("stale_ticket_days", s.stale_ticket_days.to_string()),
        ("stale_service_days", s.stale_service_days.to_string()),
    ]
}
