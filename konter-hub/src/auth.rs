//! Devices and their credentials: a one-time enrolment code exchanged for a
//! device id and a 256-bit random token, of which the hub keeps only the
//! SHA-256; every request names its device by that token, and a revoked
//! device is refused.

use crate::{Hub, HubError};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use base64::Engine;
use konter::domain::sync::{EnrolRequest, Enrolment};
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub(crate) fn digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The device a request comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Device {
    pub id: Uuid,
    pub shop_id: Uuid,
}

pub(crate) async fn device(hub: &Hub, headers: &HeaderMap) -> Result<Device, HubError> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .filter(|t| !t.is_empty() && t.len() <= 100)
        .ok_or_else(|| {
            HubError::unauthorized("no_credential", "this request carries no device credential")
        })?;
    let row: Option<(Uuid, Uuid, Option<chrono::DateTime<chrono::Utc>>)> =
        sqlx::query_as("SELECT id, shop_id, revoked_at FROM devices WHERE token_hash = $1")
            .bind(digest(token))
            .fetch_optional(&hub.pool)
            .await?;
    match row {
        None => Err(HubError::unauthorized(
            "unknown_device",
            "this device is not enrolled at the hub",
        )),
        Some((_, _, Some(_))) => Err(HubError::unauthorized(
            "device_revoked",
            "this device was revoked by the shop",
        )),
        Some((id, shop_id, None)) => Ok(Device { id, shop_id }),
    }
}

/// An enrolment code as stored: shop, branch, counter, expiry, when used.
type Code = (Uuid, String, String, Time, Option<Time>);
type Time = chrono::DateTime<chrono::Utc>;

/// POST /v1/enrol: a code for a device credential, once.
pub(crate) async fn enrol(
    State(hub): State<Hub>,
    body: axum::body::Bytes,
) -> Result<Json<Enrolment>, HubError> {
    let req: EnrolRequest = serde_json::from_slice(&body)
        .map_err(|_| HubError::bad("code", "malformed", "the enrolment request is not readable"))?;
    let name = req.device_name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(HubError::bad(
            "device_name",
            "required",
            "name this device (at most 100 characters)",
        ));
    }
    let code = req.code.trim().to_uppercase();
    let mut tx = hub.pool.begin().await?;
    let row: Option<Code> = sqlx::query_as(
        "SELECT shop_id, branch_code, counter_code, expires_at, used_at FROM enrolments WHERE code_hash = $1 FOR UPDATE",
    )
    .bind(digest(&code))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((shop_id, branch_code, counter_code, expires_at, used_at)) = row else {
        return Err(HubError::unauthorized(
            "unknown_code",
            "this enrolment code is not known",
        ));
    };
    if used_at.is_some() {
        return Err(HubError::unauthorized(
            "code_used",
            "this enrolment code was already used",
        ));
    }
    if expires_at < chrono::Utc::now() {
        return Err(HubError::unauthorized(
            "code_expired",
            "this enrolment code has expired",
        ));
    }
    let device_id = konter::domain::new_id();
    let token = new_token();
    let taken = sqlx::query(
        "INSERT INTO devices (id, shop_id, name, branch_code, counter_code, token_hash) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (shop_id, branch_code, counter_code) WHERE revoked_at IS NULL DO NOTHING",
    )
    .bind(device_id)
    .bind(shop_id)
    .bind(name)
    .bind(&branch_code)
    .bind(&counter_code)
    .bind(digest(&token))
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 0;
    if taken {
        return Err(HubError(konter::Error::Conflict {
            message: format!("counter {branch_code}-{counter_code} already has a device"),
        }));
    }
    sqlx::query("UPDATE enrolments SET used_at = now(), device_id = $2 WHERE code_hash = $1")
        .bind(digest(&code))
        .bind(device_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Json(Enrolment {
        shop_id,
        device_id,
        token,
        branch_code,
        counter_code,
    }))
}
