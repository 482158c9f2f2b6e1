//! Keys and allowed origins of a workspace (our extension, issue 17):
//!
//! - `GET    /v1/ws/{workspaceId}/keys`        every key, newest first
//!   ([`ApiKey`]: name, scope, project, hint, a public key's value, created,
//!   revoked, `current` for the calling key); never an admin key's secret
//! - `POST   /v1/ws/{workspaceId}/keys`        `{name, scope, projectId?}` ->
//!   201 [`CreatedApiKey`]: the only time the secret is shown; stored as its
//!   SHA-256. At most [`MAX_ACTIVE_KEYS`] keys that are not revoked (400
//!   beyond). A public key serves one project of the workspace (default: the
//!   first). Not idempotent on purpose: a stored replay would keep the secret
//!   in clear; a duplicate made by a retry is revoked like any other key.
//! - `DELETE /v1/ws/{workspaceId}/keys/{id}`   revoke: 204, refused at once by
//!   every later request (the key cache forgets it); 409 for the calling key
//!   itself (a team cannot lock itself out); revoking twice is 204
//! - `GET    /v1/ws/{workspaceId}/origins`     `[{origin, demo}]`
//! - `POST   /v1/ws/{workspaceId}/origins`     `{origin}` -> 201 the stored
//!   origin, normalized as browsers send it (`https://host[:port]`, lower
//!   case, no default port); 200 if already allowed; at most [`MAX_ORIGINS`]
//! - `DELETE /v1/ws/{workspaceId}/origins/{origin}` (percent-encoded) 204; a
//!   page of that origin is refused by CORS from its next request
//!
//! All take an admin key of the workspace (a public key: 403).
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use pw_model::access::{
    normalize_origin, AllowedOrigin, ApiKey, CreatedApiKey, KeyScope, NewApiKey, NewOrigin,
    MAX_ACTIVE_KEYS, MAX_ORIGINS,
};
use sqlx::AnyConnection;

use crate::auth::{generate_key, hash_key, key_hint, Principal, Scope};
use crate::db::{fmt_time, now, Flag};
use crate::error::{AppError, AppPath, Dastra, Valid};
use crate::AppState;

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/ws/{ws}/keys", get(list_keys).post(create_key))
        .route("/v1/ws/{ws}/keys/{id}", delete(revoke_key))
        .route("/v1/ws/{ws}/origins", get(list_origins).post(add_origin))
        .route("/v1/ws/{ws}/origins/{origin}", delete(remove_origin))
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    id: i64,
    name: Option<String>,
    scope: String,
    project_id: Option<String>,
    hint: Option<String>,
    display: Option<String>,
    date_created: String,
    revoked_at: Option<String>,
}

impl KeyRow {
    fn into_api(self, caller: i64) -> ApiKey {
        ApiKey {
            id: self.id,
            name: self.name,
            scope: KeyScope::parse(&self.scope),
            project_id: self.project_id,
            hint: self.hint,
            key: self.display,
            date_created: self.date_created,
            revoked_at: self.revoked_at,
            current: self.id == caller,
        }
    }
}

const KEY_COLUMNS: &str =
    "id, name, scope, project_id, hint, display, date_created, revoked_at FROM api_keys";

async fn list_keys(
    State(st): State<AppState>,
    principal: Principal,
    AppPath(ws, ..): AppPath<i64, Dastra>,
) -> Result<Json<Vec<ApiKey>>, AppError> {
    principal.admin_of_workspace(ws)?;
    let rows: Vec<KeyRow> = sqlx::query_as(&format!(
        "SELECT {KEY_COLUMNS} WHERE workspace_id = $1 ORDER BY id DESC"
    ))
    .bind(ws)
    .fetch_all(&st.db.read)
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| r.into_api(principal.key_id))
            .collect(),
    ))
}

/// The project a new public key serves: the one named (it must be the
/// workspace's), else the workspace's first.
async fn key_project(
    conn: &mut AnyConnection,
    ws: i64,
    named: Option<&str>,
) -> Result<String, AppError> {
    let found: Option<String> = match named {
        Some(p) => {
            sqlx::query_scalar("SELECT id FROM projects WHERE workspace_id = $1 AND id = lower($2)")
                .bind(ws)
                .bind(p)
                .fetch_optional(conn)
                .await?
        }
        None => {
            sqlx::query_scalar(
                "SELECT id FROM projects WHERE workspace_id = $1 ORDER BY rowid LIMIT 1",
            )
            .bind(ws)
            .fetch_optional(conn)
            .await?
        }
    };
    found.ok_or_else(|| AppError::BadRequest("projectId: not a project of this workspace".into()))
}

async fn create_key(
    State(st): State<AppState>,
    principal: Principal,
    AppPath(ws, ..): AppPath<i64, Dastra>,
    body: Result<Valid<NewApiKey, Dastra>, AppError>,
) -> Result<Response, AppError> {
    principal.admin_of_workspace(ws)?;
    let body = body?.into_inner();
    let scope = match body.scope {
        KeyScope::Admin => Scope::Admin,
        _ => Scope::Public,
    };
    let mut tx = st.db.begin_write().await?;
    let active: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM api_keys WHERE workspace_id = $1 AND revoked_at IS NULL",
    )
    .bind(ws)
    .fetch_one(&mut *tx)
    .await?;
    if usize::try_from(active).unwrap_or(usize::MAX) >= MAX_ACTIVE_KEYS {
        return Err(AppError::BadRequest(format!(
            "keys: a workspace holds at most {MAX_ACTIVE_KEYS} keys that are not revoked"
        )));
    }
    let project = match scope {
        Scope::Public => Some(key_project(&mut tx, ws, body.project_id.as_deref()).await?),
        Scope::Admin => None,
    };
    let secret = generate_key(scope);
    let row: KeyRow = sqlx::query_as(&format!(
        "INSERT INTO api_keys (key_hash, scope, workspace_id, project_id, display, name, hint, date_created)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {}",
        KEY_COLUMNS.trim_end_matches(" FROM api_keys")
    ))
    .bind(&hash_key(&secret)[..])
    .bind(scope.as_str())
    .bind(ws)
    .bind(project.as_deref())
    .bind((scope == Scope::Public).then_some(secret.as_str()))
    .bind(body.name.trim())
    .bind(key_hint(&secret))
    .bind(fmt_time(now()))
    .fetch_one(&mut *tx)
    .await?;
    st.db.commit(tx).await?;
    let created = CreatedApiKey {
        info: row.into_api(principal.key_id),
        secret,
    };
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

async fn revoke_key(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
) -> Result<StatusCode, AppError> {
    principal.admin_of_workspace(ws)?;
    if id == principal.key_id {
        return Err(AppError::Conflict(
            "id: this is the key of this request; sign in with another admin key to revoke it"
                .into(),
        ));
    }
    let found: Option<i64> = sqlx::query_scalar(
        "UPDATE api_keys SET revoked_at = coalesce(revoked_at, $1)
         WHERE id = $2 AND workspace_id = $3 RETURNING id",
    )
    .bind(fmt_time(now()))
    .bind(id)
    .bind(ws)
    .fetch_optional(&st.db.write)
    .await?;
    found.ok_or_else(AppError::not_found)?;
    st.db.durable().await?;
    st.keys.forget(id);
    Ok(StatusCode::NO_CONTENT)
}

async fn list_origins(
    State(st): State<AppState>,
    principal: Principal,
    AppPath(ws, ..): AppPath<i64, Dastra>,
) -> Result<Json<Vec<AllowedOrigin>>, AppError> {
    principal.admin_of_workspace(ws)?;
    let rows: Vec<(String, Flag)> = sqlx::query_as(
        "SELECT origin, demo FROM allowed_origins WHERE workspace_id = $1 ORDER BY origin",
    )
    .bind(ws)
    .fetch_all(&st.db.read)
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(origin, Flag(demo))| AllowedOrigin { origin, demo })
            .collect(),
    ))
}

async fn add_origin(
    State(st): State<AppState>,
    principal: Principal,
    AppPath(ws, ..): AppPath<i64, Dastra>,
    body: Result<Valid<NewOrigin, Dastra>, AppError>,
) -> Result<Response, AppError> {
    principal.admin_of_workspace(ws)?;
    // Valid: normalize_origin accepted it.
    let origin = normalize_origin(&body?.into_inner().origin).unwrap_or_default();
    let mut tx = st.db.begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO allowed_origins (workspace_id, origin, demo) VALUES ($1, $2, 0)
         ON CONFLICT DO NOTHING",
    )
    .bind(ws)
    .bind(&origin)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM allowed_origins WHERE workspace_id = $1")
            .bind(ws)
            .fetch_one(&mut *tx)
            .await?;
    if usize::try_from(count).unwrap_or(usize::MAX) > MAX_ORIGINS {
        return Err(AppError::BadRequest(format!(
            "origin: a workspace allows at most {MAX_ORIGINS} origins"
        )));
    }
    st.db.commit(tx).await?;
    let status = if inserted {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let body = AllowedOrigin {
        origin,
        demo: false,
    };
    Ok((status, Json(body)).into_response())
}

async fn remove_origin(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, origin), ..): AppPath<(i64, String), Dastra>,
) -> Result<StatusCode, AppError> {
    principal.admin_of_workspace(ws)?;
    let origin = normalize_origin(&origin).ok_or_else(AppError::not_found)?;
    let done = sqlx::query("DELETE FROM allowed_origins WHERE workspace_id = $1 AND origin = $2")
        .bind(ws)
        .bind(&origin)
        .execute(&st.db.write)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::not_found());
    }
    st.db.durable().await?;
    Ok(StatusCode::NO_CONTENT)
}
