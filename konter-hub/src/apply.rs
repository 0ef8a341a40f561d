//! Applying one checked batch at the hub, in a handful of statements rather
//! than a few per change: the batch goes into the change log with one
//! INSERT, then per table the versions held are read at once, the changes
//! are walked in order in memory (conflicts found, history guarded), and the
//! last image of each row is written with one upsert. Should that upsert
//! fail (a value the column cannot take), the table's rows are written one
//! by one and only the failing ones are kept out, each with its conflict.

use crate::{Hub, HubError};
use konter::domain::sync::{Change, NO_DELETE, NO_UPDATE};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// A change with its place in the shop's sequence.
type Numbered<'a> = (i64, &'a Change);

/// A fact for people about one change.
struct Conflict<'a> {
    seq: i64,
    change: &'a Change,
    kind: &'static str,
    other: Option<(i64, Uuid)>,
    detail: Option<String>,
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
    sqlx::query(
        "INSERT INTO changes (shop_id, seq, device_id, device_seq, tbl, row_key, data, base_seq)
         SELECT $1, s, $2, d, t, k, j, b FROM UNNEST($3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::jsonb[], $8::bigint[]) AS u(s, d, t, k, j, b)",
    )
    .bind(shop)
    .bind(device)
    .bind(&seqs)
    .bind(changes.iter().map(|c| c.device_seq).collect::<Vec<_>>())
    .bind(changes.iter().map(|c| c.table.clone()).collect::<Vec<_>>())
    .bind(changes.iter().map(|c| c.key.clone()).collect::<Vec<_>>())
    .bind(changes.iter().map(|c| c.data.clone()).collect::<Vec<_>>())
    .bind(changes.iter().map(|c| c.base_seq).collect::<Vec<_>>())
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
    for (table, list) in by_table {
        table_changes(
            hub,
            tx,
            shop,
            device,
            table,
            &list,
            &mut conflicts,
            &mut refused,
        )
        .await?;
    }
    for c in &conflicts {
        sqlx::query(
            "INSERT INTO conflicts (id, shop_id, seq, tbl, row_key, kind, other_seq, other_device, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
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
    device: Uuid,
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
    // The last accepted change of each row is what the rows end up holding.
    let mut last: HashMap<&str, (i64, &Change)> = HashMap::new();
    for (seq, c) in list {
        let held = state.get(&c.key).copied();
        if let Some((other_seq, other_device)) = held {
            if other_device != device && other_seq > c.base_seq {
                conflicts.push(Conflict {
                    seq: *seq,
                    change: c,
                    kind: "changed_apart",
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
        .bind(
            upserts
                .iter()
                .map(|(_, c)| c.data.clone())
                .collect::<Vec<_>>(),
        )
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
