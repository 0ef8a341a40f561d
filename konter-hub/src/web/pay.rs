//! The payment confirmation form (seed 002: "Konfirmasi Pembayaran"): the
//! order number with the e-mail or phone it was placed with, the bank, the
//! account's name, the amount, the transfer date and the proof (JPEG, PNG or
//! PDF, 2 MiB at most, its type read from its bytes). It reaches the counter
//! as the transfer confirmation that puts the order on hold until an admin
//! verifies it against the statement.

use super::html::{self, cookie, esc, field, page, respond, t, tf, ClientAddr, Lang, PageLang};
use super::keys;
use super::requests::{take_with, Proof};
use super::shop::{self, form_nonce, shop_face, with_cookie, FORM_COOKIE};
use crate::{Hub, HubError};
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{NaiveDate, Utc};
use konter::domain::money::Currency;
use konter::domain::web::{proof, RequestKind, TransferForm};
use konter::domain::{payment, phone};
use std::collections::HashMap;
use uuid::Uuid;

/// An order as the form finds it: id, status, currency, placed, and its
/// customer's phone and e-mail.
type OrderRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The form's text fields, in order.
const FIELDS: [&str; 6] = [
    "order",
    "contact",
    "bank",
    "account_name",
    "amount",
    "paid_on",
];

fn form_body(
    lang: Lang,
    shop: Uuid,
    token: &str,
    values: &HashMap<String, String>,
    errors: &HashMap<&'static str, &'static str>,
) -> String {
    let v = |k: &str| values.get(k).map(String::as_str).unwrap_or("");
    let e = |k: &str| errors.get(k).copied();
    let mut s = format!(
        "<p>{}</p>{}<form class=\"card\" method=\"post\" action=\"/s/{shop}/pay\" enctype=\"multipart/form-data\" id=\"pay-form\">\
<input type=\"hidden\" name=\"csrf\" value=\"{token}\">",
        esc(t(lang, "pay.intro")),
        e("form")
            .map(|c| format!("<p class=\"notice bad\" id=\"pay-error\" role=\"alert\">{}</p>", esc(t(lang, &format!("error.{c}")))))
            .unwrap_or_default(),
    );
    let kinds = [
        (
            "order",
            "text",
            "maxlength=\"40\" autocomplete=\"off\" required",
        ),
        ("contact", "text", "maxlength=\"100\" required"),
        ("bank", "text", "maxlength=\"60\" required"),
        ("account_name", "text", "maxlength=\"100\" required"),
        (
            "amount",
            "text",
            "inputmode=\"numeric\" maxlength=\"20\" required",
        ),
        ("paid_on", "date", "required"),
    ];
    for (name, kind, extra) in kinds {
        s.push_str(&field(lang, name, kind, v(name), e(name), extra));
    }
    s.push_str(&field(
        lang,
        "proof",
        "file",
        "",
        e("proof"),
        "accept=\"image/jpeg,image/png,application/pdf\" required",
    ));
    s.push_str(&format!(
        "<button type=\"submit\" id=\"pay-submit\">{}</button></form>",
        esc(t(lang, "pay.send"))
    ));
    s
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    hub: &Hub,
    shop: Uuid,
    key: &[u8; 32],
    headers: &HeaderMap,
    pl: &PageLang,
    values: &HashMap<String, String>,
    errors: &HashMap<&'static str, &'static str>,
    status: StatusCode,
) -> Result<Response, HubError> {
    let face = shop_face(hub, shop).await?;
    let (nonce, set) = form_nonce(hub, headers, shop);
    let body = form_body(
        pl.lang,
        shop,
        &keys::form_token(key, &nonce),
        values,
        errors,
    );
    let html = page(pl.lang, &face.name, t(pl.lang, "pay.title"), &body);
    Ok(with_cookie(respond(status, pl, html), set))
}

/// GET /s/{shop}/pay
pub(crate) async fn form(
    State(hub): State<Hub>,
    Path(shop): Path<String>,
    headers: HeaderMap,
    pl: PageLang,
) -> Result<Response, HubError> {
    let Some((shop, key)) = shop::known(&hub, &shop).await? else {
        return Ok(html::not_found(&pl));
    };
    form_page(
        &hub,
        shop,
        &key,
        &headers,
        &pl,
        &HashMap::new(),
        &HashMap::new(),
        StatusCode::OK,
    )
    .await
}

/// What the multipart body held.
#[derive(Default)]
struct Sent {
    values: HashMap<String, String>,
    proof: Vec<u8>,
    proof_too_large: bool,
    broken: bool,
}

async fn read(mut mp: Multipart) -> Sent {
    let mut s = Sent::default();
    loop {
        let mut f = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                s.broken = true;
                break;
            }
        };
        let name = f.name().unwrap_or("").to_string();
        if name == "proof" {
            loop {
                match f.chunk().await {
                    Ok(Some(c)) => {
                        if s.proof.len() + c.len() > proof::MAX_BYTES {
                            s.proof_too_large = true;
                        } else if !s.proof_too_large {
                            s.proof.extend_from_slice(&c);
                        }
                    }
                    Ok(None) => break,
                    Err(_) => {
                        s.broken = true;
                        return s;
                    }
                }
            }
        } else if name == "csrf" || FIELDS.contains(&name.as_str()) {
            match f.text().await {
                Ok(v) => {
                    s.values.insert(name, v.chars().take(400).collect());
                }
                Err(_) => {
                    s.broken = true;
                    return s;
                }
            }
        }
    }
    s
}

/// POST /s/{shop}/pay: every field checked, each error shown beside its
/// field, nothing kept unless all is right.
pub(crate) async fn submit(
    State(hub): State<Hub>,
    Path(shop): Path<String>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    pl: PageLang,
    mp: Multipart,
) -> Result<Response, HubError> {
    let Some((shop, key)) = shop::known(&hub, &shop).await? else {
        return Ok(html::not_found(&pl));
    };
    let sent = read(mp).await;
    let mut values = sent.values;
    let csrf = values.remove("csrf").unwrap_or_default();
    let mut errors: HashMap<&'static str, &'static str> = HashMap::new();
    let nonce = cookie(&headers, FORM_COOKIE).unwrap_or("");
    if !keys::form_token_valid(&key, nonce, &csrf) {
        errors.insert("form", "form_expired");
        return form_page(
            &hub,
            shop,
            &key,
            &headers,
            &pl,
            &values,
            &errors,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    if sent.broken {
        errors.insert("form", "malformed");
        return form_page(
            &hub,
            shop,
            &key,
            &headers,
            &pl,
            &values,
            &errors,
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    // A try of this address and of this order number, taken before the
    // order is looked up and given back unless the lookup fails.
    let tries = [
        super::limit::address_key(addr),
        format!(
            "o:{shop}:{}",
            values
                .get("order")
                .map(|o| o.trim().to_uppercase())
                .unwrap_or_default()
        ),
    ];
    if !hub.web.limiter.reserve(&tries) {
        errors.insert("form", "too_many");
        return form_page(
            &hub,
            shop,
            &key,
            &headers,
            &pl,
            &values,
            &errors,
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    let face = shop_face(&hub, shop).await?;
    let v = |k: &str| {
        values
            .get(k)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let required =
        |k: &'static str, max: usize, errors: &mut HashMap<&'static str, &'static str>| {
            let s = v(k);
            if s.is_empty() {
                errors.insert(k, "required");
            } else if s.chars().count() > max {
                errors.insert(k, "too_long");
            }
            s
        };
    let number = required("order", 40, &mut errors);
    let contact = required("contact", 100, &mut errors);
    let bank = required("bank", 60, &mut errors);
    let account = required("account_name", 100, &mut errors);
    let today = Utc::now().with_timezone(&face.tz).date_naive();
    let paid_on = match NaiveDate::parse_from_str(&v("paid_on"), "%Y-%m-%d") {
        Ok(d) if d > today => {
            errors.insert("paid_on", "in_future");
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            errors.insert(
                "paid_on",
                if v("paid_on").is_empty() {
                    "required"
                } else {
                    "invalid_date"
                },
            );
            None
        }
    };
    if sent.proof_too_large {
        errors.insert("proof", "too_large");
    } else if let Some(code) = proof::refusal(&sent.proof) {
        errors.insert("proof", code);
    }
    // The order, only for the e-mail or phone it was placed with: a wrong
    // number and a wrong contact get the same answer.
    let mut order: Option<(String, String, Currency, String)> = None;
    if !number.is_empty() && !contact.is_empty() {
        let row: Option<OrderRow> = sqlx::query_as(
            "SELECT o.id, o.status, o.currency, o.created_at, c.phone, c.email FROM rows.orders o
             LEFT JOIN rows.customers c ON c._shop = o._shop AND c.id = o.customer_id
             WHERE o._shop = $1 AND o.number = $2",
        )
        .bind(shop)
        .bind(&number)
        .fetch_optional(&hub.pool)
        .await?;
        if row.is_none() {
            // No such order: its try goes back (the address's stays).
            hub.web.limiter.refund(&tries[1..]);
        }
        let typed_phone = phone::normalize(&contact).ok();
        order = row
            .filter(|(_, _, _, _, p, e)| {
                let by_phone = typed_phone.is_some() && p.as_deref() == typed_phone.as_deref();
                let by_mail = e
                    .as_deref()
                    .is_some_and(|e| !e.is_empty() && e.eq_ignore_ascii_case(&contact));
                by_phone || by_mail
            })
            .map(|(id, st, cur, created, _, _)| {
                (
                    id,
                    st.unwrap_or_default(),
                    cur.and_then(|c| Currency::parse(&c).ok())
                        .unwrap_or(face.currency),
                    created.unwrap_or_default(),
                )
            });
        if order.is_none() {
            errors.insert("order", "no_order");
        }
    }
    if order.is_some() || number.is_empty() || contact.is_empty() {
        hub.web.limiter.refund(&tries);
    }
    let cur = order.as_ref().map(|o| o.2).unwrap_or(face.currency);
    let amount = match payment::parse_amount("amount", &v("amount"), cur) {
        Ok(a) if a.is_zero() => {
            errors.insert("amount", "required");
            None
        }
        Ok(a) => Some(a),
        Err(e) => {
            errors.insert(
                "amount",
                if e.code() == Some("required") {
                    "required"
                } else {
                    "invalid_amount"
                },
            );
            None
        }
    };
    if let (Some((_, status, _, created)), Some(d)) = (&order, paid_on) {
        if status != "awaiting_payment" && status != "payment_declined" {
            errors.insert("order", "not_awaiting_payment");
        }
        let placed = chrono::DateTime::parse_from_rfc3339(created)
            .map(|c| c.with_timezone(&face.tz).date_naive())
            .ok();
        if placed.is_some_and(|p| d < p) {
            errors.insert("paid_on", "before_order");
        }
    }
    if !errors.is_empty() {
        return form_page(
            &hub,
            shop,
            &key,
            &headers,
            &pl,
            &values,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let (order_id, _, _, _) = order.expect("checked above");
    let media_type = proof::media_type(&sent.proof).expect("checked above");
    let proof_id = Uuid::now_v7();
    let form = TransferForm {
        order_id: Uuid::parse_str(&order_id).map_err(|_| HubError::internal("order id"))?,
        bank,
        account_name: account,
        amount: payment::typed(amount.expect("checked above")),
        paid_on: paid_on
            .expect("checked above")
            .format("%Y-%m-%d")
            .to_string(),
        proof_id,
        proof_type: media_type.to_string(),
    };
    let payload = serde_json::to_value(&form).map_err(|e| HubError::internal(e.to_string()))?;
    // One open confirmation per order.
    let open: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM web_requests WHERE shop_id = $1 AND kind = 'transfer_confirmation' AND subject = $2 AND done_at IS NULL)",
    )
    .bind(shop)
    .bind(&order_id)
    .fetch_one(&hub.pool)
    .await?;
    if open {
        errors.insert("form", "already_sent");
        return form_page(
            &hub,
            shop,
            &key,
            &headers,
            &pl,
            &values,
            &errors,
            StatusCode::CONFLICT,
        )
        .await;
    }
    let proof = Proof {
        id: proof_id,
        media_type,
        bytes: sent.proof,
    };
    let kept = take_with(
        &hub,
        shop,
        RequestKind::TransferConfirmation,
        &order_id,
        payload,
        None,
        Some(proof),
    )
    .await?;
    if !kept {
        // Another submission of this order's form got there first.
        errors.insert("form", "already_sent");
        return form_page(
            &hub,
            shop,
            &key,
            &headers,
            &pl,
            &values,
            &errors,
            StatusCode::CONFLICT,
        )
        .await;
    }
    let body = format!(
        "<p class=\"notice ok\" id=\"pay-done\">{}</p>",
        tf(pl.lang, "pay.done", &[("number", &number)])
    );
    Ok(respond(
        StatusCode::OK,
        &pl,
        page(pl.lang, &face.name, t(pl.lang, "pay.title"), &body),
    ))
}
