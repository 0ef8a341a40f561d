//! The cash drawer in the money model: a shift open from the start, now
//! and then a pay-out, a close (counted exactly or short with a note) and
//! a new shift. Checked after every step: each payment is in one drawer
//! once and with its own amount and sign, no move joins a closed shift,
//! and a closed shift's expected cash is its float plus its cash moves.

use super::Model;
use konter::domain::cash::{CashDirection, CashReason};
use konter::store::cash::{self, CashMove, ShiftClose, ShiftOpen};
use konter::store::{Ctx, Db};
use konter::Error;
use rand::Rng;

impl Model {
    pub(super) async fn open_shift(&mut self, db: &Db, ctx: &Ctx) -> Result<(), Error> {
        let float = ["0", "300.000", "1.000.000"][self.rng.gen_range(0..3)];
        cash::open(
            db,
            ctx,
            ShiftOpen {
                float: float.into(),
            },
        )
        .await
        .map(drop)
    }

    pub(super) async fn drawer(&mut self, db: &Db, ctx: &Ctx) -> Result<(), Error> {
        let Some(open) = cash::current(db, ctx).await? else {
            return self.open_shift(db, ctx).await;
        };
        if self.rng.gen_bool(0.4) {
            let pay = CashMove {
                direction: CashDirection::PayOut,
                reason: CashReason::Supplies,
                amount: ["50.000", "5.000.000"][self.rng.gen_range(0..2)].into(),
                note: None,
            };
            return cash::pay(db, ctx, pay).await.map(drop);
        }
        let short = self.rng.gen_bool(0.3);
        let counted = if short {
            (open.expected - rust_decimal::Decimal::from(1000)).max(rust_decimal::Decimal::ZERO)
        } else {
            open.expected
        };
        let close = ShiftClose {
            counted: Some(counted.to_string()),
            denominations: vec![],
            note: short.then(|| "selisih kembalian".to_string()),
        };
        // The other counter may have closed it meanwhile: a typed refusal.
        cash::close(db, ctx, open.id.parse().unwrap(), close).await?;
        self.open_shift(db, ctx).await
    }

    pub(super) async fn check_drawer(&self) {
        let pool = &self.s.db.pool;
        let at = format!("seed {} step {}", self.seed, self.step);
        // Every move of a payment matches it: amount, sign and method.
        let wrong: Vec<(String, String)> = sqlx::query_as(
            "SELECT d.source, d.source_id FROM drawer_moves d
             LEFT JOIN order_payments o ON d.source = 'order_payments' AND o.id = d.source_id
             LEFT JOIN payments t ON d.source = 'payments' AND t.id = d.source_id
             LEFT JOIN visit_payments v ON d.source = 'visit_payments' AND v.id = d.source_id
             LEFT JOIN courier_reconciliations r ON d.source = 'courier_reconciliations' AND r.id = d.source_id
             WHERE d.source IS NOT NULL AND d.kind <> 'void' AND NOT (
                 (o.id IS NOT NULL AND o.status = 'verified' AND o.method = d.method
                    AND d.amount = CASE o.kind WHEN 'refund' THEN -o.amount ELSE o.amount END)
              OR (t.id IS NOT NULL AND t.method = d.method
                    AND d.amount = CASE t.kind WHEN 'refund' THEN -t.amount ELSE t.amount END)
              OR (v.id IS NOT NULL AND v.method = d.method AND d.amount = v.amount)
              OR (r.id IS NOT NULL AND d.method = 'cash' AND d.amount = r.handed_in))",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        assert!(
            wrong.is_empty(),
            "{at}: drawer moves unlike their payments: {wrong:?}"
        );
        // No payment in two drawers; no move written after its shift closed
        // (in commit order: the steps' clocks are not in order).
        let twice: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT source_id FROM drawer_moves WHERE source_id IS NOT NULL AND kind <> 'void'
             GROUP BY source, source_id HAVING COUNT(*) > 1)",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(twice, 0, "{at}: a payment in two drawers");
        let late: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM drawer_moves d
             JOIN outbox m ON m.entity = 'drawer_move' AND m.entity_id = d.id
             JOIN outbox c ON c.entity = 'shift' AND c.op = 'close' AND c.entity_id = d.shift_id
             WHERE m.seq > c.seq",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(late, 0, "{at}: a move joined a closed shift");
        let off: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT s.number, s.expected, s.float + COALESCE((SELECT SUM(amount) FROM drawer_moves WHERE shift_id = s.id AND method = 'cash'), 0)
             FROM shifts s WHERE s.closed_at IS NOT NULL",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        for (number, expected, moves) in off {
            assert_eq!(
                expected, moves,
                "{at}: shift {number} closed on other figures"
            );
        }
        let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shifts WHERE closed_at IS NULL")
            .fetch_one(pool)
            .await
            .unwrap();
        assert!(open <= 1, "{at}: {open} shifts open on one drawer");
    }
}
