//! Two connections (two pools, like two app instances on a shared file)
//! taking in devices at once: no write is lost and no number is reused.

use crate::common;

use common::*;
use konter::store::repairs::tickets::{self, IntakeInput};
use konter::store::Db;
use std::collections::HashSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_writers_lose_nothing() {
    let s = shop().await;
    let other = Db::open(&s.dir.path().join("konter.db")).await.unwrap();
    let c = customer(&s, "Rina", "081355566677").await;
    let input = scanner_intake(c.id);
    const EACH: usize = 25;
    let run = |db: Db, ctx: konter::store::Ctx, input: IntakeInput| async move {
        let mut numbers = vec![];
        for _ in 0..EACH {
            numbers.push(
                tickets::intake(&db, &ctx, input.clone())
                    .await
                    .unwrap()
                    .number,
            );
        }
        numbers
    };
    let a = tokio::spawn(run(s.db.clone(), s.ctx(1), input.clone()));
    let b = tokio::spawn(run(other.clone(), s.ctx(1), input));
    let mut all = a.await.unwrap();
    all.extend(b.await.unwrap());
    let unique: HashSet<_> = all.iter().collect();
    assert_eq!(unique.len(), 2 * EACH, "no number reused");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tickets")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 2 * EACH as i64);
    let last: i64 = sqlx::query_scalar("SELECT last FROM number_series WHERE key LIKE 'SV-%'")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(last, 2 * EACH as i64);
}
