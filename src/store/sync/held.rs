//! What waits or is noted beside a pulled change: others' changes of a row
//! this device still has a change of its own queued for (`sync_held`,
//! applied in the hub's order once the queue lets go of the row), and what
//! the hub said about the version a device holds (`sync_flags`: an open
//! conflict such as a double booking, shown on the row until settled).

use crate::domain::sync::Pulled;
use crate::error::Result;
use crate::store::Tx;
use std::collections::HashSet;

/// Keeps another device's change of a row this device still has queued.
pub(super) async fn hold(tx: &mut Tx, c: &Pulled) -> Result<()> {
    sqlx::query(
        "INSERT OR IGNORE INTO sync_held (hub_seq, device_id, tbl, row_key, data, refused, conflict_id, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(c.seq)
    .bind(c.device_id.to_string())
    .bind(&c.table)
    .bind(&c.key)
    .bind(c.data.as_ref().map(|d| d.to_string()))
    .bind(c.refused)
    .bind(c.conflict.as_ref().map(|(id, _)| id.to_string()))
    .bind(c.conflict.as_ref().map(|(_, k)| k.clone()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

type HeldRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    bool,
    Option<String>,
    Option<String>,
);

/// The held changes whose rows the queue no longer holds, oldest first,
/// taken out of `sync_held`.
pub(super) async fn release_held(
    tx: &mut Tx,
    pending: &HashSet<(String, String)>,
) -> Result<Vec<Pulled>> {
    let rows: Vec<HeldRow> = sqlx::query_as(
        "SELECT hub_seq, device_id, tbl, row_key, data, refused, conflict_id, kind FROM sync_held ORDER BY hub_seq",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut out = Vec::new();
    for (seq, device, table, key, data, refused, conflict_id, kind) in rows {
        if pending.contains(&(table.clone(), key.clone())) {
            continue;
        }
        sqlx::query("DELETE FROM sync_held WHERE hub_seq = ?")
            .bind(seq)
            .execute(&mut **tx)
            .await?;
        let bad = |e: String| crate::error::Error::Storage {
            message: format!("held change {seq}: {e}"),
        };
        out.push(Pulled {
            seq,
            device_id: uuid::Uuid::parse_str(&device).map_err(|e| bad(e.to_string()))?,
            table,
            key,
            data: data
                .map(|d| serde_json::from_str(&d))
                .transpose()
                .map_err(|e| bad(e.to_string()))?,
            refused,
            conflict: conflict_id
                .and_then(|c| uuid::Uuid::parse_str(&c).ok())
                .zip(kind),
        });
    }
    Ok(out)
}

/// Notes what the hub said about the version this device now holds: an
/// open conflict on it, or (a clean version, or a resolution) none.
pub(super) async fn flag(tx: &mut Tx, c: &Pulled) -> Result<()> {
    match &c.conflict {
        Some((id, kind)) => {
            sqlx::query(
                "INSERT INTO sync_flags (tbl, row_key, kind, conflict_id) VALUES (?, ?, ?, ?)
                 ON CONFLICT (tbl, row_key) DO UPDATE SET kind = excluded.kind, conflict_id = excluded.conflict_id",
            )
            .bind(&c.table)
            .bind(&c.key)
            .bind(kind)
            .bind(id.to_string())
            .execute(&mut **tx)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM sync_flags WHERE tbl = ? AND row_key = ?")
                .bind(&c.table)
                .bind(&c.key)
                .execute(&mut **tx)
                .await?;
        }
    }
    if c.table == "conflict_resolutions" {
        if let Some(settled) = c
            .data
            .as_ref()
            .and_then(|d| d.get("conflict_id"))
            .and_then(|v| v.as_str())
        {
            sqlx::query("DELETE FROM sync_flags WHERE conflict_id = ?")
                .bind(settled)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}
