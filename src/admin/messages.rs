//! Wording helpers of the admin page: API errors in plain localized words
//! (including URN-service numbered codes, seed 003), enum value names, numbers
//! put into templates, dates through the browser's `Intl`.
use pw_model::consent_record::ConsentSource;
use pw_model::consent_type::ConsentState;
use pw_model::dsr::ClosedReason;
use pw_model::{Category, ConsentStatus, ContactStatus, DsrState, RegionPolicy, UrnErrorCode};

use crate::api::ApiError;
use crate::i18n::{t, Key, Locale};

/// `template` with `{n}` replaced by `n` (the admin's only interpolation).
pub fn fill(template: &str, n: impl ToString) -> String {
    template.replace("{n}", &n.to_string())
}

/// A localized sentence for a failed call. The server's own message (English,
/// from the seed body) follows as detail when it adds something.
pub fn api_error_text(locale: Locale, error: &ApiError) -> String {
    if let Some(code) = error.urn_code() {
        let key = match code {
            UrnErrorCode::MissingField => Key::UrnMissingField,
            UrnErrorCode::InvalidField => Key::UrnInvalidField,
            UrnErrorCode::Unauthenticated => Key::UrnUnauthenticated,
            UrnErrorCode::Forbidden => Key::UrnForbidden,
            UrnErrorCode::OrganisationNotFound => Key::UrnOrganisationNotFound,
            UrnErrorCode::Other(_) => Key::ErrUnexpected,
        };
        let detail = match error {
            ApiError::Urn { error, .. } if !error.message.is_empty() => {
                format!(" ({})", error.message)
            }
            _ => String::new(),
        };
        return format!("{} [{}]{detail}", t(locale, key), code.code());
    }
    let key = match error {
        ApiError::Network(_) => Key::NetworkError,
        ApiError::Timeout => Key::ErrTimeout,
        ApiError::Decode(_) | ApiError::Encode(_) => Key::ErrUnexpected,
        ApiError::Status { status, .. } | ApiError::Urn { status, .. } => match status {
            401 => Key::ErrUnauthorized,
            403 => Key::ErrForbidden,
            404 => Key::ErrNotFound,
            409 => Key::ErrConflict,
            400 | 413 | 422 => Key::ErrInvalid,
            429 => Key::RateLimited,
            _ => Key::ServerError,
        },
    };
    match error {
        ApiError::Status {
            body: Some(b),
            status,
        } if *status < 500 && !b.message.is_empty() => {
            format!("{} ({})", t(locale, key), b.message)
        }
        _ => t(locale, key).to_owned(),
    }
}

/// A request state's name.
pub fn state_name(locale: Locale, state: &DsrState) -> String {
    let key = match state {
        DsrState::Open => Key::StateOpen,
        DsrState::IdentityValidation => Key::StateIdentityValidation,
        DsrState::Processing => Key::StateProcessing,
        DsrState::Active => Key::StateActive,
        DsrState::Closed => Key::StateClosed,
        DsrState::Other(s) => return s.clone(),
    };
    t(locale, key).to_owned()
}

/// Why a request was closed, in words ("Not set" for `None`).
pub fn closed_reason_name(locale: Locale, reason: &ClosedReason) -> String {
    let key = match reason {
        ClosedReason::None => Key::NotSet,
        ClosedReason::Completed => Key::ReasonCompleted,
        ClosedReason::Rejected => Key::ReasonRejected,
        ClosedReason::Withdrawn => Key::ReasonWithdrawn,
        ClosedReason::Duplicate => Key::ReasonDuplicate,
        ClosedReason::IdentityNotVerified => Key::ReasonIdentityNotVerified,
        ClosedReason::Other(s) => return s.clone(),
    };
    t(locale, key).to_owned()
}

/// What an outbox e-mail was about (`OutboxMail::kind`), in words; a kind
/// this build does not know is shown as sent.
pub fn mail_kind_name(locale: Locale, kind: &str) -> String {
    let key = match kind {
        "verify" => Key::MailKindVerify,
        "confirmed" => Key::MailKindConfirmed,
        "message" => Key::MailKindMessage,
        "extended" => Key::MailKindExtended,
        "closed" => Key::MailKindClosed,
        "team" => Key::MailKindTeam,
        other => return other.to_owned(),
    };
    t(locale, key).to_owned()
}

/// What became of an outbox e-mail (`OutboxMail::status`), in words.
pub fn mail_status_name(locale: Locale, status: &str) -> String {
    let key = match status {
        "sent" => Key::MailSent,
        "outbox" => Key::MailInOutbox,
        "failed" => Key::MailFailed,
        "queued" => Key::MailQueued,
        other => return other.to_owned(),
    };
    t(locale, key).to_owned()
}

/// A record's source in words.
pub fn source_name(locale: Locale, s: &ConsentSource) -> String {
    let key = match s {
        ConsentSource::Banner => Key::SourceBanner,
        ConsentSource::Panel => Key::SourcePanel,
        ConsentSource::Placeholder => Key::SourcePlaceholder,
        ConsentSource::OptOut => Key::SourceOptOut,
        ConsentSource::Api => Key::SourceApi,
        ConsentSource::Other(s) => return s.clone(),
    };
    t(locale, key).to_owned()
}

/// A region policy in words.
pub fn policy_name(locale: Locale, p: &RegionPolicy) -> String {
    let key = match p {
        RegionPolicy::OptIn => Key::PolicyOptIn,
        RegionPolicy::OptOut => Key::PolicyOptOut,
        RegionPolicy::Notice => Key::PolicyNotice,
        RegionPolicy::Other(s) => return s.clone(),
    };
    t(locale, key).to_owned()
}

/// A consent type category's name.
pub fn category_name(locale: Locale, c: &Category) -> String {
    let key = match c {
        Category::Disclosure => Key::CategoryDisclosure,
        Category::Communication => Key::CategoryCommunication,
        Category::PrivacySetting => Key::CategoryPrivacySetting,
        Category::Custom => Key::CategoryCustom,
        Category::Other(s) => return s.clone(),
    };
    t(locale, key).to_owned()
}

/// A consent type status' name.
pub fn consent_status_name(locale: Locale, s: &ConsentStatus) -> String {
    let key = match s {
        ConsentStatus::Active => Key::StatusActive,
        ConsentStatus::Test => Key::StatusTest,
        ConsentStatus::Archived => Key::StatusArchived,
        ConsentStatus::Other(s) => return s.clone(),
    };
    t(locale, key).to_owned()
}

/// A contact status' name (same three words as consent types).
pub fn contact_status_name(locale: Locale, s: &ContactStatus) -> String {
    let key = match s {
        ContactStatus::Active => Key::StatusActive,
        ContactStatus::Test => Key::StatusTest,
        ContactStatus::Archived => Key::StatusArchived,
        ContactStatus::Other(s) => return s.clone(),
    };
    t(locale, key).to_owned()
}

/// A consent state's name.
pub fn consent_state_name(locale: Locale, s: &ConsentState) -> String {
    let key = match s {
        ConsentState::Accepted => Key::ConsentAccepted,
        ConsentState::Declined => Key::ConsentDeclined,
        ConsentState::Implied => Key::ConsentImplied,
        ConsentState::Withdrawn => Key::ConsentWithdrawn,
        ConsentState::Other(s) => return s.clone(),
    };
    t(locale, key).to_owned()
}

/// An ISO 8601 timestamp as a local date and time in `locale` (browser `Intl`);
/// the raw string when it does not parse, empty when absent.
pub fn fmt_datetime(locale: Locale, iso: Option<&str>) -> String {
    let Some(iso) = iso.filter(|s| !s.is_empty()) else {
        return String::new();
    };
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
        if !date.get_time().is_nan() {
            let options = js_sys::Object::new();
            let set = |k: &str, v: &str| {
                let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
            };
            set("dateStyle", "medium");
            set("timeStyle", "short");
            return date
                .to_locale_string(locale.intl_tag(), &options)
                .as_string()
                .unwrap_or_else(|| iso.to_owned());
        }
    }
    let _ = locale;
    iso.to_owned()
}

/// An ISO 8601 timestamp as a local date in `locale` ("3 May 2025", browser
/// `Intl`); the raw string when it does not parse, empty when absent.
pub fn fmt_date(locale: Locale, iso: Option<&str>) -> String {
    let Some(iso) = iso.filter(|s| !s.is_empty()) else {
        return String::new();
    };
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
        if !date.get_time().is_nan() {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
            return date
                .to_locale_date_string(locale.intl_tag(), &options)
                .into();
        }
    }
    let _ = locale;
    iso.to_owned()
}

/// A file size in `locale` with the unit that fits ("512 B", "1.5 MB",
/// "1,5 Mo"): browser `Intl` units over multiples of 1024, as file managers
/// count (so the 5 MiB limit reads "5 MB").
pub fn fmt_size(locale: Locale, bytes: u64) -> String {
    const KIB: u64 = 1024;
    let (value, unit, short) = match bytes {
        b if b >= KIB * KIB => (b as f64 / (KIB * KIB) as f64, "megabyte", "MB"),
        b if b >= KIB => (b as f64 / KIB as f64, "kilobyte", "kB"),
        // Intl's short "byte" unit reads "35 byte"; the symbol reads the same in every language.
        b => return format!("{b} B"),
    };
    intl_unit(locale, value, unit)
        .unwrap_or_else(|| format!("{} {short}", (value * 10.0).round() / 10.0))
}

/// `value` with `unit` through `Intl.NumberFormat` (browser only).
#[cfg(target_arch = "wasm32")]
fn intl_unit(locale: Locale, value: f64, unit: &str) -> Option<String> {
    let options = js_sys::Object::new();
    let set = |k: &str, v: wasm_bindgen::JsValue| {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v);
    };
    set("style", "unit".into());
    set("unit", unit.into());
    set("maximumFractionDigits", 1.into());
    let tags = js_sys::Array::of1(&locale.intl_tag().into());
    js_sys::Intl::NumberFormat::new(&tags, &options)
        .format()
        .call1(&wasm_bindgen::JsValue::UNDEFINED, &value.into())
        .ok()?
        .as_string()
}

#[cfg(not(target_arch = "wasm32"))]
fn intl_unit(_: Locale, _: f64, _: &str) -> Option<String> {
    None
}

/// Today's `(year, month)` in the browser's time zone (browser only).
pub fn this_month() -> (i32, u32) {
    let now = js_sys::Date::new_0();
    (now.get_full_year() as i32, now.get_month() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pw_model::{ErrorBody, UrnError};

    #[test]
    fn urn_codes_are_worded_with_their_number() {
        let e = ApiError::Urn {
            status: 400,
            error: UrnError::new(UrnErrorCode::MissingField, "surname is required"),
        };
        let text = api_error_text(Locale::En, &e);
        assert!(
            text.contains("400005") && text.contains("surname is required"),
            "{text}"
        );
        for code in UrnErrorCode::ALL {
            let e = ApiError::Urn {
                status: code.http_status(),
                error: UrnError::new(*code, ""),
            };
            for l in Locale::ALL {
                assert!(api_error_text(l, &e).contains(&code.code().to_string()));
            }
        }
    }

    #[test]
    fn statuses_are_worded() {
        let e = ApiError::Status {
            status: 401,
            body: Some(ErrorBody::new(401, "bad key")),
        };
        assert!(api_error_text(Locale::En, &e).contains("bad key"));
        let e = ApiError::Status {
            status: 500,
            body: Some(ErrorBody::new(500, "internals")),
        };
        assert!(!api_error_text(Locale::En, &e).contains("internals"));
        assert_eq!(fill("{n} days", 3), "3 days");
    }

    #[test]
    fn sizes_and_enum_names() {
        assert_eq!(fmt_size(Locale::En, 512), "512 B");
        assert_eq!(fmt_size(Locale::En, 1536), "1.5 kB");
        assert_eq!(
            fmt_size(Locale::En, pw_model::requester::FILE_MAX_BYTES),
            "5 MB"
        );
        assert_eq!(
            closed_reason_name(Locale::En, &ClosedReason::Withdrawn),
            t(Locale::En, Key::ReasonWithdrawn)
        );
        assert_eq!(
            closed_reason_name(Locale::Fr, &ClosedReason::Other("Later".into())),
            "Later"
        );
        assert_eq!(mail_kind_name(Locale::En, "digest"), "digest");
        assert_eq!(
            mail_status_name(Locale::De, "failed"),
            t(Locale::De, Key::MailFailed)
        );
    }
}
