//! The shop's rows at the hub: one PostgreSQL table in schema `rows` per
//! shared table of the devices, with the same columns (INTEGER → bigint,
//! TEXT → text, BLOB → bytea), keyed by shop and the row's own key, and
//! with the hub sequence and device of the version it holds. An owner or
//! accountant reads the shop here with plain SQL.
//!
//! The first tables were made from the devices' schema ([`ddl`], migration
//! 0002); later device migrations get a hub migration of their own, and a
//! test checks that every shared column of this build is here with its
//! type, so a device migration without its hub migration fails before
//! release.

use crate::HubError;
use konter::store::sync::SharedTable;
use sqlx::PgPool;
use std::collections::HashMap;

/// A table of `rows` as the hub's schema has it.
#[derive(Debug, Clone)]
pub struct RowTable {
    pub key: String,
    /// The key column is a bigint (else text).
    pub key_int: bool,
    /// The bytea columns (the devices' BLOBs).
    pub bytea: std::collections::HashSet<String>,
    pub columns: Vec<String>,
}

/// The PostgreSQL type of a device column's declared type.
pub fn pg_type(decl: &str) -> &'static str {
    match decl {
        "INTEGER" => "bigint",
        "BLOB" => "bytea",
        _ => "text",
    }
}

/// CREATE TABLE statements for the devices' shared tables.
pub fn ddl(tables: &[SharedTable]) -> String {
    let mut out = String::from(
        "-- Generated from the devices' schema (konter_hub::rows::ddl) at schema 17.\n\
         -- One table per shared device table; _shop, _seq and _device say whose row it is\n\
         -- and which change of the hub's sequence wrote the version held.\n\nCREATE SCHEMA rows;\n",
    );
    for t in tables {
        out.push_str(&format!("\nCREATE TABLE rows.{} (\n    _shop uuid NOT NULL REFERENCES shops (id),\n    _seq bigint NOT NULL,\n    _device uuid NOT NULL,\n", t.name));
        for (c, decl) in &t.columns {
            out.push_str(&format!("    \"{c}\" {},\n", pg_type(decl)));
        }
        out.push_str(&format!("    PRIMARY KEY (_shop, \"{}\")\n);\n", t.key));
    }
    out
}

/// Reads the `rows` schema: tables, their key and columns.
pub async fn tables(pool: &PgPool) -> Result<HashMap<String, RowTable>, HubError> {
    let cols: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns
         WHERE table_schema = 'rows' AND column_name NOT LIKE '\\_%' ORDER BY table_name, ordinal_position",
    )
    .fetch_all(pool)
    .await?;
    let keys: Vec<(String, String)> = sqlx::query_as(
        "SELECT tc.table_name::text, kc.column_name::text FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage kc ON kc.constraint_name = tc.constraint_name AND kc.table_schema = tc.table_schema
         WHERE tc.table_schema = 'rows' AND tc.constraint_type = 'PRIMARY KEY' AND kc.column_name <> '_shop'",
    )
    .fetch_all(pool)
    .await?;
    let keys: HashMap<String, String> = keys.into_iter().collect();
    let mut out: HashMap<String, RowTable> = HashMap::new();
    for (table, column, data_type) in cols {
        let key = keys.get(&table).cloned().unwrap_or_default();
        let t = out.entry(table).or_insert_with(|| RowTable {
            key,
            key_int: false,
            bytea: Default::default(),
            columns: Vec::new(),
        });
        if column == t.key {
            t.key_int = data_type == "bigint";
        }
        if data_type == "bytea" {
            t.bytea.insert(column.clone());
        }
        t.columns.push(column);
    }
    Ok(out)
}

/// The upsert of one row image into its table (`$1` shop, `$2` seq,
/// `$3` device, `$4` the image as jsonb).
pub(crate) fn upsert(table: &str, t: &RowTable) -> String {
    let cols: Vec<String> = t.columns.iter().map(|c| format!("\"{c}\"")).collect();
    let picked: Vec<String> = t.columns.iter().map(|c| format!("r.\"{c}\"")).collect();
    let set: Vec<String> = t
        .columns
        .iter()
        .filter(|c| **c != t.key)
        .map(|c| format!("\"{c}\" = excluded.\"{c}\""))
        .chain([
            "_seq = excluded._seq".into(),
            "_device = excluded._device".into(),
        ])
        .collect();
    format!(
        "INSERT INTO rows.\"{table}\" (_shop, _seq, _device, {}) SELECT $1, $2, $3, {} FROM jsonb_populate_record(NULL::rows.\"{table}\", $4) r
         ON CONFLICT (_shop, \"{}\") DO UPDATE SET {}",
        cols.join(", "),
        picked.join(", "),
        t.key,
        set.join(", ")
    )
}

/// The upsert of many rows' last images taken from the change log the same
/// transaction wrote (`$1` shop, `$2` device, `$3` the changes' sequences,
/// each key at most once): the images cross to PostgreSQL and are parsed
/// once, for the log.
pub(crate) fn upsert_many(table: &str, t: &RowTable) -> String {
    let cols: Vec<String> = t.columns.iter().map(|c| format!("\"{c}\"")).collect();
    let picked: Vec<String> = t.columns.iter().map(|c| format!("r.\"{c}\"")).collect();
    let set: Vec<String> = t
        .columns
        .iter()
        .filter(|c| **c != t.key)
        .map(|c| format!("\"{c}\" = excluded.\"{c}\""))
        .chain([
            "_seq = excluded._seq".into(),
            "_device = excluded._device".into(),
        ])
        .collect();
    format!(
        "INSERT INTO rows.\"{table}\" (_shop, _seq, _device, {}) SELECT $1, c.seq, $2, {} FROM changes c CROSS JOIN LATERAL jsonb_populate_record(NULL::rows.\"{table}\", c.data) r
         WHERE c.shop_id = $1 AND c.seq = ANY($3::bigint[])
         ON CONFLICT (_shop, \"{}\") DO UPDATE SET {}",
        cols.join(", "),
        picked.join(", "),
        t.key,
        set.join(", ")
    )
}

/// One page of a table's rows for a joining device (`$1` shop, `$2` the key
/// after which to start or NULL, `$3` the page size): the rows as a JSON
/// array of arrays built by PostgreSQL (columns, the version's sequence,
/// the open conflict on it), their count and the last key.
pub(crate) fn snapshot(table: &str, t: &RowTable) -> String {
    // BLOBs as `\x` hex, as devices write them, whatever `bytea_output` says.
    let values: Vec<String> = t
        .columns
        .iter()
        .map(|c| {
            if t.bytea.contains(c) {
                format!("'\\x' || encode(r.\"{c}\", 'hex')")
            } else {
                format!("r.\"{c}\"")
            }
        })
        .collect();
    let k = &t.key;
    let key_type = if t.key_int { "bigint" } else { "text" };
    format!(
        "SELECT COALESCE(json_agg(json_build_array({}, r._seq, x.id, x.kind) ORDER BY r.\"{k}\"), '[]'::json)::text,
                COUNT(*), (array_agg(r.\"{k}\"::text ORDER BY r.\"{k}\" DESC))[1]
         FROM (SELECT * FROM rows.\"{table}\" WHERE _shop = $1 AND ($2::text IS NULL OR \"{k}\" > $2::{key_type})
               ORDER BY \"{k}\" LIMIT $3) r
         LEFT JOIN LATERAL (SELECT id, kind FROM conflicts x WHERE x.shop_id = $1 AND x.resolved_at IS NULL
                            AND x.tbl = '{table}' AND x.row_key = r.\"{k}\"::text
                            AND (x.seq >= r._seq OR (x.kind = 'double_booked' AND x.seq < r._seq
                                 AND NOT EXISTS (SELECT 1 FROM confirmed_bookings b WHERE b.shop_id = $1 AND b.visit_id = r.\"{k}\"::text)))
                            ORDER BY x.seq DESC, x.created_at LIMIT 1) x ON true",
        values.join(", ")
    )
}
