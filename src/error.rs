//! The one error type that crosses every boundary (core → Tauri → UI).
//!
//! Errors are data, not strings: the UI reads `kind` and, for validation,
//! `field` and `code`, to put a translated message next to the right input.
//! Messages never contain personal data or secrets, so they are safe to log.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Error {
    /// Input rejected before anything was written. `field` names the input
    /// (as the UI names it), `code` is a stable key for the message catalog.
    #[error("{field}: {message}")]
    Validation {
        field: String,
        code: String,
        message: String,
    },
    #[error("{entity} not found")]
    NotFound { entity: String, message: String },
    /// A state machine refused a move (e.g. ticket picked up → in repair).
    #[error("{message}")]
    InvalidState { code: String, message: String },
    /// Not signed in, wrong credentials, or the counter locked; `code` says which.
    #[error("{message}")]
    Unauthorized { code: String, message: String },
    #[error("{message}")]
    Forbidden { message: String },
    #[error("{message}")]
    Conflict { message: String },
    #[error("storage: {message}")]
    Storage { message: String },
    #[error("document: {message}")]
    Document { message: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn validation(field: &str, code: &str, message: impl Into<String>) -> Self {
        Error::Validation {
            field: field.to_string(),
            code: code.to_string(),
            message: message.into(),
        }
    }

    pub fn not_found(entity: &str) -> Self {
        Error::NotFound {
            entity: entity.to_string(),
            message: format!("{entity} not found"),
        }
    }

    pub fn invalid_state(code: &str, message: impl Into<String>) -> Self {
        Error::InvalidState {
            code: code.to_string(),
            message: message.into(),
        }
    }

    pub fn unauthorized(code: &str, message: impl Into<String>) -> Self {
        Error::Unauthorized {
            code: code.to_string(),
            message: message.into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Error::Forbidden {
            message: message.into(),
        }
    }

    /// The field a validation error points at, if any.
    /// A validation error of a nested form, its field named under `prefix`
    /// (e.g. "workshop." + "brand"); other errors pass unchanged.
    pub fn prefixed(self, prefix: &str) -> Self {
        match self {
            Error::Validation {
                field,
                code,
                message,
            } => Error::Validation {
                field: format!("{prefix}{field}"),
                code,
                message,
            },
            other => other,
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The code of a refusal (validation, wrong state, sign-in), if any.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Validation { code, .. }
            | Error::InvalidState { code, .. }
            | Error::Unauthorized { code, .. } => Some(code),
            _ => None,
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => Error::not_found("record"),
            sqlx::Error::Database(db) if db.is_unique_violation() => Error::Conflict {
                message: "a record with the same unique value already exists".into(),
            },
            other => Error::Storage {
                message: other.to_string(),
            },
        }
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        Error::Storage {
            message: e.to_string(),
        }
    }
}

/// Input checks shared by every command: each returns a `Validation` error
/// naming the field, so the UI can show it next to the input.
pub mod check {
    use super::{Error, Result};

    pub fn required(field: &str, value: &str, max_chars: usize) -> Result<String> {
        let v = value.trim();
        if v.is_empty() {
            return Err(Error::validation(field, "required", "must not be empty"));
        }
        max_len(field, v, max_chars)?;
        Ok(v.to_string())
    }

    pub fn optional(field: &str, value: Option<&str>, max_chars: usize) -> Result<Option<String>> {
        match value.map(str::trim) {
            None | Some("") => Ok(None),
            Some(v) => {
                max_len(field, v, max_chars)?;
                Ok(Some(v.to_string()))
            }
        }
    }

    /// A number within `lo..=hi` (both included).
    pub fn range(field: &str, value: i64, lo: i64, hi: i64) -> Result<()> {
        if (lo..=hi).contains(&value) {
            Ok(())
        } else {
            Err(Error::validation(
                field,
                "out_of_range",
                format!("{lo} to {hi}"),
            ))
        }
    }

    pub fn max_len(field: &str, value: &str, max_chars: usize) -> Result<()> {
        if value.chars().count() > max_chars {
            return Err(Error::validation(
                field,
                "too_long",
                format!("at most {max_chars} characters"),
            ));
        }
        Ok(())
    }
}
