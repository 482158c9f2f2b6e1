//! Consent records: our extension in Concord's style (seed 001 has consent
//! types but no way to record a visitor's decision). Types in
//! `pw_model::consent_record`, shared with the widget.
//!
//! - `POST /organizations/{organizationId}/projects/{projectId}/consent-records`
//!   with `{subjectId, decisions: [{consentTypeId, version, state}], source?, userAgent?}`
//!   -> 201 with the stored records (array, one per decision, each with `id`
//!   and `dateCreated`). The public widget key may call it for its own project.
//!   Each decision must name a consent type of the project (for a public key,
//!   an active one) at a version not newer than the stored one, and a state
//!   allowed by the type's `validStates` when it lists any; otherwise 422.
//! - `GET  .../consent-records?subjectId=&consentTypeId=` (admin) -> array,
//!   oldest first. Records are append-only: the history is the evidence a
//!   controller must be able to show (GDPR Art. 7(1)).
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::post;
use axum::{Json, Router};
use pw_model::consent_record::{ConsentRecord, ConsentSource, NewConsentRecord};
use pw_model::consent_type::{ConsentState, ConsentStatus};
use pw_model::dsr::decode_query;
use sqlx::SqliteConnection;

use crate::auth::Principal;
use crate::db::{fmt_time, now};
use crate::error::{AppError, AppPath, Concord, Valid};
use crate::idempotency::{self, Created, IdempotencyKey};
use crate::routes::{consent_type, normalize_uuid, project_ids};
use crate::AppState;

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/organizations/{org}/projects/{project}/consent-records",
        post(create).get(list),
    )
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    organization_id: String,
    project_id: String,
    subject_id: String,
    consent_type_id: String,
    version: i64,
    state: String,
    source: Option<String>,
    user_agent: Option<String>,
    date_created: String,
}

impl From<Row> for ConsentRecord {
    fn from(r: Row) -> Self {
        ConsentRecord {
            id: r.id,
            organization: r.organization_id,
            project: r.project_id,
            subject_id: r.subject_id,
            consent_type_id: r.consent_type_id,
            version: u32::try_from(r.version).unwrap_or(0),
            state: ConsentState::parse(&r.state),
            source: r.source.as_deref().map(ConsentSource::parse),
            user_agent: r.user_agent,
            date_created: r.date_created,
        }
    }
}

async fn create(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((org, project), ..): AppPath<(String, String), Concord>,
    idem: IdempotencyKey,
    body: Result<Valid<NewConsentRecord, Concord>, AppError>,
) -> Result<Response, AppError> {
    principal.member_of_project(&org, &project)?;
    let (org, project) = project_ids(&st.db.read, &org, &project).await?;
    let b = body?.into_inner();
    let scope = format!(
        "{} POST /organizations/{org}/projects/{project}/consent-records",
        principal.key_id
    );
    idempotency::create(&st.db.write, &idem, scope, &b, async |tx| {
        Created::json(&insert(tx, &principal, &org, &project, &b).await?)
    })
    .await
}

/// Checks each decision against its consent type (422 naming the decision) and
/// inserts one record per decision; returns them in the request's order.
async fn insert(
    conn: &mut SqliteConnection,
    principal: &Principal,
    org: &str,
    project: &str,
    b: &NewConsentRecord,
) -> Result<Vec<ConsentRecord>, AppError> {
    let ts = fmt_time(now());
    let subject = b.subject_id.to_ascii_lowercase();
    let mut records = Vec::with_capacity(b.decisions.len());
    for (i, d) in b.decisions.iter().enumerate() {
        let type_id = d.consent_type_id.to_ascii_lowercase();
        let ct = consent_type::load(conn, project, &type_id)
            .await?
            .filter(|c| principal.is_admin() || c.status == Some(ConsentStatus::Active))
            .ok_or_else(|| {
                AppError::Unprocessable(format!(
                    "decisions[{i}].consentTypeId is not a consent type of this project"
                ))
            })?;
        let current = ct.version.unwrap_or(1);
        if i64::from(d.version) > current {
            return Err(AppError::Unprocessable(format!(
                "decisions[{i}].version is newer than the consent type's version {current}"
            )));
        }
        if let Some(valid) = ct.valid_states.as_ref().filter(|v| !v.is_empty()) {
            if !valid.contains(&d.state) {
                return Err(AppError::Unprocessable(format!(
                    "decisions[{i}].state is not one of the consent type's validStates"
                )));
            }
        }
        let record = ConsentRecord {
            id: uuid::Uuid::new_v4().to_string(),
            organization: org.to_owned(),
            project: project.to_owned(),
            subject_id: subject.clone(),
            consent_type_id: type_id,
            version: d.version,
            state: d.state.clone(),
            source: b.source.clone(),
            user_agent: b.user_agent.clone(),
            date_created: ts.clone(),
        };
        sqlx::query(
            "INSERT INTO consent_records (id, project_id, subject_id, consent_type_id, version,
                 state, source, user_agent, date_created)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&record.id)
        .bind(project)
        .bind(&record.subject_id)
        .bind(&record.consent_type_id)
        .bind(i64::from(record.version))
        .bind(record.state.as_str())
        .bind(record.source.as_ref().map(|s| s.as_str().to_owned()))
        .bind(record.user_agent.as_deref())
        .bind(&record.date_created)
        .execute(&mut *conn)
        .await?;
        records.push(record);
    }
    Ok(records)
}

async fn list(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((org, project), ..): AppPath<(String, String), Concord>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<ConsentRecord>>, AppError> {
    principal.admin_of_org(&org)?;
    let (_, project) = project_ids(&st.db.read, &org, &project).await?;
    let mut conn = st.db.read.acquire().await?;
    let mut subject = None;
    let mut type_id = None;
    for (k, v) in decode_query(raw.as_deref().unwrap_or_default()) {
        let slot = match k.as_str() {
            "subjectId" => &mut subject,
            "consentTypeId" => &mut type_id,
            _ => continue,
        };
        *slot = Some(
            normalize_uuid(&v)
                .ok_or_else(|| AppError::BadRequest(format!("{k} must be a UUID")))?,
        );
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id, w.organization_id, r.project_id, r.subject_id, r.consent_type_id,
                r.version, r.state, r.source, r.user_agent, r.date_created
         FROM consent_records r JOIN projects p ON p.id = r.project_id
         JOIN workspaces w ON w.id = p.workspace_id
         WHERE r.project_id = ?1
           AND (?2 IS NULL OR r.subject_id = ?2)
           AND (?3 IS NULL OR r.consent_type_id = ?3)
         ORDER BY r.rowid",
    )
    .bind(&project)
    .bind(subject)
    .bind(type_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Json(rows.into_iter().map(ConsentRecord::from).collect()))
}
