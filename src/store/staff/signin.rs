//! Signing in at a shared counter: the full password once a day, then a
//! short PIN to switch between staff who did; the counter locks when idle
//! (the shell clears the session, see `src-tauri/src/state.rs`). Every
//! sign-in and every failed PIN lands in the audit trail.

use crate::domain::staff::permissions::{self, Action};
use crate::domain::staff::{self as rules, Role, PIN_MAX_FAILURES};
use crate::error::{Error, Result};
use crate::store::{parse_id, parse_ts, shop, shop::outbox, ts, Ctx, Db};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Session {
    pub staff_id: Uuid,
    pub name: String,
    pub username: String,
    pub role: Role,
    /// What this role may do, from the permission matrix, so the UI can hide
    /// what the core would refuse anyway.
    pub allowed: Vec<Action>,
    /// Set after the owner reset the password: the UI asks for a new one first.
    pub must_change_password: bool,
    pub has_pin: bool,
}

impl Session {
    pub fn new(staff_id: Uuid, name: String, username: String, role: Role) -> Session {
        let allowed = Action::ALL
            .into_iter()
            .filter(|a| permissions::allows(role, *a))
            .collect();
        Session {
            staff_id,
            name,
            username,
            role,
            allowed,
            must_change_password: false,
            has_pin: false,
        }
    }

    pub fn ctx(&self, now: DateTime<Utc>) -> Ctx {
        Ctx {
            staff_id: self.staff_id,
            role: self.role,
            now,
        }
    }
}

#[derive(FromRow)]
struct Account {
    id: String,
    name: String,
    username: String,
    role: String,
    password_hash: String,
    active: bool,
    pin_hash: Option<String>,
    pin_failures: i64,
    must_change_password: bool,
    last_login_at: Option<String>,
}

impl Account {
    fn session(&self) -> Result<Session> {
        let mut s = Session::new(
            parse_id("id", &self.id)?,
            self.name.clone(),
            self.username.clone(),
            Role::parse(&self.role)?,
        );
        s.must_change_password = self.must_change_password;
        s.has_pin = self.pin_hash.is_some();
        Ok(s)
    }
}

const ACCOUNT: &str = "SELECT id, name, username, role, password_hash, active, pin_hash, pin_failures, must_change_password, last_login_at FROM staff";

async fn account_by_id(db: &Db, id: Uuid) -> Result<Option<Account>> {
    Ok(sqlx::query_as(&format!("{ACCOUNT} WHERE id = ?"))
        .bind(id.to_string())
        .fetch_optional(&db.pool)
        .await?)
}

/// A hash of a throwaway password, verified when the username is unknown so
/// that a wrong name and a wrong password take the same time.
static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The full sign-in. It also opens today's PIN switching for this member.
pub async fn login(db: &Db, username: &str, password: &str, now: DateTime<Utc>) -> Result<Session> {
    let username = username.trim().to_lowercase();
    let row: Option<Account> = sqlx::query_as(&format!("{ACCOUNT} WHERE username = ?"))
        .bind(&username)
        .fetch_optional(&db.pool)
        .await?;
    let refused = || Error::unauthorized("wrong_login", "wrong username or password");
    let Some(acc) = row else {
        let decoy =
            DECOY.get_or_init(|| rules::hash_password("decoy-password").unwrap_or_default());
        rules::verify_password(password, decoy);
        return Err(refused());
    };
    if !rules::verify_password(password, &acc.password_hash) || !acc.active {
        return Err(refused());
    }
    let session = acc.session()?;
    let ctx = session.ctx(now);
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE staff SET last_login_at = ?, pin_failures = 0 WHERE id = ?")
        .bind(ts(now))
        .bind(&acc.id)
        .execute(&mut *tx)
        .await?;
    outbox::append(
        &mut tx,
        &ctx,
        "staff",
        session.staff_id,
        "login",
        &serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(session)
}

/// Who may unlock this counter with a PIN right now.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SwitchCandidate {
    pub staff_id: Uuid,
    pub name: String,
    pub role: Role,
}

pub async fn switch_candidates(db: &Db, now: DateTime<Utc>) -> Result<Vec<SwitchCandidate>> {
    let tz = shop::profile(db).await?.tz();
    let rows: Vec<Account> = sqlx::query_as(&format!(
        "{ACCOUNT} WHERE active = 1 AND pin_hash IS NOT NULL AND pin_failures < {PIN_MAX_FAILURES} ORDER BY name"
    ))
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .filter(|a| rules::full_login_today(a.last_login_at.as_deref().map(parse_ts), now, tz))
        .map(|a| {
            Ok(SwitchCandidate {
                staff_id: parse_id("id", &a.id)?,
                name: a.name,
                role: Role::parse(&a.role)?,
            })
        })
        .collect()
}

/// Unlocks the counter for a member who signed in fully today. Wrong PINs
/// are counted (and audited); after five the PIN stops working until the
/// next full sign-in.
pub async fn switch_with_pin(
    db: &Db,
    staff_id: Uuid,
    pin: &str,
    now: DateTime<Utc>,
) -> Result<Session> {
    rules::check_pin(pin)?;
    let tz = shop::profile(db).await?.tz();
    let acc = account_by_id(db, staff_id)
        .await?
        .filter(|a| a.active)
        .ok_or_else(|| Error::not_found("staff"))?;
    let Some(pin_hash) = acc.pin_hash.as_deref() else {
        return Err(Error::unauthorized(
            "no_pin",
            "no PIN set: sign in with the password",
        ));
    };
    if acc.pin_failures >= PIN_MAX_FAILURES {
        return Err(Error::unauthorized(
            "pin_locked",
            "too many wrong PINs: sign in with the password",
        ));
    }
    if !rules::full_login_today(acc.last_login_at.as_deref().map(parse_ts), now, tz) {
        return Err(Error::unauthorized(
            "full_login_needed",
            "sign in with the password first today",
        ));
    }
    let session = acc.session()?;
    let ctx = session.ctx(now);
    let ok = rules::verify_password(pin, pin_hash);
    let mut tx = db.begin().await?;
    let failures = if ok { 0 } else { acc.pin_failures + 1 };
    sqlx::query("UPDATE staff SET pin_failures = ? WHERE id = ?")
        .bind(failures)
        .bind(&acc.id)
        .execute(&mut *tx)
        .await?;
    let op = if ok { "pin_switch" } else { "pin_failed" };
    outbox::append(
        &mut tx,
        &ctx,
        "staff",
        staff_id,
        op,
        &serde_json::json!({ "failures": failures }),
    )
    .await?;
    tx.commit().await?;
    if ok {
        Ok(session)
    } else {
        Err(Error::validation("pin", "wrong_pin", "wrong PIN"))
    }
}

/// Sets (or replaces) the signed-in member's own PIN; the password proves it is them.
pub async fn set_pin(db: &Db, ctx: &Ctx, password: &str, pin: &str) -> Result<()> {
    rules::check_pin(pin)?;
    let acc = account_by_id(db, ctx.staff_id)
        .await?
        .ok_or_else(|| Error::not_found("staff"))?;
    if !rules::verify_password(password, &acc.password_hash) {
        return Err(Error::validation(
            "password",
            "wrong_password",
            "wrong password",
        ));
    }
    let hash = rules::hash_pin(pin)?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE staff SET pin_hash = ?, pin_failures = 0 WHERE id = ?")
        .bind(hash)
        .bind(&acc.id)
        .execute(&mut *tx)
        .await?;
    let before = serde_json::json!({ "has_pin": acc.pin_hash.is_some() });
    outbox::append_change(
        &mut tx,
        ctx,
        "staff",
        ctx.staff_id,
        "pin_set",
        &before,
        &serde_json::json!({ "has_pin": true }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The signed-in member's own password change (also after a reset).
pub async fn change_password(db: &Db, ctx: &Ctx, current: &str, new: &str) -> Result<Session> {
    let acc = account_by_id(db, ctx.staff_id)
        .await?
        .ok_or_else(|| Error::not_found("staff"))?;
    if !rules::verify_password(current, &acc.password_hash) {
        return Err(Error::validation(
            "current_password",
            "wrong_password",
            "wrong password",
        ));
    }
    if current == new {
        return Err(Error::validation(
            "new_password",
            "same_password",
            "choose a different password",
        ));
    }
    let hash = rules::hash_password(new).map_err(|e| rename_field(e, "new_password"))?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE staff SET password_hash = ?, must_change_password = 0 WHERE id = ?")
        .bind(hash)
        .bind(&acc.id)
        .execute(&mut *tx)
        .await?;
    let before = serde_json::json!({ "must_change_password": acc.must_change_password });
    let after = serde_json::json!({ "must_change_password": false });
    outbox::append_change(
        &mut tx,
        ctx,
        "staff",
        ctx.staff_id,
        "password_change",
        &before,
        &after,
    )
    .await?;
    tx.commit().await?;
    let mut session = acc.session()?;
    session.must_change_password = false;
    Ok(session)
}

pub(crate) fn rename_field(e: Error, to: &str) -> Error {
    match e {
        Error::Validation { code, message, .. } => Error::Validation {
            field: to.to_string(),
            code,
            message,
        },
        other => other,
    }
}
