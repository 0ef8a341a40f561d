//! The full ticket view: everything the ticket screen and the printed
//! documents show, read in one place.

use crate::domain::money::{self, Currency};
use crate::domain::payment::PaymentMethod;
use crate::domain::repairs::ticket::{Accessory, TicketStatus};
use crate::domain::totals::{self, Line, Totals};
use crate::error::{Error, Result};
use crate::store::customers::{self, Customer};
use crate::store::{parse_id, parse_ts, shop, ts, Db};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::FromRow;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, TS)]
pub struct TicketEvent {
    pub id: Uuid,
    pub kind: String,
    pub from_status: Option<TicketStatus>,
    pub to_status: Option<TicketStatus>,
    pub note: Option<String>,
    pub staff_name: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PaymentRecord {
    pub id: Uuid,
    /// down_payment | settlement | refund
    pub kind: String,
    pub method: PaymentMethod,
    #[ts(type = "string")]
    pub amount: Decimal,
    #[ts(type = "string | null")]
    pub tendered: Option<Decimal>,
    pub received_at: String,
    /// Set when an admin or the owner voided it; a void payment counts for nothing.
    pub void_reason: Option<String>,
    pub voided_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct InvoiceInfo {
    pub id: Uuid,
    pub number: String,
    pub issued_at: String,
    /// Set when voided: the invoice keeps its number and prints VOID.
    pub void_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TicketDetail {
    pub id: Uuid,
    pub number: String,
    pub tracking_code: String,
    pub customer: Customer,
    pub device_category: String,
    pub brand: String,
    pub model: String,
    pub serial: Option<String>,
    pub complaint: String,
    pub accessories: Vec<Accessory>,
    pub accessories_other: Option<String>,
    pub condition_notes: Option<String>,
    pub has_unlock_secret: bool,
    #[ts(type = "string | null")]
    pub estimated_cost: Option<Decimal>,
    pub currency: Currency,
    pub promised_date: String,
    pub technician_id: Option<Uuid>,
    pub technician_name: Option<String>,
    pub status: TicketStatus,
    pub quote_decision: Option<String>,
    pub created_at: String,
    pub overdue: bool,
    pub next_statuses: Vec<TicketStatus>,
    pub events: Vec<TicketEvent>,
    pub quote: Vec<Line>,
    pub totals: Totals,
    pub payments: Vec<PaymentRecord>,
    /// Down payments and settlements minus refunds.
    #[ts(type = "string")]
    pub paid: Decimal,
    /// What the customer still owes (negative: the shop owes a refund).
    #[ts(type = "string")]
    pub balance: Decimal,
    pub invoice: Option<InvoiceInfo>,
    /// Parts the technician recorded (no prices).
    pub parts: Vec<crate::store::repairs::parts::PartUsed>,
    /// Opened as a warranty claim: warranty | non_warranty.
    pub claim_kind: Option<String>,
    /// The verdict's outcome at the claim (exchange, free_repair, …).
    pub claim_outcome: Option<String>,
}

#[derive(FromRow)]
struct TicketRow {
    number: String,
    tracking_code: String,
    customer_id: String,
    device_category: String,
    brand: String,
    model: String,
    serial: Option<String>,
    complaint: String,
    accessories: String,
    accessories_other: Option<String>,
    condition_notes: Option<String>,
    has_secret: bool,
    estimated_cost: Option<i64>,
    currency: String,
    promised_date: String,
    technician_id: Option<String>,
    technician_name: Option<String>,
    status: String,
    quote_decision: Option<String>,
    created_at: String,
    claim_kind: Option<String>,
    claim_verdict: Option<String>,
}

#[derive(FromRow)]
struct EventRow {
    id: String,
    kind: String,
    from_status: Option<String>,
    to_status: Option<String>,
    note: Option<String>,
    staff_name: String,
    at: String,
}

pub async fn detail(db: &Db, id: Uuid) -> Result<TicketDetail> {
    let profile = shop::profile(db).await?;
    let row: TicketRow = sqlx::query_as(
        "SELECT t.id, t.number, t.tracking_code, t.customer_id, t.device_category, t.brand, t.model, t.serial, t.complaint,
                t.accessories, t.accessories_other, t.condition_notes, (t.unlock_secret IS NOT NULL) AS has_secret,
                t.estimated_cost, t.currency, t.promised_date, t.technician_id, s.name AS technician_name, t.status,
                t.quote_decision, t.created_at, t.claim_kind, t.claim_verdict
         FROM tickets t LEFT JOIN staff s ON s.id = t.technician_id WHERE t.id = ?",
    )
    .bind(id.to_string())
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| Error::not_found("ticket"))?;
    let cur = Currency::parse(&row.currency)?;
    let customer = customers::get(db, parse_id("customer_id", &row.customer_id)?).await?;
    let events = events(db, id).await?;
    let quote = crate::store::repairs::quotes::lines(db, id, cur).await?;
    // An invoiced ticket keeps the rate it was invoiced at; an open one
    // uses the shop's current rate.
    let invoiced: Option<(String, bool)> =
        sqlx::query_as("SELECT tax_rate, tax_inclusive FROM invoices WHERE ticket_id = ?")
            .bind(id.to_string())
            .fetch_optional(&db.pool)
            .await?;
    let (rate, inclusive) = match invoiced {
        Some((r, inc)) => (r.parse().unwrap_or(profile.tax_rate), inc),
        None => (profile.tax_rate, profile.prices_include_tax),
    };
    let totals = totals::compute(&quote, rate, inclusive, cur);
    let payments = payments(db, id, cur).await?;
    let parts = crate::store::repairs::parts::parts(db, id).await?;
    let paid: Decimal = payments
        .iter()
        .filter(|p| p.voided_at.is_none())
        .map(|p| {
            if p.kind == "refund" {
                -p.amount
            } else {
                p.amount
            }
        })
        .sum();
    let invoice: Option<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, number, issued_at, void_reason FROM invoices WHERE ticket_id = ?",
    )
    .bind(id.to_string())
    .fetch_optional(&db.pool)
    .await?;
    let status = TicketStatus::parse(&row.status)?;
    let promised = NaiveDate::parse_from_str(&row.promised_date, "%Y-%m-%d").unwrap_or_default();
    // "Today" needs only the shop's zone; the profile is already loaded.
    let today = chrono::Utc::now().with_timezone(&profile.tz()).date_naive();
    Ok(TicketDetail {
        id,
        number: row.number,
        tracking_code: row.tracking_code,
        customer,
        device_category: row.device_category,
        brand: row.brand,
        model: row.model,
        serial: row.serial,
        complaint: row.complaint,
        accessories: serde_json::from_str(&row.accessories).unwrap_or_default(),
        accessories_other: row.accessories_other,
        condition_notes: row.condition_notes,
        has_unlock_secret: row.has_secret,
        estimated_cost: row.estimated_cost.map(|m| money::from_minor(m, cur)),
        currency: cur,
        promised_date: row.promised_date,
        technician_id: row
            .technician_id
            .as_deref()
            .map(|t| parse_id("technician_id", t))
            .transpose()?,
        technician_name: row.technician_name,
        status,
        quote_decision: row.quote_decision,
        created_at: row.created_at,
        overdue: is_overdue(status, promised, today),
        next_statuses: status.manual_targets().to_vec(),
        events,
        balance: totals.total - paid,
        quote,
        totals,
        payments,
        paid,
        parts,
        claim_kind: row.claim_kind,
        claim_outcome: row
            .claim_verdict
            .as_deref()
            .and_then(|v| serde_json::from_str::<serde_json::Value>(v).ok())
            .and_then(|v| {
                v.get("outcome")
                    .and_then(|o| o.as_str())
                    .map(str::to_string)
            }),
        invoice: invoice
            .map(|(i, number, issued_at, void_reason)| {
                Ok::<_, Error>(InvoiceInfo {
                    id: parse_id("id", &i)?,
                    number,
                    issued_at,
                    void_reason,
                })
            })
            .transpose()?,
    })
}

/// Overdue: promised date passed and the device is not ready yet.
pub fn is_overdue(status: TicketStatus, promised: NaiveDate, today: NaiveDate) -> bool {
    promised < today && !status.is_closed() && !status.is_collectable()
}

async fn events(db: &Db, id: Uuid) -> Result<Vec<TicketEvent>> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT e.id, e.kind, e.from_status, e.to_status, e.note, s.name AS staff_name, e.at
         FROM ticket_events e JOIN staff s ON s.id = e.staff_id WHERE e.ticket_id = ? ORDER BY e.at, e.rowid",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(TicketEvent {
                id: parse_id("id", &r.id)?,
                kind: r.kind,
                from_status: r
                    .from_status
                    .as_deref()
                    .map(TicketStatus::parse)
                    .transpose()?,
                to_status: r
                    .to_status
                    .as_deref()
                    .map(TicketStatus::parse)
                    .transpose()?,
                note: r.note,
                staff_name: r.staff_name,
                at: r.at,
            })
        })
        .collect()
}

async fn payments(db: &Db, id: Uuid, cur: Currency) -> Result<Vec<PaymentRecord>> {
    type PaymentRow = (
        String,
        String,
        String,
        i64,
        Option<i64>,
        String,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<PaymentRow> = sqlx::query_as(
        "SELECT id, kind, method, amount, tendered, received_at, void_reason, voided_at FROM payments WHERE ticket_id = ? ORDER BY received_at, rowid",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(
            |(pid, kind, method, amount, tendered, at, void_reason, voided_at)| {
                Ok(PaymentRecord {
                    id: parse_id("id", &pid)?,
                    kind,
                    method: PaymentMethod::parse(&method)?,
                    amount: money::from_minor(amount, cur),
                    tendered: tendered.map(|t| money::from_minor(t, cur)),
                    received_at: ts(parse_ts(&at)),
                    void_reason,
                    voided_at,
                })
            },
        )
        .collect()
}
