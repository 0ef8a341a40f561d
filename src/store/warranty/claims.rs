//! Acting on a verdict: a warranty claim opens a service ticket (warranty or
//! non-warranty, with the verdict and checklist attached, in the unit's
//! history); a claim the maker handles goes out as a principal RMA and comes
//! back repaired, replaced (the replacement registered, inheriting the
//! remaining warranty unless a fresh one is chosen) or rejected.

use crate::domain::sales::catalog::check_serial;
use crate::domain::staff::permissions::Action;
use crate::error::{check as field, Error, Result};
use crate::store::repairs::tickets::{self, ClaimLink, IntakeInput, TicketDetail};
use crate::store::warranty::check::{check, is_warranty, CheckInput};
use crate::store::warranty::{self, NewUnit};
use crate::store::{shop::calendar, shop::outbox, ts, Ctx, Db};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ClaimRequest {
    /// The same input as the check: the verdict is worked out again here.
    pub check: CheckInput,
    pub complaint: String,
    /// Who brings the unit, when its buyer is not a customer on file.
    pub customer_id: Option<String>,
}

/// Opens the service ticket for a claim, typed by the verdict.
pub async fn file_claim(db: &Db, ctx: &Ctx, req: ClaimRequest) -> Result<TicketDetail> {
    ctx.require(Action::TakeIn)?;
    let result = check(db, ctx, &req.check).await?;
    let verdict = result.verdict.ok_or_else(|| {
        Error::validation("unit_id", "choose_unit", "several units match: choose one")
    })?;
    let unit = result.unit;
    let buyer: Option<String> = match &unit {
        Some(u) => {
            sqlx::query_scalar(
                "SELECT COALESCE(w.customer_id, (SELECT c.id FROM customers c WHERE c.phone = w.customer_phone)) FROM warranties w WHERE w.id = ?",
            )
            .bind(u.id.to_string())
            .fetch_one(&db.pool)
            .await?
        }
        None => None,
    };
    let customer_id = field::optional("customer_id", req.customer_id.as_deref(), 40)?
        .or(buyer)
        .ok_or_else(|| {
            Error::validation("customer_id", "required", "choose or add the customer")
        })?;
    let (category, brand, model, serial) = match &unit {
        Some(u) => {
            let category: Option<String> =
                sqlx::query_scalar("SELECT category FROM products WHERE sku = ?")
                    .bind(&u.sku)
                    .fetch_optional(&db.pool)
                    .await?;
            (
                category.unwrap_or_else(|| "Lainnya".into()),
                Some(u.brand.clone())
                    .filter(|b| !b.is_empty())
                    .unwrap_or_else(|| "-".into()),
                format!("{} {}", u.sku, u.product_name),
                Some(u.serial.clone()),
            )
        }
        None => (
            "Lainnya".into(),
            "-".into(),
            "-".into(),
            Some(req.check.query.trim().to_uppercase())
                .filter(|q| q.len() <= 64 && !q.starts_with("KW1:")),
        ),
    };
    let c = req.check.claim.checklist;
    let marks: Vec<&str> = [
        (c.box_complete, "dus & aksesoris lengkap"),
        (c.physical_damage, "kerusakan fisik"),
        (c.seal_broken, "segel rusak"),
        (c.unauthorised_repair, "pernah dibongkar di tempat lain"),
        (c.consumable, "suku cadang habis pakai"),
    ]
    .into_iter()
    .filter(|(hit, _)| *hit)
    .map(|(_, s)| s)
    .collect();
    let input = IntakeInput {
        customer_id,
        device_category: category,
        brand,
        model: model.chars().take(100).collect(),
        serial,
        complaint: req.complaint,
        condition_notes: Some(marks.join(", ")).filter(|m| !m.is_empty()),
        ..Default::default()
    };
    let kind = if is_warranty(verdict.outcome) {
        "warranty"
    } else {
        "non_warranty"
    };
    let link = ClaimLink {
        kind,
        verdict: serde_json::to_value(&verdict).unwrap_or_default(),
        warranty_id: unit.as_ref().map(|u| u.id),
    };
    tickets::intake_linked(db, ctx, input, Some(&link)).await
}

#[derive(Debug, Clone, Serialize, TS, FromRow)]
pub struct PrincipalRma {
    #[sqlx(try_from = "String")]
    pub id: Uuid,
    pub warranty_id: String,
    pub brand: String,
    pub rma_number: String,
    pub shipped_on: String,
    pub returned_on: Option<String>,
    pub outcome: Option<String>,
    pub replacement_serial: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PrincipalSend {
    pub warranty_id: String,
    /// The service ticket of the claim, if any.
    pub ticket_id: Option<String>,
    /// The brand's RMA number.
    pub rma_number: String,
    /// YYYY-MM-DD; empty = today.
    pub shipped_on: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalOutcome {
    Repaired,
    Replaced,
    Rejected,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PrincipalReturn {
    pub outcome: PrincipalOutcome,
    /// YYYY-MM-DD; empty = today.
    pub returned_on: Option<String>,
    /// Replaced: the new unit's serial.
    pub replacement_serial: Option<String>,
    /// Replaced: a full new warranty from the return day instead of the rest
    /// of the old one.
    #[serde(default)]
    pub fresh_warranty: bool,
}

fn date(name: &str, v: Option<&str>, today: NaiveDate) -> Result<NaiveDate> {
    match field::optional(name, v, 10)? {
        None => Ok(today),
        Some(d) => {
            let d = NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map_err(|_| Error::validation(name, "invalid_date", "YYYY-MM-DD"))?;
            if d > today {
                return Err(Error::validation(name, "future_date", "not in the future"));
            }
            Ok(d)
        }
    }
}

const RMA: &str = "SELECT id, warranty_id, brand, rma_number, shipped_on, returned_on, outcome, replacement_serial FROM principal_rmas";

pub async fn principal_rmas(db: &Db, warranty_id: Uuid) -> Result<Vec<PrincipalRma>> {
    Ok(sqlx::query_as(&format!(
        "{RMA} WHERE warranty_id = ? ORDER BY shipped_on, rowid"
    ))
    .bind(warranty_id.to_string())
    .fetch_all(&db.pool)
    .await?)
}

/// The unit goes to the brand under its RMA number.
pub async fn send_to_principal(db: &Db, ctx: &Ctx, input: PrincipalSend) -> Result<PrincipalRma> {
    ctx.require(Action::TakeIn)?;
    let wid = crate::store::parse_id("warranty_id", &input.warranty_id)?;
    let unit = warranty::get(db, wid).await?;
    let rma_number = field::required("rma_number", &input.rma_number, 60)?;
    let ticket = input
        .ticket_id
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| crate::store::parse_id("ticket_id", t))
        .transpose()?;
    let today = calendar::calendar(db).await?.local_date(ctx.now);
    let shipped = date("shipped_on", input.shipped_on.as_deref(), today)?;
    let mut tx = db.begin().await?;
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM principal_rmas WHERE warranty_id = ? AND returned_on IS NULL",
    )
    .bind(wid.to_string())
    .fetch_one(&mut *tx)
    .await?;
    if open > 0 {
        return Err(Error::invalid_state(
            "rma_open",
            "this unit is already at the maker",
        ));
    }
    let id = crate::domain::new_id();
    sqlx::query("INSERT INTO principal_rmas (id, warranty_id, ticket_id, brand, rma_number, shipped_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(id.to_string())
        .bind(wid.to_string())
        .bind(ticket.map(|t| t.to_string()))
        .bind(&unit.brand)
        .bind(&rma_number)
        .bind(shipped.to_string())
        .bind(ts(ctx.now))
        .execute(&mut *tx)
        .await?;
    let data = serde_json::json!({ "rma_id": id, "rma_number": rma_number, "shipped_on": shipped });
    warranty::event(&mut tx, ctx, wid, "principal_sent", ticket, &data).await?;
    outbox::append(&mut tx, ctx, "principal_rma", id, "send", &data).await?;
    tx.commit().await?;
    rma(db, id).await
}

async fn rma(db: &Db, id: Uuid) -> Result<PrincipalRma> {
    sqlx::query_as(&format!("{RMA} WHERE id = ?"))
        .bind(id.to_string())
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("principal RMA"))
}

/// The unit (or its replacement) is back from the brand.
pub async fn principal_returned(
    db: &Db,
    ctx: &Ctx,
    rma_id: Uuid,
    input: PrincipalReturn,
) -> Result<PrincipalRma> {
    ctx.require(Action::TakeIn)?;
    let sent = rma(db, rma_id).await?;
    if sent.returned_on.is_some() {
        return Err(Error::invalid_state(
            "rma_closed",
            "this RMA is already back",
        ));
    }
    let wid = crate::store::parse_id("warranty_id", &sent.warranty_id)?;
    let old = warranty::get(db, wid).await?;
    let today = calendar::calendar(db).await?.local_date(ctx.now);
    let back = date("returned_on", input.returned_on.as_deref(), today)?;
    let shipped = NaiveDate::parse_from_str(&sent.shipped_on, "%Y-%m-%d").unwrap_or(back);
    if back < shipped {
        return Err(Error::validation(
            "returned_on",
            "before_shipped",
            "before it was sent",
        ));
    }
    let replacement = match input.outcome {
        PrincipalOutcome::Replaced => {
            let s = check_serial(
                "replacement_serial",
                input.replacement_serial.as_deref().unwrap_or(""),
            )?;
            if s == old.serial {
                return Err(Error::validation(
                    "replacement_serial",
                    "same_serial",
                    "the replacement has its own serial",
                ));
            }
            Some(s)
        }
        _ => None,
    };
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE principal_rmas SET returned_on = ?, outcome = ?, replacement_serial = ? WHERE id = ?")
        .bind(back.to_string())
        .bind(serde_json::to_value(input.outcome).ok().and_then(|v| v.as_str().map(str::to_string)))
        .bind(&replacement)
        .bind(rma_id.to_string())
        .execute(&mut *tx)
        .await?;
    let data = serde_json::json!({ "rma_id": rma_id, "outcome": input.outcome, "returned_on": back, "replacement_serial": replacement });
    warranty::event(&mut tx, ctx, wid, "principal_returned", None, &data).await?;
    outbox::append_change(
        &mut tx,
        ctx,
        "principal_rma",
        rma_id,
        "return",
        &serde_json::json!({ "returned_on": null }),
        &data,
    )
    .await?;
    if let Some(serial) = &replacement {
        let p = old.purchase()?;
        let product_id: Option<String> =
            sqlx::query_scalar("SELECT product_id FROM warranties WHERE id = ?")
                .bind(wid.to_string())
                .fetch_one(&mut *tx)
                .await?;
        let customer_id: Option<String> =
            sqlx::query_scalar("SELECT customer_id FROM warranties WHERE id = ?")
                .bind(wid.to_string())
                .fetch_one(&mut *tx)
                .await?;
        // The replacement carries on the old unit's warranty (it ends the same
        // day), unless the brand gave a fresh one from the return day.
        let start = if input.fresh_warranty { back } else { p.start };
        let new_unit = NewUnit {
            serial: serial.clone(),
            product_id,
            sku: old.sku.clone(),
            product_name: old.product_name.clone(),
            brand: old.brand.clone(),
            invoice_number: old.invoice_number.clone(),
            sold_on: NaiveDate::parse_from_str(&old.sold_on, "%Y-%m-%d").unwrap_or(p.start),
            start,
            store_months: old.store_months,
            maker_months: old.maker_months,
            kind: old.kind.clone(),
            customer_id,
            customer_name: old.customer_name.clone(),
            customer_phone: old.customer_phone.clone(),
            order_id: None,
            source: "replacement",
            replaces: Some(wid),
        };
        let new_id = warranty::insert(&mut tx, ctx, &new_unit)
            .await
            .map_err(|e| match e {
                Error::Conflict { .. } => Error::validation(
                    "replacement_serial",
                    "duplicate",
                    "this serial is already registered on this invoice",
                ),
                e => e,
            })?;
        let data = serde_json::json!({ "replacement": serial, "replacement_id": new_id, "fresh_warranty": input.fresh_warranty });
        warranty::event(&mut tx, ctx, wid, "replaced", None, &data).await?;
    }
    tx.commit().await?;
    rma(db, rma_id).await
}
