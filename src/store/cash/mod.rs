//! The cash drawer's shifts: this counter's drawer opened with a counted
//! float, the payments taken here while it is open, pay-ins and pay-outs
//! with a reason, and the close with the counted cash against the cash
//! expected, the difference recorded and audited. A drawer is this
//! device's branch and counter; only one shift per drawer is open (a
//! unique index holds it). Each payment enters one shift's drawer once, so
//! two closes in a day never count a payment twice. The rules are in
//! `domain::cash`; this module never decides who may do what beyond
//! asking the permission matrix, and never edits a move.

pub mod close;
pub mod drawer;
pub mod read;

pub use close::{close, ShiftClose};
pub use drawer::{pay, CashMove};
pub use read::{current, get, list, MethodSum, Shift, ShiftMove};

use crate::domain::money;
use crate::domain::payment;
use crate::domain::shop::numbering::Series;
use crate::domain::shop::ShopProfile;
use crate::domain::staff::permissions::Action;
use crate::error::{Error, Result};
use crate::store::shop::outbox;
use crate::store::{shop, ts, Ctx, Db};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// This device's drawer: its branch and counter codes.
pub fn drawer_of(profile: &ShopProfile) -> String {
    format!("{}-{}", profile.branch_code, profile.counter_code)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ShiftOpen {
    /// The float counted into the drawer, as typed ("500.000").
    pub float: String,
}

/// Opens this counter's drawer for a shift with the float counted into it.
pub async fn open(db: &Db, ctx: &Ctx, input: ShiftOpen) -> Result<Shift> {
    ctx.require(Action::RunShift)?;
    let profile = shop::profile(db).await?;
    let cur = profile.currency;
    let float = payment::parse_amount("float", &input.float, cur)?;
    let drawer = drawer_of(&profile);
    let mut tx = db.begin().await?;
    let open: Option<String> =
        sqlx::query_scalar("SELECT number FROM shifts WHERE drawer = ? AND closed_at IS NULL")
            .bind(&drawer)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(number) = open {
        return Err(Error::invalid_state(
            "shift_open",
            format!("shift {number} is still open on this drawer"),
        ));
    }
    let year = ctx.now.with_timezone(&profile.tz()).year();
    let number = crate::store::repairs::tickets::next_number(
        &mut tx,
        &Series::of_shop("SF", &profile, year),
    )
    .await?;
    let id = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO shifts (id, number, drawer, currency, float, opened_by, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(&number)
    .bind(&drawer)
    .bind(cur.code())
    .bind(money::to_minor(float, cur))
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut *tx)
    .await?;
    let payload = serde_json::json!({
        "number": number, "drawer": drawer, "float": float.to_string(), "currency": cur.code(),
    });
    outbox::append(&mut tx, ctx, "shift", id, "open", &payload).await?;
    tx.commit().await?;
    get(db, ctx, id).await
}
