//! The seeds' error bodies.
//!
//! - Concord (seeds 000 and 001): `{"statusCode":404,"error":"Not Found","message":"..."}`
//!   for 403 / 404 / 422 / 500; `error` is the HTTP reason phrase.
//! - URN-service (seed 003): numbered codes (400005, 400007, 401001, 403001, 404001) whose
//!   first three digits are the HTTP status. The seed names the codes but shows no body, so
//!   `{"code":400005,"message":"..."}` ([`UrnError`]) is OUR documented choice.
//!
//! Dastra (seed 002) documents no error body; our server answers it with [`ErrorBody`] too.

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::validate::{FieldError, Violation};

/// Concord error body (seeds 000, 001): `{statusCode, error, message}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// HTTP status, repeated in the body.
    pub status_code: u16,
    /// Reason phrase of `status_code` ("Not Found").
    pub error: String,
    /// Human-readable detail; for 5xx a generic text, never internals.
    pub message: String,
}

impl ErrorBody {
    /// A body for `status` with its standard reason phrase in `error`.
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status_code: status,
            error: reason_phrase(status).to_owned(),
            message: message.into(),
        }
    }

    /// 422 for a body that failed validation (the status the Concord seeds list for it);
    /// the message joins the English field messages: `name must be at least 5 characters;
    /// email must be a valid e-mail address`.
    pub fn unprocessable(errors: &[FieldError]) -> Self {
        let message = errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ");
        Self::new(422, message)
    }
}

impl fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status_code, self.error, self.message)
    }
}

impl std::error::Error for ErrorBody {}

/// Standard reason phrase of an HTTP status (RFC 9110), as Concord puts in `error`.
/// Unlisted codes get their class name ("Client Error", "Server Error").
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => match status / 100 {
            4 => "Client Error",
            5 => "Server Error",
            _ => "Unknown Status",
        },
    }
}

/// URN-service error codes (seed 003). `Other` keeps a code this build does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UrnErrorCode {
    /// 400005: mandatory fields are missing in the request.
    MissingField,
    /// 400007: a field is not valid.
    InvalidField,
    /// 401001: the user could not be authenticated.
    Unauthenticated,
    /// 403001: the user may not read or register (commented) contacts.
    Forbidden,
    /// 404001: no organisation with the given id.
    OrganisationNotFound,
    /// Any other code.
    Other(u32),
}

impl UrnErrorCode {
    /// The known codes, in the seed's order.
    pub const ALL: &'static [Self] = &[
        Self::MissingField,
        Self::InvalidField,
        Self::Unauthenticated,
        Self::Forbidden,
        Self::OrganisationNotFound,
    ];

    /// The numeric code, e.g. `400005`.
    pub fn code(self) -> u32 {
        match self {
            Self::MissingField => 400_005,
            Self::InvalidField => 400_007,
            Self::Unauthenticated => 401_001,
            Self::Forbidden => 403_001,
            Self::OrganisationNotFound => 404_001,
            Self::Other(code) => code,
        }
    }

    /// The code for a number; unknown numbers are `Other`.
    pub fn from_code(code: u32) -> Self {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.code() == code)
            .unwrap_or(Self::Other(code))
    }

    /// HTTP status: every seed code is the status followed by three digits.
    pub fn http_status(self) -> u16 {
        u16::try_from(self.code() / 1000).unwrap_or(500)
    }

    /// 400005 for a missing field, 400007 for any other violation (seed 003's split).
    pub fn for_violation(violation: Violation) -> Self {
        match violation {
            Violation::Required => Self::MissingField,
            _ => Self::InvalidField,
        }
    }
}

/// URN-service error body: `{"code":400005,"message":"..."}` (our choice; see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrnError {
    /// One of [`UrnErrorCode`]'s numbers.
    pub code: u32,
    /// Human-readable detail.
    pub message: String,
}

impl UrnError {
    /// A body for `code`.
    pub fn new(code: UrnErrorCode, message: impl Into<String>) -> Self {
        Self {
            code: code.code(),
            message: message.into(),
        }
    }

    /// The typed code.
    pub fn error_code(&self) -> UrnErrorCode {
        UrnErrorCode::from_code(self.code)
    }

    /// HTTP status to send this body with.
    pub fn http_status(&self) -> u16 {
        self.error_code().http_status()
    }

    /// 400005 if any field is missing (the seed lists that case first), else 400007;
    /// the message joins the English field messages.
    pub fn from_field_errors(errors: &[FieldError]) -> Self {
        let code = if errors.iter().any(|e| e.violation == Violation::Required) {
            UrnErrorCode::MissingField
        } else {
            UrnErrorCode::InvalidField
        };
        Self::new(code, ErrorBody::unprocessable(errors).message)
    }
}

impl fmt::Display for UrnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for UrnError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_phrases_match_the_seeds() {
        for (status, error) in [
            (403, "Forbidden"),
            (404, "Not Found"),
            (422, "Unprocessable Entity"),
            (500, "Internal Server Error"),
            (400, "Bad Request"),
            (401, "Unauthorized"),
            (429, "Too Many Requests"),
            (409, "Conflict"),
            (413, "Payload Too Large"),
            (415, "Unsupported Media Type"),
            (418, "Client Error"),
        ] {
            assert_eq!(ErrorBody::new(status, "x").error, error);
        }
        let json = serde_json::to_value(ErrorBody::new(404, "Not Found")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"statusCode":404,"error":"Not Found","message":"Not Found"})
        );
    }

    #[test]
    fn unprocessable_names_fields() {
        let errors = [
            FieldError::new("name", Violation::TooShort { min: 5 }),
            FieldError::new("url", Violation::Uri),
        ];
        let body = ErrorBody::unprocessable(&errors);
        assert_eq!(body.status_code, 422);
        assert_eq!(
            body.message,
            "name must be at least 5 characters; url must be an http or https URL such as https://example.com"
        );
    }

    #[test]
    fn urn_codes() {
        let table = [
            (UrnErrorCode::MissingField, 400_005, 400),
            (UrnErrorCode::InvalidField, 400_007, 400),
            (UrnErrorCode::Unauthenticated, 401_001, 401),
            (UrnErrorCode::Forbidden, 403_001, 403),
            (UrnErrorCode::OrganisationNotFound, 404_001, 404),
            (UrnErrorCode::Other(409_002), 409_002, 409),
        ];
        for (code, number, status) in table {
            assert_eq!(code.code(), number);
            assert_eq!(code.http_status(), status);
            assert_eq!(UrnErrorCode::from_code(number), code);
        }
        let body = UrnError::new(UrnErrorCode::MissingField, "surname is required");
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"code":400005,"message":"surname is required"}"#
        );
        assert_eq!(body.http_status(), 400);
    }

    #[test]
    fn urn_code_from_field_errors() {
        let missing = [
            FieldError::new("email", Violation::Email),
            FieldError::new("surname", Violation::Required),
        ];
        assert_eq!(UrnError::from_field_errors(&missing).code, 400_005);
        let invalid = [FieldError::new("email", Violation::Email)];
        assert_eq!(UrnError::from_field_errors(&invalid).code, 400_007);
        assert_eq!(
            UrnErrorCode::for_violation(Violation::TooLong { max: 256 }),
            UrnErrorCode::InvalidField
        );
    }
}
