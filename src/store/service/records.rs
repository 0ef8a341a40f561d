//! A service order's records beside its money: the handovers (BAST), the
//! visits made for it, and its history.

use crate::error::Result;
use crate::store::Db;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, TS)]
pub struct HandoverInfo {
    pub number: String,
    pub revision: u32,
    /// accepted | revisions
    pub outcome: String,
    pub revisions: Option<String>,
    pub signer: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderVisit {
    pub id: Uuid,
    pub number: String,
    pub status: String,
    pub milestone: Option<u32>,
    pub starts_at: Option<String>,
    /// The order covers it (milestone work, or support inside the period).
    pub covered: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ServiceEvent {
    pub kind: String,
    pub to_status: Option<String>,
    pub note: Option<String>,
    pub staff_name: String,
    pub at: String,
}

/// The order's handovers, visits and events, oldest first.
pub(super) async fn of(
    db: &Db,
    id: Uuid,
) -> Result<(Vec<HandoverInfo>, Vec<OrderVisit>, Vec<ServiceEvent>)> {
    let hands: Vec<(String, i64, String, Option<String>, String, String)> = sqlx::query_as(
        "SELECT number, revision, outcome, revisions, signer, at FROM service_order_handovers WHERE order_id = ? ORDER BY at, rowid",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let handovers = hands
        .into_iter()
        .map(|x| HandoverInfo {
            number: x.0,
            revision: x.1 as u32,
            outcome: x.2,
            revisions: x.3,
            signer: x.4,
            at: x.5,
        })
        .collect();
    type VisitRow = (String, String, String, Option<i64>, Option<String>, bool);
    let vs: Vec<VisitRow> = sqlx::query_as(
        "SELECT id, number, status, milestone, starts_at, order_covered FROM visits WHERE service_order_id = ? ORDER BY created_at, rowid",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let visits = vs
        .into_iter()
        .map(|v| {
            Ok(OrderVisit {
                id: crate::store::parse_id("id", &v.0)?,
                number: v.1,
                status: v.2,
                milestone: v.3.map(|k| k as u32),
                starts_at: v.4,
                covered: v.5,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    type EventRow = (String, Option<String>, Option<String>, String, String);
    let evs: Vec<EventRow> = sqlx::query_as(
        "SELECT e.kind, e.to_status, e.note, s.name, e.at FROM service_order_events e JOIN staff s ON s.id = e.staff_id
         WHERE e.order_id = ? ORDER BY e.at, e.rowid",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let events = evs
        .into_iter()
        .map(|e| ServiceEvent {
            kind: e.0,
            to_status: e.1,
            note: e.2,
            staff_name: e.3,
            at: e.4,
        })
        .collect();
    Ok((handovers, visits, events))
}
