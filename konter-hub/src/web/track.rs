//! The service tracking page: the tracking code (from the intake receipt's
//! QR or typed) and the last four digits of the customer's phone open the
//! ticket for two hours; the page shows the device, its status in plain
//! words, the promised date, a quote waiting for the customer's decision
//! (with approve and refuse), what is still to pay, and when it is ready.
//! A service order's code opens its own page the same way (`service`); the
//! quote's forms and the decision are in `quote`.

use super::html::{
    self, cookie, esc, field, page, respond, set_cookie, t, tf, ClientAddr, Lang, PageLang,
};
use super::keys::{self, SESSION_SECONDS};
use super::shop::{self, form_nonce, shop_face, with_cookie, FORM_COOKIE};
use super::ticket::{self, clean_code, quote_totals, SESSION_COOKIE};
use crate::{Hub, HubError};
use axum::extract::{Form, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use konter::domain::money;
use konter::domain::repairs::ticket::TicketStatus;
use konter::domain::web::phone_ends_with;
use rust_decimal::Decimal;
use serde::Deserialize;
use uuid::Uuid;

fn lookup_body(lang: Lang, shop: Uuid, token: &str, code: &str, error: Option<&str>) -> String {
    let notice = error
        .map(|e| {
            format!(
                "<p class=\"notice bad\" id=\"lookup-error\" role=\"alert\">{}</p>",
                esc(t(lang, &format!("error.{e}")))
            )
        })
        .unwrap_or_default();
    format!(
        "<p>{intro}</p>{notice}<form class=\"card\" method=\"post\" action=\"/s/{shop}/t\" id=\"lookup-form\">\
<input type=\"hidden\" name=\"csrf\" value=\"{token}\">{code}{digits}\
<button type=\"submit\" id=\"lookup-submit\">{submit}</button></form>",
        intro = esc(t(lang, "track.intro")),
        code = field(lang, "code", "text", code, None, "autocomplete=\"off\" autocapitalize=\"characters\" maxlength=\"20\" required"),
        digits = field(lang, "digits", "text", "", None, "inputmode=\"numeric\" autocomplete=\"off\" maxlength=\"4\" pattern=\"[0-9]{4}\" required"),
        submit = esc(t(lang, "track.open")),
    )
}

pub(super) async fn lookup_page(
    hub: &Hub,
    shop: Uuid,
    headers: &HeaderMap,
    pl: &PageLang,
    code: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, HubError> {
    let face = shop_face(hub, shop).await?;
    let Some(key) = hub.web.keys.page_key(&hub.pool, shop).await? else {
        return Ok(html::not_found(pl));
    };
    let (nonce, set) = form_nonce(hub, headers, shop);
    let body = lookup_body(pl.lang, shop, &keys::form_token(&key, &nonce), code, error);
    let html = page(pl.lang, &face.name, t(pl.lang, "track.title"), &body);
    Ok(with_cookie(respond(status, pl, html), set))
}

/// GET /s/{shop}/t: the form for a tracking code and the phone's digits.
pub(crate) async fn lookup_form(
    State(hub): State<Hub>,
    Path(shop): Path<String>,
    headers: HeaderMap,
    pl: PageLang,
) -> Result<Response, HubError> {
    let Some((shop, _)) = shop::known(&hub, &shop).await? else {
        return Ok(html::not_found(&pl));
    };
    lookup_page(&hub, shop, &headers, &pl, "", None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub(crate) struct LookupForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    digits: String,
}

/// POST /s/{shop}/t: the code and digits checked; a wrong code and wrong
/// digits get the same answer, and both count against the address.
pub(crate) async fn lookup(
    State(hub): State<Hub>,
    Path(shop): Path<String>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    pl: PageLang,
    Form(f): Form<LookupForm>,
) -> Result<Response, HubError> {
    let Some((shop, key)) = shop::known(&hub, &shop).await? else {
        return Ok(html::not_found(&pl));
    };
    let nonce = cookie(&headers, FORM_COOKIE).unwrap_or("");
    if !keys::form_token_valid(&key, nonce, &f.csrf) {
        return lookup_page(
            &hub,
            shop,
            &headers,
            &pl,
            "",
            Some("form_expired"),
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    // A try of this address and of this code, taken before the lookup.
    let tries = [
        super::limit::address_key(addr),
        format!("t:{shop}:{}", clean_code(&f.code).unwrap_or_default()),
    ];
    if !hub.web.limiter.reserve(&tries) {
        return lookup_page(
            &hub,
            shop,
            &headers,
            &pl,
            "",
            Some("too_many"),
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    let typed = f.code.chars().take(20).collect::<String>();
    let found = match clean_code(&f.code) {
        Some(code) => {
            let row: Option<(String, Option<String>)> = sqlx::query_as(
                "SELECT t.id, c.phone FROM rows.tickets t LEFT JOIN rows.customers c ON c._shop = t._shop AND c.id = t.customer_id
                 WHERE t._shop = $1 AND t.tracking_code = $2",
            )
            .bind(shop)
            .bind(&code)
            .fetch_optional(&hub.pool)
            .await?;
            // Not a ticket's: a service order's code opens its page alike.
            let row = match row {
                Some(r) => Some(r),
                None => super::service::for_code(&hub, shop, &code).await?,
            };
            if row.is_none() {
                // No such code: its try goes back (the address's stays).
                hub.web.limiter.refund(&tries[1..]);
            }
            row.filter(|(_, phone)| {
                phone
                    .as_deref()
                    .is_some_and(|p| phone_ends_with(p, &f.digits))
            })
            .map(|(id, _)| (id, code))
        }
        None => None,
    };
    let Some((ticket, code)) = found else {
        return lookup_page(
            &hub,
            shop,
            &headers,
            &pl,
            &typed,
            Some("no_match"),
            StatusCode::OK,
        )
        .await;
    };
    hub.web.limiter.refund(&tries);
    let expires = Utc::now().timestamp() + SESSION_SECONDS;
    let session = keys::session(&key, &ticket, expires);
    let mut resp = Redirect::to(&format!("/s/{shop}/t/{code}")).into_response();
    let c = set_cookie(
        SESSION_COOKIE,
        &session,
        &format!("/s/{shop}"),
        SESSION_SECONDS,
        hub.public.secure_cookies,
    );
    resp.headers_mut().append(
        header::SET_COOKIE,
        c.parse().map_err(|_| HubError::internal("cookie"))?,
    );
    Ok(resp)
}

fn local(at: &str, tz: chrono_tz::Tz) -> String {
    DateTime::parse_from_rfc3339(at)
        .map(|d| d.with_timezone(&tz).format("%d-%m-%Y %H:%M %Z").to_string())
        .unwrap_or_default()
}

/// GET /s/{shop}/t/{code}: the ticket, for the session that opened it;
/// anyone else gets the lookup form with the code filled in.
pub(crate) async fn show(
    State(hub): State<Hub>,
    Path((shop, code)): Path<(String, String)>,
    headers: HeaderMap,
    pl: PageLang,
) -> Result<Response, HubError> {
    let Some((shop, key)) = shop::known(&hub, &shop).await? else {
        return Ok(html::not_found(&pl));
    };
    let Some(ticket) = ticket::in_session(&hub, shop, &key, &headers, &code).await? else {
        if let Some(order) = super::service::in_session(&hub, shop, &key, &headers, &code).await? {
            let face = shop_face(&hub, shop).await?;
            let body = super::service::body(pl.lang, face.tz, &order, Utc::now());
            let html = page(pl.lang, &face.name, t(pl.lang, "so.title"), &body);
            return Ok(respond(StatusCode::OK, &pl, html));
        }
        let typed = clean_code(&code).unwrap_or_default();
        return lookup_page(&hub, shop, &headers, &pl, &typed, None, StatusCode::OK).await;
    };
    let face = shop_face(&hub, shop).await?;
    let lang = pl.lang;
    let (nonce, set) = form_nonce(&hub, &headers, shop);
    let token = keys::form_token(&key, &nonce);
    let totals = quote_totals(&face, &ticket);
    let paid = ticket.paid;
    let balance = totals.total - paid;
    let fmt = |d: Decimal| money::format(d, ticket.currency);
    let mut body = String::new();
    body.push_str(&format!(
        "<p id=\"greeting\">{}</p>",
        tf(lang, "track.hello", &[("name", &ticket.first_name)])
    ));
    let status_word = t(lang, &format!("status.{}", ticket.status.as_str()));
    let tone = match ticket.status {
        TicketStatus::ReadyForPickup | TicketStatus::ReturnedUnrepaired => "ok",
        TicketStatus::AwaitingApproval => "warn",
        TicketStatus::Cancelled => "bad",
        _ => "",
    };
    body.push_str(&format!(
        "<div class=\"card\"><dl><dt>{}</dt><dd id=\"device\">{}</dd><dt>{}</dt><dd id=\"status\" class=\"{}\" data-status=\"{}\">{}</dd>",
        esc(t(lang, "track.device")),
        esc(&ticket.device),
        esc(t(lang, "track.status")),
        tone,
        ticket.status.as_str(),
        esc(status_word),
    ));
    if let Some(p) = ticket.promised.filter(|_| !ticket.status.is_closed()) {
        body.push_str(&format!(
            "<dt>{}</dt><dd id=\"promised\">{}</dd>",
            esc(t(lang, "track.promised")),
            p.format("%d-%m-%Y")
        ));
    }
    body.push_str("</dl></div>");
    if ticket.status.is_collectable() {
        let key = if balance > Decimal::ZERO {
            "track.ready_pay"
        } else {
            "track.ready"
        };
        body.push_str(&format!(
            "<p class=\"notice ok\" id=\"ready\">{}</p>",
            tf(lang, key, &[("amount", &fmt(balance))])
        ));
    }
    if ticket.status == TicketStatus::AwaitingApproval {
        body.push_str(&super::quote::quote_section(
            shop, &token, lang, &ticket, &code, &totals,
        ));
    } else if !ticket.lines.is_empty() && totals.total > Decimal::ZERO {
        body.push_str(&format!(
            "<div class=\"card\"><dl><dt>{}</dt><dd id=\"total\">{}</dd><dt>{}</dt><dd id=\"paid\">{}</dd><dt>{}</dt><dd id=\"balance\">{}</dd></dl></div>",
            esc(t(lang, "track.total")),
            esc(&fmt(totals.total)),
            esc(t(lang, "track.paid")),
            esc(&fmt(paid)),
            esc(t(lang, "track.balance")),
            esc(&fmt(balance.max(Decimal::ZERO))),
        ));
    }
    body.push_str(&format!(
        "<h2>{}</h2><ol class=\"timeline\" id=\"timeline\">",
        esc(t(lang, "track.timeline"))
    ));
    for (to, at) in &ticket.events {
        let Some(st) = TicketStatus::parse(to).ok() else {
            continue;
        };
        body.push_str(&format!(
            "<li data-status=\"{}\">{}<time>{}</time></li>",
            st.as_str(),
            esc(t(lang, &format!("status.{}", st.as_str()))),
            esc(&local(at, face.tz)),
        ));
    }
    body.push_str("</ol>");
    let html = page(lang, &face.name, t(lang, "track.title"), &body);
    Ok(with_cookie(respond(StatusCode::OK, &pl, html), set))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_cleaned_like_typed() {
        assert_eq!(clean_code(" k7qm-4txa ").as_deref(), Some("K7QM-4TXA"));
        assert_eq!(clean_code(""), None);
        assert_eq!(clean_code("K7QM 4TXA"), None);
        assert_eq!(clean_code(&"A".repeat(21)), None);
        assert_eq!(clean_code("<script>"), None);
    }

    #[test]
    fn every_status_has_plain_words_in_both_languages() {
        for s in TicketStatus::ALL {
            let key = format!("status.{}", s.as_str());
            for lang in [Lang::Id, Lang::En] {
                assert_ne!(t(lang, &key), key, "{key} in {lang:?}");
            }
        }
    }
}
