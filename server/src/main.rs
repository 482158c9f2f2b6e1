//! `pw-server`: reads `PW_*` configuration, opens and migrates the database,
//! seeds the demo tenant on first start, and serves the API (+ admin page and
//! widget assets) and, on a second origin, the demo host page. See `config.rs`
//! for the variables and `lib.rs` for the routes.
use std::process::ExitCode;

use pw_server::config::Config;
use pw_server::db::Db;
use pw_server::limits::{serve_with, ServeLimits};
use pw_server::{app, demo, demo_app, AppState};
use tracing_subscriber::EnvFilter;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pw-server: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut config = Config::from_env()?;
    let db = Db::open(&config.db).await?;
    let api = tokio::net::TcpListener::bind(config.addr).await?;
    // With PW_ADDR=...:0 the real port is only known now; the demo page needs it.
    config.addr = api.local_addr()?;
    let demo_listener = match config.demo_addr {
        Some(addr) => Some(tokio::net::TcpListener::bind(addr).await?),
        None => None,
    };
    if let Some(l) = &demo_listener {
        config.demo_addr = Some(l.local_addr()?);
    }
    let keys = demo::seed_if_empty(&db, &config)
        .await
        .map_err(|e| format!("seeding demo data failed: {e}"))?;
    tokio::spawn(db.clone().maintain_search_index());
    tokio::spawn(db.clone().maintain_search_tail());
    tokio::spawn(pw_server::idempotency::maintain(db.clone()));
    let state = AppState::new(db, &config)?;

    // stdout is the contract with scripts and tests: one line per fact.
    println!("listening on http://{}", config.addr);
    println!("public URL: {}", config.public_url());
    println!("admin page: http://{}/", config.addr);
    println!("openapi: http://{}/openapi.json", config.addr);
    match &config.smtp_url {
        Some(_) => println!("e-mail: sent through PW_SMTP_URL"),
        None => println!("e-mail outbox: {}", config.outbox_dir().display()),
    }
    if let Some(addr) = config.demo_addr {
        println!("demo host page: http://{addr}/");
    }
    // Only a key the server generated: one passed in PW_ADMIN_KEY is never echoed.
    if let Some(k) = &keys.admin {
        println!("admin key (generated, shown once, stored hashed): {k}");
    }
    if let Some(k) = &keys.public {
        println!("public widget key: {k}");
    }
    println!(
        "demo workspace {} / organization {} / project {}",
        demo::WORKSPACE,
        demo::ORGANIZATION,
        demo::PROJECT
    );

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let wait = move |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    let limits = ServeLimits::from_config(&config);
    let api_task = tokio::spawn(serve_with(
        api,
        app(state.clone()),
        wait(stop_rx.clone()),
        limits,
    ));
    let demo_task = demo_listener.map(|l| {
        tokio::spawn(serve_with(
            l,
            demo_app(state.clone()),
            wait(stop_rx.clone()),
            limits,
        ))
    });
    shutdown_signal().await;
    let _ = stop_tx.send(true);
    api_task.await??;
    if let Some(t) = demo_task {
        t.await??;
    }
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, finish in-flight requests, exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
