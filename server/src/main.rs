//! Reads its configuration from the environment and serves `app()`.
use std::net::SocketAddr;

use pw_server::{app, AppState};

#[tokio::main]
async fn main() {
    let addr: SocketAddr = std::env::var("PW_ADDR")
        .unwrap_or_else(|_| "127.0.0.1:8080".into())
        .parse()
        .expect("PW_ADDR must be host:port");
    let dist = std::env::var("PW_DIST").unwrap_or_else(|_| "dist".into()).into();
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    println!("listening on http://{}", listener.local_addr().unwrap());
    axum::serve(listener, app(AppState { dist })).await.unwrap();
}
