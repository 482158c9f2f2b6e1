//! Reference API server: the seeds' three APIs on one embedded database.
//!
//! - Dastra data subject requests (seed 002): `routes/dsr.rs`, `routes/workflow.rs`,
//!   and their tags (our extension): `routes/tag.rs`.
//! - Concord consent types (seed 001), consent records (our extension) and
//!   data system contacts (seed 000): `routes/consent_type.rs`,
//!   `routes/consent_record.rs`, `routes/data_system_contact.rs`; the
//!   loader's consent manifest (our extension): `routes/consent_manifest.rs`;
//!   proof of consent (text hashes, the records' hash chain): `consent_chain.rs`;
//!   consent statistics: `routes/consent_stats.rs`.
//! - URN-service organisation contacts (seed 003): `routes/org_contact.rs`.
//! - A workspace's widget settings, keys and allowed origins (our extensions):
//!   `routes/settings.rs`, `routes/access.rs`.
//!
//! `app()` builds the whole router so tests can serve it on port 0; `main.rs`
//! only reads configuration, opens the database and serves.
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

pub mod auth;
pub mod config;
pub mod consent_chain;
pub mod cors;
pub mod db;
pub mod deadline;
pub mod demo;
pub mod error;
pub mod http_cache;
pub mod idempotency;
pub mod limits;
pub mod mail;
pub mod mail_text;
pub mod rate_limit;
pub mod routes;
pub mod thread;
pub mod tokens;

use crate::error::AppError;

/// Largest accepted request body. A consent type `document` may hold 5,000,000
/// characters (seed 001); 6 MiB leaves room for the rest of the body. The limit
/// counts bytes, so a document that long in non-ASCII text is refused with 413.
pub const BODY_LIMIT: usize = 6 * 1024 * 1024;

/// Public-key writes (DSR intake, consent records) waiting for the single
/// writer at once; further public writes wait before the queue, so an admin
/// write never queues behind more than this many public jobs. A public create
/// holds the writer for one trip (`db::Job::finish`), so sixteen cost an
/// admin a few milliseconds, and the creates queued together share a commit:
/// measured with 8 clients, 16 gave 1,130-1,260 creates/s where 4 gave
/// 980-1,000 (BENCHMARKS.md).
pub const PUBLIC_WRITE_QUEUE: usize = 16;

/// Everything a request handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Reader and writer pools.
    pub db: db::Db,
    /// The Trunk output (`dist/`): admin page at `/`, widget under `/widget/`.
    pub dist: PathBuf,
    /// Known API keys by hash.
    pub keys: Arc<auth::KeyCache>,
    /// Workspaces' settings and initial steps, as creates read them.
    pub workspaces: Arc<routes::settings::WorkspaceCache>,
    /// Token buckets for public-key requests.
    pub rate_limiter: Arc<rate_limit::RateLimiter>,
    /// Origins allowed to call admin routes cross-origin (`PW_ADMIN_ORIGINS`).
    pub admin_origins: Arc<Vec<String>>,
    /// `PW_PUBLIC_URL` (or its default): the start of every absolute URL we send.
    pub public_url: Arc<str>,
    /// `PW_BODY_TIMEOUT`: how long a request body may take to arrive.
    pub body_timeout: Duration,
    /// [`PUBLIC_WRITE_QUEUE`] permits: see [`AppState::public_write`].
    pub public_writes: Arc<tokio::sync::Semaphore>,
    /// `PW_REGION_HEADER`: where the CDN puts the visitor's country.
    pub region_header: Option<axum::http::HeaderName>,
    /// SMTP or the outbox folder (`PW_SMTP_URL`, `PW_OUTBOX`).
    pub mailer: Arc<mail::Mailer>,
    /// `PW_FILES`: attachment bytes, one folder per request.
    pub files: PathBuf,
}

impl AppState {
    /// State for `config`, over an opened database; an error when the mail
    /// settings are not usable.
    pub fn new(db: db::Db, config: &config::Config) -> Result<Self, config::ConfigError> {
        // One process per SQLite file: what it caches, no other process changes.
        let sqlite = db.dialect == db::Dialect::Sqlite;
        Ok(Self {
            db,
            dist: config.dist.clone(),
            keys: Arc::new(auth::KeyCache::new(sqlite)),
            workspaces: Arc::new(routes::settings::WorkspaceCache::new(sqlite)),
            rate_limiter: Arc::new(rate_limit::RateLimiter::new(config.rate_limit_per_minute)),
            admin_origins: Arc::new(config.admin_origins.clone()),
            public_url: config.public_url().into(),
            body_timeout: config.body_timeout,
            public_writes: Arc::new(tokio::sync::Semaphore::new(PUBLIC_WRITE_QUEUE)),
            region_header: config.region_header.clone(),
            mailer: Arc::new(mail::Mailer::new(config)?),
            files: config.files_dir(),
        })
    }

    /// A place in the public write queue for a public key (`None` for an admin
    /// key, whose writes go straight to the writer's queue). Hold it for the
    /// whole write: a flood of widget submits then costs an admin write at most
    /// [`PUBLIC_WRITE_QUEUE`] transactions of waiting, not one per flooder.
    pub async fn public_write(
        &self,
        principal: &auth::Principal,
    ) -> Option<tokio::sync::SemaphorePermit<'_>> {
        if principal.is_admin() {
            None
        } else {
            self.public_writes.acquire().await.ok()
        }
    }
}

/// The whole product as one router: the three APIs, `/openapi.json`, the admin
/// page at `/` and the widget assets under `/widget/`.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .merge(routes::dsr::router())
        .merge(routes::audit::router())
        .merge(routes::requester::router())
        .merge(routes::messages::router())
        .merge(routes::workflow::router())
        .merge(routes::tag::router())
        .merge(routes::settings::router())
        .merge(routes::access::router())
        .merge(routes::preview::router())
        .merge(routes::consent_type::router())
        .merge(routes::consent_manifest::router())
        .merge(routes::consent_record::router())
        .merge(routes::consent_stats::router())
        .merge(routes::data_system_contact::router())
        .merge(routes::org_contact::router())
        .merge(routes::static_files::router(&state.dist))
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed });
    api
        // Order (outermost last): panics become a seed 500, CORS sees every
        // response including errors, the body limit and deadline apply before
        // any JSON parse.
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            state.body_timeout,
            limits::body_deadline,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cors::cors,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The demo listener's router: only the demo host page and its two files.
pub fn demo_app(state: AppState) -> Router {
    demo::router().with_state(state)
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    (StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal).into_response()
}

/// Serves `router` on `listener` with client addresses available to the rate
/// limiter and the default [`limits::ServeLimits`], until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    limits::serve_with(listener, router, shutdown, limits::ServeLimits::default()).await
}
