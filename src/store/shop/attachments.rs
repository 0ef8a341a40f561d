//! Files kept with a record (issue 17): a service order's site photo or
//! floor plan, a traded-in unit's photos. Checked by their bytes
//! (`domain::attachment`), stored in the database so they travel with the
//! shop's data, append-only, each with its outbox row. Listed without
//! their bytes; read one at a time to open it.

use crate::domain::attachment::{check_file, AttachmentInput, CheckedFile, MAX_PER_RECORD};
use crate::domain::staff::permissions::Action;
use crate::error::{Error, Result};
use crate::store::{shop::outbox, ts, Ctx, Db, Tx};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

/// What a file is kept with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "AttachmentSubject")]
pub enum Subject {
    ServiceOrder,
    TradeIn,
}

impl Subject {
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::ServiceOrder => "service_order",
            Subject::TradeIn => "trade_in",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Subject::ServiceOrder => "service_orders",
            Subject::TradeIn => "trade_ins",
        }
    }
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
pub struct AttachmentInfo {
    pub id: String,
    pub name: String,
    pub mime: String,
    #[ts(type = "number")]
    pub size: i64,
    pub at: String,
}

/// Keeps `files` with the record, in the caller's transaction; errors name
/// `field.<n>`. Returns how many it kept.
pub(crate) async fn add_in(
    tx: &mut Tx,
    ctx: &Ctx,
    subject: Subject,
    subject_id: Uuid,
    field: &str,
    files: &[AttachmentInput],
) -> Result<usize> {
    let checked = files
        .iter()
        .enumerate()
        .map(|(i, f)| check_file(&format!("{field}.{i}"), f))
        .collect::<Result<Vec<_>>>()?;
    keep(tx, ctx, subject, subject_id, field, &checked).await
}

/// Keeps checked files with the record, at most ten in all.
async fn keep(
    tx: &mut Tx,
    ctx: &Ctx,
    subject: Subject,
    subject_id: Uuid,
    field: &str,
    checked: &[CheckedFile],
) -> Result<usize> {
    let held: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM attachments WHERE subject = ? AND subject_id = ?")
            .bind(subject.as_str())
            .bind(subject_id.to_string())
            .fetch_one(&mut **tx)
            .await?;
    if held as usize + checked.len() > MAX_PER_RECORD {
        return Err(Error::validation(
            field,
            "too_many",
            format!("at most {MAX_PER_RECORD} files"),
        ));
    }
    for f in checked {
        let id = crate::domain::new_id();
        sqlx::query(
            "INSERT INTO attachments (id, subject, subject_id, name, mime, size, bytes, added_by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id.to_string())
        .bind(subject.as_str())
        .bind(subject_id.to_string())
        .bind(&f.name)
        .bind(f.mime)
        .bind(f.bytes.len() as i64)
        .bind(&f.bytes)
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .execute(&mut **tx)
        .await?;
        let data = serde_json::json!({ "subject": subject.as_str(), "subject_id": subject_id, "name": f.name, "mime": f.mime, "size": f.bytes.len() });
        outbox::append(tx, ctx, "attachment", id, "add", &data).await?;
    }
    Ok(checked.len())
}

/// Keeps one file with an existing record.
pub async fn add(
    db: &Db,
    ctx: &Ctx,
    subject: Subject,
    subject_id: Uuid,
    file: AttachmentInput,
) -> Result<Vec<AttachmentInfo>> {
    ctx.require(Action::AddNote)?;
    let mut tx = db.begin().await?;
    let known: Option<String> =
        sqlx::query_scalar(&format!("SELECT id FROM {} WHERE id = ?", subject.table()))
            .bind(subject_id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    if known.is_none() {
        return Err(Error::not_found(subject.as_str()));
    }
    let checked = check_file("file", &file)?;
    keep(&mut tx, ctx, subject, subject_id, "file", &[checked]).await?;
    tx.commit().await?;
    list(db, subject, subject_id).await
}

/// The record's files, oldest first, without their bytes.
pub async fn list(db: &Db, subject: Subject, subject_id: Uuid) -> Result<Vec<AttachmentInfo>> {
    Ok(sqlx::query_as(
        "SELECT id, name, mime, size, at FROM attachments WHERE subject = ? AND subject_id = ? ORDER BY at, rowid",
    )
    .bind(subject.as_str())
    .bind(subject_id.to_string())
    .fetch_all(&db.pool)
    .await?)
}

/// One file: its name, kind and bytes.
pub async fn read(db: &Db, id: Uuid) -> Result<(String, String, Vec<u8>)> {
    sqlx::query_as("SELECT name, mime, bytes FROM attachments WHERE id = ?")
        .bind(id.to_string())
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("attachment"))
}
