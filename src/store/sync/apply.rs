//! Applying the shop's changes, pulled from the hub in its order, to this
//! device's database: each row image upserted (or a delete carried out) with
//! the capture triggers quiet, the row's hub version noted as the base of the
//! next local change, and the search indexes brought up to date. A change
//! that cannot be applied as it stands (a unique phone or serial already
//! taken here, a parent row missing) is kept as a conflict for people; the
//! pull goes on.

use super::capture::Table;
use super::Config;
use crate::domain::new_id;
use crate::domain::sync::Pulled;
use crate::error::Result;
use crate::store::{search, ts, Tx};
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap};

/// What one pull did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// Changes written to this device's rows (its own included: a row two
    /// places changed settles on the hub's last version everywhere).
    pub applied: u32,
    /// Of those, this device's own changes coming back.
    pub own: u32,
    /// Changes left for now: the row has a newer local change still queued.
    pub held: u32,
    pub conflicts: u32,
}

fn upsert_sql(t: &Table) -> String {
    let mut cols: Vec<String> = Vec::new();
    let mut vals: Vec<String> = Vec::new();
    for (c, decl) in &t.columns {
        cols.push(format!("\"{c}\""));
        vals.push(if decl == "BLOB" {
            format!("unhex(substr(json_extract(?1, '$.{c}'), 3))")
        } else {
            format!("json_extract(?1, '$.{c}')")
        });
    }
    // The device's own columns: its codes on a first shop row, "not ours"
    // on another device's card key; the rest take their defaults.
    for c in &t.local {
        let value = match c.as_str() {
            "branch_code" => "?2",
            "counter_code" => "?3",
            "own" => "0",
            _ => continue,
        };
        cols.push(format!("\"{c}\""));
        vals.push(value.into());
    }
    let travelling: Vec<&String> = t
        .columns
        .iter()
        .map(|(c, _)| c)
        .filter(|c| **c != t.key)
        .collect();
    let conflict = if travelling.is_empty() {
        "DO NOTHING".to_string()
    } else {
        let set: Vec<String> = travelling
            .iter()
            .map(|c| format!("\"{c}\" = excluded.\"{c}\""))
            .collect();
        let differs: Vec<String> = travelling
            .iter()
            .map(|c| format!("\"{c}\" IS NOT excluded.\"{c}\""))
            .collect();
        // Only a real difference is written: append-only tables refuse any
        // UPDATE, and the same image arriving twice must change nothing.
        format!(
            "DO UPDATE SET {} WHERE {}",
            set.join(", "),
            differs.join(" OR ")
        )
    };
    format!(
        "INSERT INTO \"{}\" ({}) VALUES ({}) ON CONFLICT (\"{}\") {conflict}",
        t.name,
        cols.join(", "),
        vals.join(", "),
        t.key
    )
}

/// Applies one page of pulled changes inside the caller's transaction.
pub(crate) async fn apply(
    tx: &mut Tx,
    tables: &[Table],
    cfg: &Config,
    changes: &[Pulled],
    now: DateTime<Utc>,
) -> Result<Applied> {
    let by_name: HashMap<&str, &Table> = tables.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut done = Applied::default();
    let (mut tickets, mut orders) = (BTreeSet::new(), BTreeSet::new());
    // Foreign keys are checked per change (not deferred to the commit): the
    // hub's order brings parents before children, and a change whose parent
    // is missing here becomes a conflict instead of failing the whole page.
    sqlx::query("UPDATE sync_applying SET active = 1 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    for c in changes {
        sqlx::query(
            "INSERT INTO sync_versions (tbl, row_key, hub_seq) VALUES (?, ?, ?)
             ON CONFLICT (tbl, row_key) DO UPDATE SET hub_seq = max(hub_seq, excluded.hub_seq)",
        )
        .bind(&c.table)
        .bind(&c.key)
        .bind(c.seq)
        .execute(&mut **tx)
        .await?;
        // A row this device changed and has not pushed yet keeps its local
        // version until the hub has it: the hub's order then decides, and
        // this device's own change comes back down to settle the row.
        let pending: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM sync_queue WHERE tbl = ? AND row_key = ?)",
        )
        .bind(&c.table)
        .bind(&c.key)
        .fetch_one(&mut **tx)
        .await?;
        if pending {
            done.held += 1;
            continue;
        }
        if c.device_id == cfg.device_id {
            done.own += 1;
        }
        if c.refused {
            // The hub kept it out of the shop's rows; so does this device.
            continue;
        }
        let Some(t) = by_name.get(c.table.as_str()) else {
            conflict(tx, c, "unknown_table", now).await?;
            done.conflicts += 1;
            continue;
        };
        sqlx::query("SAVEPOINT sync_change")
            .execute(&mut **tx)
            .await?;
        let result = match &c.data {
            Some(data) => {
                sqlx::query(&upsert_sql(t))
                    .bind(data.to_string())
                    .bind(&cfg.branch_code)
                    .bind(&cfg.counter_code)
                    .execute(&mut **tx)
                    .await
            }
            None => {
                sqlx::query(&format!(
                    "DELETE FROM \"{}\" WHERE CAST(\"{}\" AS TEXT) = ?",
                    t.name, t.key
                ))
                .bind(&c.key)
                .execute(&mut **tx)
                .await
            }
        };
        match result {
            Ok(_) => {
                sqlx::query("RELEASE sync_change")
                    .execute(&mut **tx)
                    .await?;
                done.applied += 1;
                match c.table.as_str() {
                    "tickets" => {
                        tickets.insert(c.key.clone());
                    }
                    "orders" => {
                        orders.insert(c.key.clone());
                    }
                    _ => {}
                }
            }
            Err(e) => {
                sqlx::query("ROLLBACK TO sync_change")
                    .execute(&mut **tx)
                    .await?;
                sqlx::query("RELEASE sync_change")
                    .execute(&mut **tx)
                    .await?;
                let reason = match &e {
                    sqlx::Error::Database(d) if d.is_unique_violation() => "unique_taken",
                    sqlx::Error::Database(d) if d.is_foreign_key_violation() => "parent_missing",
                    _ => "refused",
                };
                conflict(tx, c, reason, now).await?;
                done.conflicts += 1;
            }
        }
    }
    sqlx::query("UPDATE sync_applying SET active = 0 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    for id in tickets {
        reindex_ticket(tx, &id).await?;
    }
    for id in orders {
        reindex_order(tx, &id).await?;
    }
    Ok(done)
}

async fn conflict(tx: &mut Tx, c: &Pulled, reason: &str, now: DateTime<Utc>) -> Result<()> {
    sqlx::query(
        "INSERT INTO sync_conflicts (id, hub_seq, tbl, row_key, reason, data, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(new_id().to_string())
    .bind(c.seq)
    .bind(&c.table)
    .bind(&c.key)
    .bind(reason)
    .bind(c.data.as_ref().map(|d| d.to_string()))
    .bind(ts(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The board's search entry of a ticket another device wrote.
async fn reindex_ticket(tx: &mut Tx, id: &str) -> Result<()> {
    let row: Option<(i64, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT t.rowid, t.number, t.tracking_code, c.name, c.phone, t.serial
         FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = ?",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((rowid, number, tracking, name, phone, serial)) = row else {
        return Ok(());
    };
    sqlx::query("DELETE FROM ticket_search WHERE rowid = ?")
        .bind(rowid)
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO ticket_search (rowid, ticket_id, body) VALUES (?, ?, ?)")
        .bind(rowid)
        .bind(id)
        .bind(search::ticket_body(
            &number,
            &tracking,
            &name,
            &phone,
            serial.as_deref(),
        ))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The order list's search entry of an order another device wrote.
async fn reindex_order(tx: &mut Tx, id: &str) -> Result<()> {
    let row: Option<(i64, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT o.rowid, o.number, c.name, c.phone, c.email
         FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let (Some((rowid, number, name, phone, email)), Ok(uuid)) = (row, uuid::Uuid::parse_str(id))
    else {
        return Ok(());
    };
    sqlx::query("DELETE FROM order_search WHERE rowid = ?")
        .bind(rowid)
        .execute(&mut **tx)
        .await?;
    crate::store::sales::write::index_with(tx, uuid, &number, &name, &phone, email.as_deref()).await
}
