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
use super::{ApiClient, ApiConfig, ApiError, Call, Credential, Service};
use crate::i18n::{t, Key, Locale};
use gloo_net::http::Method;
use pw_model::requester::{
    CodeCheck, DsrMessage, FileInfo, FileProblem, LinkCheck, NewMessage, RequesterView,
    VerifyAnswer, ALLOWED_FILE_TYPES, FILES_PER_MESSAGE, FILE_MAX_BYTES,
};

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
    /// 429 elsewhere: wait a minute (a new code is sent at most once a minute).
    Wait,
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
    /// Reads an [`ApiError`] from call `op`.
    pub fn from_api(op: Op, e: &ApiError) -> Self {
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
            (429, _) => Self::Wait,
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
        matches!(self, Self::Network | Self::Server | Self::Wait)
    }

    /// The words for the requester, in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        let key = match self {
            Self::WrongCode => Key::CodeWrong,
            Self::CodeExpired => Key::CodeExpired,
            Self::CodeUsed => Key::CodeUsed,
            Self::TooManyAttempts => Key::CodeTooManyAttempts,
            Self::Wait => Key::RateLimited,
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
/// and its size (the model's rule, `check_file`).
pub fn check_file(file: &web_sys::File) -> Result<&'static str, RequesterError> {
    pw_model::requester::check_file(&file.type_(), &file.name(), file.size() as u64, 0).map_err(
        |p| match p {
            FileProblem::TooBig => RequesterError::TooBig,
            FileProblem::TypeNotAllowed | FileProblem::TooMany => RequesterError::TypeNotAllowed,
        },
    )
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

fn dsr_path(c: &ApiClient, id: i64, rest: &str) -> String {
    let ws: String = js_sys::encode_uri_component(&c.config().workspace_id).into();
    format!("/v1/ws/{ws}/DataSubjectRequests/{id}{rest}")
}

/// Sends `call` (made by `make`, which may fail to encode) as operation `op`
/// and decodes its JSON answer.
async fn fetch<T: serde::de::DeserializeOwned>(
    c: &ApiClient,
    op: Op,
    make: Result<Call<'_>, ApiError>,
) -> Result<T, RequesterError> {
    let call = make.map_err(|e| RequesterError::from_api(op, &e))?;
    c.fetch(call)
        .await
        .map_err(|e| RequesterError::from_api(op, &e))
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
    let call = Call::new(
        Service::Dastra,
        Method::POST,
        dsr_path(c, dsr_id, "/verify"),
    );
    fetch(c, Op::VerifyCode, call.json(&body)).await
}

/// `POST .../DataSubjectRequests/{id}/verification`: a new code (and link) by e-mail.
pub async fn resend_code(c: &ApiClient, dsr_id: i64) -> Result<(), RequesterError> {
    let path = dsr_path(c, dsr_id, "/verification");
    c.fetch_empty(Call::new(Service::Dastra, Method::POST, path))
        .await
        .map_err(|e| RequesterError::from_api(Op::ResendCode, &e))
}

/// `POST /v1/requester/verify` `{token}`: opens the e-mail's `#v=` link; the
/// answer carries the status token for the next calls. `c` needs no credential.
pub async fn verify_link(c: &ApiClient, token: &str) -> Result<VerifyAnswer, RequesterError> {
    let body = LinkCheck {
        token: token.to_owned(),
    };
    let call = Call::new(Service::Dastra, Method::POST, "/v1/requester/verify".into());
    fetch(c, Op::VerifyLink, call.json(&body)).await
}

/// `GET /v1/requester/request`: the request as its requester sees it.
pub async fn request(c: &ApiClient) -> Result<RequesterView, RequesterError> {
    let call = Call::new(Service::Dastra, Method::GET, "/v1/requester/request".into());
    fetch(c, Op::Load, Ok(call)).await
}

/// `POST /v1/requester/messages`: a message to the team (201).
pub async fn send_message(c: &ApiClient, new: &NewMessage) -> Result<DsrMessage, RequesterError> {
    let call = Call::new(
        Service::Dastra,
        Method::POST,
        "/v1/requester/messages".into(),
    );
    fetch(c, Op::Message, call.json(new)).await
}

/// `POST /v1/requester/attachments`: the file's bytes as the body (see
/// `Call::file`), 201. Checked with [`check_file`] first, so a refused file
/// costs no upload.
pub async fn upload(c: &ApiClient, file: &web_sys::File) -> Result<FileInfo, RequesterError> {
    let content_type = check_file(file)?;
    let call = Call::new(
        Service::Dastra,
        Method::POST,
        "/v1/requester/attachments".into(),
    );
    fetch(c, Op::Upload, Ok(call.file(file, content_type))).await
}

/// `GET /v1/requester/attachments/{id}`, saved under its name: fetched with
/// the token in the header, then handed to the browser as a Blob (a plain
/// link would need the token in the URL).
pub async fn download(c: &ApiClient, file: &FileInfo) -> Result<(), RequesterError> {
    let id: String = js_sys::encode_uri_component(&file.id).into();
    let path = format!("/v1/requester/attachments/{id}");
    let call = Call::new(Service::Dastra, Method::GET, path).download();
    let blob = c
        .fetch_blob(call)
        .await
        .map_err(|e| RequesterError::from_api(Op::Download, &e))?;
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
        let f = |op, s| E::from_api(op, &status(s));
        assert_eq!(f(VerifyCode, 400), E::WrongCode);
        assert_eq!(f(VerifyCode, 410), E::CodeExpired);
        assert_eq!(f(VerifyCode, 409), E::CodeUsed);
        assert_eq!(f(VerifyCode, 429), E::TooManyAttempts);
        assert_eq!(f(ResendCode, 429), E::Wait);
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
        assert_eq!(E::from_api(Load, &ApiError::Timeout), E::Network);
        assert!(f(Load, 401).is_link_problem() && !f(Message, 409).is_link_problem());
    }
}
