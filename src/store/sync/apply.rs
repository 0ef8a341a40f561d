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
use crate::store::{ts, Tx};
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap, HashSet};

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
        } else if *c == t.key {
            format!("json_extract(?1, '$.{c}')")
        } else {
            // A column the image does not name (a device on an older
            // schema) keeps what the row has; an explicit null is null.
            format!(
                "CASE WHEN json_type(?1, '$.{c}') IS NULL THEN (SELECT \"{c}\" FROM \"{t}\" WHERE \"{k}\" = json_extract(?1, '$.{k}')) ELSE json_extract(?1, '$.{c}') END",
                t = t.name,
                k = t.key
            )
        });
    }
    for (c, value) in local_values(t) {
        cols.push(format!("\"{c}\""));
        vals.push(value.into());
    }
    format!(
        "INSERT INTO \"{}\" ({}) VALUES ({}) ON CONFLICT (\"{}\") {}",
        t.name,
        cols.join(", "),
        vals.join(", "),
        t.key,
        on_conflict(t)
    )
}

/// The device's own columns a pulled row is written with: its codes on a
/// first shop row (`?2`, `?3`), "not ours" on another device's card key;
/// the rest take their defaults.
pub(super) fn local_values(t: &Table) -> Vec<(&str, &'static str)> {
    t.local
        .iter()
        .filter_map(|c| {
            let value = match c.as_str() {
                "branch_code" => "?2",
                "counter_code" => "?3",
                "own" => "0",
                _ => return None,
            };
            Some((c.as_str(), value))
        })
        .collect()
}

/// What a pulled row does to the row already here: takes its place where it
/// differs, nothing where it is the same.
pub(super) fn on_conflict(t: &Table) -> String {
    let travelling: Vec<&String> = t
        .columns
        .iter()
        .map(|(c, _)| c)
        .filter(|c| **c != t.key)
        .collect();
    if travelling.is_empty() {
        return "DO NOTHING".to_string();
    }
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
}

/// The upsert of many row images of one table at once (`?1` a JSON array of
/// images), as [`upsert_sql`] does one.
fn upsert_many_sql(t: &Table) -> String {
    upsert_sql(t)
        .replace("json_extract(?1, ", "json_extract(value, ")
        .replace("json_type(?1, ", "json_type(value, ")
        .replacen(") VALUES (", ") SELECT ", 1)
        .replacen(
            &format!(") ON CONFLICT (\"{}\")", t.key),
            &format!(" FROM json_each(?1) WHERE true ON CONFLICT (\"{}\")", t.key),
            1,
        )
}

static ONE_BY_ONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Applies pulled pages one change at a time only (the fallback path), for
/// the sync benchmark's before and after in one run. Not for the app.
#[doc(hidden)]
pub fn set_one_by_one(on: bool) {
    ONE_BY_ONE.store(on, std::sync::atomic::Ordering::Relaxed);
}

fn one_by_one() -> bool {
    ONE_BY_ONE.load(std::sync::atomic::Ordering::Relaxed)
}

/// Applies one page of pulled changes inside the caller's transaction: the
/// versions noted in one statement, then each run of upserts into one table
/// in one statement; a run the database refuses (a unique serial taken here,
/// a missing parent, history that may not change) is applied again one
/// change at a time, so only the change at fault becomes a conflict.
pub(crate) async fn apply(
    tx: &mut Tx,
    tables: &[Table],
    cfg: &Config,
    changes: &[Pulled],
    now: DateTime<Utc>,
) -> Result<Applied> {
    let by_name: HashMap<&str, &Table> = tables.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut done = Applied::default();
    // Foreign keys are checked per statement (not deferred to the commit):
    // the hub's order brings parents before children, and a change whose
    // parent is missing here becomes a conflict instead of failing the page.
    sqlx::query("UPDATE sync_applying SET active = 1 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    // A row this device changed and has not pushed yet keeps its local
    // version until the hub has it; others' changes of it wait in
    // `sync_held` and apply, in the hub's order, once the queue no longer
    // holds the row. This device's own change comes back after them, or
    // (a push whose reply was lost) is already before them.
    let pending: HashSet<(String, String)> =
        sqlx::query_as("SELECT DISTINCT tbl, row_key FROM sync_queue")
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .collect();
    let freed = super::held::release_held(tx, &pending).await?;
    let mut ready: Vec<&Pulled> = freed.iter().collect();
    for c in changes {
        if pending.contains(&(c.table.clone(), c.key.clone())) {
            super::held::hold(tx, c).await?;
            done.held += 1;
        } else {
            ready.push(c);
        }
    }
    let versions: Vec<(&str, &str, i64)> = ready
        .iter()
        .map(|c| (c.table.as_str(), c.key.as_str(), c.seq))
        .collect();
    let versions_json = serde_json::to_string(&versions).unwrap_or_default();
    // A row this device already holds in a newer version (downloaded from
    // the hub's rows after the head the log now follows from) keeps it: the
    // log's older images of it are not written again over it.
    let newer: HashSet<(String, String, i64)> = sqlx::query_as(
        "SELECT v.tbl, v.row_key, j.value ->> 2 FROM json_each(?1) j
         JOIN sync_versions v ON v.tbl = j.value ->> 0 AND v.row_key = j.value ->> 1
         WHERE v.hub_seq > j.value ->> 2",
    )
    .bind(&versions_json)
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();
    let stale =
        |c: &Pulled| !newer.is_empty() && newer.contains(&(c.table.clone(), c.key.clone(), c.seq));
    sqlx::query(
        "INSERT INTO sync_versions (tbl, row_key, hub_seq)
         SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?1) WHERE true
         ON CONFLICT (tbl, row_key) DO UPDATE SET hub_seq = max(hub_seq, excluded.hub_seq)",
    )
    .bind(&versions_json)
    .execute(&mut **tx)
    .await?;
    let mut flagged: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sync_flags)")
        .fetch_one(&mut **tx)
        .await?;
    // What is written, in the hub's order: runs of upserts into one table.
    let mut run: Vec<&Pulled> = Vec::new();
    let bulk = !one_by_one();
    let mut w = Writer {
        by_name: &by_name,
        cfg,
        now,
        done,
        tickets: BTreeSet::new(),
        orders: BTreeSet::new(),
        customers: BTreeSet::new(),
    };
    for c in ready {
        if c.device_id == cfg.device_id {
            w.done.own += 1;
        }
        if stale(c) {
            continue;
        }
        if flagged || c.conflict.is_some() || c.table == "conflict_resolutions" {
            super::held::flag(tx, c).await?;
            flagged |= c.conflict.is_some();
        }
        if c.refused {
            // The hub kept it out of the shop's rows; so does this device.
            continue;
        }
        if !by_name.contains_key(c.table.as_str()) {
            conflict(tx, c, "unknown_table", now).await?;
            w.done.conflicts += 1;
            continue;
        }
        if bulk && c.data.is_some() && run.last().is_none_or(|p| p.table == c.table) {
            run.push(c);
            continue;
        }
        w.run(tx, &run).await?;
        run.clear();
        if bulk && c.data.is_some() {
            run.push(c);
        } else {
            w.one(tx, c).await?;
        }
    }
    w.run(tx, &run).await?;
    let Writer {
        done,
        mut tickets,
        mut orders,
        customers,
        ..
    } = w;
    sqlx::query("UPDATE sync_applying SET active = 0 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    // A customer renamed or given a new phone at another counter: their
    // tickets' and orders' search entries name them.
    if !customers.is_empty() {
        let ids = serde_json::to_string(&customers).unwrap_or_default();
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT 'tickets', id FROM tickets WHERE customer_id IN (SELECT value FROM json_each(?1))
             UNION ALL SELECT 'orders', id FROM orders WHERE customer_id IN (SELECT value FROM json_each(?1))",
        )
        .bind(&ids)
        .fetch_all(&mut **tx)
        .await?;
        for (table, id) in rows {
            if table == "tickets" {
                tickets.insert(id);
            } else {
                orders.insert(id);
            }
        }
    }
    super::reindex::tickets(tx, &tickets).await?;
    super::reindex::orders(tx, &orders).await?;
    Ok(done)
}

/// Writes pulled changes to the rows, counting what it did and noting the
/// tickets and orders whose search entries must follow.
struct Writer<'a> {
    by_name: &'a HashMap<&'a str, &'a Table>,
    cfg: &'a Config,
    now: DateTime<Utc>,
    done: Applied,
    tickets: BTreeSet<String>,
    orders: BTreeSet<String>,
    customers: BTreeSet<String>,
}

impl Writer<'_> {
    /// Notes a written row whose search entry must follow.
    fn touched(&mut self, c: &Pulled) {
        match c.table.as_str() {
            "tickets" => {
                self.tickets.insert(c.key.clone());
            }
            "orders" => {
                self.orders.insert(c.key.clone());
            }
            "customers" => {
                self.customers.insert(c.key.clone());
            }
            _ => {}
        }
    }

    /// Upserts a run of one table's images in one statement, or, when the
    /// database refuses it, one by one.
    async fn run(&mut self, tx: &mut Tx, run: &[&Pulled]) -> Result<()> {
        let Some(first) = run.first() else {
            return Ok(());
        };
        if run.len() > 1 {
            let t = self.by_name[first.table.as_str()];
            let images: Vec<&serde_json::Value> =
                run.iter().filter_map(|c| c.data.as_ref()).collect();
            sqlx::query("SAVEPOINT sync_run").execute(&mut **tx).await?;
            let all = sqlx::query(&upsert_many_sql(t))
                .bind(serde_json::to_string(&images).unwrap_or_default())
                .bind(&self.cfg.branch_code)
                .bind(&self.cfg.counter_code)
                .execute(&mut **tx)
                .await;
            let ok = all.is_ok();
            sqlx::query(if ok {
                "RELEASE sync_run"
            } else {
                "ROLLBACK TO sync_run"
            })
            .execute(&mut **tx)
            .await?;
            if ok {
                self.done.applied += run.len() as u32;
                for c in run {
                    self.touched(c);
                }
                return Ok(());
            }
            sqlx::query("RELEASE sync_run").execute(&mut **tx).await?;
        }
        for c in run {
            self.one(tx, c).await?;
        }
        Ok(())
    }

    /// Writes one change in a savepoint; one the database refuses is kept
    /// as a conflict for people.
    async fn one(&mut self, tx: &mut Tx, c: &Pulled) -> Result<()> {
        let t = self.by_name[c.table.as_str()];
        sqlx::query("SAVEPOINT sync_change")
            .execute(&mut **tx)
            .await?;
        let result = match &c.data {
            Some(data) => {
                sqlx::query(&upsert_sql(t))
                    .bind(data.to_string())
                    .bind(&self.cfg.branch_code)
                    .bind(&self.cfg.counter_code)
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
                self.done.applied += 1;
                self.touched(c);
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
                conflict(tx, c, reason, self.now).await?;
                self.done.conflicts += 1;
            }
        }
        Ok(())
    }
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
