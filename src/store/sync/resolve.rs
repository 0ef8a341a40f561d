//! A person's decision on a conflict the hub recorded, written as a row that
//! travels like any other (`conflict_resolutions`, append-only), so every
//! device and the hub see it settled. Two customers with one phone (the same
//! person taken in at two counters while apart) are settled by a merge: new
//! work goes to the customer kept, the merged one keeps its history and
//! points at the one kept. Owners and admins only; the hub checks it again.

use crate::domain::new_id;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::{parse_id, ts, Ctx, Db, Tx};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// What the owner decides on one conflict.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ResolveInput {
    pub conflict_id: String,
    /// What was done about it (e.g. "unit sold at K1; K2's buyer refunded").
    pub note: String,
}

/// Two customer records of one person: `duplicate` is merged into `keep`.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct MergeInput {
    pub keep: String,
    pub duplicate: String,
    /// The conflict this merge settles, when it came from one.
    pub conflict_id: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct Resolution<'a> {
    conflict_id: Uuid,
    outcome: &'a str,
    note: &'a str,
}

async fn record(tx: &mut Tx, ctx: &Ctx, conflict: Uuid, outcome: &str, note: &str) -> Result<Uuid> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO conflict_resolutions (id, conflict_id, outcome, note, staff_id, at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(conflict.to_string())
    .bind(outcome)
    .bind(note)
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM sync_flags WHERE conflict_id = ?")
        .bind(conflict.to_string())
        .execute(&mut **tx)
        .await?;
    let r = Resolution {
        conflict_id: conflict,
        outcome,
        note,
    };
    crate::store::shop::outbox::append(tx, ctx, "conflict", conflict, "resolve", &r).await?;
    Ok(id)
}

/// Settles a conflict with a note saying what was done: both facts stand.
pub async fn resolve(db: &Db, ctx: &Ctx, input: &ResolveInput) -> Result<Uuid> {
    ctx.require(Action::ManageShop)?;
    let conflict = parse_id("conflict_id", &input.conflict_id)?;
    let note = check::required("note", &input.note, 500)?;
    let mut tx = db.begin().await?;
    settled_here(&mut tx, conflict).await?;
    let id = record(&mut tx, ctx, conflict, "kept", &note).await?;
    tx.commit().await?;
    Ok(id)
}

async fn settled_here(tx: &mut Tx, conflict: Uuid) -> Result<()> {
    let done: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM conflict_resolutions WHERE conflict_id = ?)",
    )
    .bind(conflict.to_string())
    .fetch_one(&mut **tx)
    .await?;
    if done {
        return Err(Error::invalid_state(
            "already_resolved",
            "this conflict is already resolved",
        ));
    }
    Ok(())
}

/// The tables whose rows name a customer and may be moved to another one:
/// every foreign key to `customers`, except history that never changes
/// (it keeps naming the merged customer, who points at the one kept).
async fn referencing(tx: &mut Tx) -> Result<Vec<(String, String)>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND f.\"table\" = 'customers' AND m.name <> 'customers' ORDER BY m.name",
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(t, _)| !crate::domain::sync::NO_UPDATE.contains(&t.as_str()))
        .collect())
}

/// Merges `duplicate` into `keep`: their open and past tickets, orders,
/// visits, contracts and warranties go to `keep`; `duplicate` stays, marked
/// merged. Returns how many rows moved.
pub async fn merge_customers(db: &Db, ctx: &Ctx, input: &MergeInput) -> Result<u64> {
    ctx.require(Action::ManageShop)?;
    let keep = parse_id("keep", &input.keep)?;
    let dup = parse_id("duplicate", &input.duplicate)?;
    if keep == dup {
        return Err(Error::validation(
            "duplicate",
            "same_customer",
            "a customer cannot be merged into itself",
        ));
    }
    let conflict = match input.conflict_id.as_deref() {
        Some(c) if !c.trim().is_empty() => Some(parse_id("conflict_id", c)?),
        _ => None,
    };
    let note = check::optional("note", input.note.as_deref(), 500)?;
    let mut tx = db.begin().await?;
    for (field, id) in [("keep", keep), ("duplicate", dup)] {
        let merged: Option<Option<String>> =
            sqlx::query_scalar("SELECT merged_into FROM customers WHERE id = ?")
                .bind(id.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        match merged {
            None => {
                return Err(Error::validation(
                    field,
                    "unknown_customer",
                    "no such customer",
                ))
            }
            Some(Some(_)) => {
                return Err(Error::invalid_state(
                    "already_merged",
                    "this customer was already merged into another",
                ))
            }
            Some(None) => {}
        }
    }
    if let Some(c) = conflict {
        settled_here(&mut tx, c).await?;
    }
    // The tickets and orders that move: their search entries name the
    // customer, so they follow.
    let search: Vec<(String, String)> = sqlx::query_as(
        "SELECT 'tickets', id FROM tickets WHERE customer_id = ?1 UNION ALL SELECT 'orders', id FROM orders WHERE customer_id = ?1",
    )
    .bind(dup.to_string())
    .fetch_all(&mut *tx)
    .await?;
    let mut moved = 0;
    for (table, column) in referencing(&mut tx).await? {
        moved += sqlx::query(&format!(
            "UPDATE \"{table}\" SET \"{column}\" = ?1 WHERE \"{column}\" = ?2"
        ))
        .bind(keep.to_string())
        .bind(dup.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    let (tickets, orders): (Vec<_>, Vec<_>) = search.into_iter().partition(|(t, _)| t == "tickets");
    let ids = |rows: Vec<(String, String)>| rows.into_iter().map(|(_, id)| id).collect();
    super::reindex::tickets(&mut tx, &ids(tickets)).await?;
    super::reindex::orders(&mut tx, &ids(orders)).await?;
    sqlx::query("UPDATE customers SET merged_into = ? WHERE id = ?")
        .bind(keep.to_string())
        .bind(dup.to_string())
        .execute(&mut *tx)
        .await?;
    #[derive(Serialize)]
    struct Merged {
        keep: Uuid,
        moved: u64,
    }
    crate::store::shop::outbox::append(
        &mut tx,
        ctx,
        "customer",
        dup,
        "merge",
        &Merged { keep, moved },
    )
    .await?;
    if let Some(c) = conflict {
        record(&mut tx, ctx, c, "merged", note.as_deref().unwrap_or("")).await?;
    }
    tx.commit().await?;
    Ok(moved)
}
