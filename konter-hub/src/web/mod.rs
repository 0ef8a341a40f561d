//! The shop's public face (issue 14), served by the hub: the service
//! tracking page (with the quote decision), the payment confirmation form,
//! the warranty card check, the web store's webhook, and the endpoints its
//! devices take the resulting requests from.
//!
//! Pages are server-rendered HTML in Bahasa Indonesia or English, with one
//! stylesheet and no script. Every answer carries a strict CSP and the usual
//! hardening headers; every form carries a token bound to a cookie; lookups
//! answer a wrong code and wrong digits alike and are limited per address;
//! a customer's page shows their first name and nothing else of theirs.

mod card;
mod html;
mod keys;
mod limit;
mod pay;
mod quote;
pub(crate) mod requests;
mod service;
mod shop;
mod ticket;
mod track;
mod woo;

use crate::Hub;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

pub(crate) use keys::Keys;
pub(crate) use limit::Limiter;
pub(crate) use shop::Faces;

/// The public pages' settings, from the hub's environment.
#[derive(Debug, Clone, Default)]
pub struct PublicConfig {
    /// Behind a reverse proxy: the client's address is the last hop of
    /// `X-Forwarded-For` (`KONTER_HUB_TRUST_PROXY=1`).
    pub trust_proxy: bool,
    /// Cookies only over HTTPS (`KONTER_HUB_SECURE_COOKIES=1`; set it when
    /// the proxy serves the pages over TLS).
    pub secure_cookies: bool,
}

impl PublicConfig {
    pub fn from_env() -> PublicConfig {
        let on = |k: &str| std::env::var(k).is_ok_and(|v| v == "1");
        PublicConfig {
            trust_proxy: on("KONTER_HUB_TRUST_PROXY"),
            secure_cookies: on("KONTER_HUB_SECURE_COOKIES"),
        }
    }
}

/// The largest form body read: a proof above its own limit (2 MiB) is still
/// read to the end up to here, so the customer is told why beside the field.
const MAX_FORM: usize = 8 * 1024 * 1024;
/// The largest body of the other forms (a code and four digits, a decision).
const MAX_SMALL_FORM: usize = 16 * 1024;
/// The largest webhook body taken.
const MAX_WEBHOOK: usize = 1024 * 1024;

pub(crate) fn routes() -> Router<Hub> {
    let pages = Router::new()
        .route("/s/site.css", get(html::stylesheet))
        .route("/s/{shop}/t", get(track::lookup_form).post(track::lookup))
        .route("/s/{shop}/t/{code}", get(track::show))
        .route("/s/{shop}/t/{code}/decision", post(quote::decide))
        .route("/s/{shop}/w/{card}", get(card::check))
        .layer(DefaultBodyLimit::max(MAX_SMALL_FORM))
        .layer(axum::middleware::from_fn(hardened));
    let upload = Router::new()
        .route("/s/{shop}/pay", get(pay::form).post(pay::submit))
        .layer(DefaultBodyLimit::max(MAX_FORM))
        .layer(axum::middleware::from_fn(hardened));
    let hooks = Router::new()
        .route("/s/{shop}/woo", post(woo::webhook))
        .layer(DefaultBodyLimit::max(MAX_WEBHOOK))
        .layer(axum::middleware::from_fn(hardened));
    let devices = Router::new()
        .route("/v1/requests/claim", post(requests::claim))
        .route("/v1/requests/settle", post(requests::settle))
        .route("/v1/proofs/{id}", get(requests::proof));
    pages.merge(upload).merge(hooks).merge(devices)
}

/// The headers every public answer carries.
pub(crate) const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

async fn hardened(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: header::HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CSP);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(
        h,
        header::HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    set(
        h,
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    resp
}
