//! Files: the admin page (`dist/index.html` at `/`), the widget assets
//! (`dist/widget/` at `/widget/`), the requester's status page
//! (`dist/request/` at `/request/`, see [`request_page`]) and the OpenAPI
//! document (`/openapi.json`).
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
//!
//! The widget files are served like a CDN would (see [`widget_file`]):
//! precompressed variants, an `ETag` per file, and a `Cache-Control` that
//! depends on whether the name carries a content hash.
//!
//! No redirect leaves the origin: a directory asked for without its trailing
//! slash is redirected to the same path with one leading slash (`//widget`
//! would otherwise give `Location: //widget/`, another host to a browser).
use std::convert::Infallible;
use std::path::Path;

use axum::body::Body;
use axum::extract::{OriginalUri, Request};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::AppError;
use crate::http_cache::{if_none_match, strong_etag};
use crate::AppState;

/// The hand-written OpenAPI 3.1 document; `tests/openapi.rs` checks that it
/// lists exactly the routes this server has.
pub const OPENAPI_JSON: &str = include_str!("../../openapi.json");

/// Path prefixes that belong to the APIs.
const API_PREFIXES: &[&str] = &["/v1/", "/organizations/", "/organisations/"];

/// Static routes and the fallback.
pub fn router(dist: &Path) -> Router<AppState> {
    let files = ServeDir::new(dist.join("widget"))
        .precompressed_br()
        .precompressed_gzip();
    let widget = tower::service_fn(move |req: Request| {
        let files = files.clone();
        async move { Ok::<_, Infallible>(widget_file(files, req).await) }
    });
    let site = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            admin_csp(dist),
        ))
        .service(ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html"))));
    let request_dir = dist.join("request");
    let request_files = ServeDir::new(&request_dir)
        .precompressed_br()
        .precompressed_gzip();
    let request_headers = RequestPageHeaders::new(&request_dir);
    let request_index = request_dir.join("index.html");
    let request = tower::service_fn(move |req: Request| {
        let (files, headers, index) = (
            request_files.clone(),
            request_headers.clone(),
            request_index.clone(),
        );
        async move {
            // Nested: `/request` and `/request/` both arrive here as `/`.
            Ok::<_, Infallible>(match req.uri().path() {
                "" | "/" | "/index.html" => request_page(&index, &headers, req).await,
                _ => request_asset(files, &headers, req).await,
            })
        }
    });
    Router::new()
        .route("/openapi.json", get(openapi))
        .nest_service("/request", request)
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
                let uri = req.uri().clone();
                match site.oneshot(req).await {
                    Ok(resp) => stay_home(resp.into_response(), &uri),
                    Err(e) => AppError::internal(e).into_response(),
                }
            }
        })
}

/// `ServeDir` redirects `/dir` to `/dir/` by appending a slash to the path it
/// was given: under `nest_service` that path lacks the `/widget` prefix, and a
/// path such as `//widget` becomes `Location: //widget/`, which a browser
/// reads as the host `widget`. Any redirect is rewritten from the ORIGINAL
/// path with exactly one leading slash, so it never leaves the origin.
fn stay_home(mut resp: Response, original: &Uri) -> Response {
    if !resp.headers().contains_key(header::LOCATION) {
        return resp;
    }
    let path = original.path().trim_start_matches(['/', '\\']);
    let mut location = format!("/{path}");
    if !location.ends_with('/') {
        location.push('/');
    }
    if let Some(q) = original.query() {
        location = format!("{location}?{q}");
    }
    match HeaderValue::from_str(&location) {
        Ok(v) => {
            resp.headers_mut().insert(header::LOCATION, v);
            resp
        }
        Err(_) => AppError::not_found().into_response(),
    }
}

/// `Cache-Control` of hashed widget files: the name changes with the content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of every other widget file, notably `loader.js`, the
/// customers' fixed entry point: a release reaches every visitor within five
/// minutes, and a later view revalidates with a body-less 304.
const SHORT: &str = "public, max-age=300";

/// `true` for Trunk `--filehash` names: `-` and 16 lower-case hex digits right
/// before `.js`, `_bg.wasm` or `.css` (`privacy-widget-0123456789abcdef_bg.wasm`).
pub fn is_hashed(name: &str) -> bool {
    [".js", "_bg.wasm", ".css"].iter().any(|ext| {
        name.strip_suffix(ext).is_some_and(|stem| {
            let b = stem.as_bytes();
            b.len() > 17
                && b[b.len() - 17] == b'-'
                && b[b.len() - 16..]
                    .iter()
                    .all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
        })
    })
}

/// One widget file, the way a CDN serves it.
///
/// - `foo.js.br` / `foo.js.gz` next to `foo.js` are sent to clients that accept
///   them, with `Content-Encoding` and the Content-Type of `foo.js` (so a
///   precompressed `.wasm` is still `application/wasm`); `Vary: Accept-Encoding`.
/// - `ETag`: the hash of the exact bytes sent, computed on each request (no
///   start-up table to go stale when `dist/` is rebuilt under a running
///   server); the variants differ in bytes, so their strong tags differ.
///   `If-None-Match` that names it gives a 304 without body, and takes
///   precedence over `If-Modified-Since` (RFC 9110 section 13.2.2).
/// - `Cache-Control`: [`IMMUTABLE`] for hashed names ([`is_hashed`]), [`SHORT`]
///   otherwise; only on 2xx and 304, never on a 404.
/// - The loader runs on customers' pages and imports the glue as a module and
///   fetches the wasm: both are CORS requests. The files are public and sent
///   without credentials, so `Access-Control-Allow-Origin: *` is right;
///   `Cross-Origin-Resource-Policy: cross-origin` lets COEP pages embed them.
async fn widget_file(files: ServeDir, mut req: Request) -> Response {
    let original = req
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| req.uri().clone(), |u| u.0.clone());
    let name = req.uri().path().rsplit('/').next().unwrap_or("").to_owned();
    // HEAD is served as GET (hyper sends no body for HEAD), so it gets the ETag too.
    if req.method() == Method::HEAD {
        *req.method_mut() = Method::GET;
    }
    let conditions = req.headers().clone();
    if conditions.contains_key(header::IF_NONE_MATCH) {
        req.headers_mut().remove(header::IF_MODIFIED_SINCE);
    }
    let Ok(resp) = files.oneshot(req).await;
    let (mut parts, body) = resp.into_parts();
    let mut resp = if parts.status == StatusCode::OK {
        let bytes = match axum::body::to_bytes(Body::new(body), usize::MAX).await {
            Ok(b) => b,
            Err(e) => return AppError::internal(e).into_response(),
        };
        let etag = strong_etag(&bytes);
        if if_none_match(&conditions, &etag) {
            let mut r = StatusCode::NOT_MODIFIED.into_response();
            r.headers_mut().insert(header::ETAG, etag);
            if let Some(v) = parts.headers.get(header::LAST_MODIFIED) {
                r.headers_mut().insert(header::LAST_MODIFIED, v.clone());
            }
            r
        } else {
            parts.headers.insert(header::ETAG, etag);
            // The length of what was read, should the file have changed since its stat.
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(bytes))
        }
    } else {
        Response::from_parts(parts, Body::new(body))
    };
    let status = resp.status();
    let h = resp.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("cross-origin"),
    );
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        let cache = if is_hashed(&name) { IMMUTABLE } else { SHORT };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        h.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    stay_home(resp, &original)
}

/// The text of the first inline `<script type=module>` (Trunk's bootstrap).
fn inline_module(html: &str) -> Option<&str> {
    let open = ["<script type=module>", "<script type=\"module\">"]
        .iter()
        .find_map(|tag| html.find(tag).map(|i| i + tag.len()))?;
    let len = html[open..].find("</script>")?;
    Some(&html[open..open + len])
}

/// `" 'sha256-...'"` for the inline bootstrap of the page at `html`, empty
/// when the page is missing or has none (then no inline script runs at all).
/// Read once at start-up, not per request.
fn bootstrap_source(html: &Path) -> String {
    std::fs::read_to_string(html)
        .ok()
        .and_then(|html| inline_module(&html).map(|s| Sha256::digest(s.as_bytes())))
        .map(|hash| {
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(hash)
            )
        })
        .unwrap_or_default()
}

/// The admin page's policy. The admin may point the page at other API
/// servers (the real services), hence `connect-src` beyond `'self'`.
fn admin_csp(dist: &Path) -> HeaderValue {
    let bootstrap = bootstrap_source(&dist.join("index.html"));
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{bootstrap}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self' https: http://localhost:* http://127.0.0.1:*; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy).expect("policy is ASCII")
}

/// The status page's policy: stricter than the admin page's, as the page
/// talks to its own origin only and holds a token in its address. Nothing
/// but its own files, its bootstrap (by hash) and its wasm may run; no inline
/// style; no plugin, no `<base>`, no form posts, no framing.
fn request_csp(dir: &Path) -> HeaderValue {
    let bootstrap = bootstrap_source(&dir.join("index.html"));
    let policy = format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{bootstrap}; style-src 'self'; \
         img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy).expect("policy is ASCII")
}

/// The headers every response under `/request/` carries (the page and its
/// files), computed once at start-up.
#[derive(Clone)]
struct RequestPageHeaders {
    csp: HeaderValue,
}

impl RequestPageHeaders {
    fn new(dir: &Path) -> Self {
        Self {
            csp: request_csp(dir),
        }
    }

    /// CSP, and `Referrer-Policy: no-referrer`: the address's fragment holds
    /// the requester's token, and no request from the page may name the page.
    fn apply(&self, resp: &mut Response) {
        let h = resp.headers_mut();
        h.insert(header::CONTENT_SECURITY_POLICY, self.csp.clone());
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
    }
}

/// `/request`, `/request/`: the status page's `index.html`, never cached (a
/// new build's page must name the new bundle, and the page is about one
/// person's request). Served at `/request` too, without a redirect: the
/// e-mail links carry their token after `#`, which a redirect would have to
/// carry over.
async fn request_page(index: &Path, headers: &RequestPageHeaders, req: Request) -> Response {
    let Ok(resp) = ServeFile::new(index).oneshot(req).await;
    let mut resp = resp.into_response();
    if resp.status() == StatusCode::NOT_FOUND {
        return AppError::not_found().into_response();
    }
    headers.apply(&mut resp);
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// A file of the status page (glue, wasm, stylesheet): precompressed variants
/// when accepted; hashed names cached for good, others briefly. A path that
/// names no file is a plain 404, never the admin page.
async fn request_asset(files: ServeDir, headers: &RequestPageHeaders, req: Request) -> Response {
    let original = req
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| req.uri().clone(), |u| u.0.clone());
    let name = req.uri().path().rsplit('/').next().unwrap_or("").to_owned();
    let Ok(resp) = files.oneshot(req).await;
    let mut resp = resp.into_response();
    let status = resp.status();
    if status == StatusCode::NOT_FOUND {
        return AppError::not_found().into_response();
    }
    headers.apply(&mut resp);
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        let cache = if is_hashed(&name) { IMMUTABLE } else { SHORT };
        let h = resp.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        h.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    stay_home(resp, &original)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_page_policy_allows_only_its_bootstrap() {
        let dir = std::env::temp_dir().join(format!("pw-request-csp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("index.html"),
            "<!doctype html><title>r</title><script type=module>boot()</script>",
        )
        .unwrap();
        let csp = request_csp(&dir);
        let csp = csp.to_str().unwrap();
        // sha256("boot()"), as in tests/http.rs for the admin page.
        assert!(
            csp.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-MeZS89WlF0u+o0hCvHTBt4q1WHU+U+sJKgbdRUc36mY='; style-src 'self';"),
            "{csp}"
        );
        assert!(csp.contains("connect-src 'self';") && csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        std::fs::remove_dir_all(&dir).unwrap();
        // Without a built page no inline script may run.
        let csp = request_csp(Path::new("/nonexistent"));
        assert!(!csp.to_str().unwrap().contains("sha256"));
    }

    #[test]
    fn hashed_names() {
        for name in [
            "privacy-widget-0123456789abcdef.js",
            "privacy-widget-0123456789abcdef_bg.wasm",
            "style-fedcba9876543210.css",
        ] {
            assert!(is_hashed(name), "{name}");
        }
        for name in [
            "loader.js",
            "privacy-widget.js",
            "privacy-widget_bg.wasm",
            "-0123456789abcdef.js",
            "x-0123456789ABCDEF.js",
            "x-0123456789abcde.js",
            "x_0123456789abcdef.js",
            "x-0123456789abcdef.wasm",
            "x-0123456789abcdef.js.br",
            "x-0123456789abcdef.html",
        ] {
            assert!(!is_hashed(name), "{name}");
        }
    }
}
