//! Backup and restore on real files: an online backup is a healthy copy,
//! rotation keeps N, damaged or newer-schema files are refused with a typed
//! error, and a staged restore swaps in at start keeping the replaced file.

use crate::common;

use common::*;
use konter::store::{shop::backup, Db};

#[tokio::test]
async fn backup_rotate_check_and_restore() {
    let s = shop().await;
    customer(&s, "Sebelum Backup", "081200000001").await;
    let dir = s.dir.path().join("backups");
    let mut last = None;
    for i in 0..4 {
        let info = backup::backup_to(
            &s.db,
            &dir,
            3,
            monday_10_wib() + chrono::Duration::seconds(i),
            &|_| {},
        )
        .await
        .unwrap();
        assert!(info.bytes > 10_000);
        last = Some(info);
    }
    let last = last.unwrap();
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        3,
        "rotation keeps three"
    );
    let backup_path = std::path::PathBuf::from(&last.path);
    backup::check(&backup_path).await.unwrap();

    // Refused: missing, not a database, damaged, newer schema, bad keep.
    let err = backup::check(&dir.join("nope.db")).await.unwrap_err();
    assert_eq!(err.field(), Some("path"));
    let junk = dir.join("junk.db");
    std::fs::write(&junk, b"this is not sqlite at all, just text").unwrap();
    assert!(matches!(
        backup::check(&junk).await,
        Err(konter::Error::Validation { .. })
    ));
    let newer = s.dir.path().join("newer.db");
    std::fs::copy(&backup_path, &newer).unwrap();
    {
        let other = Db::open(&newer).await;
        assert!(other.is_ok());
        let other = other.unwrap();
        sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (9999, 'future', 1, x'00', 0)")
            .execute(&other.pool)
            .await
            .unwrap();
        other.pool.close().await;
    }
    let err = backup::check(&newer).await.unwrap_err();
    assert!(
        matches!(err, konter::Error::Validation { ref code, .. } if code == "newer_schema"),
        "{err:?}"
    );
    assert!(backup::backup_to(&s.db, &dir, 0, monday_10_wib(), &|_| {})
        .await
        .is_err());

    // A customer added after the backup disappears when the backup is restored.
    customer(&s, "Sesudah Backup", "081200000002").await;
    let live = s.dir.path().join("konter.db");
    let clerk = konter::store::Ctx {
        role: konter::domain::staff::Role::Admin,
        ..s.ctx(0)
    };
    assert!(
        matches!(
            backup::stage_restore(&clerk, &live, &backup_path).await,
            Err(konter::Error::Forbidden { .. })
        ),
        "only the owner restores"
    );
    assert!(!live.with_file_name("restore-pending.db").exists());
    backup::stage_restore(&s.ctx(0), &live, &backup_path)
        .await
        .unwrap();
    s.db.pool.close().await;
    let kept = backup::apply_pending(&live, monday_10_wib())
        .unwrap()
        .expect("a restore happened");
    assert!(kept.exists(), "the replaced database is kept");
    assert_eq!(
        backup::apply_pending(&live, monday_10_wib()).unwrap(),
        None,
        "applied once"
    );
    let db = Db::open(&live).await.unwrap();
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM customers ORDER BY name")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    assert_eq!(names, ["Sebelum Backup"]);
    let replaced = Db::open(&kept).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
        .fetch_one(&replaced.pool)
        .await
        .unwrap();
    assert_eq!(n, 2, "the replaced database still has everything");
}

/// The daily backup runs once per local day when switched on, reports its
/// progress up to the full size, and rotates to the configured count.
#[tokio::test]
async fn daily_backup_once_a_day_with_progress() {
    use konter::domain::shop::settings::CounterSettings;
    use konter::store::shop::settings;
    use std::sync::Mutex;
    let s = shop().await;
    let dir = s.dir.path().join("daily");
    let seen: Mutex<Vec<backup::BackupProgress>> = Mutex::new(vec![]);
    let record = |p| seen.lock().unwrap().push(p);

    // Off until a folder is chosen.
    assert!(backup::daily_if_due(&s.db, monday_10_wib(), &record)
        .await
        .unwrap()
        .is_none());
    let on = CounterSettings {
        backup_dir: Some(dir.to_string_lossy().to_string()),
        backup_keep: 2,
        ..Default::default()
    };
    settings::update(&s.db, &s.ctx(0), on).await.unwrap();

    let first = backup::daily_if_due(&s.db, monday_10_wib(), &record)
        .await
        .unwrap();
    assert!(first.is_some(), "due: no backup today yet");
    let last = *seen.lock().unwrap().last().unwrap();
    assert!(
        last.done && last.copied == last.total && last.total > 10_000,
        "{last:?}"
    );
    assert!(seen.lock().unwrap().iter().all(|p| p.copied <= p.total));

    // Same local day (23:30 WIB is still Monday) → nothing; next days → one each.
    let late = monday_10_wib() + chrono::Duration::minutes(13 * 60 + 30);
    assert!(backup::daily_if_due(&s.db, late, &record)
        .await
        .unwrap()
        .is_none());
    for day in 1..=3 {
        let at = monday_10_wib() + chrono::Duration::days(day);
        assert!(backup::daily_if_due(&s.db, at, &record)
            .await
            .unwrap()
            .is_some());
    }
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2, "keeps two");
}
