//! The ticket board: tickets by status, searched by number, tracking code,
//! name, phone or serial, overdue promises first.

use crate::domain::phone;
use crate::domain::repairs::ticket::TicketStatus;
use crate::error::{check, Result};
use crate::store::{search, shop, Db};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct BoardQuery {
    pub status: Option<TicketStatus>,
    pub text: Option<String>,
    /// Include picked-up and cancelled tickets.
    pub include_closed: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TicketSummary {
    pub id: Uuid,
    pub number: String,
    pub tracking_code: String,
    pub customer_name: String,
    pub customer_phone: String,
    pub device: String,
    pub serial: Option<String>,
    pub status: TicketStatus,
    pub promised_date: String,
    pub overdue: bool,
    /// A warranty repair at a Turkish shop: Law 6502's clock (the 20th
    /// working day, the loan device, the warning before the deadline).
    pub legal: Option<crate::domain::tr::law6502::RepairClock>,
}

#[derive(FromRow)]
struct Row {
    id: String,
    number: String,
    tracking_code: String,
    name: String,
    phone: String,
    brand: String,
    model: String,
    serial: Option<String>,
    status: String,
    promised_date: String,
    claim_kind: Option<String>,
    created_at: String,
}

const SELECT: &str = "SELECT t.id, t.number, t.tracking_code, c.name, c.phone, t.brand, t.model, t.serial, t.status, t.promised_date,
                             t.claim_kind, t.created_at
                      FROM tickets t JOIN customers c ON c.id = t.customer_id";

pub const LIMIT: i64 = 200;

pub async fn board(db: &Db, q: &BoardQuery) -> Result<Vec<TicketSummary>> {
    // Only the shop's zone is needed for "today"; the full calendar only
    // for a Turkish shop's legal clocks.
    let profile = shop::profile(db).await?;
    let tz = profile.tz();
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let holidays = match profile.is_turkey() {
        true => Some(shop::calendar::calendar(db).await?.holidays),
        false => None,
    };
    let text = q
        .text
        .as_deref()
        .map(crate::domain::web::tracking_from_scan)
        .unwrap_or("");
    check::max_len("text", text, 100)?;
    let status = q.status.map(|s| s.as_str());
    let closed = q.include_closed || q.status.is_some_and(TicketStatus::is_closed);
    let rows: Vec<Row> = if text.is_empty() {
        sqlx::query_as(&format!(
            "{SELECT} WHERE (?1 IS NULL OR t.status = ?1) AND (?2 OR t.status NOT IN ('picked_up', 'cancelled'))
             ORDER BY t.promised_date, t.number LIMIT ?3"
        ))
        .bind(status)
        .bind(closed)
        .bind(LIMIT)
        .fetch_all(&db.pool)
        .await?
    } else {
        let mut rows = vec![];
        if looks_like_code(text) {
            rows = by_code_prefix(db, text, status).await?;
        }
        if rows.is_empty() {
            if let Some(fts) = search::fts_query(text) {
                rows = by_text(db, &fts, status).await?;
            }
        }
        rows
    };
    rows.into_iter()
        .map(|r| {
            let status = TicketStatus::parse(&r.status)?;
            let promised =
                NaiveDate::parse_from_str(&r.promised_date, "%Y-%m-%d").unwrap_or_default();
            Ok(TicketSummary {
                id: crate::store::parse_id("id", &r.id)?,
                number: r.number,
                tracking_code: r.tracking_code,
                customer_name: r.name,
                customer_phone: phone::national(&r.phone),
                device: format!("{} {}", r.brand, r.model),
                serial: r.serial,
                status,
                promised_date: r.promised_date,
                overdue: crate::store::repairs::tickets::is_overdue(status, promised, today),
                legal: holidays
                    .as_ref()
                    .filter(|_| {
                        r.claim_kind.as_deref() == Some("warranty") && status.is_repairing()
                    })
                    .and_then(|h| {
                        let received = chrono::DateTime::parse_from_rfc3339(&r.created_at).ok()?;
                        let received = received.with_timezone(&tz).date_naive();
                        let loan = crate::domain::tr::law6502::LOAN_AFTER_WORKING_DAYS;
                        Some(crate::domain::tr::law6502::repair_clock(
                            received, today, loan, h,
                        ))
                    }),
            })
        })
        .collect()
}

/// Ticket numbers and tracking codes (typed, or scanned from the receipt)
/// have a dash and no spaces; one or two characters can only be a code start.
fn looks_like_code(text: &str) -> bool {
    !text.contains(char::is_whitespace) && (text.contains('-') || text.chars().count() < 3)
}

/// Prefix of a ticket number or tracking code, on their unique indexes.
async fn by_code_prefix(db: &Db, text: &str, status: Option<&str>) -> Result<Vec<Row>> {
    let from = text.to_uppercase();
    let to = format!("{from}\u{10FFFF}");
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE ((t.number >= ?1 AND t.number < ?2) OR (t.tracking_code >= ?1 AND t.tracking_code < ?2))
           AND (?3 IS NULL OR t.status = ?3)
         ORDER BY t.rowid DESC LIMIT ?4"
    ))
    .bind(&from)
    .bind(&to)
    .bind(status)
    .bind(LIMIT)
    .fetch_all(&db.pool)
    .await?)
}

/// Trigram search. The index shares the tickets' rowids, so FTS5 walks its
/// matches newest first and stops at the limit, with no sort over all matches.
async fn by_text(db: &Db, fts: &str, status: Option<&str>) -> Result<Vec<Row>> {
    Ok(sqlx::query_as(
        "SELECT t.id, t.number, t.tracking_code, c.name, c.phone, t.brand, t.model, t.serial, t.status, t.promised_date,
                t.claim_kind, t.created_at
         FROM ticket_search s JOIN tickets t ON t.rowid = s.rowid JOIN customers c ON c.id = t.customer_id
         WHERE ticket_search MATCH ?1 AND (?2 IS NULL OR t.status = ?2)
         ORDER BY s.rowid DESC LIMIT ?3",
    )
    .bind(fts)
    .bind(status)
    .bind(LIMIT)
    .fetch_all(&db.pool)
    .await?)
}

/// Pickup lookup: an exact ticket number or tracking code (typed or scanned)
/// wins; otherwise the board search over everything still in the shop.
pub async fn find_for_pickup(db: &Db, text: &str) -> Result<Vec<TicketSummary>> {
    // The receipt's QR is the tracking link once the shop has a hub.
    let text = crate::domain::web::tracking_from_scan(text);
    let t = check::required("text", text, 100)?.to_uppercase();
    let exact: Option<(String,)> =
        sqlx::query_as("SELECT id FROM tickets WHERE number = ?1 OR tracking_code = ?1")
            .bind(&t)
            .fetch_optional(&db.pool)
            .await?;
    let q = BoardQuery {
        status: None,
        text: Some(if exact.is_some() {
            t
        } else {
            text.trim().to_string()
        }),
        include_closed: false,
    };
    board(db, &q).await
}

/// How many open tickets are in each status (for the board's column heads).
pub async fn counts(db: &Db) -> Result<Vec<(TicketStatus, i64)>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM tickets GROUP BY status")
            .fetch_all(&db.pool)
            .await?;
    rows.into_iter()
        .map(|(s, n)| Ok((TicketStatus::parse(&s)?, n)))
        .collect()
}
