//! A service order's invoice voided and reissued (issue 17), as tickets',
//! orders' and visits' are: an admin voids the printed number with a
//! reason (it stays used and prints VOID), and a reissue prints the same
//! invoice (its lines, totals and payments) under the next number of the
//! invoice series, with the buyer's NPWP if given. Paper, not money: what
//! the customer owes and has paid never changes here, and no payment is
//! taken against a voided number until it is reissued.

use crate::domain::shop::numbering::Series;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::{shop, shop::calendar, ts, Ctx, Db, Tx};
use chrono::Datelike;
use uuid::Uuid;

/// An invoice's paper as its rows say: the live number, why it is void
/// (while it is), the numbers it was printed under before, the buyer's NPWP.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Paper {
    pub number: String,
    pub void_reason: Option<String>,
    pub earlier: Vec<String>,
    pub buyer_tax_id: Option<String>,
}

impl Paper {
    /// Folds the paper rows (kind, number, reason, NPWP) in their order
    /// over the invoice's own number.
    pub(crate) fn of(
        own: &str,
        rows: &[(String, String, Option<String>, Option<String>)],
    ) -> Paper {
        let mut p = Paper {
            number: own.to_string(),
            ..Paper::default()
        };
        for (kind, number, reason, tax_id) in rows {
            if kind == "void" {
                p.void_reason = reason.clone();
            } else {
                p.earlier
                    .push(std::mem::replace(&mut p.number, number.clone()));
                p.void_reason = None;
                p.buyer_tax_id = tax_id.clone();
            }
        }
        p
    }
}

/// The paper of invoice `invoice` of order `order`, read in the transaction.
pub(crate) async fn paper_in(tx: &mut Tx, order: Uuid, invoice: Uuid) -> Result<Paper> {
    let own: String = sqlx::query_scalar(
        "SELECT number FROM service_order_invoices WHERE id = ? AND order_id = ?",
    )
    .bind(invoice.to_string())
    .bind(order.to_string())
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| {
        Error::validation(
            "invoice_id",
            "unknown_invoice",
            "not an invoice of this order",
        )
    })?;
    let rows: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT kind, number, reason, buyer_tax_id FROM service_order_invoice_papers WHERE invoice_id = ? ORDER BY at, rowid",
    )
    .bind(invoice.to_string())
    .fetch_all(&mut **tx)
    .await?;
    Ok(Paper::of(&own, &rows))
}

#[allow(clippy::too_many_arguments)]
async fn write(
    tx: &mut Tx,
    ctx: &Ctx,
    order: Uuid,
    invoice: Uuid,
    kind: &str,
    number: &str,
    reason: Option<&str>,
    buyer_tax_id: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO service_order_invoice_papers (id, invoice_id, kind, number, reason, buyer_tax_id, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(crate::domain::new_id().to_string())
    .bind(invoice.to_string())
    .bind(kind)
    .bind(number)
    .bind(reason)
    .bind(buyer_tax_id)
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut **tx)
    .await?;
    let data = serde_json::json!({ "invoice_id": invoice, "number": number, "buyer_tax_id": buyer_tax_id });
    super::event(
        tx,
        ctx,
        order,
        &format!("invoice_{kind}"),
        None,
        reason,
        data,
    )
    .await
}

/// Voids the invoice's live number with a reason; the number stays used.
pub async fn void(
    db: &Db,
    ctx: &Ctx,
    order: Uuid,
    invoice: Uuid,
    reason: &str,
) -> Result<super::ServiceOrder> {
    ctx.require(Action::VoidInvoice)?;
    let reason = check::required("reason", reason, 500)?;
    let mut tx = db.begin().await?;
    let paper = paper_in(&mut tx, order, invoice).await?;
    if paper.void_reason.is_some() {
        return Err(Error::invalid_state(
            "already_voided",
            "this invoice number is already void",
        ));
    }
    write(
        &mut tx,
        ctx,
        order,
        invoice,
        "void",
        &paper.number,
        Some(&reason),
        None,
    )
    .await?;
    tx.commit().await?;
    super::detail(db, ctx.now, order).await
}

/// The voided invoice printed again under the next number of the invoice
/// series, with the buyer's NPWP if given.
pub async fn reissue(
    db: &Db,
    ctx: &Ctx,
    order: Uuid,
    invoice: Uuid,
    buyer_tax_id: Option<String>,
) -> Result<super::ServiceOrder> {
    ctx.require(Action::VoidInvoice)?;
    let buyer = crate::store::sales::orders::check_tax_id(buyer_tax_id.as_deref())?;
    let profile = shop::profile(db).await?;
    let year = calendar::calendar(db).await?.local_date(ctx.now).year();
    let mut tx = db.begin().await?;
    let paper = paper_in(&mut tx, order, invoice).await?;
    if paper.void_reason.is_none() {
        return Err(Error::invalid_state(
            "not_voided",
            "only a voided invoice is reissued",
        ));
    }
    let series = Series::of_shop(&profile.invoice_prefix, &profile, year);
    let number = crate::store::repairs::tickets::next_number(&mut tx, &series).await?;
    write(
        &mut tx,
        ctx,
        order,
        invoice,
        "reissue",
        &number,
        None,
        buyer.as_deref(),
    )
    .await?;
    tx.commit().await?;
    super::detail(db, ctx.now, order).await
}

#[cfg(test)]
mod tests {
    use super::Paper;

    fn row(kind: &str, number: &str) -> (String, String, Option<String>, Option<String>) {
        let reason = (kind == "void").then(|| "salah nama".to_string());
        let npwp = (kind == "reissue").then(|| "01.234.567.8-901.000".to_string());
        (kind.into(), number.into(), reason, npwp)
    }

    #[test]
    fn the_live_number_follows_voids_and_reissues() {
        assert_eq!(Paper::of("INV-1", &[]).number, "INV-1");
        let voided = Paper::of("INV-1", &[row("void", "INV-1")]);
        assert_eq!(
            (voided.number.as_str(), voided.void_reason.as_deref()),
            ("INV-1", Some("salah nama"))
        );
        let again = Paper::of("INV-1", &[row("void", "INV-1"), row("reissue", "INV-7")]);
        assert_eq!(again.number, "INV-7");
        assert_eq!(again.void_reason, None);
        assert_eq!(again.earlier, ["INV-1"]);
        assert!(again.buyer_tax_id.is_some());
        let twice = Paper::of(
            "INV-1",
            &[
                row("void", "INV-1"),
                row("reissue", "INV-7"),
                row("void", "INV-7"),
            ],
        );
        assert_eq!(
            (twice.number.as_str(), twice.void_reason.is_some()),
            ("INV-7", true)
        );
    }
}
