//! A workspace's widget settings, API keys, allowed origins and mail outbox
//! (reference-server extensions, `routes/settings.rs`, `routes/access.rs`,
//! issue 16's outbox): `/v1/ws/{ws}/...`.
use gloo_net::http::Method;
use pw_model::access::{AllowedOrigin, ApiKey, CreatedApiKey, NewApiKey, NewOrigin};
use pw_model::requester::OutboxMail;
use pw_model::{Paged, WidgetSettings};
use web_sys::AbortSignal;

use super::{ApiClient, ApiError, Call, Service};

fn path(c: &ApiClient, rest: &str) -> String {
    format!("/v1/ws/{}/{rest}", c.config().workspace_id)
}

fn call(c: &ApiClient, method: Method, rest: &str) -> Call<'static> {
    Call::new(Service::Dastra, method, path(c, rest))
}

/// `GET .../settings`: the saved settings or the defaults.
pub async fn settings(c: &ApiClient) -> Result<WidgetSettings, ApiError> {
    c.fetch(call(c, Method::GET, "settings")).await
}

/// `PUT .../settings`: the stored settings (normalized by the server).
pub async fn save_settings(c: &ApiClient, s: &WidgetSettings) -> Result<WidgetSettings, ApiError> {
    c.fetch(call(c, Method::PUT, "settings").json(s)?).await
}

/// `GET .../keys`: every key, newest first, never an admin secret.
pub async fn keys(c: &ApiClient) -> Result<Vec<ApiKey>, ApiError> {
    c.fetch(call(c, Method::GET, "keys")).await
}

/// `POST .../keys`: the new key with its secret, shown this once.
pub async fn create_key(c: &ApiClient, new: &NewApiKey) -> Result<CreatedApiKey, ApiError> {
    c.fetch(call(c, Method::POST, "keys").json(new)?).await
}

/// `DELETE .../keys/{id}`: revoked from the next request on.
pub async fn revoke_key(c: &ApiClient, id: i64) -> Result<(), ApiError> {
    c.fetch_empty(call(c, Method::DELETE, &format!("keys/{id}")))
        .await
}

/// `GET .../origins`.
pub async fn origins(c: &ApiClient) -> Result<Vec<AllowedOrigin>, ApiError> {
    c.fetch(call(c, Method::GET, "origins")).await
}

/// `POST .../origins`: the origin as stored (normalized).
pub async fn add_origin(c: &ApiClient, origin: &str) -> Result<AllowedOrigin, ApiError> {
    let body = NewOrigin {
        origin: origin.to_owned(),
    };
    c.fetch(call(c, Method::POST, "origins").json(&body)?).await
}

/// `DELETE .../origins/{origin}`.
pub async fn remove_origin(c: &ApiClient, origin: &str) -> Result<(), ApiError> {
    let encoded = String::from(js_sys::encode_uri_component(origin));
    c.fetch_empty(call(c, Method::DELETE, &format!("origins/{encoded}")))
        .await
}

/// `GET .../outbox?page=&size=`: the e-mails the server sent or wrote to its
/// outbox folder, newest first. `signal` aborts the load when the page goes.
pub async fn outbox(
    c: &ApiClient,
    page: u32,
    size: u32,
    signal: Option<&AbortSignal>,
) -> Result<Paged<OutboxMail>, ApiError> {
    let call = call(c, Method::GET, "outbox")
        .query(vec![("page", page.to_string()), ("size", size.to_string())])
        .signal(signal);
    c.fetch(call).await
}
