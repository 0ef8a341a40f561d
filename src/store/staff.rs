//! Staff accounts and login.

use super::{outbox, ts, Ctx, Db, Tx};
use crate::domain::permissions::{self, Action};
use crate::domain::staff::{self as rules, Role};
use crate::error::{check, Error, Result};
use serde::{Deserialize, Serialize};
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
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewStaff {
    pub name: String,
    pub username: String,
    pub password: String,
    pub role: Role,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct StaffMember {
    pub id: Uuid,
    pub name: String,
    pub username: String,
    pub role: Role,
    pub active: bool,
}

impl NewStaff {
    pub fn validate(self) -> Result<NewStaff> {
        Ok(NewStaff {
            name: check::required("name", &self.name, 100)?,
            username: rules::check_username(&self.username)?,
            password: {
                rules::check_password(&self.password)?;
                self.password
            },
            role: self.role,
        })
    }
}

pub(crate) async fn insert(tx: &mut Tx, ctx: &Ctx, id: Uuid, s: &NewStaff) -> Result<()> {
    let hash = rules::hash_password(&s.password)?;
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staff WHERE username = ?")
        .bind(&s.username)
        .fetch_one(&mut **tx)
        .await?;
    if taken > 0 {
        return Err(Error::validation(
            "username",
            "taken",
            "this username is already used",
        ));
    }
    sqlx::query("INSERT INTO staff (id, username, name, role, password_hash, active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)")
        .bind(id.to_string())
        .bind(&s.username)
        .bind(&s.name)
        .bind(s.role.as_str())
        .bind(hash)
        .bind(ts(ctx.now))
        .execute(&mut **tx)
        .await?;
    // The outbox carries the account without the password hash.
    let public = serde_json::json!({ "name": s.name, "username": s.username, "role": s.role });
    outbox::append(tx, ctx, "staff", id, "create", &public).await
}

pub async fn add(db: &Db, ctx: &Ctx, input: NewStaff) -> Result<StaffMember> {
    ctx.require(Action::ManageStaff)?;
    let s = input.validate()?;
    if s.role == Role::Owner && ctx.role != Role::Owner {
        return Err(Error::forbidden("only the owner may add an owner"));
    }
    let id = crate::domain::new_id();
    let mut tx = db.begin().await?;
    insert(&mut tx, ctx, id, &s).await?;
    tx.commit().await?;
    Ok(StaffMember {
        id,
        name: s.name,
        username: s.username,
        role: s.role,
        active: true,
    })
}

pub async fn list(db: &Db) -> Result<Vec<StaffMember>> {
    let rows: Vec<(String, String, String, String, bool)> =
        sqlx::query_as("SELECT id, name, username, role, active FROM staff ORDER BY name")
            .fetch_all(&db.pool)
            .await?;
    rows.into_iter()
        .map(|(id, name, username, role, active)| {
            Ok(StaffMember {
                id: super::parse_id("id", &id)?,
                name,
                username,
                role: Role::parse(&role)?,
                active,
            })
        })
        .collect()
}

/// A hash of a throwaway password, verified when the username is unknown so
/// that a wrong name and a wrong password take the same time.
static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

pub async fn login(db: &Db, username: &str, password: &str) -> Result<Session> {
    let username = username.trim().to_lowercase();
    let row: Option<(String, String, String, String, bool)> = sqlx::query_as(
        "SELECT id, name, role, password_hash, active FROM staff WHERE username = ?",
    )
    .bind(&username)
    .fetch_optional(&db.pool)
    .await?;
    let refused = || Error::Unauthorized {
        message: "wrong username or password".into(),
    };
    let Some((id, name, role, hash, active)) = row else {
        let decoy =
            DECOY.get_or_init(|| rules::hash_password("decoy-password").unwrap_or_default());
        rules::verify_password(password, decoy);
        return Err(refused());
    };
    if !rules::verify_password(password, &hash) || !active {
        return Err(refused());
    }
    Ok(Session::new(
        super::parse_id("id", &id)?,
        name,
        username,
        Role::parse(&role)?,
    ))
}
