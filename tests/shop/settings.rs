//! Where the counter settings live: the shop's rules in the shared
//! `shop_settings`, this device's own (idle lock, backups) in `settings`,
//! and a save writes only what changed.

use crate::common::*;
use konter::domain::shop::settings::CounterSettings;
use konter::store::shop::settings;

async fn stored(db: &konter::store::Db, table: &str) -> Vec<(String, String)> {
    sqlx::query_as(&format!("SELECT key, value FROM {table} ORDER BY key"))
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_shops_rules_and_the_devices_own_settings_are_kept_apart() {
    let s = shop().await;
    let before = settings::get(&s.db).await.unwrap();
    let changed = CounterSettings {
        idle_lock_minutes: 15,
        discount_limit_percent: 20,
        payment_window_hours: 48,
        ..before.clone()
    };
    settings::update(&s.db, &s.ctx(0), changed.clone())
        .await
        .unwrap();
    assert_eq!(
        stored(&s.db, "settings").await,
        [("idle_lock_minutes".to_string(), "15".to_string())],
        "the device's own setting stays in the table that never syncs"
    );
    assert_eq!(
        stored(&s.db, "shop_settings").await,
        [
            ("discount_limit_percent".to_string(), "20".to_string()),
            ("payment_window_hours".to_string(), "48".to_string())
        ],
        "only the rules that changed are written"
    );
    let read = settings::get(&s.db).await.unwrap();
    assert_eq!(read.idle_lock_minutes, 15);
    assert_eq!(read.discount_limit_percent, 20);
    assert_eq!(read.payment_window_hours, 48);
    assert_eq!(read.visits, before.visits);

    // Saving the same again writes nothing: the outbox gains one audit
    // entry per save, but no row changes.
    let rows_before = (
        stored(&s.db, "settings").await,
        stored(&s.db, "shop_settings").await,
    );
    settings::update(&s.db, &s.ctx(1), changed).await.unwrap();
    assert_eq!(
        (
            stored(&s.db, "settings").await,
            stored(&s.db, "shop_settings").await
        ),
        rows_before
    );
}

#[tokio::test]
async fn a_panel_saves_only_what_it_changed() {
    // Two panels of Settings loaded the same settings; each saves its own
    // part. The second does not set the first's change back.
    let s = shop().await;
    let seen = settings::get(&s.db).await.unwrap();
    let sales = CounterSettings {
        payment_window_hours: 48,
        ..seen.clone()
    };
    settings::update_changed(&s.db, &s.ctx(0), &seen, sales)
        .await
        .unwrap();
    let mut visits = seen.clone();
    visits.visits.travel_buffer_minutes = 45;
    let saved = settings::update_changed(&s.db, &s.ctx(1), &seen, visits)
        .await
        .unwrap();
    assert_eq!(
        saved.payment_window_hours, 48,
        "the sales panel's change stands"
    );
    assert_eq!(saved.visits.travel_buffer_minutes, 45);
    assert_eq!(settings::get(&s.db).await.unwrap(), saved);
    // A change the person typed wrong is refused at its field, nothing written.
    let bad = CounterSettings {
        idle_lock_minutes: 0,
        ..saved.clone()
    };
    let e = settings::update_changed(&s.db, &s.ctx(2), &saved, bad)
        .await
        .unwrap_err();
    assert!(
        matches!(e, konter::Error::Validation { ref field, .. } if field == "idle_lock_minutes"),
        "{e:?}"
    );
    assert_eq!(settings::get(&s.db).await.unwrap(), saved);
}
