//! CORS: which web pages may call which routes from another origin.
//!
//! - Public routes (the widget's operations: create DSR, seed 002, and confirm
//!   its e-mail address by code or ask for a new code, our extension; read
//!   consent types, seed 001; the consent manifest and record consent, our
//!   extensions) echo
//!   `Access-Control-Allow-Origin` only for origins allowed for THAT tenant
//!   (`allowed_origins` table), so one customer's key cannot be used from
//!   another customer's pages by a browser.
//! - Admin routes are same-origin (the admin page is served by this process);
//!   `PW_ADMIN_ORIGINS` may list origins allowed cross-origin.
//! - `/widget/*` static assets get `*` in `routes/static_files.rs` (public
//!   files, no credentials); this middleware leaves them alone, so a CDN in
//!   front keeps one copy per file, not one per customer origin.
//!
//! Every other answer carries `Vary: origin`, whether or not the request had an
//! `Origin`: a cache must not hand a same-origin answer (no CORS header) to a
//! cross-origin page, nor one origin's answer to another.
//!
//! No credentials mode: keys travel in headers, never cookies, so
//! `Access-Control-Allow-Credentials` is never sent.
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::AppState;

/// Request headers a browser may send (preflight answer).
pub const ALLOW_HEADERS: &str =
    "content-type, x-api-key, authorization, idempotency-key, x-file-name";
/// Methods any of our routes accept.
pub const ALLOW_METHODS: &str = "GET, POST, PUT, DELETE, OPTIONS";
/// Response headers scripts may read: `Location` (seed 003's 201), `Retry-After` (429),
/// the consent-record list's paging headers.
pub const EXPOSE_HEADERS: &str = "location, retry-after, x-total-count, x-page, x-page-size";

/// A public route's tenant, as named by its path.
#[derive(Debug, PartialEq, Eq)]
enum Tenant<'a> {
    Workspace(&'a str),
    Organization(&'a str),
}

/// The tenant of a public route, `None` for admin routes.
fn public_tenant(path: &str) -> Option<Tenant<'_>> {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segs.as_slice() {
        ["v1", "ws", ws, "DataSubjectRequests"]
        | ["v1", "ws", ws, "DataSubjectRequests", _, "verify" | "verification"] => {
            Some(Tenant::Workspace(ws))
        }
        ["organizations", org, "projects", _, "consent-types"]
        | ["organizations", org, "projects", _, "consent-types", _]
        | ["organizations", org, "projects", _, "consent-manifest"]
        | ["organizations", org, "projects", _, "consent-records"] => {
            Some(Tenant::Organization(org))
        }
        _ => None,
    }
}

async fn origin_allowed(state: &AppState, origin: &str, tenant: &Tenant<'_>) -> bool {
    let query = match tenant {
        Tenant::Workspace(_) => {
            "SELECT 1 FROM allowed_origins WHERE origin = $1 AND workspace_id = CAST($2 AS INTEGER)"
        }
        Tenant::Organization(_) => {
            "SELECT 1 FROM allowed_origins a JOIN workspaces w ON w.id = a.workspace_id
             WHERE a.origin = $1 AND w.organization_id = lower($2)"
        }
    };
    let (Tenant::Workspace(id) | Tenant::Organization(id)) = tenant;
    match sqlx::query_scalar::<_, i64>(query)
        .bind(origin)
        .bind(*id)
        .fetch_optional(&state.db.read)
        .await
    {
        Ok(found) => found.is_some(),
        Err(e) => {
            // Fail closed: a browser call is refused, the API itself still answers.
            tracing::error!(error = %e, "allowed_origins lookup failed");
            false
        }
    }
}

/// The middleware: answers preflights, decorates responses for allowed origins.
pub async fn cors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path == "/widget" || path.starts_with("/widget/") {
        return next.run(req).await;
    }
    let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
    else {
        return with_vary_origin(next.run(req).await);
    };
    let allowed = state.admin_origins.iter().any(|o| o == &origin)
        || match public_tenant(req.uri().path()) {
            Some(t) => origin_allowed(&state, &origin, &t).await,
            None => false,
        };
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut resp = if preflight {
        if allowed {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::NO_CONTENT;
            let h = r.headers_mut();
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(ALLOW_METHODS),
            );
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(ALLOW_HEADERS),
            );
            h.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static("600"),
            );
            r
        } else {
            AppError::Forbidden("Origin not allowed".into()).into_response()
        }
    } else {
        next.run(req).await
    };
    let h = resp.headers_mut();
    if allowed {
        if let Ok(v) = HeaderValue::from_str(&origin) {
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
            h.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static(EXPOSE_HEADERS),
            );
        }
    }
    with_vary_origin(resp)
}

/// The answer depends on Origin: caches must not serve one origin's answer to another.
fn with_vary_origin(mut resp: Response) -> Response {
    resp.headers_mut()
        .append(header::VARY, HeaderValue::from_static("origin"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_routes() {
        assert_eq!(
            public_tenant("/v1/ws/1/DataSubjectRequests"),
            Some(Tenant::Workspace("1"))
        );
        assert_eq!(public_tenant("/v1/ws/1/DataSubjectRequests/3"), None);
        assert_eq!(
            public_tenant("/organizations/o/projects/p/consent-types/x"),
            Some(Tenant::Organization("o"))
        );
        assert_eq!(
            public_tenant("/organizations/o/projects/p/consent-records"),
            Some(Tenant::Organization("o"))
        );
        assert_eq!(
            public_tenant("/organizations/o/projects/p/consent-manifest"),
            Some(Tenant::Organization("o"))
        );
        assert_eq!(public_tenant("/organizations/o/data-system-contacts"), None);
    }
}
