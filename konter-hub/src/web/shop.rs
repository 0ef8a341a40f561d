//! What every page of a shop needs: the shop known by its id, its face
//! (name, zone, currency, tax; kept 10 s), and the form cookie's nonce that
//! every form's token is bound to.

use super::html::{cookie, set_cookie};
use super::keys::{self, SESSION_SECONDS};
use crate::{Hub, HubError};
use axum::http::{header, HeaderMap};
use axum::response::Response;
use konter::domain::money::Currency;
use rust_decimal::Decimal;
use std::str::FromStr;
use uuid::Uuid;

pub(crate) const FORM_COOKIE: &str = "konter_form";

/// The shop named in a page's address, with its page key; `None`: no such
/// shop (the page answers 404).
pub(crate) async fn known(hub: &Hub, shop: &str) -> Result<Option<(Uuid, [u8; 32])>, HubError> {
    let Ok(id) = Uuid::parse_str(shop) else {
        return Ok(None);
    };
    Ok(hub.web.keys.page_key(&hub.pool, id).await?.map(|k| (id, k)))
}

/// The shop's name and zone as the pages show them.
#[derive(Clone)]
pub(crate) struct ShopFace {
    pub name: String,
    pub tz: chrono_tz::Tz,
    pub currency: Currency,
    pub tax_rate: Decimal,
    pub inclusive: bool,
}

/// How long the pages keep a shop's name, zone and tax rate before reading
/// them again (a change at the counter shows within this).
const FACE_SECONDS: u64 = 10;

pub(crate) async fn shop_face(hub: &Hub, shop: Uuid) -> Result<ShopFace, HubError> {
    if let Some(face) = hub.web.faces.get(shop, FACE_SECONDS) {
        return Ok(face);
    }
    let face = read_shop_face(hub, shop).await?;
    hub.web.faces.put(shop, face.clone());
    Ok(face)
}

async fn read_shop_face(hub: &Hub, shop: Uuid) -> Result<ShopFace, HubError> {
    type FaceRow = (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<i64>,
    );
    let row: Option<FaceRow> =
        sqlx::query_as(
            "SELECT name, time_zone, currency, tax_rate, prices_include_tax FROM rows.shop WHERE _shop = $1 LIMIT 1",
        )
        .bind(shop)
        .fetch_optional(&hub.pool)
        .await?;
    let (name, tz, cur, rate, inc) = row.unwrap_or_default();
    let name = match name {
        Some(n) => n,
        None => {
            sqlx::query_scalar("SELECT name FROM shops WHERE id = $1")
                .bind(shop)
                .fetch_one(&hub.pool)
                .await?
        }
    };
    Ok(ShopFace {
        name,
        tz: tz
            .and_then(|z| z.parse().ok())
            .unwrap_or(chrono_tz::Asia::Jakarta),
        currency: cur
            .and_then(|c| Currency::parse(&c).ok())
            .unwrap_or(Currency::IDR),
        tax_rate: rate
            .and_then(|r| Decimal::from_str(&r).ok())
            .unwrap_or(Decimal::new(11, 2)),
        inclusive: inc.unwrap_or(0) != 0,
    })
}

/// The form cookie's nonce: the one the browser sent, or a fresh one with
/// the `Set-Cookie` that gives it.
pub(crate) fn form_nonce(hub: &Hub, headers: &HeaderMap, shop: Uuid) -> (String, Option<String>) {
    match cookie(headers, FORM_COOKIE).filter(|n| n.len() >= 20 && n.len() <= 64) {
        Some(n) => (n.to_string(), None),
        None => {
            let n = keys::nonce();
            let c = set_cookie(
                FORM_COOKIE,
                &n,
                &format!("/s/{shop}"),
                SESSION_SECONDS * 12,
                hub.public.secure_cookies,
            );
            (n, Some(c))
        }
    }
}

pub(crate) fn with_cookie(mut resp: Response, cookie: Option<String>) -> Response {
    if let Some(c) = cookie.and_then(|c| c.parse().ok()) {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    resp
}

/// The shops' faces the pages read lately.
#[derive(Default)]
pub(crate) struct Faces {
    cache: std::sync::Mutex<std::collections::HashMap<Uuid, (std::time::Instant, ShopFace)>>,
}

impl Faces {
    fn get(&self, shop: Uuid, max_age: u64) -> Option<ShopFace> {
        let c = self.cache.lock().expect("faces lock");
        c.get(&shop)
            .filter(|(at, _)| at.elapsed().as_secs() < max_age)
            .map(|(_, f)| f.clone())
    }

    fn put(&self, shop: Uuid, face: ShopFace) {
        let mut c = self.cache.lock().expect("faces lock");
        if c.len() > 10_000 {
            c.clear();
        }
        c.insert(shop, (std::time::Instant::now(), face));
    }
}
