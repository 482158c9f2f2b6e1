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
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use pw_model::dsr::WorkFlowStep;
use pw_model::WidgetSettings;
use sqlx::AnyConnection;

use crate::auth::Principal;
use crate::db::{fmt_time, now, Db};
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

/// What a create reads of its workspace before it queues for the writer.
#[derive(Debug)]
pub struct Workspace {
    pub settings: WidgetSettings,
    /// Where a new request starts ([`crate::routes::dsr::initial_step`]).
    pub initial_step: Option<WorkFlowStep>,
}

/// [`Workspace`]s by id, filled on first use, so a create reads nothing
/// before it queues for the writer (two reads on a reader's thread were
/// ~20 % of what SQLite creates cost, BENCHMARKS.md). The settings change
/// only through [`write`], which empties it; the workflow steps only when a
/// workspace is seeded, before the server serves. (A change made to the
/// file by hand shows after a restart.)
///
/// Off on PostgreSQL, like the key cache ([`crate::auth::KeyCache`]): another
/// server process may change the settings, so every create reads them there.
pub struct WorkspaceCache {
    on: bool,
    state: Mutex<Cached>,
}

#[derive(Default)]
struct Cached {
    /// Bumped by every [`WorkspaceCache::forget`]: a read that began before
    /// it does not keep what it read.
    generation: u64,
    map: HashMap<i64, Arc<Workspace>>,
}

impl WorkspaceCache {
    /// A cache that keeps workspaces when `on`, and none otherwise.
    pub fn new(on: bool) -> Self {
        Self {
            on,
            state: Mutex::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Cached> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Workspace `ws` (its id comes from an authenticated key, so the map
    /// holds no more entries than there are workspaces).
    pub async fn get(&self, db: &Db, ws: i64) -> Result<Arc<Workspace>, AppError> {
        let generation = {
            let cached = self.lock();
            if let Some(w) = cached.map.get(&ws) {
                return Ok(w.clone());
            }
            cached.generation
        };
        let mut conn = db.read.acquire().await?;
        let w = Arc::new(Workspace {
            settings: load(&mut conn, ws).await?,
            initial_step: crate::routes::dsr::initial_step(&mut conn, ws).await?,
        });
        let mut cached = self.lock();
        if self.on && cached.generation == generation {
            cached.map.insert(ws, w.clone());
        }
        Ok(w)
    }

    /// Forgets every workspace (settings written).
    pub fn forget(&self) {
        let mut cached = self.lock();
        cached.generation += 1;
        cached.map.clear();
    }
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
    // After the write: a create that read the old row before it is not kept.
    st.workspaces.forget();
    st.db.durable().await?;
    Ok(Json(settings))
}
