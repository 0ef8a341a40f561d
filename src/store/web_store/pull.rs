//! Pulling orders straight from a WooCommerce store: `GET
//! /wp-json/wc/v3/orders` page by page with the store's consumer key and
//! secret (HTTP Basic over HTTPS), each page imported as a file would be.
//! The key and secret are used for the request only: never stored, never
//! logged, never in an error message.

use crate::domain::staff::permissions::Action;
use crate::domain::web_store::woo;
use crate::error::{check, Error, Result};
use crate::store::web_store::import::{import_values, ImportProgress, ImportReport};
use crate::store::{Ctx, Db};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PullInput {
    /// The store's address, e.g. https://toko.example.co.id
    pub url: String,
    pub consumer_key: String,
    pub consumer_secret: String,
}

/// HTTPS only, except a store on this machine (a local test or staging copy).
fn base_url(url: &str) -> Result<String> {
    let u = check::required("url", url, 300)?
        .trim_end_matches('/')
        .to_string();
    let local = u.starts_with("http://127.0.0.1") || u.starts_with("http://localhost");
    if !(u.starts_with("https://") || local) || u.contains(char::is_whitespace) {
        return Err(Error::validation(
            "url",
            "invalid_url",
            "the store's https:// address",
        ));
    }
    Ok(u)
}

pub async fn pull(
    db: &Db,
    ctx: &Ctx,
    input: PullInput,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> Result<ImportReport> {
    ctx.require(Action::Sell)?;
    let base = base_url(&input.url)?;
    let key = check::required("consumer_key", &input.consumer_key, 200)?;
    let secret = check::required("consumer_secret", &input.consumer_secret, 200)?;
    let store = base.split("://").nth(1).unwrap_or(&base).to_string();
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .map_err(|_| Error::validation("url", "store_unreachable", "cannot start a connection"))?;
    let mut total = ImportReport::default();
    for page in 1..=1000u32 {
        let url =
            format!("{base}/wp-json/wc/v3/orders?per_page=100&page={page}&orderby=id&order=asc");
        let resp = client
            .get(&url)
            .basic_auth(&key, Some(&secret))
            .send()
            .await
            .map_err(|_| {
                Error::validation("url", "store_unreachable", "the store did not answer")
            })?;
        let status = resp.status();
        let pages: Option<u32> = resp
            .headers()
            .get("x-wp-totalpages")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let body = resp
            .text()
            .await
            .map_err(|_| Error::validation("url", "store_unreachable", "the answer was cut off"))?;
        if status.as_u16() == 401 || status.as_u16() == 403 {
            return Err(Error::validation(
                "consumer_key",
                "store_refused",
                "the store refused the key and secret",
            ));
        }
        if !status.is_success() {
            return Err(Error::validation(
                "url",
                "store_error",
                format!("the store answered HTTP {}", status.as_u16()),
            ));
        }
        let records = woo::parse_batch(&body).map_err(|_| {
            Error::validation(
                "url",
                "store_error",
                "the store's answer is not a list of orders",
            )
        })?;
        if records.is_empty() {
            break;
        }
        let r = import_values(db, ctx, &store, records, &|_| {}).await?;
        total.created += r.created;
        total.updated += r.updated;
        total.unchanged += r.unchanged;
        total.rejected.extend(r.rejected);
        let done = total.created + total.updated + total.unchanged + total.rejected.len() as u32;
        progress(ImportProgress {
            done,
            total: done.max(pages.unwrap_or(page) * 100),
        });
        if pages.is_some_and(|p| page >= p) {
            break;
        }
    }
    Ok(total)
}
