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

/// One paper row: kind, number, reason (void), NPWP and the number it
/// replaces (reissue).
pub(crate) type PaperRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

impl Paper {
    /// Follows the chain from the invoice's own number: a number is void
    /// while a void row names it; a reissue replacing it moves the live
    /// number on. Whatever order the rows arrived in (two counters' clocks
    /// differ), the chain is the same; two reissues of one number (made
    /// apart) follow the first in the rows' order.
    pub(crate) fn of(own: &str, rows: &[PaperRow]) -> Paper {
        let mut p = Paper {
            number: own.to_string(),
            ..Paper::default()
        };
        for _ in 0..=rows.len() {
            p.void_reason = rows
                .iter()
                .find(|r| r.0 == "void" && r.1 == p.number)
                .and_then(|r| r.2.clone());
            if p.void_reason.is_none() {
                break;
            }
            let Some(next) = rows
                .iter()
                .find(|r| r.0 == "reissue" && r.4.as_deref() == Some(p.number.as_str()))
            else {
                break;
            };
            p.earlier
                .push(std::mem::replace(&mut p.number, next.1.clone()));
            p.buyer_tax_id = next.3.clone();
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
    let rows: Vec<PaperRow> = sqlx::query_as(
        "SELECT kind, number, reason, buyer_tax_id, replaces FROM service_order_invoice_papers WHERE invoice_id = ? ORDER BY at, rowid",
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
    (buyer_tax_id, replaces): (Option<&str>, Option<&str>),
) -> Result<()> {
    sqlx::query(
        "INSERT INTO service_order_invoice_papers (id, invoice_id, kind, number, replaces, reason, buyer_tax_id, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(crate::domain::new_id().to_string())
    .bind(invoice.to_string())
    .bind(kind)
    .bind(number)
    .bind(replaces)
    .bind(reason)
    .bind(buyer_tax_id)
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut **tx)
    .await?;
    let data = serde_json::json!({ "invoice_id": invoice, "number": number, "replaces": replaces, "buyer_tax_id": buyer_tax_id });
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
        (None, None),
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
        (buyer.as_deref(), Some(paper.number.as_str())),
    )
    .await?;
    tx.commit().await?;
    super::detail(db, ctx.now, order).await
}

#[cfg(test)]
mod tests {
    use super::{Paper, PaperRow};

    fn void(number: &str) -> PaperRow {
        (
            "void".into(),
            number.into(),
            Some("salah nama".into()),
            None,
            None,
        )
    }

    fn reissue(number: &str, replaces: &str) -> PaperRow {
        let npwp = Some("01.234.567.8-901.000".to_string());
        (
            "reissue".into(),
            number.into(),
            None,
            npwp,
            Some(replaces.into()),
        )
    }

    #[test]
    fn the_live_number_follows_the_chain_whatever_the_clocks() {
        assert_eq!(Paper::of("INV-1", &[]).number, "INV-1");
        let voided = Paper::of("INV-1", &[void("INV-1")]);
        assert_eq!(
            (voided.number.as_str(), voided.void_reason.as_deref()),
            ("INV-1", Some("salah nama"))
        );
        let again = Paper::of("INV-1", &[void("INV-1"), reissue("INV-7", "INV-1")]);
        assert_eq!(again.number, "INV-7");
        assert_eq!(again.void_reason, None);
        assert_eq!(again.earlier, ["INV-1"]);
        assert!(again.buyer_tax_id.is_some());
        // The reissue made at a counter whose clock is behind sorts first:
        // the chain is the same.
        let skewed = Paper::of("INV-1", &[reissue("INV-7", "INV-1"), void("INV-1")]);
        assert_eq!(
            (skewed.number.as_str(), skewed.void_reason),
            ("INV-7", None)
        );
        let twice = Paper::of(
            "INV-1",
            &[
                void("INV-1"),
                reissue("INV-7", "INV-1"),
                void("INV-7"),
                reissue("INV-9", "INV-7"),
            ],
        );
        assert_eq!((twice.number.as_str(), twice.earlier.len()), ("INV-9", 2));
        // A void of a number that is not live changes nothing.
        let stray = Paper::of("INV-1", &[void("INV-3")]);
        assert_eq!((stray.number.as_str(), stray.void_reason), ("INV-1", None));
    }
}
