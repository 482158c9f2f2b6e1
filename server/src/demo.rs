//! Demo data and the demo host page (issue 4: "one process is the whole product").
//!
//! On first start (no workspace yet) [`seed_if_empty`] creates one tenant with
//! the seeds' own example ids: workspace `1` (seed 002 paths `/v1/ws/1/...`),
//! organization `497f6eca-...` and project `9ec8a81a-...` (seed 001's example),
//! an admin key and a public widget key, the default workflow steps, consent
//! types in all four categories, a few DSRs in different states, and the demo
//! origins as allowed CORS origins.
//!
//! The demo listener ([`router`]) serves `demo/index.html` filled with the API
//! origin and the public key, under a strict CSP, plus `hostile.css` and the
//! consent-gated `demo-analytics.js`. The public key's plaintext is kept in
//! `api_keys.display`: public keys are printed into every host page, so they
//! are not secrets (admin keys are stored as hashes only).
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::Duration;
use pw_model::consent_type::{Category, ConsentState, ConsentStatus, NewConsentType};
use pw_model::dsr::{Channel, DataSubjectRequest, Purpose};
use sqlx::AnyConnection;

use crate::auth::{generate_key, hash_key, key_hint, Scope};
use crate::config::Config;
use crate::db::{fmt_time, next_id, now, Batch, Db, Dialect};
use crate::error::AppError;
use crate::routes::{consent_type, dsr};
use crate::AppState;

/// Demo workspace id (seed 002 paths).
pub const WORKSPACE: i64 = 1;
/// Demo organization (seed 000/001 example uuid).
pub const ORGANIZATION: &str = "497f6eca-6276-4993-bfeb-53cbbbba6f08";
/// Demo project (seed 001 example uuid).
pub const PROJECT: &str = "9ec8a81a-31b2-4a83-bcd8-cef9150932d2";

const PAGE: &str = include_str!("../demo/index.html");
const HOSTILE_CSS: &str = include_str!("../demo/hostile.css");
const ANALYTICS_JS: &str = include_str!("../demo/demo-analytics.js");

/// Keys created by this start, to print once (admin keys are not recoverable).
#[derive(Debug, Default)]
pub struct NewKeys {
    /// Admin key, if the server generated it now. A key the operator passed in
    /// `PW_ADMIN_KEY` is never echoed: stdout often ends up in logs.
    pub admin: Option<String>,
    /// Public widget key, if stored now (generated or from `PW_PUBLIC_KEY`; public
    /// keys are printed into host pages anyway).
    pub public: Option<String>,
}

/// The default workflow of a workspace: (label, color, mapped state, initial, final, description).
const STEPS: &[(&str, &str, &str, bool, bool, &str)] = &[
    (
        "New",
        "#2f80ed",
        "Open",
        true,
        false,
        "<p>Request <strong>received</strong>; acknowledge it.</p>",
    ),
    (
        "Identity check",
        "#f2994a",
        "IdentityValidation",
        false,
        false,
        "<p>Ask for proof of identity <em>only</em> if in doubt (GDPR Art. 12(6)).</p>",
    ),
    (
        "In progress",
        "#9b51e0",
        "Processing",
        false,
        false,
        "<p>Collect the data from every system.</p>",
    ),
    (
        "Answered",
        "#27ae60",
        "Closed",
        false,
        true,
        "<p>Answer sent; the request is <strong>closed</strong>.</p>",
    ),
];

/// Inserts the default workflow steps for `ws`.
pub async fn insert_default_steps(conn: &mut AnyConnection, ws: i64) -> Result<(), AppError> {
    for (i, (label, color, state, initial, last, html)) in STEPS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO workflow_steps (workspace_id, label, color, ord, item_limit, type,
                 final_step, initial_step, description_html, mapped_state)
             VALUES ($1, $2, $3, $4, NULL, 'DataSubject', $5, $6, $7, $8)",
        )
        .bind(ws)
        .bind(label)
        .bind(color)
        .bind(i64::try_from(i).unwrap_or(0))
        .bind(i64::from(*last))
        .bind(i64::from(*initial))
        .bind(html)
        .bind(state)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Stores a key (hash only; plaintext `display` for public keys). Ignores a key
/// that already exists, so fixed keys from the environment can be re-applied
/// and a revoked one stays revoked.
pub async fn insert_key(
    conn: &mut AnyConnection,
    key: &str,
    scope: Scope,
    ws: i64,
    project: Option<&str>,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "INSERT INTO api_keys (key_hash, scope, workspace_id, project_id, display, date_created, name, hint)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
    )
    .bind(&hash_key(key)[..])
    .bind(scope.as_str())
    .bind(ws)
    .bind(project)
    .bind((scope == Scope::Public).then_some(key))
    .bind(fmt_time(now()))
    .bind(match scope {
        Scope::Admin => "Set up at first start",
        Scope::Public => "Widget key set up at first start",
    })
    .bind(key_hint(key))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Origins of the demo page: both loopback spellings of the demo port (none when
/// the demo is off, `PW_DEMO_ADDR=off`).
fn demo_origins(config: &Config) -> Vec<String> {
    match config.demo_addr {
        Some(addr) => {
            let port = addr.port();
            vec![
                format!("http://127.0.0.1:{port}"),
                format!("http://localhost:{port}"),
            ]
        }
        None => Vec::new(),
    }
}

/// Creates the demo tenant on an empty database; on every start re-applies the
/// configured fixed keys and extra origins. Returns the keys created now.
pub async fn seed_if_empty(db: &Db, config: &Config) -> Result<NewKeys, AppError> {
    let mut tx = db.begin_write().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM workspaces WHERE id = $1")
        .bind(WORKSPACE)
        .fetch_optional(&mut *tx)
        .await?;
    let mut keys = NewKeys::default();
    if exists.is_none() {
        let ts = fmt_time(now());
        sqlx::query(
            "INSERT INTO workspaces (id, name, organization_id, date_created) VALUES ($1, $2, $3, $4)",
        )
        .bind(WORKSPACE)
        .bind("Demo workspace")
        .bind(ORGANIZATION)
        .bind(&ts)
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO projects (id, workspace_id, name) VALUES ($1, $2, $3)")
            .bind(PROJECT)
            .bind(WORKSPACE)
            .bind("Demo web shop")
            .execute(&mut *tx)
            .await?;
        let admin = config
            .admin_key
            .clone()
            .unwrap_or_else(|| generate_key(Scope::Admin));
        let public = config
            .public_key
            .clone()
            .unwrap_or_else(|| generate_key(Scope::Public));
        insert_key(&mut tx, &admin, Scope::Admin, WORKSPACE, None).await?;
        insert_key(&mut tx, &public, Scope::Public, WORKSPACE, Some(PROJECT)).await?;
        keys = NewKeys {
            admin: config.admin_key.is_none().then_some(admin),
            public: Some(public),
        };
        insert_default_steps(&mut tx, WORKSPACE).await?;
        seed_consent_types(&mut tx).await?;
        seed_dsrs(&mut tx).await?;
    } else {
        if let Some(k) = &config.admin_key {
            insert_key(&mut tx, k, Scope::Admin, WORKSPACE, None).await?;
        }
        if let Some(k) = &config.public_key {
            if insert_key(&mut tx, k, Scope::Public, WORKSPACE, Some(PROJECT)).await? {
                keys.public = Some(k.clone());
            }
        }
    }
    // The demo page's origins are re-derived at every start: a demo turned off
    // (or moved to another port) leaves no origin trusted behind it.
    sqlx::query("DELETE FROM allowed_origins WHERE workspace_id = $1 AND demo = 1")
        .bind(WORKSPACE)
        .execute(&mut *tx)
        .await?;
    for origin in &config.allowed_origins {
        sqlx::query(
            "INSERT INTO allowed_origins (workspace_id, origin, demo) VALUES ($1, $2, 0)
             ON CONFLICT (origin, workspace_id) DO UPDATE SET demo = 0",
        )
        .bind(WORKSPACE)
        .bind(origin)
        .execute(&mut *tx)
        .await?;
    }
    for origin in demo_origins(config) {
        sqlx::query(
            "INSERT INTO allowed_origins (workspace_id, origin, demo) VALUES ($1, $2, 1)
             ON CONFLICT DO NOTHING",
        )
        .bind(WORKSPACE)
        .bind(origin)
        .execute(&mut *tx)
        .await?;
    }
    db.commit(tx).await?;
    Ok(keys)
}

async fn seed_consent_types(conn: &mut AnyConnection) -> Result<(), AppError> {
    let types = [
        (
            Category::Disclosure,
            "privacy_policy",
            "Privacy policy",
            "How Acme Outdoor processes your personal data.",
            true,
            None,
        ),
        (
            Category::Communication,
            "newsletter",
            "Newsletter",
            "A monthly e-mail with new gear and trail tips.",
            false,
            Some("P2Y"),
        ),
        (
            Category::PrivacySetting,
            "analytics",
            "Analytics cookies",
            "Anonymous statistics that help us improve the shop.",
            false,
            Some("P1Y"),
        ),
        (
            Category::PrivacySetting,
            "marketing",
            "Marketing cookies",
            "Personalised offers on partner sites.",
            false,
            Some("P6M"),
        ),
        (
            Category::Custom,
            "product_reviews",
            "Product reviews",
            "Show your first name with the reviews you write.",
            false,
            None,
        ),
    ];
    for (category, label, name, description, required, duration) in types {
        let mut b = NewConsentType::new(category, label);
        b.name = Some(name.into());
        b.description = Some(description.into());
        b.document = Some(format!(
            "{description} You can change your choice at any time."
        ));
        b.url = Some("https://shop.example/privacy".into());
        b.valid_states = Some(vec![ConsentState::Accepted, ConsentState::Declined]);
        b.consent_duration = duration.map(Into::into);
        b.status = Some(ConsentStatus::Active);
        b.required = Some(required);
        consent_type::insert(conn, PROJECT, &b).await?;
    }
    Ok(())
}

async fn seed_dsrs(conn: &mut AnyConnection) -> Result<(), AppError> {
    // (given, family, email, purposes, days ago, step index, archived)
    type Demo<'a> = (&'a str, &'a str, &'a str, &'a [Purpose], i64, usize, bool);
    let rows: &[Demo] = &[
        (
            "Jane",
            "Doe",
            "jane.doe@example.com",
            &[Purpose::Access],
            2,
            0,
            false,
        ),
        (
            "Jan",
            "de Vries",
            "jan.devries@example.nl",
            &[Purpose::Erasure],
            10,
            1,
            false,
        ),
        (
            "Camille",
            "Martin",
            "camille.martin@example.fr",
            &[Purpose::Rectification, Purpose::Access],
            20,
            2,
            false,
        ),
        (
            "Max",
            "Mustermann",
            "max@example.de",
            &[Purpose::Opposition],
            45,
            0,
            false,
        ),
        (
            "Ana",
            "Silva",
            "ana.silva@example.pt",
            &[Purpose::Portability],
            60,
            3,
            false,
        ),
        (
            "Old",
            "Request",
            "old@example.com",
            &[Purpose::Information],
            400,
            3,
            true,
        ),
    ];
    let steps = dsr::steps(conn, WORKSPACE).await?;
    for (given, family, email, purposes, days_ago, step, archived) in rows {
        let d = DataSubjectRequest {
            title: Some(format!("{} request from {given} {family}", purposes[0])),
            given_name: Some((*given).into()),
            family_name: Some((*family).into()),
            email: Some((*email).into()),
            purposes: Some(purposes.to_vec()),
            message: Some("Please handle my request.".into()),
            channel: Some(Channel::Internal),
            locale: Some("en".into()),
            widget_id: Some(1),
            ..Default::default()
        };
        let created = now() - Duration::days(*days_ago);
        let next = next_id(conn, "dsr").await?;
        let initial = dsr::initial_step(conn, WORKSPACE).await?;
        let start = dsr::Start {
            id: next,
            step: initial,
            tag_ids: Vec::new(),
            created,
        };
        let mut batch = Batch::new(Dialect::of(conn));
        let id = dsr::insert(
            &mut batch,
            WORKSPACE,
            &d,
            start,
            &pw_model::DeadlinePolicy::Gdpr,
        )?
        .id;
        batch.run(conn).await?;
        let s = &steps[*step];
        let closed = s.final_step == Some(true);
        sqlx::query(
            "UPDATE dsr SET work_flow_step_id = $1, state = $2, archived = $3, archived_date = $4,
                 date_closed = $5 WHERE id = $6",
        )
        .bind(s.id)
        .bind(s.mapped_state.as_ref().map(|m| m.as_str().to_owned()))
        .bind(i64::from(*archived))
        .bind(archived.then(|| fmt_time(now())))
        .bind(closed.then(|| fmt_time(created + Duration::days(7))))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Routes of the demo listener.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(page))
        .route("/index.html", get(page))
        .route(
            "/hostile.css",
            get(|| async { file("text/css; charset=utf-8", HOSTILE_CSS) }),
        )
        .route(
            "/demo-analytics.js",
            get(|| async { file("text/javascript; charset=utf-8", ANALYTICS_JS) }),
        )
}

fn file(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// Escapes a value for an HTML attribute.
fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

async fn page(State(st): State<AppState>) -> Response {
    // The API's public URL (PW_PUBLIC_URL, default from PW_ADDR), never the
    // request's Host: another port of the same host, so another origin.
    let api = st.public_url.to_string();
    let key: Option<(String, String, String)> = match sqlx::query_as(
        "SELECT k.display, w.organization_id, k.project_id FROM api_keys k
         JOIN workspaces w ON w.id = k.workspace_id
         WHERE k.scope = 'public' AND k.workspace_id = $1 AND k.display IS NOT NULL
           AND k.revoked_at IS NULL
         ORDER BY k.id LIMIT 1",
    )
    .bind(WORKSPACE)
    .fetch_optional(&st.db.read)
    .await
    {
        Ok(k) => k,
        Err(e) => return AppError::internal(e).into_response(),
    };
    let Some((key, org, project)) = key else {
        return (StatusCode::SERVICE_UNAVAILABLE, "No public widget key").into_response();
    };
    let html = PAGE
        .replace("{{WIDGET_ORIGIN}}", &attr(&api))
        .replace("{{API_ORIGIN}}", &attr(&api))
        .replace("{{WORKSPACE}}", &WORKSPACE.to_string())
        .replace("{{PUBLIC_KEY}}", &attr(&key))
        .replace("{{ORGANIZATION}}", &attr(&org))
        .replace("{{PROJECT}}", &attr(&project));
    // 'wasm-unsafe-eval' lets the widget compile its wasm without allowing eval.
    let csp = format!(
        "default-src 'self'; script-src 'self' {api} 'wasm-unsafe-eval'; style-src 'self'; \
         connect-src 'self' {api}; img-src 'self' data:; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    let mut resp = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        resp.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, v);
    }
    resp
}
