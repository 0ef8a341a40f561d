//! Staff accounts: adding, listing, changing role or status, and the owner's
//! password reset. Signing in lives in `signin`.

use crate::domain::staff::permissions::Action;
use crate::domain::staff::{self as rules, Role};
use crate::error::{check, Error, Result};
pub use crate::store::staff::signin::{login, Session};
use crate::store::{shop::outbox, Ctx, Db, Tx};
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewStaff {
    pub name: String,
    pub username: String,
    pub password: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS, FromRow)]
pub struct StaffMember {
    #[sqlx(try_from = "String")]
    pub id: Uuid,
    pub name: String,
    pub username: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub active: bool,
    pub has_pin: bool,
    pub must_change_password: bool,
}

/// What the owner or an admin may change on an account.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StaffUpdate {
    pub name: String,
    pub role: Role,
    pub active: bool,
}

impl TryFrom<String> for Role {
    type Error = Error;
    fn try_from(s: String) -> Result<Role> {
        Role::parse(&s)
    }
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
        .bind(crate::store::ts(ctx.now))
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
        return Err(Error::validation(
            "role",
            "owner_only",
            "only the owner may add an owner",
        ));
    }
    let id = crate::domain::new_id();
    let mut tx = db.begin().await?;
    insert(&mut tx, ctx, id, &s).await?;
    tx.commit().await?;
    get(db, id).await
}

const MEMBER: &str = "SELECT id, name, username, role, active, (pin_hash IS NOT NULL) AS has_pin, must_change_password FROM staff";

pub async fn list(db: &Db) -> Result<Vec<StaffMember>> {
    Ok(
        sqlx::query_as(&format!("{MEMBER} ORDER BY active DESC, name"))
            .fetch_all(&db.pool)
            .await?,
    )
}

pub async fn get(db: &Db, id: Uuid) -> Result<StaffMember> {
    sqlx::query_as(&format!("{MEMBER} WHERE id = ?"))
        .bind(id.to_string())
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("staff"))
}

/// Renames, changes the role of, or (de)activates an account. Owner accounts
/// and the owner role are the owner's alone; the last active owner stays.
pub async fn update(db: &Db, ctx: &Ctx, id: Uuid, input: StaffUpdate) -> Result<StaffMember> {
    ctx.require(Action::ManageStaff)?;
    let name = check::required("name", &input.name, 100)?;
    let before = get(db, id).await?;
    if (before.role == Role::Owner || input.role == Role::Owner) && ctx.role != Role::Owner {
        return Err(Error::validation(
            "role",
            "owner_only",
            "only the owner may change an owner",
        ));
    }
    if id == ctx.staff_id && (!input.active || input.role != before.role) {
        return Err(Error::validation(
            "role",
            "not_yourself",
            "ask another owner or admin",
        ));
    }
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE staff SET name = ?, role = ?, active = ? WHERE id = ?")
        .bind(&name)
        .bind(input.role.as_str())
        .bind(input.active)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let owners: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM staff WHERE role = 'owner' AND active = 1")
            .fetch_one(&mut *tx)
            .await?;
    if owners == 0 {
        return Err(Error::validation(
            "role",
            "last_owner",
            "the shop needs an active owner",
        ));
    }
    let after = StaffMember {
        name,
        role: input.role,
        active: input.active,
        ..before.clone()
    };
    outbox::append_change(&mut tx, ctx, "staff", id, "update", &before, &after).await?;
    tx.commit().await?;
    Ok(after)
}

/// The owner sets a temporary password for someone who forgot theirs; they
/// must choose a new one at their next sign-in, and their PIN is cleared.
pub async fn reset_password(db: &Db, ctx: &Ctx, id: Uuid, temporary: &str) -> Result<StaffMember> {
    ctx.require(Action::ResetPassword)?;
    if id == ctx.staff_id {
        return Err(Error::validation(
            "password",
            "not_yourself",
            "change your own password instead",
        ));
    }
    let before = get(db, id).await?;
    let hash = rules::hash_password(temporary)?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE staff SET password_hash = ?, must_change_password = 1, pin_hash = NULL, pin_failures = 0 WHERE id = ?")
        .bind(hash)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    let after = StaffMember {
        has_pin: false,
        must_change_password: true,
        ..before.clone()
    };
    outbox::append_change(&mut tx, ctx, "staff", id, "password_reset", &before, &after).await?;
    tx.commit().await?;
    Ok(after)
}
