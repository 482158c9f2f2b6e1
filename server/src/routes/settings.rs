//! A workspace's widget settings (our extension, issue 17):
//!
//! - `GET /v1/ws/{workspaceId}/settings` -> [`WidgetSettings`] (the defaults
//!   until the workspace saves its own)
//! - `PUT /v1/ws/{workspaceId}/settings` the whole object -> 200 the stored
//!   object; 400 with the seed body naming each invalid field
//!   ([`WidgetSettings::validate`], the rules the admin form checks too)
//!
//! Both take an admin key of the workspace. The widget reads the same object
//! from the consent manifest (`routes/consent_manifest.rs`), and the DSR create
//! enforces its `required` fields and offered `purposes` (`routes/dsr.rs`).
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use pw_model::WidgetSettings;
use sqlx::AnyConnection;

use crate::auth::Principal;
use crate::db::{fmt_time, now};
use crate::error::{AppError, AppPath, Dastra, Valid};
use crate::AppState;

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/ws/{ws}/settings", get(read).put(write))
}

/// The settings of workspace `ws` (defaults when none were saved).
pub async fn load(conn: &mut AnyConnection, ws: i64) -> Result<WidgetSettings, AppError> {
    let body: Option<String> =
        sqlx::query_scalar("SELECT body FROM workspace_settings WHERE workspace_id = $1")
            .bind(ws)
            .fetch_optional(conn)
            .await?;
    Ok(match body {
        Some(b) => serde_json::from_str(&b)?,
        None => WidgetSettings::default(),
    })
}

async fn read(
    State(st): State<AppState>,
    principal: Principal,
    AppPath(ws, ..): AppPath<i64, Dastra>,
) -> Result<Json<WidgetSettings>, AppError> {
    principal.admin_of_workspace(ws)?;
    let mut conn = st.db.read.acquire().await?;
    Ok(Json(load(&mut conn, ws).await?))
}

async fn write(
    State(st): State<AppState>,
    principal: Principal,
    AppPath(ws, ..): AppPath<i64, Dastra>,
    body: Result<Valid<WidgetSettings, Dastra>, AppError>,
) -> Result<Json<WidgetSettings>, AppError> {
    principal.admin_of_workspace(ws)?;
    let settings = body?.into_inner().normalized();
    sqlx::query(
        "INSERT INTO workspace_settings (workspace_id, body, date_update) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id) DO UPDATE SET body = excluded.body,
             date_update = excluded.date_update",
    )
    .bind(ws)
    .bind(serde_json::to_string(&settings)?)
    .bind(fmt_time(now()))
    .execute(&st.db.write)
    .await?;
    st.db.durable().await?;
    Ok(Json(settings))
}
