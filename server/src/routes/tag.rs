//! DSR tags (extension: seed 002 shows tags only inside a request, as `tags`
//! items `{id, label, type, color}`, and filters the list by tag ids, but has
//! no endpoint to make one; Dastra manages them in its UI):
//!
//! - `GET    /v1/ws/{workspaceId}/Tags`        the workspace's tags, by label
//!   (case-insensitive), then id; the same objects as a request's `tags` items
//! - `POST   /v1/ws/{workspaceId}/Tags`        create `{label, type?, color?}` -> 201
//!   the tag; the label is stored trimmed (1..=256 characters), `color` at most
//!   256, `type` a known value (`DataProcessing`); a label the workspace already
//!   has is 409; at most [`MAX_WORKSPACE_TAGS`] tags per workspace (400 beyond);
//!   `Idempotency-Key` as on the other creates
//! - `DELETE /v1/ws/{workspaceId}/Tags/{id}`   204; the tag leaves every request
//!   that carried it (ON DELETE CASCADE)
//!
//! All three take an admin key of the workspace (a public key: 403). Requests
//! carry tags through their own create (admin) and PUT: a `tags` item with an
//! `id` must be a tag of the workspace (400 `tags: unknown tag id N`), one with
//! only a `label` is found or created (`routes/dsr.rs`).
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get};
use axum::{Json, Router};
use pw_model::dsr::{Tag, TagType, MAX_WORKSPACE_TAGS};
use sqlx::AnyConnection;

use crate::auth::Principal;
use crate::error::{AppError, AppPath, Dastra, Valid};
use crate::idempotency::{self, Created, IdempotencyKey};
use crate::AppState;

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/ws/{ws}/Tags", get(list).post(create))
        .route("/v1/ws/{ws}/Tags/{id}", delete(remove))
}

/// A stored tag.
#[derive(sqlx::FromRow)]
pub struct TagRow {
    id: i64,
    label: String,
    #[sqlx(rename = "type")]
    kind: Option<String>,
    color: Option<String>,
}

impl From<TagRow> for Tag {
    fn from(r: TagRow) -> Self {
        Tag {
            id: Some(r.id),
            label: Some(r.label),
            kind: r.kind.as_deref().map(TagType::parse),
            color: r.color,
        }
    }
}

/// 400 when workspace `ws` holds more than [`MAX_WORKSPACE_TAGS`] tags; called
/// after an insert, inside its transaction, so the insert is rolled back.
pub async fn check_workspace_tags(conn: &mut AnyConnection, ws: i64) -> Result<(), AppError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tags WHERE workspace_id = $1")
        .bind(ws)
        .fetch_one(conn)
        .await?;
    if usize::try_from(n).unwrap_or(usize::MAX) > MAX_WORKSPACE_TAGS {
        return Err(AppError::BadRequest(format!(
            "tags: a workspace holds at most {MAX_WORKSPACE_TAGS} tags"
        )));
    }
    Ok(())
}

/// The idempotency store's name for tag `id` (forgotten with it).
fn resource(id: i64) -> String {
    format!("tag:{id}")
}

async fn list(
    State(st): State<AppState>,
    principal: Principal,
    AppPath(ws, ..): AppPath<i64, Dastra>,
) -> Result<Json<Vec<Tag>>, AppError> {
    principal.admin_of_workspace(ws)?;
    let mut conn = st.db.read.acquire().await?;
    let rows: Vec<TagRow> = sqlx::query_as(
        "SELECT id, label, type, color FROM tags WHERE workspace_id = $1
         ORDER BY lower(label), id",
    )
    .bind(ws)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Json(rows.into_iter().map(Tag::from).collect()))
}

async fn create(
    State(st): State<AppState>,
    principal: Principal,
    AppPath(ws, ..): AppPath<i64, Dastra>,
    idem: IdempotencyKey,
    body: Result<Valid<Tag, Dastra>, AppError>,
) -> Result<Response, AppError> {
    principal.admin_of_workspace(ws)?;
    let mut tag = body?.into_inner();
    tag.id = None;
    tag.label = tag.label.map(|l| l.trim().to_owned());
    let scope = format!("{} POST /v1/ws/{ws}/Tags", principal.key_id);
    idempotency::create(&st.db, &idem, scope, &tag, async |job, _| {
        let tx = job.write().await?;
        let label = tag.label.clone().unwrap_or_default();
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT id FROM tags WHERE workspace_id = $1 AND label = $2")
                .bind(ws)
                .bind(&label)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(id) = existing {
            return Err(AppError::Conflict(format!(
                "label: this workspace already has the tag {label:?} (id {id})"
            )));
        }
        let row: TagRow = sqlx::query_as(
            "INSERT INTO tags (workspace_id, label, type, color) VALUES ($1, $2, $3, $4)
             RETURNING id, label, type, color",
        )
        .bind(ws)
        .bind(&label)
        .bind(tag.kind.as_ref().map(|k| k.as_str().to_owned()))
        .bind(tag.color.as_deref())
        .fetch_one(&mut *tx)
        .await?;
        check_workspace_tags(tx, ws).await?;
        let id = row.id;
        Ok(Created::json(&Tag::from(row))?.of(resource(id)))
    })
    .await
}

async fn remove(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
) -> Result<StatusCode, AppError> {
    principal.admin_of_workspace(ws)?;
    idempotency::delete_row(&st.db, "tags", ws, id, &resource(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
