//! Joining a hub: the one-time code exchanged for this device's credential,
//! then, in one transaction, the device's sync state, its capture triggers
//! and (for a standalone shop promoted to the hub) its whole database queued.

use super::{capture, client, config};
use crate::domain::staff::permissions::Action;
use crate::domain::sync::Enrolment;
use crate::error::{check, Error, Result};
use crate::store::{ts, Ctx, Db};
use chrono::{DateTime, Utc};
use ts_rs::TS;

/// Joins this device to a hub with the enrolment the hub gave for its code.
/// `promote`: this shop's whole database is queued for upload (it becomes the
/// hub's first device; an owner's decision). Otherwise the device starts
/// empty and receives the shop from the hub.
pub async fn join(
    db: &Db,
    ctx: Option<&Ctx>,
    hub_url: &str,
    e: &Enrolment,
    promote: bool,
    now: DateTime<Utc>,
) -> Result<u64> {
    if promote {
        let ctx =
            ctx.ok_or_else(|| Error::forbidden("promoting the shop needs its owner signed in"))?;
        ctx.require(Action::ManageShop)?;
    }
    let mut tx = db.begin().await?;
    if sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sync_config")
        .fetch_one(&mut *tx)
        .await?
        > 0
    {
        return Err(Error::invalid_state(
            "already_joined",
            "this device is already joined to a hub",
        ));
    }
    let local: Option<(String, String)> =
        sqlx::query_as("SELECT branch_code, counter_code FROM shop WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await?;
    match (&local, promote) {
        (Some((b, c)), _) if b != &e.branch_code || c != &e.counter_code => {
            return Err(Error::validation(
                "code",
                "counter_mismatch",
                format!(
                    "the code is for counter {}-{}, this device is {b}-{c}",
                    e.branch_code, e.counter_code
                ),
            ));
        }
        (Some(_), false) => {
            return Err(Error::validation(
                "code",
                "device_not_empty",
                "this device already has a shop: join it as the hub's first device (promote)",
            ));
        }
        (None, true) => {
            return Err(Error::invalid_state(
                "not_set_up",
                "there is no shop on this device to upload",
            ));
        }
        _ => {}
    }
    sqlx::query(
        "INSERT INTO sync_config (id, hub_url, shop_id, device_id, token, branch_code, counter_code, joined_at, snapshot_pending)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(hub_url.trim_end_matches('/'))
    .bind(e.shop_id.to_string())
    .bind(e.device_id.to_string())
    .bind(&e.token)
    .bind(&e.branch_code)
    .bind(&e.counter_code)
    .bind(ts(now))
    // An empty device downloads the shop's rows first.
    .bind(!promote)
    .execute(&mut *tx)
    .await?;
    capture::install(&mut tx).await?;
    let queued = if let (true, Some(ctx)) = (promote, ctx) {
        capture::snapshot(&mut tx, ctx.staff_id).await?
    } else {
        0
    };
    tx.commit().await?;
    Ok(queued)
}

/// What the counter types to join a hub.
#[derive(Debug, Clone, serde::Deserialize, TS)]
pub struct JoinInput {
    pub hub_url: String,
    pub code: String,
    pub device_name: String,
}

/// Joins this device to the hub at `hub_url` with a one-time code: a set-up
/// shop is promoted (its owner signed in), an empty device receives the shop.
pub async fn join_hub(
    db: &Db,
    ctx: Option<&Ctx>,
    input: &JoinInput,
    now: DateTime<Utc>,
) -> Result<u64> {
    let url = check::required("hub_url", &input.hub_url, 200)?;
    let code = check::required("code", &input.code, 40)?;
    let name = check::required("device_name", &input.device_name, 100)?;
    let set_up = crate::store::shop::is_setup(db).await?;
    if set_up {
        // Fail fast, before the code is spent at the hub.
        ctx.ok_or_else(|| Error::forbidden("promoting the shop needs its owner signed in"))?
            .require(Action::ManageShop)?;
    }
    if config(db).await?.is_some() {
        return Err(Error::invalid_state(
            "already_joined",
            "this device is already joined to a hub",
        ));
    }
    // A refused code is shown next to the code field.
    let e = client::enrol(&url, &code, &name)
        .await
        .map_err(|e| match e {
            Error::Unauthorized { code, message } => Error::Validation {
                field: "code".into(),
                code,
                message,
            },
            other => other,
        })?;
    join(db, ctx, &url, &e, set_up, now).await
}
