//! The team's side of a request's thread, closing with a resolution, the
//! requester's links, and the outbox (our extensions, issue 16). Admin key only.
//!
//! - `GET  /v1/ws/{ws}/DataSubjectRequests/{id}/messages`: the thread, oldest
//!   first; opening it marks the requester's messages viewed
//!   (`nbMessagesNotViewed` falls to 0).
//! - `POST /v1/ws/{ws}/DataSubjectRequests/{id}/messages` `{body, attachmentIds}`:
//!   201; the requester is e-mailed a status link (confirmed addresses only).
//!   409 on a closed request.
//! - `POST /v1/ws/{ws}/DataSubjectRequests/{id}/attachments` (raw body) and
//!   `GET .../attachments/{file}`: see `thread.rs`.
//! - `POST /v1/ws/{ws}/DataSubjectRequests/{id}/close` `{closedReason,
//!   resolutionMessage, closedReasonDescription?, sendNotification?}`: moves the
//!   request to the first final step mapped to Closed, stores the reason and
//!   the answer, and e-mails the requester unless `sendNotification` is false
//!   (in the body, or stored on the request); `userNotified` and
//!   `dateUserNotified` record it. 409 when closed already.
//! - `DELETE /v1/ws/{ws}/DataSubjectRequests/{id}/status-links`: 204, every
//!   status link of the request stops working.
//! - `GET /v1/ws/{ws}/outbox?page&size`: the e-mails of the workspace, newest first.
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use pw_model::dsr::{DsrState, Paged};
use pw_model::requester::{
    CloseRequest, DsrMessage, FileInfo, MessageAuthor, NewMessage, OutboxMail,
};
use pw_model::validate::Validate;
use serde_json::Value;

use crate::auth::Principal;
use crate::db::{fmt_time, now};
use crate::error::{invalid, AppError, AppJson, AppPath, Dastra};
use crate::mail_text::Notice;
use crate::routes::dsr::{before_write, commit_updated, move_to_step, StepTarget};
use crate::routes::requester::open_or_409;
use crate::{thread, tokens, AppState};

/// Largest outbox page.
const MAX_OUTBOX_PAGE: u32 = 100;

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/ws/{ws}/DataSubjectRequests/{id}/messages",
            get(list).post(write),
        )
        .route(
            "/v1/ws/{ws}/DataSubjectRequests/{id}/attachments",
            post(upload),
        )
        .route(
            "/v1/ws/{ws}/DataSubjectRequests/{id}/attachments/{file}",
            get(download),
        )
        .route("/v1/ws/{ws}/DataSubjectRequests/{id}/close", post(close))
        .route(
            "/v1/ws/{ws}/DataSubjectRequests/{id}/status-links",
            delete(revoke),
        )
        .route("/v1/ws/{ws}/outbox", get(outbox))
}

async fn list(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
) -> Result<Json<Vec<DsrMessage>>, AppError> {
    principal.admin_of_workspace(ws)?;
    thread::in_workspace(&mut *st.db.read.acquire().await?, ws, id).await?;
    let mut conn = st.db.write.acquire().await?;
    sqlx::query(&format!(
        "UPDATE dsr_messages AS m SET date_viewed = $1 WHERE m.dsr_id = $2 AND {}",
        thread::NOT_VIEWED
    ))
    .bind(fmt_time(now()))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(Json(thread::messages(&mut conn, id).await?))
}

async fn write(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
    body: Result<AppJson<NewMessage, Dastra>, AppError>,
) -> Result<(StatusCode, Json<DsrMessage>), AppError> {
    principal.admin_of_workspace(ws)?;
    let m = body?.into_inner();
    let errors = m.validate();
    if !errors.is_empty() {
        return Err(invalid::<Dastra>(errors));
    }
    thread::in_workspace(&mut *st.db.read.acquire().await?, ws, id).await?;
    let mut tx = st.db.begin_write().await?;
    open_or_409(&mut tx, id).await?;
    let message = thread::add_message(&mut tx, id, &MessageAuthor::Team, &m).await?;
    crate::routes::audit::note(&mut tx, id, principal.key_id, "message", "team").await?;
    st.db.commit(tx).await?;
    thread::notify_requester(&st, id, |link| Notice::TeamMessage { link }).await?;
    Ok((StatusCode::CREATED, Json(message)))
}

async fn upload(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<(StatusCode, Json<FileInfo>), AppError> {
    principal.admin_of_workspace(ws)?;
    thread::in_workspace(&mut *st.db.read.acquire().await?, ws, id).await?;
    open_or_409(&mut *st.db.read.acquire().await?, id).await?;
    let info = thread::store_file(&st, id, &MessageAuthor::Team, &headers, bytes).await?;
    Ok((StatusCode::CREATED, Json(info)))
}

async fn download(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id, file), ..): AppPath<(i64, i64, String), Dastra>,
) -> Result<Response, AppError> {
    principal.admin_of_workspace(ws)?;
    thread::in_workspace(&mut *st.db.read.acquire().await?, ws, id).await?;
    thread::download(&st, id, &file).await
}

async fn close(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
    body: Result<AppJson<CloseRequest, Dastra>, AppError>,
) -> Result<Json<Value>, AppError> {
    principal.admin_of_workspace(ws)?;
    let c = body?.into_inner();
    let errors = c.validate();
    if !errors.is_empty() {
        return Err(invalid::<Dastra>(errors));
    }
    let mut tx = st.db.begin_write().await?;
    let before = before_write(&mut tx, ws, id).await?;
    if before["state"] == DsrState::Closed.as_str() {
        return Err(AppError::Conflict("the request is closed already".into()));
    }
    let step: StepTarget = sqlx::query_as(
        "SELECT id, mapped_state, final_step FROM workflow_steps
         WHERE workspace_id = $1 AND final_step = 1 AND mapped_state = 'Closed'
         ORDER BY ord, id LIMIT 1",
    )
    .bind(ws)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::Conflict("the workflow has no final step mapped to Closed".into()))?;
    let body: String = sqlx::query_scalar("SELECT body FROM dsr WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let mut stored: Value = serde_json::from_str(&body)?;
    // The stored body, not the seed object: there an unset flag reads `false`.
    let notify = c
        .send_notification
        .or_else(|| stored["sendNotification"].as_bool())
        .unwrap_or(true);
    if let Some(o) = stored.as_object_mut() {
        o.insert("closedReason".into(), c.closed_reason.as_str().into());
        o.insert(
            "resolutionMessage".into(),
            c.resolution_message.trim().into(),
        );
        if let Some(d) = &c.closed_reason_description {
            o.insert("closedReasonDescription".into(), d.as_str().into());
        }
        o.insert("sendNotification".into(), notify.into());
    }
    sqlx::query("UPDATE dsr SET body = $1 WHERE id = $2")
        .bind(serde_json::to_string(&stored)?)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    move_to_step(&mut tx, ws, id, &step).await?;
    st.db.commit(tx).await?;

    let notified = notify
        && thread::notify_requester(&st, id, |link| Notice::Closed {
            reason: c.closed_reason.clone(),
            resolution: c.resolution_message.trim().to_owned(),
            link,
        })
        .await?;
    let mut tx = st.db.begin_write().await?;
    if notified {
        let ts = fmt_time(now());
        sqlx::query("UPDATE dsr SET user_notified = 1, date_user_notified = $1 WHERE id = $2")
            .bind(&ts)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    // One audit entry set for the whole close: before is the open request.
    commit_updated(&st.db, tx, ws, id, &before, principal.key_id).await
}

async fn revoke(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
) -> Result<StatusCode, AppError> {
    principal.admin_of_workspace(ws)?;
    thread::in_workspace(&mut *st.db.read.acquire().await?, ws, id).await?;
    let mut tx = st.db.begin_write().await?;
    let n = tokens::revoke_status(&mut tx, id).await?;
    crate::routes::audit::note(
        &mut tx,
        id,
        principal.key_id,
        "statusLinksRevoked",
        &n.to_string(),
    )
    .await?;
    st.db.commit(tx).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn outbox(
    State(st): State<AppState>,
    principal: Principal,
    AppPath(ws, ..): AppPath<i64, Dastra>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Paged<OutboxMail>>, AppError> {
    principal.admin_of_workspace(ws)?;
    let (mut page, mut size) = (1u32, 20u32);
    for (k, v) in pw_model::dsr::decode_query(raw.as_deref().unwrap_or_default()) {
        let n = v.parse::<u32>().ok();
        match (k.as_str(), n) {
            ("page", Some(n)) if n >= 1 => page = n,
            ("size", Some(n)) if (1..=MAX_OUTBOX_PAGE).contains(&n) => size = n,
            ("page" | "size", _) => {
                return Err(AppError::BadRequest(format!(
                    "page must be at least 1 and size between 1 and {MAX_OUTBOX_PAGE}"
                )))
            }
            _ => {}
        }
    }
    let mut conn = st.db.read.acquire().await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_log WHERE workspace_id = $1")
        .bind(ws)
        .fetch_one(&mut *conn)
        .await?;
    type Row = (
        i64,
        Option<i64>,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, dsr_id, kind, recipient, subject, text_body, date_creation, status, error
         FROM mail_log WHERE workspace_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3",
    )
    .bind(ws)
    .bind(i64::from(size))
    .bind(i64::from(page - 1) * i64::from(size))
    .fetch_all(&mut *conn)
    .await?;
    Ok(Json(Paged {
        items: rows
            .into_iter()
            .map(
                |(
                    id,
                    dsr_id,
                    kind,
                    recipient,
                    subject,
                    text_body,
                    date_creation,
                    status,
                    error,
                )| {
                    OutboxMail {
                        id,
                        dsr_id,
                        kind,
                        recipient,
                        subject,
                        text_body,
                        date_creation,
                        status,
                        error,
                    }
                },
            )
            .collect(),
        total: u64::try_from(total).unwrap_or(0),
        size,
        page,
    }))
}
