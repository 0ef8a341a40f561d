//! Crash safety: a helper process performing acknowledged writes is killed
//! with SIGKILL at random moments, 100 times. After each kill the database
//! reopens, every acknowledged write is there, and `integrity_check` is ok.
//! (WAL + synchronous=FULL: a committed sale survives a power cut.)
#![cfg(unix)]

use crate::common;

use common::*;
use rand::{Rng, SeedableRng};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const TRIALS: u64 = 100;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill() {
    let s = shop().await;
    let path = s.dir.path().join("konter.db");
    s.db.pool.close().await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(2026);
    let mut acked: Vec<String> = vec![];
    for trial in 0..TRIALS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_konter-crash-writer"))
            .arg(&path)
            .arg(s.owner.staff_id.to_string())
            .arg((trial * 1_000_000).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the writer");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Let it write for a random moment (some trials die before the first ack).
        std::thread::sleep(Duration::from_millis(rng.gen_range(5..120)));
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        while let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            if let Some(phone) = line.strip_prefix("ack ") {
                acked.push(phone.to_string());
            }
        }
    }
    assert!(
        acked.len() > TRIALS as usize,
        "the writer acknowledged real work ({} writes)",
        acked.len()
    );

    let db = konter::store::Db::open(&path).await.unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    for phone in &acked {
        let e164 = konter::domain::phone::normalize(phone).unwrap();
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers WHERE phone = ?")
            .bind(&e164)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(n, 1, "acknowledged write {phone} lost");
    }
    // The audit chain is still whole after a hundred crashes.
    assert_eq!(
        konter::store::shop::audit::verify(&db, &owner_ctx())
            .await
            .unwrap()
            .broken,
        None
    );
}

fn owner_ctx() -> konter::store::Ctx {
    konter::store::Ctx {
        staff_id: uuid::Uuid::nil(),
        role: konter::domain::staff::Role::Owner,
        now: chrono::Utc::now(),
    }
}
