//! The web store's order webhooks: `POST /s/{shop}/woo` with the body
//! signed by the webhook's secret. A delivery with a wrong or missing
//! signature is refused and writes nothing; an order created or updated
//! becomes a request the next device round imports with the same mapping
//! and idempotence as a file import or a pull (a redelivery is one request),
//! as an order of the store the secret was set for.

use crate::web::requests::take;
use crate::{Hub, HubError};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use konter::domain::web::{RequestKind, WooPayload};
use konter::domain::web_store::{webhook, woo};
use uuid::Uuid;

fn header<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

fn refused(status: StatusCode, code: &str) -> Response {
    (
        status,
        Json(serde_json::json!({ "accepted": false, "code": code })),
    )
        .into_response()
}

pub(crate) async fn webhook(
    State(hub): State<Hub>,
    Path(shop): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, HubError> {
    let Ok(shop) = Uuid::parse_str(&shop) else {
        return Ok(refused(StatusCode::NOT_FOUND, "unknown_shop"));
    };
    let set: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT woo_secret, woo_store FROM web_keys WHERE shop_id = $1")
            .bind(shop)
            .fetch_optional(&hub.pool)
            .await?;
    let Some((Some(secret), Some(store))) = set else {
        // No secret set: nothing the store sends can be checked.
        return Ok(refused(StatusCode::UNAUTHORIZED, "webhook_not_set_up"));
    };
    if !webhook::signature_valid(&secret, &body, header(&headers, "x-wc-webhook-signature")) {
        return Ok(refused(StatusCode::UNAUTHORIZED, "bad_signature"));
    }
    let topic = header(&headers, "x-wc-webhook-topic").unwrap_or("");
    if !webhook::order_topic(topic) {
        // The store's ping on saving the webhook, or a topic we do not take.
        return Ok((
            StatusCode::OK,
            Json(serde_json::json!({ "accepted": false, "code": "ignored" })),
        )
            .into_response());
    }
    // The store is the one the secret was set for: the source header is
    // not signed, so it names nothing (a replay under another name would
    // be another store's order).
    // A signed delivery that is no order is acknowledged (the store turns
    // off a webhook whose deliveries keep failing), logged and not kept.
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(&body) else {
        eprintln!("konter-hub: webhook for shop {shop}: a signed body that is not JSON, not kept");
        return Ok(refused(StatusCode::OK, "malformed_order"));
    };
    let order = match woo::parse_order(value.clone()) {
        Ok(o) => o,
        Err(_) => {
            eprintln!(
                "konter-hub: webhook for shop {shop}: a signed body that is not an order, not kept"
            );
            return Ok(refused(StatusCode::OK, "malformed_order"));
        }
    };
    let dedupe = format!(
        "{store}:{}:{}",
        order.id,
        order.date_modified_gmt.as_deref().unwrap_or("")
    );
    let payload = serde_json::to_value(WooPayload {
        store,
        order: value,
    })
    .map_err(|e| HubError::internal(e.to_string()))?;
    let fresh = take(
        &hub,
        shop,
        RequestKind::WooOrder,
        &order.id.to_string(),
        payload,
        Some(&dedupe),
    )
    .await?;
    Ok((
        StatusCode::OK,
        Json(serde_json::json!({ "accepted": true, "new": fresh })),
    )
        .into_response())
}
