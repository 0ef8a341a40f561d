//! Berita acara serah terima pekerjaan (BAST): the work handed over,
//! checked against the confirmation's acceptance criteria, signed by the
//! customer, and either accepted (the support period starts, the final
//! invoice is issued) or sent back with the revisions asked for.

use super::{read, step, ServiceOrder};
use crate::domain::service::{terms, Instalment, Trigger};
use crate::domain::shop::numbering::Series;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::{shop, shop::calendar, ts, Ctx, Db};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CriterionCheck {
    pub criterion: String,
    pub met: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HandoverOutcome {
    Accepted,
    Revisions,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HandoverInput {
    /// What was delivered.
    pub delivered: String,
    /// Each acceptance criterion of the confirmation, in its order, met or not.
    pub criteria: Vec<CriterionCheck>,
    pub outcome: HandoverOutcome,
    /// What the customer asks to change (revisions only).
    pub revisions: Option<String>,
    pub signer: String,
    /// The customer's signature, base64 PNG.
    pub signature_png: String,
}

pub async fn hand_over(db: &Db, ctx: &Ctx, id: Uuid, input: HandoverInput) -> Result<ServiceOrder> {
    ctx.require(Action::MoveTicket)?;
    let delivered = check::required("delivered", &input.delivered, 2000)?;
    let signer = check::required("signer", &input.signer, 100)?;
    let png = crate::store::field::work::signature_png(&input.signature_png)?;
    let revisions = check::optional("revisions", input.revisions.as_deref(), 2000)?;
    let accepted = input.outcome == HandoverOutcome::Accepted;
    match (&revisions, accepted) {
        (None, false) => {
            return Err(Error::validation(
                "revisions",
                "required",
                "write what the customer asks to change",
            ))
        }
        (Some(_), true) => {
            return Err(Error::validation(
                "revisions",
                "accepted",
                "accepted work has no revisions",
            ))
        }
        _ => {}
    }
    let profile = shop::profile(db).await?;
    let cal = calendar::calendar(db).await?;
    let today = cal.local_date(ctx.now);
    let mut tx = db.begin().await?;
    let from = super::status_of(&mut tx, id).await?;
    let trigger = if accepted {
        Trigger::HandOverAccepted
    } else {
        Trigger::HandOverRevisions
    };
    crate::domain::service::next(from, trigger)?;
    let (_, _, revision, scope, _, _) = super::billing::accepted_in(&mut tx, id).await?;
    if input.criteria.len() != scope.acceptance_criteria.len() {
        return Err(Error::validation(
            "criteria",
            "criteria_mismatch",
            "check every criterion of the confirmation",
        ));
    }
    for (i, (c, want)) in input
        .criteria
        .iter()
        .zip(&scope.acceptance_criteria)
        .enumerate()
    {
        if c.criterion.trim() != want {
            return Err(Error::validation(
                &format!("criteria.{i}"),
                "criteria_mismatch",
                "not the confirmation's criterion",
            ));
        }
        if accepted && !c.met {
            return Err(Error::validation(
                &format!("criteria.{i}"),
                "unmet",
                "a criterion is not met: ask for a revision",
            ));
        }
    }
    let number = crate::store::repairs::tickets::next_number(
        &mut tx,
        &Series::of_shop("BA", &profile, today.year()),
    )
    .await?;
    let handover = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO service_order_handovers (id, number, order_id, revision, delivered, criteria, outcome, revisions, signer, png, staff_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(handover.to_string())
    .bind(&number)
    .bind(id.to_string())
    .bind(revision)
    .bind(&delivered)
    .bind(serde_json::to_string(&input.criteria).unwrap_or_default())
    .bind(if accepted { "accepted" } else { "revisions" })
    .bind(&revisions)
    .bind(&signer)
    .bind(&png)
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut *tx)
    .await?;
    let kind = if accepted {
        "handed_over"
    } else {
        "revisions_requested"
    };
    let data = serde_json::json!({ "handover_id": handover, "number": number, "revision": revision, "signer": signer });
    step(&mut tx, ctx, id, trigger, kind, revisions.as_deref(), data).await?;
    if accepted {
        let ends = terms::support_ends(today, scope.support_days);
        sqlx::query("UPDATE service_orders SET accepted_at = ?, support_ends_on = ? WHERE id = ?")
            .bind(ts(ctx.now))
            .bind(ends.map(|d| d.to_string()))
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        super::billing::issue_in(db, &mut tx, ctx, id, Instalment::Final).await?;
    }
    tx.commit().await?;
    read::detail(db, ctx.now, id).await
}
