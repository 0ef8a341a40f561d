//! The service orders as the counter lists them: every one not cancelled,
//! newest first, the ones whose customer has waited too long for news
//! first of all.

use super::read::is_stale;
use crate::domain::money::{self, Currency};
use crate::domain::service::{terms, ServiceScope, ServiceStatus};
use crate::error::Result;
use crate::store::{shop::calendar, Db};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, TS)]
pub struct ServiceOrderRow {
    pub id: Uuid,
    pub number: String,
    pub customer_name: String,
    pub title: String,
    pub status: ServiceStatus,
    #[ts(type = "string")]
    pub total: Decimal,
    #[ts(type = "string")]
    pub balance: Decimal,
    pub currency: Currency,
    pub last_update_at: Option<String>,
    pub stale: bool,
    pub support_ends_on: Option<String>,
    pub support_days_left: u32,
}

/// Every order not cancelled, newest first; the stale ones first of all.
pub async fn list(db: &Db, now: DateTime<Utc>) -> Result<Vec<ServiceOrderRow>> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        i64,
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT o.id, o.number, c.name, o.status, r.scope, r.total,
                (SELECT COALESCE(SUM(i.total), 0) FROM service_order_invoices i WHERE i.order_id = o.id)
                - (SELECT COALESCE(SUM(p.amount), 0) FROM service_order_payments p WHERE p.order_id = o.id),
                o.currency, COALESCE(o.last_update_at, o.started_at), o.support_ends_on, o.last_update_at
         FROM service_orders o JOIN customers c ON c.id = o.customer_id
         JOIN service_order_revisions r ON r.order_id = o.id AND r.revision = o.revision
         WHERE o.status <> 'cancelled' ORDER BY o.created_at DESC LIMIT 500",
    )
    .fetch_all(&db.pool)
    .await?;
    let cal = calendar::calendar(db).await?;
    let days = crate::store::shop::settings::get(db)
        .await?
        .stale_service_days;
    let today = cal.local_date(now);
    let mut out = rows
        .into_iter()
        .map(|r| {
            let cur = Currency::parse(&r.7)?;
            let status = ServiceStatus::parse(&r.3)?;
            let title = serde_json::from_str::<ServiceScope>(&r.4)
                .map(|s| s.title)
                .unwrap_or_default();
            let ends =
                r.9.as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            Ok(ServiceOrderRow {
                id: crate::store::parse_id("id", &r.0)?,
                number: r.1,
                customer_name: r.2,
                title,
                status,
                total: money::from_minor(r.5, cur),
                balance: money::from_minor(r.6, cur),
                currency: cur,
                stale: is_stale(&cal, now, status, r.8.as_deref(), days),
                support_days_left: terms::support_days_left(today, ends),
                support_ends_on: r.9,
                last_update_at: r.10,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by_key(|r| !r.stale);
    Ok(out)
}
