//! The quote on a ticket and the customer's answer to it.

use crate::domain::money::{self, Currency};
use crate::domain::payment;
use crate::domain::repairs::ticket::{transition, ApprovalChannel, TicketStatus, Trigger};
use crate::domain::shop::settings::discount_above_limit;
use crate::domain::staff::permissions::{self, Action};
use crate::domain::totals::{Line, LineKind};
use crate::error::{check, Error, Result};
use crate::store::repairs::tickets::{append_event, detail, status_of, TicketDetail};
use crate::store::{shop, ts, Ctx, Db};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use ts_rs::TS;
use uuid::Uuid;

/// A quote line as typed: amounts are strings so a typo becomes a field error.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct LineInput {
    pub kind: LineKind,
    pub description: String,
    pub qty: String,
    pub unit_price: String,
    pub discount: String,
}

impl LineInput {
    pub fn parse(&self, index: usize, cur: Currency) -> Result<Line> {
        let f = |name: &str| format!("lines.{index}.{name}");
        let qty = Decimal::from_str(self.qty.trim().replace(',', ".").as_str())
            .map_err(|_| Error::validation(&f("qty"), "invalid_qty", "not a number"))?;
        let unit_price = payment::parse_amount(&f("unit_price"), &self.unit_price, cur)?;
        let discount = if self.discount.trim().is_empty() {
            Decimal::ZERO
        } else {
            payment::parse_amount(&f("discount"), &self.discount, cur)?
        };
        Line {
            kind: self.kind,
            description: self.description.clone(),
            qty,
            unit_price,
            discount,
        }
        .validate(index, cur)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct QuoteDecision {
    pub approved: bool,
    pub channel: ApprovalChannel,
    /// On refusal: the diagnosis fee to charge at pickup (empty = none).
    pub diagnosis_fee: Option<String>,
    pub note: Option<String>,
}

pub async fn lines(db: &Db, ticket_id: Uuid, cur: Currency) -> Result<Vec<Line>> {
    let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT kind, description, qty, unit_price, discount FROM quote_lines WHERE ticket_id = ? ORDER BY position",
    )
    .bind(ticket_id.to_string())
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|(kind, description, qty, price, discount)| {
            Ok(Line {
                kind: LineKind::parse(&kind)?,
                description,
                qty: Decimal::from_str(&qty).unwrap_or_default(),
                unit_price: money::from_minor(price, cur),
                discount: money::from_minor(discount, cur),
            })
        })
        .collect()
}

async fn replace_lines(
    tx: &mut crate::store::Tx,
    ticket_id: Uuid,
    lines: &[Line],
    cur: Currency,
) -> Result<()> {
    sqlx::query("DELETE FROM quote_lines WHERE ticket_id = ?")
        .bind(ticket_id.to_string())
        .execute(&mut **tx)
        .await?;
    for (i, l) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO quote_lines (id, ticket_id, position, kind, description, qty, unit_price, discount, currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(crate::domain::new_id().to_string())
        .bind(ticket_id.to_string())
        .bind(i as i64)
        .bind(l.kind.as_str())
        .bind(&l.description)
        .bind(l.qty.to_string())
        .bind(money::to_minor(l.unit_price, cur))
        .bind(money::to_minor(l.discount, cur))
        .bind(cur.code())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Sets (or revises) the quote and puts the ticket in "awaiting approval".
pub async fn set_quote(
    db: &Db,
    ctx: &Ctx,
    ticket_id: Uuid,
    input: Vec<LineInput>,
) -> Result<TicketDetail> {
    ctx.require(Action::SetQuote)?;
    let cur = shop::profile(db).await?.currency;
    if input.is_empty() {
        return Err(Error::validation(
            "lines",
            "required",
            "add at least one line",
        ));
    }
    if input.len() > 100 {
        return Err(Error::validation("lines", "too_many", "at most 100 lines"));
    }
    let lines = input
        .iter()
        .enumerate()
        .map(|(i, l)| l.parse(i, cur))
        .collect::<Result<Vec<_>>>()?;
    check_discounts(db, ctx, &lines).await?;
    // A total beyond what money can hold is refused, not stored.
    let profile = shop::profile(db).await?;
    let t =
        crate::domain::totals::compute(&lines, profile.tax_rate, profile.prices_include_tax, cur);
    crate::domain::money::check_amount("lines", t.total, cur)?;
    let mut tx = db.begin().await?;
    let from = status_of(&mut tx, ticket_id).await?;
    let to = transition(from, TicketStatus::AwaitingApproval, Trigger::QuoteSent)?;
    replace_lines(&mut tx, ticket_id, &lines, cur).await?;
    let data = serde_json::to_value(&lines).unwrap_or_default();
    append_event(
        &mut tx,
        ctx,
        ticket_id,
        "quote",
        Some((from, to)),
        None,
        data,
    )
    .await?;
    tx.commit().await?;
    detail(db, ticket_id).await
}

/// A discount above the configured share of a line's price needs an admin
/// or the owner; the refusal points at the line's discount field.
async fn check_discounts(db: &Db, ctx: &Ctx, lines: &[Line]) -> Result<()> {
    if permissions::allows(ctx.role, Action::GrantDiscount) {
        return Ok(());
    }
    let limit = crate::store::shop::settings::get(db)
        .await?
        .discount_limit_percent;
    for (i, l) in lines.iter().enumerate() {
        if discount_above_limit(l.qty * l.unit_price, l.discount, limit) {
            return Err(Error::validation(
                &format!("lines.{i}.discount"),
                "discount_above_limit",
                format!("a discount above {limit} % needs an admin or the owner"),
            ));
        }
    }
    Ok(())
}

/// Records the customer's answer: approval starts the repair, refusal sends
/// the device back unrepaired with an optional diagnosis fee as its only line.
pub async fn decide(db: &Db, ctx: &Ctx, ticket_id: Uuid, d: QuoteDecision) -> Result<TicketDetail> {
    ctx.require(Action::RecordDecision)?;
    let cur = shop::profile(db).await?.currency;
    let note = check::optional("note", d.note.as_deref(), 1000)?;
    let fee = if d.approved {
        None
    } else {
        payment::parse_optional_amount("diagnosis_fee", d.diagnosis_fee.as_deref(), cur)?
            .filter(|f| !f.is_zero())
    };
    let mut tx = db.begin().await?;
    let from = status_of(&mut tx, ticket_id).await?;
    let (to, decision) = if d.approved {
        (
            transition(from, TicketStatus::InRepair, Trigger::QuoteApproved)?,
            "approved",
        )
    } else {
        (
            transition(
                from,
                TicketStatus::ReturnedUnrepaired,
                Trigger::QuoteRefused,
            )?,
            "refused",
        )
    };
    if !d.approved {
        let fee_lines: Vec<Line> = fee
            .map(|f| Line {
                kind: LineKind::Fee,
                description: "Biaya pemeriksaan (diagnosis)".into(),
                qty: Decimal::ONE,
                unit_price: f,
                discount: Decimal::ZERO,
            })
            .into_iter()
            .collect();
        replace_lines(&mut tx, ticket_id, &fee_lines, cur).await?;
    }
    sqlx::query("UPDATE tickets SET quote_decision = ?, updated_at = ? WHERE id = ?")
        .bind(decision)
        .bind(ts(ctx.now))
        .bind(ticket_id.to_string())
        .execute(&mut *tx)
        .await?;
    let data = serde_json::json!({ "decision": decision, "channel": d.channel, "diagnosis_fee": fee.map(|f| f.to_string()) });
    append_event(
        &mut tx,
        ctx,
        ticket_id,
        "quote_decision",
        Some((from, to)),
        note.as_deref(),
        data,
    )
    .await?;
    tx.commit().await?;
    detail(db, ticket_id).await
}
