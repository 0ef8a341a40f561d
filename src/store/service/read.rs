//! A service order as the counter sees it: the newest confirmation, its
//! revisions and acceptances, milestones with their progress, invoices and
//! payments, handovers, visits, the support days left, whether the
//! customer has waited too long for news. The list is `list.rs`.

use crate::domain::money::{self, Currency};
use crate::domain::service::{terms, ServiceScope, ServiceStatus};
use crate::domain::totals::{Line, Totals};
use crate::error::{Error, Result};
use crate::store::{shop::calendar, ts, Db};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

pub use super::records::{HandoverInfo, OrderVisit, ServiceEvent};

#[derive(Debug, Clone, Serialize, TS)]
pub struct RevisionInfo {
    pub revision: u32,
    pub reason: Option<String>,
    pub created_at: String,
    #[ts(type = "string")]
    pub total: Decimal,
    /// How the customer accepted it ("signature", "whatsapp" …), if they did.
    pub accepted_how: Option<String>,
    pub accepted_by: Option<String>,
    pub accepted_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MilestoneState {
    pub seq: u32,
    pub title: String,
    pub planned_on: String,
    pub deliverable: String,
    pub pay_percent: u32,
    /// The newest progress recorded (0 when none).
    pub progress: u32,
    pub last_note: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ServiceInvoice {
    pub id: Uuid,
    pub number: String,
    /// deposit | milestone | final
    pub kind: String,
    pub milestone: Option<u32>,
    pub revision: u32,
    pub issued_at: String,
    pub lines: Vec<Line>,
    pub totals: Totals,
    #[ts(type = "string")]
    pub paid: Decimal,
    #[ts(type = "string")]
    pub balance: Decimal,
    /// Why its live number is void (until it is reissued).
    pub void_reason: Option<String>,
    /// The numbers it was printed under before (voided).
    pub earlier_numbers: Vec<String>,
    /// The buyer's NPWP, given on a reissue.
    pub buyer_tax_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ServicePayment {
    pub invoice_id: Uuid,
    pub invoice_number: String,
    pub method: String,
    #[ts(type = "string")]
    pub amount: Decimal,
    pub received_at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ServiceOrder {
    pub id: Uuid,
    pub number: String,
    pub confirmation: String,
    /// The code that opens the order on the shop's tracking page (orders
    /// from before it have none).
    pub tracking_code: Option<String>,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub customer_phone: String,
    pub channel: String,
    pub status: ServiceStatus,
    /// The newest revision and the newest one the customer accepted.
    pub revision: u32,
    pub accepted_revision: Option<u32>,
    /// The newest revision's scope and totals.
    pub scope: ServiceScope,
    pub totals: Totals,
    pub currency: Currency,
    pub revisions: Vec<RevisionInfo>,
    pub milestones: Vec<MilestoneState>,
    pub invoices: Vec<ServiceInvoice>,
    pub payments: Vec<ServicePayment>,
    /// Invoiced and not paid.
    #[ts(type = "string")]
    pub balance: Decimal,
    /// The down payment still owed: the work cannot start until it is 0.
    #[ts(type = "string")]
    pub deposit_owed: Decimal,
    pub handovers: Vec<HandoverInfo>,
    pub visits: Vec<OrderVisit>,
    pub started_at: Option<String>,
    pub accepted_at: Option<String>,
    pub support_ends_on: Option<String>,
    pub support_days_left: u32,
    pub last_update_at: Option<String>,
    /// The work goes on and the customer has had no news for the shop's
    /// number of working days.
    pub stale: bool,
    pub events: Vec<ServiceEvent>,
    /// Files kept with the requirements (a site photo, a floor plan).
    pub attachments: Vec<crate::store::shop::attachments::AttachmentInfo>,
}

type Head = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
);

/// Whether an order at `status`, last told of progress at `last` (or
/// started at `started`), has waited more than `days` working days.
pub(super) fn is_stale(
    cal: &crate::domain::shop::calendar::WorkingCalendar,
    now: DateTime<Utc>,
    status: ServiceStatus,
    last: Option<&str>,
    days: u32,
) -> bool {
    if !status.working() {
        return false;
    }
    let since = ts(cal.start_of(cal.working_days_back(cal.local_date(now), days)));
    last.is_some_and(|l| l < since.as_str())
}

pub async fn detail(db: &Db, now: DateTime<Utc>, id: Uuid) -> Result<ServiceOrder> {
    let h: Head = sqlx::query_as(
        "SELECT o.number, o.confirmation, o.customer_id, c.name, c.phone, o.channel, o.status, o.revision, o.accepted_revision,
                o.currency, o.started_at, o.accepted_at, o.support_ends_on, o.last_update_at, o.created_at, o.tracking_code
         FROM service_orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?",
    )
    .bind(id.to_string())
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| Error::not_found("service_order"))?;
    let cur = Currency::parse(&h.9)?;
    let m = |v: i64| money::from_minor(v, cur);
    let status = ServiceStatus::parse(&h.6)?;
    type Rev = (
        i64,
        String,
        Option<String>,
        String,
        i64,
        i64,
        i64,
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let revs: Vec<Rev> = sqlx::query_as(
        "SELECT r.revision, r.scope, r.reason, r.created_at, r.subtotal, r.base, r.tax, r.total, a.how, a.signer, a.at
         FROM service_order_revisions r LEFT JOIN service_order_acceptances a ON a.revision_id = r.id
         WHERE r.order_id = ? ORDER BY r.revision",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let newest = revs
        .last()
        .ok_or_else(|| Error::invalid_state("bad_scope", "the order has no confirmation"))?;
    let scope: ServiceScope = serde_json::from_str(&newest.1)
        .map_err(|_| Error::invalid_state("bad_scope", "the confirmation cannot be read"))?;
    let totals = Totals {
        subtotal: m(newest.4),
        base: m(newest.5),
        tax: m(newest.6),
        total: m(newest.7),
    };
    let accepted_scope: ServiceScope =
        h.8.and_then(|a| revs.iter().find(|r| r.0 == a))
            .and_then(|r| serde_json::from_str(&r.1).ok())
            .unwrap_or_else(|| scope.clone());
    let revisions = revs
        .iter()
        .map(|r| RevisionInfo {
            revision: r.0 as u32,
            reason: r.2.clone(),
            created_at: r.3.clone(),
            total: m(r.7),
            accepted_how: r.8.clone(),
            accepted_by: r.9.clone(),
            accepted_at: r.10.clone(),
        })
        .collect();
    let updates: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT milestone, progress, note FROM service_order_updates WHERE order_id = ? ORDER BY at, rowid",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let milestones = accepted_scope
        .milestones
        .iter()
        .enumerate()
        .map(|(i, ms)| {
            let seq = i as u32 + 1;
            let last = updates.iter().rev().find(|u| u.0 == i64::from(seq));
            MilestoneState {
                seq,
                title: ms.title.clone(),
                planned_on: ms.planned_on.clone(),
                deliverable: ms.deliverable.clone(),
                pay_percent: ms.pay_percent,
                progress: last.map_or(0, |u| u.1 as u32),
                last_note: last.map(|u| u.2.clone()),
            }
        })
        .collect();
    type Inv = (
        String,
        String,
        String,
        Option<i64>,
        i64,
        String,
        String,
        i64,
        i64,
        i64,
        i64,
        i64,
    );
    let invs: Vec<Inv> = sqlx::query_as(
        "SELECT i.id, i.number, i.kind, i.milestone, i.revision, i.issued_at, i.lines, i.subtotal, i.base, i.tax, i.total,
                (SELECT COALESCE(SUM(p.amount), 0) FROM service_order_payments p WHERE p.invoice_id = i.id)
         FROM service_order_invoices i WHERE i.order_id = ? ORDER BY i.issued_at, i.rowid",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    type PaperRow = (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let papers: Vec<PaperRow> = sqlx::query_as(
        "SELECT p.invoice_id, p.kind, p.number, p.reason, p.buyer_tax_id, p.replaces FROM service_order_invoice_papers p
         JOIN service_order_invoices i ON i.id = p.invoice_id WHERE i.order_id = ? ORDER BY p.at, p.rowid",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let invoices = invs
        .into_iter()
        .map(|i| {
            let rows: Vec<_> = papers
                .iter()
                .filter(|p| p.0 == i.0)
                .map(|p| {
                    (
                        p.1.clone(),
                        p.2.clone(),
                        p.3.clone(),
                        p.4.clone(),
                        p.5.clone(),
                    )
                })
                .collect();
            let paper = super::papers::Paper::of(&i.1, &rows);
            Ok(ServiceInvoice {
                id: crate::store::parse_id("id", &i.0)?,
                number: paper.number,
                void_reason: paper.void_reason,
                earlier_numbers: paper.earlier,
                buyer_tax_id: paper.buyer_tax_id,
                kind: i.2,
                milestone: i.3.map(|v| v as u32),
                revision: i.4 as u32,
                issued_at: i.5,
                lines: serde_json::from_str(&i.6).unwrap_or_default(),
                totals: Totals {
                    subtotal: m(i.7),
                    base: m(i.8),
                    tax: m(i.9),
                    total: m(i.10),
                },
                paid: m(i.11),
                balance: m(i.10 - i.11),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let pays: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT p.invoice_id, p.method, p.amount, p.received_at FROM service_order_payments p
         WHERE p.order_id = ? ORDER BY p.received_at, p.rowid",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let payments = pays
        .into_iter()
        .map(|p| {
            let invoice = crate::store::parse_id("invoice_id", &p.0)?;
            Ok(ServicePayment {
                invoice_id: invoice,
                invoice_number: invoices
                    .iter()
                    .find(|i| i.id == invoice)
                    .map(|i| i.number.clone())
                    .unwrap_or_default(),
                method: p.1,
                amount: m(p.2),
                received_at: p.3,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let balance = invoices.iter().map(|i| i.balance).sum();
    // Before the start: the accepted revision's down payment less what was
    // paid toward down payment invoices (what `work::start` checks).
    let accepted_totals =
        h.8.and_then(|a| revs.iter().find(|r| r.0 == a))
            .map(|r| Totals {
                subtotal: m(r.4),
                base: m(r.5),
                tax: m(r.6),
                total: m(r.7),
            });
    let deposit_paid: Decimal = invoices
        .iter()
        .filter(|i| i.kind == "deposit")
        .map(|i| i.paid)
        .sum();
    let deposit_owed = match (&accepted_totals, &h.10) {
        (Some(t), None) => (super::billing::deposit_required(&accepted_scope, t, cur)
            - deposit_paid)
            .max(Decimal::ZERO),
        _ => Decimal::ZERO,
    };
    let (handovers, visits, events) = super::records::of(db, id).await?;
    let cal = calendar::calendar(db).await?;
    let days = crate::store::shop::settings::get(db)
        .await?
        .stale_service_days;
    let told = h.13.clone().or_else(|| h.10.clone());
    let ends =
        h.12.as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    Ok(ServiceOrder {
        id,
        number: h.0,
        confirmation: h.1,
        tracking_code: h.15,
        customer_id: crate::store::parse_id("customer_id", &h.2)?,
        customer_name: h.3,
        customer_phone: crate::domain::phone::national(&h.4),
        channel: h.5,
        status,
        revision: h.7 as u32,
        accepted_revision: h.8.map(|v| v as u32),
        scope,
        totals,
        currency: cur,
        revisions,
        milestones,
        invoices,
        payments,
        balance,
        deposit_owed,
        handovers,
        visits,
        stale: is_stale(&cal, now, status, told.as_deref(), days),
        started_at: h.10,
        accepted_at: h.11,
        support_days_left: terms::support_days_left(cal.local_date(now), ends),
        support_ends_on: h.12,
        last_update_at: h.13,
        events,
        attachments: crate::store::shop::attachments::list(
            db,
            crate::store::shop::attachments::Subject::ServiceOrder,
            id,
        )
        .await?,
    })
}
