//! The stock side of a return: the returned unit checked as the one sold on
//! the order, the returned goods back on the shelf (or kept aside when not
//! sellable), and the replacement unit handed over in an exchange.

use crate::error::{Error, Result};
use crate::store::sales::catalog::insert_move;
use crate::store::{ts, Ctx, Tx};
use uuid::Uuid;

/// The returned goods: sellable ones back in stock, others kept aside.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn back_into_stock(
    tx: &mut Tx,
    ctx: &Ctx,
    line: &crate::store::sales::detail::OrderLine,
    serial: Option<&str>,
    qty: i64,
    sellable: bool,
    branch: &str,
    order_id: Uuid,
) -> Result<()> {
    if let Some(s) = serial {
        sqlx::query("UPDATE units SET status = ?, order_id = NULL, updated_at = ? WHERE product_id = ? AND serial = ?")
            .bind(if sellable { "in_stock" } else { "returned" })
            .bind(ts(ctx.now))
            .bind(line.product_id.to_string())
            .bind(s)
            .execute(&mut **tx)
            .await?;
    }
    if sellable {
        insert_move(
            tx,
            ctx,
            line.product_id,
            branch,
            qty,
            "return",
            serial,
            Some(order_id),
            None,
        )
        .await?;
    }
    Ok(())
}

/// The replacement unit of an exchange: ours, this product, in stock.
pub(crate) async fn hand_replacement(
    tx: &mut Tx,
    ctx: &Ctx,
    line: &crate::store::sales::detail::OrderLine,
    serial: &str,
    branch: &str,
    order_id: Uuid,
) -> Result<()> {
    let unit: Option<(String, String)> = sqlx::query_as(
        "SELECT id, status FROM units WHERE product_id = ? AND serial = ? AND branch = ?",
    )
    .bind(line.product_id.to_string())
    .bind(serial)
    .bind(branch)
    .fetch_optional(&mut **tx)
    .await?;
    match unit {
        None => Err(Error::validation(
            "replacement_serial",
            "serial_not_ours",
            "not a unit of this product in our stock",
        )),
        Some((_, st)) if st != "in_stock" => Err(Error::validation(
            "replacement_serial",
            "serial_not_in_stock",
            "this unit is not in stock",
        )),
        Some((id, _)) => {
            sqlx::query(
                "UPDATE units SET status = 'sold', order_id = ?, updated_at = ? WHERE id = ?",
            )
            .bind(order_id.to_string())
            .bind(ts(ctx.now))
            .bind(id)
            .execute(&mut **tx)
            .await?;
            insert_move(
                tx,
                ctx,
                line.product_id,
                branch,
                -1,
                "sale",
                Some(serial),
                Some(order_id),
                Some("exchange"),
            )
            .await
        }
    }
}

/// The returned unit: sold on this order and still with the customer (not
/// returned since, not resold to someone else).
pub(crate) async fn unit_out_on_order(
    tx: &mut crate::store::Tx,
    line: &crate::store::sales::detail::OrderLine,
    serial: &str,
    order_id: Uuid,
) -> Result<String> {
    let s = crate::domain::sales::catalog::check_serial("serial", serial)?;
    let not_sold = || {
        Error::validation(
            "serial",
            "serial_not_on_order",
            "this unit was not sold on this order",
        )
    };
    if !line.serials.contains(&s) {
        return Err(not_sold());
    }
    let unit: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT status, order_id FROM units WHERE product_id = ? AND serial = ?")
            .bind(line.product_id.to_string())
            .bind(&s)
            .fetch_optional(&mut **tx)
            .await?;
    match unit {
        Some((st, Some(o))) if st == "sold" && o == order_id.to_string() => Ok(s),
        Some(_) => Err(Error::validation(
            "serial",
            "serial_already_returned",
            "this unit was already returned",
        )),
        None => Err(not_sold()),
    }
}
