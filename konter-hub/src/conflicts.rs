//! GET /v1/conflicts: the shop's open conflicts (and those settled in the
//! last week, with their resolution), newest first, each with both versions
//! from the change log, for the owner's and admins' list at every device.
//! Only the asking device's own shop.

use crate::auth::device;
use crate::{Hub, HubError};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use konter::domain::sync::HubConflict;
use uuid::Uuid;

type Row = (
    Uuid,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<serde_json::Value>,
    Option<serde_json::Value>,
    chrono::DateTime<chrono::Utc>,
    Option<String>,
);

pub(crate) async fn open(
    State(hub): State<Hub>,
    headers: HeaderMap,
) -> Result<Json<Vec<HubConflict>>, HubError> {
    let me = device(&hub, &headers).await?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.id, COALESCE(c.seq, 0), c.tbl, c.row_key, c.kind, d.name, od.name, mine.data, theirs.data, c.created_at, r.outcome
         FROM conflicts c
         LEFT JOIN changes mine ON mine.shop_id = c.shop_id AND mine.seq = c.seq
         JOIN devices d ON d.id = COALESCE(mine.device_id, c.device_id)
         LEFT JOIN devices od ON od.id = c.other_device
         LEFT JOIN changes theirs ON theirs.shop_id = c.shop_id AND theirs.seq = c.other_seq
         LEFT JOIN rows.conflict_resolutions r ON r._shop = c.shop_id AND r.id = c.resolution_id
         WHERE c.shop_id = $1 AND (c.resolved_at IS NULL OR c.resolved_at > now() - interval '7 days')
         ORDER BY c.resolved_at IS NULL DESC, c.created_at DESC, c.seq DESC LIMIT 200",
    )
    .bind(me.shop_id)
    .fetch_all(&hub.pool)
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(
                |(id, seq, table, key, kind, device, other_device, mine, theirs, at, resolved)| {
                    HubConflict {
                        id,
                        seq,
                        table,
                        key,
                        kind,
                        device,
                        other_device,
                        mine,
                        theirs,
                        at: at.to_rfc3339(),
                        resolved,
                    }
                },
            )
            .collect(),
    ))
}
