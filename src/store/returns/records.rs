//! Returns as recorded (read side): one for its RMA receipt, or an order's.

use crate::error::{Error, Result};
use crate::store::Db;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

/// A return as recorded, for the RMA receipt and the order screen.
#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
pub struct ReturnRecord {
    #[sqlx(try_from = "String")]
    pub id: Uuid,
    pub number: String,
    #[sqlx(try_from = "String")]
    pub order_id: Uuid,
    pub order_number: String,
    pub customer_name: String,
    pub customer_phone: String,
    pub sku: String,
    pub name: String,
    pub serial: Option<String>,
    #[ts(type = "number")]
    pub qty: i64,
    pub reason: String,
    pub seal_intact: bool,
    pub unused: bool,
    pub complete: bool,
    pub outcome: String,
    #[ts(type = "number | null")]
    pub refund_amount: Option<i64>,
    pub currency: String,
    pub replacement_serial: Option<String>,
    pub ticket_number: Option<String>,
    pub note: Option<String>,
    /// What sending it back cost, and who bears it (shop | customer).
    #[ts(type = "number | null")]
    pub return_shipping: Option<i64>,
    pub shipping_paid_by: Option<String>,
    pub staff_name: String,
    pub at: String,
}

const RECORD: &str = "SELECT r.id, r.number, r.order_id, o.number AS order_number, c.name AS customer_name, c.phone AS customer_phone,
    l.sku, l.name, r.serial, r.qty, r.reason, r.seal_intact, r.unused, r.complete, r.outcome, r.refund_amount, r.currency,
    r.replacement_serial, t.number AS ticket_number, r.note, r.return_shipping, r.shipping_paid_by, s.name AS staff_name, r.at
    FROM returns r JOIN orders o ON o.id = r.order_id JOIN customers c ON c.id = o.customer_id
    JOIN order_lines l ON l.order_id = r.order_id AND l.position = r.position
    JOIN staff s ON s.id = r.staff_id LEFT JOIN tickets t ON t.id = r.ticket_id";

pub async fn get(db: &Db, id: Uuid) -> Result<ReturnRecord> {
    sqlx::query_as(&format!("{RECORD} WHERE r.id = ?"))
        .bind(id.to_string())
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("return"))
}

pub async fn of_order(db: &Db, order_id: Uuid) -> Result<Vec<ReturnRecord>> {
    Ok(
        sqlx::query_as(&format!("{RECORD} WHERE r.order_id = ? ORDER BY r.at"))
            .bind(order_id.to_string())
            .fetch_all(&db.pool)
            .await?,
    )
}
