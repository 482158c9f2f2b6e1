//! One error type for every route, and the extractors that produce it.
//!
//! Bodies are the seeds' own:
//! - Concord (seeds 000/001) and our Dastra routes (seed 002 documents no error
//!   body, so we reuse Concord's): `{"statusCode", "error", "message"}`
//!   ([`pw_model::error_body::ErrorBody`]).
//! - URN-service (seed 003): `{"code": 400005, "message"}` ([`UrnFailure`]).
//!
//! Validation status differs per API and is picked by a [`Flavor`]: Concord
//! answers an invalid body with 422 (the seeds list it), Dastra with 400, URN
//! with 400005 (missing field) / 400007 (invalid field).
//!
//! Malformed JSON, a wrong content type, an oversize body or a bad path id is
//! always a 4xx with a seed body, never a 5xx or a panic. 5xx bodies carry no
//! internals: the cause is logged here, the client reads "Internal Server Error".
use std::marker::PhantomData;

use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use pw_model::error_body::{ErrorBody, UrnError, UrnErrorCode};
use pw_model::validate::{FieldError, Validate};
use serde::de::DeserializeOwned;

/// Every failure a handler can report.
#[derive(Debug)]
pub enum AppError {
    /// 400: the request is wrong in a way that is not a field rule (bad query, bad id).
    BadRequest(String),
    /// 401: no key, or an unknown key.
    Unauthorized(String),
    /// 403: a valid key without the right to this tenant or operation.
    Forbidden(String),
    /// 404: no such resource (or tenant).
    NotFound(String),
    /// 405: the path exists, the method does not.
    MethodNotAllowed,
    /// 408: the request body did not arrive in time (`PW_BODY_TIMEOUT`); the
    /// connection is closed after the answer.
    RequestTimeout,
    /// 409: the request conflicts with the stored state.
    Conflict(String),
    /// 410: a link or code that existed but has expired.
    Gone(String),
    /// 413: body larger than the limit.
    PayloadTooLarge(String),
    /// 415: a body that is not `application/json`.
    UnsupportedMediaType(String),
    /// 422: understood but refused (unique label, unknown consent type).
    Unprocessable(String),
    /// Model validation failed; `status` comes from the route's [`Flavor`].
    Invalid {
        /// 400 (Dastra, URN) or 422 (Concord).
        status: StatusCode,
        /// The model's field-keyed errors.
        errors: Vec<FieldError>,
    },
    /// JSON that parses but does not fit the type (wrong type, bad enum shape).
    InvalidBody {
        /// 400 (Dastra, URN) or 422 (Concord).
        status: StatusCode,
        /// serde's message (names the position and the expected type, no internals).
        message: String,
    },
    /// 429 from the rate limiter.
    TooManyRequests {
        /// Seconds until a token is available (`Retry-After`).
        retry_after: u64,
    },
    /// 500: logged when created; the body says only "Internal Server Error".
    Internal,
}

impl AppError {
    /// A 404 with the seeds' message.
    pub fn not_found() -> Self {
        AppError::NotFound("Not Found".into())
    }

    /// Logs `cause` and returns the opaque 500.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        AppError::Internal
    }

    /// HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Gone(_) => StatusCode::GONE,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Invalid { status, .. } | AppError::InvalidBody { status, .. } => *status,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The human-readable message that goes into either body shape.
    pub fn message(&self) -> String {
        match self {
            AppError::BadRequest(m)
            | AppError::Unauthorized(m)
            | AppError::Forbidden(m)
            | AppError::NotFound(m)
            | AppError::Conflict(m)
            | AppError::Gone(m)
            | AppError::PayloadTooLarge(m)
            | AppError::UnsupportedMediaType(m)
            | AppError::Unprocessable(m)
            | AppError::InvalidBody { message: m, .. } => m.clone(),
            AppError::Invalid { errors, .. } => ErrorBody::unprocessable(errors).message,
            AppError::MethodNotAllowed => "Method Not Allowed".into(),
            AppError::RequestTimeout => "Request body not received in time".into(),
            AppError::TooManyRequests { retry_after } => {
                format!("Too many requests, retry in {retry_after} s")
            }
            AppError::Internal => "Internal Server Error".into(),
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::TooManyRequests { retry_after } => Some(*retry_after),
            _ => None,
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status().as_u16(), self.message())
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::internal(e)
    }
}

impl From<serde_json::Error> for AppError {
    /// Only used on data we produced ourselves, so a failure is ours: 500.
    fn from(e: serde_json::Error) -> Self {
        AppError::internal(e)
    }
}

fn with_retry_after(mut resp: Response, retry_after: Option<u64>) -> Response {
    if let Some(secs) = retry_after {
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    resp
}

/// A 408 closes the connection: what is left of the body would otherwise be
/// read as the next request.
fn with_close(mut resp: Response, status: StatusCode) -> Response {
    if status == StatusCode::REQUEST_TIMEOUT {
        resp.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    resp
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = ErrorBody::new(status.as_u16(), self.message());
        let resp = with_retry_after((status, Json(body)).into_response(), self.retry_after());
        with_close(resp, status)
    }
}

/// Maps a unique-constraint violation to a client error, anything else to 500.
///
/// SQLite does not report constraint names, so `columns` is matched against its
/// message (`UNIQUE constraint failed: consent_types.project_id, consent_types.label`).
pub fn on_constraint(
    e: sqlx::Error,
    (columns, name): (&str, &str),
    to: impl FnOnce() -> AppError,
) -> AppError {
    if let sqlx::Error::Database(db) = &e {
        // SQLite names the columns in its message; PostgreSQL names the constraint.
        if db.is_unique_violation()
            && (db.message().contains(columns) || db.constraint() == Some(name))
        {
            return to();
        }
    }
    AppError::from(e)
}

/// URN-service (seed 003) error response: `UrnError` with the numbered code.
#[derive(Debug)]
pub struct UrnFailure(pub UrnError, Option<u64>);

impl UrnFailure {
    /// A failure with one of the seed's codes.
    pub fn new(code: UrnErrorCode, message: impl Into<String>) -> Self {
        UrnFailure(UrnError::new(code, message), None)
    }
}

impl From<AppError> for UrnFailure {
    /// Seed codes for the seed's cases; other statuses get `status * 1000 + 1`
    /// (e.g. 429001, 500001) in the same shape, documented in the OpenAPI.
    fn from(e: AppError) -> Self {
        let retry = e.retry_after();
        let error = match &e {
            AppError::Invalid { errors, .. } => UrnError::from_field_errors(errors),
            AppError::InvalidBody { message, .. } if message.starts_with("missing field") => {
                UrnError::new(UrnErrorCode::MissingField, message.clone())
            }
            AppError::BadRequest(_)
            | AppError::InvalidBody { .. }
            | AppError::Unprocessable(_)
            | AppError::PayloadTooLarge(_)
            | AppError::UnsupportedMediaType(_) => {
                UrnError::new(UrnErrorCode::InvalidField, e.message())
            }
            AppError::Unauthorized(_) => UrnError::new(UrnErrorCode::Unauthenticated, e.message()),
            AppError::Forbidden(_) => UrnError::new(UrnErrorCode::Forbidden, e.message()),
            AppError::NotFound(_) => UrnError::new(UrnErrorCode::OrganisationNotFound, e.message()),
            _ => UrnError::new(
                UrnErrorCode::Other(u32::from(e.status().as_u16()) * 1000 + 1),
                e.message(),
            ),
        };
        UrnFailure(error, retry)
    }
}

impl IntoResponse for UrnFailure {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        with_close(
            with_retry_after((status, Json(self.0)).into_response(), self.1),
            status,
        )
    }
}

/// Which API a route belongs to: decides the validation status and error shape.
pub trait Flavor: Send + Sync + 'static {
    /// Status for a body that parses but breaks a rule.
    const INVALID: StatusCode;
    /// The error response type of the API.
    type Error: From<AppError> + IntoResponse + Send;
}

/// Concord routes (seeds 000/001): 422 for invalid bodies.
pub struct Concord;
/// Dastra routes (seed 002): 400 for invalid bodies.
pub struct Dastra;
/// URN-service routes (seed 003): 400005 / 400007.
pub struct Urn;

impl Flavor for Concord {
    const INVALID: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
    type Error = AppError;
}
impl Flavor for Dastra {
    const INVALID: StatusCode = StatusCode::BAD_REQUEST;
    type Error = AppError;
}
impl Flavor for Urn {
    const INVALID: StatusCode = StatusCode::BAD_REQUEST;
    type Error = UrnFailure;
}

/// Model validation errors as the flavour's error.
pub fn invalid<F: Flavor>(errors: Vec<FieldError>) -> AppError {
    AppError::Invalid {
        status: F::INVALID,
        errors,
    }
}

/// `Json<T>` whose rejection is a seed body instead of axum's plain text.
pub struct AppJson<T, F = Concord>(pub T, pub PhantomData<F>);

impl<T, F> AppJson<T, F> {
    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// Maps axum's JSON rejection to our error.
fn json_rejection<F: Flavor>(r: JsonRejection) -> AppError {
    match r {
        JsonRejection::MissingJsonContentType(_) => AppError::UnsupportedMediaType(
            "Expected request with `Content-Type: application/json`".into(),
        ),
        JsonRejection::JsonSyntaxError(e) => {
            AppError::BadRequest(format!("Malformed JSON: {}", serde_source(&e)))
        }
        JsonRejection::JsonDataError(e) => AppError::InvalidBody {
            status: F::INVALID,
            message: serde_source(&e),
        },
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::PayloadTooLarge("Request body is too large".into())
        }
        other => AppError::BadRequest(other.body_text()),
    }
}

/// Maps a failure to read the body: over the limit, too slow, or cut off.
fn bytes_rejection(r: BytesRejection) -> AppError {
    if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return AppError::PayloadTooLarge("Request body is too large".into());
    }
    if crate::limits::is_body_timeout(&r) {
        return AppError::RequestTimeout;
    }
    AppError::BadRequest(r.body_text())
}

/// serde's own message (`invalid type: string "x", expected a boolean at line 1
/// column 9`), without axum's "Failed to deserialize the JSON body" prefix.
fn serde_source(e: &dyn std::error::Error) -> String {
    let mut last = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        last = s.to_string();
        cur = s.source();
    }
    last
}

impl<S, T, F> FromRequest<S> for AppJson<T, F>
where
    S: Send + Sync,
    T: DeserializeOwned,
    F: Flavor,
{
    type Rejection = F::Error;

    /// Buffers the body (within the body limit and deadline), lets axum's `Json`
    /// check the content type and decode it, and refuses any JSON that is not an
    /// object: serde would read `[]` as a struct with every field absent.
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(bytes_rejection)?;
        let is_object = bytes
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'{');
        let req = Request::from_parts(parts, Body::from(bytes));
        match Json::<T>::from_request(req, state).await {
            Ok(_) | Err(JsonRejection::JsonDataError(_)) if !is_object => {
                Err(AppError::InvalidBody {
                    status: F::INVALID,
                    message: "The request body must be a JSON object".into(),
                }
                .into())
            }
            Ok(Json(v)) => Ok(AppJson(v, PhantomData)),
            Err(r) => Err(json_rejection::<F>(r).into()),
        }
    }
}

/// A JSON body that passed the model's validation (`pw_model::validate::Validate`).
/// The rules live in the model only; this extractor just calls them.
pub struct Valid<T, F = Concord>(pub T, pub PhantomData<F>);

impl<T, F> Valid<T, F> {
    /// The validated body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<S, T, F> FromRequest<S> for Valid<T, F>
where
    S: Send + Sync,
    T: DeserializeOwned + Validate,
    F: Flavor,
{
    type Rejection = F::Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let AppJson(value, _) = AppJson::<T, F>::from_request(req, state).await?;
        value.check().map_err(invalid::<F>)?;
        Ok(Valid(value, PhantomData))
    }
}

/// `Path<T>` whose rejection is a seed body (e.g. `/DataSubjectRequests/abc` -> 400).
pub struct AppPath<T, F = Concord>(pub T, pub PhantomData<F>);

impl<S, T, F> FromRequestParts<S> for AppPath<T, F>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
    F: Flavor,
{
    type Rejection = F::Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(AppPath(v, PhantomData)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => Err(AppError::BadRequest(
                format!("Invalid path parameter: {}", e.body_text()),
            )
            .into()),
            Err(other) => Err(AppError::internal(other.body_text()).into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pw_model::validate::Violation;

    #[test]
    fn urn_mapping() {
        let f = UrnFailure::from(AppError::Unauthorized("Missing API key".into()));
        assert_eq!(f.0.code, 401_001);
        let f = UrnFailure::from(invalid::<Urn>(vec![FieldError::new(
            "surname",
            Violation::Required,
        )]));
        assert_eq!(f.0.code, 400_005);
        let f = UrnFailure::from(AppError::Internal);
        assert_eq!(f.0.code, 500_001);
        assert_eq!(f.0.message, "Internal Server Error");
    }
}
