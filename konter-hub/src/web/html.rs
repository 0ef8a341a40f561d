//! What every page shares: the message catalogs (Bahasa Indonesia first,
//! English), the language chosen, HTML escaping, the layout and its one
//! stylesheet, cookies, and the client's address.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    Id,
    En,
}

impl Lang {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}

type Catalog = HashMap<String, String>;

pub(crate) fn catalogs() -> &'static (Catalog, Catalog) {
    static C: OnceLock<(Catalog, Catalog)> = OnceLock::new();
    C.get_or_init(|| {
        let id = serde_json::from_str(include_str!("../../messages/id.json"))
            .expect("messages/id.json is a flat JSON object");
        let en = serde_json::from_str(include_str!("../../messages/en.json"))
            .expect("messages/en.json is a flat JSON object");
        (id, en)
    })
}

/// The text of `key` in `lang` (the key itself if a catalog lacks it, which
/// the catalog test forbids).
pub(crate) fn t(lang: Lang, key: &str) -> &'static str {
    let (id, en) = catalogs();
    let c = match lang {
        Lang::Id => id,
        Lang::En => en,
    };
    match c.get(key) {
        Some(v) => v.as_str(),
        None => Box::leak(key.to_string().into_boxed_str()),
    }
}

/// `t` with `{name}` replaced by each value, escaped.
pub(crate) fn tf(lang: Lang, key: &str, values: &[(&str, &str)]) -> String {
    let mut s = esc(t(lang, key));
    for (k, v) in values {
        s = s.replace(&format!("{{{k}}}"), &esc(v));
    }
    s
}

pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The value of cookie `name`, if sent.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, for the shop's pages.
pub(crate) fn set_cookie(
    name: &str,
    value: &str,
    path: &str,
    max_age: i64,
    secure: bool,
) -> String {
    format!(
        "{name}={value}; Path={path}; Max-Age={max_age}; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The page's language: `?lang=` (remembered in a cookie), the cookie, or
/// the browser's first choice; Bahasa Indonesia otherwise.
pub(crate) struct PageLang {
    pub lang: Lang,
    /// Chosen by `?lang=` on this request (to be remembered).
    pub chosen: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        let parse = |v: &str| match v {
            "en" => Some(Lang::En),
            "id" => Some(Lang::Id),
            _ => None,
        };
        let query = parts
            .uri
            .query()
            .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang=")))
            .and_then(parse);
        if let Some(lang) = query {
            return Ok(PageLang { lang, chosen: true });
        }
        let lang = cookie(&parts.headers, "konter_lang")
            .and_then(parse)
            .or_else(|| {
                let accept = parts.headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
                let first = accept.split(',').next()?.trim().to_ascii_lowercase();
                Some(if first.starts_with("en") {
                    Lang::En
                } else {
                    Lang::Id
                })
            })
            .unwrap_or(Lang::Id);
        Ok(PageLang {
            lang,
            chosen: false,
        })
    }
}

/// The client's address: the connection's, or behind a trusted proxy the
/// last address `X-Forwarded-For` names.
pub(crate) struct ClientAddr(pub IpAddr);

impl FromRequestParts<crate::Hub> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, hub: &crate::Hub) -> Result<Self, Infallible> {
        if hub.public.trust_proxy {
            let forwarded = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|a| a.trim().parse::<IpAddr>().ok())
                .next_back();
            if let Some(a) = forwarded {
                return Ok(ClientAddr(a));
            }
        }
        let addr = parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        Ok(ClientAddr(addr))
    }
}

/// A whole page: the shop's name on top, the language switch, the body.
pub(crate) fn page(lang: Lang, shop_name: &str, title: &str, body: &str) -> String {
    let other = match lang {
        Lang::Id => ("en", "English"),
        Lang::En => ("id", "Bahasa Indonesia"),
    };
    format!(
        "<!doctype html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"referrer\" content=\"no-referrer\">\
<title>{title} · {shop}</title><link rel=\"stylesheet\" href=\"/s/site.css\"></head>\
<body><header><span class=\"shop\">{shop}</span>\
<a class=\"lang\" id=\"lang-switch\" href=\"?lang={ocode}\" hreflang=\"{ocode}\">{oname}</a></header>\
<main><h1>{title}</h1>{body}</main><footer>{footer}</footer></body></html>",
        code = lang.code(),
        title = esc(title),
        shop = esc(shop_name),
        ocode = other.0,
        oname = other.1,
        body = body,
        footer = esc(t(lang, "footer")),
    )
}

/// A page answer, remembering a language chosen by `?lang=`.
pub(crate) fn respond(status: StatusCode, pl: &PageLang, html: String) -> Response {
    let mut resp = (status, Html(html)).into_response();
    if pl.chosen {
        if let Ok(v) = set_cookie("konter_lang", pl.lang.code(), "/s", 365 * 86400, false).parse() {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

/// The answer for a shop or page that does not exist.
pub(crate) fn not_found(pl: &PageLang) -> Response {
    let body = format!(
        "<p class=\"notice\">{}</p>",
        esc(t(pl.lang, "not_found.text"))
    );
    respond(
        StatusCode::NOT_FOUND,
        pl,
        page(pl.lang, "Konter", t(pl.lang, "not_found.title"), &body),
    )
}

/// An input with its label, value and the error shown next to it.
pub(crate) fn field(
    lang: Lang,
    name: &str,
    kind: &str,
    value: &str,
    error: Option<&str>,
    extra: &str,
) -> String {
    let err = error
        .map(|code| {
            format!(
                "<span class=\"error\" id=\"error-{name}\" data-error-for=\"{name}\">{}</span>",
                esc(t(lang, &format!("error.{code}")))
            )
        })
        .unwrap_or_default();
    let invalid = if error.is_some() {
        " aria-invalid=\"true\""
    } else {
        ""
    };
    format!(
        "<label for=\"f-{name}\">{label}</label><input id=\"f-{name}\" name=\"{name}\" type=\"{kind}\" value=\"{value}\"{invalid} {extra}>{err}",
        label = esc(t(lang, &format!("field.{name}"))),
        value = esc(value),
    )
}

pub(crate) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

const STYLE: &str = "*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2430;background:#f4f6f8}\
header{display:flex;justify-content:space-between;align-items:center;padding:12px 16px;background:#0f4c81;color:#fff}\
header .shop{font-weight:600}header a{color:#fff}\
main{max-width:560px;margin:0 auto;padding:16px}h1{font-size:1.4rem;margin:.5rem 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}\
.card{background:#fff;border-radius:8px;padding:16px;margin:12px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}\
label{display:block;font-weight:600;margin:12px 0 4px}input,select{width:100%;padding:10px;font-size:1rem;border:1px solid #9aa5b1;border-radius:6px}\
input[aria-invalid=true]{border-color:#b3261e}.error{display:block;color:#b3261e;font-size:.9rem;margin-top:4px}\
button{margin-top:16px;padding:12px 18px;font-size:1rem;border:0;border-radius:6px;background:#0f4c81;color:#fff;cursor:pointer}\
button.secondary{background:#fff;color:#0f4c81;border:1px solid #0f4c81}.actions{display:flex;gap:12px;flex-wrap:wrap}.actions form{margin:0}\
.notice{padding:12px;border-radius:6px;background:#e8f0fe}.ok{background:#e6f4ea;color:#0d652d}.bad{background:#fce8e6;color:#a50e0e}.warn{background:#fef7e0;color:#7a4f01}\
ol.timeline{list-style:none;padding:0;margin:0}ol.timeline li{padding:6px 0 6px 20px;border-left:3px solid #0f4c81;margin-left:6px}ol.timeline time{display:block;color:#5f6b7a;font-size:.85rem}\
table{width:100%;border-collapse:collapse}td,th{padding:6px 4px;text-align:left;border-bottom:1px solid #e3e7eb}td.n,th.n{text-align:right}\
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:0}dt{color:#5f6b7a}dd{margin:0;font-weight:600}\
footer{max-width:560px;margin:24px auto;padding:0 16px;color:#5f6b7a;font-size:.85rem}";
