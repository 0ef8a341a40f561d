//! The list and search of orders the counter works from: newest first, by
//! status, by number, customer name, phone or e-mail (FTS5 trigram), or by
//! a web store's number as the customer gives it.

use crate::domain::sales::order::OrderStatus;
use crate::error::{check, Result};
use crate::store::Db;
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct OrderQuery {
    pub status: Option<OrderStatus>,
    /// Number, customer name, phone or e-mail (any part of 3+ characters).
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS, FromRow)]
pub struct OrderSummary {
    #[sqlx(try_from = "String")]
    pub id: Uuid,
    pub number: String,
    pub channel: String,
    pub status: String,
    pub customer_name: String,
    pub fulfilment: String,
    #[ts(type = "number")]
    pub total_minor: i64,
    pub currency: String,
    pub created_at: String,
}

/// Newest first, at most 200.
pub async fn list(db: &Db, q: &OrderQuery) -> Result<Vec<OrderSummary>> {
    let text = check::optional("text", q.text.as_deref(), 100)?;
    let status = q.status.map(OrderStatus::as_str);
    let select = "SELECT o.id, o.number, o.channel, o.status, c.name AS customer_name, o.fulfilment, o.total AS total_minor, o.currency, o.created_at";
    // A web store's number as the customer gives it ("#1042"): every
    // store's order with that number.
    if let Some(web) = text
        .as_deref()
        .and_then(crate::domain::sales::web_order_number)
    {
        // "WC-1042-2", "WC-1042-3" …: a range on the number's index
        // ('-' is followed by '.' in ASCII), not a LIKE that scans.
        let rows: Vec<OrderSummary> = sqlx::query_as(&format!(
            "{select} FROM orders o JOIN customers c ON c.id = o.customer_id
             WHERE (o.number = ?1 OR (o.number > ?1 || '-' AND o.number < ?1 || '.' AND o.source LIKE 'woocommerce:%'))
               AND (?2 IS NULL OR o.status = ?2) ORDER BY o.rowid DESC LIMIT 200"
        ))
        .bind(&web)
        .bind(status)
        .fetch_all(&db.pool)
        .await?;
        let typed = text.as_deref().unwrap_or_default();
        if !rows.is_empty() || typed.contains('#') || typed.to_uppercase().contains("WC") {
            return Ok(rows);
        }
    }
    let rows = match text.as_deref().and_then(crate::store::search::fts_query) {
        Some(m) => {
            sqlx::query_as(&format!(
                "{select} FROM order_search s JOIN orders o ON o.rowid = s.rowid JOIN customers c ON c.id = o.customer_id
                 WHERE order_search MATCH ?1 AND (?2 IS NULL OR o.status = ?2) ORDER BY s.rowid DESC LIMIT 200"
            ))
            .bind(m)
            .bind(status)
            .fetch_all(&db.pool)
            .await?
        }
        None if text.is_some() => {
            let prefix = format!("{}%", crate::store::search::escape_like(&text.unwrap_or_default().to_uppercase()));
            sqlx::query_as(&format!(
                "{select} FROM orders o JOIN customers c ON c.id = o.customer_id
                 WHERE o.number LIKE ?1 ESCAPE '\\' AND (?2 IS NULL OR o.status = ?2) ORDER BY o.rowid DESC LIMIT 200"
            ))
            .bind(prefix)
            .bind(status)
            .fetch_all(&db.pool)
            .await?
        }
        None => {
            sqlx::query_as(&format!(
                "{select} FROM orders o JOIN customers c ON c.id = o.customer_id
                 WHERE (?1 IS NULL OR o.status = ?1) ORDER BY o.rowid DESC LIMIT 200"
            ))
            .bind(status)
            .fetch_all(&db.pool)
            .await?
        }
    };
    Ok(rows)
}
