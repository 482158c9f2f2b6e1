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
//!   A body has at most 100 decisions (model) and no more than the project has
//!   consent types, one per type (422 otherwise); the types are read with one
//!   SELECT and the records written with one multi-row INSERT.
//! - `GET  .../consent-records?subjectId=&consentTypeId=&page=&size=` (admin) ->
//!   array, oldest first, paged like the DSR list: `page` 1-based (default 1),
//!   `size` 1..=500 (default 100); 400 outside. The array stays the body (the
//!   shape clients already read); `X-Total-Count`, `X-Page` and `X-Page-Size`
//!   carry the rest of the DSR list's envelope. Records are append-only: the
//!   history is the evidence a controller must be able to show (GDPR Art. 7(1)).
//! - `GET  .../consent-records/export?subjectId=&consentTypeId=` (admin) -> every
//!   matching record, oldest first, as NDJSON (`application/x-ndjson`, one
//!   record a line), streamed in pages of [`EXPORT_PAGE`] rows read by key, so
//!   an export of any size is never built in memory.
use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use pw_model::consent_record::{ConsentRecord, ConsentSource, NewConsentRecord};
use pw_model::consent_type::{ConsentState, ConsentStatus};
use pw_model::dsr::decode_query;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::auth::Principal;
use crate::db::{fmt_time, now};
use crate::error::{AppError, AppPath, Concord, Valid};
use crate::idempotency::{self, Created, IdempotencyKey};
use crate::routes::{normalize_uuid, project_ids};

/// Default page size of the list.
pub const DEFAULT_SIZE: u32 = 100;
/// Largest page size of the list.
pub const MAX_SIZE: u32 = 500;
/// Rows read per step of an export.
pub const EXPORT_PAGE: i64 = 500;
use crate::AppState;

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/organizations/{org}/projects/{project}/consent-records",
            post(create).get(list),
        )
        .route(
            "/organizations/{org}/projects/{project}/consent-records/export",
            axum::routing::get(export),
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
    let _queued = st.public_write(&principal).await;
    idempotency::create(&st.db.write, &idem, scope, &b, async |tx| {
        Created::json(&insert(tx, &principal, &org, &project, &b).await?)
    })
    .await
}

/// Checks each decision against its consent type (422 naming the decision) and
/// inserts one record per decision; returns them in the request's order. One
/// SELECT reads every named type, one INSERT writes every record.
async fn insert(
    conn: &mut SqliteConnection,
    principal: &Principal,
    org: &str,
    project: &str,
    b: &NewConsentRecord,
) -> Result<Vec<ConsentRecord>, AppError> {
    let types: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM consent_types WHERE project_id = ?")
        .bind(project)
        .fetch_one(&mut *conn)
        .await?;
    if i64::try_from(b.decisions.len()).unwrap_or(i64::MAX) > types {
        return Err(AppError::Unprocessable(format!(
            "decisions must have at most {types} items, one per consent type of the project"
        )));
    }
    let ids: Vec<String> = b
        .decisions
        .iter()
        .map(|d| d.consent_type_id.to_ascii_lowercase())
        .collect();
    let mut qb = QueryBuilder::<Sqlite>::new(
        "SELECT id, version, valid_states, status FROM consent_types WHERE project_id = ",
    );
    qb.push_bind(project).push(" AND id IN (");
    {
        let mut sep = qb.separated(", ");
        for id in &ids {
            sep.push_bind(id.clone());
        }
    }
    qb.push(")");
    let found: HashMap<String, (i64, Option<String>, String)> = qb
        .build_query_as::<(String, i64, Option<String>, String)>()
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, version, states, status)| (id, (version, states, status)))
        .collect();

    let ts = fmt_time(now());
    let subject = b.subject_id.to_ascii_lowercase();
    let mut records = Vec::with_capacity(b.decisions.len());
    for (i, (d, type_id)) in b.decisions.iter().zip(ids).enumerate() {
        let (current, valid_states, _) = found
            .get(&type_id)
            .filter(|(_, _, status)| {
                principal.is_admin() || *status == ConsentStatus::Active.as_str()
            })
            .ok_or_else(|| {
                AppError::Unprocessable(format!(
                    "decisions[{i}].consentTypeId is not a consent type of this project"
                ))
            })?;
        if i64::from(d.version) > *current {
            return Err(AppError::Unprocessable(format!(
                "decisions[{i}].version is newer than the consent type's version {current}"
            )));
        }
        let valid: Vec<ConsentState> = match valid_states {
            Some(s) => serde_json::from_str(s)?,
            None => Vec::new(),
        };
        if !valid.is_empty() && !valid.contains(&d.state) {
            return Err(AppError::Unprocessable(format!(
                "decisions[{i}].state is not one of the consent type's validStates"
            )));
        }
        records.push(ConsentRecord {
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
        });
    }
    let mut qb = QueryBuilder::<Sqlite>::new(
        "INSERT INTO consent_records (id, project_id, subject_id, consent_type_id, version,
             state, source, user_agent, date_created) ",
    );
    qb.push_values(&records, |mut row, r| {
        row.push_bind(r.id.clone())
            .push_bind(project.to_owned())
            .push_bind(r.subject_id.clone())
            .push_bind(r.consent_type_id.clone())
            .push_bind(i64::from(r.version))
            .push_bind(r.state.as_str().to_owned())
            .push_bind(r.source.as_ref().map(|s| s.as_str().to_owned()))
            .push_bind(r.user_agent.clone())
            .push_bind(r.date_created.clone());
    });
    qb.build().execute(&mut *conn).await?;
    Ok(records)
}

async fn list(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((org, project), ..): AppPath<(String, String), Concord>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let (project, filters) = Filters::for_admin(&st, &principal, &org, &project, raw).await?;
    let Filters {
        subject,
        type_id,
        page,
        size,
    } = filters;
    let mut conn = st.db.read.acquire().await?;
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM consent_records r
         WHERE r.project_id = ?1
           AND (?2 IS NULL OR r.subject_id = ?2)
           AND (?3 IS NULL OR r.consent_type_id = ?3)",
    )
    .bind(&project)
    .bind(&subject)
    .bind(&type_id)
    .fetch_one(&mut *conn)
    .await?;
    let offset = i64::from(page - 1) * i64::from(size);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id, w.organization_id, r.project_id, r.subject_id, r.consent_type_id,
                r.version, r.state, r.source, r.user_agent, r.date_created
         FROM consent_records r JOIN projects p ON p.id = r.project_id
         JOIN workspaces w ON w.id = p.workspace_id
         WHERE r.project_id = ?1
           AND (?2 IS NULL OR r.subject_id = ?2)
           AND (?3 IS NULL OR r.consent_type_id = ?3)
         ORDER BY r.rowid LIMIT ?4 OFFSET ?5",
    )
    .bind(&project)
    .bind(subject)
    .bind(type_id)
    .bind(i64::from(size))
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    let items: Vec<ConsentRecord> = rows.into_iter().map(ConsentRecord::from).collect();
    let mut resp = Json(items).into_response();
    let h = resp.headers_mut();
    h.insert("x-total-count", HeaderValue::from(total.max(0)));
    h.insert("x-page", HeaderValue::from(page));
    h.insert("x-page-size", HeaderValue::from(size));
    Ok(resp)
}

/// The list's and the export's query.
struct Filters {
    subject: Option<String>,
    type_id: Option<String>,
    page: u32,
    size: u32,
}

impl Filters {
    /// What the list and the export both start with: the admin key of the
    /// organisation, the project (404 unless it is the organisation's) in its
    /// stored form, and the query.
    async fn for_admin(
        st: &AppState,
        principal: &Principal,
        org: &str,
        project: &str,
        raw: Option<String>,
    ) -> Result<(String, Self), AppError> {
        principal.admin_of_org(org)?;
        let (_, project) = project_ids(&st.db.read, org, project).await?;
        Ok((project, Self::parse(raw.as_deref())?))
    }

    fn parse(raw: Option<&str>) -> Result<Self, AppError> {
        let mut f = Filters {
            subject: None,
            type_id: None,
            page: 1,
            size: DEFAULT_SIZE,
        };
        for (k, v) in decode_query(raw.unwrap_or_default()) {
            let number = |max: u32| {
                v.parse::<u32>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| AppError::BadRequest(format!("{k} must be between 1 and {max}")))
            };
            match k.as_str() {
                "subjectId" | "consentTypeId" => {
                    let uuid = normalize_uuid(&v)
                        .ok_or_else(|| AppError::BadRequest(format!("{k} must be a UUID")))?;
                    if k == "subjectId" {
                        f.subject = Some(uuid);
                    } else {
                        f.type_id = Some(uuid);
                    }
                }
                "page" => f.page = number(u32::MAX)?,
                "size" => f.size = number(MAX_SIZE)?,
                _ => {}
            }
        }
        Ok(f)
    }
}

#[derive(sqlx::FromRow)]
struct ExportRow {
    seq: i64,
    #[sqlx(flatten)]
    row: Row,
}

/// The receiving end of an export's pages, as the stream a body is made of.
struct Pages(tokio::sync::mpsc::Receiver<Result<Vec<u8>, std::io::Error>>);

impl futures_core::Stream for Pages {
    type Item = Result<Vec<u8>, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

async fn export(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((org, project), ..): AppPath<(String, String), Concord>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let (project, filters) = Filters::for_admin(&st, &principal, &org, &project, raw).await?;
    let Filters {
        subject, type_id, ..
    } = filters;
    // A small channel: the reader waits for a slow client instead of
    // buffering the export; a connection is held only for one page.
    let (tx, rx) = tokio::sync::mpsc::channel(2);
    let db = st.db.read.clone();
    tokio::spawn(async move {
        let mut after = 0_i64;
        loop {
            let rows: Result<Vec<ExportRow>, sqlx::Error> = sqlx::query_as(
                "SELECT r.rowid AS seq, r.id, w.organization_id, r.project_id, r.subject_id,
                        r.consent_type_id, r.version, r.state, r.source, r.user_agent,
                        r.date_created
                 FROM consent_records r JOIN projects p ON p.id = r.project_id
                 JOIN workspaces w ON w.id = p.workspace_id
                 WHERE r.project_id = ?1 AND r.rowid > ?2
                   AND (?3 IS NULL OR r.subject_id = ?3)
                   AND (?4 IS NULL OR r.consent_type_id = ?4)
                 ORDER BY r.rowid LIMIT ?5",
            )
            .bind(&project)
            .bind(after)
            .bind(&subject)
            .bind(&type_id)
            .bind(EXPORT_PAGE)
            .fetch_all(&db)
            .await;
            let page = match rows {
                Ok(rows) if rows.is_empty() => return,
                Ok(rows) => rows,
                Err(e) => {
                    // The status is sent already: cut the body so the client sees it incomplete.
                    tracing::error!("consent record export: {e}");
                    let _ = tx.send(Err(std::io::Error::other(e))).await;
                    return;
                }
            };
            let mut chunk = Vec::new();
            for r in page {
                after = r.seq;
                if serde_json::to_writer(&mut chunk, &ConsentRecord::from(r.row)).is_ok() {
                    chunk.push(b'\n');
                }
            }
            if tx.send(Ok(chunk)).await.is_err() {
                return; // the client went away
            }
        }
    });
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/x-ndjson"),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"consent-records.ndjson\""),
            ),
        ],
        axum::body::Body::from_stream(Pages(rx)),
    )
        .into_response())
}
