//! A joining device's first download: the shop's rows as the hub holds them,
//! a page of one table at a time in key order (the tables a row points at
//! before it), each page written in one transaction with the download's
//! place, so a stop goes on where it was. Then the device follows the change
//! log from the hub's head read before the first page: every change up to it
//! is in the rows, and a row newer than that comes again from the log, which
//! ends every row on its last version (the same image twice changes nothing).
//! The next page is fetched while one is written, as in a pull.

use super::apply::{local_values, on_conflict};
use super::capture::Table;
use super::{reindex, Config, Transport};
use crate::domain::new_id;
use crate::domain::sync::{SnapshotPage, MAX_PULL};
use crate::error::{Error, Result};
use crate::store::{ts, Db, Tx};
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;

static SNAPSHOTS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Joining devices follow the change log from its start instead of
/// downloading the rows (as before there were snapshots), for the sync
/// benchmark's before and after in one run. Not for the app.
#[doc(hidden)]
pub fn set_snapshots(on: bool) {
    SNAPSHOTS.store(on, std::sync::atomic::Ordering::Relaxed);
}

type Pending = (i64, Option<i64>, Option<String>, Option<String>);

/// Downloads the shop's rows if this device is still to (a device that
/// joined empty); returns the rows written, or None when no download was
/// due or the hub hands out none (the change log from its start does it).
pub(crate) async fn download<T: Transport>(
    db: &Db,
    hub: &T,
    tables: &[Table],
    cfg: &Config,
    now: DateTime<Utc>,
) -> Result<Option<u32>> {
    let state: Option<Pending> = sqlx::query_as(
        "SELECT snapshot_pending, snapshot_head, snapshot_table, snapshot_after FROM sync_config WHERE id = 1",
    )
    .fetch_optional(&db.pool)
    .await?;
    let Some((1, mut head, table, after)) = state else {
        return Ok(None);
    };
    if tables.is_empty() || !SNAPSHOTS.load(std::sync::atomic::Ordering::Relaxed) {
        sqlx::query("UPDATE sync_config SET snapshot_pending = 0 WHERE id = 1")
            .execute(&db.pool)
            .await?;
        return Ok(None);
    }
    // Where it goes on (a table gone since, after an upgrade: from the start).
    let (mut at, after) = match table.and_then(|name| tables.iter().position(|t| t.name == name)) {
        Some(i) => (i, after),
        None => (0, None),
    };
    let Some(mut page) = fetch(hub, &tables[at].name, after.as_deref()).await? else {
        sqlx::query("UPDATE sync_config SET snapshot_pending = 0 WHERE id = 1")
            .execute(&db.pool)
            .await?;
        return Ok(None);
    };
    let mut written = 0;
    loop {
        let since = *head.get_or_insert(page.head);
        // The next page: this table after its last key while pages come
        // full, then the next table from its start.
        let next = if page.count >= MAX_PULL && page.last_key.is_some() {
            Some((at, page.last_key.clone()))
        } else if at + 1 < tables.len() {
            Some((at + 1, None))
        } else {
            None
        };
        let place = next
            .as_ref()
            .map(|(i, a)| (tables[*i].name.as_str(), a.as_deref()));
        let write = write_page(db, &tables[at], cfg, &page, since, place, now);
        let fetched = match &next {
            Some((i, a)) => {
                let (done, fetched) =
                    tokio::join!(write, fetch(hub, &tables[*i].name, a.as_deref()));
                written += done?;
                Some(fetched)
            }
            None => {
                written += write.await?;
                None
            }
        };
        match (next, fetched) {
            (Some((i, _)), Some(fetched)) => {
                page = fetched?.ok_or_else(|| Error::Conflict {
                    message: "the hub stopped handing out the shop's rows".into(),
                })?;
                at = i;
            }
            _ => return Ok(Some(written)),
        }
    }
}

/// A page from the hub; a table this device has and the hub does not (a
/// device migration ahead of its hub's) is an empty one here: its rows
/// stay this device's own until the hub takes them.
async fn fetch<T: Transport>(
    hub: &T,
    table: &str,
    after: Option<&str>,
) -> Result<Option<SnapshotPage>> {
    match hub.snapshot(table, after, MAX_PULL).await {
        Err(Error::Validation { code, .. }) if code == "unknown_table" => Ok(Some(SnapshotPage {
            head: 0,
            columns: Vec::new(),
            rows: serde_json::value::RawValue::from_string("[]".into()).map_err(|e| {
                Error::Storage {
                    message: e.to_string(),
                }
            })?,
            count: 0,
            last_key: None,
        })),
        other => other,
    }
}

/// Writes one page of a table's rows, their versions, the conflicts the hub
/// has open on them and their search entries, and the download's next place
/// (`next`: a table and the key after which it goes on; None: done, the
/// change log followed from `head`), in one transaction.
async fn write_page(
    db: &Db,
    t: &Table,
    cfg: &Config,
    page: &SnapshotPage,
    head: i64,
    next: Option<(&str, Option<&str>)>,
    now: DateTime<Utc>,
) -> Result<u32> {
    let mut tx = db.begin().await?;
    let written = if page.count > 0 {
        sqlx::query("UPDATE sync_applying SET active = 1 WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        let n = rows(&mut tx, t, cfg, page, head, now).await?;
        sqlx::query("UPDATE sync_applying SET active = 0 WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        n
    } else {
        0
    };
    match next {
        Some((table, after)) => {
            sqlx::query(
                "UPDATE sync_config SET snapshot_head = ?, snapshot_table = ?, snapshot_after = ? WHERE id = 1",
            )
            .bind(head)
            .bind(table)
            .bind(after)
            .execute(&mut *tx)
            .await?;
        }
        None => {
            sqlx::query(
                "UPDATE sync_config SET snapshot_pending = 0, snapshot_head = NULL, snapshot_table = NULL,
                 snapshot_after = NULL, pulled_seq = max(pulled_seq, ?) WHERE id = 1",
            )
            .bind(head)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(written)
}

/// The rows of one page: all in one statement, or, when the database
/// refuses that, one by one, a row it refuses kept as a conflict (or left
/// to the change log when its version is newer than `head`).
async fn rows(
    tx: &mut Tx,
    t: &Table,
    cfg: &Config,
    page: &SnapshotPage,
    head: i64,
    now: DateTime<Utc>,
) -> Result<u32> {
    let name = &t.name;
    let pos = |c: &str| page.columns.iter().position(|x| x == c);
    let key_at = pos(&t.key).ok_or_else(|| Error::Storage {
        message: format!("the hub's rows of {name} have no key column"),
    })?;
    let n = page.columns.len();
    let mut cols: Vec<String> = Vec::new();
    let mut vals: Vec<String> = Vec::new();
    for (c, decl) in &t.columns {
        let Some(i) = pos(c) else { continue };
        cols.push(format!("\"{c}\""));
        vals.push(if decl == "BLOB" {
            format!("unhex(substr(value ->> {i}, 3))")
        } else {
            format!("value ->> {i}")
        });
    }
    for (c, value) in local_values(t) {
        cols.push(format!("\"{c}\""));
        vals.push(value.into());
    }
    let key = format!("CAST(value ->> {key_at} AS TEXT)");
    // A row this device changed and has not pushed keeps its version; the
    // log brings the hub's in its turn.
    let theirs = format!(
        "NOT EXISTS (SELECT 1 FROM sync_queue q WHERE q.tbl = '{name}' AND q.row_key = {key})"
    );
    let insert = format!(
        "INSERT INTO \"{name}\" ({}) SELECT {} FROM json_each(?1) WHERE {theirs} AND (?4 IS NULL OR json_each.key = ?4)
         ON CONFLICT (\"{}\") {}",
        cols.join(", "),
        vals.join(", "),
        t.key,
        on_conflict(t)
    );
    let text = page.rows.get();
    let run = |one: Option<i64>| {
        sqlx::query(&insert)
            .bind(text)
            .bind(&cfg.branch_code)
            .bind(&cfg.counter_code)
            .bind(one)
    };
    sqlx::query("SAVEPOINT sync_snapshot")
        .execute(&mut **tx)
        .await?;
    let all = run(None).execute(&mut **tx).await;
    sqlx::query(if all.is_ok() {
        "RELEASE sync_snapshot"
    } else {
        "ROLLBACK TO sync_snapshot"
    })
    .execute(&mut **tx)
    .await?;
    let mut written = page.count as u32;
    if all.is_err() {
        sqlx::query("RELEASE sync_snapshot")
            .execute(&mut **tx)
            .await?;
        for i in 0..page.count as i64 {
            sqlx::query("SAVEPOINT sync_row").execute(&mut **tx).await?;
            let one = run(Some(i)).execute(&mut **tx).await;
            sqlx::query(if one.is_ok() {
                "RELEASE sync_row"
            } else {
                "ROLLBACK TO sync_row"
            })
            .execute(&mut **tx)
            .await?;
            let Err(e) = one else { continue };
            sqlx::query("RELEASE sync_row").execute(&mut **tx).await?;
            written -= 1;
            let (seq, row_key, values): (i64, String, String) = sqlx::query_as(&format!(
                "SELECT value ->> {n}, {key}, value FROM json_each(?1) WHERE json_each.key = ?2"
            ))
            .bind(text)
            .bind(i)
            .fetch_one(&mut **tx)
            .await?;
            if seq > head {
                // Newer than the head: the change log brings it, after
                // what it needs.
                continue;
            }
            let change = pulled(t, page, seq, row_key, &values)?;
            match &e {
                sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
                    // A row it points at comes in a later page (a customer
                    // merged into one whose key sorts after it): it waits
                    // with the changes held for later, and is written, or
                    // kept as a conflict, when the log is first applied.
                    super::held::hold(tx, &change).await?;
                }
                _ => {
                    let reason = match &e {
                        sqlx::Error::Database(d) if d.is_unique_violation() => "unique_taken",
                        _ => "refused",
                    };
                    sqlx::query(
                        "INSERT INTO sync_conflicts (id, hub_seq, tbl, row_key, reason, data, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    )
                    .bind(new_id().to_string())
                    .bind(seq)
                    .bind(name)
                    .bind(&change.key)
                    .bind(reason)
                    .bind(change.data.as_ref().map(|d| d.to_string()))
                    .bind(ts(now))
                    .execute(&mut **tx)
                    .await?;
                }
            }
        }
    }
    sqlx::query(&format!(
        "INSERT INTO sync_versions (tbl, row_key, hub_seq) SELECT '{name}', {key}, value ->> {n} FROM json_each(?1) WHERE {theirs}
         ON CONFLICT (tbl, row_key) DO UPDATE SET hub_seq = max(hub_seq, excluded.hub_seq)"
    ))
    .bind(text)
    .execute(&mut **tx)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO sync_flags (tbl, row_key, kind, conflict_id) SELECT '{name}', {key}, value ->> {}, value ->> {} FROM json_each(?1)
         WHERE value ->> {} IS NOT NULL ON CONFLICT (tbl, row_key) DO UPDATE SET kind = excluded.kind, conflict_id = excluded.conflict_id",
        n + 2,
        n + 1,
        n + 1
    ))
    .bind(text)
    .execute(&mut **tx)
    .await?;
    if name == "tickets" || name == "orders" {
        let ids: BTreeSet<String> = sqlx::query_scalar(&format!("SELECT {key} FROM json_each(?1)"))
            .bind(text)
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .collect();
        if name == "tickets" {
            reindex::tickets(tx, &ids).await?;
        } else {
            reindex::orders(tx, &ids).await?;
        }
    }
    Ok(written)
}

/// A downloaded row as the change that would have brought it: its columns
/// by name (as a pulled image has them), its version, the hub's open
/// conflict on it.
fn pulled(
    t: &Table,
    page: &SnapshotPage,
    seq: i64,
    key: String,
    values: &str,
) -> Result<crate::domain::sync::Pulled> {
    let bad = |e: String| Error::Storage {
        message: format!("a downloaded row of {}: {e}", t.name),
    };
    let values: Vec<serde_json::Value> =
        serde_json::from_str(values).map_err(|e| bad(e.to_string()))?;
    let n = page.columns.len();
    if values.len() < n + 3 {
        return Err(bad("too few values".into()));
    }
    let data: serde_json::Map<String, serde_json::Value> = page
        .columns
        .iter()
        .cloned()
        .zip(values.iter().cloned())
        .collect();
    let conflict = match (&values[n + 1], &values[n + 2]) {
        (serde_json::Value::String(id), serde_json::Value::String(kind)) => {
            uuid::Uuid::parse_str(id).ok().map(|id| (id, kind.clone()))
        }
        _ => None,
    };
    Ok(crate::domain::sync::Pulled {
        seq,
        device_id: uuid::Uuid::nil(),
        table: t.name.clone(),
        key,
        data: Some(serde_json::Value::Object(data)),
        refused: false,
        conflict,
    })
}
