//! All HTTP lives here: the only module that uses gloo-net.
//!
//! One [`ApiClient`] (carried in Leptos context) knows each service's base URL
//! and credentials; one `pub async fn` per endpoint in the sub-modules takes it
//! and model types. Failures come back as [`ApiError`], which keeps the
//! server's seed error body (`{statusCode,error,message}`) or URN-service
//! numbered code, and tells network failures and time-outs apart.
//!
//! Retries: only calls that cannot create a second row are retried (GET, PUT,
//! DELETE, and POSTs carrying an `Idempotency-Key`), with a short backoff, and
//! only on failures that may pass (network, time-out, 429, 502/503/504).

pub mod consent_record;
pub mod consent_type;
pub mod contact;
pub mod dsr;
#[cfg(any(feature = "admin", feature = "widget"))]
pub mod requester;
pub mod tag;
pub mod workspace;

use std::fmt;
use std::sync::Arc;

use gloo_net::http::{Method, RequestBuilder, Response};
use pw_model::{ErrorBody, UrnError, UrnErrorCode, IDEMPOTENCY_KEY_HEADER};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

/// Which seed API a call belongs to: each has its own base URL, credentials
/// and error body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// Dastra data subject requests (seed 002).
    Dastra,
    /// Concord consent types, consent records, data system contacts (seeds 000, 001).
    Concord,
    /// URN-service organisation contacts (seed 003).
    Urn,
}

/// A header that authenticates calls to one service.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credential {
    /// Header name, e.g. `x-api-key` (Concord) or `Authorization`.
    pub header: String,
    /// Header value, e.g. the key or `Bearer <key>`.
    pub value: String,
}

impl Credential {
    /// `x-api-key: <key>`, what the reference server and Concord accept.
    pub fn api_key(key: impl Into<String>) -> Self {
        Self {
            header: "x-api-key".into(),
            value: key.into(),
        }
    }
}

/// Where the services live and how to authenticate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiConfig {
    /// Dastra base URL; paths start with `/v1/ws/...`.
    pub dastra_base: String,
    /// Concord base URL; paths start with `/organizations/...`.
    pub concord_base: String,
    /// URN-service base URL; paths start with `/organisations/...`.
    pub urn_base: String,
    /// Dastra workspace id.
    pub workspace_id: String,
    /// Concord / URN-service organisation id.
    pub organization_id: String,
    /// Concord project id.
    pub project_id: String,
    /// Credentials per service (`None`: send none).
    pub dastra_auth: Option<Credential>,
    /// Concord credentials.
    pub concord_auth: Option<Credential>,
    /// URN-service credentials.
    pub urn_auth: Option<Credential>,
    /// Per-attempt time-out.
    pub timeout_ms: u32,
}

impl ApiConfig {
    /// One server for all three APIs (the reference server) and one key for all.
    pub fn single(
        base: &str,
        workspace: &str,
        organization: &str,
        project: &str,
        key: &str,
    ) -> Self {
        let base = base.trim_end_matches('/').to_string();
        let auth = (!key.is_empty()).then(|| Credential::api_key(key));
        Self {
            dastra_base: base.clone(),
            concord_base: base.clone(),
            urn_base: base,
            workspace_id: workspace.into(),
            organization_id: organization.into(),
            project_id: project.into(),
            dastra_auth: auth.clone(),
            concord_auth: auth.clone(),
            urn_auth: auth,
            timeout_ms: 15_000,
        }
    }
}

/// Cheap to clone, `Send + Sync`: lives in Leptos context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiClient(Arc<ApiConfig>);

impl ApiClient {
    /// A client for `config`.
    pub fn new(config: ApiConfig) -> Self {
        Self(Arc::new(config))
    }

    /// The configuration this client uses.
    pub fn config(&self) -> &ApiConfig {
        &self.0
    }

    fn base(&self, service: Service) -> &str {
        match service {
            Service::Dastra => &self.0.dastra_base,
            Service::Concord => &self.0.concord_base,
            Service::Urn => &self.0.urn_base,
        }
    }

    fn auth(&self, service: Service) -> Option<&Credential> {
        match service {
            Service::Dastra => self.0.dastra_auth.as_ref(),
            Service::Concord => self.0.concord_auth.as_ref(),
            Service::Urn => self.0.urn_auth.as_ref(),
        }
    }
}

/// Why a call failed. Holds no `JsValue`, so it is `Send + Sync` and can sit
/// in signals and resources.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The server answered with a non-2xx status and (when it sent one) the
    /// seed error body.
    Status {
        /// HTTP status.
        status: u16,
        /// `{statusCode,error,message}` as sent; `None` if the body was not one.
        body: Option<ErrorBody>,
    },
    /// A URN-service error with its numbered code (seed 003).
    Urn {
        /// HTTP status.
        status: u16,
        /// `{code,message}` as sent.
        error: UrnError,
    },
    /// The request never got an answer (offline, DNS, CORS refusal, reset).
    Network(String),
    /// No answer within the configured time-out.
    Timeout,
    /// A 2xx answer whose body is not what the contract says.
    Decode(String),
    /// The request body could not be serialised (a bug, not user input).
    Encode(String),
}

impl ApiError {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status { status, .. } | ApiError::Urn { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Worth another try later (nothing was wrong with the input).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network(_) | ApiError::Timeout => true,
            ApiError::Status { status, .. } | ApiError::Urn { status, .. } => {
                *status == 429 || *status >= 500
            }
            ApiError::Decode(_) | ApiError::Encode(_) => false,
        }
    }

    /// The URN-service numbered code, if this is one.
    pub fn urn_code(&self) -> Option<UrnErrorCode> {
        match self {
            ApiError::Urn { error, .. } => Some(error.error_code()),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Status {
                status,
                body: Some(b),
            } => write!(f, "{status} {}: {}", b.error, b.message),
            ApiError::Status { status, body: None } => write!(f, "HTTP {status}"),
            ApiError::Urn { error, .. } => write!(f, "{}: {}", error.code, error.message),
            ApiError::Network(m) => write!(f, "network error: {m}"),
            ApiError::Timeout => f.write_str("the server did not answer in time"),
            ApiError::Decode(m) => write!(f, "unexpected answer: {m}"),
            ApiError::Encode(m) => write!(f, "could not encode request: {m}"),
        }
    }
}

impl std::error::Error for ApiError {}

/// What a call sends.
enum CallBody {
    /// A JSON document.
    Json(String),
    /// A file's bytes as they are (attachments), with its type and name.
    File {
        file: web_sys::File,
        content_type: String,
    },
}

/// Time-out of an upload or a download: 5 MiB over a slow mobile link.
const FILE_TIMEOUT_MS: u32 = 120_000;

/// One call, described as data so it can be sent again on retry.
struct Call<'a> {
    service: Service,
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    body: Option<CallBody>,
    idempotency_key: Option<&'a str>,
    signal: Option<&'a AbortSignal>,
    /// Instead of the client's time-out (files take longer).
    timeout_ms: Option<u32>,
}

impl<'a> Call<'a> {
    fn new(service: Service, method: Method, path: String) -> Self {
        Self {
            service,
            method,
            path,
            query: Vec::new(),
            body: None,
            idempotency_key: None,
            signal: None,
            timeout_ms: None,
        }
    }

    fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, ApiError> {
        let text = crate::json::to_string(body).map_err(ApiError::Encode)?;
        self.body = Some(CallBody::Json(text));
        Ok(self)
    }

    /// Sends `file` as the body (an attachment upload: `content_type`, and the
    /// name percent-encoded in [`FILE_NAME_HEADER`]), with a file's time-out.
    fn file(mut self, file: &web_sys::File, content_type: &str) -> Self {
        self.body = Some(CallBody::File {
            file: file.clone(),
            content_type: content_type.to_owned(),
        });
        self.timeout_ms = Some(FILE_TIMEOUT_MS);
        self
    }

    /// A download: a file's time-out.
    fn download(mut self) -> Self {
        self.timeout_ms = Some(FILE_TIMEOUT_MS);
        self
    }

    fn query(mut self, pairs: Vec<(&'static str, String)>) -> Self {
        self.query = pairs;
        self
    }

    fn idempotency_key(mut self, key: Option<&'a str>) -> Self {
        self.idempotency_key = key;
        self
    }

    fn signal(mut self, signal: Option<&'a AbortSignal>) -> Self {
        self.signal = signal;
        self
    }

    /// Creating calls without an idempotency key could be applied twice.
    fn retryable(&self) -> bool {
        matches!(self.method, Method::GET | Method::PUT | Method::DELETE)
            || self.idempotency_key.is_some()
    }
}

/// Delays before the 2nd and 3rd attempt of a retryable call.
const BACKOFF_MS: [u32; 2] = [300, 1200];

impl ApiClient {
    fn url(&self, call: &Call) -> String {
        let mut url = format!(
            "{}{}",
            self.base(call.service).trim_end_matches('/'),
            call.path
        );
        if !call.query.is_empty() {
            url.push('?');
            url.push_str(&pw_model::dsr::encode_query(&call.query));
        }
        url
    }

    async fn attempt(&self, call: &Call<'_>) -> Result<Response, ApiError> {
        let mut req = RequestBuilder::new(&self.url(call))
            .method(call.method.clone())
            .header("accept", "application/json");
        if let Some(c) = self.auth(call.service) {
            req = req.header(&c.header, &c.value);
        }
        if let Some(key) = call.idempotency_key {
            req = req.header(IDEMPOTENCY_KEY_HEADER, key);
        }
        let timeout = AbortSignal::timeout_with_u32(call.timeout_ms.unwrap_or(self.0.timeout_ms));
        let signal = match call.signal {
            Some(s) => AbortSignal::any(&js_sys::Array::of2(s, &timeout)),
            None => timeout,
        };
        req = req.abort_signal(Some(&signal));
        let request = match &call.body {
            Some(CallBody::Json(body)) => req
                .header("content-type", "application/json")
                .body(body.as_str()),
            Some(CallBody::File { file, content_type }) => {
                let name: String = js_sys::encode_uri_component(&file.name()).into();
                req.header("content-type", content_type)
                    .header(pw_model::requester::FILE_NAME_HEADER, &name)
                    .body(JsValue::from(file.clone()))
            }
            None => req.build(),
        }
        .map_err(|e| ApiError::Encode(e.to_string()))?;
        let response = request.send().await.map_err(|e| match e {
            gloo_net::Error::JsError(j) if j.name == "TimeoutError" => ApiError::Timeout,
            e => ApiError::Network(e.to_string()),
        })?;
        if response.ok() {
            Ok(response)
        } else {
            Err(error_from(call.service, response).await)
        }
    }

    /// Sends `call`, retrying transient failures when that cannot duplicate anything.
    async fn send(&self, call: Call<'_>) -> Result<Response, ApiError> {
        let mut delays = BACKOFF_MS.iter();
        loop {
            match self.attempt(&call).await {
                Err(e) if call.retryable() && e.is_transient() && !aborted(call.signal) => {
                    match delays.next() {
                        Some(ms) => sleep(*ms).await,
                        None => return Err(e),
                    }
                }
                result => return result,
            }
        }
    }

    /// Sends `call` and decodes a JSON 2xx body as `T`.
    async fn fetch<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<T, ApiError> {
        decode(self.send(call).await?).await
    }

    /// Sends `call` and reads the 2xx body as a `Blob` (a download).
    async fn fetch_blob(&self, call: Call<'_>) -> Result<web_sys::Blob, ApiError> {
        let response: web_sys::Response = self.send(call).await?.into();
        let promise = response
            .blob()
            .map_err(|_| ApiError::Decode("not a file".into()))?;
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map(|b| b.unchecked_into())
            .map_err(|_| ApiError::Network("the download was interrupted".into()))
    }

    /// Sends `call` and ignores the 2xx body (204, `{}`).
    async fn fetch_empty(&self, call: Call<'_>) -> Result<(), ApiError> {
        self.send(call).await.map(|_| ())
    }
}

fn aborted(signal: Option<&AbortSignal>) -> bool {
    signal.is_some_and(|s| s.aborted())
}

/// Reads a non-2xx answer into an [`ApiError`], keeping the seed body.
async fn error_from(service: Service, response: Response) -> ApiError {
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if service == Service::Urn {
        if let Ok(error) = crate::json::from_str::<UrnError>(&text) {
            return ApiError::Urn { status, error };
        }
    }
    ApiError::Status {
        status,
        body: crate::json::from_str::<ErrorBody>(&text).ok(),
    }
}

/// Reads a 2xx body as JSON of `T`.
async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    crate::json::from_str(&text).map_err(ApiError::Decode)
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let global: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
        // WorkerGlobalScope and Window share setTimeout; the binding is the same.
        let _ = global.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A fresh idempotency key (a v4 UUID from the browser's CSPRNG).
pub fn new_idempotency_key() -> String {
    let crypto: web_sys::Crypto =
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
            .expect("crypto is available in every browser")
            .unchecked_into();
    crypto.random_uuid()
}
