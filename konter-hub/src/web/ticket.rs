//! The tracking page's ticket, read in one query for the session that
//! opened it: its history, quote lines, invoiced rate, payments and the last
//! online decision.

use super::html::cookie;
use super::keys;
use super::shop::ShopFace;
use crate::{Hub, HubError};
use axum::http::HeaderMap;
use chrono::{NaiveDate, Utc};
use konter::domain::money::{self, Currency};
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::totals::{self, Line, LineKind, Totals};
use konter::domain::web::first_name;
use rust_decimal::Decimal;
use std::str::FromStr;
use uuid::Uuid;

pub(crate) const SESSION_COOKIE: &str = "konter_track";

/// A tracking code as customers type it: trimmed, upper case, at most 20.
pub(crate) fn clean_code(code: &str) -> Option<String> {
    let c = code.trim().to_ascii_uppercase();
    (!c.is_empty() && c.len() <= 20 && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then_some(c)
}

/// What the page shows of a ticket, read in one query.
pub(crate) struct Ticket {
    pub id: String,
    pub device: String,
    pub status: TicketStatus,
    pub promised: Option<NaiveDate>,
    pub currency: Currency,
    pub first_name: String,
    /// (status, at) of each move, from the intake on.
    pub events: Vec<(String, String)>,
    pub lines: Vec<Line>,
    /// The rate and inclusiveness the ticket was invoiced at, if it was.
    pub invoiced: Option<(Decimal, bool)>,
    pub paid: Decimal,
    /// The last online decision: (answered?, applied?, code, approved).
    pub last_decision: Option<(Option<bool>, Option<String>, bool)>,
}

type TicketRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

/// The ticket, its history, quote lines, invoiced rate, payments and the
/// last online decision in one round trip.
const TICKET: &str = "SELECT t.id, t.device_category, t.brand, t.model, t.status, t.promised_date, t.currency, c.name,
   (SELECT json_agg(json_build_array(CASE WHEN e.kind = 'intake' THEN 'received' ELSE e.to_status END, e.at) ORDER BY e.at, e.id)
      FROM rows.ticket_events e WHERE e._shop = t._shop AND e.ticket_id = t.id AND (e.to_status IS NOT NULL OR e.kind = 'intake'))::text,
   (SELECT json_agg(json_build_array(q.kind, q.description, q.qty, q.unit_price, q.discount) ORDER BY q.position)
      FROM rows.quote_lines q WHERE q._shop = t._shop AND q.ticket_id = t.id)::text,
   (SELECT json_build_array(i.tax_rate, i.tax_inclusive) FROM rows.invoices i WHERE i._shop = t._shop AND i.ticket_id = t.id LIMIT 1)::text,
   (SELECT SUM(CASE WHEN p.kind = 'refund' THEN -p.amount ELSE p.amount END)::bigint
      FROM rows.payments p WHERE p._shop = t._shop AND p.ticket_id = t.id AND p.voided_at IS NULL),
   (SELECT json_build_array(w.applied, w.outcome_code, w.payload->'approved') FROM web_requests w
      WHERE w.shop_id = t._shop AND w.kind = 'quote_decision' AND w.subject = t.id ORDER BY w.created_at DESC LIMIT 1)::text
 FROM rows.tickets t LEFT JOIN rows.customers c ON c._shop = t._shop AND c.id = t.customer_id
 WHERE t._shop = $1 AND t.tracking_code = $2 AND t.id = $3";

fn parse_ticket(row: TicketRow) -> Option<Ticket> {
    let (id, cat, brand, model, status, promised, cur, name, events, lines, invoiced, paid, last) =
        row;
    let currency = cur
        .and_then(|c| Currency::parse(&c).ok())
        .unwrap_or(Currency::IDR);
    let json = |t: Option<String>| -> Vec<serde_json::Value> {
        t.and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    };
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    let events = json(events)
        .iter()
        .map(|e| (text(&e[0]), text(&e[1])))
        .collect();
    let lines = json(lines)
        .iter()
        .map(|l| Line {
            kind: LineKind::parse(&text(&l[0])).unwrap_or(LineKind::Labour),
            description: text(&l[1]),
            qty: Decimal::from_str(&text(&l[2])).unwrap_or_default(),
            unit_price: money::from_minor(l[3].as_i64().unwrap_or(0), currency),
            discount: money::from_minor(l[4].as_i64().unwrap_or(0), currency),
        })
        .collect();
    let invoiced = invoiced
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .map(|v| {
            (
                Decimal::from_str(&text(&v[0])).unwrap_or_default(),
                v[1].as_i64().unwrap_or(0) != 0,
            )
        });
    let last_decision = last
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .map(|v| {
            (
                v[0].as_bool(),
                v[1].as_str().map(str::to_string),
                v[2].as_bool().unwrap_or(false),
            )
        });
    Some(Ticket {
        id,
        device: [cat, brand, model]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
        status: TicketStatus::parse(status.as_deref()?).ok()?,
        promised: promised.and_then(|p| NaiveDate::parse_from_str(&p, "%Y-%m-%d").ok()),
        currency,
        first_name: first_name(name.as_deref().unwrap_or("")).to_string(),
        events,
        lines,
        invoiced,
        paid: money::from_minor(paid.unwrap_or(0), currency),
        last_decision,
    })
}

pub(crate) async fn in_session(
    hub: &Hub,
    shop: Uuid,
    key: &[u8; 32],
    headers: &HeaderMap,
    code: &str,
) -> Result<Option<Ticket>, HubError> {
    let Some(session) = cookie(headers, SESSION_COOKIE)
        .and_then(|c| keys::session_ticket(key, c, Utc::now().timestamp()))
    else {
        return Ok(None);
    };
    let Some(code) = clean_code(code) else {
        return Ok(None);
    };
    let row: Option<TicketRow> = sqlx::query_as(TICKET)
        .bind(shop)
        .bind(&code)
        .bind(&session)
        .fetch_optional(&hub.pool)
        .await?;
    Ok(row.and_then(parse_ticket))
}

/// The quote's totals as the counter computes them: the rate the ticket
/// was invoiced at, or the shop's current one.
pub(crate) fn quote_totals(face: &ShopFace, t: &Ticket) -> Totals {
    let (rate, inclusive) = t.invoiced.unwrap_or((face.tax_rate, face.inclusive));
    totals::compute(&t.lines, rate, inclusive, t.currency)
}
