//! Reference API server: `app()` builds the whole router so tests need no socket.
use std::path::PathBuf;

use axum::Router;
use tower_http::services::ServeDir;

/// Everything a request handler may need.
#[derive(Clone)]
pub struct AppState {
    /// The Trunk output (`dist/`): admin page at `/`, widget under `/widget/`.
    pub dist: PathBuf,
}

/// The whole product as one router.
pub fn app(state: AppState) -> Router {
    Router::new().fallback_service(ServeDir::new(&state.dist))
}
