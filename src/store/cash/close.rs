//! Closing a shift: the cash counted (typed, or by denomination) against
//! the cash expected, read and checked inside the closing transaction so a
//! payment taken meanwhile is either in the expected cash or refused the
//! shift. A closed shift is never closed again nor edited (a trigger
//! holds it), and the difference is audited with the close.

use super::read::{expected_in, get, Shift};
use crate::domain::cash::{self, DenominationCount};
use crate::domain::money::{self, Currency};
use crate::domain::staff::permissions::{allows, Action};
use crate::error::{Error, Result};
use crate::store::shop::outbox;
use crate::store::{ts, Ctx, Db};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ShiftClose {
    /// The cash counted, as typed; may be left empty when counted by
    /// denomination.
    pub counted: Option<String>,
    #[serde(default)]
    pub denominations: Vec<DenominationCount>,
    /// Required when the count differs from the expected cash.
    pub note: Option<String>,
}

/// Closes a shift of this counter's drawer with the counted cash: one's
/// own, or a colleague's for the owner and admins.
pub async fn close(db: &Db, ctx: &Ctx, id: Uuid, input: ShiftClose) -> Result<Shift> {
    ctx.require(Action::RunShift)?;
    let mut tx = db.begin().await?;
    let row: Option<(String, String, String, Option<String>, i64, bool)> = sqlx::query_as(
        "SELECT s.number, s.opened_by, s.currency, s.closed_at, s.float, s.drawer = p.branch_code || '-' || p.counter_code
         FROM shifts s JOIN shop p ON p.id = 1 WHERE s.id = ?",
    )
    .bind(id.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let (number, opened_by, currency, closed_at, float, here) =
        row.ok_or_else(|| Error::not_found("shift"))?;
    if opened_by != ctx.staff_id.to_string() && !allows(ctx.role, Action::ManageShifts) {
        return Err(Error::forbidden(
            "a colleague's shift is closed by the owner or an admin",
        ));
    }
    if closed_at.is_some() {
        return Err(Error::invalid_state(
            "shift_closed",
            format!("shift {number} is already closed"),
        ));
    }
    // The cash is counted where it is: another counter's drawer closes there.
    if !here {
        return Err(Error::invalid_state(
            "other_drawer",
            format!("shift {number} is another counter's drawer"),
        ));
    }
    let cur = Currency::parse(&currency)?;
    let expected = expected_in(&mut tx, id).await?;
    let (counted, note) = cash::check_close(
        cur,
        input.counted.as_deref(),
        &input.denominations,
        money::from_minor(expected, cur),
        input.note.as_deref(),
    )?;
    let counted = money::to_minor(counted, cur);
    let difference = counted - expected;
    let counts: Vec<&DenominationCount> =
        input.denominations.iter().filter(|c| c.count > 0).collect();
    let denominations = (!counts.is_empty())
        .then(|| serde_json::to_string(&counts))
        .transpose()
        .map_err(|e| Error::Storage {
            message: e.to_string(),
        })?;
    sqlx::query(
        "UPDATE shifts SET closed_by = ?, closed_at = ?, expected = ?, counted = ?, difference = ?, denominations = ?, note = ?
         WHERE id = ? AND closed_at IS NULL",
    )
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .bind(expected)
    .bind(counted)
    .bind(difference)
    .bind(&denominations)
    .bind(&note)
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    let amount = |v: i64| money::from_minor(v, cur).to_string();
    let before = serde_json::json!({ "number": number, "float": amount(float), "closed": false });
    let after = serde_json::json!({
        "number": number, "closed": true, "expected": amount(expected), "counted": amount(counted),
        "difference": amount(difference), "note": note, "opened_by": opened_by,
    });
    outbox::append_change(&mut tx, ctx, "shift", id, "close", &before, &after).await?;
    tx.commit().await?;
    get(db, ctx, id).await
}
