//! A customer's page: their details and note, every ticket, order, visit
//! and contract (also those of a duplicate merged into them), every unit
//! they own with its warranty state today, and their open balance: what
//! their open repairs, orders and visits still ask of them. Read-only.

use super::{get, Customer};
use crate::domain::money::{self, Currency};
use crate::error::Result;
use crate::store::warranty::{WarrantyUnit, UNIT};
use crate::store::{shop, Ctx, Db};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::FromRow;
use ts_rs::TS;
use uuid::Uuid;

/// A ticket, order, visit or contract on the page.
#[derive(Debug, Clone, Serialize, TS, FromRow)]
pub struct CustomerRecord {
    pub id: String,
    pub number: String,
    pub status: String,
    /// The device, the order's total, the visit's problem, the contract's term.
    pub detail: String,
    pub at: String,
    /// What it still asks of the customer (open records only).
    #[sqlx(skip)]
    #[ts(type = "string | null")]
    pub owed: Option<Decimal>,
}

/// A unit the customer owns, with its warranty state on the day.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OwnedUnit {
    pub id: String,
    pub serial: String,
    pub product_name: String,
    pub invoice_number: String,
    pub start_date: String,
    /// in_store | maker_only | lifetime | expired | replaced
    pub warranty: String,
    /// The last day of the warranty that runs longest (none for lifetime).
    pub until: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CustomerPage {
    pub customer: Customer,
    /// Duplicates merged into this customer (their history is here too).
    pub merged: Vec<Customer>,
    /// The customer this one was merged into, if it was.
    pub merged_into: Option<String>,
    pub tickets: Vec<CustomerRecord>,
    pub orders: Vec<CustomerRecord>,
    pub visits: Vec<CustomerRecord>,
    pub contracts: Vec<CustomerRecord>,
    pub units: Vec<OwnedUnit>,
    #[ts(type = "string")]
    pub balance: Decimal,
    pub currency: Currency,
}

async fn records(db: &Db, sql: &str, ids: &str) -> Result<Vec<CustomerRecord>> {
    Ok(sqlx::query_as(sql).bind(ids).fetch_all(&db.pool).await?)
}

pub async fn page(db: &Db, ctx: &Ctx, id: Uuid) -> Result<CustomerPage> {
    let customer = get(db, id).await?;
    let profile = shop::profile(db).await?;
    let cur = profile.currency;
    let merged_into: Option<String> =
        sqlx::query_scalar("SELECT merged_into FROM customers WHERE id = ?")
            .bind(id.to_string())
            .fetch_one(&db.pool)
            .await?;
    let merged_ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM customers WHERE merged_into = ? ORDER BY created_at")
            .bind(id.to_string())
            .fetch_all(&db.pool)
            .await?;
    let mut merged = vec![];
    for m in &merged_ids {
        merged.push(get(db, crate::store::parse_id("id", m)?).await?);
    }
    let mut all = vec![id.to_string()];
    all.extend(merged_ids);
    let ids = serde_json::to_string(&all).unwrap_or_default();
    let mut tickets = records(
        db,
        "SELECT t.id, t.number, t.status, t.brand || ' ' || t.model || COALESCE(' · ' || t.serial, '') AS detail, t.created_at AS at
         FROM tickets t WHERE t.customer_id IN (SELECT value FROM json_each(?1)) ORDER BY t.created_at DESC LIMIT 200",
        &ids,
    )
    .await?;
    let mut orders = records(
        db,
        "SELECT o.id, o.number, o.status, CAST(o.total AS TEXT) AS detail, o.created_at AS at
         FROM orders o WHERE o.customer_id IN (SELECT value FROM json_each(?1)) ORDER BY o.created_at DESC LIMIT 200",
        &ids,
    )
    .await?;
    for o in &mut orders {
        // The total as an amount people read, not minor units.
        let minor: i64 = o.detail.parse().unwrap_or_default();
        o.detail = money::from_minor(minor, cur).to_string();
    }
    let mut visits = records(
        db,
        "SELECT v.id, v.number, v.status, v.problem AS detail, COALESCE(v.starts_at, v.requested_at) AS at
         FROM visits v WHERE v.customer_id IN (SELECT value FROM json_each(?1)) ORDER BY v.requested_at DESC LIMIT 200",
        &ids,
    )
    .await?;
    let today = shop::calendar::calendar(db).await?.local_date(ctx.now);
    let contracts: Vec<CustomerRecord> = sqlx::query_as(
        "SELECT k.id, k.number, CASE WHEN k.ends_on < ?2 THEN 'ended' ELSE 'active' END AS status,
                k.starts_on || ' – ' || k.ends_on AS detail, k.created_at AS at
         FROM contracts k WHERE k.customer_id IN (SELECT value FROM json_each(?1)) ORDER BY k.starts_on DESC LIMIT 200",
    )
    .bind(&ids)
    .bind(today.to_string())
    .fetch_all(&db.pool)
    .await?;
    let balance = owed(db, &mut tickets, &mut orders, &mut visits).await?;
    Ok(CustomerPage {
        units: units(db, &ids, today).await?,
        customer,
        merged,
        merged_into,
        tickets,
        orders,
        visits,
        contracts,
        balance,
        currency: cur,
    })
}

/// What each open record still asks, and their sum.
async fn owed(
    db: &Db,
    tickets: &mut [CustomerRecord],
    orders: &mut [CustomerRecord],
    visits: &mut [CustomerRecord],
) -> Result<Decimal> {
    let mut total = Decimal::ZERO;
    let closed = |s: &str| {
        matches!(
            s,
            "picked_up" | "cancelled" | "returned_unrepaired" | "delivered"
        )
    };
    for t in tickets.iter_mut().filter(|t| !closed(&t.status)) {
        let d = crate::store::repairs::tickets::detail(db, crate::store::parse_id("id", &t.id)?)
            .await?;
        let due = d.balance;
        // A repair asks money once it is priced and approved.
        if d.quote_decision.as_deref() == Some("approved") && due > Decimal::ZERO {
            t.owed = Some(due);
            total += due;
        }
    }
    for o in orders.iter_mut().filter(|o| !closed(&o.status)) {
        let d =
            crate::store::sales::orders::detail(db, crate::store::parse_id("id", &o.id)?).await?;
        if d.balance > Decimal::ZERO {
            o.owed = Some(d.balance);
            total += d.balance;
        }
    }
    for v in visits.iter_mut().filter(|v| v.status == "done") {
        let b = crate::store::field::billing::bill(db, crate::store::parse_id("id", &v.id)?).await;
        if let Ok(b) = b {
            let due = b.balance;
            if due > Decimal::ZERO {
                v.owed = Some(due);
                total += due;
            }
        }
    }
    Ok(total)
}

async fn units(db: &Db, ids: &str, today: NaiveDate) -> Result<Vec<OwnedUnit>> {
    let rows: Vec<WarrantyUnit> = sqlx::query_as(&format!(
        "{UNIT} WHERE w.customer_id IN (SELECT value FROM json_each(?1)) ORDER BY w.start_date DESC LIMIT 200"
    ))
    .bind(ids)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|u| {
            let (state, until) = u.purchase()?.standing(today);
            Ok(OwnedUnit {
                warranty: if u.replaced_by.is_some() {
                    "replaced"
                } else {
                    state
                }
                .to_string(),
                until: until.map(|d| d.to_string()),
                id: u.id.to_string(),
                serial: u.serial,
                product_name: u.product_name,
                invoice_number: u.invoice_number,
                start_date: u.start_date,
            })
        })
        .collect()
}
