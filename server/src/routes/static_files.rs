//! Files: the admin page (`dist/index.html` at `/`), the widget assets
//! (`dist/widget/` at `/widget/`) and the OpenAPI document (`/openapi.json`).
//!
//! The admin page is sent with a strict Content-Security-Policy: no inline
//! script except Trunk's own bootstrap, allowed by its SHA-256 hash computed
//! from the built `index.html` at start-up (so a rebuild needs no config), and
//! no inline style at all. A stored XSS that slipped past the text-only
//! rendering would still not run.
//!
//! Unknown paths under the API prefixes (`/v1/`, `/organizations/`,
//! `/organisations/`) answer a seed-shaped JSON 404, not the admin page: an API
//! client with a typo must not get HTML back.
use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::AppError;
use crate::AppState;

/// The hand-written OpenAPI 3.1 document; `tests/openapi.rs` checks that it
/// lists exactly the routes this server has.
pub const OPENAPI_JSON: &str = include_str!("../../openapi.json");

/// Path prefixes that belong to the APIs.
const API_PREFIXES: &[&str] = &["/v1/", "/organizations/", "/organisations/"];

/// Static routes and the fallback.
pub fn router(dist: &Path) -> Router<AppState> {
    // The loader runs on customers' pages and imports the glue as a module and
    // fetches the wasm: both are CORS requests. The files are public and sent
    // without credentials, so `*` is right; CORP lets COEP pages embed them.
    let widget = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        ))
        .service(ServeDir::new(dist.join("widget")));
    let site = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            admin_csp(dist),
        ))
        .service(ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html"))));
    Router::new()
        .route("/openapi.json", get(openapi))
        .nest_service("/widget", widget)
        .fallback(move |req: Request| {
            let site = site.clone();
            async move {
                let path = req.uri().path();
                if API_PREFIXES.iter().any(|p| path.starts_with(p)) {
                    // NestJS's wording (Concord's error body is NestJS's), so a
                    // missing route is told apart from a missing resource.
                    let shown: String = path.chars().take(200).collect();
                    return AppError::NotFound(format!("Cannot {} {shown}", req.method()))
                        .into_response();
                }
                match site.oneshot(req).await {
                    Ok(resp) => resp.into_response(),
                    Err(e) => AppError::internal(e).into_response(),
                }
            }
        })
}

/// The text of the first inline `<script type=module>` (Trunk's bootstrap).
fn inline_module(html: &str) -> Option<&str> {
    let open = ["<script type=module>", "<script type=\"module\">"]
        .iter()
        .find_map(|tag| html.find(tag).map(|i| i + tag.len()))?;
    let len = html[open..].find("</script>")?;
    Some(&html[open..open + len])
}

/// The admin page's policy. The admin may point the page at other API
/// servers (the real services), hence `connect-src` beyond `'self'`.
fn admin_csp(dist: &Path) -> HeaderValue {
    // Read once at start-up, not per request.
    let bootstrap = std::fs::read_to_string(dist.join("index.html"))
        .ok()
        .and_then(|html| inline_module(&html).map(|s| Sha256::digest(s.as_bytes())))
        .map(|hash| {
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(hash)
            )
        })
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{bootstrap}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self' https: http://localhost:* http://127.0.0.1:*; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy).expect("policy is ASCII")
}

async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        OPENAPI_JSON,
    )
        .into_response()
}
