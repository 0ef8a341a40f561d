//! Capturing a joined device's changes: triggers on every shared table write
//! the row image of each insert, update or delete into `sync_queue`, inside
//! the changing transaction, so a change and its place in the upload queue
//! commit together or not at all. The triggers are made from the schema
//! itself (every column of every shared table), so a new migration's tables
//! and columns travel without code for them; they are remade at each start.

use crate::domain::sync::{local_column, shared_table, valid_name};
use crate::error::{Error, Result};
use sqlx::SqliteConnection;

/// A shared table as the device's schema has it.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub name: String,
    pub key: String,
    /// Columns that travel (the local ones left out), with their declared
    /// type (INTEGER, TEXT or BLOB).
    pub columns: Vec<(String, String)>,
    /// Columns that stay on the device.
    pub local: Vec<String>,
    /// The other tables its foreign keys point at.
    pub refs: Vec<String>,
}

/// Every shared table of the schema, by name.
pub(crate) async fn tables(conn: &mut SqliteConnection) -> Result<Vec<Table>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for name in names.into_iter().filter(|n| shared_table(n)) {
        if !valid_name(&name) {
            continue;
        }
        let cols: Vec<(String, String, i64)> =
            sqlx::query_as("SELECT name, upper(type), pk FROM pragma_table_info(?) ORDER BY cid")
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?;
        let keys: Vec<&(String, String, i64)> = cols.iter().filter(|c| c.2 > 0).collect();
        let [key] = keys.as_slice() else {
            return Err(Error::Storage {
                message: format!("table {name} has no single-column key to sync by"),
            });
        };
        let key = key.0.clone();
        let (local, columns): (Vec<_>, Vec<_>) =
            cols.iter().partition(|c| local_column(&name, &c.0));
        let refs: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)")
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?;
        out.push(Table {
            refs: refs.into_iter().filter(|r| r != &name).collect(),
            key,
            columns: columns.iter().map(|c| (c.0.clone(), c.1.clone())).collect(),
            local: local.iter().map(|c| c.0.clone()).collect(),
            name,
        });
    }
    Ok(by_references(out))
}

/// Tables ordered so that each comes after the tables it references: a
/// snapshot applied in this order never meets a row before its parent.
fn by_references(mut rest: Vec<Table>) -> Vec<Table> {
    let mut done: Vec<Table> = Vec::with_capacity(rest.len());
    while !rest.is_empty() {
        let ready = rest.iter().position(|t| {
            t.refs
                .iter()
                .all(|r| done.iter().any(|d| &d.name == r) || !rest.iter().any(|o| &o.name == r))
        });
        // A cycle (none today) falls back to name order; deferred foreign
        // keys at apply still hold it within a batch.
        done.push(rest.remove(ready.unwrap_or(0)));
    }
    done
}

/// The row image as SQL over `row` (`NEW`, `OLD` or a table alias): a JSON
/// object of every travelling column, BLOBs as `\x` + hex (PostgreSQL's bytea text).
pub(crate) fn image(t: &Table, row: &str) -> String {
    let parts: Vec<String> = t
        .columns
        .iter()
        .map(|(c, decl)| {
            if decl == "BLOB" {
                format!("'{c}', CASE WHEN {row}.\"{c}\" IS NULL THEN NULL ELSE '\\x' || lower(hex({row}.\"{c}\")) END")
            } else {
                format!("'{c}', {row}.\"{c}\"")
            }
        })
        .collect();
    format!("json_object({})", parts.join(", "))
}

fn enqueue(t: &Table, row: &str, data: &str) -> String {
    // staff_id stays empty here: the transaction's outbox entry names its
    // author, after the rows it wrote (see `AUTHOR`).
    let (name, key) = (&t.name, &t.key);
    format!(
        "INSERT INTO sync_queue (tbl, row_key, data, base_seq) VALUES ('{name}', CAST({row}.\"{key}\" AS TEXT), {data}, \
         COALESCE((SELECT hub_seq FROM sync_versions WHERE tbl = '{name}' AND row_key = CAST({row}.\"{key}\" AS TEXT)), 0));"
    )
}

/// Every transaction of the store writes its outbox entry after its rows:
/// the entry's staff member is the author of the changes queued since the
/// last entry. (A change queued after its transaction's entry would take
/// the next entry's author; the store writes none so, and the hub refuses a
/// guarded change whose author may not make it.)
const AUTHOR: &str = "CREATE TRIGGER \"sync_outbox_author\" AFTER INSERT ON outbox BEGIN \
    UPDATE sync_queue SET staff_id = NEW.staff_id WHERE seq > (SELECT through FROM sync_attributed WHERE id = 1); \
    UPDATE sync_attributed SET through = (SELECT COALESCE(MAX(seq), through) FROM sync_queue) WHERE id = 1; END";

/// Drops and remakes the capture triggers of every shared table.
pub(crate) async fn install(conn: &mut SqliteConnection) -> Result<()> {
    remove(conn).await?;
    sqlx::query(AUTHOR).execute(&mut *conn).await?;
    let quiet = "WHEN (SELECT active FROM sync_applying WHERE id = 1) = 0";
    for t in tables(conn).await? {
        let n = &t.name;
        // An update of the device's own columns only (a sign-in's time, a
        // PIN) is no change to the shop.
        let of = if t.local.is_empty() {
            String::new()
        } else {
            let cols: Vec<String> = t.columns.iter().map(|(c, _)| format!("\"{c}\"")).collect();
            format!(" OF {}", cols.join(", "))
        };
        let statements = [
            format!(
                "CREATE TRIGGER \"sync_{n}_i\" AFTER INSERT ON \"{n}\" {quiet} BEGIN {} END",
                enqueue(&t, "NEW", &image(&t, "NEW"))
            ),
            format!(
                "CREATE TRIGGER \"sync_{n}_u\" AFTER UPDATE{of} ON \"{n}\" {quiet} BEGIN {} END",
                enqueue(&t, "NEW", &image(&t, "NEW"))
            ),
            format!(
                "CREATE TRIGGER \"sync_{n}_d\" AFTER DELETE ON \"{n}\" {quiet} BEGIN {} END",
                enqueue(&t, "OLD", "NULL")
            ),
        ];
        for s in statements {
            sqlx::query(&s).execute(&mut *conn).await?;
        }
    }
    Ok(())
}

/// Drops every capture trigger (a device leaving its hub).
pub(crate) async fn remove(conn: &mut SqliteConnection) -> Result<()> {
    let old: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'",
    )
    .fetch_all(&mut *conn)
    .await?;
    for name in old {
        sqlx::query(&format!("DROP TRIGGER \"{name}\""))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Queues every row of every shared table: a standalone shop's whole
/// database, uploaded once when it becomes the first device of a hub, in
/// the name of the owner who promoted it.
pub(crate) async fn snapshot(conn: &mut SqliteConnection, owner: uuid::Uuid) -> Result<u64> {
    let mut n = 0;
    for t in tables(conn).await? {
        let sql = format!(
            "INSERT INTO sync_queue (tbl, row_key, data, base_seq, staff_id) SELECT '{}', CAST(r.\"{}\" AS TEXT), {}, 0, ?1 FROM \"{}\" r ORDER BY r.rowid",
            t.name,
            t.key,
            image(&t, "r"),
            t.name
        );
        n += sqlx::query(&sql)
            .bind(owner.to_string())
            .execute(&mut *conn)
            .await?
            .rows_affected();
    }
    sqlx::query("UPDATE sync_attributed SET through = (SELECT COALESCE(MAX(seq), 0) FROM sync_queue) WHERE id = 1")
        .execute(&mut *conn)
        .await?;
    Ok(n)
}
