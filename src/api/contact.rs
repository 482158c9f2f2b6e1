//! Contacts: Concord data system contacts (seed 000) and URN-service
//! organisation contacts (seed 003).
use gloo_net::http::Method;
use pw_model::{
    Collection, CreateContactRequest, DataSystemContact, NewDataSystemContact, OrganisationContact,
};

use super::{ApiClient, ApiError, Call, Service};

fn dsc_path(c: &ApiClient) -> String {
    format!(
        "/organizations/{}/data-system-contacts",
        c.config().organization_id
    )
}

fn org_contacts_path(c: &ApiClient) -> String {
    format!("/organisations/id/{}/contacts", c.config().organization_id)
}

/// `POST /organizations/{organizationId}/data-system-contacts`.
pub async fn create_data_system_contact(
    c: &ApiClient,
    new: &NewDataSystemContact,
    idempotency_key: &str,
) -> Result<DataSystemContact, ApiError> {
    let call = Call::new(Service::Concord, Method::POST, dsc_path(c))
        .json(new)?
        .idempotency_key(Some(idempotency_key));
    c.fetch(call).await
}

/// `GET /organizations/{organizationId}/data-system-contacts` (reference-server extension).
pub async fn list_data_system_contacts(c: &ApiClient) -> Result<Vec<DataSystemContact>, ApiError> {
    c.fetch(Call::new(Service::Concord, Method::GET, dsc_path(c)))
        .await
}

/// `GET /organisations/id/{id}/contacts`.
pub async fn list_organisation_contacts(
    c: &ApiClient,
) -> Result<Collection<OrganisationContact>, ApiError> {
    c.fetch(Call::new(Service::Urn, Method::GET, org_contacts_path(c)))
        .await
}

/// `POST /organisations/id/{id}/contacts`.
pub async fn create_organisation_contact(
    c: &ApiClient,
    new: &CreateContactRequest,
    idempotency_key: &str,
) -> Result<OrganisationContact, ApiError> {
    let call = Call::new(Service::Urn, Method::POST, org_contacts_path(c))
        .json(new)?
        .idempotency_key(Some(idempotency_key));
    c.fetch(call).await
}
