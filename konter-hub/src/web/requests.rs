//! The requests the public face takes and the devices carry out: kept with
//! the shop's head at the time, handed to one device (again to the same one
//! until it answers; to another once it was revoked or silent for ten
//! minutes, when the shop has moved on from then), settled with the
//! device's word.

use crate::auth::device;
use crate::{Hub, HubError};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use konter::domain::web::{ClaimRequest, RequestKind, Settle, WebRequest};
use uuid::Uuid;

/// A proof file to keep with a request: media type, SHA-256, bytes.
pub(crate) struct Proof {
    pub id: Uuid,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Keeps a request (and its proof) in one transaction; `false` when an
/// equal one is already kept (a redelivered webhook, a second click).
pub(crate) async fn take(
    hub: &Hub,
    shop: Uuid,
    kind: RequestKind,
    subject: &str,
    payload: serde_json::Value,
    dedupe: Option<&str>,
) -> Result<bool, HubError> {
    take_with(hub, shop, kind, subject, payload, dedupe, None).await
}

pub(crate) async fn take_with(
    hub: &Hub,
    shop: Uuid,
    kind: RequestKind,
    subject: &str,
    payload: serde_json::Value,
    dedupe: Option<&str>,
    proof: Option<Proof>,
) -> Result<bool, HubError> {
    let mut tx = hub.pool.begin().await?;
    let id = Uuid::now_v7();
    let inserted = sqlx::query(
        "INSERT INTO web_requests (id, shop_id, kind, subject, payload, head_at, dedupe)
         SELECT $1, $2, $3, $4, $5, head, $6 FROM shops WHERE id = $2
         ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(shop)
    .bind(kind.as_str())
    .bind(subject)
    .bind(&payload)
    .bind(dedupe)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if inserted {
        if let Some(p) = proof {
            use sha2::Digest;
            let sha: String = sha2::Sha256::digest(&p.bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            sqlx::query(
                "INSERT INTO web_proofs (id, shop_id, request_id, media_type, sha256, bytes) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(p.id)
            .bind(shop)
            .bind(id)
            .bind(p.media_type)
            .bind(sha)
            .bind(&p.bytes)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(inserted)
}

/// POST /v1/requests/claim: the open requests a device may carry out now.
pub(crate) async fn claim(
    State(hub): State<Hub>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<Vec<WebRequest>>, HubError> {
    let d = device(&hub, &headers).await?;
    let req: ClaimRequest = serde_json::from_slice(&body)
        .map_err(|_| HubError::bad("request", "malformed", "the claim is not readable"))?;
    let limit = i64::from(req.limit.clamp(1, 100));
    let mut tx = hub.pool.begin().await?;
    // Requests another device took and left (it was revoked, or silent for
    // ten minutes) go back to the shop, due once a device has pulled the
    // shop as it stands now: what the first device did with them is then
    // in the rows the next device holds.
    sqlx::query(
        "UPDATE web_requests w SET claimed_by = NULL, claimed_at = NULL,
                head_at = (SELECT head FROM shops WHERE id = w.shop_id)
         FROM devices v
         WHERE w.shop_id = $1 AND w.done_at IS NULL AND v.id = w.claimed_by AND w.claimed_by <> $2
           AND (v.revoked_at IS NOT NULL OR w.claimed_at < now() - interval '10 minutes')",
    )
    .bind(d.shop_id)
    .bind(d.id)
    .execute(&mut *tx)
    .await?;
    let rows: Vec<(Uuid, String, serde_json::Value)> = sqlx::query_as(
        "UPDATE web_requests r SET claimed_by = $2, claimed_at = now()
         WHERE r.id IN (
             SELECT w.id FROM web_requests w
             WHERE w.shop_id = $1 AND w.done_at IS NULL AND w.head_at <= $3
               AND (w.claimed_by IS NULL OR w.claimed_by = $2)
             ORDER BY w.created_at, w.id LIMIT $4
             FOR UPDATE SKIP LOCKED)
         RETURNING r.id, r.kind, r.payload",
    )
    .bind(d.shop_id)
    .bind(d.id)
    .bind(req.through)
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut out: Vec<WebRequest> = rows
        .into_iter()
        .filter_map(|(id, kind, payload)| {
            Some(WebRequest {
                id,
                kind: RequestKind::parse(&kind)?,
                payload,
            })
        })
        .collect();
    out.sort_by_key(|r| r.id);
    Ok(Json(out))
}

/// POST /v1/requests/settle: the device's word on requests handed to it.
pub(crate) async fn settle(
    State(hub): State<Hub>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<serde_json::Value>, HubError> {
    let d = device(&hub, &headers).await?;
    let settles: Vec<Settle> = serde_json::from_slice(&body)
        .map_err(|_| HubError::bad("request", "malformed", "the answer is not readable"))?;
    if settles.len() > 1000 {
        return Err(HubError::bad(
            "request",
            "too_many",
            "at most 1000 answers at once",
        ));
    }
    let mut tx = hub.pool.begin().await?;
    let mut settled = 0u64;
    for s in &settles {
        let code = s
            .code
            .as_deref()
            .map(|c| c.chars().take(60).collect::<String>());
        // Only the device it was handed to settles it, once.
        settled += sqlx::query(
            "UPDATE web_requests SET done_at = now(), applied = $3, outcome_code = $4
             WHERE id = $1 AND claimed_by = $2 AND done_at IS NULL",
        )
        .bind(s.id)
        .bind(d.id)
        .bind(s.applied)
        .bind(code)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    tx.commit().await?;
    Ok(Json(serde_json::json!({ "settled": settled })))
}

/// GET /v1/proofs/{id}: a payment proof, for the shop's devices only.
pub(crate) async fn proof(
    State(hub): State<Hub>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, HubError> {
    let d = device(&hub, &headers).await?;
    let Ok(id) = Uuid::parse_str(&id) else {
        return Err(HubError(konter::Error::not_found("proof")));
    };
    let row: Option<(String, Vec<u8>)> =
        sqlx::query_as("SELECT media_type, bytes FROM web_proofs WHERE id = $1 AND shop_id = $2")
            .bind(id)
            .bind(d.shop_id)
            .fetch_optional(&hub.pool)
            .await?;
    let Some((media, bytes)) = row else {
        return Err(HubError(konter::Error::not_found("proof")));
    };
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, media),
            (header::CACHE_CONTROL, "no-store".to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response())
}
