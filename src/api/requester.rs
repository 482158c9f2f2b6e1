//! The requester's side of a request (issue 16, our extension of seed 002).
//!
//! - From the widget, with the public key: check the e-mail's code
//!   (`POST .../DataSubjectRequests/{id}/verify`) and ask for a new one
//!   (`POST .../verification`).
//! - From the status page (`/request/`), same origin, with
//!   `Authorization: Bearer <token>`: open the e-mail's link
//!   (`POST /v1/requester/verify`), read the request, write a message, upload
//!   and download attachments.
//!
//! Failures come back as [`RequesterError`], one variant per thing the
//! requester can be told, because the same status means different things on
//! different calls (409: a used code, a closed request, a full request). The
//! status-page token never goes into a URL: downloads are fetched with the
//! header and saved from a Blob.
use gloo_net::http::{Method, RequestBuilder, Response};
use pw_model::requester::{
    file_extension, CodeCheck, DsrMessage, FileInfo, LinkCheck, NewMessage, RequesterView,
    VerifyAnswer, ALLOWED_FILE_TYPES, FILES_PER_MESSAGE, FILE_MAX_BYTES, FILE_NAME_HEADER,
};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

use super::{error_from, sleep, ApiClient, ApiConfig, ApiError, Credential, Service, BACKOFF_MS};
use crate::i18n::{t, Key, Locale};

/// Time-out of an upload or a download: 5 MiB over a slow mobile link.
const FILE_TIMEOUT_MS: u32 = 120_000;

/// A client for the status page's calls: `base` (the page's origin, `""` for
/// relative URLs) and the status token as a bearer credential.
pub fn status_client(base: &str, token: &str) -> ApiClient {
    let mut config = ApiConfig::single(base, "", "", "", "");
    config.dastra_auth = (!token.is_empty()).then(|| Credential {
        header: "authorization".into(),
        value: format!("Bearer {token}"),
    });
    ApiClient::new(config)
}

/// Which call failed: a status's meaning depends on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// The code from the e-mail, in the widget.
    VerifyCode,
    /// A new code, in the widget.
    ResendCode,
    /// The e-mail's `#v=` link, on the status page.
    VerifyLink,
    /// The request itself (`#t=` link).
    Load,
    /// A new message.
    Message,
    /// An attachment upload.
    Upload,
    /// An attachment download.
    Download,
}

/// What went wrong, in terms the requester can be told (see [`RequesterError::message`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequesterError {
    /// 400 on the code: not the code that was sent.
    WrongCode,
    /// 410 on the code: too old, a new one is needed.
    CodeExpired,
    /// 409 on the code or a new code: the address is already confirmed, or
    /// the code was used.
    CodeUsed,
    /// 429 on the code: too many wrong tries for this code.
    TooManyAttempts,
    /// 429 elsewhere: wait (`seconds` from `Retry-After`, when readable).
    Wait {
        /// Seconds to wait, if the server said.
        seconds: Option<u32>,
    },
    /// 404 on the link: no such link (mistyped or cut).
    UnknownLink,
    /// 410 on a link.
    LinkExpired,
    /// 409 on the `#v=` link: already used.
    LinkUsed,
    /// 401/403 with a status token: revoked or unknown.
    Revoked,
    /// 409 on a message: the request is closed.
    Closed,
    /// 409 on an upload: the request holds as many files as it may.
    RequestFull,
    /// 413.
    TooBig,
    /// 415.
    TypeNotAllowed,
    /// 404 on a download.
    FileGone,
    /// 400/422 on a message: the server refused the input (its words, if any).
    Rejected(Option<String>),
    /// The widget's key or the request is not accepted (401/403/404 in the
    /// widget): nothing the requester can fix.
    Unavailable,
    /// No answer (offline, time-out).
    Network,
    /// 5xx or an answer that is not what the contract says.
    Server,
}

impl RequesterError {
    /// Reads an [`ApiError`] from call `op`; `retry_after` is the
    /// `Retry-After` header in seconds, when readable.
    pub fn from_api(op: Op, e: &ApiError, retry_after: Option<u32>) -> Self {
        use Op::*;
        let Some(status) = e.status() else {
            return match e {
                ApiError::Network(_) | ApiError::Timeout => Self::Network,
                _ => Self::Server,
            };
        };
        match (status, op) {
            (400, VerifyCode) => Self::WrongCode,
            (400 | 422, _) => Self::Rejected(match e {
                ApiError::Status { body: Some(b), .. } => Some(b.message.clone()),
                _ => None,
            }),
            (401 | 403 | 404, VerifyCode | ResendCode) => Self::Unavailable,
            (401 | 403, _) => Self::Revoked,
            (404, Download) => Self::FileGone,
            (404, _) => Self::UnknownLink,
            (409, VerifyCode | ResendCode) => Self::CodeUsed,
            (409, VerifyLink) => Self::LinkUsed,
            (409, Upload) => Self::RequestFull,
            (409, _) => Self::Closed,
            (410, VerifyCode | ResendCode) => Self::CodeExpired,
            (410, _) => Self::LinkExpired,
            (413, _) => Self::TooBig,
            (415, _) => Self::TypeNotAllowed,
            (429, VerifyCode) => Self::TooManyAttempts,
            (429, _) => Self::Wait {
                seconds: retry_after,
            },
            _ => Self::Server,
        }
    }

    /// The link cannot be used (the status page shows its problem screen
    /// instead of the request).
    pub fn is_link_problem(&self) -> bool {
        matches!(
            self,
            Self::UnknownLink | Self::LinkExpired | Self::LinkUsed | Self::Revoked
        )
    }

    /// Trying the same thing again later may work.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Network | Self::Server | Self::Wait { .. })
    }

    /// The words for the requester, in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        let key = match self {
            Self::WrongCode => Key::CodeWrong,
            Self::CodeExpired => Key::CodeExpired,
            Self::CodeUsed => Key::CodeUsed,
            Self::TooManyAttempts => Key::CodeTooManyAttempts,
            Self::Wait { seconds: Some(n) } => {
                return t(locale, Key::ReqWaitSeconds).replace("{n}", &n.to_string())
            }
            Self::Wait { seconds: None } => Key::RateLimited,
            Self::UnknownLink => Key::ReqLinkUnknown,
            Self::LinkExpired => Key::ReqLinkExpired,
            Self::LinkUsed => Key::ReqLinkUsed,
            Self::Revoked => Key::ReqLinkRevoked,
            Self::Closed => Key::ReqClosed,
            Self::RequestFull => Key::ReqFull,
            Self::TooBig => return file_too_big(locale),
            Self::TypeNotAllowed => Key::ReqFileType,
            Self::FileGone => Key::ReqFileGone,
            Self::Rejected(_) => Key::FormHasErrors,
            Self::Unavailable => Key::FormUnavailable,
            Self::Network => Key::NetworkError,
            Self::Server => Key::ServerError,
        };
        t(locale, key).to_string()
    }
}

/// "This file is too large ..." with the limit in MB filled in.
pub fn file_too_big(locale: Locale) -> String {
    let mb = FILE_MAX_BYTES / (1024 * 1024);
    t(locale, Key::ReqFileTooBig).replace("{n}", &mb.to_string())
}

/// Why a file may not be attached, checked before any upload: its type
/// (from the browser, else from its extension) and its size.
pub fn check_file(file: &web_sys::File) -> Result<&'static str, RequesterError> {
    let content_type = file_type(file).ok_or(RequesterError::TypeNotAllowed)?;
    if file.size() > FILE_MAX_BYTES as f64 {
        return Err(RequesterError::TooBig);
    }
    Ok(content_type)
}

/// The file's allowed type: what the browser says, or, when it says nothing
/// (some systems do not know `.txt`), what the extension says.
fn file_type(file: &web_sys::File) -> Option<&'static str> {
    let reported = file.type_();
    if !reported.is_empty() {
        let ext = file_extension(&reported)?;
        return ALLOWED_FILE_TYPES
            .iter()
            .find(|(_, e)| *e == ext)
            .map(|(t, _)| *t);
    }
    let name = file.name().to_ascii_lowercase();
    let ext = name.rsplit_once('.')?.1;
    let ext = if ext == "jpeg" { "jpg" } else { ext };
    ALLOWED_FILE_TYPES
        .iter()
        .find(|(_, e)| *e == ext)
        .map(|(t, _)| *t)
}

/// The `accept` attribute of a file input: the allowed types and their extensions.
pub fn accept_attribute() -> String {
    let mut parts: Vec<String> = ALLOWED_FILE_TYPES
        .iter()
        .flat_map(|(t, e)| [t.to_string(), format!(".{e}")])
        .collect();
    parts.push(".jpeg".into());
    parts.join(",")
}

/// How many files one message may carry.
pub const MAX_FILES: usize = FILES_PER_MESSAGE;

/// What a call sends.
enum Payload<'a> {
    None,
    Json(String),
    File(&'a web_sys::File, &'static str),
}

fn json<T: serde::Serialize>(body: &T) -> Result<Payload<'static>, RequesterError> {
    serde_json::to_string(body)
        .map(Payload::Json)
        .map_err(|_| RequesterError::Server)
}

/// One failed attempt, with what a retry needs to know.
struct Failure {
    error: ApiError,
    retry_after: Option<u32>,
}

async fn attempt(
    c: &ApiClient,
    method: Method,
    path: &str,
    payload: &Payload<'_>,
) -> Result<Response, Failure> {
    let fail = |error| Failure {
        error,
        retry_after: None,
    };
    let config = c.config();
    let url = format!("{}{path}", config.dastra_base.trim_end_matches('/'));
    let mut req = RequestBuilder::new(&url).method(method);
    if let Some(auth) = &config.dastra_auth {
        req = req.header(&auth.header, &auth.value);
    }
    let timeout = match payload {
        Payload::File(..) => FILE_TIMEOUT_MS,
        _ => config.timeout_ms,
    };
    req = req.abort_signal(Some(&AbortSignal::timeout_with_u32(timeout)));
    let request = match payload {
        Payload::None => req.build(),
        Payload::Json(body) => req
            .header("accept", "application/json")
            .header("content-type", "application/json")
            .body(body.as_str()),
        Payload::File(file, content_type) => {
            let name: String = js_sys::encode_uri_component(&file.name()).into();
            req.header("accept", "application/json")
                .header("content-type", content_type)
                .header(FILE_NAME_HEADER, &name)
                .body(JsValue::from((*file).clone()))
        }
    }
    .map_err(|e| fail(ApiError::Encode(e.to_string())))?;
    let response = request.send().await.map_err(|e| {
        fail(match e {
            gloo_net::Error::JsError(j) if j.name == "TimeoutError" => ApiError::Timeout,
            e => ApiError::Network(e.to_string()),
        })
    })?;
    if response.ok() {
        return Ok(response);
    }
    // Readable cross-origin only if the server exposes it; the message then
    // falls back to "wait a minute".
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse().ok());
    Err(Failure {
        error: error_from(Service::Dastra, response).await,
        retry_after,
    })
}

/// Sends one call; GETs are retried on failures that may pass.
async fn send(
    c: &ApiClient,
    op: Op,
    method: Method,
    path: &str,
    payload: Payload<'_>,
) -> Result<Response, RequesterError> {
    let retryable = method == Method::GET;
    let mut delays = BACKOFF_MS.iter();
    loop {
        match attempt(c, method.clone(), path, &payload).await {
            Ok(r) => return Ok(r),
            Err(f) if retryable && f.error.is_transient() => match delays.next() {
                Some(ms) => sleep(*ms).await,
                None => return Err(RequesterError::from_api(op, &f.error, f.retry_after)),
            },
            Err(f) => return Err(RequesterError::from_api(op, &f.error, f.retry_after)),
        }
    }
}

/// Sends one call and decodes its JSON answer.
async fn fetch<T: serde::de::DeserializeOwned>(
    c: &ApiClient,
    op: Op,
    method: Method,
    path: &str,
    payload: Payload<'_>,
) -> Result<T, RequesterError> {
    let response = send(c, op, method, path, payload).await?;
    let text = response.text().await.map_err(|_| RequesterError::Network)?;
    serde_json::from_str(&text).map_err(|_| RequesterError::Server)
}

fn dsr_path(c: &ApiClient, id: i64, rest: &str) -> String {
    let ws: String = js_sys::encode_uri_component(&c.config().workspace_id).into();
    format!("/v1/ws/{ws}/DataSubjectRequests/{id}{rest}")
}

/// `POST /v1/ws/{ws}/DataSubjectRequests/{id}/verify` `{code}` with the
/// widget's key: confirms the e-mail address.
pub async fn verify_code(
    c: &ApiClient,
    dsr_id: i64,
    code: &CodeCheck,
) -> Result<VerifyAnswer, RequesterError> {
    let body = CodeCheck {
        code: code.code.trim().to_owned(),
    };
    let path = dsr_path(c, dsr_id, "/verify");
    fetch(c, Op::VerifyCode, Method::POST, &path, json(&body)?).await
}

/// `POST .../DataSubjectRequests/{id}/verification`: a new code (and link) by e-mail.
pub async fn resend_code(c: &ApiClient, dsr_id: i64) -> Result<(), RequesterError> {
    let path = dsr_path(c, dsr_id, "/verification");
    send(
        c,
        Op::ResendCode,
        Method::POST,
        &path,
        json(&serde_json::json!({}))?,
    )
    .await
    .map(|_| ())
}

/// `POST /v1/requester/verify` `{token}`: opens the e-mail's `#v=` link; the
/// answer carries the status token for the next calls. `c` needs no credential.
pub async fn verify_link(c: &ApiClient, token: &str) -> Result<VerifyAnswer, RequesterError> {
    let body = LinkCheck {
        token: token.to_owned(),
    };
    fetch(
        c,
        Op::VerifyLink,
        Method::POST,
        "/v1/requester/verify",
        json(&body)?,
    )
    .await
}

/// `GET /v1/requester/request`: the request as its requester sees it.
pub async fn request(c: &ApiClient) -> Result<RequesterView, RequesterError> {
    fetch(
        c,
        Op::Load,
        Method::GET,
        "/v1/requester/request",
        Payload::None,
    )
    .await
}

/// `POST /v1/requester/messages`: a message to the team (201).
pub async fn send_message(c: &ApiClient, new: &NewMessage) -> Result<DsrMessage, RequesterError> {
    fetch(
        c,
        Op::Message,
        Method::POST,
        "/v1/requester/messages",
        json(new)?,
    )
    .await
}

/// `POST /v1/requester/attachments`: the file's bytes as the body, its type
/// as `Content-Type`, its name percent-encoded in `x-file-name` (201).
/// Checked with [`check_file`] first, so a refused file costs no upload.
pub async fn upload(c: &ApiClient, file: &web_sys::File) -> Result<FileInfo, RequesterError> {
    let content_type = check_file(file)?;
    fetch(
        c,
        Op::Upload,
        Method::POST,
        "/v1/requester/attachments",
        Payload::File(file, content_type),
    )
    .await
}

/// `GET /v1/requester/attachments/{id}`, saved under its name: fetched with
/// the token in the header, then handed to the browser as a Blob through a
/// temporary object URL and `<a download>` (a plain link would need the
/// token in the URL).
pub async fn download(c: &ApiClient, file: &FileInfo) -> Result<(), RequesterError> {
    let id: String = js_sys::encode_uri_component(&file.id).into();
    let path = format!("/v1/requester/attachments/{id}");
    let response = send(c, Op::Download, Method::GET, &path, Payload::None).await?;
    let raw: web_sys::Response = response.into();
    let promise = raw.blob().map_err(|_| RequesterError::Server)?;
    let blob: web_sys::Blob = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| RequesterError::Network)?
        .unchecked_into();
    crate::browser::download_blob(&file.file_name, &blob).map_err(|_| RequesterError::Server)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pw_model::ErrorBody;

    fn status(status: u16) -> ApiError {
        ApiError::Status {
            status,
            body: Some(ErrorBody {
                status_code: status,
                error: "x".into(),
                message: "the server's words".into(),
            }),
        }
    }

    #[test]
    fn statuses_mean_what_the_call_says() {
        use Op::*;
        use RequesterError as E;
        let f = |op, s| E::from_api(op, &status(s), Some(42));
        assert_eq!(f(VerifyCode, 400), E::WrongCode);
        assert_eq!(f(VerifyCode, 410), E::CodeExpired);
        assert_eq!(f(VerifyCode, 409), E::CodeUsed);
        assert_eq!(f(VerifyCode, 429), E::TooManyAttempts);
        assert_eq!(f(ResendCode, 429), E::Wait { seconds: Some(42) });
        assert_eq!(f(ResendCode, 409), E::CodeUsed);
        assert_eq!(f(VerifyLink, 404), E::UnknownLink);
        assert_eq!(f(VerifyLink, 409), E::LinkUsed);
        assert_eq!(f(VerifyLink, 410), E::LinkExpired);
        assert_eq!(f(Load, 401), E::Revoked);
        assert_eq!(f(Load, 410), E::LinkExpired);
        assert_eq!(f(Message, 409), E::Closed);
        assert_eq!(
            f(Message, 400),
            E::Rejected(Some("the server's words".into()))
        );
        assert_eq!(f(Upload, 409), E::RequestFull);
        assert_eq!(f(Upload, 413), E::TooBig);
        assert_eq!(f(Upload, 415), E::TypeNotAllowed);
        assert_eq!(f(Download, 404), E::FileGone);
        assert_eq!(f(Load, 503), E::Server);
        assert_eq!(E::from_api(Load, &ApiError::Timeout, None), E::Network);
        assert!(f(Load, 401).is_link_problem() && !f(Message, 409).is_link_problem());
    }
}
