//! What a converged shop is, checked at the end of the convergence run: each
//! device's changes at the hub exactly once and in its order, its shared
//! rows equal to the hub's, its audit chain intact there and at the hub; and
//! at the hub's rows, the shop's facts (statuses following their history,
//! numbers unique per series, a unit sold twice or overlapping bookings only
//! with their conflict, no order paid beyond its total without one).

use super::*;

/// This device's changes at the hub exactly once, in its order; its rows
/// equal to the hub's; its audit chain intact.
pub(super) async fn check_device(h: &TestHub, d: &Device, seed: u64) {
    let cfg = sync::config(&d.db).await.unwrap().unwrap();
    let made: i64 = sqlx::query_scalar(
        "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'sync_queue'), 0)",
    )
    .fetch_one(&d.db.pool)
    .await
    .unwrap();
    let (n, max, ordered): (i64, Option<i64>, Option<bool>) = sqlx::query_as(
        "SELECT COUNT(*), MAX(device_seq), bool_and(ordered) FROM (
           SELECT device_seq, device_seq > COALESCE(lag(device_seq) OVER (ORDER BY seq), 0) AS ordered
           FROM changes WHERE device_id = $1) c",
    )
    .bind(cfg.device_id)
    .fetch_one(&h.hub.pool)
    .await
    .unwrap();
    assert_eq!(
        (n, max.unwrap_or(0), ordered.unwrap_or(true)),
        (made, made, true),
        "seed {seed}: each change once, in order"
    );
    for t in sync::shared_schema(&d.db).await.unwrap() {
        let cols: Vec<String> = t
            .columns
            .iter()
            .map(|(c, decl)| {
                if decl == "BLOB" {
                    format!("'{c}', CASE WHEN \"{c}\" IS NULL THEN NULL ELSE '\\x' || lower(hex(\"{c}\")) END")
                } else {
                    format!("'{c}', \"{c}\"")
                }
            })
            .collect();
        let local: Vec<(String, String)> = sqlx::query_as(&format!(
            "SELECT CAST(\"{}\" AS TEXT), json_object({}) FROM \"{}\" ORDER BY 1",
            t.key,
            cols.join(", "),
            t.name
        ))
        .fetch_all(&d.db.pool)
        .await
        .unwrap();
        let hub: Vec<(String, serde_json::Value)> = sqlx::query_as(&format!(
            "SELECT \"{}\"::text, to_jsonb(r) - '_shop' - '_seq' - '_device' FROM rows.\"{}\" r WHERE _shop = $1 ORDER BY 1",
            t.key, t.name
        ))
        .bind(h.shop)
        .fetch_all(&h.hub.pool)
        .await
        .unwrap();
        let local: Vec<(String, serde_json::Value)> = local
            .into_iter()
            .map(|(k, v)| (k, serde_json::from_str(&v).unwrap()))
            .collect();
        let mut hub = hub;
        hub.sort_by(|x, y| x.0.cmp(&y.0));
        let mut local = local;
        local.sort_by(|x, y| x.0.cmp(&y.0));
        if local != hub {
            // Only the rows that differ, and what this device kept aside.
            let here: Vec<_> = local.iter().filter(|r| !hub.contains(r)).collect();
            let there: Vec<_> = hub.iter().filter(|r| !local.contains(r)).collect();
            let kept: Vec<(i64, String, String, String)> = sqlx::query_as(
                "SELECT hub_seq, tbl, row_key, reason FROM sync_conflicts ORDER BY hub_seq",
            )
            .fetch_all(&d.db.pool)
            .await
            .unwrap();
            panic!(
                "seed {seed}: table {} differs at {}: only here {here:?}; only at the hub {there:?}; kept aside here {kept:?}",
                t.name, cfg.counter_code
            );
        }
    }
    let ctx = d.ctx(10_000);
    let audit = konter::store::shop::audit::verify(&d.db, &ctx)
        .await
        .unwrap();
    assert!(
        audit.broken.is_none(),
        "seed {seed}: the audit chain of {} is broken",
        cfg.counter_code
    );
    // The hub anchored all of it, and the chain it holds verifies there.
    let held = super::audit::anchored(h, cfg.device_id).await;
    assert_eq!(
        (
            held.len() as i64,
            konter::domain::shop::audit::verify(&held).is_ok()
        ),
        (audit.entries, true),
        "seed {seed}: the hub's copy of {}'s audit chain",
        cfg.counter_code
    );
}

/// Each ticket's status is where its last status event (in the hub's
/// order) moved it, or received when none has (the intake event carries no
/// status); numbers are unique per series; the shop's facts hold (units
/// sold once, bookings, money) or a conflict names the break.
pub(super) async fn check_hub(h: &TestHub, seed: u64) {
    let off: i64 = count(
        h,
        "SELECT COUNT(*) FROM rows.tickets t WHERE t.status IS DISTINCT FROM COALESCE((
           SELECT e.to_status FROM rows.ticket_events e
           WHERE e._shop = t._shop AND e.ticket_id = t.id AND e.to_status IS NOT NULL ORDER BY e._seq DESC LIMIT 1), 'received')",
    )
    .await;
    assert_eq!(
        off, 0,
        "seed {seed}: a ticket's status does not follow its history"
    );
    for (what, numbers) in [
        ("ticket", "SELECT number FROM rows.tickets"),
        ("order", "SELECT number FROM rows.orders"),
        ("visit", "SELECT number FROM rows.visits"),
        (
            "invoice",
            "SELECT number FROM rows.invoices UNION ALL SELECT number FROM rows.order_invoices
             UNION ALL SELECT number FROM rows.visit_invoices",
        ),
    ] {
        let twice = count(
            h,
            &format!("SELECT COUNT(*) FROM (SELECT number FROM ({numbers}) n GROUP BY number HAVING COUNT(*) > 1) d"),
        )
        .await;
        assert_eq!(twice, 0, "seed {seed}: a {what} number twice");
    }
    // A serial unit is sold to one order, or the hub names it for people.
    let twice = count(
        h,
        "SELECT COUNT(*) FROM rows.units u
         WHERE (SELECT COUNT(DISTINCT m.order_id) FROM rows.stock_moves m
                WHERE m._shop = u._shop AND m.kind = 'sale' AND m.product_id = u.product_id AND m.serial = u.serial) > 1
           AND NOT EXISTS (SELECT 1 FROM conflicts x WHERE x.shop_id = u._shop AND x.kind = 'unit_twice'
                           AND x.tbl = 'units' AND x.row_key = u.id AND x.resolved_at IS NULL)",
    )
    .await;
    assert_eq!(
        twice, 0,
        "seed {seed}: a unit sold twice with no unit_twice conflict"
    );
    // The unit's row names one of the orders it was sold to.
    let stray = count(
        h,
        "SELECT COUNT(*) FROM rows.units u WHERE u.status = 'sold' AND NOT EXISTS (
           SELECT 1 FROM rows.stock_moves m WHERE m._shop = u._shop AND m.kind = 'sale'
             AND m.product_id = u.product_id AND m.serial = u.serial AND m.order_id = u.order_id)",
    )
    .await;
    assert_eq!(stray, 0, "seed {seed}: a unit sold with no sale of it");
    // Confirmed bookings never overlap (the exclusion's promise).
    let overlap = count(
        h,
        "SELECT COUNT(*) FROM confirmed_bookings x JOIN confirmed_bookings y
           ON y.shop_id = x.shop_id AND y.technician_id = x.technician_id AND y.visit_id > x.visit_id AND y.during && x.during",
    )
    .await;
    assert_eq!(overlap, 0, "seed {seed}: two confirmed bookings overlap");
    // Every pair of overlapping bookings that hold a technician's time has
    // its double_booked conflict; every such booking the hub did not
    // confirm has one of its own.
    let holding = "('booked', 'checked_in', 'done')";
    let unnamed = count(
        h,
        &format!(
            "SELECT COUNT(*) FROM rows.visits x JOIN rows.visits y
               ON y._shop = x._shop AND y.technician_id = x.technician_id AND y.id > x.id
              AND x.starts_at::timestamptz < y.ends_at::timestamptz AND y.starts_at::timestamptz < x.ends_at::timestamptz
             WHERE x.status IN {holding} AND y.status IN {holding}
               AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.shop_id = x._shop AND c.kind = 'double_booked'
                               AND c.tbl = 'visits' AND c.row_key IN (x.id, y.id) AND c.resolved_at IS NULL)"
        ),
    )
    .await;
    assert_eq!(
        unnamed, 0,
        "seed {seed}: overlapping bookings with no double_booked conflict"
    );
    let tentative = count(
        h,
        &format!(
            "SELECT COUNT(*) FROM rows.visits v WHERE v.status IN {holding}
               AND NOT EXISTS (SELECT 1 FROM confirmed_bookings b WHERE b.shop_id = v._shop AND b.visit_id = v.id)
               AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.shop_id = v._shop AND c.kind = 'double_booked'
                               AND c.tbl = 'visits' AND c.row_key = v.id AND c.resolved_at IS NULL)"
        ),
    )
    .await;
    assert_eq!(
        tentative, 0,
        "seed {seed}: a booking neither confirmed nor named in a conflict"
    );
    // No order holds more money than its total unless a conflict names it.
    let overpaid = count(
        h,
        "SELECT COUNT(*) FROM rows.orders o
         WHERE (SELECT COALESCE(SUM(CASE WHEN p.kind = 'refund' THEN -p.amount ELSE p.amount END), 0)
                FROM rows.order_payments p
                WHERE p._shop = o._shop AND p.order_id = o.id AND p.status NOT IN ('void', 'rejected')) > o.total
           AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.shop_id = o._shop AND (c.row_key = o.id OR c.detail = o.id))",
    )
    .await;
    assert_eq!(
        overpaid, 0,
        "seed {seed}: an order paid beyond its total with no conflict"
    );
    let tickets = count(h, "SELECT COUNT(*) FROM rows.tickets").await;
    assert!(tickets > 0, "seed {seed}: the run took in nothing");
    let sold = count(
        h,
        "SELECT COUNT(*) FROM rows.order_payments WHERE status = 'verified'",
    )
    .await;
    let booked = count(h, "SELECT COUNT(*) FROM confirmed_bookings").await;
    let handed = count(
        h,
        "SELECT COUNT(*) FROM rows.stock_moves WHERE kind = 'sale'",
    )
    .await;
    let kinds: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, COUNT(*) FROM conflicts GROUP BY kind ORDER BY kind")
            .fetch_all(&h.hub.pool)
            .await
            .unwrap();
    println!(
        "seed {seed}: {tickets} tickets, {sold} orders paid, {handed} units handed over, \
         {booked} bookings confirmed; conflicts {kinds:?}"
    );
}
