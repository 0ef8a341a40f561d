//! The ticket board: tickets by status, searched by number, tracking code,
//! name, phone or serial, overdue promises first.

use super::{search, shop, Db};
use crate::domain::phone;
use crate::domain::ticket::TicketStatus;
use crate::error::{check, Result};
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
}

const SELECT: &str = "SELECT t.id, t.number, t.tracking_code, c.name, c.phone, t.brand, t.model, t.serial, t.status, t.promised_date
                      FROM tickets t JOIN customers c ON c.id = t.customer_id";

pub const LIMIT: i64 = 200;

pub async fn board(db: &Db, q: &BoardQuery) -> Result<Vec<TicketSummary>> {
    let today = shop::calendar(db).await?.local_date(chrono::Utc::now());
    let text = q.text.as_deref().map(str::trim).unwrap_or("");
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
    } else if let Some(fts) = search::fts_query(text) {
        sqlx::query_as(&format!(
            "{SELECT} WHERE t.id IN (SELECT ticket_id FROM ticket_search WHERE ticket_search MATCH ?1)
               AND (?2 IS NULL OR t.status = ?2)
             ORDER BY t.created_at DESC LIMIT ?3"
        ))
        .bind(fts)
        .bind(status)
        .bind(LIMIT)
        .fetch_all(&db.pool)
        .await?
    } else {
        // One or two characters: too short for trigrams, match number and code prefixes.
        let prefix = format!("%{}%", search::escape_like(text));
        sqlx::query_as(&format!(
            "{SELECT} WHERE (t.number LIKE ?1 ESCAPE '\\' OR t.tracking_code LIKE ?1 ESCAPE '\\')
               AND (?2 IS NULL OR t.status = ?2)
             ORDER BY t.created_at DESC LIMIT ?3"
        ))
        .bind(prefix)
        .bind(status)
        .bind(LIMIT)
        .fetch_all(&db.pool)
        .await?
    };
    rows.into_iter()
        .map(|r| {
            let status = TicketStatus::parse(&r.status)?;
            let promised = NaiveDate::parse_from_str(&r.promised_date, "%Y-%m-%d").unwrap_or_default();
            Ok(TicketSummary {
                id: super::parse_id("id", &r.id)?,
                number: r.number,
                tracking_code: r.tracking_code,
                customer_name: r.name,
                customer_phone: phone::national(&r.phone),
                device: format!("{} {}", r.brand, r.model),
                serial: r.serial,
                status,
                promised_date: r.promised_date,
                overdue: super::tickets::is_overdue(status, promised, today),
            })
        })
        .collect()
}

/// Pickup lookup: an exact ticket number or tracking code (typed or scanned)
/// wins; otherwise the board search over everything still in the shop.
pub async fn find_for_pickup(db: &Db, text: &str) -> Result<Vec<TicketSummary>> {
    let t = check::required("text", text, 100)?.to_uppercase();
    let exact: Option<(String,)> = sqlx::query_as("SELECT id FROM tickets WHERE number = ?1 OR tracking_code = ?1")
        .bind(&t)
        .fetch_optional(&db.pool)
        .await?;
    let q = BoardQuery {
        status: None,
        text: Some(if exact.is_some() { t } else { text.trim().to_string() }),
        include_closed: false,
    };
    board(db, &q).await
}

/// How many open tickets are in each status (for the board's column heads).
pub async fn counts(db: &Db) -> Result<Vec<(TicketStatus, i64)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, COUNT(*) FROM tickets GROUP BY status")
        .fetch_all(&db.pool)
        .await?;
    rows.into_iter().map(|(s, n)| Ok((TicketStatus::parse(&s)?, n))).collect()
}
