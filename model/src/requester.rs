//! The requester's side of a DSR (our extension of seed 002): e-mail
//! verification, the status page, the message thread between requester and
//! team, attachments, and closing with a resolution. Shared by the server, the
//! widget's DSR form (code entry), the status page and the admin page, so each
//! bound below is checked in the form and on the server from one definition.
use serde::{Deserialize, Serialize};

use crate::dsr::{ClosedReason, DsrState, Purpose};
use crate::settings::DeadlinePolicy;
use crate::validate::{check_len, FieldError, Validate, Violation};

/// Longest message body, in characters.
pub const MESSAGE_MAX: usize = 5_000;
/// Longest resolution message, in characters.
pub const RESOLUTION_MAX: usize = 5_000;
/// Largest attachment, in bytes.
pub const FILE_MAX_BYTES: u64 = 5 * 1024 * 1024;
/// Attachments one message may carry.
pub const FILES_PER_MESSAGE: usize = 3;
/// Attachments one request may hold, both sides together.
pub const FILES_PER_REQUEST: usize = 20;
/// Longest attachment file name, in characters.
pub const FILE_NAME_MAX: usize = 200;
/// Digits of an e-mail verification code.
pub const CODE_DIGITS: usize = 6;
/// Header carrying an upload's file name, percent-encoded UTF-8.
pub const FILE_NAME_HEADER: &str = "x-file-name";

/// File types an attachment may have (what a privacy team exchanges: documents,
/// scans and photos of an ID, plain text), and the extension each is stored with.
pub const ALLOWED_FILE_TYPES: &[(&str, &str)] = &[
    ("application/pdf", "pdf"),
    ("image/png", "png"),
    ("image/jpeg", "jpg"),
    ("text/plain", "txt"),
];

/// The stored extension of `content_type` (parameters such as `; charset=` ignored),
/// `None` when the type is not allowed.
pub fn file_extension(content_type: &str) -> Option<&'static str> {
    let essence = content_type.split(';').next()?.trim().to_ascii_lowercase();
    ALLOWED_FILE_TYPES
        .iter()
        .find(|(t, _)| *t == essence)
        .map(|(_, ext)| *ext)
}

/// Why a file may not join a message (checked by the forms before any upload
/// and, for type and size, by the server).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    /// The message carries [`FILES_PER_MESSAGE`] files already.
    TooMany,
    /// Not one of [`ALLOWED_FILE_TYPES`].
    TypeNotAllowed,
    /// Larger than [`FILE_MAX_BYTES`].
    TooBig,
}

/// The allowed type of a file: the one its browser `reported`, or, when the
/// browser reports none (some systems do not know `.txt`), the one its
/// `name`'s extension says; `None` when neither is allowed.
pub fn allowed_type(reported: &str, name: &str) -> Option<&'static str> {
    let ext = if reported.trim().is_empty() {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        if ext == "jpeg" {
            "jpg".to_owned()
        } else {
            ext
        }
    } else {
        file_extension(reported)?.to_owned()
    };
    ALLOWED_FILE_TYPES
        .iter()
        .find(|(_, e)| *e == ext)
        .map(|(t, _)| *t)
}

/// The type to upload a file with, or why it may not join a message that
/// carries `attached` files already.
pub fn check_file(
    reported: &str,
    name: &str,
    size: u64,
    attached: usize,
) -> Result<&'static str, FileProblem> {
    if attached >= FILES_PER_MESSAGE {
        return Err(FileProblem::TooMany);
    }
    let content_type = allowed_type(reported, name).ok_or(FileProblem::TypeNotAllowed)?;
    if size > FILE_MAX_BYTES {
        return Err(FileProblem::TooBig);
    }
    Ok(content_type)
}

crate::string_enum::string_enum! {
    /// Who wrote a message.
    pub enum MessageAuthor {
        /// The data subject, from the status page.
        Requester = "requester",
        /// The privacy team, from the admin page.
        Team = "team",
    }
}

/// An attachment as both sides see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileInfo {
    /// UUID.
    pub id: String,
    /// The name it was uploaded with.
    pub file_name: String,
    /// One of [`ALLOWED_FILE_TYPES`].
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// ISO 8601 timestamp.
    pub date_creation: String,
}

/// One message of a request's thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DsrMessage {
    /// Id, increasing in the order messages were written.
    pub id: i64,
    /// Requester or team.
    pub author: MessageAuthor,
    /// Plain text (never rendered as HTML).
    pub body: String,
    /// ISO 8601 timestamp.
    pub date_creation: String,
    /// When the other side first read it (the team's reading of a requester message).
    #[serde(default)]
    pub date_viewed: Option<String>,
    /// Its files.
    #[serde(default)]
    pub attachments: Vec<FileInfo>,
}

/// Body of a new message, from either side.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewMessage {
    /// 1..=[`MESSAGE_MAX`] characters.
    pub body: String,
    /// Files uploaded before, at most [`FILES_PER_MESSAGE`].
    #[serde(default)]
    pub attachment_ids: Vec<String>,
}

impl Validate for NewMessage {
    fn validate(&self) -> Vec<FieldError> {
        let body = self.body.trim();
        let mut errors: Vec<FieldError> = if body.is_empty() {
            vec![FieldError::new("body", Violation::Required)]
        } else {
            check_len("body", body, 1, MESSAGE_MAX)
                .into_iter()
                .collect()
        };
        if self.attachment_ids.len() > FILES_PER_MESSAGE {
            errors.push(FieldError::new(
                "attachmentIds",
                Violation::TooMany {
                    max: FILES_PER_MESSAGE,
                },
            ));
        } else if !self
            .attachment_ids
            .iter()
            .all(|id| crate::validate::is_uuid(id))
        {
            errors.push(FieldError::new("attachmentIds", Violation::Uuid));
        }
        errors
    }
}

/// Body of `POST .../DataSubjectRequests/{id}/close`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CloseRequest {
    /// Why (not `None`).
    pub closed_reason: ClosedReason,
    /// What the requester is told, 1..=[`RESOLUTION_MAX`] characters.
    pub resolution_message: String,
    /// An internal note on the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_reason_description: Option<String>,
    /// `false`: close without e-mailing the requester (the seed's `sendNotification`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_notification: Option<bool>,
}

impl Validate for CloseRequest {
    fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if !self.closed_reason.is_known() || self.closed_reason == ClosedReason::None {
            errors.push(FieldError::new("closedReason", Violation::UnknownValue));
        }
        let answer = self.resolution_message.trim();
        if answer.is_empty() {
            errors.push(FieldError::new("resolutionMessage", Violation::Required));
        } else {
            errors.extend(check_len("resolutionMessage", answer, 1, RESOLUTION_MAX));
        }
        if let Some(d) = &self.closed_reason_description {
            errors.extend(check_len("closedReasonDescription", d, 0, 2_000));
        }
        errors
    }
}

/// Body of `POST .../DataSubjectRequests/{id}/verify`: the code from the e-mail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeCheck {
    /// [`CODE_DIGITS`] digits (spaces around are ignored).
    pub code: String,
}

impl Validate for CodeCheck {
    fn validate(&self) -> Vec<FieldError> {
        let code = self.code.trim();
        if code.is_empty() {
            vec![FieldError::new("code", Violation::Required)]
        } else if code.len() != CODE_DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
            vec![FieldError::new("code", Violation::Pattern)]
        } else {
            Vec::new()
        }
    }
}

/// Body of `POST /v1/requester/verify`: the token of the e-mail's link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkCheck {
    /// The `#v=` part of the link.
    pub token: String,
}

/// Answer of a successful verification, by code or by link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyAnswer {
    /// Always true.
    pub mail_validated: bool,
    /// ISO 8601 timestamp.
    pub email_validation_date: String,
    /// The status page with a fresh token (`.../request/#t=...`).
    pub status_url: String,
    /// That token, for the status page's next calls.
    pub status_token: String,
}

/// What the status page shows: the request as its requester may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequesterView {
    /// Request id.
    pub id: i64,
    /// The organisation's reference, when it set one.
    #[serde(default)]
    pub ref_id: Option<String>,
    /// Request types.
    pub purposes: Vec<Purpose>,
    /// Open, InProgress, Closed...
    pub state: DsrState,
    /// Received (ISO 8601).
    pub date_creation: String,
    /// Due (ISO 8601).
    pub expiry_time: String,
    /// Whole days left (negative when overdue).
    pub remaining_days: i64,
    /// The deadline was extended.
    pub extended: bool,
    /// The law the deadline follows.
    pub deadline_policy: DeadlinePolicy,
    /// The e-mail address is confirmed.
    pub mail_validated: bool,
    /// The requester's language.
    #[serde(default)]
    pub locale: Option<String>,
    /// Closed at (ISO 8601).
    #[serde(default)]
    pub date_closed: Option<String>,
    /// Why it was closed.
    #[serde(default)]
    pub closed_reason: Option<ClosedReason>,
    /// The team's answer on closing.
    #[serde(default)]
    pub resolution_message: Option<String>,
    /// Who answers (the workspace's organisation name).
    #[serde(default)]
    pub organisation_name: Option<String>,
    /// The thread, oldest first.
    pub messages: Vec<DsrMessage>,
}

/// One e-mail the server sent or wrote to its outbox (admin "Outbox" view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxMail {
    /// Id, increasing.
    pub id: i64,
    /// The request it is about.
    #[serde(default)]
    pub dsr_id: Option<i64>,
    /// `verify`, `confirmed`, `message`, `extended`, `closed`, `team`.
    pub kind: String,
    /// To.
    pub recipient: String,
    /// Subject.
    pub subject: String,
    /// The plain-text part; sent by SMTP, without its secrets (the links'
    /// tokens, the code).
    pub text_body: String,
    /// ISO 8601 timestamp.
    pub date_creation: String,
    /// `queued`, `sent` (SMTP accepted it), `outbox` (written to the outbox folder), `failed`.
    pub status: String,
    /// Why it failed.
    #[serde(default)]
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_six_digits() {
        let v = |c: &str| CodeCheck { code: c.into() }.validate();
        assert!(v("123456").is_empty());
        assert!(v(" 123456 ").is_empty());
        assert_eq!(v("")[0].violation, Violation::Required);
        assert_eq!(v("12345")[0].violation, Violation::Pattern);
        assert_eq!(v("12345a")[0].violation, Violation::Pattern);
        assert_eq!(v("١٢٣٤٥٦")[0].violation, Violation::Pattern);
    }

    #[test]
    fn message_bounds() {
        let m = |body: &str, n: usize| NewMessage {
            body: body.into(),
            attachment_ids: vec!["3fa85f64-5717-4562-b3fc-2c963f66afa6".into(); n],
        };
        assert!(m("Hello", 3).validate().is_empty());
        assert_eq!(
            m("  ", 0).validate()[0],
            FieldError::new("body", Violation::Required)
        );
        assert_eq!(
            m(&"x".repeat(MESSAGE_MAX + 1), 0).validate()[0].violation,
            Violation::TooLong { max: MESSAGE_MAX }
        );
        assert_eq!(
            m("Hi", 4).validate()[0].violation,
            Violation::TooMany { max: 3 }
        );
        let bad = NewMessage {
            body: "Hi".into(),
            attachment_ids: vec!["../../etc/passwd".into()],
        };
        assert_eq!(bad.validate()[0].violation, Violation::Uuid);
    }

    #[test]
    fn close_needs_a_reason_and_an_answer() {
        let c = |r: ClosedReason, m: &str| CloseRequest {
            closed_reason: r,
            resolution_message: m.into(),
            closed_reason_description: None,
            send_notification: None,
        };
        assert!(c(ClosedReason::Completed, "Done").validate().is_empty());
        assert_eq!(
            c(ClosedReason::None, "Done").validate()[0].field,
            "closedReason"
        );
        assert_eq!(
            c(ClosedReason::Other("X".into()), "Done").validate()[0].field,
            "closedReason"
        );
        assert_eq!(
            c(ClosedReason::Rejected, " ").validate()[0].field,
            "resolutionMessage"
        );
    }

    #[test]
    fn files_are_checked_before_upload() {
        assert_eq!(
            check_file("application/pdf", "a.pdf", 10, 0),
            Ok("application/pdf")
        );
        assert_eq!(check_file("", "scan.JPEG", 10, 2), Ok("image/jpeg"));
        assert_eq!(check_file("", "notes.txt", 10, 0), Ok("text/plain"));
        assert_eq!(
            check_file("", "page.html", 10, 0),
            Err(FileProblem::TypeNotAllowed)
        );
        assert_eq!(
            check_file("text/html", "a.txt", 10, 0),
            Err(FileProblem::TypeNotAllowed)
        );
        assert_eq!(
            check_file("image/png", "a.png", FILE_MAX_BYTES + 1, 0),
            Err(FileProblem::TooBig)
        );
        assert_eq!(
            check_file("image/png", "a.png", 1, 3),
            Err(FileProblem::TooMany)
        );
    }

    #[test]
    fn allowed_types() {
        assert_eq!(file_extension("application/pdf"), Some("pdf"));
        assert_eq!(file_extension("text/plain; charset=utf-8"), Some("txt"));
        assert_eq!(file_extension("IMAGE/PNG"), Some("png"));
        assert_eq!(file_extension("text/html"), None);
        assert_eq!(file_extension("image/svg+xml"), None);
    }
}
