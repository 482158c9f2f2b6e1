//! Concord data system contacts (seed 000, "Create data system contact"):
//!
//! - `POST /organizations/{organizationId}/data-system-contacts` (admin) -> 201
//!   with the seed's response shape. Dates are epoch milliseconds (numbers, as
//!   the seed shows them, unlike consent types' ISO strings). `contactType` is
//!   sent as a uuid and answered as the object `{"id": uuid}` (the seed shows an
//!   object); `dataSystems` likewise come back as `[{"id": ...}]`: this server
//!   has no data system catalogue to expand them from.
//! - Extension: `GET` on the same path lists them (newest first) for the admin page.
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use axum::{Json, Router};
use pw_model::contact::{ContactStatus, DataSystem, DataSystemContact, NewDataSystemContact};
use serde_json::json;

use crate::auth::Principal;
use crate::error::{AppError, AppPath, Concord, Valid};
use crate::idempotency::{self, Created, IdempotencyKey};
use crate::routes::{normalize_uuid, workspace_of_org};
use crate::AppState;

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/organizations/{org}/data-system-contacts",
        post(create).get(list),
    )
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    organization_id: String,
    name: String,
    status: String,
    email: String,
    phone_number: String,
    description: Option<String>,
    contact_type: String,
    data_systems: String,
    date_created: i64,
    date_updated: i64,
}

impl TryFrom<Row> for DataSystemContact {
    type Error = AppError;

    fn try_from(r: Row) -> Result<Self, AppError> {
        let systems: Vec<String> = serde_json::from_str(&r.data_systems)?;
        Ok(DataSystemContact {
            id: r.id,
            date_created: Some(r.date_created),
            date_updated: Some(r.date_updated),
            organization_id: Some(r.organization_id),
            name: Some(r.name),
            email: Some(r.email),
            phone_number: Some(r.phone_number),
            status: Some(ContactStatus::parse(&r.status)),
            contact_type: Some(json!({ "id": r.contact_type })),
            description: r.description,
            data_systems: Some(
                systems
                    .into_iter()
                    .map(|id| DataSystem {
                        id: Some(id),
                        ..Default::default()
                    })
                    .collect(),
            ),
        })
    }
}

const SELECT: &str = "SELECT c.id, w.organization_id, c.name, c.status, c.email, c.phone_number,
    c.description, c.contact_type, c.data_systems, c.date_created, c.date_updated
    FROM data_system_contacts c JOIN workspaces w ON w.id = c.workspace_id";

async fn create(
    State(st): State<AppState>,
    principal: Principal,
    AppPath(org, ..): AppPath<String, Concord>,
    idem: IdempotencyKey,
    body: Result<Valid<NewDataSystemContact, Concord>, AppError>,
) -> Result<Response, AppError> {
    principal.admin_of_org(&org)?;
    let org = normalize_uuid(&org).ok_or_else(AppError::not_found)?;
    let ws = workspace_of_org(&mut *st.db.read.acquire().await?, &org).await?;
    let b = body?.into_inner();
    let scope = format!(
        "{} POST /organizations/{org}/data-system-contacts",
        principal.key_id
    );
    idempotency::create(&st.db, &idem, scope, &b, async |job, _| {
        let tx = job.write().await?;
        let id = uuid::Uuid::new_v4().to_string();
        let ms = crate::db::now().timestamp_millis();
        sqlx::query(
            "INSERT INTO data_system_contacts (id, workspace_id, name, status, email, phone_number,
             description, contact_type, data_systems, date_created, date_updated)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&id)
        .bind(ws)
        .bind(&b.name)
        .bind(b.status.as_str())
        .bind(&b.email)
        .bind(&b.phone_number)
        .bind(b.description.as_deref())
        .bind(b.contact_type.to_ascii_lowercase())
        .bind(serde_json::to_string(
            &b.data_systems.clone().unwrap_or_default(),
        )?)
        .bind(ms)
        .bind(ms)
        .execute(&mut *tx)
        .await?;
        let row: Row = sqlx::query_as(&format!("{SELECT} WHERE c.id = $1"))
            .bind(&id)
            .fetch_one(&mut *tx)
            .await?;
        Created::json(&DataSystemContact::try_from(row)?)
    })
    .await
}

async fn list(
    State(st): State<AppState>,
    principal: Principal,
    AppPath(org, ..): AppPath<String, Concord>,
) -> Result<Json<Vec<DataSystemContact>>, AppError> {
    principal.admin_of_org(&org)?;
    let org = normalize_uuid(&org).ok_or_else(AppError::not_found)?;
    let mut conn = st.db.read.acquire().await?;
    let ws = workspace_of_org(&mut conn, &org).await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE c.workspace_id = $1 ORDER BY c.date_created DESC, c.rowid DESC"
    ))
    .bind(ws)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(DataSystemContact::try_from)
            .collect::<Result<_, _>>()?,
    ))
}
