//! Talking to the hub over HTTP(S): the enrolment, a push, a pull, a page
//! of a joining device's first download. The
//! [`Transport`] seam lets tests put a faulty network between a device and
//! a real hub.

use crate::domain::sync::{
    EnrolRequest, Enrolment, HubConflict, PullReply, PushBatch, PushReply, SnapshotPage,
};
use crate::domain::web::{ClaimRequest, Settle, WebRequest};
use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::future::Future;
use std::time::Duration;

/// How a device reaches its hub.
pub trait Transport: Sync {
    fn push(&self, batch: &PushBatch) -> impl Future<Output = Result<PushReply>> + Send;
    fn pull(&self, after: i64, limit: usize) -> impl Future<Output = Result<PullReply>> + Send;
    /// A page of one table's rows as the hub holds them, after `after` in
    /// key order. `None`: this hub hands out no snapshots; the device
    /// follows the change log from its start instead.
    fn snapshot(
        &self,
        table: &str,
        after: Option<&str>,
        limit: usize,
    ) -> impl Future<Output = Result<Option<SnapshotPage>>> + Send {
        let _ = (table, after, limit);
        async { Ok(None) }
    }
    /// The requests of the shop's public face the hub hands this device
    /// (see `inbox`). A hub without them hands none.
    fn claim(&self, req: &ClaimRequest) -> impl Future<Output = Result<Vec<WebRequest>>> + Send {
        let _ = req;
        async { Ok(Vec::new()) }
    }
    /// The device's word on requests it was handed.
    fn settle(&self, settles: &[Settle]) -> impl Future<Output = Result<()>> + Send {
        let _ = settles;
        async { Ok(()) }
    }
}

/// The hub at `base_url`, with this device's credential.
pub struct HttpHub {
    base: String,
    token: String,
    client: reqwest::Client,
}

fn client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|_| unreachable_hub())
}

fn unreachable_hub() -> Error {
    Error::Storage {
        message: "the hub cannot be reached".into(),
    }
}

impl HttpHub {
    pub fn new(base_url: &str, token: &str) -> Result<HttpHub> {
        Ok(HttpHub {
            base: base_url.trim_end_matches('/').to_string(),
            token: token.to_string(),
            client: client()?,
        })
    }

    pub fn for_config(cfg: &super::Config) -> Result<HttpHub> {
        HttpHub::new(&cfg.hub_url, &cfg.token)
    }
}

/// A refusal as the hub words it (`konter::Error`'s JSON).
#[derive(Deserialize)]
struct Refusal {
    kind: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    message: String,
}

async fn answer<T: DeserializeOwned>(resp: reqwest::Response) -> Result<T> {
    let status = resp.status();
    let body = resp.bytes().await.map_err(|_| unreachable_hub())?;
    if status.is_success() {
        return serde_json::from_slice(&body).map_err(|_| Error::Storage {
            message: "the hub's answer is malformed".into(),
        });
    }
    let Ok(r) = serde_json::from_slice::<Refusal>(&body) else {
        return Err(Error::Storage {
            message: format!("the hub answered {status}"),
        });
    };
    let code = r.code.unwrap_or_else(|| "refused".into());
    Err(match r.kind.as_str() {
        "validation" => Error::Validation {
            field: r.field.unwrap_or_else(|| "batch".into()),
            code,
            message: r.message,
        },
        "unauthorized" => Error::Unauthorized {
            code,
            message: r.message,
        },
        "forbidden" => Error::Forbidden { message: r.message },
        "invalidState" => Error::InvalidState {
            code,
            message: r.message,
        },
        "conflict" => Error::Conflict { message: r.message },
        _ => Error::Storage {
            message: format!("the hub answered {status}: {}", r.message),
        },
    })
}

impl Transport for HttpHub {
    async fn push(&self, batch: &PushBatch) -> Result<PushReply> {
        let body = serde_json::to_vec(batch).map_err(|e| Error::Storage {
            message: e.to_string(),
        })?;
        let resp = self
            .client
            .post(format!("{}/v1/push", self.base))
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|_| unreachable_hub())?;
        answer(resp).await
    }

    async fn pull(&self, after: i64, limit: usize) -> Result<PullReply> {
        let resp = self
            .client
            .get(format!("{}/v1/pull?after={after}&limit={limit}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|_| unreachable_hub())?;
        answer(resp).await
    }

    async fn snapshot(
        &self,
        table: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Option<SnapshotPage>> {
        let after = after
            .map(|a| format!("&after={}", query_value(a)))
            .unwrap_or_default();
        let resp = self
            .client
            .get(format!(
                "{}/v1/snapshot?table={}&limit={limit}{after}",
                self.base,
                query_value(table)
            ))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|_| unreachable_hub())?;
        if resp.status() == reqwest::StatusCode::NOT_FOUND {
            // A hub that hands out no snapshots: the change log does it.
            return Ok(None);
        }
        answer(resp).await.map(Some)
    }

    async fn claim(&self, req: &ClaimRequest) -> Result<Vec<WebRequest>> {
        let resp = self
            .client
            .post(format!("{}/v1/requests/claim", self.base))
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .body(serde_json::to_vec(req).map_err(|e| Error::Storage {
                message: e.to_string(),
            })?)
            .send()
            .await
            .map_err(|_| unreachable_hub())?;
        if resp.status() == reqwest::StatusCode::NOT_FOUND {
            // A hub without the public face.
            return Ok(Vec::new());
        }
        answer(resp).await
    }

    async fn settle(&self, settles: &[Settle]) -> Result<()> {
        let resp = self
            .client
            .post(format!("{}/v1/requests/settle", self.base))
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .body(serde_json::to_vec(settles).map_err(|e| Error::Storage {
                message: e.to_string(),
            })?)
            .send()
            .await
            .map_err(|_| unreachable_hub())?;
        let _: serde_json::Value = answer(resp).await?;
        Ok(())
    }
}

/// A URL query value: unreserved characters as they are, the rest escaped.
fn query_value(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl HttpHub {
    /// A customer's payment proof kept at the hub: its media type (read
    /// again from its bytes here) and the bytes.
    pub async fn proof(&self, id: uuid::Uuid) -> Result<(&'static str, Vec<u8>)> {
        let resp = self
            .client
            .get(format!("{}/v1/proofs/{id}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|_| unreachable_hub())?;
        if !resp.status().is_success() {
            return Err(Error::not_found("proof"));
        }
        let bytes = resp.bytes().await.map_err(|_| unreachable_hub())?.to_vec();
        let kind = crate::domain::web::proof::media_type(&bytes)
            .ok_or_else(|| Error::not_found("proof"))?;
        Ok((kind, bytes))
    }

    /// The shop's open conflicts as the hub lists them.
    pub async fn conflicts(&self) -> Result<Vec<HubConflict>> {
        let resp = self
            .client
            .get(format!("{}/v1/conflicts", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|_| unreachable_hub())?;
        answer(resp).await
    }
}

/// Exchanges a one-time enrolment code for this device's credential.
pub async fn enrol(base_url: &str, code: &str, device_name: &str) -> Result<Enrolment> {
    let base = base_url.trim().trim_end_matches('/');
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(Error::validation(
            "hub_url",
            "invalid_hub_url",
            "the hub's address starts with https://",
        ));
    }
    let req = EnrolRequest {
        code: code.trim().to_string(),
        device_name: device_name.trim().to_string(),
    };
    let body = serde_json::to_vec(&req).map_err(|e| Error::Storage {
        message: e.to_string(),
    })?;
    let resp = client()?
        .post(format!("{base}/v1/enrol"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|_| {
            Error::validation("hub_url", "hub_unreachable", "the hub cannot be reached")
        })?;
    answer(resp).await
}
