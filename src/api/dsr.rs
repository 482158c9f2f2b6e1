//! Dastra data subject requests (seed 002): `/v1/ws/{workspaceId}/DataSubjectRequests`,
//! and our extensions on one request: its audit log, deadline extension, the
//! message thread with the requester and its attachments, closing with a
//! resolution, revoking the requester's status links (issue 16).
use gloo_net::http::Method;
use pw_model::dsr::{percent_encode, AuditEntry, WorkFlowStep};
use pw_model::requester::{CloseRequest, DsrMessage, FileInfo, NewMessage};
use pw_model::{Dsr, DsrQuery, DsrReceipt, Paged, WorkflowChange};
use web_sys::AbortSignal;

use super::{ApiClient, ApiError, Call, Service};

fn path(c: &ApiClient, rest: &str) -> String {
    format!(
        "/v1/ws/{}/DataSubjectRequests{rest}",
        c.config().workspace_id
    )
}

/// `POST /v1/ws/{ws}/DataSubjectRequests`. `idempotency_key` makes a retried
/// submit return the first request instead of creating a second one. Reads
/// back only the receipt: the intake widget shows nothing else. `new` is a
/// `NewDsr` (the admin page) or a `DsrIntake` (the widget's form, whose
/// bundle then carries only that short struct's encoder).
pub async fn create(
    c: &ApiClient,
    new: &impl serde::Serialize,
    idempotency_key: &str,
) -> Result<DsrReceipt, ApiError> {
    let call = Call::new(Service::Dastra, Method::POST, path(c, ""))
        .json(new)?
        .idempotency_key(Some(idempotency_key));
    c.fetch(call).await
}

/// `GET /v1/ws/{ws}/DataSubjectRequests?...`: one page of the filtered list.
/// `signal` aborts the load when the view that asked for it goes away.
pub async fn list(
    c: &ApiClient,
    query: &DsrQuery,
    signal: Option<&AbortSignal>,
) -> Result<Paged<Dsr>, ApiError> {
    let call = Call::new(Service::Dastra, Method::GET, path(c, ""))
        .query(query.to_query_pairs())
        .signal(signal);
    c.fetch(call).await
}

/// `GET /v1/ws/{ws}/DataSubjectRequests/{id}`.
pub async fn get(c: &ApiClient, id: i64) -> Result<Dsr, ApiError> {
    c.fetch(Call::new(
        Service::Dastra,
        Method::GET,
        path(c, &format!("/{id}")),
    ))
    .await
}

/// `GET .../DataSubjectRequests/{id}/audit` (extension): the request's changes.
pub async fn audit(c: &ApiClient, id: i64) -> Result<Vec<AuditEntry>, ApiError> {
    c.fetch(Call::new(
        Service::Dastra,
        Method::GET,
        path(c, &format!("/{id}/audit")),
    ))
    .await
}

/// `POST .../DataSubjectRequests/{id}/extension` (extension): the deadline
/// moves as far as the workspace's law allows, for `reason`.
pub async fn extend(c: &ApiClient, id: i64, reason: &str) -> Result<(), ApiError> {
    let body = pw_model::dsr::DeadlineExtension {
        reason: reason.to_owned(),
    };
    c.fetch_empty(
        Call::new(
            Service::Dastra,
            Method::POST,
            path(c, &format!("/{id}/extension")),
        )
        .json(&body)?,
    )
    .await
}

/// `PUT /v1/ws/{ws}/DataSubjectRequests/{id}` with the full object, as the seed says.
pub async fn update(c: &ApiClient, dsr: &Dsr) -> Result<Dsr, ApiError> {
    let id = dsr.id.unwrap_or_default();
    c.fetch(Call::new(Service::Dastra, Method::PUT, path(c, &format!("/{id}"))).json(dsr)?)
        .await
}

/// `DELETE /v1/ws/{ws}/DataSubjectRequests/{id}`: irreversible.
pub async fn delete(c: &ApiClient, id: i64) -> Result<(), ApiError> {
    c.fetch_empty(Call::new(
        Service::Dastra,
        Method::DELETE,
        path(c, &format!("/{id}")),
    ))
    .await
}

/// `POST /v1/ws/{ws}/DataSubjectRequests/workflow` with `{id, stepId}`.
pub async fn change_step(c: &ApiClient, change: &WorkflowChange) -> Result<(), ApiError> {
    c.fetch_empty(Call::new(Service::Dastra, Method::POST, path(c, "/workflow")).json(change)?)
        .await
}

/// `POST /v1/ws/{ws}/DataSubjectRequests/archive/{id}`.
pub async fn archive(c: &ApiClient, id: i64) -> Result<(), ApiError> {
    c.fetch_empty(Call::new(
        Service::Dastra,
        Method::POST,
        path(c, &format!("/archive/{id}")),
    ))
    .await
}

/// `POST /v1/ws/{ws}/DataSubjectRequests/restore/{id}`.
pub async fn restore(c: &ApiClient, id: i64) -> Result<(), ApiError> {
    c.fetch_empty(Call::new(
        Service::Dastra,
        Method::POST,
        path(c, &format!("/restore/{id}")),
    ))
    .await
}

/// `GET /v1/ws/{ws}/WorkflowSteps`: the workspace's steps (reference-server
/// extension; the seed shows steps only inside a request).
pub async fn workflow_steps(c: &ApiClient) -> Result<Vec<WorkFlowStep>, ApiError> {
    let path = format!("/v1/ws/{}/WorkflowSteps", c.config().workspace_id);
    c.fetch(Call::new(Service::Dastra, Method::GET, path)).await
}

/// `GET .../DataSubjectRequests/{id}/messages` (extension): the thread, oldest
/// first. The server marks the requester's messages as read by the team.
pub async fn messages(c: &ApiClient, id: i64) -> Result<Vec<DsrMessage>, ApiError> {
    c.fetch(Call::new(
        Service::Dastra,
        Method::GET,
        path(c, &format!("/{id}/messages")),
    ))
    .await
}

/// `POST .../DataSubjectRequests/{id}/messages` (extension): the team's
/// message, e-mailed to the requester with a link to the status page.
pub async fn post_message(
    c: &ApiClient,
    id: i64,
    new: &NewMessage,
) -> Result<DsrMessage, ApiError> {
    c.fetch(
        Call::new(
            Service::Dastra,
            Method::POST,
            path(c, &format!("/{id}/messages")),
        )
        .json(new)?,
    )
    .await
}

/// `POST .../DataSubjectRequests/{id}/attachments` (extension): the file as
/// the raw body, its type as `Content-Type`, its name percent-encoded in
/// [`FILE_NAME_HEADER`] (header values are ASCII). Not retried: a second try
/// would store a second file.
pub async fn upload(c: &ApiClient, id: i64, file: &web_sys::File) -> Result<FileInfo, ApiError> {
    let call = Call::new(
        Service::Dastra,
        Method::POST,
        path(c, &format!("/{id}/attachments")),
    );
    c.fetch(call.file(file, &file.type_())).await
}

/// `GET .../DataSubjectRequests/{id}/attachments/{fileId}` (extension): the
/// file's bytes, fetched with the session's key (a plain link could not send
/// it), as a `Blob` the page saves under the file's name.
pub async fn attachment(c: &ApiClient, id: i64, file_id: &str) -> Result<web_sys::Blob, ApiError> {
    let call = Call::new(
        Service::Dastra,
        Method::GET,
        path(c, &format!("/{id}/attachments/{}", percent_encode(file_id))),
    );
    c.fetch_blob(call.download()).await
}

/// `POST .../DataSubjectRequests/{id}/close` (extension): closes the request
/// with a reason and the answer told to the requester (e-mailed unless
/// `sendNotification` is false). The request as the server now has it.
pub async fn close(c: &ApiClient, id: i64, body: &CloseRequest) -> Result<Dsr, ApiError> {
    c.fetch(
        Call::new(
            Service::Dastra,
            Method::POST,
            path(c, &format!("/{id}/close")),
        )
        .json(body)?,
    )
    .await
}

/// `DELETE .../DataSubjectRequests/{id}/status-links` (extension): every
/// status-page link sent to the requester stops working.
pub async fn revoke_status_links(c: &ApiClient, id: i64) -> Result<(), ApiError> {
    c.fetch_empty(Call::new(
        Service::Dastra,
        Method::DELETE,
        path(c, &format!("/{id}/status-links")),
    ))
    .await
}
