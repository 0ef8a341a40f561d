//! A customer's details and note changed from their page: checked like a
//! new customer (a phone another customer has is refused at its field),
//! the before → after audited, and their tickets' and orders' search
//! entries follow a new name or phone.

use super::{get_in, Customer, NewCustomer};
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::shop::outbox;
use crate::store::{Ctx, Db};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CustomerEdit {
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    pub address: Option<String>,
    pub note: Option<String>,
    /// The note pops up when the customer is picked at an intake or a sale.
    pub note_flagged: bool,
}

pub async fn update(db: &Db, ctx: &Ctx, id: Uuid, input: CustomerEdit) -> Result<Customer> {
    ctx.require(Action::CreateCustomer)?;
    let c = NewCustomer {
        name: input.name,
        phone: input.phone,
        email: input.email,
        address: input.address,
    }
    .validate()?;
    let note = check::optional("note", input.note.as_deref(), 500)?;
    if input.note_flagged && note.is_none() {
        return Err(Error::validation(
            "note",
            "required",
            "write the note to show",
        ));
    }
    let mut tx = db.begin().await?;
    let before = get_in(&mut tx, id).await?;
    let merged: Option<String> =
        sqlx::query_scalar("SELECT merged_into FROM customers WHERE id = ?")
            .bind(id.to_string())
            .fetch_one(&mut *tx)
            .await?;
    if merged.is_some() {
        return Err(Error::invalid_state(
            "already_merged",
            "this customer was merged into another: edit that one",
        ));
    }
    let taken: Option<String> = sqlx::query_scalar(
        "SELECT name FROM customers WHERE phone = ? AND id <> ? AND merged_into IS NULL",
    )
    .bind(&c.phone)
    .bind(id.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    if taken.is_some() {
        return Err(Error::validation(
            "phone",
            "phone_taken",
            "a customer with this phone already exists",
        ));
    }
    sqlx::query(
        "UPDATE customers SET name = ?, phone = ?, email = ?, address = ?, note = ?, note_flagged = ? WHERE id = ?",
    )
    .bind(&c.name)
    .bind(&c.phone)
    .bind(&c.email)
    .bind(&c.address)
    .bind(&note)
    .bind(input.note_flagged)
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    if before.name != c.name || before.phone != c.phone {
        let rows = |table: &str| format!("SELECT id FROM {table} WHERE customer_id = ?");
        for (table, reindex) in [("tickets", true), ("orders", false)] {
            let ids: BTreeSet<String> = sqlx::query_scalar(&rows(table))
                .bind(id.to_string())
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .collect();
            if reindex {
                crate::store::sync::reindex::tickets(&mut tx, &ids).await?;
            } else {
                crate::store::sync::reindex::orders(&mut tx, &ids).await?;
            }
        }
    }
    let after = get_in(&mut tx, id).await?;
    outbox::append_change(&mut tx, ctx, "customer", id, "update", &before, &after).await?;
    tx.commit().await?;
    Ok(after)
}
