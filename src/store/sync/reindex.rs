//! The search entries of rows another device wrote (or a merge moved): the
//! board's ticket search and the order list's search name the customer, so
//! they follow the rows. A pulled page's tickets and orders are reindexed
//! together, in three statements per table whatever their number.

use crate::error::Result;
use crate::store::{search, Tx};
use std::collections::BTreeSet;

/// A ticket's rowid, id, number, tracking code, customer name and phone, serial.
type TicketEntry = (i64, String, String, String, String, String, Option<String>);

/// The board's search entries of tickets another device wrote.
pub(crate) async fn tickets(tx: &mut Tx, ids: &BTreeSet<String>) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let ids = serde_json::to_string(ids).unwrap_or_default();
    let rows: Vec<TicketEntry> =
        sqlx::query_as(
            "SELECT t.rowid, t.id, t.number, t.tracking_code, c.name, c.phone, t.serial
             FROM json_each(?1) j JOIN tickets t ON t.id = j.value JOIN customers c ON c.id = t.customer_id",
        )
        .bind(&ids)
        .fetch_all(&mut **tx)
        .await?;
    let entries: Vec<(i64, &str, String)> = rows
        .iter()
        .map(|(rowid, id, number, tracking, name, phone, serial)| {
            let body = search::ticket_body(number, tracking, name, phone, serial.as_deref());
            (*rowid, id.as_str(), body)
        })
        .collect();
    replace(tx, "ticket_search", "ticket_id", &entries).await
}

/// The order list's search entries of orders another device wrote.
pub(crate) async fn orders(tx: &mut Tx, ids: &BTreeSet<String>) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let ids = serde_json::to_string(ids).unwrap_or_default();
    let rows: Vec<(i64, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT o.rowid, o.id, o.number, c.name, c.phone, c.email
         FROM json_each(?1) j JOIN orders o ON o.id = j.value JOIN customers c ON c.id = o.customer_id",
    )
    .bind(&ids)
    .fetch_all(&mut **tx)
    .await?;
    let entries: Vec<(i64, &str, String)> = rows
        .iter()
        .map(|(rowid, id, number, name, phone, email)| {
            let body =
                crate::store::sales::write::order_body(number, name, phone, email.as_deref());
            (*rowid, id.as_str(), body)
        })
        .collect();
    replace(tx, "order_search", "order_id", &entries).await
}

/// Replaces the entries of `table` (an FTS5 table keyed by the row's rowid,
/// with its id column and body) by `entries`.
async fn replace(
    tx: &mut Tx,
    table: &str,
    id_column: &str,
    entries: &[(i64, &str, String)],
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let entries = serde_json::to_string(entries).unwrap_or_default();
    sqlx::query(&format!(
        "DELETE FROM {table} WHERE rowid IN (SELECT value ->> 0 FROM json_each(?1))"
    ))
    .bind(&entries)
    .execute(&mut **tx)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO {table} (rowid, {id_column}, body) SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?1)"
    ))
    .bind(&entries)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
