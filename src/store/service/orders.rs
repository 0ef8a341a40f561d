//! A service order made from the requirements discussed, its confirmation
//! revised (each change a new revision, the old ones kept), the customer's
//! acceptance of the newest revision (signed at the counter or by reply on
//! a channel), and a cancellation before the work starts.

use super::{read, step, ServiceOrder};
use crate::domain::money;
use crate::domain::service::{ServiceChannel, ServiceScope, Trigger};
use crate::domain::shop::numbering::Series;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::repairs::tickets::next_number;
use crate::store::{shop, shop::calendar, ts, Ctx, Db, Tx};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewServiceOrder {
    pub customer_id: String,
    pub channel: ServiceChannel,
    pub scope: ServiceScope,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RevisionInput {
    pub scope: ServiceScope,
    /// Why the confirmation changes (printed on the new revision).
    pub reason: String,
}

/// How the customer accepted a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AcceptedHow {
    /// Signed at the counter on the signature pad.
    Signature,
    Whatsapp,
    Email,
    Phone,
}

impl AcceptedHow {
    pub fn as_str(self) -> &'static str {
        match self {
            AcceptedHow::Signature => "signature",
            AcceptedHow::Whatsapp => "whatsapp",
            AcceptedHow::Email => "email",
            AcceptedHow::Phone => "phone",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AcceptanceInput {
    /// The revision the customer saw: accepting an older one is refused.
    pub revision: u32,
    pub how: AcceptedHow,
    pub signer: String,
    /// The reply's reference (a chat's date and sender, an email's
    /// subject); required unless signed.
    pub reference: Option<String>,
    /// The signature pad's PNG, base64 (signed only).
    pub signature_png: Option<String>,
}

/// Writes one revision with its totals at the shop's rate.
async fn write_revision(
    tx: &mut Tx,
    ctx: &Ctx,
    order: Uuid,
    revision: u32,
    scope: &ServiceScope,
    reason: Option<&str>,
    profile: &crate::domain::shop::ShopProfile,
) -> Result<()> {
    let cur = profile.currency;
    let t = scope.totals(profile.tax_rate, profile.prices_include_tax, cur);
    money::try_to_minor(t.total, cur)
        .map_err(|_| Error::validation("lines", "too_large", "the order's total is too large"))?;
    sqlx::query(
        "INSERT INTO service_order_revisions (id, order_id, revision, scope, subtotal, base, tax, total, tax_rate, tax_inclusive, reason, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(crate::domain::new_id().to_string())
    .bind(order.to_string())
    .bind(revision)
    .bind(serde_json::to_string(scope).unwrap_or_default())
    .bind(money::to_minor(t.subtotal, cur))
    .bind(money::to_minor(t.base, cur))
    .bind(money::to_minor(t.tax, cur))
    .bind(money::to_minor(t.total, cur))
    .bind(profile.tax_rate.to_string())
    .bind(profile.prices_include_tax)
    .bind(reason)
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn create(db: &Db, ctx: &Ctx, input: NewServiceOrder) -> Result<ServiceOrder> {
    ctx.require(Action::SetQuote)?;
    let customer = crate::store::parse_id("customer_id", &input.customer_id)?;
    crate::store::customers::get(db, customer)
        .await
        .map_err(|_| Error::validation("customer_id", "unknown_customer", "choose a customer"))?;
    let profile = shop::profile(db).await?;
    let scope = input.scope.checked(profile.currency)?;
    let year = calendar::calendar(db).await?.local_date(ctx.now).year();
    let mut tx = db.begin().await?;
    let number = next_number(&mut tx, &Series::of_shop("PJ", &profile, year)).await?;
    let confirmation = next_number(&mut tx, &Series::of_shop("KP", &profile, year)).await?;
    let tracking = crate::store::repairs::tickets::unique_tracking_code(&mut tx).await?;
    let id = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO service_orders (id, number, confirmation, tracking_code, customer_id, channel, status, revision, currency, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'proposed', 1, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(&number)
    .bind(&confirmation)
    .bind(&tracking)
    .bind(customer.to_string())
    .bind(input.channel.as_str())
    .bind(profile.currency.code())
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .bind(ts(ctx.now))
    .execute(&mut *tx)
    .await?;
    write_revision(&mut tx, ctx, id, 1, &scope, None, &profile).await?;
    let data = serde_json::json!({ "number": number, "confirmation": confirmation, "tracking_code": tracking, "customer_id": customer, "channel": input.channel, "revision": 1, "title": scope.title });
    super::event(&mut tx, ctx, id, "created", None, None, data).await?;
    tx.commit().await?;
    read::detail(db, ctx.now, id).await
}

/// A changed confirmation: the next revision, which the customer accepts
/// again; the earlier ones and their acceptances stay as they were.
pub async fn revise(db: &Db, ctx: &Ctx, id: Uuid, input: RevisionInput) -> Result<ServiceOrder> {
    ctx.require(Action::SetQuote)?;
    let profile = shop::profile(db).await?;
    let before = read::detail(db, ctx.now, id).await?;
    if before.currency != profile.currency {
        return Err(Error::invalid_state(
            "currency_changed",
            "the shop's currency changed since this order was made",
        ));
    }
    let scope = input.scope.checked(profile.currency)?;
    let reason = check::required("reason", &input.reason, 500)?;
    if scope == before.scope {
        return Err(Error::validation(
            "scope",
            "unchanged",
            "nothing changed: no new revision",
        ));
    }
    let mut tx = db.begin().await?;
    keeps_what_happened(&mut tx, id, &before.scope, &scope, &profile).await?;
    let revision: u32 = sqlx::query_scalar("SELECT revision + 1 FROM service_orders WHERE id = ?")
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await?;
    let data = serde_json::json!({ "revision": revision, "title": scope.title });
    step(
        &mut tx,
        ctx,
        id,
        Trigger::Revise,
        "revised",
        Some(&reason),
        data,
    )
    .await?;
    sqlx::query("UPDATE service_orders SET revision = ? WHERE id = ?")
        .bind(revision)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    write_revision(&mut tx, ctx, id, revision, &scope, Some(&reason), &profile).await?;
    tx.commit().await?;
    read::detail(db, ctx.now, id).await
}

/// A revision may not undo what already happened: its totals never fall
/// below what was invoiced (no credit note yet), a milestone with progress
/// or an invoice keeps its place, title and share, and the down payment's
/// share stays once the work started (the instalments build on it).
async fn keeps_what_happened(
    tx: &mut Tx,
    id: Uuid,
    old: &ServiceScope,
    new: &ServiceScope,
    profile: &crate::domain::shop::ShopProfile,
) -> Result<()> {
    let cur = profile.currency;
    let (base, tax, started): (i64, i64, Option<String>) = sqlx::query_as(
        "SELECT (SELECT COALESCE(SUM(base), 0) FROM service_order_invoices WHERE order_id = o.id),
                (SELECT COALESCE(SUM(tax), 0) FROM service_order_invoices WHERE order_id = o.id), o.started_at
         FROM service_orders o WHERE o.id = ?",
    )
    .bind(id.to_string())
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| Error::not_found("service_order"))?;
    let t = new.totals(profile.tax_rate, profile.prices_include_tax, cur);
    if t.base < money::from_minor(base, cur) || t.tax < money::from_minor(tax, cur) {
        return Err(Error::validation(
            "lines",
            "below_invoiced",
            "less than what was already invoiced",
        ));
    }
    if started.is_some() && new.deposit_percent != old.deposit_percent {
        return Err(Error::validation(
            "deposit_percent",
            "deposit_fixed",
            "the work has started on this down payment",
        ));
    }
    let touched: Vec<(i64, bool)> = sqlx::query_as(
        "SELECT milestone, 1 FROM service_order_invoices WHERE order_id = ?1 AND kind = 'milestone'
         UNION SELECT milestone, 0 FROM service_order_updates WHERE order_id = ?1",
    )
    .bind(id.to_string())
    .fetch_all(&mut **tx)
    .await?;
    for (k, invoiced) in touched {
        let i = k as usize - 1;
        let (Some(was), now) = (old.milestones.get(i), new.milestones.get(i)) else {
            continue;
        };
        let kept = now.is_some_and(|n| {
            n.title == was.title && (!invoiced || n.pay_percent == was.pay_percent)
        });
        if !kept {
            return Err(Error::validation(
                &format!("milestones.{i}.title"),
                "milestone_started",
                "this milestone has progress or an invoice: keep it as it is",
            ));
        }
    }
    Ok(())
}

/// The customer accepts the newest revision. A first acceptance confirms
/// the order and invoices the down payment the terms ask for; an accepted
/// change lets the work go on under it.
pub async fn accept(db: &Db, ctx: &Ctx, id: Uuid, input: AcceptanceInput) -> Result<ServiceOrder> {
    ctx.require(Action::RecordDecision)?;
    let signer = check::required("signer", &input.signer, 100)?;
    let reference = check::optional("reference", input.reference.as_deref(), 300)?;
    let png = match (input.how, input.signature_png.as_deref()) {
        (AcceptedHow::Signature, Some(s)) if !s.trim().is_empty() => {
            Some(crate::store::field::work::signature_png(s)?)
        }
        (AcceptedHow::Signature, _) => {
            return Err(Error::validation(
                "signature_png",
                "required",
                "the customer signs on the pad",
            ))
        }
        (_, Some(s)) if !s.trim().is_empty() => {
            return Err(Error::validation(
                "signature_png",
                "signature_only",
                "a signature only when signed at the counter",
            ))
        }
        _ => None,
    };
    if png.is_none() && reference.is_none() {
        return Err(Error::validation(
            "reference",
            "required",
            "say which reply accepted it",
        ));
    }
    let mut tx = db.begin().await?;
    let (current, revision_id, started): (u32, String, Option<String>) = sqlx::query_as(
        "SELECT o.revision, r.id, o.started_at FROM service_orders o
         JOIN service_order_revisions r ON r.order_id = o.id AND r.revision = o.revision WHERE o.id = ?",
    )
    .bind(id.to_string())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| Error::not_found("service_order"))?;
    if input.revision != current {
        return Err(Error::validation(
            "revision",
            "stale_revision",
            format!("revision {current} is the newest: show the customer that one"),
        ));
    }
    let data = serde_json::json!({ "revision": current, "how": input.how, "signer": signer, "reference": reference });
    step(
        &mut tx,
        ctx,
        id,
        Trigger::Accept,
        "accepted_confirmation",
        None,
        data,
    )
    .await?;
    sqlx::query(
        "INSERT INTO service_order_acceptances (revision_id, order_id, how, signer, reference, png, recorded_by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&revision_id)
    .bind(id.to_string())
    .bind(input.how.as_str())
    .bind(&signer)
    .bind(&reference)
    .bind(&png)
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE service_orders SET accepted_revision = ? WHERE id = ?")
        .bind(current)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    if started.is_none() {
        super::billing::deposit_in(db, &mut tx, ctx, id).await?;
    }
    tx.commit().await?;
    read::detail(db, ctx.now, id).await
}

/// Cancels an order before its work starts, with the reason.
pub async fn cancel(db: &Db, ctx: &Ctx, id: Uuid, reason: &str) -> Result<ServiceOrder> {
    ctx.require(Action::CancelOrder)?;
    let reason = check::required("reason", reason, 500)?;
    let mut tx = db.begin().await?;
    let paid: i64 = sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM service_order_payments WHERE order_id = ?",
    )
    .bind(id.to_string())
    .fetch_one(&mut *tx)
    .await?;
    step(
        &mut tx,
        ctx,
        id,
        Trigger::Cancel,
        "cancelled",
        Some(&reason),
        serde_json::json!({}),
    )
    .await?;
    if paid > 0 {
        // Money taken is never undone by a status: the refund is its own act.
        return Err(Error::invalid_state(
            "paid",
            "the customer has paid toward this order: refund it before cancelling",
        ));
    }
    tx.commit().await?;
    read::detail(db, ctx.now, id).await
}
