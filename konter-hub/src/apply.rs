//! Applying one checked batch at the hub, in a handful of statements rather
//! than a few per change: the batch goes into the change log with one
//! INSERT, then per table the versions held are read at once, the changes
//! are walked in order in memory (conflicts found, history guarded), and the
//! last image of each row is written with one upsert. Should that upsert
//! fail (a value the column cannot take), the table's rows are written one
//! by one and only the failing ones are kept out, each with its conflict.

use crate::{Hub, HubError};
use konter::domain::sync::{apart_kind, permitted, Actor, Change, GUARDED, NO_DELETE, NO_UPDATE};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// A change with its place in the shop's sequence.
type Numbered<'a> = (i64, &'a Change);

/// Who wrote a batch: the device, and the staff members its changes name
/// as the hub knows them (a shop with no staff rows yet is being brought up
/// by its first device: everything of it stands).
struct Authors {
    device: Uuid,
    staff: HashMap<Uuid, Actor>,
    bootstrap: bool,
}

impl Authors {
    async fn read(
        tx: &mut sqlx::PgConnection,
        shop: Uuid,
        device: Uuid,
        changes: &[&Change],
    ) -> Result<Authors, HubError> {
        let ids: Vec<String> = changes
            .iter()
            .filter_map(|c| c.staff_id)
            .collect::<HashSet<_>>()
            .into_iter()
            .map(|u| u.to_string())
            .collect();
        let rows: Vec<(String, Option<String>, Option<i64>)> = sqlx::query_as(
            "SELECT id, role, active FROM rows.staff WHERE _shop = $1 AND id = ANY($2)",
        )
        .bind(shop)
        .bind(&ids)
        .fetch_all(&mut *tx)
        .await?;
        let staff = rows
            .into_iter()
            .filter_map(|(id, role, active)| {
                Some((
                    Uuid::parse_str(&id).ok()?,
                    Actor {
                        id: Uuid::parse_str(&id).ok()?,
                        role: role.unwrap_or_default(),
                        active: active == Some(1),
                    },
                ))
            })
            .collect();
        let any: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM rows.staff WHERE _shop = $1)")
                .bind(shop)
                .fetch_one(&mut *tx)
                .await?;
        Ok(Authors {
            device,
            staff,
            bootstrap: !any,
        })
    }
}

/// The row as the hub holds it now, without its bookkeeping columns.
async fn held_image(
    tx: &mut sqlx::PgConnection,
    table: &str,
    key_col: &str,
    shop: Uuid,
    key: &str,
) -> Result<Option<serde_json::Value>, HubError> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT to_jsonb(r) - '_shop' - '_seq' - '_device' FROM rows.\"{table}\" r WHERE _shop = $1 AND \"{key_col}\"::text = $2"
    ))
    .bind(shop)
    .bind(key)
    .fetch_optional(&mut *tx)
    .await?)
}

/// A fact for people about one change.
pub(crate) struct Conflict<'a> {
    pub seq: i64,
    pub change: &'a Change,
    pub kind: &'static str,
    pub other: Option<(i64, Uuid)>,
    pub detail: Option<String>,
}

/// Logs and applies `changes` (numbered from `first`); returns the conflicts raised.
pub(crate) async fn batch(
    hub: &Hub,
    tx: &mut sqlx::PgConnection,
    shop: Uuid,
    device: Uuid,
    first: i64,
    changes: &[&Change],
) -> Result<u32, HubError> {
    let seqs: Vec<i64> = (0..changes.len() as i64).map(|i| first + i).collect();
    let mut authors = Authors::read(tx, shop, device, changes).await?;
    sqlx::query(
        "INSERT INTO changes (shop_id, seq, device_id, device_seq, tbl, row_key, data, base_seq, staff_id)
         SELECT $1, s, $2, d, t, k, j, b, a FROM UNNEST($3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::jsonb[], $8::bigint[], $9::uuid[]) AS u(s, d, t, k, j, b, a)",
    )
    .bind(shop)
    .bind(device)
    .bind(&seqs)
    .bind(changes.iter().map(|c| c.device_seq).collect::<Vec<_>>())
    .bind(changes.iter().map(|c| c.table.clone()).collect::<Vec<_>>())
    .bind(changes.iter().map(|c| c.key.clone()).collect::<Vec<_>>())
    .bind(changes.iter().map(|c| c.data.clone()).collect::<Vec<_>>())
    .bind(changes.iter().map(|c| c.base_seq).collect::<Vec<_>>())
    .bind(changes.iter().map(|c| c.staff_id).collect::<Vec<_>>())
    .execute(&mut *tx)
    .await?;
    let mut by_table: BTreeMap<&str, Vec<(i64, &Change)>> = BTreeMap::new();
    for (seq, c) in seqs.iter().zip(changes) {
        by_table
            .entry(c.table.as_str())
            .or_default()
            .push((*seq, c));
    }
    let mut conflicts = Vec::new();
    let mut refused = Vec::new();
    // Staff first: an owner who made an admin while offline, and that admin's
    // changes to the shop in the same batch, are judged on the staff rows as
    // the batch leaves them.
    let order = by_table
        .iter()
        .filter(|(t, _)| **t == "staff")
        .chain(by_table.iter().filter(|(t, _)| **t != "staff"));
    for (table, list) in order {
        table_changes(
            hub,
            tx,
            shop,
            &authors,
            table,
            list,
            &mut conflicts,
            &mut refused,
        )
        .await?;
        if *table == "staff" {
            authors = Authors::read(tx, shop, device, changes).await?;
        }
    }
    for (table, list) in &by_table {
        crate::facts::check(hub, tx, shop, table, list, &refused, &mut conflicts).await?;
    }
    for c in &conflicts {
        sqlx::query(
            "INSERT INTO conflicts (id, shop_id, seq, tbl, row_key, kind, other_seq, other_device, detail, device_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(konter::domain::new_id())
        .bind(shop)
        .bind(c.seq)
        .bind(&c.change.table)
        .bind(&c.change.key)
        .bind(c.kind)
        .bind(c.other.map(|o| o.0))
        .bind(c.other.map(|o| o.1))
        .bind(&c.detail)
        .bind(device)
        .execute(&mut *tx)
        .await?;
    }
    if !refused.is_empty() {
        sqlx::query("UPDATE changes SET applied = false WHERE shop_id = $1 AND seq = ANY($2)")
            .bind(shop)
            .bind(&refused)
            .execute(&mut *tx)
            .await?;
    }
    Ok(conflicts.len() as u32)
}

#[allow(clippy::too_many_arguments)]
async fn table_changes<'a>(
    hub: &Hub,
    tx: &mut sqlx::PgConnection,
    shop: Uuid,
    authors: &Authors,
    table: &str,
    list: &[(i64, &'a Change)],
    conflicts: &mut Vec<Conflict<'a>>,
    refused: &mut Vec<i64>,
) -> Result<(), HubError> {
    let t = &hub.tables[table];
    let keys: Vec<String> = list.iter().map(|(_, c)| c.key.clone()).collect();
    let held: Vec<(String, i64, Uuid)> = sqlx::query_as(&format!(
        // A join, not `= ANY`: a probe per key, never a scan per batch.
        "SELECT r.\"{k}\"::text, r._seq, r._device FROM UNNEST($2::text[]) AS u(k) JOIN rows.\"{table}\" r ON r._shop = $1 AND r.\"{k}\"::text = u.k",
        k = t.key
    ))
    .bind(shop)
    .bind(&keys)
    .fetch_all(&mut *tx)
    .await?;
    let mut state: HashMap<String, (i64, Uuid)> =
        held.into_iter().map(|(k, s, d)| (k, (s, d))).collect();
    // Rows that never change: which images would rewrite the version held.
    let rewrites: HashSet<String> = if NO_UPDATE.contains(&table) {
        let (ks, ds): (Vec<String>, Vec<serde_json::Value>) = list
            .iter()
            .filter_map(|(_, c)| c.data.clone().map(|d| (c.key.clone(), d)))
            .filter(|(k, _)| state.contains_key(k))
            .unzip();
        sqlx::query_scalar::<_, String>(&format!(
            "SELECT u.k FROM UNNEST($2::text[], $3::jsonb[]) AS u(k, d) JOIN rows.\"{table}\" r ON r._shop = $1 AND r.\"{}\"::text = u.k
             WHERE (to_jsonb(r) - '_shop' - '_seq' - '_device') <> (to_jsonb(jsonb_populate_record(NULL::rows.\"{table}\", u.d)) - '_shop' - '_seq' - '_device')",
            t.key
        ))
        .bind(shop)
        .bind(&ks)
        .bind(&ds)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .collect()
    } else {
        HashSet::new()
    };
    let device = authors.device;
    let guarded = GUARDED.contains(&table) && !authors.bootstrap;
    let mut first_card_key = guarded
        && table == "card_keys"
        && !sqlx::query_scalar::<_, bool>(
            "SELECT EXISTS (SELECT 1 FROM rows.card_keys WHERE _shop = $1 AND _device = $2)",
        )
        .bind(shop)
        .bind(device)
        .fetch_one(&mut *tx)
        .await?;
    // The last accepted change of each row is what the rows end up holding.
    let mut last: HashMap<&str, (i64, &Change)> = HashMap::new();
    for (seq, c) in list {
        let held = state.get(&c.key).copied();
        if guarded {
            let actor = c.staff_id.and_then(|id| authors.staff.get(&id));
            let image = match held {
                Some(_) => held_image(tx, table, &t.key, shop, &c.key).await?,
                None => None,
            };
            let ok = permitted(
                table,
                actor,
                &c.key,
                image.as_ref(),
                c.data.as_ref(),
                first_card_key,
            );
            if !ok {
                conflicts.push(Conflict {
                    seq: *seq,
                    change: c,
                    kind: "not_permitted",
                    other: held,
                    detail: c.staff_id.map(|s| s.to_string()),
                });
                refused.push(*seq);
                continue;
            }
            if table == "card_keys" && c.data.is_some() {
                first_card_key = false;
            }
        }
        if let Some((other_seq, other_device)) = held {
            if other_device != device && other_seq > c.base_seq {
                let theirs = held_image(tx, table, &t.key, shop, &c.key).await?;
                conflicts.push(Conflict {
                    seq: *seq,
                    change: c,
                    kind: apart_kind(table, c.data.as_ref(), theirs.as_ref()),
                    other: held,
                    detail: None,
                });
            }
        }
        let guard = match &c.data {
            Some(_) if rewrites.contains(&c.key) => Some("rewrites_history"),
            None if held.is_some() && NO_DELETE.contains(&table) => Some("erases_history"),
            _ => None,
        };
        if let Some(kind) = guard {
            conflicts.push(Conflict {
                seq: *seq,
                change: c,
                kind,
                other: held,
                detail: None,
            });
            refused.push(*seq);
            continue;
        }
        state.insert(c.key.clone(), (*seq, device));
        last.insert(c.key.as_str(), (*seq, c));
    }
    let (upserts, deletes): (Vec<Numbered>, Vec<Numbered>) =
        last.into_values().partition(|(_, c)| c.data.is_some());
    if !deletes.is_empty() {
        sqlx::query(&format!(
            "DELETE FROM rows.\"{table}\" WHERE _shop = $1 AND \"{}\"::text = ANY($2)",
            t.key
        ))
        .bind(shop)
        .bind(
            deletes
                .iter()
                .map(|(_, c)| c.key.clone())
                .collect::<Vec<_>>(),
        )
        .execute(&mut *tx)
        .await?;
    }
    if upserts.is_empty() {
        return Ok(());
    }
    sqlx::query("SAVEPOINT rows").execute(&mut *tx).await?;
    let all = sqlx::query(&crate::rows::upsert_many(table, t))
        .bind(shop)
        .bind(device)
        .bind(upserts.iter().map(|(s, _)| *s).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await;
    if all.is_ok() {
        sqlx::query("RELEASE SAVEPOINT rows")
            .execute(&mut *tx)
            .await?;
        return Ok(());
    }
    // One of them cannot be written: find it, keep the others.
    sqlx::query("ROLLBACK TO SAVEPOINT rows")
        .execute(&mut *tx)
        .await?;
    for (seq, c) in upserts {
        sqlx::query("SAVEPOINT row").execute(&mut *tx).await?;
        let one = sqlx::query(&crate::rows::upsert(table, t))
            .bind(shop)
            .bind(seq)
            .bind(device)
            .bind(&c.data)
            .execute(&mut *tx)
            .await;
        match one {
            Ok(_) => {
                sqlx::query("RELEASE SAVEPOINT row")
                    .execute(&mut *tx)
                    .await?;
            }
            Err(e) => {
                sqlx::query("ROLLBACK TO SAVEPOINT row")
                    .execute(&mut *tx)
                    .await?;
                let detail = match &e {
                    sqlx::Error::Database(d) => d.code().map(|c| c.to_string()),
                    _ => None,
                };
                conflicts.push(Conflict {
                    seq,
                    change: c,
                    kind: "not_applied",
                    other: None,
                    detail,
                });
                refused.push(seq);
            }
        }
    }
    sqlx::query("RELEASE SAVEPOINT rows")
        .execute(&mut *tx)
        .await?;
    Ok(())
}
