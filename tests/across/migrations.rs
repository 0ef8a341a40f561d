//! Upgrading a database that already holds data: a shop on schema 4 with a
//! ticket and its invoice opens with this build; the invoice, its lines and
//! the audit chain survive, and the invoice is now voidable, not deletable.

use crate::common;

use common::*;
use konter::store::{repairs::tickets, shop::audit, Db, MIGRATOR};
use std::borrow::Cow;

#[tokio::test]
async fn schema_4_with_invoices_upgrades_in_place() {
    // Build the old database with only the first four migrations.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let old = sqlx::migrate::Migrator {
        migrations: Cow::Owned(
            MIGRATOR
                .migrations
                .iter()
                .filter(|m| m.version <= 4)
                .cloned()
                .collect(),
        ),
        ..sqlx::migrate::Migrator::DEFAULT
    };
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    old.run(&pool).await.unwrap();
    pool.close().await;

    // Fill it through today's code paths is not possible on the old schema,
    // so use a current shop's rows: copy a picked-up ticket's invoice in.
    let s = shop().await;
    let c = customer(&s, "Budi Santoso", "081234567890").await;
    let t = tickets::intake(&s.db, &s.ctx(0), intake_input(c.id.to_string()))
        .await
        .unwrap();
    // One connection: ATTACH holds for that connection only.
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&path)
                .foreign_keys(true),
        )
        .await
        .unwrap();
    let attach = format!(
        "ATTACH DATABASE '{}' AS cur",
        s.dir.path().join("konter.db").display()
    );
    sqlx::query(&attach).execute(&pool).await.unwrap();
    for table in [
        "shop",
        "working_hours",
        "holidays",
        "staff",
        "customers",
        "number_series",
        "tickets",
        "ticket_events",
        "payments",
        "outbox",
        "audit_log",
    ] {
        let cols: Vec<String> = sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}') WHERE name IN (SELECT name FROM main.pragma_table_info('{table}'))"))
            .fetch_all(&pool)
            .await
            .unwrap();
        let cols = cols.join(", ");
        sqlx::query(&format!(
            "INSERT OR IGNORE INTO main.{table} ({cols}) SELECT {cols} FROM cur.{table}"
        ))
        .execute(&pool)
        .await
        .unwrap();
    }
    sqlx::query("INSERT INTO invoices (id, number, ticket_id, subtotal, base, tax, total, tax_rate, tax_inclusive, currency, issued_by, issued_at)
                 VALUES ('019ab000-0000-7000-8000-000000000001', 'INV-JKT1-K1-2026-000001', ?, 100000, 100000, 11000, 111000, '0.11', 0, 'IDR', ?, '2026-11-23T03:00:00.000000Z')")
        .bind(t.id.to_string())
        .bind(s.owner.staff_id.to_string())
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO invoice_lines (id, invoice_id, position, kind, description, qty, unit_price, discount, amount) VALUES ('019ab000-0000-7000-8000-000000000002', '019ab000-0000-7000-8000-000000000001', 0, 'labour', 'Servis', '1', 100000, 0, 100000)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    // Today's build opens it and applies migration 5 in place.
    let db = Db::open(&path).await.unwrap();
    let detail = tickets::detail(&db, t.id).await.unwrap();
    assert_eq!(detail.invoice.unwrap().number, "INV-JKT1-K1-2026-000001");
    let lines: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(lines, 1);
    let fk: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    assert!(fk.is_empty(), "foreign keys intact: {fk:?}");
    assert!(
        sqlx::query("DELETE FROM invoices")
            .execute(&db.pool)
            .await
            .is_err(),
        "never deleted"
    );
    assert_eq!(audit::verify(&db, &s.ctx(0)).await.unwrap().broken, None);
}
