//! What returns at the counter do to warranties: an exchanged unit's
//! replacement carries on its warranty; a refunded unit's warranty under
//! that purchase ends. Inside the return's transaction.

use crate::error::Result;
use crate::store::warranty::{event, insert, NewUnit, WarrantyUnit, UNIT};
use crate::store::{Ctx, Tx};
use chrono::NaiveDate;
use uuid::Uuid;

/// An exchange at the counter: the unit handed over instead of the returned
/// one carries on its warranty (same start, same policy), and the returned
/// unit's history says it was replaced.
pub(crate) async fn register_exchange(
    tx: &mut Tx,
    ctx: &Ctx,
    order_id: Uuid,
    returned: &str,
    replacement: &str,
) -> Result<()> {
    let old: Option<WarrantyUnit> =
        sqlx::query_as(&format!("{UNIT} WHERE w.order_id = ? AND w.serial = ?"))
            .bind(order_id.to_string())
            .bind(returned)
            .fetch_optional(&mut **tx)
            .await?;
    let Some(old) = old else {
        return Ok(());
    };
    let ids: (Option<String>, Option<String>) =
        sqlx::query_as("SELECT product_id, customer_id FROM warranties WHERE id = ?")
            .bind(old.id.to_string())
            .fetch_one(&mut **tx)
            .await?;
    let p = old.purchase()?;
    let unit = NewUnit {
        serial: replacement.to_string(),
        product_id: ids.0,
        sku: old.sku.clone(),
        product_name: old.product_name.clone(),
        brand: old.brand.clone(),
        invoice_number: old.invoice_number.clone(),
        sold_on: NaiveDate::parse_from_str(&old.sold_on, "%Y-%m-%d").unwrap_or(p.start),
        start: p.start,
        store_months: old.store_months,
        maker_months: old.maker_months,
        kind: old.kind.clone(),
        customer_id: ids.1,
        customer_name: old.customer_name.clone(),
        customer_phone: old.customer_phone.clone(),
        order_id: Some(order_id.to_string()),
        source: "replacement",
        replaces: Some(old.id),
    };
    // The replacement may be a unit this invoice already covered (returned
    // earlier on the same order): its record carries on, no second one.
    let known: Option<String> =
        sqlx::query_scalar("SELECT id FROM warranties WHERE serial = ? AND invoice_number = ?")
            .bind(replacement)
            .bind(&old.invoice_number)
            .fetch_optional(&mut **tx)
            .await?;
    let id = match known {
        Some(id) => crate::store::parse_id("id", &id)?,
        None => insert(tx, ctx, &unit).await?,
    };
    let data =
        serde_json::json!({ "replacement": replacement, "replacement_id": id, "exchange": true });
    event(tx, ctx, old.id, "replaced", None, &data).await
}

/// A unit refunded at the counter: its warranty under this order ends
/// (the history says so; a later sale of the unit starts a new one).
pub(crate) async fn mark_returned(
    tx: &mut Tx,
    ctx: &Ctx,
    order_id: Uuid,
    serial: &str,
    rma: &str,
) -> Result<()> {
    let id: Option<String> =
        sqlx::query_scalar("SELECT id FROM warranties WHERE order_id = ? AND serial = ?")
            .bind(order_id.to_string())
            .bind(serial)
            .fetch_optional(&mut **tx)
            .await?;
    match id {
        Some(id) => {
            let data = serde_json::json!({ "rma": rma });
            event(
                tx,
                ctx,
                crate::store::parse_id("id", &id)?,
                "returned",
                None,
                &data,
            )
            .await
        }
        None => Ok(()),
    }
}
