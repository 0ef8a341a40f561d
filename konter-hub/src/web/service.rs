//! A service order on the tracking page (issue 17): the code printed on the
//! order confirmation and the phone's last four digits open it like a
//! ticket (the same form, the same session). The customer sees the order's
//! status in plain words, each milestone's progress and the shop's last
//! note, when they were last told, what was invoiced and paid, and the
//! support period's days left. Read in one query, for the session only.

use super::html::{esc, t, tf, Lang};
use super::keys;
use super::ticket::{clean_code, SESSION_COOKIE};
use crate::{Hub, HubError};
use axum::http::HeaderMap;
use chrono::{DateTime, NaiveDate, Utc};
use konter::domain::money::{self, Currency};
use konter::domain::service::order::ServiceStatus;
use konter::domain::service::terms::{support_days_left, ServiceScope};
use konter::domain::web::first_name;
use rust_decimal::Decimal;
use uuid::Uuid;

/// One milestone as the page shows it.
pub(crate) struct MilestoneView {
    pub title: String,
    pub planned_on: String,
    pub progress: u32,
    pub note: Option<String>,
}

pub(crate) struct Order {
    pub number: String,
    pub title: String,
    pub status: ServiceStatus,
    pub first_name: String,
    pub currency: Currency,
    /// The accepted revision's total (the newest one while none is).
    pub total: Decimal,
    pub invoiced: Decimal,
    pub paid: Decimal,
    pub milestones: Vec<MilestoneView>,
    pub last_update_at: Option<String>,
    pub support_ends_on: Option<NaiveDate>,
    /// (status moved to, at) from the order's history.
    pub events: Vec<(String, String)>,
}

type Row = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

const ORDER: &str = "SELECT o.id, o.number, o.status, o.currency, c.name, o.last_update_at, o.revision, o.accepted_revision,
   (SELECT json_agg(json_build_array(r.revision, r.scope, r.total) ORDER BY r.revision)
      FROM rows.service_order_revisions r WHERE r._shop = o._shop AND r.order_id = o.id)::text,
   (SELECT json_agg(json_build_array(u.milestone, u.progress, u.note) ORDER BY u.at, u.id)
      FROM rows.service_order_updates u WHERE u._shop = o._shop AND u.order_id = o.id)::text,
   (SELECT SUM(i.total)::bigint FROM rows.service_order_invoices i WHERE i._shop = o._shop AND i.order_id = o.id),
   (SELECT SUM(p.amount)::bigint FROM rows.service_order_payments p WHERE p._shop = o._shop AND p.order_id = o.id),
   (SELECT json_agg(json_build_array(e.to_status, e.at) ORDER BY e.at, e.id)
      FROM rows.service_order_events e WHERE e._shop = o._shop AND e.order_id = o.id AND e.to_status IS NOT NULL)::text,
   o.support_ends_on
 FROM rows.service_orders o LEFT JOIN rows.customers c ON c._shop = o._shop AND c.id = o.customer_id
 WHERE o._shop = $1 AND o.tracking_code = $2 AND o.id = $3";

/// The order holding `code` and its customer's phone, for the lookup.
pub(crate) async fn for_code(
    hub: &Hub,
    shop: Uuid,
    code: &str,
) -> Result<Option<(String, Option<String>)>, HubError> {
    Ok(sqlx::query_as(
        "SELECT o.id, c.phone FROM rows.service_orders o LEFT JOIN rows.customers c ON c._shop = o._shop AND c.id = o.customer_id
         WHERE o._shop = $1 AND o.tracking_code = $2",
    )
    .bind(shop)
    .bind(code)
    .fetch_optional(&hub.pool)
    .await?)
}

/// The order the visitor's session opened with `code`, if it is one.
pub(crate) async fn in_session(
    hub: &Hub,
    shop: Uuid,
    key: &[u8; 32],
    headers: &HeaderMap,
    code: &str,
) -> Result<Option<Order>, HubError> {
    let Some(session) = super::html::cookie(headers, SESSION_COOKIE)
        .and_then(|c| keys::session_ticket(key, c, Utc::now().timestamp()))
    else {
        return Ok(None);
    };
    let Some(code) = clean_code(code) else {
        return Ok(None);
    };
    let row: Option<Row> = sqlx::query_as(ORDER)
        .bind(shop)
        .bind(&code)
        .bind(&session)
        .fetch_optional(&hub.pool)
        .await?;
    Ok(row.and_then(parse))
}

fn parse(row: Row) -> Option<Order> {
    let (
        _,
        number,
        status,
        cur,
        name,
        last,
        revision,
        accepted,
        revs,
        updates,
        invoiced,
        paid,
        events,
        support,
    ) = row;
    let currency = cur
        .and_then(|c| Currency::parse(&c).ok())
        .unwrap_or(Currency::IDR);
    let json = |t: Option<String>| -> Vec<serde_json::Value> {
        t.and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    };
    let revs = json(revs);
    // The revision the customer agreed to; the newest while none is.
    let wanted = accepted.or(revision);
    let rev = revs
        .iter()
        .find(|r| r[0].as_i64() == wanted)
        .or(revs.last())?;
    let scope: ServiceScope = serde_json::from_str(rev[1].as_str()?).ok()?;
    let updates = json(updates);
    let milestones = scope
        .milestones
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let last = updates
                .iter()
                .rev()
                .find(|u| u[0].as_i64() == Some(k as i64 + 1));
            MilestoneView {
                title: m.title.clone(),
                planned_on: m.planned_on.clone(),
                progress: last.and_then(|u| u[1].as_i64()).unwrap_or(0) as u32,
                note: last.and_then(|u| u[2].as_str()).map(str::to_string),
            }
        })
        .collect();
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    Some(Order {
        number: number.unwrap_or_default(),
        title: scope.title.clone(),
        status: ServiceStatus::parse(status.as_deref()?).ok()?,
        first_name: first_name(name.as_deref().unwrap_or("")).to_string(),
        currency,
        total: money::from_minor(rev[2].as_i64().unwrap_or(0), currency),
        invoiced: money::from_minor(invoiced.unwrap_or(0), currency),
        paid: money::from_minor(paid.unwrap_or(0), currency),
        milestones,
        last_update_at: last,
        support_ends_on: support.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        events: json(events)
            .iter()
            .map(|e| (text(&e[0]), text(&e[1])))
            .collect(),
    })
}

fn local(at: &str, tz: chrono_tz::Tz) -> String {
    DateTime::parse_from_rfc3339(at)
        .map(|d| d.with_timezone(&tz).format("%d-%m-%Y %H:%M %Z").to_string())
        .unwrap_or_default()
}

fn local_day(d: &str) -> String {
    NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .map(|d| d.format("%d-%m-%Y").to_string())
        .unwrap_or_else(|_| d.to_string())
}

/// The page's body for the order, in `lang`, at `now` in the shop's zone.
pub(crate) fn body(lang: Lang, tz: chrono_tz::Tz, o: &Order, now: DateTime<Utc>) -> String {
    let fmt = |d: Decimal| money::format(d, o.currency);
    let status = o.status.as_str();
    let tone = match o.status {
        ServiceStatus::Accepted => "ok",
        ServiceStatus::Proposed | ServiceStatus::ChangeProposed => "warn",
        ServiceStatus::Cancelled => "bad",
        _ => "",
    };
    let mut b = format!(
        "<p id=\"greeting\">{}</p><div class=\"card\"><dl><dt>{}</dt><dd id=\"order-number\">{}</dd><dt>{}</dt><dd id=\"order-title\">{}</dd>\
<dt>{}</dt><dd id=\"status\" class=\"{tone}\" data-status=\"{status}\">{}</dd>",
        tf(lang, "track.hello", &[("name", &o.first_name)]),
        esc(t(lang, "so.order")),
        esc(&o.number),
        esc(t(lang, "so.work")),
        esc(&o.title),
        esc(t(lang, "track.status")),
        esc(t(lang, &format!("so.status.{status}"))),
    );
    if let Some(at) = &o.last_update_at {
        b.push_str(&format!(
            "<dt>{}</dt><dd id=\"last-update\">{}</dd>",
            esc(t(lang, "so.last_update")),
            esc(&local(at, tz))
        ));
    }
    b.push_str("</dl></div>");
    if matches!(
        o.status,
        ServiceStatus::Proposed | ServiceStatus::ChangeProposed
    ) {
        b.push_str(&format!(
            "<p class=\"notice warn\" id=\"awaiting\">{}</p>",
            esc(t(lang, "so.awaiting"))
        ));
    }
    if !o.milestones.is_empty() {
        b.push_str(&format!(
            "<div class=\"card\"><h2>{}</h2><table id=\"milestones\"><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
            esc(t(lang, "so.milestones")),
            esc(t(lang, "so.milestone")),
            esc(t(lang, "so.planned")),
            esc(t(lang, "so.progress")),
            esc(t(lang, "so.note")),
        ));
        for (k, m) in o.milestones.iter().enumerate() {
            b.push_str(&format!(
                "<tr data-milestone=\"{}\" data-progress=\"{}\"><td>{}</td><td>{}</td><td class=\"n\">{} %</td><td>{}</td></tr>",
                k + 1,
                m.progress,
                esc(&m.title),
                esc(&local_day(&m.planned_on)),
                m.progress,
                esc(m.note.as_deref().unwrap_or("")),
            ));
        }
        b.push_str("</tbody></table></div>");
    }
    b.push_str(&format!(
        "<div class=\"card\"><dl><dt>{}</dt><dd id=\"order-total\">{}</dd><dt>{}</dt><dd id=\"invoiced\">{}</dd><dt>{}</dt><dd id=\"paid\">{}</dd><dt>{}</dt><dd id=\"balance\">{}</dd></dl></div>",
        esc(t(lang, "so.total")),
        esc(&fmt(o.total)),
        esc(t(lang, "so.invoiced")),
        esc(&fmt(o.invoiced)),
        esc(t(lang, "track.paid")),
        esc(&fmt(o.paid)),
        esc(t(lang, "so.balance")),
        esc(&fmt((o.invoiced - o.paid).max(Decimal::ZERO))),
    ));
    if let Some(ends) = o.support_ends_on {
        let left = support_days_left(now.with_timezone(&tz).date_naive(), Some(ends));
        let key = if left > 0 {
            "so.support_left"
        } else {
            "so.support_over"
        };
        b.push_str(&format!(
            "<p class=\"notice\" id=\"support\" data-days-left=\"{left}\">{}</p>",
            tf(
                lang,
                key,
                &[
                    ("date", &ends.format("%d-%m-%Y").to_string()),
                    ("days", &left.to_string())
                ]
            )
        ));
    }
    b.push_str(&format!(
        "<h2>{}</h2><ol class=\"timeline\" id=\"timeline\">",
        esc(t(lang, "track.timeline"))
    ));
    for (to, at) in &o.events {
        let Ok(st) = ServiceStatus::parse(to) else {
            continue;
        };
        b.push_str(&format!(
            "<li data-status=\"{}\">{}<time>{}</time></li>",
            st.as_str(),
            esc(t(lang, &format!("so.status.{}", st.as_str()))),
            esc(&local(at, tz)),
        ));
    }
    b.push_str("</ol>");
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_status_has_plain_words_in_both_languages() {
        for s in ServiceStatus::ALL {
            let key = format!("so.status.{}", s.as_str());
            for lang in [Lang::Id, Lang::En] {
                assert_ne!(t(lang, &key), key, "{key} in {lang:?}");
            }
        }
    }
}
