//! The money model's invariants, checked after every step (see the
//! module above): money per order, visits, couriers' cash, web payments,
//! the day report, stock and units, the audit chain.

use super::Model;
use chrono::Duration;
use konter::store::sales::catalog;

impl Model {
    pub(super) async fn check(&self) {
        let pool = &self.s.db.pool;
        let at = format!("seed {} step {}", self.seed, self.step);
        // Per order: refunds ≤ payments; nothing kept beyond what it asks for.
        type OrderMoney = (String, String, i64, i64, i64, i64, Option<String>);
        let rows: Vec<OrderMoney> = sqlx::query_as(
            "SELECT o.number, o.status, o.total,
                COALESCE((SELECT SUM(amount) FROM order_payments WHERE order_id = o.id AND status = 'verified' AND kind = 'payment'), 0),
                COALESCE((SELECT SUM(amount) FROM order_payments WHERE order_id = o.id AND status = 'verified' AND kind = 'refund'), 0),
                COALESCE((SELECT SUM(COALESCE(refund_amount, 0) + CASE WHEN shipping_paid_by = 'shop' THEN COALESCE(return_shipping, 0) ELSE 0 END) FROM returns WHERE order_id = o.id), 0)
                  + COALESCE((SELECT SUM(amount) FROM order_credits WHERE order_id = o.id), 0),
                o.source
             FROM orders o",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        for (number, status, total, paid, refunded, returned, source) in rows {
            // The counter's own orders leave only paid (the web store may
            // complete an order it never said was paid).
            let web = source.is_some_and(|s| s.starts_with("woocommerce:"));
            if !web && matches!(status.as_str(), "picked_up" | "delivered") {
                assert!(
                    paid - refunded >= total - returned,
                    "{at}: {number} left the shop owing {}",
                    total - returned - paid + refunded
                );
            }
            assert!(
                refunded <= paid,
                "{at}: {number} refunded {refunded} of {paid}"
            );
            let net = paid - refunded;
            if status != "cancelled" {
                assert!(
                    net <= total - returned,
                    "{at}: {number} keeps {net}, asks {}",
                    total - returned
                );
            }
            assert!(
                returned <= total,
                "{at}: {number} returned {returned} of {total}"
            );
        }
        // A pending transfer can still be decided: never on a cancelled order.
        let stuck: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM order_payments p JOIN orders o ON o.id = p.order_id WHERE p.status = 'pending' AND o.status = 'cancelled'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(stuck, 0, "{at}: a pending payment on a cancelled order");
        // A visit is never paid beyond its live invoice.
        let over: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT v.number, COALESCE((SELECT SUM(amount) FROM visit_payments WHERE visit_id = v.id), 0) AS paid,
                COALESCE((SELECT total FROM visit_invoices WHERE visit_id = v.id AND voided_at IS NULL), 0) AS total
             FROM visits v WHERE paid > total",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        assert!(
            over.is_empty(),
            "{at}: visits paid beyond their invoice {over:?}"
        );
        // Courier cash: never beyond what was due; a closed run adds up.
        let beyond: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM courier_cash c JOIN courier_jobs j ON j.id = c.job_id WHERE c.amount > j.cash_to_collect",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(beyond, 0, "{at}: courier cash beyond what was due");
        let runs: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT r.day, r.expected, r.handed_in, r.difference,
                COALESCE((SELECT SUM(c.amount) FROM courier_cash c JOIN courier_jobs j ON j.id = c.job_id WHERE j.courier_id = r.courier_id AND j.planned_on = r.day), 0)
             FROM courier_reconciliations r",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        for (day, expected, handed, diff, collected) in runs {
            assert_eq!(
                expected, collected,
                "{at}: run of {day} expected what its jobs collected"
            );
            assert_eq!(diff, handed - expected, "{at}: run of {day}");
        }
        // No web payment without the store's paid date.
        let web: Vec<(String,)> = sqlx::query_as(
            "SELECT o.external_id FROM order_payments p JOIN orders o ON o.id = p.order_id
             WHERE p.kind = 'payment' AND p.status IN ('verified', 'pending') AND p.reference LIKE 'woocommerce #%'",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        for (ext,) in web {
            let id: u64 = ext.parse().unwrap();
            assert!(
                self.woo.get(&id).is_some_and(|(_, p)| *p),
                "{at}: web order {id} paid without a paid date"
            );
        }
        // The day report's money = the payment tables of that day.
        let day = self
            .ctx()
            .now
            .with_timezone(&chrono_tz::Asia::Jakarta)
            .date_naive();
        let report =
            konter::store::sales::reports::day(&self.s.db, &self.ctx(), Some(&day.to_string()))
                .await
                .unwrap();
        let start = chrono::TimeZone::from_local_datetime(
            &chrono_tz::Asia::Jakarta,
            &day.and_hms_opt(0, 0, 0).unwrap(),
        )
        .unwrap()
        .with_timezone(&chrono::Utc);
        let (from, to) = (
            konter::store::ts(start),
            konter::store::ts(start + Duration::days(1)),
        );
        let sum: i64 = sqlx::query_scalar(
            "SELECT COALESCE(SUM(CASE WHEN kind = 'refund' THEN -amount ELSE amount END), 0) FROM (
                SELECT kind, amount FROM order_payments WHERE status = 'verified' AND COALESCE(decided_at, received_at) >= ?1 AND COALESCE(decided_at, received_at) < ?2
                UNION ALL SELECT kind, amount FROM payments WHERE voided_at IS NULL AND received_at >= ?1 AND received_at < ?2
                UNION ALL SELECT 'payment', amount FROM visit_payments WHERE received_at >= ?1 AND received_at < ?2)",
        )
        .bind(&from)
        .bind(&to)
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(
            report.taken,
            rust_decimal::Decimal::from(sum),
            "{at}: day report"
        );
        // Stock: on hand = its moves, never negative; nothing held beyond it;
        // serialised on hand = its units in stock.
        for p in &self.products {
            let c = catalog::get(&self.s.db, p.id).await.unwrap();
            let moves: i64 = sqlx::query_scalar(
                "SELECT COALESCE(SUM(qty), 0) FROM stock_moves WHERE product_id = ?",
            )
            .bind(p.id.to_string())
            .fetch_one(pool)
            .await
            .unwrap();
            assert_eq!(c.on_hand, moves, "{at}: {}", p.sku);
            assert!(c.on_hand >= 0, "{at}: {} on hand {}", p.sku, c.on_hand);
            assert!(
                c.available >= 0,
                "{at}: {} available {}",
                p.sku,
                c.available
            );
            if p.serialised {
                let units: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM units WHERE product_id = ? AND status = 'in_stock'",
                )
                .bind(p.id.to_string())
                .fetch_one(pool)
                .await
                .unwrap();
                assert_eq!(units, c.on_hand, "{at}: {} units in stock", p.sku);
            }
        }
        // Every serial in one place: in stock (no order), or sold on one
        // order that has left the shop or is on its way.
        let bad: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT u.serial, u.status, o.status FROM units u LEFT JOIN orders o ON o.id = u.order_id
             WHERE (u.status = 'in_stock' AND u.order_id IS NOT NULL)
                OR (u.status = 'sold' AND (o.status IS NULL OR o.status NOT IN ('picked_up', 'delivered', 'in_delivery')))",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        assert!(bad.is_empty(), "{at}: units out of place {bad:?}");
        if self.step % 25 == 24 {
            self.audit().await;
        }
    }

    pub(super) async fn audit(&self) {
        let check = konter::store::shop::audit::verify(&self.s.db, &self.ctx())
            .await
            .unwrap();
        assert!(
            check.broken.is_none(),
            "seed {} step {}: {:?}",
            self.seed,
            self.step,
            check.broken
        );
    }
}
