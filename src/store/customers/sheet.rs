//! Customers from and to a spreadsheet: a preview with the columns guessed
//! and each row checked as the customer form checks it, then the import
//! in batches of 1 000 rows with progress. A customer is found by their
//! phone and updated, never entered twice; every change is audited. The
//! export (personal data leaving the shop: the owner's and admins') writes
//! the columns the import reads back.

use super::NewCustomer;
use crate::domain::sheets::customers::{self as sheet, CustomerColumns};
use crate::domain::sheets::{self, Sheet};
use crate::domain::staff::permissions::Action;
use crate::error::{Error, Result};
use crate::store::sales::catalog_sheet::{
    RowAction, RowResult, SheetCounts, SheetProgress, SheetReport,
};
use crate::store::shop::journal::Journal;
use crate::store::{Ctx, Db};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use ts_rs::TS;
use uuid::Uuid;

const BATCH: usize = 1_000;
const LISTED: usize = 500;

#[derive(Debug, Clone, Serialize, TS)]
pub struct CustomerPreview {
    pub header: Vec<String>,
    pub columns: CustomerColumns,
    pub rows: Vec<RowResult>,
    pub counts: SheetCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct Stored {
    id: String,
    name: String,
    email: Option<String>,
    address: Option<String>,
    note: Option<String>,
}

/// The customers as `conn` sees them (an import reads them again inside
/// each batch's transaction).
async fn stored(conn: &mut sqlx::SqliteConnection) -> Result<HashMap<String, Stored>> {
    type Row = (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, phone, name, email, address, note FROM customers WHERE merged_into IS NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, phone, name, email, address, note)| {
            (
                phone,
                Stored {
                    id,
                    name,
                    email,
                    address,
                    note,
                },
            )
        })
        .collect())
}

enum Checked {
    New(NewCustomer, Option<String>),
    Update(Stored, Stored),
    Unchanged,
    Refused(String, String),
}

fn classify(
    columns: &CustomerColumns,
    cells: &[String],
    known: &HashMap<String, Stored>,
    seen: &mut HashSet<String>,
) -> (String, String, Checked) {
    let row = sheet::customer(columns, cells);
    let raw = (row.phone.clone(), row.name.clone());
    let input = NewCustomer {
        name: row.name,
        phone: row.phone,
        email: row.email,
        address: row.address,
    };
    let c = match input.validate() {
        Ok(c) => c,
        Err(Error::Validation { field, code, .. }) => {
            return (raw.0, raw.1, Checked::Refused(field, code))
        }
        Err(e) => return (raw.0, raw.1, Checked::Refused("row".into(), e.to_string())),
    };
    let note = match crate::error::check::optional("note", row.note.as_deref(), 500) {
        Ok(n) => n,
        Err(_) => {
            return (
                c.phone,
                c.name,
                Checked::Refused("note".into(), "too_long".into()),
            )
        }
    };
    if !seen.insert(c.phone.clone()) {
        return (
            c.phone,
            c.name,
            Checked::Refused("phone".into(), "duplicate_in_file".into()),
        );
    }
    let Some(old) = known.get(&c.phone) else {
        return (c.phone.clone(), c.name.clone(), Checked::New(c, note));
    };
    let new = Stored {
        id: old.id.clone(),
        name: c.name.clone(),
        email: if columns.email.is_some() {
            c.email.clone()
        } else {
            old.email.clone()
        },
        address: if columns.address.is_some() {
            c.address.clone()
        } else {
            old.address.clone()
        },
        note: if columns.note.is_some() {
            note
        } else {
            old.note.clone()
        },
    };
    if &new == old {
        return (c.phone, c.name, Checked::Unchanged);
    }
    (c.phone, c.name, Checked::Update(old.clone(), new))
}

fn read(bytes: &[u8], columns: Option<CustomerColumns>) -> Result<(Sheet, CustomerColumns)> {
    let s = sheets::read(bytes)?;
    let columns = columns.unwrap_or_else(|| sheet::guess(&s.header));
    sheet::check(&columns, &s).map_err(|(field, code)| {
        Error::validation(&format!("columns.{field}"), code, "choose the column")
    })?;
    Ok((s, columns))
}

fn result(
    line: u32,
    phone: String,
    name: String,
    action: RowAction,
    refused: Option<(String, String)>,
) -> RowResult {
    let (field, code) = refused
        .map(|(f, c)| (Some(f), Some(c)))
        .unwrap_or((None, None));
    RowResult {
        line,
        sku: phone,
        name,
        action,
        field,
        code,
    }
}

pub async fn preview(
    db: &Db,
    ctx: &Ctx,
    bytes: &[u8],
    columns: Option<CustomerColumns>,
) -> Result<CustomerPreview> {
    ctx.require(Action::ManageShop)?;
    let (s, columns) = read(bytes, columns)?;
    let known = stored(&mut *db.pool.acquire().await?).await?;
    let mut seen = HashSet::new();
    let (mut counts, mut rows) = (SheetCounts::default(), vec![]);
    for (line, cells) in &s.rows {
        let (phone, name, checked) = classify(&columns, cells, &known, &mut seen);
        let (action, refused) = match checked {
            Checked::New(..) => (RowAction::New, None),
            Checked::Update(..) => (RowAction::Update, None),
            Checked::Unchanged => (RowAction::Unchanged, None),
            Checked::Refused(f, c) => (RowAction::Refused, Some((f, c))),
        };
        counts.count(action);
        if rows.len() < 50 || (action == RowAction::Refused && rows.len() < LISTED) {
            rows.push(result(*line, phone, name, action, refused));
        }
    }
    Ok(CustomerPreview {
        header: s.header,
        columns,
        rows,
        counts,
    })
}

pub async fn import(
    db: &Db,
    ctx: &Ctx,
    bytes: &[u8],
    columns: Option<CustomerColumns>,
    progress: &(dyn Fn(SheetProgress) + Sync),
) -> Result<SheetReport> {
    ctx.require(Action::ManageShop)?;
    let (s, columns) = read(bytes, columns)?;
    let total = s.rows.len() as u32;
    let mut seen = HashSet::new();
    let mut report = SheetReport::default();
    for (n, chunk) in s.rows.chunks(BATCH).enumerate() {
        let mut tx = db.begin().await?;
        let known = stored(&mut tx).await?;
        let mut journal = Journal::default();
        for (line, cells) in chunk {
            let (phone, name, checked) = classify(&columns, cells, &known, &mut seen);
            match checked {
                Checked::New(c, note) => {
                    let id = super::insert_row(&mut tx, ctx, &c).await?;
                    if note.is_some() {
                        sqlx::query("UPDATE customers SET note = ? WHERE id = ?")
                            .bind(&note)
                            .bind(id.to_string())
                            .execute(&mut *tx)
                            .await?;
                    }
                    journal.add(ctx, "customer", id, "create", None, &c)?;
                    report.counts.new += 1;
                }
                Checked::Update(old, new) => {
                    // A note emptied no longer pops up.
                    sqlx::query("UPDATE customers SET name = ?1, email = ?2, address = ?3, note = ?4, note_flagged = CASE WHEN ?4 IS NULL THEN 0 ELSE note_flagged END WHERE id = ?5")
                        .bind(&new.name)
                        .bind(&new.email)
                        .bind(&new.address)
                        .bind(&new.note)
                        .bind(&old.id)
                        .execute(&mut *tx)
                        .await?;
                    if new.name != old.name {
                        let ids: std::collections::BTreeSet<String> =
                            sqlx::query_scalar("SELECT id FROM tickets WHERE customer_id = ?")
                                .bind(&old.id)
                                .fetch_all(&mut *tx)
                                .await?
                                .into_iter()
                                .collect();
                        crate::store::sync::reindex::tickets(&mut tx, &ids).await?;
                        let ids: std::collections::BTreeSet<String> =
                            sqlx::query_scalar("SELECT id FROM orders WHERE customer_id = ?")
                                .bind(&old.id)
                                .fetch_all(&mut *tx)
                                .await?
                                .into_iter()
                                .collect();
                        crate::store::sync::reindex::orders(&mut tx, &ids).await?;
                    }
                    let before = serde_json::to_string(&old).map_err(|e| Error::Storage {
                        message: e.to_string(),
                    })?;
                    let id = Uuid::parse_str(&old.id).map_err(|_| Error::Storage {
                        message: "bad customer id".into(),
                    })?;
                    journal.add(ctx, "customer", id, "update", Some(before), &new)?;
                    report.counts.update += 1;
                }
                Checked::Unchanged => report.counts.unchanged += 1,
                Checked::Refused(f, c) => {
                    report.counts.refused += 1;
                    if report.refused.len() < LISTED {
                        report.refused.push(result(
                            *line,
                            phone,
                            name,
                            RowAction::Refused,
                            Some((f, c)),
                        ));
                    }
                }
            }
        }
        journal.flush(&mut tx).await?;
        tx.commit().await?;
        progress(SheetProgress {
            rows: ((n + 1) * BATCH).min(total as usize) as u32,
            total,
        });
    }
    Ok(report)
}

/// Every customer not merged into another, as CSV or XLSX.
pub async fn export(db: &Db, ctx: &Ctx, format: sheets::SheetFormat) -> Result<(String, Vec<u8>)> {
    ctx.require(Action::ManageShop)?;
    type Row = (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT name, phone, email, address, note FROM customers WHERE merged_into IS NULL ORDER BY name COLLATE NOCASE",
    )
    .fetch_all(&db.pool)
    .await?;
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(name, phone, email, address, note)| {
            vec![
                name,
                crate::domain::phone::national(&phone),
                email.unwrap_or_default(),
                address.unwrap_or_default(),
                note.unwrap_or_default(),
            ]
        })
        .collect();
    let header: Vec<String> = sheet::HEADER.iter().map(|h| h.to_string()).collect();
    crate::docs::sheets::write("pelanggan", &header, &rows, format, &[])
}
