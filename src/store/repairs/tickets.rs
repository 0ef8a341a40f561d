//! Repair tickets: intake, status changes with their append-only events, and
//! the numbering and payments they write. The read side is `ticket_detail`.

use crate::domain::money::{self, Currency};
use crate::domain::payment::{self, PaymentMethod};
use crate::domain::repairs::ticket::{self as rules, Accessory, TicketStatus, Trigger};
use crate::domain::shop::numbering::{self, Series};
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::customers;
pub use crate::store::repairs::ticket_detail::{
    detail, is_overdue, InvoiceInfo, PaymentRecord, TicketDetail, TicketEvent,
};
use crate::store::{parse_id, search, shop, shop::calendar, shop::outbox, ts, Ctx, Db, Tx};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct IntakeInput {
    pub customer_id: String,
    pub device_category: String,
    pub brand: String,
    pub model: String,
    pub serial: Option<String>,
    pub complaint: String,
    pub accessories: Vec<Accessory>,
    pub accessories_other: Option<String>,
    pub condition_notes: Option<String>,
    /// Unlock PIN or password: kept for the technician, never printed.
    pub unlock_secret: Option<String>,
    pub estimated_cost: Option<String>,
    pub down_payment: Option<String>,
    pub down_payment_method: Option<PaymentMethod>,
    /// YYYY-MM-DD; empty = the working calendar's default.
    pub promised_date: Option<String>,
    pub technician_id: Option<String>,
}

/// Appends one event (and its outbox row); updates the cached status when it moves.
pub(crate) async fn append_event(
    tx: &mut Tx,
    ctx: &Ctx,
    ticket_id: Uuid,
    kind: &str,
    moved: Option<(TicketStatus, TicketStatus)>,
    note: Option<&str>,
    data: serde_json::Value,
) -> Result<()> {
    let id = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO ticket_events (id, ticket_id, kind, from_status, to_status, note, data, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(ticket_id.to_string())
    .bind(kind)
    .bind(moved.map(|(f, _)| f.as_str()))
    .bind(moved.map(|(_, t)| t.as_str()))
    .bind(note)
    .bind(data.to_string())
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut **tx)
    .await?;
    if let Some((_, to)) = moved {
        sqlx::query("UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?")
            .bind(to.as_str())
            .bind(ts(ctx.now))
            .bind(ticket_id.to_string())
            .execute(&mut **tx)
            .await?;
    }
    let payload = serde_json::json!({ "event_id": id, "kind": kind, "moved": moved.map(|(f, t)| (f.as_str(), t.as_str())), "note": note, "data": data });
    match moved {
        // A status move keeps the status it left in the audit's "before".
        Some((from, _)) => {
            let before = serde_json::json!({ "status": from.as_str() });
            outbox::append_change(tx, ctx, "ticket", ticket_id, kind, &before, &payload).await
        }
        None => outbox::append(tx, ctx, "ticket", ticket_id, kind, &payload).await,
    }
}

/// Bumps a number series inside the caller's transaction.
pub(crate) async fn next_number(tx: &mut Tx, series: &Series) -> Result<String> {
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO number_series (key, last) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET last = last + 1 RETURNING last",
    )
    .bind(series.key())
    .fetch_one(&mut **tx)
    .await?;
    Ok(series.format(seq))
}

pub(crate) async fn status_of(tx: &mut Tx, id: Uuid) -> Result<TicketStatus> {
    let s: String = sqlx::query_scalar("SELECT status FROM tickets WHERE id = ?")
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found("ticket"))?;
    TicketStatus::parse(&s)
}

fn optional_date(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| Error::validation(field, "invalid_date", "use YYYY-MM-DD")),
    }
}

pub async fn intake(db: &Db, ctx: &Ctx, input: IntakeInput) -> Result<TicketDetail> {
    intake_linked(db, ctx, input, None).await
}

/// A ticket opened from a warranty claim: what kind, the verdict as given,
/// and the unit's record (whose history gets the claim).
pub(crate) struct ClaimLink {
    pub kind: &'static str,
    pub verdict: serde_json::Value,
    pub warranty_id: Option<Uuid>,
}

/// Intake, optionally as a warranty claim, in one transaction.
pub(crate) async fn intake_linked(
    db: &Db,
    ctx: &Ctx,
    input: IntakeInput,
    link: Option<&ClaimLink>,
) -> Result<TicketDetail> {
    ctx.require(Action::TakeIn)?;
    let mut tx = db.begin().await?;
    let id = intake_in(db, &mut tx, ctx, input, link).await?;
    tx.commit().await?;
    detail(db, id).await
}

/// Intake inside the caller's transaction (a claim, a visit handing a unit
/// to the workshop); returns the new ticket's id. The caller checks who may.
pub(crate) async fn intake_in(
    db: &Db,
    tx: &mut Tx,
    ctx: &Ctx,
    input: IntakeInput,
    link: Option<&ClaimLink>,
) -> Result<Uuid> {
    let profile = shop::profile(db).await?;
    let cal = calendar::calendar(db).await?;
    let cur = profile.currency;
    let customer_id = parse_id("customer_id", &input.customer_id)?;
    let customer = customers::get(db, customer_id)
        .await
        .map_err(|_| Error::validation("customer_id", "unknown_customer", "choose a customer"))?;
    let category = check::required("device_category", &input.device_category, 60)?;
    let brand = check::required("brand", &input.brand, 60)?;
    let model = check::required("model", &input.model, 100)?;
    let serial = check::optional("serial", input.serial.as_deref(), 64)?;
    let complaint = check::required("complaint", &input.complaint, 1000)?;
    let other = check::optional("accessories_other", input.accessories_other.as_deref(), 200)?;
    let condition = check::optional("condition_notes", input.condition_notes.as_deref(), 1000)?;
    let secret = check::optional("unlock_secret", input.unlock_secret.as_deref(), 100)?;
    let estimate =
        payment::parse_optional_amount("estimated_cost", input.estimated_cost.as_deref(), cur)?;
    let down = payment::parse_optional_amount("down_payment", input.down_payment.as_deref(), cur)?
        .filter(|d| !d.is_zero());
    let down_method = match (down, input.down_payment_method) {
        (Some(_), None) => {
            return Err(Error::validation(
                "down_payment_method",
                "required",
                "choose how it was paid",
            ))
        }
        (_, m) => m,
    };
    let today = cal.local_date(ctx.now);
    let promised = match optional_date("promised_date", input.promised_date.as_deref())? {
        Some(d) if d < today => {
            return Err(Error::validation(
                "promised_date",
                "in_past",
                "date is in the past",
            ))
        }
        Some(d) => d,
        None => cal.add_working_days(today, profile.promise_days),
    };
    let technician = match input
        .technician_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(t) => Some(parse_id("technician_id", t)?),
        None => None,
    };
    let mut accessories = input.accessories.clone();
    accessories.sort_by_key(|a| *a as u8);
    accessories.dedup();

    if let Some(t) = technician {
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM staff WHERE id = ? AND active = 1")
                .bind(t.to_string())
                .fetch_optional(&mut **tx)
                .await?;
        if role.is_none() {
            return Err(Error::validation(
                "technician_id",
                "unknown_staff",
                "unknown technician",
            ));
        }
    }
    let series = Series {
        prefix: profile.ticket_prefix.clone(),
        branch: profile.branch_code.clone(),
        counter: profile.counter_code.clone(),
        year: today.year(),
    };
    let number = next_number(tx, &series).await?;
    let tracking = unique_tracking_code(tx).await?;
    let id = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO tickets (id, number, tracking_code, customer_id, device_category, brand, model, serial, complaint,
           accessories, accessories_other, condition_notes, unlock_secret, estimated_cost, currency, promised_date,
           technician_id, status, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(&number)
    .bind(&tracking)
    .bind(customer_id.to_string())
    .bind(&category)
    .bind(&brand)
    .bind(&model)
    .bind(&serial)
    .bind(&complaint)
    .bind(serde_json::to_string(&accessories).unwrap_or_else(|_| "[]".into()))
    .bind(&other)
    .bind(&condition)
    .bind(&secret)
    .bind(estimate.map(|e| money::to_minor(e, cur)))
    .bind(cur.code())
    .bind(promised.format("%Y-%m-%d").to_string())
    .bind(technician.map(|t| t.to_string()))
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .bind(ts(ctx.now))
    .execute(&mut **tx)
    .await?;
    sqlx::query(
            "INSERT INTO ticket_search (rowid, ticket_id, body) SELECT rowid, id, ? FROM tickets WHERE id = ?",
        )
        .bind(search::ticket_body(&number, &tracking, &customer.name, &customer.phone, serial.as_deref()))
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    // The outbox payload leaves the unlock secret out: it never leaves this PC.
    let data = serde_json::json!({
        "number": number, "tracking_code": tracking, "customer_id": customer_id, "device_category": category,
        "brand": brand, "model": model, "serial": serial, "promised_date": promised, "technician_id": technician,
    });
    append_event(tx, ctx, id, "intake", None, None, data).await?;
    if let Some(link) = link {
        sqlx::query(
            "UPDATE tickets SET claim_kind = ?, claim_verdict = ?, warranty_id = ? WHERE id = ?",
        )
        .bind(link.kind)
        .bind(link.verdict.to_string())
        .bind(link.warranty_id.map(|w| w.to_string()))
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
        let data =
            serde_json::json!({ "ticket": number, "kind": link.kind, "verdict": link.verdict });
        append_event(tx, ctx, id, "warranty_claim", None, None, data.clone()).await?;
        if let Some(w) = link.warranty_id {
            crate::store::warranty::event(tx, ctx, w, "claim", Some(id), &data).await?;
        }
    }
    if let (Some(amount), Some(method)) = (down, down_method) {
        insert_payment(tx, ctx, id, "down_payment", method, amount, None, cur).await?;
    }
    Ok(id)
}

/// A tracking code no ticket or service order holds: one page, one code.
pub(crate) async fn unique_tracking_code(tx: &mut Tx) -> Result<String> {
    for _ in 0..10 {
        let code = numbering::tracking_code(&mut rand::thread_rng());
        let taken: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM tickets WHERE tracking_code = ?1) + (SELECT COUNT(*) FROM service_orders WHERE tracking_code = ?1)",
        )
        .bind(&code)
        .fetch_one(&mut **tx)
        .await?;
        if taken == 0 {
            return Ok(code);
        }
    }
    Err(Error::Conflict {
        message: "could not find a free tracking code".into(),
    })
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_payment(
    tx: &mut Tx,
    ctx: &Ctx,
    ticket_id: Uuid,
    kind: &str,
    method: PaymentMethod,
    amount: Decimal,
    tendered: Option<Decimal>,
    cur: Currency,
) -> Result<Uuid> {
    let id = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO payments (id, ticket_id, kind, method, amount, tendered, currency, received_by, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(ticket_id.to_string())
    .bind(kind)
    .bind(method.as_str())
    .bind(money::to_minor(amount, cur))
    .bind(tendered.map(|t| money::to_minor(t, cur)))
    .bind(cur.code())
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut **tx)
    .await?;
    let data = serde_json::json!({ "payment_id": id, "kind": kind, "method": method, "amount": amount.to_string(), "currency": cur.code() });
    append_event(tx, ctx, ticket_id, "payment", None, None, data).await?;
    let source = crate::store::cash::drawer::Source::Ticket;
    let minor = money::to_minor(amount, cur);
    crate::store::cash::drawer::take(tx, ctx, source, id, kind, method.as_str(), minor, cur)
        .await?;
    Ok(id)
}

/// A manual status move (technician or clerk), with an optional note.
pub async fn change_status(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    to: TicketStatus,
    note: Option<String>,
) -> Result<TicketDetail> {
    ctx.require(Action::MoveTicket)?;
    let note = check::optional("note", note.as_deref(), 1000)?;
    let mut tx = db.begin().await?;
    let from = status_of(&mut tx, id).await?;
    rules::transition(from, to, Trigger::Manual)?;
    append_event(
        &mut tx,
        ctx,
        id,
        "status",
        Some((from, to)),
        note.as_deref(),
        serde_json::Value::Null,
    )
    .await?;
    tx.commit().await?;
    detail(db, id).await
}

pub async fn add_note(db: &Db, ctx: &Ctx, id: Uuid, note: String) -> Result<TicketDetail> {
    ctx.require(Action::AddNote)?;
    let note = check::required("note", &note, 1000)?;
    let mut tx = db.begin().await?;
    status_of(&mut tx, id).await?;
    append_event(
        &mut tx,
        ctx,
        id,
        "note",
        None,
        Some(&note),
        serde_json::Value::Null,
    )
    .await?;
    tx.commit().await?;
    detail(db, id).await
}

/// The unlock PIN/password, for the technician's eyes only.
pub async fn unlock_secret(db: &Db, ctx: &Ctx, id: Uuid) -> Result<Option<String>> {
    ctx.require(Action::ViewUnlockSecret)?;
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT unlock_secret FROM tickets WHERE id = ?")
            .bind(id.to_string())
            .fetch_optional(&db.pool)
            .await?;
    row.map(|(s,)| s).ok_or_else(|| Error::not_found("ticket"))
}
