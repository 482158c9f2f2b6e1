//! DSR tags (reference-server extension; seed 002 shows tags only inside a
//! request): `/v1/ws/{workspaceId}/Tags`. A request carries them by id through
//! its own create and PUT ([`super::dsr`]); the list filters by their ids.
use gloo_net::http::Method;
use pw_model::dsr::Tag;

use super::{ApiClient, ApiError, Call, Service};

fn path(c: &ApiClient, rest: &str) -> String {
    format!("/v1/ws/{}/Tags{rest}", c.config().workspace_id)
}

/// `GET /v1/ws/{ws}/Tags`: every tag of the workspace, by label.
pub async fn list(c: &ApiClient) -> Result<Vec<Tag>, ApiError> {
    c.fetch(Call::new(Service::Dastra, Method::GET, path(c, "")))
        .await
}

/// `POST /v1/ws/{ws}/Tags` with `{label, type?, color?}`: the created tag (409
/// when the workspace already has the label).
pub async fn create(c: &ApiClient, new: &Tag, idempotency_key: &str) -> Result<Tag, ApiError> {
    let call = Call::new(Service::Dastra, Method::POST, path(c, ""))
        .json(new)?
        .idempotency_key(Some(idempotency_key));
    c.fetch(call).await
}

/// `DELETE /v1/ws/{ws}/Tags/{id}`: the tag leaves every request that carried it.
pub async fn delete(c: &ApiClient, id: i64) -> Result<(), ApiError> {
    c.fetch_empty(Call::new(
        Service::Dastra,
        Method::DELETE,
        path(c, &format!("/{id}")),
    ))
    .await
}
