//! Returns and exchanges at the showroom (RMA). A return is checked against
//! the shop's policy (`domain::returns`), then: a refund pays the line back
//! to the original method; an exchange hands over a replacement (its serial
//! scanned); a repair opens a service ticket for the unit. Sealed, unused
//! goods go back into sellable stock; others are kept aside as returned.

use crate::domain::money;
use crate::domain::payment;
use crate::domain::returns::{
    self as rules, Condition, ReturnOutcome, ReturnReason, ShippingPayer,
};
use crate::domain::sales::catalog::check_serial;
use crate::domain::sales::order::OrderStatus;
use crate::domain::shop::numbering::Series;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::repairs::tickets::{self, IntakeInput};
use crate::store::returns::stock::{back_into_stock, hand_replacement, unit_out_on_order};
use crate::store::sales::catalog::insert_move;
use crate::store::sales::orders::{append_event, detail, detail_in, OrderDetail};
use crate::store::{shop, shop::calendar, shop::outbox, shop::settings, ts, Ctx, Db};
use chrono::Datelike;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub use crate::store::returns::records::{get, of_order, ReturnRecord};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReturnInput {
    /// The order line returned.
    pub position: u32,
    /// The unit's serial (serialised products).
    pub serial: Option<String>,
    /// How many (non-serialised products; serialised: one per return).
    pub qty: String,
    pub reason: ReturnReason,
    pub condition: Condition,
    pub outcome: ReturnOutcome,
    /// Exchange of a serialised product: the replacement unit's serial.
    pub replacement_serial: Option<String>,
    /// What the customer paid the courier to send the goods back, if they
    /// were sent; the shop pays it back when the return is its own error.
    #[serde(default)]
    pub return_shipping: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ReturnResult {
    pub number: String,
    pub order: OrderDetail,
    /// Repair: the service ticket opened for the unit.
    pub ticket_id: Option<Uuid>,
    /// Goods refunded plus return shipping the shop bears.
    #[ts(type = "string | null")]
    pub refund: Option<Decimal>,
    /// Who bears the return shipping.
    pub shipping_paid_by: ShippingPayer,
}

fn as_str<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub async fn create(
    db: &Db,
    ctx: &Ctx,
    order_id: Uuid,
    input: ReturnInput,
) -> Result<ReturnResult> {
    ctx.require(Action::FulfilOrder)?;
    if input.outcome == ReturnOutcome::Refund {
        ctx.require(Action::Refund)?;
    }
    if input.outcome == ReturnOutcome::Repair {
        ctx.require(Action::TakeIn)?;
    }
    let note = check::optional("note", input.note.as_deref(), 500)?;
    let cal = calendar::calendar(db).await?;
    let policy = settings::get(db).await?.return_policy;
    let profile = shop::profile(db).await?;
    // Everything a refund rests on — the order, what was already returned,
    // where the unit is — is read inside the write transaction.
    let mut tx = db.begin().await?;
    let order = detail_in(db, &mut tx, order_id).await?;
    if !matches!(order.status, OrderStatus::PickedUp | OrderStatus::Delivered) {
        return Err(Error::invalid_state(
            "not_received",
            "the customer has not received this order",
        ));
    }
    let received_at: Option<String> =
        sqlx::query_scalar("SELECT received_at FROM orders WHERE id = ?")
            .bind(order_id.to_string())
            .fetch_one(&mut *tx)
            .await?;
    let received_at = received_at.map(|r| crate::store::parse_ts(&r)).ok_or_else(|| {
        Error::invalid_state(
            "received_unknown",
            "when the customer received this order is not known: the return window cannot be checked",
        )
    })?;
    let line = order.line(input.position)?.clone();
    let serial = match (&input.serial, line.serialised) {
        (Some(s), true) => Some(unit_out_on_order(&mut tx, &line, s, order_id).await?),
        (None, true) => {
            return Err(Error::validation(
                "serial",
                "required",
                "scan the unit's serial",
            ))
        }
        (_, false) => None,
    };
    // Refunded units are back with the shop: they cannot be returned again.
    let refunded: i64 = sqlx::query_scalar(
        "SELECT COALESCE(SUM(qty), 0) FROM returns WHERE order_id = ? AND position = ? AND outcome = 'refund'",
    )
    .bind(order_id.to_string())
    .bind(i64::from(line.position))
    .fetch_one(&mut *tx)
    .await?;
    // And never more than the customer has of the product: what left for
    // this order (a parcel that came back did not reach them; a partial
    // delivery's rest is on its backorder), less what came back.
    let has: i64 = sqlx::query_scalar(
        "SELECT -COALESCE((SELECT SUM(qty) FROM stock_moves WHERE order_id = ?1 AND product_id = ?2 AND (kind = 'sale' OR (kind = 'return' AND note = 'parcel_returned'))), 0)
              - COALESCE((SELECT SUM(qty) FROM returns WHERE order_id = ?1 AND product_id = ?2 AND outcome IN ('refund', 'exchange')), 0)",
    )
    .bind(order_id.to_string())
    .bind(line.product_id.to_string())
    .fetch_one(&mut *tx)
    .await?;
    let still_out = (line.qty - refunded).min(has);
    if still_out <= 0 {
        return Err(Error::validation(
            "qty",
            "already_returned",
            "everything on this line was already returned",
        ));
    }
    let qty: i64 = if line.serialised {
        1
    } else {
        input
            .qty
            .trim()
            .parse()
            .ok()
            .filter(|q| (1..=still_out).contains(q))
            .ok_or_else(|| Error::validation("qty", "invalid_qty", format!("1 to {still_out}")))?
    };
    let (received, today) = (cal.local_date(received_at), cal.local_date(ctx.now));
    rules::check(
        &policy,
        received,
        today,
        &cal,
        input.reason,
        input.condition,
        input.outcome,
    )
    .map_err(|r| Error::invalid_state(r.code(), r.message_id()))?;
    let replacement = match (input.outcome, line.serialised) {
        (ReturnOutcome::Exchange, true) => Some(check_serial(
            "replacement_serial",
            input.replacement_serial.as_deref().unwrap_or(""),
        )?),
        _ => None,
    };
    let payer = input.reason.shipping_payer();
    let shipping = payment::parse_optional_amount(
        "return_shipping",
        input.return_shipping.as_deref(),
        order.currency,
    )?
    .filter(|a| !a.is_zero());
    let shipping_back = shipping.filter(|_| payer == ShippingPayer::Shop);
    if shipping_back.is_some() {
        ctx.require(Action::Refund)?;
    }
    // Repair: a service ticket for the customer's unit, opened with the return.
    let repair = if input.outcome == ReturnOutcome::Repair {
        let product: (String, String) =
            sqlx::query_as("SELECT category, brand FROM products WHERE id = ?")
                .bind(line.product_id.to_string())
                .fetch_one(&mut *tx)
                .await?;
        let complaint = format!(
            "Retur {}: {}",
            order.number,
            note.clone().unwrap_or_else(|| as_str(&input.reason))
        );
        Some(IntakeInput {
            customer_id: order.customer.id.to_string(),
            device_category: product.0,
            brand: product.1,
            model: line.name.clone(),
            serial: serial.clone(),
            complaint,
            ..Default::default()
        })
    } else {
        None
    };
    let cur = order.currency;
    let goods = if input.outcome == ReturnOutcome::Refund {
        Some(crate::store::sales::credits::goods_value(&mut tx, &order, &line, qty).await?)
    } else {
        None
    };
    let refund = match (goods, shipping_back) {
        (None, None) => None,
        (g, s) => Some(g.unwrap_or_default() + s.unwrap_or_default()),
    };
    // A backorder was paid with its parent order: its refund is the
    // parent's, credited there (below) once the return is recorded.
    let backorder = crate::store::sales::credits::parent_of(&mut tx, order_id)
        .await?
        .is_some();
    let (goods, refund) = if backorder {
        (None, shipping_back)
    } else {
        (goods, refund)
    };
    // Never more back for goods than the customer paid for the order (the
    // return shipping the shop bears is a cost of its own, paid back on top).
    if goods.is_some_and(|g| g > order.paid) {
        return Err(Error::invalid_state(
            "refund_above_paid",
            "the refund would exceed what the customer paid",
        ));
    }
    let branch = profile.branch_code.clone();
    let ticket_id = match repair {
        Some(intake) => Some(tickets::intake_in(db, &mut tx, ctx, intake, None).await?),
        None => None,
    };
    let series = Series {
        prefix: "RMA".into(),
        branch: branch.clone(),
        counter: profile.counter_code.clone(),
        year: today.year(),
    };
    let number = tickets::next_number(&mut tx, &series).await?;
    let sellable =
        input.condition.seal_intact && input.condition.unused && input.condition.complete;
    if input.outcome != ReturnOutcome::Repair {
        back_into_stock(
            &mut tx,
            ctx,
            &line,
            serial.as_deref(),
            qty,
            sellable,
            &branch,
            order_id,
        )
        .await?;
    }
    // The replacement comes off the shelf: it must be there and not held
    // for another order (the returned unit, if sellable, is back already).
    if input.outcome == ReturnOutcome::Exchange
        && crate::store::sales::catalog::available(&mut tx, line.product_id, &branch).await? < qty
    {
        return Err(Error::validation(
            if line.serialised {
                "replacement_serial"
            } else {
                "qty"
            },
            "replacement_not_in_stock",
            "no replacement free on the shelf",
        ));
    }
    if let Some(rep) = &replacement {
        hand_replacement(&mut tx, ctx, &line, rep, &branch, order_id).await?;
        if let Some(returned) = &serial {
            crate::store::warranty::register_exchange(&mut tx, ctx, order_id, returned, rep)
                .await?;
        }
    } else if input.outcome == ReturnOutcome::Exchange {
        insert_move(
            &mut tx,
            ctx,
            line.product_id,
            &branch,
            -qty,
            "sale",
            None,
            Some(order_id),
            Some("exchange"),
        )
        .await?;
    }
    if let (ReturnOutcome::Refund, Some(sn)) = (input.outcome, &serial) {
        crate::store::warranty::mark_returned(&mut tx, ctx, order_id, sn, &number).await?;
    }
    if let Some(amount) = refund.filter(|a| *a > Decimal::ZERO) {
        crate::store::sales::payments::refund(&mut tx, ctx, &order, amount).await?;
    }
    let id = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO returns (id, number, order_id, position, product_id, serial, qty, reason, seal_intact, unused, complete, outcome, refund_amount, currency, replacement_serial, ticket_id, note, staff_id, at, return_shipping, shipping_paid_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(&number)
    .bind(order_id.to_string())
    .bind(i64::from(line.position))
    .bind(line.product_id.to_string())
    .bind(&serial)
    .bind(qty)
    .bind(as_str(&input.reason))
    .bind(input.condition.seal_intact)
    .bind(input.condition.unused)
    .bind(input.condition.complete)
    .bind(as_str(&input.outcome))
    .bind(goods.map(|r| money::to_minor(r, cur)))
    .bind(cur.code())
    .bind(&replacement)
    .bind(ticket_id.map(|t| t.to_string()))
    .bind(&note)
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .bind(shipping.map(|a| money::to_minor(a, cur)))
    .bind(payer.as_str())
    .execute(&mut *tx)
    .await?;
    let data = serde_json::json!({ "number": number, "serial": serial, "qty": qty, "reason": input.reason, "outcome": input.outcome, "refund": refund.map(|r| r.to_string()), "return_shipping": shipping.map(|a| a.to_string()), "shipping_paid_by": payer, "replacement": replacement, "ticket_id": ticket_id });
    outbox::append(&mut tx, ctx, "return", id, "create", &data).await?;
    append_event(
        &mut tx,
        ctx,
        order_id,
        "returned",
        None,
        note.as_deref(),
        data,
    )
    .await?;
    let refund = if backorder && input.outcome == ReturnOutcome::Refund {
        let goods = [(line.product_id, qty)];
        let reason = format!("Retur {number}");
        let parent =
            crate::store::sales::credits::credit_parent(db, &mut tx, ctx, &order, &goods, &reason)
                .await?;
        let back = parent.map(|(_, r)| r).unwrap_or_default() + refund.unwrap_or_default();
        (!back.is_zero()).then_some(back)
    } else {
        refund
    };
    tx.commit().await?;
    Ok(ReturnResult {
        number,
        order: detail(db, order_id).await?,
        ticket_id,
        refund,
        shipping_paid_by: payer,
    })
}
