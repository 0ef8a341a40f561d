//! Service orders (issue 17): IT work and installations from the
//! customer's requirements to the support period.
//!
//! `orders` creates an order with its first confirmation revision, revises
//! it, records the customer's acceptance and cancels; `work` starts the
//! work once the terms' payment is in, records progress (with the message
//! for the customer), makes milestone and support visits; `billing` issues
//! the invoices the terms ask for and takes their payments (into the
//! drawer like every payment), `papers` voids and reissues them;
//! `handover` records the BAST; `read` is the
//! order as the counter sees it (`records` its handovers, visits and
//! history), `list` the orders with those whose customer has waited too
//! long for news first.
//!
//! Owns the `service_order*` tables and the `service_order_id`,
//! `milestone` and `order_covered` columns of visits. Every write is one
//! transaction that moves the status through `domain::service::next`,
//! appends its event and its outbox row; history rows are never changed.

pub mod billing;
pub mod handover;
pub mod list;
pub mod orders;
pub mod papers;
pub mod read;
pub mod records;
pub mod work;

pub use list::{list, ServiceOrderRow};
pub use read::{detail, ServiceOrder};

use crate::domain::service::{next, ServiceStatus, Trigger};
use crate::error::{Error, Result};
use crate::store::{shop::outbox, ts, Ctx, Tx};
use uuid::Uuid;

/// The order's status inside the caller's transaction.
pub(crate) async fn status_of(tx: &mut Tx, id: Uuid) -> Result<ServiceStatus> {
    let s: String = sqlx::query_scalar("SELECT status FROM service_orders WHERE id = ?")
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found("service_order"))?;
    ServiceStatus::parse(&s)
}

/// Checks `trigger` against the status read in the transaction and, when
/// it moves the order, writes the new status; then appends the event and
/// its outbox row. Returns the status before.
pub(crate) async fn step(
    tx: &mut Tx,
    ctx: &Ctx,
    id: Uuid,
    trigger: Trigger,
    kind: &str,
    note: Option<&str>,
    data: serde_json::Value,
) -> Result<ServiceStatus> {
    let from = status_of(tx, id).await?;
    let to = next(from, trigger)?;
    sqlx::query("UPDATE service_orders SET status = ?, updated_at = ? WHERE id = ?")
        .bind(to.as_str())
        .bind(ts(ctx.now))
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    let moved = (from != to).then_some((from.as_str(), to.as_str()));
    event(tx, ctx, id, kind, moved, note, data).await?;
    Ok(from)
}

/// Appends one event of the order's history and its outbox row; `moved`
/// is the status move it records, if any.
pub(crate) async fn event(
    tx: &mut Tx,
    ctx: &Ctx,
    id: Uuid,
    kind: &str,
    moved: Option<(&str, &str)>,
    note: Option<&str>,
    data: serde_json::Value,
) -> Result<()> {
    let event = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO service_order_events (id, order_id, kind, from_status, to_status, note, data, staff_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(event.to_string())
    .bind(id.to_string())
    .bind(kind)
    .bind(moved.map(|m| m.0))
    .bind(moved.map(|m| m.1))
    .bind(note)
    .bind(data.to_string())
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut **tx)
    .await?;
    let payload = serde_json::json!({ "event_id": event, "kind": kind, "moved": moved, "note": note, "data": data });
    match moved {
        Some((f, _)) => {
            let before = serde_json::json!({ "status": f });
            outbox::append_change(tx, ctx, "service_order", id, kind, &before, &payload).await
        }
        None => outbox::append(tx, ctx, "service_order", id, kind, &payload).await,
    }
}
