//! Voiding and reissuing a visit's invoice, as for orders: an admin voids
//! the live one with a reason (it keeps its number and prints VOID), and a
//! reissue copies the voided invoice's lines and totals under the next
//! number of the same series, optionally with the buyer's NPWP. What the
//! customer owes never changes here: this is paper, not money.

use crate::domain::money::{self, Currency};
use crate::domain::shop::numbering::Series;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::field::billing::{bill, VisitBill};
use crate::store::{shop, shop::calendar, shop::outbox, ts, Ctx, Db};
use chrono::Datelike;
use uuid::Uuid;

/// Voids the visit's live invoice with a reason; the number stays used.
pub async fn void(db: &Db, ctx: &Ctx, visit: Uuid, reason: &str) -> Result<VisitBill> {
    ctx.require(Action::VoidInvoice)?;
    let reason = check::required("reason", reason, 500)?;
    let mut tx = db.begin().await?;
    let live: Option<(String, String)> = sqlx::query_as(
        "SELECT id, number FROM visit_invoices WHERE visit_id = ? AND voided_at IS NULL",
    )
    .bind(visit.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let (id, number) =
        live.ok_or_else(|| Error::invalid_state("no_invoice", "this visit has no live invoice"))?;
    sqlx::query(
        "UPDATE visit_invoices SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?",
    )
    .bind(ts(ctx.now))
    .bind(ctx.staff_id.to_string())
    .bind(&reason)
    .bind(&id)
    .execute(&mut *tx)
    .await?;
    let before = serde_json::json!({ "visit_id": visit, "number": number, "voided": false });
    let after = serde_json::json!({ "visit_id": visit, "number": number, "voided": true, "reason": reason });
    let id = crate::store::parse_id("id", &id)?;
    outbox::append_change(&mut tx, ctx, "invoice", id, "void", &before, &after).await?;
    tx.commit().await?;
    bill(db, visit).await
}

/// A new invoice for a visit whose invoice was voided: the same lines and
/// totals, the next number, and the buyer's NPWP if given.
pub async fn reissue(
    db: &Db,
    ctx: &Ctx,
    visit: Uuid,
    buyer_tax_id: Option<String>,
) -> Result<VisitBill> {
    ctx.require(Action::VoidInvoice)?;
    let buyer = crate::store::sales::orders::check_tax_id(buyer_tax_id.as_deref())?;
    let profile = shop::profile(db).await?;
    let year = calendar::calendar(db).await?.local_date(ctx.now).year();
    let mut tx = db.begin().await?;
    let (live, voided): (i64, Option<String>) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM visit_invoices WHERE visit_id = ?1 AND voided_at IS NULL),
                (SELECT id FROM visit_invoices WHERE visit_id = ?1 AND voided_at IS NOT NULL ORDER BY voided_at DESC LIMIT 1)",
    )
    .bind(visit.to_string())
    .fetch_one(&mut *tx)
    .await?;
    if live > 0 {
        return Err(Error::invalid_state(
            "invoice_live",
            "void the current invoice first",
        ));
    }
    let voided = voided
        .ok_or_else(|| Error::invalid_state("no_invoice", "this visit was never invoiced"))?;
    let series = Series::of_shop(&profile.invoice_prefix, &profile, year);
    let number = crate::store::repairs::tickets::next_number(&mut tx, &series).await?;
    let id = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO visit_invoices (id, number, visit_id, subtotal, base, tax, total, tax_rate, tax_inclusive, currency, lines, buyer_tax_id, issued_by, issued_at)
         SELECT ?, ?, visit_id, subtotal, base, tax, total, tax_rate, tax_inclusive, currency, lines, ?, ?, ? FROM visit_invoices WHERE id = ?",
    )
    .bind(id.to_string())
    .bind(&number)
    .bind(&buyer)
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .bind(&voided)
    .execute(&mut *tx)
    .await?;
    let (total, cur): (i64, String) =
        sqlx::query_as("SELECT total, currency FROM visit_invoices WHERE id = ?")
            .bind(id.to_string())
            .fetch_one(&mut *tx)
            .await?;
    let total = money::from_minor(total, Currency::parse(&cur)?);
    let payload = serde_json::json!({
        "visit_id": visit, "number": number, "total": total.to_string(), "replaces": voided, "buyer_tax_id": buyer,
    });
    outbox::append(&mut tx, ctx, "invoice", id, "issue", &payload).await?;
    tx.commit().await?;
    bill(db, visit).await
}
