//! Customers: found by phone or name while the clerk types, their details
//! and note edited, and their page (`page`): everything they brought,
//! bought, booked or own.

pub mod edit;
pub mod page;
pub mod sheet;

use super::shop::outbox;
use super::{search, ts, Ctx, Db};
use crate::domain::phone;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewCustomer {
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Customer {
    pub id: Uuid,
    pub name: String,
    /// E.164, e.g. +6281234567890.
    pub phone: String,
    /// As Indonesian staff read it: 081234567890.
    pub phone_display: String,
    pub email: Option<String>,
    pub address: Option<String>,
    /// A note about the customer; shown when they are picked at an intake
    /// or a sale when `note_flagged`.
    pub note: Option<String>,
    pub note_flagged: bool,
}

#[derive(FromRow)]
pub(crate) struct CustomerRow {
    id: String,
    name: String,
    phone: String,
    email: Option<String>,
    address: Option<String>,
    #[sqlx(default)]
    note: Option<String>,
    #[sqlx(default)]
    note_flagged: bool,
}

impl CustomerRow {
    pub(crate) fn into_customer(self) -> Result<Customer> {
        Ok(Customer {
            id: super::parse_id("id", &self.id)?,
            phone_display: phone::national(&self.phone),
            name: self.name,
            phone: self.phone,
            email: self.email,
            address: self.address,
            note: self.note,
            note_flagged: self.note_flagged,
        })
    }
}

impl NewCustomer {
    pub fn validate(self) -> Result<NewCustomer> {
        let email = check::optional("email", self.email.as_deref(), 120)?;
        if let Some(e) = &email {
            let valid = e
                .split_once('@')
                .is_some_and(|(u, d)| !u.is_empty() && d.contains('.') && !d.starts_with('.'))
                && !e.contains(char::is_whitespace);
            if !valid {
                return Err(Error::validation(
                    "email",
                    "invalid_email",
                    "not a valid e-mail address",
                ));
            }
        }
        Ok(NewCustomer {
            name: check::required("name", &self.name, 100)?,
            phone: phone::normalize(&self.phone)?,
            email,
            address: check::optional("address", self.address.as_deref(), 300)?,
        })
    }
}

pub async fn create(db: &Db, ctx: &Ctx, input: NewCustomer) -> Result<Customer> {
    ctx.require(Action::CreateCustomer)?;
    let c = input.validate()?;
    let mut tx = db.begin().await?;
    let taken: Option<String> =
        sqlx::query_scalar("SELECT name FROM customers WHERE phone = ? AND merged_into IS NULL")
            .bind(&c.phone)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some() {
        return Err(Error::validation(
            "phone",
            "phone_taken",
            "a customer with this phone already exists",
        ));
    }
    let id = insert(&mut tx, ctx, &c).await?;
    tx.commit().await?;
    Ok(Customer {
        id,
        phone_display: phone::national(&c.phone),
        name: c.name,
        phone: c.phone,
        email: c.email,
        address: c.address,
        note: None,
        note_flagged: false,
    })
}

/// Inserts a validated customer inside the caller's transaction.
pub(crate) async fn insert(tx: &mut super::Tx, ctx: &Ctx, c: &NewCustomer) -> Result<Uuid> {
    let id = insert_row(tx, ctx, c).await?;
    outbox::append(tx, ctx, "customer", id, "create", c).await?;
    Ok(id)
}

/// The row alone; the caller writes its outbox entry (bulk imports journal it).
pub(crate) async fn insert_row(tx: &mut super::Tx, ctx: &Ctx, c: &NewCustomer) -> Result<Uuid> {
    let id = crate::domain::new_id();
    sqlx::query("INSERT INTO customers (id, name, phone, email, address, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(id.to_string())
        .bind(&c.name)
        .bind(&c.phone)
        .bind(&c.email)
        .bind(&c.address)
        .bind(ts(ctx.now))
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

pub async fn get(db: &Db, id: Uuid) -> Result<Customer> {
    let mut conn = db.pool.acquire().await?;
    get_in(&mut conn, id).await
}

/// The customer as `conn` (e.g. a write transaction) sees it.
pub(crate) async fn get_in(conn: &mut sqlx::SqliteConnection, id: Uuid) -> Result<Customer> {
    sqlx::query_as::<_, CustomerRow>(
        "SELECT id, name, phone, email, address, note, COALESCE(note_flagged, 0) AS note_flagged FROM customers WHERE id = ?",
    )
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| Error::not_found("customer"))?
    .into_customer()
}

/// Phone prefix (any typed format) or name fragment; at most 20 matches.
pub async fn find(db: &Db, query: &str) -> Result<Vec<Customer>> {
    let q = query.trim();
    if q.is_empty() {
        return Ok(vec![]);
    }
    check::max_len("query", q, 100)?;
    let rows: Vec<CustomerRow> = if let Some(prefix) = search::phone_prefix(q) {
        sqlx::query_as("SELECT id, name, phone, email, address, note, COALESCE(note_flagged, 0) AS note_flagged FROM customers WHERE phone >= ? AND phone < ? AND merged_into IS NULL ORDER BY phone LIMIT 20")
            .bind(&prefix)
            .bind(format!("{prefix}\u{10FFFF}"))
            .fetch_all(&db.pool)
            .await?
    } else {
        sqlx::query_as("SELECT id, name, phone, email, address, note, COALESCE(note_flagged, 0) AS note_flagged FROM customers WHERE name LIKE ? ESCAPE '\\' AND merged_into IS NULL ORDER BY name LIMIT 20")
            .bind(format!("%{}%", search::escape_like(q)))
            .fetch_all(&db.pool)
            .await?
    };
    rows.into_iter().map(CustomerRow::into_customer).collect()
}
