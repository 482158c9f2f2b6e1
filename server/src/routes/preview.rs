//! The admin page's live preview of the widget (issue 17): a sample host page
//! at `/preview?workspace=&organization=&project=&key=&view=&locale=` whose
//! script (`/preview.js`) loads `/widget/loader.js` with those options as
//! `data-*` attributes. Same origin as the API, so it needs no allowed origin;
//! framed by the admin page only (`frame-ancestors 'self'`), under a CSP as
//! strict as a careful host's. The query is read by the script, never written
//! into the HTML.
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::AppState;

const PAGE: &str = include_str!("../../demo/preview.html");
const SCRIPT: &str = include_str!("../../demo/preview.js");
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
    form-action 'none'; frame-ancestors 'self'";

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/preview", get(|| async { page() }))
        .route(
            "/preview.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    SCRIPT,
                )
            }),
        )
}

fn page() -> Response {
    let mut resp = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], PAGE).into_response();
    resp.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    resp
}
