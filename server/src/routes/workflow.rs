//! Dastra workflow (seed 002, "Change the process step of the data subject right
//! request"):
//!
//! - `POST /v1/ws/{workspaceId}/DataSubjectRequests/workflow` with `{id, stepId}`
//!   moves a request to a step of its workspace: sets `workFlowStepId`,
//!   `workFlowStep`, and `state` from the step's `mappedState`; a final step sets
//!   `dateClosed` (leaving it clears it). Answers 200 with the updated request
//!   (the seed shows no response; returning it saves the admin page a GET).
//! - Extension: `GET /v1/ws/{workspaceId}/WorkflowSteps` lists the steps in
//!   order, so the admin page can offer them (Dastra configures them in its UI).
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use pw_model::dsr::{WorkFlowStep, WorkflowChange};
use serde_json::Value;

use crate::auth::Principal;
use crate::error::{AppError, AppJson, AppPath, Dastra};
use crate::routes::dsr::{before_write, commit_updated, move_to_step, step_by_id, steps};
use crate::AppState;

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/ws/{ws}/DataSubjectRequests/workflow",
            post(change_step),
        )
        .route("/v1/ws/{ws}/WorkflowSteps", get(list_steps))
}

async fn change_step(
    State(st): State<AppState>,
    principal: Principal,
    AppPath(ws, ..): AppPath<i64, Dastra>,
    body: Result<AppJson<WorkflowChange, Dastra>, AppError>,
) -> Result<Json<Value>, AppError> {
    principal.admin_of_workspace(ws)?;
    let WorkflowChange { id, step_id } = body?.into_inner();
    let mut tx = st.db.begin_write().await?;
    let before = before_write(&mut tx, ws, id).await?;
    let step = step_by_id(&mut tx, ws, step_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Workflow step {step_id} not found")))?;
    move_to_step(&mut tx, ws, id, &step).await?;
    commit_updated(&st.db, tx, ws, id, &before, principal.key_id).await
}

async fn list_steps(
    State(st): State<AppState>,
    principal: Principal,
    AppPath(ws, ..): AppPath<i64, Dastra>,
) -> Result<Json<Vec<WorkFlowStep>>, AppError> {
    principal.admin_of_workspace(ws)?;
    let mut conn = st.db.read.acquire().await?;
    Ok(Json(steps(&mut conn, ws).await?))
}
