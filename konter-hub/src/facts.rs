//! The shop's invariants that span rows, checked at the hub after a batch is
//! on the rows, in the hub's order: facts that already happened at a
//! counter are never refused for them; each break is a conflict for people.
//!
//! - one phone for two customers (the same person taken in at two counters
//!   while apart): `same_customer`, settled by a merge, raised once per pair
//!   (a pair a person settled as two people stays settled);
//! - a technician's confirmed bookings never overlap (an exclusion over
//!   `tstzrange`, btree_gist): a booking made apart over a confirmed one stays
//!   tentative, `double_booked`;
//! - stock never below zero at a branch, reservations counted (the last unit
//!   taken at two counters while apart): `oversold` on the move or
//!   reservation that took it below;
//! - a person's resolution of a conflict settles it.

use crate::apply::Conflict;
use crate::{Hub, HubError};
use konter::domain::sync::Change;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A visit's technician, start, end and status as the rows hold them.
type Booking = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Bookings that hold the technician's time.
const HOLDING: [&str; 3] = ["booked", "checked_in", "done"];

pub(crate) async fn check<'a>(
    _hub: &Hub,
    tx: &mut sqlx::PgConnection,
    shop: Uuid,
    table: &str,
    list: &[(i64, &'a Change)],
    refused: &[i64],
    conflicts: &mut Vec<Conflict<'a>>,
) -> Result<(), HubError> {
    // The last written change of each row.
    let mut last: HashMap<&str, (i64, &'a Change)> = HashMap::new();
    for (seq, c) in list {
        if c.data.is_some() && !refused.contains(seq) {
            last.insert(c.key.as_str(), (*seq, *c));
        }
    }
    if last.is_empty() {
        return Ok(());
    }
    match table {
        "customers" => same_phone(tx, shop, &last, conflicts).await,
        "visits" => bookings(tx, shop, &last, conflicts).await,
        "stock_moves" | "reservations" => stock(tx, shop, table, &last, conflicts).await,
        "conflict_resolutions" => resolutions(tx, shop, &last).await,
        _ => Ok(()),
    }
}

async fn same_phone<'a>(
    tx: &mut sqlx::PgConnection,
    shop: Uuid,
    last: &HashMap<&str, (i64, &'a Change)>,
    conflicts: &mut Vec<Conflict<'a>>,
) -> Result<(), HubError> {
    let keys: Vec<String> = last.keys().map(|k| k.to_string()).collect();
    let pairs: Vec<(String, String, i64, Uuid)> = sqlx::query_as(
        "SELECT me.id, o.id, o._seq, o._device FROM UNNEST($2::text[]) AS u(k)
         JOIN rows.customers me ON me._shop = $1 AND me.id = u.k AND me.merged_into IS NULL
         JOIN rows.customers o ON o._shop = $1 AND o.phone = me.phone AND o.id <> me.id AND o.merged_into IS NULL
         WHERE NOT EXISTS (SELECT 1 FROM conflicts x WHERE x.shop_id = $1 AND x.kind = 'same_customer'
                           AND ((x.row_key = me.id AND x.detail = o.id) OR (x.row_key = o.id AND x.detail = me.id)))
         ORDER BY me.id, o.id",
    )
    .bind(shop)
    .bind(&keys)
    .fetch_all(&mut *tx)
    .await?;
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for (me, other, other_seq, other_device) in pairs {
        let pair = if me < other {
            (me.clone(), other.clone())
        } else {
            (other.clone(), me.clone())
        };
        if !seen.insert(pair) {
            continue;
        }
        let (seq, change) = last[me.as_str()];
        conflicts.push(Conflict {
            seq,
            change,
            kind: "same_customer",
            other: Some((other_seq, other_device)),
            detail: Some(other),
        });
    }
    Ok(())
}

async fn bookings<'a>(
    tx: &mut sqlx::PgConnection,
    shop: Uuid,
    last: &HashMap<&str, (i64, &'a Change)>,
    conflicts: &mut Vec<Conflict<'a>>,
) -> Result<(), HubError> {
    let mut keys: Vec<&str> = last.keys().copied().collect();
    keys.sort_by_key(|k| last[k].0);
    // Every booking of the batch is checked against the others as they now
    // stand, not against an older range of one moved later in the batch.
    sqlx::query("DELETE FROM confirmed_bookings WHERE shop_id = $1 AND visit_id = ANY($2)")
        .bind(shop)
        .bind(&keys)
        .execute(&mut *tx)
        .await?;
    for key in keys {
        let (seq, change) = last[key];
        let row: Option<Booking> =
            sqlx::query_as(
                "SELECT technician_id, starts_at, ends_at, status FROM rows.visits WHERE _shop = $1 AND id = $2",
            )
            .bind(shop)
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((Some(tech), Some(starts), Some(ends), Some(status))) = row else {
            continue;
        };
        if !HOLDING.contains(&status.as_str()) {
            continue;
        }
        let (Ok(starts), Ok(ends)) = (
            chrono::DateTime::parse_from_rfc3339(&starts),
            chrono::DateTime::parse_from_rfc3339(&ends),
        ) else {
            continue;
        };
        if ends <= starts {
            continue;
        }
        let (starts, ends) = (starts.to_utc(), ends.to_utc());
        let taken: Option<(String, i64, Uuid)> = sqlx::query_as(
            "SELECT b.visit_id, b.seq, c.device_id FROM confirmed_bookings b
             JOIN changes c ON c.shop_id = b.shop_id AND c.seq = b.seq
             WHERE b.shop_id = $1 AND b.technician_id = $2 AND b.during && tstzrange($3, $4) LIMIT 1",
        )
        .bind(shop)
        .bind(&tech)
        .bind(starts)
        .bind(ends)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((other, other_seq, other_device)) = taken {
            // Once per pair: still open, or settled by a person.
            let open: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM conflicts WHERE shop_id = $1 AND kind = 'double_booked' AND row_key = $2 AND detail = $3)",
            )
            .bind(shop)
            .bind(key)
            .bind(&other)
            .fetch_one(&mut *tx)
            .await?;
            if !open {
                conflicts.push(Conflict {
                    seq,
                    change,
                    kind: "double_booked",
                    other: Some((other_seq, other_device)),
                    detail: Some(other),
                });
            }
            continue;
        }
        // The exclusion constraint is the last word: the shop's head lock
        // already serialises pushes, so it never fires after the probe.
        sqlx::query(
            "INSERT INTO confirmed_bookings (shop_id, visit_id, technician_id, during, seq) VALUES ($1, $2, $3, tstzrange($4, $5), $6)",
        )
        .bind(shop)
        .bind(key)
        .bind(&tech)
        .bind(starts)
        .bind(ends)
        .bind(seq)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

async fn stock<'a>(
    tx: &mut sqlx::PgConnection,
    shop: Uuid,
    table: &str,
    last: &HashMap<&str, (i64, &'a Change)>,
    conflicts: &mut Vec<Conflict<'a>>,
) -> Result<(), HubError> {
    // The newest move or open reservation of each product and branch the
    // batch took stock with.
    let mut taking: HashMap<(String, String), (i64, &'a Change)> = HashMap::new();
    for (seq, c) in last.values() {
        let Some(d) = c.data.as_ref() else { continue };
        let (Some(product), Some(branch), Some(qty)) = (
            d.get("product_id").and_then(|v| v.as_str()),
            d.get("branch").and_then(|v| v.as_str()),
            d.get("qty").and_then(|v| v.as_i64()),
        ) else {
            continue;
        };
        let takes = match table {
            "reservations" => qty > 0 && d.get("released_at").is_none_or(|v| v.is_null()),
            _ => qty < 0,
        };
        if !takes {
            continue;
        }
        let slot = taking
            .entry((product.to_string(), branch.to_string()))
            .or_insert((*seq, *c));
        if *seq > slot.0 {
            *slot = (*seq, *c);
        }
    }
    let mut keys: Vec<&(String, String)> = taking.keys().collect();
    keys.sort();
    for key in keys {
        let (product, branch) = key;
        // What is free: on hand less what open reservations hold, as the
        // counters count it.
        let on_hand: i64 = sqlx::query_scalar(
            "SELECT (COALESCE((SELECT SUM(qty) FROM rows.stock_moves WHERE _shop = $1 AND product_id = $2 AND branch = $3), 0)
                   - COALESCE((SELECT SUM(qty) FROM rows.reservations WHERE _shop = $1 AND product_id = $2 AND branch = $3 AND released_at IS NULL), 0))::bigint",
        )
        .bind(shop)
        .bind(product)
        .bind(branch)
        .fetch_one(&mut *tx)
        .await?;
        if on_hand >= 0 {
            continue;
        }
        let (seq, change) = taking[key];
        conflicts.push(Conflict {
            seq,
            change,
            kind: "oversold",
            other: None,
            detail: Some(format!("{product} at {branch}: {on_hand}")),
        });
    }
    Ok(())
}

async fn resolutions(
    tx: &mut sqlx::PgConnection,
    shop: Uuid,
    last: &HashMap<&str, (i64, &Change)>,
) -> Result<(), HubError> {
    for (key, (_, c)) in last {
        let Some(conflict) = c
            .data
            .as_ref()
            .and_then(|d| d.get("conflict_id"))
            .and_then(|v| v.as_str())
            .and_then(|s| Uuid::parse_str(s).ok())
        else {
            continue;
        };
        sqlx::query(
            "UPDATE conflicts SET resolved_at = now(), resolution_id = $3 WHERE shop_id = $1 AND id = $2 AND resolved_at IS NULL",
        )
        .bind(shop)
        .bind(conflict)
        .bind(key.to_string())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}
