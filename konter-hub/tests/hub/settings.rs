//! The shop's rules are one for the whole shop: set by the owner at one
//! counter, they hold at the others; a device's own settings (its idle lock)
//! stay on it; a change to the rules written without the right is refused
//! at the hub and reaches no other counter.

use super::*;
use konter::store::shop::settings;

#[tokio::test]
async fn the_shops_rules_set_at_one_counter_hold_at_the_others() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let b_lock = settings::get(&b.db).await.unwrap().idle_lock_minutes;
    let mut s = settings::get(&a.db).await.unwrap();
    s.discount_limit_percent = 25;
    s.visits.travel_buffer_minutes = 45;
    s.visits.labour_per_hour = 200_000;
    s.idle_lock_minutes = b_lock + 10;
    settings::update(&a.db, &a.ctx(5), s.clone()).await.unwrap();
    a.round().await;
    b.round().await;
    let at_b = settings::get(&b.db).await.unwrap();
    assert_eq!(at_b.discount_limit_percent, 25);
    assert_eq!(
        at_b.visits, s.visits,
        "the visit policy books B's technicians too"
    );
    assert_eq!(
        at_b.idle_lock_minutes, b_lock,
        "the idle lock is each device's own"
    );
    // The first save at a joined counter publishes all the shop's rules
    // (those never set are the defaults); the device's own stay off the hub.
    let keys: Vec<String> = sqlx::query_scalar("SELECT key FROM rows.shop_settings ORDER BY key")
        .fetch_all(&h.hub.pool)
        .await
        .unwrap();
    assert_eq!(keys.len(), 11, "{keys:?}");
    assert!(!keys.iter().any(|k| k == "idle_lock_minutes"));
    // A later save at the other counter sends only the rule it changed.
    let logged = "SELECT COUNT(*) FROM changes WHERE tbl = 'shop_settings'";
    let before = count(&h, logged).await;
    let mut at_b = at_b;
    at_b.payment_window_hours = 48;
    settings::update(&b.db, &b.ctx(6), at_b).await.unwrap();
    b.round().await;
    a.round().await;
    assert_eq!(count(&h, logged).await, before + 1);
    assert_eq!(settings::get(&a.db).await.unwrap().payment_window_hours, 48);

    // Counter B's database written behind the app's back: any discount.
    sqlx::query("UPDATE shop_settings SET value = '100' WHERE key = 'discount_limit_percent'")
        .execute(&b.db.pool)
        .await
        .unwrap();
    b.round().await;
    a.round().await;
    assert_eq!(
        count(
            &h,
            "SELECT COUNT(*) FROM conflicts WHERE kind = 'not_permitted' AND tbl = 'shop_settings'"
        )
        .await,
        1
    );
    let at_hub: String = sqlx::query_scalar(
        "SELECT value FROM rows.shop_settings WHERE key = 'discount_limit_percent'",
    )
    .fetch_one(&h.hub.pool)
    .await
    .unwrap();
    assert_eq!(at_hub, "25");
    assert_eq!(
        settings::get(&a.db).await.unwrap().discount_limit_percent,
        25
    );
}
