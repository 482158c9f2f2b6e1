//! The status page's values in words: request states, closing reasons, the
//! deadline and its law, dates with times, file sizes. Dates and numbers go
//! through the browser's Intl, like the rest of the front end (STYLE 8).
use pw_model::dsr::ClosedReason;
use pw_model::{DeadlinePolicy, DsrState};
use wasm_bindgen::JsValue;

use crate::i18n::{t, Key, Locale};

/// A request state as the requester reads it (the team's finer steps are
/// "in progress" to them).
pub fn state(locale: Locale, state: &DsrState) -> &'static str {
    t(
        locale,
        match state {
            DsrState::Open => Key::ReqStateOpen,
            DsrState::IdentityValidation => Key::ReqStateIdentity,
            DsrState::Closed => Key::ReqStateClosed,
            DsrState::Processing | DsrState::Active | DsrState::Other(_) => Key::ReqStateProcessing,
        },
    )
}

/// Why the request was closed; `None` when no reason is worth telling.
pub fn closed_reason(locale: Locale, reason: &ClosedReason) -> Option<&'static str> {
    let key = match reason {
        ClosedReason::Completed => Key::ReqReasonCompleted,
        ClosedReason::Rejected => Key::ReqReasonRejected,
        ClosedReason::Withdrawn => Key::ReqReasonWithdrawn,
        ClosedReason::Duplicate => Key::ReqReasonDuplicate,
        ClosedReason::IdentityNotVerified => Key::ReqReasonIdentity,
        ClosedReason::None | ClosedReason::Other(_) => return None,
    };
    Some(t(locale, key))
}

/// The law the deadline follows, in one sentence; `None` for one this build
/// does not know.
pub fn policy(locale: Locale, policy: &DeadlinePolicy) -> Option<&'static str> {
    match policy {
        DeadlinePolicy::Gdpr => Some(t(locale, Key::ReqPolicyGdpr)),
        DeadlinePolicy::Ccpa => Some(t(locale, Key::ReqPolicyCcpa)),
        DeadlinePolicy::Other(_) => None,
    }
}

/// "12 days left", "due today", "3 days late".
pub fn remaining(locale: Locale, days: i64) -> String {
    match days {
        0 => t(locale, Key::ReqDueToday).to_string(),
        d if d > 0 => t(locale, Key::ReqDaysLeft).replace("{n}", &d.to_string()),
        d => t(locale, Key::ReqOverdue).replace("{n}", &(-d).to_string()),
    }
}

/// An ISO 8601 timestamp as a date and time in `locale` ("3 March 2026 at
/// 14:05"); the input unchanged if the browser cannot read it.
pub fn date_time(locale: Locale, iso: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_string();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(locale.intl_tag(), &options).into()
}

/// A size in bytes for people: "830 B", "12 KB", "1.4 MB" (decimal mark of `locale`).
pub fn file_size(locale: Locale, bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let bytes = bytes.max(0);
    let b = bytes as f64;
    if b < KB {
        return format!("{bytes} {}", if locale == Locale::Fr { "o" } else { "B" });
    }
    let (value, unit) = if b < KB * KB {
        ((b / KB).round(), "KB")
    } else {
        ((b / KB / KB * 10.0).round() / 10.0, "MB")
    };
    let number: String = js_sys::Number::from(value)
        .to_locale_string(locale.intl_tag())
        .into();
    let unit = match (locale, unit) {
        (Locale::Fr, "KB") => "Ko",
        (Locale::Fr, _) => "Mo",
        (_, u) => u,
    };
    format!("{number} {unit}")
}
