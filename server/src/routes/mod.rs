//! One file per resource, each exposing `router() -> Router<AppState>`; `app()`
//! merges them. Small lookups shared by several resources live here.
use sqlx::{AnyConnection, AnyPool};

use crate::error::AppError;

pub mod access;
pub mod audit;
pub mod consent_manifest;
pub mod consent_record;
pub mod consent_stats;
pub mod consent_type;
pub mod data_system_contact;
pub mod dsr;
pub mod messages;
pub mod org_contact;
pub mod preview;
pub mod requester;
pub mod settings;
pub mod static_files;
pub mod tag;
pub mod workflow;

/// Comma-free lower-case uuid, the form we store; `None` if `s` is not a uuid.
pub fn normalize_uuid(s: &str) -> Option<String> {
    pw_model::validate::is_uuid(s).then(|| s.to_ascii_lowercase())
}

/// The workspace id of organization `org`, or 404.
pub async fn workspace_of_org(conn: &mut AnyConnection, org: &str) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT id FROM workspaces WHERE organization_id = $1")
        .bind(org)
        .fetch_optional(conn)
        .await?
        .ok_or_else(AppError::not_found)
}

/// The path's organization and project ids in the stored (lower-case) form,
/// or 404 unless both are uuids and `project` belongs to organization `org`.
pub async fn project_ids(
    db: &AnyPool,
    org: &str,
    project: &str,
) -> Result<(String, String), AppError> {
    let (Some(org), Some(project)) = (normalize_uuid(org), normalize_uuid(project)) else {
        return Err(AppError::not_found());
    };
    sqlx::query_scalar::<_, i64>(
        "SELECT 1 FROM projects p JOIN workspaces w ON w.id = p.workspace_id
         WHERE p.id = $1 AND w.organization_id = $2",
    )
    .bind(&project)
    .bind(&org)
    .fetch_optional(db)
    .await?
    .ok_or_else(AppError::not_found)?;
    Ok((org, project))
}
