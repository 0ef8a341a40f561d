//! Reading shifts: the one open on this counter's drawer, any shift with
//! its moves and its figures by method, and the list of shifts (a clerk's
//! own; the owner's and admins' every counter's, synced ones included).

use crate::domain::cash::{self, DenominationCount};
use crate::domain::money::{self, Currency};
use crate::domain::staff::permissions::{allows, Action};
use crate::error::{Error, Result};
use crate::store::{parse_id, Ctx, Db, Tx};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::FromRow;
use ts_rs::TS;
use uuid::Uuid;

/// A method's net takings in a shift (payments less refunds and voids).
#[derive(Debug, Clone, Serialize, TS)]
pub struct MethodSum {
    pub method: String,
    #[ts(type = "number")]
    pub count: i64,
    #[ts(type = "string")]
    pub amount: Decimal,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ShiftMove {
    pub id: String,
    /// payment | refund | void | courier | pay_in | pay_out
    pub kind: String,
    pub method: String,
    /// Signed: into the drawer positive.
    #[ts(type = "string")]
    pub amount: Decimal,
    pub reason: Option<String>,
    pub note: Option<String>,
    /// The ticket's, order's or visit's number, or the courier's name.
    pub document: Option<String>,
    pub staff: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Shift {
    pub id: String,
    pub number: String,
    pub drawer: String,
    pub currency: Currency,
    #[ts(type = "string")]
    pub float: Decimal,
    pub opened_by_id: String,
    pub opened_by: String,
    pub opened_at: String,
    pub closed_by: Option<String>,
    pub closed_at: Option<String>,
    /// The cash the drawer should hold: now, or when it was closed.
    #[ts(type = "string")]
    pub expected: Decimal,
    #[ts(type = "string | null")]
    pub counted: Option<Decimal>,
    /// Counted less expected: negative is cash missing.
    #[ts(type = "string | null")]
    pub difference: Option<Decimal>,
    pub denominations: Vec<DenominationCount>,
    /// The notes and coins of the currency, largest first, for the count.
    pub notes_and_coins: Vec<String>,
    pub note: Option<String>,
    pub by_method: Vec<MethodSum>,
    #[ts(type = "string")]
    pub cash_taken: Decimal,
    /// Cash refunds and voided cash payments (as a positive amount).
    #[ts(type = "string")]
    pub cash_paid_back: Decimal,
    #[ts(type = "string")]
    pub courier_cash: Decimal,
    #[ts(type = "string")]
    pub pay_ins: Decimal,
    #[ts(type = "string")]
    pub pay_outs: Decimal,
    pub moves: Vec<ShiftMove>,
}

#[derive(FromRow)]
struct ShiftRow {
    id: String,
    number: String,
    drawer: String,
    currency: String,
    float: i64,
    opened_by: String,
    opened_by_name: String,
    opened_at: String,
    closed_by_name: Option<String>,
    closed_at: Option<String>,
    expected: Option<i64>,
    counted: Option<i64>,
    difference: Option<i64>,
    denominations: Option<String>,
    note: Option<String>,
}

#[derive(FromRow)]
struct MoveRow {
    id: String,
    kind: String,
    method: String,
    amount: i64,
    reason: Option<String>,
    note: Option<String>,
    document: Option<String>,
    staff: String,
    at: String,
}

const SHIFT: &str = "SELECT s.id, s.number, s.drawer, s.currency, s.float, s.opened_by, o.name AS opened_by_name, s.opened_at,
        c.name AS closed_by_name, s.closed_at, s.expected, s.counted, s.difference, s.denominations, s.note
     FROM shifts s JOIN staff o ON o.id = s.opened_by LEFT JOIN staff c ON c.id = s.closed_by";

/// The cash a shift's drawer should hold now, in minor units, read inside
/// the caller's transaction.
pub(crate) async fn expected_in(tx: &mut Tx, shift: Uuid) -> Result<i64> {
    let (float, moves): (i64, i64) = sqlx::query_as(
        "SELECT s.float, COALESCE((SELECT SUM(amount) FROM drawer_moves WHERE shift_id = s.id AND method = 'cash'), 0)
         FROM shifts s WHERE s.id = ?",
    )
    .bind(shift.to_string())
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| Error::not_found("shift"))?;
    Ok(float + moves)
}

/// A shift with its moves: a clerk sees this drawer's open shift and their
/// own; the owner and admins see every shift.
pub async fn get(db: &Db, ctx: &Ctx, id: Uuid) -> Result<Shift> {
    ctx.require(Action::RunShift)?;
    let row = row(db, id).await?;
    let here = current_id(db).await? == Some(id);
    if !here && row.opened_by != ctx.staff_id.to_string() && !allows(ctx.role, Action::ManageShifts)
    {
        return Err(Error::forbidden(
            "another's shift is for the owner or an admin",
        ));
    }
    build(db, row).await
}

async fn row(db: &Db, id: Uuid) -> Result<ShiftRow> {
    sqlx::query_as(&format!("{SHIFT} WHERE s.id = ?"))
        .bind(id.to_string())
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("shift"))
}

/// A shift for its printed summary (the caller has checked who may see it).
pub(crate) async fn load(db: &Db, id: Uuid) -> Result<Shift> {
    build(db, row(db, id).await?).await
}

async fn current_id(db: &Db) -> Result<Option<Uuid>> {
    let id: Option<String> = sqlx::query_scalar(
        "SELECT s.id FROM shifts s JOIN shop p ON p.id = 1
         WHERE s.drawer = p.branch_code || '-' || p.counter_code AND s.closed_at IS NULL",
    )
    .fetch_optional(&db.pool)
    .await?;
    id.map(|i| parse_id("shift_id", &i)).transpose()
}

/// The shift open on this counter's drawer, if any.
pub async fn current(db: &Db, ctx: &Ctx) -> Result<Option<Shift>> {
    ctx.require(Action::RunShift)?;
    match current_id(db).await? {
        Some(id) => get(db, ctx, id).await.map(Some),
        None => Ok(None),
    }
}

/// The newest shifts first (at most 200): a clerk's own, or every
/// counter's for the owner and admins.
pub async fn list(db: &Db, ctx: &Ctx) -> Result<Vec<Shift>> {
    ctx.require(Action::RunShift)?;
    let all = allows(ctx.role, Action::ManageShifts);
    let rows: Vec<ShiftRow> = sqlx::query_as(&format!(
        "{SHIFT} WHERE ?1 OR s.opened_by = ?2 ORDER BY s.opened_at DESC LIMIT 200"
    ))
    .bind(all)
    .bind(ctx.staff_id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(build(db, r).await?);
    }
    Ok(out)
}

async fn build(db: &Db, r: ShiftRow) -> Result<Shift> {
    let cur = Currency::parse(&r.currency)?;
    let m = |v: i64| money::from_minor(v, cur);
    let moves: Vec<MoveRow> = sqlx::query_as(
        "SELECT d.id, d.kind, d.method, d.amount, d.reason, d.note, st.name AS staff, d.at,
            CASE d.source
              WHEN 'payments' THEN (SELECT t.number FROM payments p JOIN tickets t ON t.id = p.ticket_id WHERE p.id = d.source_id)
              WHEN 'order_payments' THEN (SELECT o.number FROM order_payments p JOIN orders o ON o.id = p.order_id WHERE p.id = d.source_id)
              WHEN 'visit_payments' THEN (SELECT v.number FROM visit_payments p JOIN visits v ON v.id = p.visit_id WHERE p.id = d.source_id)
              WHEN 'service_order_payments' THEN (SELECT o.number FROM service_order_payments p JOIN service_orders o ON o.id = p.order_id WHERE p.id = d.source_id)
              WHEN 'courier_reconciliations' THEN (SELECT c.name FROM courier_reconciliations r JOIN staff c ON c.id = r.courier_id WHERE r.id = d.source_id)
            END AS document
         FROM drawer_moves d JOIN staff st ON st.id = d.staff_id WHERE d.shift_id = ? ORDER BY d.at, d.id",
    )
    .bind(&r.id)
    .fetch_all(&db.pool)
    .await?;
    let mut by_method: Vec<MethodSum> = vec![];
    let (mut taken, mut back, mut courier, mut ins, mut outs) = (0i64, 0i64, 0i64, 0i64, 0i64);
    for mv in &moves {
        let cash = mv.method == "cash";
        match mv.kind.as_str() {
            "payment" | "refund" | "void" => {
                let i = match by_method.iter().position(|b| b.method == mv.method) {
                    Some(i) => i,
                    None => {
                        by_method.push(MethodSum {
                            method: mv.method.clone(),
                            count: 0,
                            amount: Decimal::ZERO,
                        });
                        by_method.len() - 1
                    }
                };
                by_method[i].amount += m(mv.amount);
                if mv.kind == "payment" {
                    by_method[i].count += 1;
                }
                if cash && mv.kind == "payment" {
                    taken += mv.amount;
                } else if cash {
                    back -= mv.amount;
                }
            }
            "courier" => courier += mv.amount,
            "pay_in" => ins += mv.amount,
            _ => outs -= mv.amount,
        }
    }
    let live = cash::expected_cash(
        r.float,
        moves.iter().map(|mv| (mv.method.as_str(), mv.amount)),
    );
    let denominations = match &r.denominations {
        Some(j) => serde_json::from_str(j).map_err(|e| Error::Storage {
            message: format!("shift {}: {e}", r.number),
        })?,
        None => vec![],
    };
    Ok(Shift {
        expected: m(r.expected.unwrap_or(live)),
        counted: r.counted.map(m),
        difference: r.difference.map(m),
        float: m(r.float),
        id: r.id,
        number: r.number,
        drawer: r.drawer,
        currency: cur,
        opened_by_id: r.opened_by,
        opened_by: r.opened_by_name,
        opened_at: r.opened_at,
        closed_by: r.closed_by_name,
        closed_at: r.closed_at,
        denominations,
        notes_and_coins: cash::denominations(cur)
            .iter()
            .map(|d| d.to_string())
            .collect(),
        note: r.note,
        by_method,
        cash_taken: m(taken),
        cash_paid_back: m(back),
        courier_cash: m(courier),
        pay_ins: m(ins),
        pay_outs: m(outs),
        moves: moves
            .into_iter()
            .map(|mv| ShiftMove {
                amount: m(mv.amount),
                id: mv.id,
                kind: mv.kind,
                method: mv.method,
                reason: mv.reason,
                note: mv.note,
                document: mv.document,
                staff: mv.staff,
                at: mv.at,
            })
            .collect(),
    })
}
