//! konter-peer: a second shop device from the command line, for trying a hub
//! and for the end-to-end test (the app's window beside another counter).
//! It keeps a real device database (SQLite) and works through the same core
//! functions as the app.
//!
//!   konter-peer <db> join <hub-url> <code> <device-name>
//!   konter-peer <db> sync                  one round: push, then pull
//!   konter-peer <db> intake <name> <phone> [--apart]
//!                                        a ticket taken in by the owner; prints its
//!                                        number (then syncs, unless --apart)
//!   konter-peer <db> tickets               the ticket numbers this device has
//!   konter-peer <db> quote <number> <price>
//!                                        the ticket diagnosed and quoted (one part at
//!                                        that price): awaiting the customer's approval;
//!                                        prints its tracking code, then syncs

use konter::domain::staff::Role;
use konter::store::repairs::tickets::{self, IntakeInput};
use konter::store::sync::{self, JoinInput};
use konter::store::{customers, Ctx, Db};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((db, rest)) = args.split_first() else {
        eprintln!("usage: konter-peer <db> join|sync|intake|tickets …");
        return ExitCode::from(2);
    };
    match run(db, rest).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("konter-peer: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(path: &str, args: &[String]) -> konter::Result<()> {
    let db = Db::open(std::path::Path::new(path)).await?;
    let now = chrono::Utc::now();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["join", url, code, name] => {
            let input = JoinInput {
                hub_url: url.to_string(),
                code: code.to_string(),
                device_name: name.to_string(),
            };
            sync::join_hub(&db, None, &input, now).await?;
            sync::round_if_joined(&db, now).await?;
        }
        ["sync"] => {
            let r = sync::round_if_joined(&db, now).await?;
            println!("{r:?}");
        }
        ["intake", name, phone, rest @ ..] if rest.is_empty() || rest == ["--apart"] => {
            let ctx = owner(&db, now).await?;
            let c = customers::NewCustomer {
                name: name.to_string(),
                phone: phone.to_string(),
                email: None,
                address: None,
            };
            let c = customers::create(&db, &ctx, c).await?;
            let input = IntakeInput {
                customer_id: c.id.to_string(),
                device_category: "Printer".into(),
                brand: "Canon".into(),
                model: "G2010".into(),
                complaint: "Tidak bisa menarik kertas".into(),
                ..Default::default()
            };
            println!("{}", tickets::intake(&db, &ctx, input).await?.number);
            if rest.is_empty() {
                sync::round_if_joined(&db, now).await?;
            }
        }
        ["quote", number, price] => {
            let ctx = owner(&db, now).await?;
            let (id, code): (String, String) =
                sqlx::query_as("SELECT id, tracking_code FROM tickets WHERE number = ?")
                    .bind(number)
                    .fetch_optional(&db.pool)
                    .await?
                    .ok_or_else(|| konter::Error::not_found("ticket"))?;
            let id = konter::store::parse_id("ticket", &id)?;
            use konter::domain::repairs::ticket::TicketStatus;
            tickets::change_status(&db, &ctx, id, TicketStatus::Diagnosing, None).await?;
            let line = konter::store::repairs::quotes::LineInput {
                kind: konter::domain::totals::LineKind::Part,
                description: "Pickup roller".into(),
                qty: "1".into(),
                unit_price: price.to_string(),
                discount: String::new(),
            };
            konter::store::repairs::quotes::set_quote(&db, &ctx, id, vec![line]).await?;
            println!("{code}");
            sync::round_if_joined(&db, now).await?;
        }
        ["tickets"] => {
            let numbers: Vec<String> =
                sqlx::query_scalar("SELECT number FROM tickets ORDER BY number")
                    .fetch_all(&db.pool)
                    .await?;
            for n in numbers {
                println!("{n}");
            }
        }
        _ => {
            return Err(konter::Error::validation(
                "command",
                "unknown",
                "join, sync, intake, quote or tickets",
            ))
        }
    }
    Ok(())
}

/// The shop's owner, in whose name this device works.
async fn owner(db: &Db, now: chrono::DateTime<chrono::Utc>) -> konter::Result<Ctx> {
    let owner: String =
        sqlx::query_scalar("SELECT id FROM staff WHERE role = 'owner' AND active = 1 LIMIT 1")
            .fetch_one(&db.pool)
            .await?;
    Ok(Ctx {
        staff_id: konter::store::parse_id("staff", &owner)?,
        role: Role::Owner,
        now,
    })
}
