//! Concord consent types (seed 001):
//! `/organizations/{organizationId}/projects/{projectId}/consent-types`.
use gloo_net::http::Method;
use pw_model::{ConsentType, NewConsentType};

use super::{ApiClient, ApiError, Call, Service};

fn path(c: &ApiClient, rest: &str) -> String {
    let cfg = c.config();
    format!(
        "/organizations/{}/projects/{}/consent-types{rest}",
        cfg.organization_id, cfg.project_id
    )
}

/// `GET .../consent-types`: with a public key, only the active ones.
pub async fn list(c: &ApiClient) -> Result<Vec<ConsentType>, ApiError> {
    c.fetch(Call::new(Service::Concord, Method::GET, path(c, "")))
        .await
}

/// `POST .../consent-types`.
pub async fn create(
    c: &ApiClient,
    new: &NewConsentType,
    idempotency_key: &str,
) -> Result<ConsentType, ApiError> {
    let call = Call::new(Service::Concord, Method::POST, path(c, ""))
        .json(new)?
        .idempotency_key(Some(idempotency_key));
    c.fetch(call).await
}

/// `PUT .../consent-types/{id}`: a changed document bumps `version`.
pub async fn update(
    c: &ApiClient,
    id: &str,
    changes: &NewConsentType,
) -> Result<ConsentType, ApiError> {
    c.fetch(Call::new(Service::Concord, Method::PUT, path(c, &format!("/{id}"))).json(changes)?)
        .await
}
