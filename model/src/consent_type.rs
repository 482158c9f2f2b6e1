//! Concord consent types (seed 001): `POST /organizations/{organizationId}/projects/
//! {projectId}/consent-types`, its request body, its response, and the body's constraints.
//!
//! Fields the seed shows as `[null]` (`subcategory`, `createdAt`, `updatedAt`) are the
//! documentation tool's rendering of an untyped union (`|boolean|number||string`), so they
//! stay `serde_json::Value` and round-trip whatever the server sends. In a response
//! ([`ConsentType`]) they are read only with the `untyped-fields` feature (the server,
//! the admin page); the widget's bundles skip them and so carry no `Value` decoder.

use serde::{Deserialize, Serialize};

use crate::duration::IsoDuration;
use crate::string_enum::string_enum;
use crate::validate::{
    distinct, format, is_http_url, is_label, items, known, len, Errors, FieldError, Validate,
    Violation,
};

/// Longest `url` (ours; the seed says only "format uri").
pub const URL_MAX: usize = 2_048;
/// Most entries in `validStates` (ours).
pub const MAX_VALID_STATES: usize = 16;
/// Longest entry of `validStates` (ours).
pub const STATE_MAX: usize = 64;
/// Longest `subcategory`, measured as its JSON text (ours; the seed gives no type bound).
pub const SUBCATEGORY_MAX: usize = 256;
/// Longest `consentDuration` (ours; `P99999Y` is already 273 000 years).
pub const DURATION_MAX: usize = 64;

string_enum! {
    /// A Google Consent Mode v2 signal a consent type can grant (our extension
    /// field `consentMode`; the widget's loader pushes them to `gtag`).
    pub enum ConsentModeSignal {
        /// Advertising cookies.
        AdStorage = "ad_storage",
        /// Sending user data to Google for advertising.
        AdUserData = "ad_user_data",
        /// Personalised advertising.
        AdPersonalization = "ad_personalization",
        /// Analytics cookies.
        AnalyticsStorage = "analytics_storage",
        /// Functional storage (e.g. language).
        FunctionalityStorage = "functionality_storage",
        /// Personalisation storage (e.g. recommendations).
        PersonalizationStorage = "personalization_storage",
        /// Security storage (e.g. authentication, fraud prevention).
        SecurityStorage = "security_storage",
    }
}

impl ConsentModeSignal {
    /// The advertising signals, which stay denied under Global Privacy Control
    /// unless the visitor accepted their type one by one.
    pub fn is_ad(&self) -> bool {
        matches!(
            self,
            Self::AdStorage | Self::AdUserData | Self::AdPersonalization
        )
    }
}

string_enum! {
    /// Consent type category (seed 001: "disclosure" | "communication" | "privacy_setting" |
    /// "custom").
    pub enum Category {
        /// A disclosure the user acknowledges.
        Disclosure = "disclosure",
        /// Permission to contact the user.
        Communication = "communication",
        /// A privacy setting.
        PrivacySetting = "privacy_setting",
        /// Anything else.
        Custom = "custom",
    }
}

string_enum! {
    /// Lifecycle status (seed 001: "active" | "test" | "archived"; default "active").
    pub enum ConsentStatus {
        /// In use.
        Active = "active",
        /// Only for testing.
        Test = "test",
        /// Retired.
        Archived = "archived",
    }
}

/// The name STYLE.md gives this enum.
pub use ConsentStatus as Status;

impl Default for ConsentStatus {
    /// The seed's default.
    fn default() -> Self {
        Self::Active
    }
}

string_enum! {
    /// A state a consent can be in, listed in `validStates`. The seed shows only
    /// "implied" and types the list as `array<string>` with no enum; the other three are
    /// our choice for the widget's consent panel (explicit yes, explicit no, and taking a
    /// yes back). Any other string is kept as `Other` and accepted in `validStates`
    /// (forward compatible), but a visitor's decision is only ever accepted or declined.
    pub enum ConsentState {
        /// Explicitly given.
        Accepted = "accepted",
        /// Explicitly refused.
        Declined = "declined",
        /// Inferred from behaviour (seed 001).
        Implied = "implied",
        /// Given, then taken back.
        Withdrawn = "withdrawn",
    }
}

/// Request body of "Create consent type" (seed 001).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewConsentType {
    /// Required; a known [`Category`].
    pub category: Category,
    /// Required (seed 001 marks it without `?`): `boolean | number | string` per the
    /// seed, whose own example sends `[null]`; any JSON value but `null` or a blank string,
    /// at most [`SUBCATEGORY_MAX`] characters as JSON text. An `Option` so a missing one
    /// reaches [`Validate`] (422 naming the field) instead of failing JSON decoding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subcategory: Option<serde_json::Value>,
    /// Required; `[a-z0-9_*]{1,128}`, <= 128 chars (seed 001).
    pub label: String,
    /// 5..=100 chars (seed 001).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// <= 2000 chars (seed 001).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The consent text; <= 5,000,000 chars (seed 001).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Seed 001: format uri; ours: an http or https URL (it is shown to visitors as a
    /// link), <= [`URL_MAX`] chars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// States a consent of this type may take: any strings (seed 001: `array<string>`),
    /// at most [`MAX_VALID_STATES`], each 1..=[`STATE_MAX`] chars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_states: Option<Vec<ConsentState>>,
    /// How long a consent lasts; ISO 8601 duration (seed 001: format duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_duration: Option<String>,
    /// Default "active" (seed 001); absent stays absent so the body round-trips.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ConsentStatus>,
    /// Default false (seed 001).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Default false (seed 001): users must accept again when the version changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_reaccept: Option<bool>,
    /// Extension: the Consent Mode v2 signals an acceptance of this type
    /// grants (each once, known values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_mode: Option<Vec<ConsentModeSignal>>,
}

impl NewConsentType {
    /// A body with the required fields; everything else absent. `subcategory` starts as
    /// `false` (the seed's union allows a boolean: "none"); set it when there is one.
    pub fn new(category: Category, label: impl Into<String>) -> Self {
        Self {
            category,
            subcategory: Some(serde_json::Value::Bool(false)),
            label: label.into(),
            name: None,
            description: None,
            document: None,
            url: None,
            valid_states: None,
            consent_duration: None,
            status: None,
            required: None,
            require_reaccept: None,
            consent_mode: None,
        }
    }

    /// `status`, or the seed's default "active".
    pub fn status_or_default(&self) -> ConsentStatus {
        self.status.clone().unwrap_or_default()
    }

    /// `required`, or the seed's default `false`.
    pub fn required_or_default(&self) -> bool {
        self.required.unwrap_or(false)
    }

    /// `requireReaccept`, or the seed's default `false`.
    pub fn require_reaccept_or_default(&self) -> bool {
        self.require_reaccept.unwrap_or(false)
    }
}

impl Validate for NewConsentType {
    fn validate(&self) -> Vec<FieldError> {
        let mut e = Errors::default();
        e.check("category", known(self.category.is_known()));
        e.check(
            "subcategory",
            match &self.subcategory {
                None | Some(serde_json::Value::Null) => Err(Violation::Required),
                Some(serde_json::Value::String(s)) if s.trim().is_empty() => {
                    Err(Violation::Required)
                }
                Some(v) => len(&v.to_string(), 0, SUBCATEGORY_MAX),
            },
        );
        // The pattern already bounds the length; report TooLong first so the message says
        // "at most 128" rather than "invalid characters" for a long but clean label.
        e.required("label", Some(&self.label), |v| {
            len(v, 1, 128).and_then(|()| format(is_label(v), Violation::Pattern))
        });
        e.optional("name", self.name.as_deref(), |v| len(v, 5, 100));
        e.optional("description", self.description.as_deref(), |v| {
            len(v, 0, 2_000)
        });
        e.optional("document", self.document.as_deref(), |v| {
            len(v, 0, 5_000_000)
        });
        e.optional("url", self.url.as_deref(), |v| {
            len(v, 0, URL_MAX).and_then(|()| format(is_http_url(v), Violation::Uri))
        });
        if let Some(states) = &self.valid_states {
            e.check(
                "validStates",
                items(states, MAX_VALID_STATES).and_then(|()| {
                    states
                        .iter()
                        .try_for_each(|s| len(s.as_str(), 1, STATE_MAX))
                }),
            );
        }
        e.optional("consentDuration", self.consent_duration.as_deref(), |v| {
            len(v, 0, DURATION_MAX).and_then(|()| IsoDuration::parse(v).map(drop))
        });
        if let Some(status) = &self.status {
            e.check("status", known(status.is_known()));
        }
        if let Some(signals) = &self.consent_mode {
            e.check(
                "consentMode",
                known(signals.iter().all(ConsentModeSignal::is_known))
                    .and_then(|()| distinct(signals)),
            );
        }
        e.0
    }
}

/// Response of "Create consent type" (seed 001). Everything but `id` is optional so a
/// leaner response still decodes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentType {
    /// Untyped in the seed (`[null]`).
    #[cfg_attr(
        feature = "untyped-fields",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(not(feature = "untyped-fields"), serde(skip))]
    pub created_at: Option<serde_json::Value>,
    /// Untyped in the seed (`[null]`).
    #[cfg_attr(
        feature = "untyped-fields",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(not(feature = "untyped-fields"), serde(skip))]
    pub updated_at: Option<serde_json::Value>,
    /// UUID.
    pub id: String,
    /// Organization UUID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// Project UUID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// As sent.
    #[cfg_attr(
        feature = "untyped-fields",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(not(feature = "untyped-fields"), serde(skip))]
    pub subcategory: Option<serde_json::Value>,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Version, bumped on change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_created: Option<String>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_updated: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Consent text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Not editable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    /// Allowed consent states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_states: Option<Vec<ConsentState>>,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ConsentStatus>,
    /// Kept as sent: the seed's example value is "string", not a duration. Use
    /// [`ConsentType::duration`] to read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_duration: Option<String>,
    /// Consent is mandatory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Version from which users must accept again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_reaccept_version: Option<i64>,
    /// Extension: the Consent Mode v2 signals an acceptance grants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_mode: Option<Vec<ConsentModeSignal>>,
}

impl ConsentType {
    /// `consentDuration` parsed; `None` if absent or not a valid ISO 8601 duration.
    pub fn duration(&self) -> Option<IsoDuration> {
        IsoDuration::parse(self.consent_duration.as_deref()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> NewConsentType {
        NewConsentType::new(Category::Communication, "newsletter")
    }

    /// One table row: a field setter, a value just inside, one just outside, the violation.
    type Case = (
        &'static str,
        fn(&mut NewConsentType, String),
        String,
        String,
        Violation,
    );

    #[test]
    fn each_constraint_just_inside_and_just_outside() {
        let cases: Vec<Case> = vec![
            (
                "name",
                |b, v| b.name = Some(v),
                "a".repeat(5),
                "a".repeat(4),
                Violation::TooShort { min: 5 },
            ),
            (
                "name",
                |b, v| b.name = Some(v),
                "ü".repeat(100),
                "ü".repeat(101),
                Violation::TooLong { max: 100 },
            ),
            (
                "description",
                |b, v| b.description = Some(v),
                "a".repeat(2_000),
                "a".repeat(2_001),
                Violation::TooLong { max: 2_000 },
            ),
            (
                "document",
                |b, v| b.document = Some(v),
                "a".repeat(5_000_000),
                "a".repeat(5_000_001),
                Violation::TooLong { max: 5_000_000 },
            ),
            (
                "label",
                |b, v| b.label = v,
                "a".repeat(128),
                "a".repeat(129),
                Violation::TooLong { max: 128 },
            ),
            (
                "label",
                |b, v| b.label = v,
                "a_b*1".into(),
                "A".into(),
                Violation::Pattern,
            ),
            (
                "label",
                |b, v| b.label = v,
                "a".into(),
                "a-b".into(),
                Violation::Pattern,
            ),
            (
                "label",
                |b, v| b.label = v,
                "a".into(),
                String::new(),
                Violation::Required,
            ),
            (
                "url",
                |b, v| b.url = Some(v),
                "http://example.com".into(),
                "example.com".into(),
                Violation::Uri,
            ),
            (
                "url",
                |b, v| b.url = Some(v),
                "https://shop.example/privacy".into(),
                "javascript:alert(document.domain)".into(),
                Violation::Uri,
            ),
            (
                "url",
                |b, v| b.url = Some(v),
                "HTTP://x.example".into(),
                "urn:x:1".into(),
                Violation::Uri,
            ),
            (
                "url",
                |b, v| b.url = Some(v),
                format!("https://x.example/{}", "a".repeat(URL_MAX - 18)),
                format!("https://x.example/{}", "a".repeat(URL_MAX - 17)),
                Violation::TooLong { max: URL_MAX },
            ),
            (
                "subcategory",
                |b, v| b.subcategory = Some(serde_json::Value::String(v)),
                "a".repeat(SUBCATEGORY_MAX - 2),
                "a".repeat(SUBCATEGORY_MAX - 1),
                Violation::TooLong {
                    max: SUBCATEGORY_MAX,
                },
            ),
            (
                "subcategory",
                |b, v| b.subcategory = Some(serde_json::Value::String(v)),
                "cookies".into(),
                " ".into(),
                Violation::Required,
            ),
            (
                "consentDuration",
                |b, v| b.consent_duration = Some(v),
                format!("P{}1D", "0".repeat(DURATION_MAX - 3)),
                format!("P{}1D", "0".repeat(DURATION_MAX - 2)),
                Violation::TooLong { max: DURATION_MAX },
            ),
            (
                "consentDuration",
                |b, v| b.consent_duration = Some(v),
                "P1Y".into(),
                "P".into(),
                Violation::Duration,
            ),
            (
                "consentDuration",
                |b, v| b.consent_duration = Some(v),
                "PT36H".into(),
                "1Y".into(),
                Violation::Duration,
            ),
            (
                "consentDuration",
                |b, v| b.consent_duration = Some(v),
                "P2W".into(),
                "PT".into(),
                Violation::Duration,
            ),
            (
                "consentDuration",
                |b, v| b.consent_duration = Some(v),
                "P1Y2M10DT2H30M".into(),
                "P1H".into(),
                Violation::Duration,
            ),
        ];
        for (field, set, inside, outside, violation) in cases {
            let mut b = body();
            set(&mut b, inside.clone());
            assert_eq!(b.validate(), vec![], "{field} = {inside:.20}");
            set(&mut b, outside.clone());
            assert_eq!(
                b.validate(),
                vec![FieldError::new(field, violation)],
                "{field} = {outside:.20}"
            );
        }
    }

    #[test]
    fn unknown_enum_values_are_rejected() {
        let mut b = body();
        b.category = Category::parse("marketing");
        b.status = Some(ConsentStatus::parse("deleted"));
        let fields: Vec<_> = b.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["category", "status"]);
        assert!(b
            .validate()
            .iter()
            .all(|e| e.violation == Violation::UnknownValue));
        b.status = Some(ConsentStatus::Archived);
        b.category = Category::PrivacySetting;
        b.valid_states = Some(ConsentState::ALL.to_vec());
        assert_eq!(b.validate(), vec![]);
    }

    #[test]
    fn valid_states_are_any_strings_bounded() {
        let mut b = body();
        b.valid_states = Some(vec![
            ConsentState::Implied,
            ConsentState::parse("opted_out"),
        ]);
        assert_eq!(b.validate(), vec![]);
        assert_eq!(
            serde_json::to_value(&b.valid_states).unwrap(),
            serde_json::json!(["implied", "opted_out"])
        );
        b.valid_states = Some(vec![ConsentState::Accepted; MAX_VALID_STATES + 1]);
        assert_eq!(
            b.validate(),
            vec![FieldError::new(
                "validStates",
                Violation::TooMany {
                    max: MAX_VALID_STATES
                }
            )]
        );
        b.valid_states = Some(vec![ConsentState::parse(&"x".repeat(STATE_MAX + 1))]);
        assert_eq!(
            b.validate(),
            vec![FieldError::new(
                "validStates",
                Violation::TooLong { max: STATE_MAX }
            )]
        );
        b.valid_states = Some(vec![ConsentState::parse("")]);
        assert_eq!(
            b.validate(),
            vec![FieldError::new(
                "validStates",
                Violation::TooShort { min: 1 }
            )]
        );
    }

    #[test]
    fn subcategory_is_required() {
        let b: NewConsentType =
            serde_json::from_str(r#"{"category":"custom","label":"x"}"#).unwrap();
        assert_eq!(
            b.validate(),
            vec![FieldError::new("subcategory", Violation::Required)]
        );
        for ok in [r#"true"#, r#"3"#, r#""cookies""#, r#"[null]"#] {
            let b: NewConsentType = serde_json::from_str(&format!(
                r#"{{"category":"custom","label":"x","subcategory":{ok}}}"#
            ))
            .unwrap();
            assert_eq!(b.validate(), vec![], "{ok}");
        }
        let b: NewConsentType =
            serde_json::from_str(r#"{"category":"custom","label":"x","subcategory":null}"#)
                .unwrap();
        assert_eq!(
            b.validate(),
            vec![FieldError::new("subcategory", Violation::Required)]
        );
    }

    #[test]
    fn defaults() {
        let b: NewConsentType =
            serde_json::from_str(r#"{"category":"custom","label":"x"}"#).unwrap();
        assert_eq!(
            NewConsentType::new(Category::Custom, "x").subcategory,
            Some(false.into())
        );
        assert_eq!(b.status, None);
        assert_eq!(b.status_or_default(), ConsentStatus::Active);
        assert!(!b.required_or_default() && !b.require_reaccept_or_default());
        assert_eq!(
            serde_json::to_string(&b).unwrap(),
            r#"{"category":"custom","label":"x"}"#
        );
        assert_eq!(ConsentStatus::default(), ConsentStatus::Active);
    }

    #[test]
    fn missing_required_field_is_a_decode_error() {
        let err = serde_json::from_str::<NewConsentType>(r#"{"category":"custom"}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `label`"), "{err}");
    }

    #[test]
    fn response_duration() {
        let mut t = ConsentType {
            consent_duration: Some("P1Y".into()),
            ..Default::default()
        };
        assert_eq!(t.duration().map(|d| d.years), Some(1));
        t.consent_duration = Some("string".into());
        assert_eq!(t.duration(), None);
    }
}
