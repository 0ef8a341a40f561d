//! Parts used on a repair, as the technician records them: what, how many,
//! and the part's serial when it has one, but never a price (prices are the
//! front desk's, in the quote). Each part is an append-only ticket event.

use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::repairs::tickets::{append_event, detail, status_of, TicketDetail};
use crate::store::{parse_ts, ts, Ctx, Db};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PartInput {
    pub description: String,
    pub qty: String,
    pub serial: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PartUsed {
    pub description: String,
    #[ts(type = "string")]
    pub qty: Decimal,
    pub serial: Option<String>,
    pub staff_name: String,
    pub at: String,
}

fn parse_qty(input: &str) -> Result<Decimal> {
    let bad = || Error::validation("qty", "invalid_qty", "a quantity above 0");
    let q = Decimal::from_str(input.trim().replace(',', ".").as_str()).map_err(|_| bad())?;
    if q <= Decimal::ZERO || q > Decimal::from(1000) || q.scale() > 3 {
        return Err(bad());
    }
    Ok(q.normalize())
}

pub async fn add_part(
    db: &Db,
    ctx: &Ctx,
    ticket_id: Uuid,
    input: PartInput,
) -> Result<TicketDetail> {
    ctx.require(Action::RecordPart)?;
    let description = check::required("description", &input.description, 200)?;
    let qty = parse_qty(&input.qty)?;
    let serial = check::optional("serial", input.serial.as_deref(), 64)?;
    let mut tx = db.begin().await?;
    if status_of(&mut tx, ticket_id).await?.is_closed() {
        return Err(Error::invalid_state(
            "ticket_closed",
            "the ticket is closed",
        ));
    }
    let data =
        serde_json::json!({ "description": description, "qty": qty.to_string(), "serial": serial });
    append_event(&mut tx, ctx, ticket_id, "part", None, None, data).await?;
    tx.commit().await?;
    detail(db, ticket_id).await
}

/// The parts recorded on a ticket, oldest first.
pub async fn parts(db: &Db, ticket_id: Uuid) -> Result<Vec<PartUsed>> {
    let rows: Vec<(Option<String>, String, String)> = sqlx::query_as(
        "SELECT e.data, s.name, e.at FROM ticket_events e JOIN staff s ON s.id = e.staff_id
         WHERE e.ticket_id = ? AND e.kind = 'part' ORDER BY e.at, e.rowid",
    )
    .bind(ticket_id.to_string())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(data, staff_name, at)| {
            let d: serde_json::Value = serde_json::from_str(data.as_deref()?).ok()?;
            Some(PartUsed {
                description: d["description"].as_str()?.to_string(),
                qty: Decimal::from_str(d["qty"].as_str()?).ok()?,
                serial: d["serial"].as_str().map(str::to_string),
                staff_name,
                at: ts(parse_ts(&at)),
            })
        })
        .collect())
}
