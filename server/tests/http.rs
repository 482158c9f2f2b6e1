//! Cross-cutting HTTP behaviour over real HTTP: the auth matrix on every admin
//! route, CORS (preflight allowed / refused, per-workspace origins), malformed
//! and oversize bodies (4xx with seed bodies, never 5xx), 404/405 bodies, the
//! rate limit, static widget headers, and the demo host page.
mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const DEMO_ORIGIN: &str = "http://127.0.0.1:8081";

/// Every route that needs an admin key of workspace 1 / the demo organization.
fn admin_routes() -> Vec<(Method, String, Option<Value>)> {
    let ct = ct_path(ORG, PROJECT);
    let dsr = json!({"email": "a@b.co", "purposes": ["Access"]});
    let ctype = json!({"category": "custom", "subcategory": "general", "label": "x_label"});
    let contact = json!({"name": "n", "status": "active", "email": "a@b.co", "phoneNumber": "1", "contactType": ORG});
    vec![
        (Method::GET, "/v1/ws/1/DataSubjectRequests".into(), None),
        (Method::GET, "/v1/ws/1/DataSubjectRequests/1".into(), None),
        (
            Method::PUT,
            "/v1/ws/1/DataSubjectRequests/1".into(),
            Some(dsr),
        ),
        (
            Method::DELETE,
            "/v1/ws/1/DataSubjectRequests/1".into(),
            None,
        ),
        (
            Method::POST,
            "/v1/ws/1/DataSubjectRequests/workflow".into(),
            Some(json!({"id": 1, "stepId": 2})),
        ),
        (
            Method::POST,
            "/v1/ws/1/DataSubjectRequests/archive/1".into(),
            None,
        ),
        (
            Method::POST,
            "/v1/ws/1/DataSubjectRequests/restore/1".into(),
            None,
        ),
        (Method::GET, "/v1/ws/1/WorkflowSteps".into(), None),
        (Method::POST, ct.clone(), Some(ctype.clone())),
        (
            Method::PUT,
            format!("{ct}/00000000-0000-4000-8000-000000000000"),
            Some(ctype),
        ),
        (
            Method::GET,
            format!("/organizations/{ORG}/projects/{PROJECT}/consent-records"),
            None,
        ),
        (
            Method::POST,
            format!("/organizations/{ORG}/data-system-contacts"),
            Some(contact),
        ),
        (
            Method::GET,
            format!("/organizations/{ORG}/data-system-contacts"),
            None,
        ),
    ]
}

/// The widget's routes: public key allowed for its own tenant.
fn public_routes() -> Vec<(Method, String, Option<Value>)> {
    vec![
        (
            Method::POST,
            "/v1/ws/1/DataSubjectRequests".into(),
            Some(json!({"email": "a@b.co", "purposes": ["Access"]})),
        ),
        (Method::GET, ct_path(ORG, PROJECT), None),
        (
            Method::GET,
            format!("/organizations/{ORG}/projects/{PROJECT}/consent-manifest"),
            None,
        ),
        (
            Method::POST,
            format!("/organizations/{ORG}/projects/{PROJECT}/consent-records"),
            Some(
                json!({"subjectId": ORG, "decisions": [{"consentTypeId": ORG, "version": 1, "state": "accepted"}]}),
            ),
        ),
    ]
}

#[tokio::test]
async fn auth_matrix() {
    let s = start().await;
    let unauthorized = |m: &str| err(401, "Unauthorized", m);
    let forbidden = err(403, "Forbidden", "Forbidden");
    // No key, an unknown key, and both keys of another tenant: refused everywhere.
    let refused = [
        (
            None,
            StatusCode::UNAUTHORIZED,
            unauthorized("Missing API key"),
        ),
        (
            Some("wrong-key"),
            StatusCode::UNAUTHORIZED,
            unauthorized("Invalid API key"),
        ),
        (Some(OTHER_ADMIN), StatusCode::FORBIDDEN, forbidden.clone()),
        (Some(OTHER_PUBLIC), StatusCode::FORBIDDEN, forbidden.clone()),
    ];
    // Concord (seeds 000/001) answers another organization with its 404 "Forbidden".
    let not_yours = err(404, "Not Found", "Forbidden");
    for (method, path, body) in admin_routes().into_iter().chain(public_routes()) {
        for (key, status, expected) in &refused {
            let r = s
                .send(method.clone(), &path, *key, body.as_ref(), &[])
                .await;
            let concord = path.starts_with("/organizations/") && *status == StatusCode::FORBIDDEN;
            let (status, expected) = if concord {
                (StatusCode::NOT_FOUND, &not_yours)
            } else {
                (*status, expected)
            };
            assert_eq!(
                (r.status, r.json()),
                (status, expected.clone()),
                "key {key:?}: {method} {path}"
            );
        }
    }
    for (method, path, body) in admin_routes() {
        let r = s
            .send(method.clone(), &path, Some(PUBLIC), body.as_ref(), &[])
            .await;
        assert_eq!(
            (r.status, r.json()),
            (StatusCode::FORBIDDEN, forbidden.clone()),
            "public {method} {path}"
        );
        // The own admin key passes auth (whatever the resource says next).
        let r = s
            .send(method.clone(), &path, Some(ADMIN), body.as_ref(), &[])
            .await;
        assert!(
            !matches!(r.status.as_u16(), 401 | 403 | 500..),
            "admin {method} {path}: {}",
            r.text
        );
    }
    for (method, path, body) in public_routes() {
        let r = s
            .send(method.clone(), &path, Some(PUBLIC), body.as_ref(), &[])
            .await;
        assert!(
            !matches!(r.status.as_u16(), 401 | 403 | 500..),
            "public {method} {path}: {}",
            r.text
        );
    }
    // Bearer works like x-api-key; the public key is rejected on another workspace.
    let r = s
        .client
        .get(format!("{}/v1/ws/1/DataSubjectRequests", s.base))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = s
        .post(
            "/v1/ws/2/DataSubjectRequests",
            PUBLIC,
            &json!({"email": "a@b.co", "purposes": ["Access"]}),
        )
        .await;
    assert_eq!(r.json(), forbidden);
    let r = s.get("/v1/ws/999/DataSubjectRequests", ADMIN).await;
    assert_eq!(r.json(), forbidden);
    // Keys are stored hashed only.
    assert_eq!(
        s.count("SELECT COUNT(*) FROM api_keys WHERE scope = 'admin' AND display IS NOT NULL")
            .await,
        0
    );
    let stored: Vec<u8> = sqlx::query_scalar(
        "SELECT key_hash FROM api_keys WHERE scope = 'admin' AND workspace_id = 1",
    )
    .fetch_one(&s.db.read)
    .await
    .unwrap();
    assert_eq!(stored, pw_server::auth::hash_key(ADMIN).to_vec());
}

async fn preflight(s: &TestServer, path: &str, origin: &str) -> Resp {
    s.send(
        Method::OPTIONS,
        path,
        None,
        None,
        &[
            ("Origin", origin),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "content-type, x-api-key, idempotency-key",
            ),
        ],
    )
    .await
}

#[tokio::test]
async fn cors_per_workspace_origins() {
    let s = start_with(|c| c.admin_origins = vec!["https://admin.example".into()]).await;
    let dsr = "/v1/ws/1/DataSubjectRequests";
    for origin in [DEMO_ORIGIN, "http://localhost:8081"] {
        let r = preflight(&s, dsr, origin).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        assert_eq!(r.header("access-control-allow-origin"), Some(origin));
        assert_eq!(
            r.header("access-control-allow-methods"),
            Some("GET, POST, PUT, DELETE, OPTIONS")
        );
        assert_eq!(
            r.header("access-control-allow-headers"),
            Some("content-type, x-api-key, authorization, idempotency-key, x-file-name")
        );
        assert_eq!(r.header("vary"), Some("origin"));
        assert_eq!(r.text, "");
    }
    // Not allowed: refused, no CORS header.
    let r = preflight(&s, dsr, "http://evil.example").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.header("access-control-allow-origin"), None);
    assert_eq!(r.json(), err(403, "Forbidden", "Origin not allowed"));
    // The demo origin is allowed for workspace 1 only, not workspace 2.
    assert_eq!(
        preflight(&s, "/v1/ws/2/DataSubjectRequests", DEMO_ORIGIN)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        preflight(&s, &ct_path(OTHER_ORG, OTHER_PROJECT), DEMO_ORIGIN)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Concord public routes of the demo organization.
    let r = preflight(&s, &ct_path(ORG, PROJECT), DEMO_ORIGIN).await;
    assert_eq!(r.header("access-control-allow-origin"), Some(DEMO_ORIGIN));
    let r = preflight(
        &s,
        &format!("/organizations/{ORG}/projects/{PROJECT}/consent-records"),
        DEMO_ORIGIN,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    // Admin routes: same-origin only, unless PW_ADMIN_ORIGINS lists the origin.
    assert_eq!(
        preflight(&s, "/v1/ws/1/DataSubjectRequests/1", DEMO_ORIGIN)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = preflight(
        &s,
        "/v1/ws/1/DataSubjectRequests/1",
        "https://admin.example",
    )
    .await;
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://admin.example")
    );

    // Actual requests: the header (and exposed Location) only for allowed origins.
    let body = json!({"email": "a@b.co", "purposes": ["Access"]});
    let r = s
        .send(
            Method::POST,
            dsr,
            Some(PUBLIC),
            Some(&body),
            &[("Origin", DEMO_ORIGIN)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.header("access-control-allow-origin"), Some(DEMO_ORIGIN));
    assert_eq!(
        r.header("access-control-expose-headers"),
        Some("location, retry-after, x-total-count, x-page, x-page-size")
    );
    let r = s
        .send(
            Method::POST,
            dsr,
            Some(PUBLIC),
            Some(&body),
            &[("Origin", "http://evil.example")],
        )
        .await;
    assert_eq!(r.header("access-control-allow-origin"), None);
    // Errors carry CORS headers too, so the widget can read the seed body.
    let r = s
        .send(
            Method::POST,
            dsr,
            Some("bad"),
            Some(&body),
            &[("Origin", DEMO_ORIGIN)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.header("access-control-allow-origin"), Some(DEMO_ORIGIN));
}

#[tokio::test]
async fn bodies_never_cause_5xx() {
    let s = start().await;
    let dsr = "/v1/ws/1/DataSubjectRequests";
    let ct = ct_path(ORG, PROJECT);
    // Malformed JSON (including the Dutch seed's machine-translated example style).
    let broken = br#"{"email": "jan@example.nl", "gebieden": ["Toegang"]."#.to_vec();
    let r = s
        .raw(
            Method::POST,
            dsr,
            PUBLIC,
            Some("application/json"),
            broken.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json(),
        err(
            400,
            "Bad Request",
            "Malformed JSON: expected `,` or `}` at line 1 column 52"
        )
    );
    let r = s
        .raw(Method::POST, &ct, ADMIN, Some("application/json"), broken)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Missing or wrong content type: 415.
    for ct_header in [None, Some("text/plain")] {
        let r = s
            .raw(Method::POST, dsr, PUBLIC, ct_header, b"{}".to_vec())
            .await;
        assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(
            r.json(),
            err(
                415,
                "Unsupported Media Type",
                "Expected request with `Content-Type: application/json`"
            )
        );
    }
    // Not an object, empty body, invalid UTF-8.
    for body in [
        b"[]".to_vec(),
        b"".to_vec(),
        vec![0xff, 0xfe],
        b"null".to_vec(),
        b"{\"email\": 1e999}".to_vec(),
    ] {
        let r = s
            .raw(
                Method::POST,
                dsr,
                PUBLIC,
                Some("application/json"),
                body.clone(),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body:?}: {}", r.text);
        assert_eq!(r.json()["statusCode"], 400);
    }
    // Oversize: 413 with the seed body (limit 6 MiB).
    let big = format!(
        "{{\"category\":\"custom\",\"label\":\"big\",\"document\":\"{}\"}}",
        "a".repeat(7 * 1024 * 1024)
    );
    let r = s
        .raw(
            Method::POST,
            &ct,
            ADMIN,
            Some("application/json"),
            big.into_bytes(),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        r.json(),
        err(413, "Payload Too Large", "Request body is too large")
    );
    // Deeply nested JSON: refused by serde's recursion limit, not a stack overflow.
    let deep = format!("{{\"area\":{}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    let r = s
        .raw(
            Method::POST,
            dsr,
            ADMIN,
            Some("application/json"),
            deep.into_bytes(),
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    // Unknown API path and wrong method: seed bodies.
    let r = s.get("/v1/ws/1/Nope", ADMIN).await;
    assert_eq!(
        (r.status, r.json()),
        (
            StatusCode::NOT_FOUND,
            err(404, "Not Found", "Cannot GET /v1/ws/1/Nope")
        )
    );
    let r = s.get("/organisations/id/1/nope", ADMIN).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = s.send(Method::PATCH, dsr, Some(ADMIN), None, &[]).await;
    assert_eq!(
        (r.status, r.json()),
        (
            StatusCode::METHOD_NOT_ALLOWED,
            err(405, "Method Not Allowed", "Method Not Allowed")
        )
    );
    // Invalid Idempotency-Key header.
    let long = "k".repeat(300);
    let r = s
        .send(
            Method::POST,
            dsr,
            Some(PUBLIC),
            Some(&json!({})),
            &[("Idempotency-Key", &long)],
        )
        .await;
    assert_eq!(
        r.json(),
        err(
            400,
            "Bad Request",
            "Idempotency-Key must be 1 to 255 visible ASCII characters"
        )
    );
}

#[tokio::test]
async fn public_requests_are_rate_limited() {
    let s = start_with(|c| c.rate_limit_per_minute = 3).await;
    let ct = ct_path(ORG, PROJECT);
    for _ in 0..3 {
        assert_eq!(s.get(&ct, PUBLIC).await.status, StatusCode::OK);
    }
    let r = s.get(&ct, PUBLIC).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.header("retry-after"), Some("20"));
    assert_eq!(
        r.json(),
        err(429, "Too Many Requests", "Too many requests, retry in 20 s")
    );
    // Admin keys are not limited; wrong keys are (per address).
    for _ in 0..5 {
        assert_eq!(s.get(&ct, ADMIN).await.status, StatusCode::OK);
    }
    for _ in 0..3 {
        assert_eq!(s.get(&ct, "guess").await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        s.get(&ct, "guess").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn static_files_and_openapi() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dist.path().join("widget")).unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>admin</title><script type=module>boot()</script>",
    )
    .unwrap();
    std::fs::write(dist.path().join("widget/loader.js"), "/* loader */").unwrap();
    let path = dist.path().to_owned();
    let s = start_with(move |c| c.dist = path).await;
    let r = s
        .send(
            Method::GET,
            "/widget/loader.js",
            None,
            None,
            &[("Origin", "https://customer.example")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text, "/* loader */");
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        r.header("cross-origin-resource-policy"),
        Some("cross-origin")
    );
    let r = s.send(Method::GET, "/", None, None, &[]).await;
    assert_eq!(
        r.text,
        "<!doctype html><title>admin</title><script type=module>boot()</script>"
    );
    // Only the bootstrap's hash may run inline: sha256("boot()").
    let csp = r.header("content-security-policy").unwrap();
    assert!(
        csp.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-MeZS89WlF0u+o0hCvHTBt4q1WHU+U+sJKgbdRUc36mY='; style-src 'self';"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"));
    // Admin client-side routes fall back to the admin page.
    assert_eq!(
        s.send(Method::GET, "/requests/12", None, None, &[])
            .await
            .text,
        "<!doctype html><title>admin</title><script type=module>boot()</script>"
    );
    let r = s.send(Method::GET, "/openapi.json", None, None, &[]).await;
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.json()["openapi"], "3.1.0");
}

#[tokio::test]
async fn demo_host_page() {
    let s = start().await;
    let r = s.demo_get("/").await;
    assert_eq!(r.status, StatusCode::OK);
    let csp = r.header("content-security-policy").unwrap();
    let html = &r.text;
    let port = s.base.rsplit(':').next().unwrap();
    let api = format!("http://127.0.0.1:{port}");
    assert!(csp.starts_with(&format!(
        "default-src 'self'; script-src 'self' {api} 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' {api}; img-src 'self' data:"
    )), "{csp}");
    assert!(html.contains(&format!("src=\"{api}/widget/loader.js\"")));
    for attr in [
        format!("data-api=\"{api}\""),
        "data-workspace=\"1\"".into(),
        format!("data-key=\"{PUBLIC}\""),
        format!("data-organization=\"{ORG}\""),
        format!("data-project=\"{PROJECT}\""),
        "data-widget-id=\"1\"".into(),
    ] {
        assert!(html.contains(&attr), "{attr}");
    }
    assert!(html.contains(
        r#"<script type="text/plain" data-consent="analytics" src="/demo-analytics.js"></script>"#
    ));
    // No inline script or style: every <script> has a src, no <style>, no style="".
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script src=").count() + 1
    );
    assert!(!html.contains("<style") && !html.contains("style=") && !html.contains("{{"));
    let css = s.demo_get("/hostile.css").await.text;
    assert!(
        css.contains("* { all: unset; box-sizing: content-box; }")
            && css.contains("button { display: none !important; }")
    );
    let js = s.demo_get("/demo-analytics.js").await.text;
    assert!(js.contains("document.body.dataset.analytics = \"on\""));
    // The demo listener serves nothing else (no API on the page's origin).
    let r = s.demo_get("/v1/ws/1/DataSubjectRequests").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
