//! The quote on the tracking page: the lines and totals with approve and
//! refuse forms (bound to the visitor's cookie and the total shown), and
//! the decision kept as a request for the counter, where the ticket's
//! state machine carries it out.

use super::html::{self, cookie, esc, t, Lang, PageLang};
use super::keys;
use super::shop::{self, FORM_COOKIE};
use super::ticket::{self, clean_code, Ticket};
use super::track::lookup_page;
use crate::{Hub, HubError};
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use konter::domain::money;
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::totals::Totals;
use konter::domain::web::{QuoteAnswer, RequestKind};
use rust_decimal::Decimal;
use serde::Deserialize;
use uuid::Uuid;

/// The quote with its approve and refuse forms (`token`: the form token
/// for the visitor's cookie), or the decision already sent.
pub(super) fn quote_section(
    shop: Uuid,
    token: &str,
    lang: Lang,
    ticket: &Ticket,
    code: &str,
    totals: &Totals,
) -> String {
    let fmt = |d: Decimal| money::format(d, ticket.currency);
    let mut s = format!(
        "<div class=\"card\" id=\"quote\"><h2>{}</h2><table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        esc(t(lang, "track.quote")),
        esc(t(lang, "track.item")),
        esc(t(lang, "track.qty")),
        esc(t(lang, "track.amount")),
    );
    for l in &ticket.lines {
        s.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&l.description),
            l.qty.normalize(),
            esc(&fmt(l.amount(ticket.currency))),
        ));
    }
    s.push_str(&format!(
        "</tbody></table><dl><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd id=\"quote-total\">{}</dd></dl>",
        esc(t(lang, "track.subtotal")),
        esc(&fmt(totals.subtotal)),
        esc(t(lang, "track.tax")),
        esc(&fmt(totals.tax)),
        esc(t(lang, "track.total")),
        esc(&fmt(totals.total)),
    ));
    // A decision already sent waits for the counter; the last one refused
    // (the quote changed meanwhile) is said.
    match &ticket.last_decision {
        Some((None, _, approved)) => {
            let approved = *approved;
            s.push_str(&format!(
                "<p class=\"notice\" id=\"decision-sent\">{}</p></div>",
                esc(t(
                    lang,
                    if approved {
                        "track.sent_approved"
                    } else {
                        "track.sent_refused"
                    }
                ))
            ));
            return s;
        }
        Some((Some(false), code, _)) => {
            let code = code.clone().unwrap_or_default();
            let key = if code == "quote_changed" {
                "track.quote_changed"
            } else {
                "track.decision_refused"
            };
            s.push_str(&format!(
                "<p class=\"notice warn\" id=\"decision-refused\">{}</p>",
                esc(t(lang, key))
            ));
        }
        _ => {}
    }
    let total_minor = money::to_minor(totals.total, ticket.currency);
    let action = format!("/s/{shop}/t/{}/decision", esc(code));
    s.push_str(&format!(
        "<p>{}</p><div class=\"actions\">\
<form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"csrf\" value=\"{token}\"><input type=\"hidden\" name=\"total\" value=\"{total_minor}\"><input type=\"hidden\" name=\"decision\" value=\"approve\"><button type=\"submit\" id=\"approve\">{}</button></form>\
<form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"csrf\" value=\"{token}\"><input type=\"hidden\" name=\"total\" value=\"{total_minor}\"><input type=\"hidden\" name=\"decision\" value=\"refuse\"><button type=\"submit\" class=\"secondary\" id=\"refuse\">{}</button></form>\
</div></div>",
        esc(t(lang, "track.decide")),
        esc(t(lang, "track.approve")),
        esc(t(lang, "track.refuse")),
    ));
    s
}

#[derive(Deserialize)]
pub(crate) struct DecisionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    total: String,
}

/// POST /s/{shop}/t/{code}/decision: the customer's answer to the quote,
/// kept as a request for the counter (the ticket's state machine decides
/// there); one open decision per ticket.
pub(crate) async fn decide(
    State(hub): State<Hub>,
    Path((shop, code)): Path<(String, String)>,
    headers: HeaderMap,
    pl: PageLang,
    Form(f): Form<DecisionForm>,
) -> Result<Response, HubError> {
    let Some((shop, key)) = shop::known(&hub, &shop).await? else {
        return Ok(html::not_found(&pl));
    };
    let nonce = cookie(&headers, FORM_COOKIE).unwrap_or("");
    let Some(ticket) = ticket::in_session(&hub, shop, &key, &headers, &code).await? else {
        let typed = clean_code(&code).unwrap_or_default();
        return lookup_page(
            &hub,
            shop,
            &headers,
            &pl,
            &typed,
            Some("session_expired"),
            StatusCode::FORBIDDEN,
        )
        .await;
    };
    if !keys::form_token_valid(&key, nonce, &f.csrf) {
        return lookup_page(
            &hub,
            shop,
            &headers,
            &pl,
            &ticket_code(&code),
            Some("form_expired"),
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let approved = match f.decision.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => return Ok((StatusCode::BAD_REQUEST, t(pl.lang, "error.malformed")).into_response()),
    };
    let Ok(total_minor) = f.total.trim().parse::<i64>() else {
        return Ok((StatusCode::BAD_REQUEST, t(pl.lang, "error.malformed")).into_response());
    };
    if ticket.status == TicketStatus::AwaitingApproval {
        let ticket_id = Uuid::parse_str(&ticket.id).map_err(|_| HubError::internal("ticket id"))?;
        let payload = serde_json::to_value(QuoteAnswer {
            ticket_id,
            approved,
            total_minor,
        })
        .map_err(|e| HubError::internal(e.to_string()))?;
        super::requests::take(
            &hub,
            shop,
            RequestKind::QuoteDecision,
            &ticket.id,
            payload,
            None,
        )
        .await?;
    }
    Ok(Redirect::to(&format!("/s/{shop}/t/{}", ticket_code(&code))).into_response())
}

fn ticket_code(code: &str) -> String {
    clean_code(code).unwrap_or_default()
}
