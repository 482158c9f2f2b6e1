//! URN-service organisation contacts (seed 003, `/organisations/id/{id}/contacts`):
//!
//! - `GET  /organisations/id/{id}/contacts` -> `Collection {self, totalItems, items}`.
//! - `POST /organisations/id/{id}/contacts` -> 201, `Location` = the absolute URL
//!   of the new contact, body = the Contact whose `self` equals that URL.
//!   Absolute URLs start with the configured public URL (`PW_PUBLIC_URL`,
//!   default `http://` + `PW_ADDR`), never with the request's `Host` header.
//! - Extension: `GET /organisations/id/{id}/contacts/id/{contactId}`, so the
//!   `Location` of a 201 can actually be fetched.
//!
//! `{id}` is the tenant's workspace id (`1`) or its organization uuid; URLs we
//! build use the workspace id, as in the seed's example (`/organisations/id/1`).
//!
//! Errors are `UrnError {code, message}` with the seed's numbers: 400005 missing
//! mandatory field (surname, email: the model's choice), 400007 invalid field or
//! malformed body, 401001 no or unknown key, 403001 public key or another
//! tenant's key, 404001 unknown organisation.
//!
//! Access: the seed reserves these routes to logged-in organisations (GET) and
//! system administrators (POST); here both need the tenant's admin key, which
//! also holds the "contacts with comments" privilege, so a comment never
//! triggers the seed's second 403001 case. `runas` is accepted and ignored: no
//! key has the RunAs privilege (impersonation would need user accounts this
//! server does not have).
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use pw_model::contact::{Collection, CreateContactRequest, OrganisationContact};
use pw_model::error_body::UrnErrorCode;
use sqlx::AnyConnection;

use crate::auth::{Principal, FORBIDDEN};
use crate::db::{fmt_time, now};
use crate::error::{AppError, AppPath, Urn, UrnFailure, Valid};
use crate::idempotency::{self, Created, IdempotencyKey};
use crate::routes::normalize_uuid;
use crate::AppState;

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organisations/id/{id}/contacts", get(list).post(create))
        .route("/organisations/id/{id}/contacts/id/{contact}", get(get_one))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    workspace_id: i64,
    surname: Option<String>,
    forename: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    function: Option<String>,
    comment: Option<String>,
    created: String,
    last_modified: String,
}

const SELECT: &str = "SELECT id, workspace_id, surname, forename, email, phone, function, comment,
    created, last_modified FROM org_contacts";

fn org_url(base: &str, ws: i64) -> String {
    format!("{base}/organisations/id/{ws}")
}

fn to_contact(base: &str, r: Row) -> OrganisationContact {
    OrganisationContact {
        self_url: Some(format!(
            "{}/contacts/id/{}",
            org_url(base, r.workspace_id),
            r.id
        )),
        created: Some(r.created),
        last_modified: Some(r.last_modified),
        surname: r.surname,
        forename: r.forename,
        email: r.email,
        phone: r.phone,
        function: r.function,
        organisation: Some(org_url(base, r.workspace_id)),
        comment: r.comment,
    }
}

/// Authenticates and authorises the caller for organisation `id`; returns the workspace.
async fn authorise(
    st: &AppState,
    auth: Result<Principal, AppError>,
    id: &str,
) -> Result<i64, UrnFailure> {
    let principal = auth?;
    if !principal.is_admin() {
        return Err(UrnFailure::new(UrnErrorCode::Forbidden, FORBIDDEN));
    }
    let ws = resolve(
        &mut *st.db.read.acquire().await.map_err(AppError::from)?,
        id,
    )
    .await?
    .ok_or_else(|| UrnFailure::new(UrnErrorCode::OrganisationNotFound, "Organisation not found"))?;
    if principal.workspace_id != ws {
        return Err(UrnFailure::new(UrnErrorCode::Forbidden, FORBIDDEN));
    }
    Ok(ws)
}

/// The workspace for a URN organisation id: its integer id or organization uuid.
async fn resolve(conn: &mut AnyConnection, id: &str) -> Result<Option<i64>, AppError> {
    let found = if let Ok(n) = id.parse::<i64>() {
        sqlx::query_scalar("SELECT id FROM workspaces WHERE id = $1")
            .bind(n)
            .fetch_optional(conn)
            .await?
    } else if let Some(uuid) = normalize_uuid(id) {
        sqlx::query_scalar("SELECT id FROM workspaces WHERE organization_id = $1")
            .bind(uuid)
            .fetch_optional(conn)
            .await?
    } else {
        None
    };
    Ok(found)
}

async fn list(
    State(st): State<AppState>,
    auth: Result<Principal, AppError>,
    AppPath(id, ..): AppPath<String, Urn>,
) -> Result<Json<Collection<OrganisationContact>>, UrnFailure> {
    let ws = authorise(&st, auth, &id).await?;
    let base = st.public_url.to_string();
    let rows: Vec<Row> = sqlx::query_as(&format!("{SELECT} WHERE workspace_id = $1 ORDER BY id"))
        .bind(ws)
        .fetch_all(&st.db.read)
        .await
        .map_err(AppError::from)?;
    Ok(Json(Collection {
        self_url: format!("{}/contacts", org_url(&base, ws)),
        total_items: rows.len() as u64,
        items: rows.into_iter().map(|r| to_contact(&base, r)).collect(),
    }))
}

async fn get_one(
    State(st): State<AppState>,
    auth: Result<Principal, AppError>,
    AppPath((id, contact), ..): AppPath<(String, i64), Urn>,
) -> Result<Json<OrganisationContact>, UrnFailure> {
    let ws = authorise(&st, auth, &id).await?;
    let row: Row = sqlx::query_as(&format!("{SELECT} WHERE workspace_id = $1 AND id = $2"))
        .bind(ws)
        .bind(contact)
        .fetch_optional(&st.db.read)
        .await
        .map_err(AppError::from)?
        // The seed has no code for "unknown contact"; 404001 keeps the same family.
        .ok_or_else(|| UrnFailure::new(UrnErrorCode::OrganisationNotFound, "Contact not found"))?;
    Ok(Json(to_contact(&st.public_url, row)))
}

async fn create(
    State(st): State<AppState>,
    auth: Result<Principal, AppError>,
    AppPath(id, ..): AppPath<String, Urn>,
    idem: Result<IdempotencyKey, AppError>,
    body: Result<Valid<CreateContactRequest, Urn>, UrnFailure>,
) -> Result<Response, UrnFailure> {
    let key_id = auth.as_ref().map(|p| p.key_id).unwrap_or(0);
    let ws = authorise(&st, auth, &id).await?;
    let b = body?.into_inner();
    let idem = idem?;
    let base = st.public_url.to_string();
    let scope = format!("{key_id} POST /organisations/id/{ws}/contacts");
    Ok(
        idempotency::create(&st.db, &idem, scope, &b, async |job, _| {
            let tx = job.write().await?;
            let contact = to_contact(&base, insert(tx, ws, &b).await?);
            let location = contact.self_url.clone();
            Ok(Created::json(&contact)?.at(location))
        })
        .await?,
    )
}

/// Inserts a contact of workspace `ws`; returns the stored row.
async fn insert(
    conn: &mut AnyConnection,
    ws: i64,
    b: &CreateContactRequest,
) -> Result<Row, AppError> {
    let ts = fmt_time(now());
    let row = sqlx::query_as(
        "INSERT INTO org_contacts (workspace_id, surname, forename, email, phone, function, comment,
             created, last_modified)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id, workspace_id, surname, forename, email, phone, function, comment,
             created, last_modified",
    )
    .bind(ws)
    .bind(b.surname.as_deref())
    .bind(b.forename.as_deref())
    .bind(b.email.as_deref())
    .bind(b.phone.as_deref())
    .bind(b.function.as_deref())
    .bind(b.comment.as_deref())
    .bind(&ts)
    .bind(&ts)
    .fetch_one(conn)
    .await?;
    Ok(row)
}
