//! A device joining a shop downloads the shop's rows as the hub holds them,
//! a page of a table at a time, and then follows the change log: the hub
//! pages in key order to the end (an exact multiple of the page included),
//! a download cut off by the network goes on where it was, and what the
//! shop did meanwhile reaches the device through the log.

use super::*;
use konter::domain::sync::{PullReply, PushReply, SnapshotPage};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The network fails every third request for a page of rows.
struct Flaky {
    hub: HttpHub,
    asked: AtomicUsize,
    failed: AtomicUsize,
}

impl Transport for Flaky {
    async fn push(&self, b: &PushBatch) -> konter::Result<PushReply> {
        self.hub.push(b).await
    }

    async fn pull(&self, after: i64, limit: usize) -> konter::Result<PullReply> {
        self.hub.pull(after, limit).await
    }

    async fn snapshot(
        &self,
        table: &str,
        after: Option<&str>,
        limit: usize,
    ) -> konter::Result<Option<SnapshotPage>> {
        if self.asked.fetch_add(1, Ordering::SeqCst) % 3 == 2 {
            self.failed.fetch_add(1, Ordering::SeqCst);
            return Err(konter::Error::Storage {
                message: "the hub is unreachable".into(),
            });
        }
        self.hub.snapshot(table, after, limit).await
    }
}

#[tokio::test]
async fn a_joining_device_downloads_the_shop_and_goes_on_after_a_cut() {
    let h = hub().await;
    let (a, b) = two_counters(&h).await;
    let mut numbers = Vec::new();
    for (i, (name, phone)) in [
        ("Budi Santoso", "0812-3456-7890"),
        ("Sari Dewi", "0813-1111-2222"),
        ("Andi Wijaya", "0814-3333-4444"),
    ]
    .into_iter()
    .enumerate()
    {
        numbers.push(intake(&a, name, phone, 10 + i as i64).await);
    }
    a.round().await;

    // The hub pages a table in key order to its end; a page that ends
    // exactly on the last row is followed by an empty one.
    let hb = HttpHub::for_config(&sync::config(&b.db).await.unwrap().unwrap()).unwrap();
    let mut paged = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = hb
            .snapshot("customers", after.as_deref(), 1)
            .await
            .unwrap()
            .unwrap();
        if page.count == 0 {
            assert_eq!(page.last_key, None);
            break;
        }
        assert_eq!(page.count, 1);
        paged.push(page.last_key.clone().unwrap());
        after = page.last_key;
    }
    let at_hub: Vec<String> = sqlx::query_scalar("SELECT id FROM rows.customers ORDER BY id")
        .fetch_all(&h.hub.pool)
        .await
        .unwrap();
    assert_eq!(paged, at_hub);
    assert!(paged.len() >= 3);
    // A table the hub does not have is refused by name.
    let refused = hb.snapshot("sqlite_master", None, 10).await.unwrap_err();
    assert!(
        matches!(refused, konter::Error::Validation { ref code, .. } if code == "unknown_table"),
        "{refused:?}"
    );

    // A third device joins over a network that cuts every third page off;
    // between its tries the shop goes on at counter A.
    let mut c = empty_device().await;
    c.owner = a.owner;
    let code = admin::enrolment_code(&h.hub.pool, h.shop, "JKT1", "K3")
        .await
        .unwrap();
    let e = sync::enrol(&h.url, &code, "Meja servis").await.unwrap();
    sync::join(&c.db, None, &h.url, &e, false, Utc::now())
        .await
        .unwrap();
    let flaky = Flaky {
        hub: HttpHub::for_config(&sync::config(&c.db).await.unwrap().unwrap()).unwrap(),
        asked: AtomicUsize::new(0),
        failed: AtomicUsize::new(0),
    };
    let customer: String = sqlx::query_scalar("SELECT id FROM customers WHERE name = 'Sari Dewi'")
        .fetch_one(&a.db.pool)
        .await
        .unwrap();
    let mut tries = 0;
    loop {
        tries += 1;
        assert!(tries < 200, "the download never finished");
        match sync::round(&c.db, &flaky, Utc::now()).await {
            Ok(_) => break,
            Err(_) if tries == 1 => {
                // Meanwhile at counter A: a customer renamed, a ticket taken in.
                sqlx::query("UPDATE customers SET name = 'Sari Dewi Lestari' WHERE id = ?")
                    .bind(&customer)
                    .execute(&a.db.pool)
                    .await
                    .unwrap();
                numbers.push(intake(&a, "Rudi Hartono", "0815-5555-6666", 20).await);
                a.round().await;
            }
            Err(_) => {}
        }
    }
    assert!(
        flaky.failed.load(Ordering::SeqCst) > 1,
        "the network did cut pages off"
    );
    let (pending, pulled): (i64, i64) =
        sqlx::query_as("SELECT snapshot_pending, pulled_seq FROM sync_config")
            .fetch_one(&c.db.pool)
            .await
            .unwrap();
    let head = count(
        &h,
        &format!("SELECT head FROM shops WHERE id = '{}'", h.shop),
    )
    .await;
    assert_eq!(
        (pending, pulled),
        (0, head),
        "done, and following the log from the head"
    );
    let mut board = c.board().await;
    board.sort();
    numbers.sort();
    assert_eq!(
        board, numbers,
        "every ticket, the one taken in meanwhile too"
    );
    assert_eq!(customer_name(&c, &customer).await, "Sari Dewi Lestari");
    // The device keeps its own counter; the board's search finds by name.
    assert_eq!(shop::profile(&c.db).await.unwrap().counter_code, "K3");
    let found = board::board(
        &c.db,
        &BoardQuery {
            status: None,
            text: Some("Wijaya".into()),
            include_closed: true,
        },
    )
    .await
    .unwrap();
    assert_eq!(found.len(), 1, "the search entries were built on download");
    // Its rows are the hub's, table by table.
    super::converged::check_device(&h, &c, 0).await;
}
