//! A visit's bill: at check-out its chargeable lines (see
//! [`crate::domain::field::billing`]) become an invoice in the same transaction,
//! numbered from the shop's invoice series shared with tickets and orders;
//! the customer pays on site or at the counter, and change is given for cash.

use crate::domain::field::billing::{UsedPart, VisitCharges};
use crate::domain::money::{self, Currency};
use crate::domain::payment::{self, PaymentMethod};
use crate::domain::shop::numbering::Series;
use crate::domain::staff::permissions::Action;
use crate::domain::totals::{self, Line, Totals};
use crate::error::{Error, Result};
use crate::store::{shop, shop::calendar, shop::outbox, ts, Ctx, Db, Tx};
use chrono::Datelike;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, TS)]
pub struct VisitInvoice {
    pub id: Uuid,
    pub number: String,
    pub issued_at: String,
    pub lines: Vec<Line>,
    pub totals: Totals,
    /// The buyer's NPWP/NIK, given at a reissue.
    pub buyer_tax_id: Option<String>,
    pub void_reason: Option<String>,
    pub voided_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct VisitPayment {
    pub method: String,
    #[ts(type = "string")]
    pub amount: Decimal,
    pub received_at: String,
}

/// What a finished visit billed, what was paid, and the workshop ticket it
/// opened, if any.
#[derive(Debug, Clone, Serialize, TS)]
pub struct VisitBill {
    pub visit_id: Uuid,
    pub number: String,
    pub customer_name: String,
    pub customer_phone: String,
    /// The live invoice, else the newest voided one (what prints).
    pub invoice: Option<VisitInvoice>,
    /// Every invoice of the visit: the live one first, then voided ones
    /// newest first.
    pub invoices: Vec<VisitInvoice>,
    pub payments: Vec<VisitPayment>,
    #[ts(type = "string")]
    pub balance: Decimal,
    pub currency: Currency,
    pub ticket_number: Option<String>,
    pub has_signature: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VisitPaymentInput {
    pub method: PaymentMethod,
    /// Cash handed over (cash only; empty = exact amount).
    pub tendered: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct VisitPaid {
    pub bill: VisitBill,
    /// Cash to give back.
    #[ts(type = "string")]
    pub change: Decimal,
    /// The payment just recorded (what the drawer opens for, if cash).
    pub payment_id: String,
}

/// Issues the visit's invoice inside the check-out transaction, when it
/// charges anything. Returns the invoice number.
pub(crate) async fn invoice_in(
    db: &Db,
    tx: &mut Tx,
    ctx: &Ctx,
    visit: Uuid,
    parts: &[(Uuid, i64)],
    labour_minutes: u32,
) -> Result<Option<String>> {
    let (kind, contract, covered, price, surcharge, cur): (String, Option<String>, bool, i64, i64, String) =
        sqlx::query_as(
            "SELECT kind, contract_id, order_covered, quote, surcharge, currency FROM visits WHERE id = ?",
        )
        .bind(visit.to_string())
        .fetch_one(&mut **tx)
        .await?;
    let cur = Currency::parse(&cur)?;
    let mut used = Vec::with_capacity(parts.len());
    for (product, qty) in parts {
        let (sku, name, price): (String, String, i64) =
            sqlx::query_as("SELECT sku, name, price FROM products WHERE id = ?")
                .bind(product.to_string())
                .fetch_one(&mut **tx)
                .await?;
        used.push(UsedPart {
            description: format!("{sku} {name}"),
            qty: *qty,
            unit_price: money::from_minor(price, cur),
        });
    }
    let charges = VisitCharges {
        kind: &kind,
        under_contract: contract.is_some(),
        under_order: covered,
        price: money::from_minor(price, cur),
        surcharge: money::from_minor(surcharge, cur),
        parts: &used,
        labour_minutes,
    };
    let policy = crate::store::shop::settings::get(db).await?.visits;
    let lines = charges.lines(&policy, cur);
    if lines.is_empty() {
        return Ok(None);
    }
    let profile = shop::profile(db).await?;
    let t = totals::compute(&lines, profile.tax_rate, profile.prices_include_tax, cur);
    let year = calendar::calendar(db).await?.local_date(ctx.now).year();
    let series = Series::of_shop(&profile.invoice_prefix, &profile, year);
    let number = crate::store::repairs::tickets::next_number(tx, &series).await?;
    let id = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO visit_invoices (id, number, visit_id, subtotal, base, tax, total, tax_rate, tax_inclusive, currency, lines, issued_by, issued_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(&number)
    .bind(visit.to_string())
    .bind(money::to_minor(t.subtotal, cur))
    .bind(money::to_minor(t.base, cur))
    .bind(money::to_minor(t.tax, cur))
    .bind(money::to_minor(t.total, cur))
    .bind(profile.tax_rate.to_string())
    .bind(profile.prices_include_tax)
    .bind(cur.code())
    .bind(serde_json::to_string(&lines).unwrap_or_default())
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut **tx)
    .await?;
    let payload =
        serde_json::json!({ "visit_id": visit, "number": number, "total": t.total.to_string() });
    outbox::append(tx, ctx, "invoice", id, "issue", &payload).await?;
    Ok(Some(number))
}

type InvoiceRow = (
    String,
    String,
    String,
    String,
    String,
    bool,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub async fn bill(db: &Db, visit: Uuid) -> Result<VisitBill> {
    let row: Option<(String, String, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT v.number, c.name, c.phone, v.currency, t.number,
                (SELECT COUNT(*) FROM visit_signatures s WHERE s.visit_id = v.id)
         FROM visits v JOIN customers c ON c.id = v.customer_id LEFT JOIN tickets t ON t.id = v.ticket_id WHERE v.id = ?",
    )
    .bind(visit.to_string())
    .fetch_optional(&db.pool)
    .await?;
    let (number, name, phone, cur, ticket, signed) =
        row.ok_or_else(|| Error::not_found("visit"))?;
    let cur = Currency::parse(&cur)?;
    let rows: Vec<InvoiceRow> = sqlx::query_as(
        "SELECT id, number, issued_at, lines, tax_rate, tax_inclusive, buyer_tax_id, void_reason, voided_at
         FROM visit_invoices WHERE visit_id = ? ORDER BY voided_at IS NOT NULL, voided_at DESC, issued_at DESC",
    )
    .bind(visit.to_string())
    .fetch_all(&db.pool)
    .await?;
    let invoices = rows
        .into_iter()
        .map(
            |(
                id,
                number,
                issued_at,
                lines,
                rate,
                inclusive,
                buyer_tax_id,
                void_reason,
                voided_at,
            )| {
                let lines: Vec<Line> = serde_json::from_str(&lines).unwrap_or_default();
                let rate = rate.parse().unwrap_or_default();
                Ok(VisitInvoice {
                    id: crate::store::parse_id("id", &id)?,
                    totals: totals::compute(&lines, rate, inclusive, cur),
                    number,
                    issued_at,
                    lines,
                    buyer_tax_id,
                    void_reason,
                    voided_at,
                })
            },
        )
        .collect::<Result<Vec<_>>>()?;
    let invoice = invoices.first().cloned();
    let rows: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT method, amount, received_at FROM visit_payments WHERE visit_id = ? ORDER BY received_at, rowid",
    )
    .bind(visit.to_string())
    .fetch_all(&db.pool)
    .await?;
    let payments: Vec<VisitPayment> = rows
        .into_iter()
        .map(|(method, amount, received_at)| VisitPayment {
            method,
            amount: money::from_minor(amount, cur),
            received_at,
        })
        .collect();
    let paid: Decimal = payments.iter().map(|p| p.amount).sum();
    let total = invoice.as_ref().map_or(Decimal::ZERO, |i| i.totals.total);
    Ok(VisitBill {
        visit_id: visit,
        number,
        customer_name: name,
        customer_phone: crate::domain::phone::national(&phone),
        invoice,
        invoices,
        payments,
        balance: total - paid,
        currency: cur,
        ticket_number: ticket,
        has_signature: signed > 0,
    })
}

/// The customer pays the visit's balance (on site or at the counter).
pub async fn pay(db: &Db, ctx: &Ctx, visit: Uuid, input: VisitPaymentInput) -> Result<VisitPaid> {
    ctx.require(Action::TakePayment)?;
    let before = bill(db, visit).await?;
    let cur = before.currency;
    let balance = before.balance;
    if balance <= Decimal::ZERO {
        return Err(Error::invalid_state(
            "nothing_to_pay",
            "this visit has nothing to pay",
        ));
    }
    let tendered = payment::parse_optional_amount("tendered", input.tendered.as_deref(), cur)?;
    let change = payment::change_for(input.method, tendered, balance)?;
    let mut tx = db.begin().await?;
    // Read again inside the write transaction: two counters cannot both settle it.
    let paid: i64 = sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM visit_payments WHERE visit_id = ?",
    )
    .bind(visit.to_string())
    .fetch_one(&mut *tx)
    .await?;
    if money::from_minor(paid, cur) != before.balance_paid() {
        return Err(Error::Conflict {
            message: "the visit was paid meanwhile".into(),
        });
    }
    let id = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO visit_payments (id, visit_id, method, amount, tendered, currency, received_by, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(visit.to_string())
    .bind(input.method.as_str())
    .bind(money::to_minor(balance, cur))
    .bind(tendered.map(|t| money::to_minor(t, cur)))
    .bind(cur.code())
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut *tx)
    .await?;
    let data = serde_json::json!({ "payment_id": id, "method": input.method, "amount": balance.to_string(), "currency": cur.code() });
    crate::store::field::visits::event(&mut tx, ctx, visit, "payment", None, &data).await?;
    let source = crate::store::cash::drawer::Source::Visit;
    let (method, minor) = (input.method.as_str(), money::to_minor(balance, cur));
    crate::store::cash::drawer::take(&mut tx, ctx, source, id, "payment", method, minor, cur)
        .await?;
    tx.commit().await?;
    Ok(VisitPaid {
        bill: bill(db, visit).await?,
        change,
        payment_id: id.to_string(),
    })
}

impl VisitBill {
    fn balance_paid(&self) -> Decimal {
        self.payments.iter().map(|p| p.amount).sum()
    }
}
