//! Carrying out a visit: the technician checks in on site, then checks out
//! with the work done, the parts used (taken from stock), the labour time,
//! who signed for it (and the signature drawn on the tablet) and the
//! outcome. A visit finished after its due time needs the reason for the
//! breach. Check-out is one transaction: stock, signature, the invoice of
//! what the visit charges, and for a unit that needs the workshop its
//! service ticket and the courier's pickup job.

use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::field::courier_jobs::{JobKind, NewJob};
use crate::store::field::visits::{event, get, Visit};
use crate::store::repairs::tickets::IntakeInput;
use crate::store::sales::catalog::{available, insert_move};
use crate::store::{ts, Ctx, Db, Tx};
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
    /// The signature drawn on the tablet: a PNG, base64 (a `data:` URL is fine).
    pub signature_png: Option<String>,
    pub outcome: VisitOutcome,
    /// With `needs_workshop`: the unit and who collects it when.
    pub workshop: Option<WorkshopHandoff>,
    /// Needed when the visit ends after its due time.
    pub breach_reason: Option<String>,
}

/// A unit going from the site to the workshop: it becomes a service ticket
/// and a courier's pickup job at the visit's site.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct WorkshopHandoff {
    pub device_category: String,
    pub brand: String,
    pub model: String,
    pub serial: Option<String>,
    /// The site's city (for the pickup fee).
    pub city: String,
    pub courier_id: String,
    /// YYYY-MM-DD.
    pub planned_on: String,
}

/// At most this much PNG per signature.
pub const SIGNATURE_MAX_BYTES: usize = 256 * 1024;

/// The signature as PNG bytes: base64 (optionally a data URL) of a PNG.
pub(crate) fn signature_png(input: &str) -> Result<Vec<u8>> {
    crate::docs::picture::png_from_base64("signature_png", input, SIGNATURE_MAX_BYTES)
}

/// A validation error of the handoff's own fields, named under `workshop.`.
fn in_workshop(e: Error) -> Error {
    e.prefixed("workshop.")
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
    crate::store::field::visits::set_status(&mut tx, ctx, id, "checked_in").await?;
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
    let signature = r
        .signature_png
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(signature_png)
        .transpose()?;
    let workshop = match (r.outcome, &r.workshop) {
        (VisitOutcome::NeedsWorkshop, None) => {
            return Err(Error::validation(
                "workshop",
                "required",
                "which unit goes to the workshop, and who collects it",
            ))
        }
        (VisitOutcome::NeedsWorkshop, Some(w)) => Some(w.clone()),
        _ => None,
    };
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
        let pid = crate::store::parse_id(&format!("parts.{i}.product_id"), &p.product_id)?;
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
    let late = ctx.now > crate::store::parse_ts(&due);
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
    if let Some(png) = &signature {
        sqlx::query("INSERT INTO visit_signatures (visit_id, png, signer, at) VALUES (?, ?, ?, ?)")
            .bind(id.to_string())
            .bind(png)
            .bind(&signer)
            .bind(ts(ctx.now))
            .execute(&mut *tx)
            .await?;
        // The image itself stays in visit_signatures; the outbox (and the
        // audit trail) carry its fingerprint, not 256 KB of base64.
        use sha2::Digest;
        let payload = serde_json::json!({
            "visit_id": id, "signer": signer, "bytes": png.len(),
            "sha256": format!("{:x}", sha2::Sha256::digest(png)),
        });
        crate::store::shop::outbox::append(&mut tx, ctx, "visit_signature", id, "create", &payload)
            .await?;
    }
    let used: Vec<(Uuid, i64)> = parts.iter().map(|(_, p, q)| (*p, *q)).collect();
    let invoice =
        crate::store::field::billing::invoice_in(db, &mut tx, ctx, id, &used, r.labour_minutes)
            .await?;
    let ticket = match workshop {
        Some(w) => Some(hand_to_workshop(db, &mut tx, ctx, id, &number, &work, w).await?),
        None => None,
    };
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
        "outcome": r.outcome, "late": late, "invoice": invoice, "ticket_id": ticket,
    });
    event(&mut tx, ctx, id, "checked_out", breach.as_deref(), &data).await?;
    tx.commit().await?;
    get(db, ctx.now, id).await
}

/// The unit goes to the workshop: a service ticket for the customer and a
/// pickup job at the site, inside the check-out transaction.
async fn hand_to_workshop(
    db: &Db,
    tx: &mut Tx,
    ctx: &Ctx,
    visit: Uuid,
    number: &str,
    work: &str,
    w: WorkshopHandoff,
) -> Result<Uuid> {
    let (customer, address, phone, problem): (String, String, String, String) = sqlx::query_as(
        "SELECT customer_id, site_address, site_phone, problem FROM visits WHERE id = ?",
    )
    .bind(visit.to_string())
    .fetch_one(&mut **tx)
    .await?;
    let clip = |s: String| s.chars().take(1000).collect::<String>();
    let intake = IntakeInput {
        customer_id: customer,
        device_category: w.device_category,
        brand: w.brand,
        model: w.model,
        serial: w.serial,
        complaint: clip(format!("Kunjungan {number}: {problem}")),
        accessories: vec![],
        accessories_other: None,
        condition_notes: Some(clip(work.to_string())),
        unlock_secret: None,
        estimated_cost: None,
        down_payment: None,
        down_payment_method: None,
        promised_date: None,
        technician_id: None,
    };
    let ticket = crate::store::repairs::tickets::intake_in(db, tx, ctx, intake, None)
        .await
        .map_err(in_workshop)?;
    let job = NewJob {
        kind: JobKind::Pickup,
        ticket_id: ticket.to_string(),
        address,
        city: w.city,
        phone,
        courier_id: w.courier_id,
        planned_on: w.planned_on,
        collect_balance: false,
    };
    crate::store::field::courier_jobs::create_in(db, tx, ctx, job)
        .await
        .map_err(in_workshop)?;
    sqlx::query("UPDATE visits SET ticket_id = ? WHERE id = ?")
        .bind(ticket.to_string())
        .bind(visit.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(ticket)
}
