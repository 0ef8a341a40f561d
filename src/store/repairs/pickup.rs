//! Pickup: the customer pays the balance, gets an invoice, takes the device.

use crate::domain::money;
use crate::domain::payment::{self, PaymentMethod};
use crate::domain::repairs::ticket::{transition, TicketStatus, Trigger};
use crate::domain::shop::numbering::Series;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::repairs::tickets::{
    append_event, detail, insert_payment, next_number, status_of, TicketDetail,
};
use crate::store::{shop, shop::calendar, ts, Ctx, Db};
use chrono::Datelike;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PickupInput {
    pub method: PaymentMethod,
    /// Cash handed over (cash only; empty = exact amount).
    pub tendered: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PickupResult {
    pub ticket: TicketDetail,
    /// The payment or refund just recorded; none when nothing was owed
    /// (what the drawer opens for, if cash).
    pub payment_id: Option<String>,
    /// Cash to give back.
    #[ts(type = "string")]
    pub change: Decimal,
}

pub async fn pickup(
    db: &Db,
    ctx: &Ctx,
    ticket_id: Uuid,
    input: PickupInput,
) -> Result<PickupResult> {
    ctx.require(Action::TakePayment)?;
    let profile = shop::profile(db).await?;
    let cur = profile.currency;
    let note = check::optional("note", input.note.as_deref(), 1000)?;
    let before = detail(db, ticket_id).await?;
    let balance = before.balance;
    if balance < Decimal::ZERO {
        // Money going back to the customer needs an admin or the owner.
        ctx.require(Action::Refund)?;
    }
    let tendered = payment::parse_optional_amount("tendered", input.tendered.as_deref(), cur)?;
    if tendered.is_some() && input.method != PaymentMethod::Cash {
        return Err(Error::validation(
            "tendered",
            "cash_only",
            "only for cash payments",
        ));
    }
    if let Some(t) = tendered {
        if t < balance {
            return Err(Error::validation(
                "tendered",
                "not_enough",
                "less than the balance",
            ));
        }
    }
    let mut tx = db.begin().await?;
    let from = status_of(&mut tx, ticket_id).await?;
    let to = transition(from, TicketStatus::PickedUp, Trigger::Pickup)?;
    // The balance settled is the one this transaction sees: a payment
    // taken or voided at another counter meanwhile means look again.
    let paid_now: i64 = sqlx::query_scalar(
        "SELECT COALESCE(SUM(CASE WHEN kind = 'refund' THEN -amount ELSE amount END), 0) FROM payments WHERE ticket_id = ? AND voided_at IS NULL",
    )
    .bind(ticket_id.to_string())
    .fetch_one(&mut *tx)
    .await?;
    if money::from_minor(paid_now, cur) != before.paid {
        return Err(Error::invalid_state(
            "ticket_changed",
            "the ticket's payments changed at another counter: look at the balance again",
        ));
    }
    if !before.quote.is_empty() {
        let series = Series {
            prefix: profile.invoice_prefix.clone(),
            branch: profile.branch_code.clone(),
            counter: profile.counter_code.clone(),
            year: calendar::calendar(db).await?.local_date(ctx.now).year(),
        };
        let number = next_number(&mut tx, &series).await?;
        let invoice_id = crate::domain::new_id();
        let t = &before.totals;
        sqlx::query(
            "INSERT INTO invoices (id, number, ticket_id, subtotal, base, tax, total, tax_rate, tax_inclusive, currency, issued_by, issued_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(invoice_id.to_string())
        .bind(&number)
        .bind(ticket_id.to_string())
        .bind(money::to_minor(t.subtotal, cur))
        .bind(money::to_minor(t.base, cur))
        .bind(money::to_minor(t.tax, cur))
        .bind(money::to_minor(t.total, cur))
        .bind(profile.tax_rate.to_string())
        .bind(profile.prices_include_tax)
        .bind(cur.code())
        .bind(ctx.staff_id.to_string())
        .bind(ts(ctx.now))
        .execute(&mut *tx)
        .await?;
        for (i, l) in before.quote.iter().enumerate() {
            sqlx::query(
                "INSERT INTO invoice_lines (id, invoice_id, position, kind, description, qty, unit_price, discount, amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(crate::domain::new_id().to_string())
            .bind(invoice_id.to_string())
            .bind(i as i64)
            .bind(l.kind.as_str())
            .bind(&l.description)
            .bind(l.qty.to_string())
            .bind(money::to_minor(l.unit_price, cur))
            .bind(money::to_minor(l.discount, cur))
            .bind(money::to_minor(l.amount(cur), cur))
            .execute(&mut *tx)
            .await?;
        }
        let data = serde_json::json!({ "invoice_id": invoice_id, "number": number, "total": t.total.to_string() });
        append_event(&mut tx, ctx, ticket_id, "invoice", None, None, data).await?;
    }
    let mut payment = None;
    if balance > Decimal::ZERO {
        payment = Some(
            insert_payment(
                &mut tx,
                ctx,
                ticket_id,
                "settlement",
                input.method,
                balance,
                tendered,
                cur,
            )
            .await?,
        );
    } else if balance < Decimal::ZERO {
        payment = Some(
            insert_payment(
                &mut tx,
                ctx,
                ticket_id,
                "refund",
                input.method,
                -balance,
                None,
                cur,
            )
            .await?,
        );
    }
    append_event(
        &mut tx,
        ctx,
        ticket_id,
        "status",
        Some((from, to)),
        note.as_deref(),
        serde_json::Value::Null,
    )
    .await?;
    tx.commit().await?;
    Ok(PickupResult {
        ticket: detail(db, ticket_id).await?,
        payment_id: payment.map(|p| p.to_string()),
        change: tendered
            .map(|t| t - balance.max(Decimal::ZERO))
            .unwrap_or_default(),
    })
}
