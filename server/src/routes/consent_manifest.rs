//! The consent manifest (our extension): what the widget's loader needs to draw
//! its first screen, in one small cacheable answer.
//!
//! `GET /organizations/{organizationId}/projects/{projectId}/consent-manifest`
//! -> `{"types":[{id, label, name, version, requireReacceptVersion, consentDuration,
//! required, validStates, category, consentMode}], "settings": {...}}`: the workspace's
//! widget settings (`routes/settings.rs`) and the ACTIVE consent types in the order
//! of the consent-types list (category, then label). Never
//! `description` or `document` (a document may be 5,000,000 characters, seed
//! 001): the loader fetches a type's text only when it shows it. Absent
//! `consentDuration` / `validStates` are omitted, as in the full type.
//!
//! - Key: the public widget key (or an admin key of the organization) in
//!   `x-api-key` / `Authorization`, or in `?key=`, so that a page can fetch the
//!   manifest with a CORS simple request (no preflight round trip).
//! - `ETag`: strong, the hash of the body; `Cache-Control: no-cache`, so every
//!   view revalidates and, while nothing changed, gets a body-less 304.
//! - CORS and `Vary: Origin`: as the other public routes (`cors.rs`).
//! - `region`: the visitor's region from the `PW_REGION_HEADER` request header
//!   (set by the site's CDN), with `Vary` on that header.
//! - 401/403/404: as the consent-types list.
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use pw_model::consent_type::ConsentStatus;
use pw_model::settings::is_region;
use pw_model::WidgetSettings;
use serde::Serialize;

use crate::auth::HeaderOrQueryKey;
use crate::error::{AppError, AppPath, Concord};
use crate::http_cache::{if_none_match, strong_etag};
use crate::routes::{project_ids, settings, workspace_of_org};
use crate::AppState;

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/organizations/{org}/projects/{project}/consent-manifest",
        get(manifest),
    )
}

/// One type of the manifest: only the columns the loader needs are read.
#[derive(sqlx::FromRow, Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    id: String,
    label: String,
    /// 5..=100 characters: what a blocked embed's placeholder names.
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    version: i64,
    require_reaccept_version: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    consent_duration: Option<String>,
    #[sqlx(try_from = "crate::db::Flag")]
    required: bool,
    /// Stored as JSON text; parsed into `valid_states` below.
    #[serde(skip)]
    valid_states_json: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[sqlx(skip)]
    valid_states: Option<Vec<String>>,
    category: String,
    /// Stored as JSON text; parsed into `consent_mode` below.
    #[serde(skip)]
    consent_mode_json: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[sqlx(skip)]
    consent_mode: Option<Vec<String>>,
}

#[derive(Serialize)]
struct Manifest {
    types: Vec<Entry>,
    /// The workspace's widget settings: required fields, offered request types,
    /// languages, policy link, organisation name, colours, region policies.
    settings: WidgetSettings,
    /// The visitor's region from `PW_REGION_HEADER`, when set and a region code
    /// (CDNs send `XX` or `T1` for unknown or Tor: left out, so the loader
    /// applies the strictest policy).
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<String>,
}

/// The region the configured header names, upper case, if it is one.
fn region_of(st: &AppState, headers: &HeaderMap) -> Option<String> {
    let value = headers
        .get(st.region_header.as_ref()?)?
        .to_str()
        .ok()?
        .trim();
    let code = value.to_ascii_uppercase();
    (is_region(&code) && !matches!(code.as_str(), "XX" | "T1" | "ZZ")).then_some(code)
}

async fn manifest(
    State(st): State<AppState>,
    HeaderOrQueryKey(principal): HeaderOrQueryKey,
    AppPath((org, project), ..): AppPath<(String, String), Concord>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    principal.member_of_project(&org, &project)?;
    let (org, project) = project_ids(&st.db.read, &org, &project).await?;
    // Same order as the consent-types list.
    let mut types: Vec<Entry> = sqlx::query_as(
        "SELECT id, label, name, version, require_reaccept_version, consent_duration, required,
             valid_states AS valid_states_json, category, consent_mode AS consent_mode_json
         FROM consent_types WHERE project_id = $1 AND status = $2
         ORDER BY category, label",
    )
    .bind(&project)
    .bind(ConsentStatus::Active.as_str())
    .fetch_all(&st.db.read)
    .await?;
    for t in &mut types {
        t.valid_states = match t.valid_states_json.take() {
            Some(s) => Some(serde_json::from_str(&s)?),
            None => None,
        };
        t.consent_mode = match t.consent_mode_json.take() {
            Some(s) => Some(serde_json::from_str(&s)?),
            None => None,
        };
    }
    let mut conn = st.db.read.acquire().await?;
    let ws = workspace_of_org(&mut conn, &org).await?;
    let settings = settings::load(&mut conn, ws).await?;
    let region = region_of(&st, &headers);
    let body = serde_json::to_vec(&Manifest {
        types,
        settings,
        region,
    })?;
    let etag = strong_etag(&body);
    let not_modified = if_none_match(&headers, &etag);
    let mut resp = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let json = [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )];
        (json, body).into_response()
    };
    let h = resp.headers_mut();
    h.insert(header::ETAG, etag);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Some(name) = &st.region_header {
        // A shared cache keeps one answer per region.
        if let Ok(v) = HeaderValue::from_str(name.as_str()) {
            h.append(header::VARY, v);
        }
    }
    Ok(resp)
}
