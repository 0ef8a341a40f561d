//! konter-hub's command line: `serve` (the HTTP API), `create-shop`,
//! `enrol-code`, `revoke`. The database is `DATABASE_URL`.

use konter_hub::{admin, Hub};
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!(
        "usage: konter-hub serve [--listen 127.0.0.1:8750]\n       konter-hub create-shop <name>\n       konter-hub enrol-code <shop-id> <branch> <counter>\n       konter-hub revoke <device-id>\n       konter-hub woo-secret <shop-id> <store-url>   (the WooCommerce webhook's secret, read from stdin)\n(DATABASE_URL names the PostgreSQL database)"
    );
    ExitCode::from(2)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Ok(url) = std::env::var("DATABASE_URL") else {
        eprintln!("konter-hub: set DATABASE_URL (postgres://user@host/db)");
        return ExitCode::from(2);
    };
    let hub = match Hub::open(&url).await {
        Ok(h) => h,
        Err(e) => {
            eprintln!("konter-hub: {}", e.0);
            return ExitCode::FAILURE;
        }
    };
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["serve"] => serve(hub, "127.0.0.1:8750").await,
        ["serve", "--listen", addr] => serve(hub, addr).await,
        ["create-shop", name] => admin::create_shop(&hub.pool, name)
            .await
            .map(|id| println!("{id}")),
        ["enrol-code", shop, branch, counter] => match uuid::Uuid::parse_str(shop) {
            Ok(shop) => admin::enrolment_code(&hub.pool, shop, branch, counter)
                .await
                .map(|c| println!("{c}")),
            Err(_) => return usage(),
        },
        ["revoke", device] => match uuid::Uuid::parse_str(device) {
            Ok(d) => admin::revoke(&hub.pool, d).await,
            Err(_) => return usage(),
        },
        ["woo-secret", shop, store] => match uuid::Uuid::parse_str(shop) {
            Ok(shop) => {
                let mut secret = String::new();
                if std::io::stdin().read_line(&mut secret).is_err() {
                    return usage();
                }
                admin::set_woo_secret(&hub.pool, shop, store, secret.trim()).await
            }
            Err(_) => return usage(),
        },
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("konter-hub: {}", e.0);
            ExitCode::FAILURE
        }
    }
}

async fn serve(hub: Hub, addr: &str) -> Result<(), konter_hub::HubError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| konter_hub::HubError::internal(format!("cannot listen on {addr}: {e}")))?;
    eprintln!("konter-hub: listening on http://{addr}");
    axum::serve(
        listener,
        hub.router()
            .into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| konter_hub::HubError::internal(e.to_string()))
}
