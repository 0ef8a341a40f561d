//! A service order's invoices per its terms: the down payment when the
//! customer accepts the confirmation, a milestone's share when it is done,
//! the final invoice (what the others left) on acceptance of the work.
//! Each is issued inside the transaction of the act that calls for it,
//! numbered from the shop's invoice series shared with tickets, orders and
//! visits, at the accepted revision's totals. Payments settle one invoice's
//! balance and go into this counter's drawer like every payment.

use crate::domain::money::{self, Currency};
use crate::domain::payment::{self, PaymentMethod};
use crate::domain::service::terms::{charge, sum};
use crate::domain::service::{Instalment, ServiceScope};
use crate::domain::shop::numbering::Series;
use crate::domain::staff::permissions::Action;
use crate::domain::totals::{Line, LineKind, Totals};
use crate::error::{Error, Result};
use crate::store::{shop, shop::calendar, shop::outbox, ts, Ctx, Db, Tx};
use chrono::Datelike;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ServicePaymentInput {
    pub invoice_id: String,
    pub method: PaymentMethod,
    /// Cash handed over (cash only; empty = exact amount).
    pub tendered: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ServicePaid {
    pub order: super::ServiceOrder,
    #[ts(type = "string")]
    pub change: Decimal,
    pub payment_id: String,
}

type AcceptedRow = (String, String, i64, String, i64, i64, i64, i64, bool);

/// The accepted revision's scope and totals, with the order's number and
/// currency, read in the transaction.
pub(crate) async fn accepted_in(
    tx: &mut Tx,
    order: Uuid,
) -> Result<(String, Currency, u32, ServiceScope, Totals, bool)> {
    let row: Option<AcceptedRow> = sqlx::query_as(
        "SELECT o.number, o.currency, r.revision, r.scope, r.subtotal, r.base, r.tax, r.total, r.tax_inclusive
         FROM service_orders o JOIN service_order_revisions r ON r.order_id = o.id AND r.revision = o.accepted_revision
         WHERE o.id = ?",
    )
    .bind(order.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    let r = row.ok_or_else(|| {
        Error::invalid_state(
            "not_confirmed",
            "the customer has not accepted a confirmation",
        )
    })?;
    let cur = Currency::parse(&r.1)?;
    let scope: ServiceScope = serde_json::from_str(&r.3)
        .map_err(|_| Error::invalid_state("bad_scope", "the confirmation cannot be read"))?;
    let m = |v| money::from_minor(v, cur);
    let totals = Totals {
        subtotal: m(r.4),
        base: m(r.5),
        tax: m(r.6),
        total: m(r.7),
    };
    Ok((r.0, cur, r.2 as u32, scope, totals, r.8))
}

/// Issues the invoice of `instalment` when the terms ask for one and it
/// was not issued yet. Returns its number.
pub(crate) async fn issue_in(
    db: &Db,
    tx: &mut Tx,
    ctx: &Ctx,
    order: Uuid,
    instalment: Instalment,
) -> Result<Option<String>> {
    let (number, cur, revision, scope, totals, inclusive) = accepted_in(tx, order).await?;
    let milestone = match instalment {
        Instalment::Milestone(k) => Some(k),
        _ => None,
    };
    let percent = match instalment {
        Instalment::Deposit => scope.deposit_percent,
        Instalment::Milestone(k) => scope
            .milestones
            .get(k as usize - 1)
            .map_or(0, |m| m.pay_percent),
        Instalment::Final => scope.final_percent(),
    };
    let issued: Vec<(String, Option<i64>, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT kind, milestone, subtotal, base, tax, total FROM service_order_invoices WHERE order_id = ?",
    )
    .bind(order.to_string())
    .fetch_all(&mut **tx)
    .await?;
    // A milestone's or the final invoice is issued once; the down payment
    // is topped up when an accepted revision asks for more before the start.
    if instalment != Instalment::Deposit
        && issued
            .iter()
            .any(|i| i.0 == instalment.as_str() && i.1.map(|m| m as u32) == milestone)
    {
        return Ok(None);
    }
    let m = |v| money::from_minor(v, cur);
    let before: Vec<Totals> = issued
        .iter()
        .map(|i| Totals {
            subtotal: m(i.2),
            base: m(i.3),
            tax: m(i.4),
            total: m(i.5),
        })
        .collect();
    // The share invoiced once this one is: the down payment's and each
    // milestone's already invoiced (in whatever order they were done), and
    // this one's; the final one brings it to 100 %.
    let deposit = if issued.iter().any(|i| i.0 == "deposit") {
        scope.deposit_percent
    } else {
        0
    };
    let milestones: u32 = issued
        .iter()
        .filter(|i| i.0 == "milestone")
        .filter_map(|i| i.1)
        .map(|k| {
            scope
                .milestones
                .get(k as usize - 1)
                .map_or(0, |m| m.pay_percent)
        })
        .sum();
    let cumulative = match instalment {
        Instalment::Deposit => scope.deposit_percent,
        Instalment::Milestone(_) => deposit + milestones + percent,
        Instalment::Final => 100,
    };
    let t = charge(cumulative, &totals, &sum(&before), inclusive, cur);
    if t.total <= Decimal::ZERO {
        return Ok(None);
    }
    let line = Line {
        kind: LineKind::Fee,
        description: instalment.description(&number, percent, &scope.title),
        qty: Decimal::ONE,
        unit_price: t.subtotal,
        discount: Decimal::ZERO,
    };
    let profile = shop::profile(db).await?;
    let year = calendar::calendar(db).await?.local_date(ctx.now).year();
    let series = Series::of_shop(&profile.invoice_prefix, &profile, year);
    let invoice_number = crate::store::repairs::tickets::next_number(tx, &series).await?;
    let id = crate::domain::new_id();
    let rate: String = sqlx::query_scalar(
        "SELECT tax_rate FROM service_order_revisions WHERE order_id = ? AND revision = ?",
    )
    .bind(order.to_string())
    .bind(revision)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO service_order_invoices (id, number, order_id, kind, milestone, revision, subtotal, base, tax, total, tax_rate, tax_inclusive, currency, lines, issued_by, issued_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(&invoice_number)
    .bind(order.to_string())
    .bind(instalment.as_str())
    .bind(milestone)
    .bind(revision)
    .bind(money::to_minor(t.subtotal, cur))
    .bind(money::to_minor(t.base, cur))
    .bind(money::to_minor(t.tax, cur))
    .bind(money::to_minor(t.total, cur))
    .bind(&rate)
    .bind(inclusive)
    .bind(cur.code())
    .bind(serde_json::to_string(&[line]).unwrap_or_default())
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut **tx)
    .await?;
    let payload = serde_json::json!({ "service_order_id": order, "number": invoice_number, "kind": instalment, "total": t.total.to_string() });
    outbox::append(tx, ctx, "invoice", id, "issue", &payload).await?;
    Ok(Some(invoice_number))
}

pub(crate) async fn deposit_in(db: &Db, tx: &mut Tx, ctx: &Ctx, order: Uuid) -> Result<()> {
    issue_in(db, tx, ctx, order, Instalment::Deposit)
        .await
        .map(drop)
}

/// The down payment the accepted revision asks for before the start:
/// its share of the order's base and tax, each rounded.
pub fn deposit_required(scope: &ServiceScope, totals: &Totals, cur: Currency) -> Decimal {
    let share = Decimal::from(scope.deposit_percent) / Decimal::from(100);
    money::round(totals.base * share, cur) + money::round(totals.tax * share, cur)
}

/// What is still owed of the down payment the accepted revision asks for
/// (what was paid toward down payment invoices counts), read in the
/// transaction.
pub(crate) async fn deposit_owed(tx: &mut Tx, order: Uuid, cur: Currency) -> Result<Decimal> {
    let (_, _, _, scope, totals, _) = accepted_in(tx, order).await?;
    let paid: i64 = sqlx::query_scalar(
        "SELECT COALESCE(SUM(p.amount), 0) FROM service_order_payments p JOIN service_order_invoices i ON i.id = p.invoice_id
         WHERE i.order_id = ? AND i.kind = 'deposit'",
    )
    .bind(order.to_string())
    .fetch_one(&mut **tx)
    .await?;
    Ok((deposit_required(&scope, &totals, cur) - money::from_minor(paid, cur)).max(Decimal::ZERO))
}

/// The customer pays one invoice's balance.
pub async fn pay(
    db: &Db,
    ctx: &Ctx,
    order: Uuid,
    input: ServicePaymentInput,
) -> Result<ServicePaid> {
    ctx.require(Action::TakePayment)?;
    let invoice = crate::store::parse_id("invoice_id", &input.invoice_id)?;
    let before = super::read::detail(db, ctx.now, order).await?;
    let cur = before.currency;
    let inv = before
        .invoices
        .iter()
        .find(|i| i.id == invoice)
        .ok_or_else(|| {
            Error::validation(
                "invoice_id",
                "unknown_invoice",
                "not an invoice of this order",
            )
        })?;
    let balance = inv.balance;
    if balance <= Decimal::ZERO {
        return Err(Error::invalid_state(
            "nothing_to_pay",
            "this invoice is paid",
        ));
    }
    let tendered = payment::parse_optional_amount("tendered", input.tendered.as_deref(), cur)?;
    let change = payment::change_for(input.method, tendered, balance)?;
    let mut tx = db.begin().await?;
    if super::status_of(&mut tx, order).await? == crate::domain::service::ServiceStatus::Cancelled {
        return Err(Error::invalid_state(
            "cancelled",
            "this service order was cancelled",
        ));
    }
    // No money against a voided number: it is reissued first.
    if super::papers::paper_in(&mut tx, order, invoice)
        .await?
        .void_reason
        .is_some()
    {
        return Err(Error::invalid_state(
            "invoice_voided",
            "this invoice was voided: reissue it before taking a payment",
        ));
    }
    // Read again in the write transaction: two counters cannot both settle it.
    let paid: i64 = sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM service_order_payments WHERE invoice_id = ?",
    )
    .bind(invoice.to_string())
    .fetch_one(&mut *tx)
    .await?;
    if money::from_minor(paid, cur) != inv.totals.total - balance {
        return Err(Error::Conflict {
            message: "the invoice was paid meanwhile".into(),
        });
    }
    let id = crate::domain::new_id();
    let minor = money::to_minor(balance, cur);
    sqlx::query(
        "INSERT INTO service_order_payments (id, order_id, invoice_id, method, amount, tendered, currency, received_by, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(order.to_string())
    .bind(invoice.to_string())
    .bind(input.method.as_str())
    .bind(minor)
    .bind(tendered.map(|t| money::to_minor(t, cur)))
    .bind(cur.code())
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut *tx)
    .await?;
    let data = serde_json::json!({ "payment_id": id, "invoice": inv.number, "method": input.method, "amount": balance.to_string(), "currency": cur.code() });
    super::event(&mut tx, ctx, order, "payment", None, None, data).await?;
    let source = crate::store::cash::drawer::Source::ServiceOrder;
    crate::store::cash::drawer::take(
        &mut tx,
        ctx,
        source,
        id,
        "payment",
        input.method.as_str(),
        minor,
        cur,
    )
    .await?;
    tx.commit().await?;
    Ok(ServicePaid {
        order: super::read::detail(db, ctx.now, order).await?,
        change,
        payment_id: id.to_string(),
    })
}
