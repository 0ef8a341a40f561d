//! The search entries of rows another device wrote (or a merge moved): the
//! board's ticket search and the order list's search name the customer, so
//! they follow the rows.

use crate::error::Result;
use crate::store::{search, Tx};

/// The board's search entry of a ticket another device wrote.
pub(crate) async fn ticket(tx: &mut Tx, id: &str) -> Result<()> {
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
pub(crate) async fn order(tx: &mut Tx, id: &str) -> Result<()> {
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
