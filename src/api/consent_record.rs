//! A visitor's consent decisions (reference-server extension in Concord's style):
//! `/organizations/{organizationId}/projects/{projectId}/consent-records`.
use gloo_net::http::Method;
use pw_model::consent_record::{ConsentRecord, NewConsentRecord};

use super::{ApiClient, ApiError, Call, Service};

/// `POST .../consent-records`: stores one record per decision.
pub async fn create(
    c: &ApiClient,
    new: &NewConsentRecord,
    idempotency_key: &str,
) -> Result<Vec<ConsentRecord>, ApiError> {
    let cfg = c.config();
    let path = format!(
        "/organizations/{}/projects/{}/consent-records",
        cfg.organization_id, cfg.project_id
    );
    let call = Call::new(Service::Concord, Method::POST, path)
        .json(new)?
        .idempotency_key(Some(idempotency_key));
    c.fetch(call).await
}

/// `GET .../consent-records?subjectId=`: one visitor's history (admin key).
pub async fn list(c: &ApiClient, subject_id: &str) -> Result<Vec<ConsentRecord>, ApiError> {
    let cfg = c.config();
    let path = format!(
        "/organizations/{}/projects/{}/consent-records",
        cfg.organization_id, cfg.project_id
    );
    c.fetch(
        Call::new(Service::Concord, Method::GET, path)
            .query(vec![("subjectId", subject_id.to_string())]),
    )
    .await
}
