//! GET /v1/pull?after=N&limit=M: the shop's changes after N, in the hub's
//! order, with the shop's head. Sequences are gap-free and become visible
//! in their order (a push holds the shop row's lock until it commits), so a
//! device that asks from its cursor never misses a change.

use crate::auth::device;
use crate::{Hub, HubError};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use konter::domain::sync::MAX_PULL;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use uuid::Uuid;

type Row = (
    i64,
    Uuid,
    String,
    String,
    Option<String>,
    bool,
    Option<Uuid>,
    Option<String>,
);

/// A change as `konter::domain::sync::Pulled` reads it, with the row image
/// passed through as PostgreSQL wrote its text (never parsed here).
#[derive(Serialize)]
pub(crate) struct Out {
    seq: i64,
    device_id: Uuid,
    table: String,
    key: String,
    data: Option<Box<RawValue>>,
    refused: bool,
    conflict: Option<(Uuid, String)>,
}

/// `konter::domain::sync::PullReply` on the wire.
#[derive(Serialize)]
pub(crate) struct Reply {
    changes: Vec<Out>,
    head: i64,
}

#[derive(Deserialize)]
pub(crate) struct Page {
    after: Option<i64>,
    limit: Option<i64>,
}

pub(crate) async fn pull(
    State(hub): State<Hub>,
    headers: HeaderMap,
    Query(page): Query<Page>,
) -> Result<Json<Reply>, HubError> {
    let me = device(&hub, &headers).await?;
    let after = page.after.unwrap_or(0);
    let limit = page.limit.unwrap_or(MAX_PULL as i64);
    if after < 0 {
        return Err(HubError::bad(
            "after",
            "negative",
            "the cursor is never negative",
        ));
    }
    if !(1..=MAX_PULL as i64).contains(&limit) {
        return Err(HubError::bad(
            "limit",
            "out_of_range",
            format!("between 1 and {MAX_PULL}"),
        ));
    }
    let head: i64 = sqlx::query_scalar("SELECT head FROM shops WHERE id = $1")
        .bind(me.shop_id)
        .fetch_one(&hub.pool)
        .await?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.seq, c.device_id, c.tbl, c.row_key, c.data::text, c.applied, x.id, x.kind FROM changes c
         LEFT JOIN LATERAL (SELECT id, kind FROM conflicts x WHERE x.shop_id = c.shop_id AND x.resolved_at IS NULL
                            AND (x.seq = c.seq OR (x.kind = 'double_booked' AND x.tbl = c.tbl AND x.row_key = c.row_key AND x.seq < c.seq
                                 AND NOT EXISTS (SELECT 1 FROM confirmed_bookings b WHERE b.shop_id = c.shop_id AND b.visit_id = c.row_key)))
                            ORDER BY x.created_at LIMIT 1) x ON true
         WHERE c.shop_id = $1 AND c.seq > $2 ORDER BY c.seq LIMIT $3",
    )
    .bind(me.shop_id)
    .bind(after)
    .bind(limit)
    .fetch_all(&hub.pool)
    .await?;
    sqlx::query("UPDATE devices SET last_seen_at = now() WHERE id = $1")
        .bind(me.id)
        .execute(&hub.pool)
        .await?;
    let changes = rows
        .into_iter()
        .map(
            |(seq, device_id, table, key, data, applied, conflict, kind)| {
                Ok(Out {
                    seq,
                    device_id,
                    table,
                    key,
                    data: data
                        .map(RawValue::from_string)
                        .transpose()
                        .map_err(|e| HubError::internal(format!("a stored image: {e}")))?,
                    refused: !applied,
                    conflict: conflict.zip(kind),
                })
            },
        )
        .collect::<Result<_, HubError>>()?;
    Ok(Json(Reply { changes, head }))
}

#[derive(Deserialize)]
pub(crate) struct SnapshotQuery {
    table: String,
    after: Option<String>,
    limit: Option<i64>,
}

/// GET /v1/snapshot?table=T&after=K&limit=N: a page of the shop's rows of
/// one table as the hub holds them now, in key order, for a device's first
/// download (then it follows the change log from the page's head).
pub(crate) async fn snapshot(
    State(hub): State<Hub>,
    headers: HeaderMap,
    Query(q): Query<SnapshotQuery>,
) -> Result<Json<konter::domain::sync::SnapshotPage>, HubError> {
    let me = device(&hub, &headers).await?;
    let limit = q.limit.unwrap_or(MAX_PULL as i64);
    if !(1..=MAX_PULL as i64).contains(&limit) {
        return Err(HubError::bad(
            "limit",
            "out_of_range",
            format!("between 1 and {MAX_PULL}"),
        ));
    }
    let t = hub
        .tables
        .get(&q.table)
        .ok_or_else(|| HubError::bad("table", "unknown_table", "no such shared table"))?;
    if t.key_int
        && q.after
            .as_deref()
            .is_some_and(|a| a.parse::<i64>().is_err())
    {
        return Err(HubError::bad(
            "after",
            "malformed",
            "this table's keys are numbers",
        ));
    }
    let head: i64 = sqlx::query_scalar("SELECT head FROM shops WHERE id = $1")
        .bind(me.shop_id)
        .fetch_one(&hub.pool)
        .await?;
    let (rows, count, last_key): (String, i64, Option<String>) =
        sqlx::query_as(&crate::rows::snapshot(&q.table, t))
            .bind(me.shop_id)
            .bind(&q.after)
            .bind(limit)
            .fetch_one(&hub.pool)
            .await?;
    sqlx::query("UPDATE devices SET last_seen_at = now() WHERE id = $1")
        .bind(me.id)
        .execute(&hub.pool)
        .await?;
    Ok(Json(konter::domain::sync::SnapshotPage {
        head,
        columns: t.columns.clone(),
        rows: RawValue::from_string(rows)
            .map_err(|e| HubError::internal(format!("a snapshot page: {e}")))?,
        count: count as usize,
        last_key,
    }))
}
