//! Consultation follow-ups: the ones due on or before a day and not yet
//! done, and marking one done (once, with an optional note). The
//! consultation log itself stays append-only.

use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::shop::outbox;
use crate::store::{ts, Ctx, Db};
use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
pub struct FollowUp {
    pub id: String,
    pub customer_id: String,
    pub customer_name: String,
    pub problem: String,
    pub follow_up_on: String,
}

/// Follow-ups due on or before `day`, oldest first, not yet done.
pub async fn due(db: &Db, day: NaiveDate) -> Result<Vec<FollowUp>> {
    Ok(sqlx::query_as(
        "SELECT k.id, k.customer_id, c.name AS customer_name, k.problem, k.follow_up_on
         FROM consultations k JOIN customers c ON c.id = k.customer_id
         WHERE k.follow_up_on IS NOT NULL AND k.follow_up_on <= ?
           AND NOT EXISTS (SELECT 1 FROM follow_ups_done d WHERE d.consultation_id = k.id)
         ORDER BY k.follow_up_on, k.at LIMIT 100",
    )
    .bind(day.to_string())
    .fetch_all(&db.pool)
    .await?)
}

/// Marks a consultation's follow-up done.
pub async fn done(db: &Db, ctx: &Ctx, consultation: Uuid, note: Option<&str>) -> Result<()> {
    ctx.require(Action::TakeIn)?;
    let note = check::optional("note", note, 300)?;
    let mut tx = db.begin().await?;
    let row: Option<(Option<String>, bool)> = sqlx::query_as(
        "SELECT k.follow_up_on, EXISTS (SELECT 1 FROM follow_ups_done d WHERE d.consultation_id = k.id)
         FROM consultations k WHERE k.id = ?",
    )
    .bind(consultation.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    match row {
        None => return Err(Error::not_found("consultation")),
        Some((None, _)) => {
            return Err(Error::invalid_state(
                "no_follow_up",
                "this consultation has no follow-up",
            ))
        }
        Some((_, true)) => {
            return Err(Error::invalid_state(
                "follow_up_done",
                "this follow-up is already done",
            ))
        }
        Some(_) => {}
    }
    sqlx::query(
        "INSERT INTO follow_ups_done (consultation_id, note, done_by, done_at) VALUES (?, ?, ?, ?)",
    )
    .bind(consultation.to_string())
    .bind(&note)
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut *tx)
    .await?;
    let payload = serde_json::json!({ "note": note });
    outbox::append(
        &mut tx,
        ctx,
        "consultation",
        consultation,
        "follow_up_done",
        &payload,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
