//! The hub's refusals: `konter::Error` as JSON (the devices read it like a
//! local error, so the counter can show why), with the HTTP status it means.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use konter::Error;

#[derive(Debug)]
pub struct HubError(pub Error);

impl HubError {
    pub fn internal(message: impl Into<String>) -> HubError {
        HubError(Error::Storage {
            message: message.into(),
        })
    }

    pub fn unauthorized(code: &str, message: &str) -> HubError {
        HubError(Error::Unauthorized {
            code: code.into(),
            message: message.into(),
        })
    }

    pub fn bad(field: &str, code: &str, message: impl Into<String>) -> HubError {
        HubError(Error::validation(field, code, message))
    }
}

impl From<sqlx::Error> for HubError {
    fn from(e: sqlx::Error) -> HubError {
        // The detail stays in the hub's own log line, never in the reply.
        eprintln!("konter-hub: database: {e}");
        HubError::internal("the hub's database failed")
    }
}

impl From<Error> for HubError {
    fn from(e: Error) -> HubError {
        HubError(e)
    }
}

impl IntoResponse for HubError {
    fn into_response(self) -> Response {
        let status = match &self.0 {
            Error::Validation { code, .. } if code == "batch_too_large" => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            Error::Validation { .. } => StatusCode::BAD_REQUEST,
            Error::NotFound { .. } => StatusCode::NOT_FOUND,
            Error::InvalidState { .. } | Error::Conflict { .. } => StatusCode::CONFLICT,
            Error::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Error::Forbidden { .. } => StatusCode::FORBIDDEN,
            Error::Storage { .. } | Error::Document { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, axum::Json(self.0)).into_response()
    }
}
