//! Carrying out a visit: the technician checks in on site, then checks out
//! with the work done, the parts used (taken from stock), the labour time,
//! who signed for it and the outcome. A visit finished after its due time
//! needs the reason for the breach.

use super::catalog::{available, insert_move};
use super::visits::{event, get, Visit};
use super::{ts, Ctx, Db, Tx};
use crate::domain::permissions::Action;
use crate::error::{check, Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VisitOutcome {
    Fixed,
    NeedsParts,
    /// The unit goes to the workshop (a service ticket and a pickup).
    NeedsWorkshop,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VisitPart {
    pub product_id: String,
    pub qty: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VisitReport {
    pub work_done: String,
    pub parts: Vec<VisitPart>,
    pub labour_minutes: u32,
    /// Who signed for the work on site.
    pub customer_name: String,
    /// A saved signature image, if the customer signed on a tablet.
    pub signature_path: Option<String>,
    pub outcome: VisitOutcome,
    /// Needed when the visit ends after its due time.
    pub breach_reason: Option<String>,
}

async fn status(tx: &mut Tx, id: Uuid) -> Result<(String, String, String, String)> {
    let row: Option<(String, String, String, String)> =
        sqlx::query_as("SELECT status, due_at, number, branch FROM visits WHERE id = ?")
            .bind(id.to_string())
            .fetch_optional(&mut **tx)
            .await?;
    row.ok_or_else(|| Error::not_found("visit"))
}

/// The technician arrives on site.
pub async fn check_in(db: &Db, ctx: &Ctx, id: Uuid) -> Result<Visit> {
    ctx.require(Action::MoveTicket)?;
    let mut tx = db.begin().await?;
    let (st, ..) = status(&mut tx, id).await?;
    if st != "booked" {
        return Err(Error::invalid_state(
            "not_booked",
            "only a booked visit can start",
        ));
    }
    sqlx::query("UPDATE visits SET status = 'checked_in', updated_at = ? WHERE id = ?")
        .bind(ts(ctx.now))
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    event(
        &mut tx,
        ctx,
        id,
        "checked_in",
        None,
        &serde_json::json!({ "at": ts(ctx.now) }),
    )
    .await?;
    tx.commit().await?;
    get(db, ctx.now, id).await
}

/// The technician leaves with the report.
pub async fn check_out(db: &Db, ctx: &Ctx, id: Uuid, r: VisitReport) -> Result<Visit> {
    ctx.require(Action::MoveTicket)?;
    let work = check::required("work_done", &r.work_done, 2000)?;
    let signer = check::required("customer_name", &r.customer_name, 100)?;
    let signature = check::optional("signature_path", r.signature_path.as_deref(), 1000)?;
    let breach = check::optional("breach_reason", r.breach_reason.as_deref(), 500)?;
    if r.labour_minutes > 24 * 60 {
        return Err(Error::validation(
            "labour_minutes",
            "out_of_range",
            "at most 24 hours",
        ));
    }
    if r.parts.len() > 50 {
        return Err(Error::validation("parts", "too_many", "at most 50 parts"));
    }
    let mut parts = Vec::with_capacity(r.parts.len());
    for (i, p) in r.parts.iter().enumerate() {
        let pid = super::parse_id(&format!("parts.{i}.product_id"), &p.product_id)?;
        let qty: i64 = p
            .qty
            .trim()
            .parse()
            .ok()
            .filter(|q| (1..=1000).contains(q))
            .ok_or_else(|| {
                Error::validation(&format!("parts.{i}.qty"), "invalid_qty", "1 to 1000")
            })?;
        parts.push((i, pid, qty));
    }
    let mut tx = db.begin().await?;
    let (st, due, number, branch) = status(&mut tx, id).await?;
    if st != "checked_in" {
        return Err(Error::invalid_state(
            "not_checked_in",
            "check in on site first",
        ));
    }
    let late = ctx.now > super::parse_ts(&due);
    if late && breach.is_none() {
        return Err(Error::validation(
            "breach_reason",
            "required",
            "the visit ends after its due time: say why",
        ));
    }
    let note = format!("Kunjungan {number}");
    for (i, pid, qty) in &parts {
        let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE id = ?")
            .bind(pid.to_string())
            .fetch_one(&mut *tx)
            .await?;
        if known == 0 {
            return Err(Error::validation(
                &format!("parts.{i}.product_id"),
                "unknown_product",
                "choose a product",
            ));
        }
        let free = available(&mut tx, *pid, &branch).await?;
        if free < *qty {
            return Err(Error::validation(
                &format!("parts.{i}.qty"),
                "not_enough_stock",
                format!("{free} available"),
            ));
        }
        insert_move(
            &mut tx,
            ctx,
            *pid,
            &branch,
            -qty,
            "sale",
            None,
            None,
            Some(&note),
        )
        .await?;
    }
    sqlx::query("UPDATE visits SET status = 'done', done_at = ?, breach_reason = ?, updated_at = ? WHERE id = ?")
        .bind(ts(ctx.now))
        .bind(&breach)
        .bind(ts(ctx.now))
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let data = serde_json::json!({
        "work_done": work, "parts": parts.iter().map(|(_, p, q)| serde_json::json!({ "product_id": p, "qty": q })).collect::<Vec<_>>(),
        "labour_minutes": r.labour_minutes, "customer_name": signer, "signature": signature.is_some(),
        "outcome": r.outcome, "late": late,
    });
    event(&mut tx, ctx, id, "checked_out", breach.as_deref(), &data).await?;
    tx.commit().await?;
    get(db, ctx.now, id).await
}
