//! What goes through the drawer: the payments taken at this counter while
//! its shift is open (written by the payment's own transaction, so a
//! payment and its drawer move exist together or not at all), a voided
//! payment taken back out, a courier's cash handed in, and the pay-ins
//! and pay-outs a clerk records with their reason.

use super::read::{get, Shift};
use crate::domain::cash::{self, CashDirection, CashReason};
use crate::domain::money::{self, Currency};
use crate::domain::payment;
use crate::domain::staff::permissions::Action;
use crate::error::{Error, Result};
use crate::store::shop::outbox;
use crate::store::{shop, ts, Ctx, Db, Tx};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// The shift open on this device's drawer, read inside the caller's
/// transaction.
pub(crate) async fn open_shift(tx: &mut Tx) -> Result<Option<Uuid>> {
    let id: Option<String> = sqlx::query_scalar(
        "SELECT s.id FROM shifts s JOIN shop p ON p.id = 1
         WHERE s.drawer = p.branch_code || '-' || p.counter_code AND s.closed_at IS NULL",
    )
    .fetch_optional(&mut **tx)
    .await?;
    id.map(|i| crate::store::parse_id("shift_id", &i))
        .transpose()
}

/// Which payment a drawer move is: a ticket's, an order's or a visit's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Ticket,
    Order,
    Visit,
    ServiceOrder,
}

impl Source {
    fn table(self) -> &'static str {
        match self {
            Source::Ticket => "payments",
            Source::Order => "order_payments",
            Source::Visit => "visit_payments",
            Source::ServiceOrder => "service_order_payments",
        }
    }
}

/// Records money taken (or paid back, `refund`) at this counter in the
/// open shift's drawer, if a shift is open here: `amount` is positive,
/// the sign follows the kind.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn take(
    tx: &mut Tx,
    ctx: &Ctx,
    source: Source,
    source_id: Uuid,
    kind: &str,
    method: &str,
    amount: i64,
    cur: Currency,
) -> Result<()> {
    let Some(shift) = open_shift(tx).await? else {
        return Ok(());
    };
    let signed = match kind {
        "refund" | "void" => -amount,
        _ => amount,
    };
    let kind = match kind {
        "refund" | "void" | "courier" => kind,
        _ => "payment",
    };
    insert(
        tx,
        ctx,
        shift,
        kind,
        method,
        signed,
        cur,
        Some((source, source_id)),
        None,
        None,
    )
    .await
}

/// A voided ticket payment comes out of the drawer it went into while that
/// shift is open and the drawer is this counter's. A payment of a closed
/// shift was counted at its close, and another counter's drawer is closed
/// there: neither is cash leaving this drawer now.
pub(crate) async fn void(tx: &mut Tx, ctx: &Ctx, payment: Uuid) -> Result<()> {
    let went_in: Option<(String, String, i64, String)> = sqlx::query_as(
        "SELECT d.shift_id, d.method, d.amount, d.currency FROM drawer_moves d JOIN shifts s ON s.id = d.shift_id
         JOIN shop p ON p.id = 1
         WHERE d.source = 'payments' AND d.source_id = ? AND d.kind IN ('payment', 'refund') AND s.closed_at IS NULL
           AND s.drawer = p.branch_code || '-' || p.counter_code",
    )
    .bind(payment.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    let Some((shift, method, amount, currency)) = went_in else {
        return Ok(());
    };
    let shift = crate::store::parse_id("shift_id", &shift)?;
    let cur = Currency::parse(&currency)?;
    let source = Some((Source::Ticket, payment));
    insert(
        tx, ctx, shift, "void", &method, -amount, cur, source, None, None,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    tx: &mut Tx,
    ctx: &Ctx,
    shift: Uuid,
    kind: &str,
    method: &str,
    amount: i64,
    cur: Currency,
    source: Option<(Source, Uuid)>,
    reason: Option<CashReason>,
    note: Option<&str>,
) -> Result<()> {
    let id = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO drawer_moves (id, shift_id, kind, method, amount, currency, source, source_id, reason, note, staff_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(shift.to_string())
    .bind(kind)
    .bind(method)
    .bind(amount)
    .bind(cur.code())
    .bind(source.map(|(s, _)| s.table()))
    .bind(source.map(|(_, i)| i.to_string()))
    .bind(reason.map(CashReason::as_str))
    .bind(note)
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut **tx)
    .await?;
    let payload = serde_json::json!({
        "shift_id": shift, "kind": kind, "method": method, "currency": cur.code(),
        "amount": money::from_minor(amount, cur).to_string(),
        "source": source.map(|(s, i)| format!("{}:{i}", s.table())),
        "reason": reason, "note": note,
    });
    outbox::append(tx, ctx, "drawer_move", id, kind, &payload).await
}

/// A pay-in or pay-out typed at the counter.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CashMove {
    pub direction: CashDirection,
    pub reason: CashReason,
    pub amount: String,
    pub note: Option<String>,
}

/// Cash put into or taken out of this counter's drawer without a sale. A
/// pay-out cannot take more than the drawer should hold.
pub async fn pay(db: &Db, ctx: &Ctx, input: CashMove) -> Result<Shift> {
    ctx.require(Action::RunShift)?;
    let cur = shop::profile(db).await?.currency;
    let amount = payment::parse_amount("amount", &input.amount, cur)?;
    let note = cash::check_move(input.direction, input.reason, amount, input.note.as_deref())?;
    let mut tx = db.begin().await?;
    let Some(shift) = open_shift(&mut tx).await? else {
        return Err(Error::invalid_state(
            "no_open_shift",
            "open the drawer's shift first",
        ));
    };
    let (kind, signed) = match input.direction {
        CashDirection::PayIn => ("pay_in", money::to_minor(amount, cur)),
        CashDirection::PayOut => {
            let held = super::read::expected_in(&mut tx, shift).await?;
            let out = money::to_minor(amount, cur);
            if out > held {
                return Err(Error::validation(
                    "amount",
                    "more_than_drawer",
                    format!(
                        "the drawer should hold {}",
                        money::format(money::from_minor(held, cur), cur)
                    ),
                ));
            }
            ("pay_out", -out)
        }
    };
    insert(
        &mut tx,
        ctx,
        shift,
        kind,
        "cash",
        signed,
        cur,
        None,
        Some(input.reason),
        note.as_deref(),
    )
    .await?;
    tx.commit().await?;
    get(db, ctx, shift).await
}
