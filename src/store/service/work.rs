//! The work of a service order: started once the customer accepted the
//! confirmation and paid what the terms ask before the start; each
//! milestone's progress recorded and told to the customer (a milestone
//! done invoices its share); visits made for a milestone's work (booked on
//! the dispatch board like any other) and support visits after acceptance,
//! free inside the support period and priced as usual after it.

use super::{read, step, ServiceOrder};
use crate::domain::money;
use crate::domain::service::{terms, Instalment, Trigger};
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::field::visits::{self, OrderLink, VisitKind, VisitRequest};
use crate::store::{shop::calendar, ts, Ctx, Db};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// Starts the work. Refused while the down payment is owed (the clerk sees
/// how much).
pub async fn start(db: &Db, ctx: &Ctx, id: Uuid) -> Result<ServiceOrder> {
    ctx.require(Action::MoveTicket)?;
    let cur = read::detail(db, ctx.now, id).await?.currency;
    let mut tx = db.begin().await?;
    let from = super::status_of(&mut tx, id).await?;
    crate::domain::service::next(from, Trigger::Start)?;
    let owed = super::billing::deposit_owed(&mut tx, id, cur).await?;
    if owed > Decimal::ZERO {
        return Err(Error::invalid_state(
            "deposit_unpaid",
            format!(
                "the down payment is not paid yet: {} owed",
                money::format(owed, cur)
            ),
        ));
    }
    step(
        &mut tx,
        ctx,
        id,
        Trigger::Start,
        "started",
        None,
        serde_json::json!({}),
    )
    .await?;
    sqlx::query("UPDATE service_orders SET started_at = ? WHERE id = ?")
        .bind(ts(ctx.now))
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    read::detail(db, ctx.now, id).await
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ProgressInput {
    /// 1-based, as the confirmation lists them.
    pub milestone: u32,
    /// 0–100 %.
    pub progress: u32,
    pub note: String,
}

/// Records a milestone's progress (what the customer is told); a milestone
/// reaching 100 % for the first time invoices its share, if the terms give
/// it one.
pub async fn record_progress(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    input: ProgressInput,
) -> Result<ServiceOrder> {
    ctx.require(Action::MoveTicket)?;
    let note = check::required("note", &input.note, 1000)?;
    check::range("progress", input.progress.into(), 0, 100)?;
    let mut tx = db.begin().await?;
    let from = super::status_of(&mut tx, id).await?;
    crate::domain::service::next(from, Trigger::Update)?;
    let (_, _, _, scope, _, _) = super::billing::accepted_in(&mut tx, id).await?;
    let count = scope.milestones.len() as u32;
    if input.milestone == 0 || input.milestone > count {
        return Err(Error::validation(
            "milestone",
            "unknown_milestone",
            format!("1 to {count}"),
        ));
    }
    let data = serde_json::json!({ "milestone": input.milestone, "progress": input.progress });
    step(
        &mut tx,
        ctx,
        id,
        Trigger::Update,
        "progress",
        Some(&note),
        data,
    )
    .await?;
    sqlx::query(
        "INSERT INTO service_order_updates (id, order_id, milestone, progress, note, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(crate::domain::new_id().to_string())
    .bind(id.to_string())
    .bind(input.milestone)
    .bind(input.progress)
    .bind(&note)
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE service_orders SET last_update_at = ? WHERE id = ?")
        .bind(ts(ctx.now))
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    if input.progress == 100 {
        let k = Instalment::Milestone(input.milestone);
        super::billing::issue_in(db, &mut tx, ctx, id, k).await?;
    }
    tx.commit().await?;
    read::detail(db, ctx.now, id).await
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OrderVisitInput {
    /// The milestone the visit works on (None for a support visit).
    pub milestone: Option<u32>,
    pub problem: String,
    /// Local "YYYY-MM-DDTHH:MM", the customer's preferred time.
    pub preferred_at: Option<String>,
    pub skills: Vec<String>,
    /// A support visit after the support period: its price as any visit's.
    pub quote: Option<String>,
}

/// A visit request for the order: a milestone's work while the work goes
/// on, or a support visit after acceptance (covered inside the support
/// period, decided now and written on the visit). It is then booked on the
/// dispatch board like any visit.
pub async fn request_visit(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    input: OrderVisitInput,
) -> Result<ServiceOrder> {
    ctx.require(Action::TakeIn)?;
    let order = read::detail(db, ctx.now, id).await?;
    let trigger = if input.milestone.is_some() {
        Trigger::Schedule
    } else {
        Trigger::Support
    };
    crate::domain::service::next(order.status, trigger)?;
    let today = calendar::calendar(db).await?.local_date(ctx.now);
    let ends = order
        .support_ends_on
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let in_support = terms::support_days_left(today, ends) > 0;
    if let Some(k) = input.milestone {
        if k == 0 || k as usize > order.milestones.len() {
            return Err(Error::validation(
                "milestone",
                "unknown_milestone",
                format!("1 to {}", order.milestones.len()),
            ));
        }
    }
    let covered = input.milestone.is_some() || in_support;
    if covered && input.quote.as_deref().is_some_and(|q| !q.trim().is_empty()) {
        return Err(Error::validation(
            "quote",
            "covered",
            "the order covers this visit: no price",
        ));
    }
    let customer = crate::store::customers::get(db, order.customer_id).await?;
    let request = VisitRequest {
        customer_id: order.customer_id.to_string(),
        site_address: order.scope.site_address.clone(),
        site_contact: customer.name.clone(),
        site_phone: customer.phone.clone(),
        kind: if input.milestone.is_some() {
            VisitKind::Installation
        } else {
            VisitKind::Paid
        },
        problem: input.problem,
        units: vec![],
        skills: input.skills,
        preferred_at: input.preferred_at,
        quote: if covered { None } else { input.quote },
    };
    let due_on = input
        .milestone
        .and_then(|k| order.milestones.get(k as usize - 1))
        .and_then(|m| chrono::NaiveDate::parse_from_str(&m.planned_on, "%Y-%m-%d").ok());
    let link = OrderLink {
        order: id,
        milestone: input.milestone,
        covered,
        due_on,
    };
    let mut tx = db.begin().await?;
    let visit = visits::request_in(db, &mut tx, ctx, request, Some(link)).await?;
    let kind = if input.milestone.is_some() {
        "visit_requested"
    } else {
        "support_requested"
    };
    let data =
        serde_json::json!({ "visit_id": visit, "milestone": input.milestone, "covered": covered });
    step(&mut tx, ctx, id, trigger, kind, None, data).await?;
    tx.commit().await?;
    read::detail(db, ctx.now, id).await
}
