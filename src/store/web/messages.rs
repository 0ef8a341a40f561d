//! A prepared WhatsApp message from a ticket or an order: the template (the
//! owner's wording, else the catalog's the counter passes in), its names
//! filled from the record, and the wa.me link to the customer's number.

use crate::domain::money;
use crate::domain::web::messages::{fill, whatsapp_link, MessageKind};
use crate::error::{Error, Result};
use crate::store::repairs::ticket_detail;
use crate::store::{sales, shop, Db};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PrepareMessage {
    pub kind: MessageKind,
    /// The ticket's or order's id.
    pub id: String,
    /// The catalog's text in the counter's language, used when the owner
    /// has not worded this message.
    pub fallback: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PreparedMessage {
    pub text: String,
    pub link: String,
}

pub async fn prepare(db: &Db, input: &PrepareMessage) -> Result<PreparedMessage> {
    let id = crate::store::parse_id("id", &input.id)?;
    let own = super::get(db)
        .await?
        .templates
        .into_iter()
        .find(|t| t.kind == input.kind)
        .map(|t| t.text);
    let template = match own {
        Some(t) => t,
        None => crate::domain::web::messages::check_template("fallback", &input.fallback)?,
    };
    let profile = shop::profile(db).await?;
    use crate::domain::web::messages::Subject;
    let (phone, values) = match input.kind.subject() {
        Subject::Ticket => ticket_values(db, id, &profile.name).await?,
        Subject::Order => order_values(db, id, &profile.name).await?,
        Subject::ServiceOrder => service_values(db, id, &profile.name).await?,
    };
    let text = fill(&template, &values);
    Ok(PreparedMessage {
        link: whatsapp_link(&phone, &text)?,
        text,
    })
}

async fn ticket_values(
    db: &Db,
    id: Uuid,
    shop: &str,
) -> Result<(String, Vec<(&'static str, String)>)> {
    let t = ticket_detail::detail(db, id).await?;
    let link = super::tracking_link(db, &t.tracking_code)
        .await?
        .unwrap_or_default();
    let device = [t.brand.as_str(), t.model.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let amount = money::format(t.balance.max(rust_decimal::Decimal::ZERO), t.currency);
    let values = vec![
        ("name", t.customer.name.clone()),
        ("shop", shop.to_string()),
        ("number", t.number.clone()),
        ("device", device),
        ("link", link),
        ("code", t.tracking_code.clone()),
        ("amount", amount),
        ("due", t.promised_date.clone()),
    ];
    Ok((t.customer.phone, values))
}

async fn order_values(
    db: &Db,
    id: Uuid,
    shop: &str,
) -> Result<(String, Vec<(&'static str, String)>)> {
    let o = sales::orders::detail(db, id).await?;
    let due = o
        .pay_by
        .as_deref()
        .and_then(|p| chrono::DateTime::parse_from_rfc3339(p).ok())
        .map(|d| d.format("%d-%m-%Y %H:%M").to_string())
        .unwrap_or_default();
    let amount = if o.balance > rust_decimal::Decimal::ZERO {
        o.balance
    } else {
        o.totals.total
    };
    let values = vec![
        ("name", o.customer.name.clone()),
        ("shop", shop.to_string()),
        ("number", o.number.clone()),
        ("amount", money::format(amount, o.currency)),
        ("tracking", o.tracking.clone().unwrap_or_default()),
        ("due", due),
    ];
    if o.customer.phone.is_empty() {
        return Err(Error::validation(
            "phone",
            "invalid_phone",
            "the customer has no phone",
        ));
    }
    Ok((o.customer.phone, values))
}

/// A service order's newest progress: "1. Penarikan kabel: 100% — the note".
async fn service_values(
    db: &Db,
    id: Uuid,
    shop: &str,
) -> Result<(String, Vec<(&'static str, String)>)> {
    let o = crate::store::service::detail(db, chrono::Utc::now(), id).await?;
    let phone: String = sqlx::query_scalar("SELECT phone FROM customers WHERE id = ?")
        .bind(o.customer_id.to_string())
        .fetch_one(&db.pool)
        .await?;
    let newest: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT milestone, progress, note FROM service_order_updates WHERE order_id = ? ORDER BY at DESC, rowid DESC LIMIT 1",
    )
    .bind(id.to_string())
    .fetch_optional(&db.pool)
    .await?;
    let (k, progress, note) = newest
        .ok_or_else(|| Error::invalid_state("no_progress", "no progress has been recorded yet"))?;
    let title = o
        .milestones
        .get(k as usize - 1)
        .map(|m| m.title.clone())
        .unwrap_or_default();
    let values = vec![
        ("name", o.customer_name.clone()),
        ("shop", shop.to_string()),
        ("number", o.number.clone()),
        ("progress", format!("{k}. {title}: {progress}% — {note}")),
        (
            "amount",
            money::format(o.balance.max(rust_decimal::Decimal::ZERO), o.currency),
        ),
    ];
    Ok((phone, values))
}
