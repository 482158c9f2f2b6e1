//! Concord consent types (seed 001, "Create consent type"):
//!
//! - `POST /organizations/{organizationId}/projects/{projectId}/consent-types`
//!   (admin) -> 201 with the stored type. Defaults as the seed: `status` active,
//!   `required` false, `requireReaccept` false.
//! - `GET  .../consent-types` -> JSON array. Admin keys see every type (optional
//!   `?status=` filter, one of the three statuses, 400 otherwise); the public
//!   widget key sees only `active` ones.
//! - `GET  .../consent-types/{id}` -> one type (public key: active only, else 404).
//! - `PUT  .../consent-types/{id}` (admin): the same body as create, replacing the type.
//!
//! Versioning (our choice where the seed only shows the fields): `version`
//! starts at 1, so `requireReacceptVersion: 0` unambiguously means "never
//! required". A change of what the visitor is asked to agree to (`name`,
//! `description`, `document` or `url`) bumps `version`; status, category,
//! label, duration or flags do not. `requireReaccept: true` (on create or
//! update) sets `requireReacceptVersion` to the resulting version: anyone whose
//! recorded decision is for an older version must be asked again.
//!
//! Every create and update records the hash of the text at the resulting
//! version (`consent_type_texts`, see `consent_chain.rs`): a consent record
//! names what its visitor was shown.
//!
//! A label is unique per project (the widget and host pages key on it): a
//! duplicate is 422, through `on_constraint`.
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use pw_model::consent_type::{Category, ConsentState, ConsentStatus, ConsentType, NewConsentType};
use pw_model::dsr::decode_query;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection};

use crate::auth::Principal;
use crate::consent_chain;
use crate::db::{fmt_time, now};
use crate::error::{on_constraint, AppError, AppPath, Concord, Valid};
use crate::idempotency::{self, Created, IdempotencyKey};
use crate::routes::{normalize_uuid, project_ids};
use crate::AppState;

/// SQLite's wording for the per-project label constraint.
const LABEL_UNIQUE: (&str, &str) = (
    "consent_types.project_id, consent_types.label",
    "consent_types_project_label",
);

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/organizations/{org}/projects/{project}/consent-types",
            post(create).get(list),
        )
        .route(
            "/organizations/{org}/projects/{project}/consent-types/{id}",
            get(get_one).put(update),
        )
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    project_id: String,
    organization_id: String,
    category: String,
    subcategory: Option<String>,
    label: String,
    version: i64,
    name: Option<String>,
    description: Option<String>,
    document: Option<String>,
    url: Option<String>,
    #[sqlx(try_from = "crate::db::Flag")]
    read_only: bool,
    valid_states: Option<String>,
    status: String,
    consent_duration: Option<String>,
    #[sqlx(try_from = "crate::db::Flag")]
    required: bool,
    require_reaccept_version: i64,
    consent_mode: Option<String>,
    date_created: String,
    date_updated: String,
}

const SELECT: &str = "SELECT c.id, c.project_id, w.organization_id, c.category, c.subcategory,
    c.label, c.version, c.name, c.description, c.document, c.url, c.read_only, c.valid_states,
    c.status, c.consent_duration, c.required, c.require_reaccept_version, c.consent_mode,
    c.date_created, c.date_updated
    FROM consent_types c JOIN projects p ON p.id = c.project_id
    JOIN workspaces w ON w.id = p.workspace_id";

impl TryFrom<Row> for ConsentType {
    type Error = AppError;

    fn try_from(r: Row) -> Result<Self, AppError> {
        let valid_states: Option<Vec<ConsentState>> = match r.valid_states {
            Some(s) => Some(serde_json::from_str(&s)?),
            None => None,
        };
        let subcategory = match r.subcategory {
            Some(s) => Some(serde_json::from_str(&s)?),
            None => None,
        };
        let consent_mode = match r.consent_mode {
            Some(s) => Some(serde_json::from_str(&s)?),
            None => None,
        };
        Ok(ConsentType {
            created_at: None,
            updated_at: None,
            id: r.id,
            organization: Some(r.organization_id),
            project: Some(r.project_id),
            category: Some(Category::parse(&r.category)),
            subcategory,
            label: Some(r.label),
            version: Some(r.version),
            date_created: Some(r.date_created),
            date_updated: Some(r.date_updated),
            name: r.name,
            description: r.description,
            document: r.document,
            url: r.url,
            read_only: Some(r.read_only),
            valid_states,
            status: Some(ConsentStatus::parse(&r.status)),
            consent_duration: r.consent_duration,
            required: Some(r.required),
            require_reaccept_version: Some(r.require_reaccept_version),
            consent_mode,
        })
    }
}

/// One consent type of `project`, or `None`.
pub async fn load(
    conn: &mut AnyConnection,
    project: &str,
    id: &str,
) -> Result<Option<ConsentType>, AppError> {
    let row: Option<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE c.project_id = $1 AND c.id = $2"))
            .bind(project)
            .bind(id)
            .fetch_optional(conn)
            .await?;
    row.map(ConsentType::try_from).transpose()
}

fn json_opt<T: serde::Serialize>(v: &Option<T>) -> Result<Option<String>, AppError> {
    v.as_ref()
        .map(|v| serde_json::to_string(v).map_err(AppError::from))
        .transpose()
}

/// Inserts a consent type (create route and demo seeding); returns its id.
pub async fn insert(
    conn: &mut AnyConnection,
    project: &str,
    b: &NewConsentType,
) -> Result<String, AppError> {
    let id = uuid::Uuid::new_v4().to_string();
    let ts = fmt_time(now());
    let version = 1_i64;
    let query = sqlx::query(
        "INSERT INTO consent_types (id, project_id, category, subcategory, label, version, name,
             description, document, url, read_only, valid_states, status, consent_duration,
             required, require_reaccept_version, consent_mode, date_created, date_updated)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(&id)
    .bind(project);
    let reaccept_version = if b.require_reaccept_or_default() {
        version
    } else {
        0
    };
    bind_body(query, b, version, reaccept_version)?
        .bind(&ts)
        .bind(&ts)
        .execute(&mut *conn)
        .await
        .map_err(|e| on_constraint(e, LABEL_UNIQUE, label_taken))?;
    store_text(conn, &id, version, b).await?;
    Ok(id)
}

/// Records what version `version` of type `id` says (`consent_chain`), so the
/// records decided on it carry its text hash.
async fn store_text(
    conn: &mut AnyConnection,
    id: &str,
    version: i64,
    b: &NewConsentType,
) -> Result<(), AppError> {
    let hash = consent_chain::text_hash(
        b.name.as_deref(),
        b.description.as_deref(),
        b.document.as_deref(),
        b.url.as_deref(),
    );
    consent_chain::store_text(conn, id, version, &hash).await?;
    Ok(())
}

/// Binds, in this order, the columns that create and update both take from the
/// body: category, subcategory, label, version, name, description, document,
/// url, valid_states, status, consent_duration, required, require_reaccept_version,
/// consent_mode.
fn bind_body<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    b: &'q NewConsentType,
    version: i64,
    reaccept_version: i64,
) -> Result<Query<'q, Any, AnyArguments<'q>>, AppError> {
    Ok(query
        .bind(b.category.as_str())
        .bind(json_opt(&b.subcategory)?)
        .bind(&b.label)
        .bind(version)
        .bind(b.name.as_deref())
        .bind(b.description.as_deref())
        .bind(b.document.as_deref())
        .bind(b.url.as_deref())
        .bind(json_opt(&b.valid_states)?)
        .bind(b.status_or_default().as_str().to_owned())
        .bind(b.consent_duration.as_deref())
        .bind(i64::from(b.required_or_default()))
        .bind(reaccept_version)
        .bind(json_opt(
            &b.consent_mode.as_ref().filter(|m| !m.is_empty()),
        )?))
}

fn label_taken() -> AppError {
    AppError::Unprocessable("label already exists in this project".into())
}

async fn create(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((org, project), ..): AppPath<(String, String), Concord>,
    idem: IdempotencyKey,
    body: Result<Valid<NewConsentType, Concord>, AppError>,
) -> Result<Response, AppError> {
    principal.admin_of_org(&org)?;
    let (org, project) = project_ids(&st.db.read, &org, &project).await?;
    let b = body?.into_inner();
    let scope = format!(
        "{} POST /organizations/{org}/projects/{project}/consent-types",
        principal.key_id
    );
    idempotency::create(&st.db, &idem, scope, &b, async |job, _| {
        let tx = job.write().await?;
        let id = insert(tx, &project, &b).await?;
        let created = load(tx, &project, &id).await?.ok_or(AppError::Internal)?;
        Created::json(&created)
    })
    .await
}

async fn list(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((org, project), ..): AppPath<(String, String), Concord>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<ConsentType>>, AppError> {
    principal.member_of_project(&org, &project)?;
    let (_, project) = project_ids(&st.db.read, &org, &project).await?;
    let mut conn = st.db.read.acquire().await?;
    let status = if principal.is_admin() {
        let wanted = decode_query(raw.as_deref().unwrap_or_default())
            .into_iter()
            .rev()
            .find(|(k, _)| k == "status")
            .map(|(_, v)| v);
        if wanted
            .as_deref()
            .is_some_and(|v| !ConsentStatus::parse(v).is_known())
        {
            return Err(AppError::BadRequest(
                "status must be one of: active, test, archived".into(),
            ));
        }
        wanted
    } else {
        // The widget only ever offers what is live.
        Some(ConsentStatus::Active.as_str().to_owned())
    };
    let rows: Vec<Row> = match status {
        Some(s) => {
            sqlx::query_as(&format!(
                "{SELECT} WHERE c.project_id = $1 AND c.status = $2 ORDER BY c.category, c.label"
            ))
            .bind(&project)
            .bind(s)
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query_as(&format!(
                "{SELECT} WHERE c.project_id = $1 ORDER BY c.category, c.label"
            ))
            .bind(&project)
            .fetch_all(&mut *conn)
            .await?
        }
    };
    Ok(Json(
        rows.into_iter()
            .map(ConsentType::try_from)
            .collect::<Result<_, _>>()?,
    ))
}

async fn get_one(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((org, project, id), ..): AppPath<(String, String, String), Concord>,
) -> Result<Json<ConsentType>, AppError> {
    principal.member_of_project(&org, &project)?;
    let (_, project) = project_ids(&st.db.read, &org, &project).await?;
    let id = normalize_uuid(&id).ok_or_else(AppError::not_found)?;
    let mut conn = st.db.read.acquire().await?;
    let ct = load(&mut conn, &project, &id)
        .await?
        .filter(|c| principal.is_admin() || c.status == Some(ConsentStatus::Active))
        .ok_or_else(AppError::not_found)?;
    Ok(Json(ct))
}

async fn update(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((org, project, id), ..): AppPath<(String, String, String), Concord>,
    body: Result<Valid<NewConsentType, Concord>, AppError>,
) -> Result<Json<ConsentType>, AppError> {
    principal.admin_of_org(&org)?;
    let (_, project) = project_ids(&st.db.read, &org, &project).await?;
    let id = normalize_uuid(&id).ok_or_else(AppError::not_found)?;
    let b = body?.into_inner();
    let mut tx = st.db.begin_write().await?;
    let old = load(&mut tx, &project, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if old.read_only == Some(true) {
        return Err(AppError::Forbidden("Consent type is read-only".into()));
    }
    let content_changed = old.name != b.name
        || old.description != b.description
        || old.document != b.document
        || old.url != b.url;
    let old_version = old.version.unwrap_or(1);
    let version = if content_changed {
        old_version + 1
    } else {
        old_version
    };
    let reaccept_version = if b.require_reaccept_or_default() {
        version
    } else {
        old.require_reaccept_version.unwrap_or(0)
    };
    let query = sqlx::query(
        "UPDATE consent_types SET category = $1, subcategory = $2, label = $3, version = $4, name = $5,
             description = $6, document = $7, url = $8, valid_states = $9, status = $10,
             consent_duration = $11, required = $12, require_reaccept_version = $13, consent_mode = $14,
             date_updated = $15
         WHERE project_id = $16 AND id = $17",
    );
    bind_body(query, &b, version, reaccept_version)?
        .bind(fmt_time(now()))
        .bind(&project)
        .bind(&id)
        .execute(&mut *tx)
        .await
        .map_err(|e| on_constraint(e, LABEL_UNIQUE, label_taken))?;
    store_text(&mut tx, &id, version, &b).await?;
    let updated = load(&mut tx, &project, &id)
        .await?
        .ok_or(AppError::Internal)?;
    st.db.commit(tx).await?;
    Ok(Json(updated))
}
