//! Test helper for the crash-safety test: opens an existing Konter database
//! and creates customers as fast as it can, printing `ack <phone>` only after
//! each transaction has committed. The test kills it with SIGKILL at random
//! moments and then checks that every acknowledged write survived.

use konter::domain::staff::Role;
use konter::store::customers::{self, NewCustomer};
use konter::store::{Ctx, Db};
use std::io::Write;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(staff), Some(start)) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: konter-crash-writer DB STAFF_ID START");
        std::process::exit(2);
    };
    let db = Db::open(std::path::Path::new(&path)).await.expect("open");
    let ctx = Ctx {
        staff_id: staff.parse().expect("staff id"),
        role: Role::Owner,
        now: chrono::Utc::now(),
    };
    let start: u64 = start.parse().expect("start");
    let mut out = std::io::stdout().lock();
    for i in start.. {
        let phone = format!("0819{i:08}");
        let input = NewCustomer {
            name: format!("Crash {i}"),
            phone: phone.clone(),
            email: None,
            address: None,
        };
        customers::create(&db, &ctx, input).await.expect("write");
        writeln!(out, "ack {phone}").expect("stdout");
        out.flush().expect("flush");
    }
}
