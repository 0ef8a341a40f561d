//! Importing WooCommerce orders (a file of `GET /wp-json/wc/v3/orders`
//! pages, or a webhook body). Idempotent: an order is keyed by its store and
//! Woo id; the same order twice changes nothing, a changed one (newer
//! `date_modified_gmt`) gets its new status. A bad record is reported with
//! its reason and skipped; the rest go on. Records are written in batches of
//! 500 per transaction; each is checked in full before any of it is written.

use crate::domain::staff::permissions::Action;
use crate::domain::web_store::woo::{self};
use crate::error::{check, Error, Result};
use crate::store::{shop, Ctx, Db};
use serde::Serialize;
use ts_rs::TS;

use crate::store::shop::journal::Journal;
use crate::store::web_store::record::{prepare, Lookups, Outcome};
use crate::store::web_store::write::{apply, Batch};

/// Records per transaction.
const CHUNK: usize = 500;

#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct ImportReport {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub rejected: Vec<RejectedRecord>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RejectedRecord {
    /// Position in the file (0-based).
    pub index: u32,
    /// The Woo order id, when it could be read.
    pub woo_id: Option<String>,
    /// The refusal's code, for the screen's message catalog.
    pub code: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
}

/// Imports a batch of orders as JSON text; `store` names the web store
/// (e.g. its host) so two stores' ids never collide.
pub async fn import_json(
    db: &Db,
    ctx: &Ctx,
    store: &str,
    text: &str,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> Result<ImportReport> {
    ctx.require(Action::Sell)?;
    let store = check::required("store", store, 200)?;
    let records = woo::parse_batch(text)?;
    import_values(db, ctx, &store, records, progress).await
}

pub(crate) async fn import_values(
    db: &Db,
    ctx: &Ctx,
    store: &str,
    records: Vec<serde_json::Value>,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> Result<ImportReport> {
    let profile = shop::profile(db).await?;
    let source = format!("woocommerce:{store}");
    // Payments from a file or a pull count as verified only when the
    // importer may verify payments; otherwise they wait for someone who may.
    let may_verify = crate::domain::staff::permissions::allows(ctx.role, Action::VerifyPayment);
    let total = records.len() as u32;
    let mut report = ImportReport::default();
    let mut lookups = Lookups::default();
    let mut records = records.into_iter();
    for chunk_no in 0.. {
        let chunk: Vec<_> = records.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let mut tx = db.begin().await?;
        lookups.prefetch(&mut tx, &source, &chunk).await?;
        let mut batch = Batch {
            db,
            ctx,
            profile: &profile,
            source: &source,
            journal: Journal::default(),
        };
        for (i, value) in chunk.into_iter().enumerate() {
            let index = (chunk_no * CHUNK + i) as u32;
            let woo_id = value.get("id").map(|v| v.to_string());
            // A record is checked in full before anything of it is written;
            // a failure after that is the database's and stops the import.
            match prepare(&mut tx, &mut lookups, &profile, &source, may_verify, value).await {
                Ok(plan) => match apply(&mut tx, &mut batch, &mut lookups.stock, plan).await? {
                    Outcome::Created => report.created += 1,
                    Outcome::Updated => report.updated += 1,
                    Outcome::Unchanged => report.unchanged += 1,
                },
                Err(e @ Error::Storage { .. }) => return Err(e),
                Err(e) => report.rejected.push(RejectedRecord {
                    index,
                    woo_id,
                    code: e.code().map(str::to_string),
                    reason: e.to_string(),
                }),
            }
        }
        batch.journal.flush(&mut tx).await?;
        tx.commit().await?;
        progress(ImportProgress {
            done: ((chunk_no + 1) * CHUNK).min(total as usize) as u32,
            total,
        });
    }
    Ok(report)
}

/// Repairs databases written before web payments needed the store's paid
/// date: a payment imported without one (`processing` cash on delivery, a
/// manual status change), or a COD payment on an order not yet received, is
/// voided with a reason (audited; it stays listed), and an order it made
/// "payment received" waits for payment again. Idempotent; returns the
/// order numbers repaired.
pub async fn void_unproven_payments(
    db: &Db,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<String>> {
    use crate::domain::sales::order::{transition, Context, OrderStatus, OrderTrigger};
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT p.id, o.id, o.number, p.amount FROM order_payments p JOIN orders o ON o.id = p.order_id
         WHERE p.kind = 'payment' AND p.status = 'verified' AND p.reference LIKE 'woocommerce #%'
           AND (p.received_at = p.decided_at OR o.payment_method = 'cod')
           -- A COD order delivered since: that payment stands for the cash
           -- taken at the door (the old delivery recorded none of its own).
           AND NOT (o.payment_method = 'cod' AND o.status IN ('picked_up', 'delivered'))",
    )
    .fetch_all(&db.pool)
    .await?;
    let ctx = Ctx {
        staff_id: crate::store::sales::orders::SYSTEM,
        role: crate::domain::staff::Role::Admin,
        now,
    };
    let reason = "Toko web tidak mencatat tanggal bayar: pembayaran tidak terbukti";
    let mut done = vec![];
    for (pid, oid, number, amount) in rows {
        let mut tx = db.begin().await?;
        let changed = sqlx::query(
            "UPDATE order_payments SET status = 'void', void_reason = ? WHERE id = ? AND status = 'verified'",
        )
        .bind(reason)
        .bind(&pid)
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 0 {
            continue;
        }
        let (pid, oid) = (
            crate::store::parse_id("id", &pid)?,
            crate::store::parse_id("id", &oid)?,
        );
        let before = serde_json::json!({ "status": "verified", "amount_minor": amount });
        let after = serde_json::json!({ "status": "void", "reason": reason });
        crate::store::shop::outbox::append_change(
            &mut tx,
            &ctx,
            "order_payment",
            pid,
            "void",
            &before,
            &after,
        )
        .await?;
        let order = crate::store::sales::orders::detail_in(db, &mut tx, oid).await?;
        let moved = match order.status {
            OrderStatus::PaymentReceived if order.balance > rust_decimal::Decimal::ZERO => {
                let cod = order.payment_method == "cod";
                let to = transition(
                    order.status,
                    OrderTrigger::PaymentVoided,
                    Context { cod, paid: false },
                )?;
                Some((Some(order.status), to))
            }
            _ => None,
        };
        let data = serde_json::json!({ "payment_id": pid, "amount_minor": amount });
        crate::store::sales::orders::append_event(
            &mut tx,
            &ctx,
            oid,
            "payment_voided",
            moved,
            Some(reason),
            data,
        )
        .await?;
        tx.commit().await?;
        done.push(number);
    }
    done.extend(refund_refunded(db, &ctx).await?);
    Ok(done)
}

/// Orders the store refunded that older imports cancelled while keeping
/// their payment: the refund is recorded (the store's gateway paid it back).
async fn refund_refunded(db: &Db, ctx: &Ctx) -> Result<Vec<String>> {
    let rows: Vec<(String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT o.id, o.number,
            (SELECT COALESCE(SUM(CASE WHEN kind = 'refund' THEN -amount ELSE amount END), 0) FROM order_payments WHERE order_id = o.id AND status = 'verified') AS net,
            (SELECT method FROM order_payments WHERE order_id = o.id AND kind = 'payment' AND status = 'verified' ORDER BY received_at LIMIT 1)
         FROM orders o
         WHERE o.status = 'cancelled' AND o.source LIKE 'woocommerce:%'
           AND (SELECT json_extract(e.data, '$.woo_status') FROM order_events e WHERE e.order_id = o.id ORDER BY e.at DESC, e.rowid DESC LIMIT 1) = 'refunded'
           AND net > 0",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut done = vec![];
    for (oid, number, net, method) in rows {
        let mut tx = db.begin().await?;
        // Read again inside the transaction: refunded once.
        let still: i64 = sqlx::query_scalar(
            "SELECT COALESCE(SUM(CASE WHEN kind = 'refund' THEN -amount ELSE amount END), 0) FROM order_payments WHERE order_id = ? AND status = 'verified'",
        )
        .bind(&oid)
        .fetch_one(&mut *tx)
        .await?;
        if still != net || net <= 0 {
            continue;
        }
        let id = crate::domain::new_id();
        let cur: String = sqlx::query_scalar("SELECT currency FROM orders WHERE id = ?")
            .bind(&oid)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO order_payments (id, order_id, kind, method, amount, currency, status, reference, received_by, received_at, decided_by, decided_at)
                     VALUES (?, ?, 'refund', ?, ?, ?, 'verified', 'woocommerce refunded', ?, ?, ?, ?)")
            .bind(id.to_string())
            .bind(&oid)
            .bind(method.unwrap_or_else(|| "bank_transfer".into()))
            .bind(net)
            .bind(&cur)
            .bind(ctx.staff_id.to_string())
            .bind(crate::store::ts(ctx.now))
            .bind(ctx.staff_id.to_string())
            .bind(crate::store::ts(ctx.now))
            .execute(&mut *tx)
            .await?;
        let oid = crate::store::parse_id("id", &oid)?;
        let data =
            serde_json::json!({ "refund_minor": net, "reason": "refunded in the web store" });
        crate::store::sales::orders::append_event(
            &mut tx,
            ctx,
            oid,
            "store_refund_recorded",
            None,
            Some("Dana dikembalikan oleh toko web"),
            data,
        )
        .await?;
        tx.commit().await?;
        done.push(number);
    }
    Ok(done)
}
