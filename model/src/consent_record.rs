//! Consent records: a visitor's decisions on a project's consent types. Our extension,
//! shaped in Concord's style (seed 001: camelCase JSON, uuid ids, `dateCreated`, nested
//! under the project), because the seeds define consent TYPES but no way to record a
//! decision.
//!
//! - `POST /organizations/{organizationId}/projects/{projectId}/consent-records` with a
//!   [`NewConsentRecord`] answers 201 with the stored `Vec<ConsentRecord>`, one per
//!   decision (public widget key allowed for its own project).
//! - `GET  .../consent-records?subjectId=&consentTypeId=` lists them (admin key only),
//!   oldest first: the history is the audit trail, nothing is updated in place.

use serde::{Deserialize, Serialize};

use crate::consent_type::ConsentState;
use crate::settings::{is_region, RegionPolicy};
use crate::string_enum::string_enum;
use crate::validate::{
    distinct, format, is_uuid, items, known, len, Errors, FieldError, Validate, Violation,
};

string_enum! {
    /// Which part of the widget recorded the decision.
    pub enum ConsentSource {
        /// The first-visit banner ("accept all" / "decline all").
        Banner = "banner",
        /// The detailed preferences panel.
        Panel = "panel",
        /// The "Load" button of a blocked embed's placeholder (one type).
        Placeholder = "placeholder",
        /// The "Do not sell or share my personal information" entry (opt-out regions).
        OptOut = "opt-out",
        /// Another client of the API (a server, a CRM import): what the server
        /// stores when a body names no source.
        Api = "api",
    }
}

/// Longest `userAgent` kept; browsers send about 150 chars, so more is not a browser.
pub const USER_AGENT_MAX: usize = 512;

/// Most decisions in one record body, whatever the project. The server also refuses more
/// decisions than the project has consent types (one decision per type at most).
pub const MAX_DECISIONS: usize = 100;

/// One decision on one consent type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentDecision {
    /// UUID of the consent type decided on (must belong to the project).
    pub consent_type_id: String,
    /// The consent type `version` the visitor saw. Unsigned, so `>= 0` holds by type;
    /// the server also refuses a version newer than the stored one.
    pub version: u32,
    /// `accepted` or `declined` (other [`ConsentState`]s are not decisions a visitor makes).
    pub state: ConsentState,
}

/// Request body: a visitor's decisions, recorded together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewConsentRecord {
    /// Random UUID the widget generates once per browser and keeps in local storage: it
    /// links a visitor's decisions without identifying them.
    pub subject_id: String,
    /// At least one decision, at most [`MAX_DECISIONS`], one per consent type.
    pub decisions: Vec<ConsentDecision>,
    /// Where the decision was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ConsentSource>,
    /// `navigator.userAgent`, <= 512 chars (evidence of how consent was given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Whether the browser sent Global Privacy Control (`navigator.globalPrivacyControl`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpc: Option<bool>,
    /// The visitor's region as the widget knew it (`DE`, `US-CA`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The region policy the widget applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<RegionPolicy>,
}

impl Validate for NewConsentRecord {
    /// Field names of decisions are indexed: `decisions[1].state`.
    fn validate(&self) -> Vec<FieldError> {
        let mut e = Errors::default();
        e.required("subjectId", Some(&self.subject_id), |v| {
            format(is_uuid(v), Violation::Uuid)
        });
        if self.decisions.is_empty() {
            e.check("decisions", Err(Violation::Required));
        }
        let types: Vec<String> = (self.decisions.iter().take(MAX_DECISIONS + 1))
            .map(|d| d.consent_type_id.to_ascii_lowercase())
            .collect();
        e.check(
            "decisions",
            items(&self.decisions, MAX_DECISIONS).and_then(|()| distinct(&types)),
        );
        for (i, d) in self.decisions.iter().enumerate().take(MAX_DECISIONS) {
            e.required(
                &format!("decisions[{i}].consentTypeId"),
                Some(&d.consent_type_id),
                |v| format(is_uuid(v), Violation::Uuid),
            );
            e.check(
                &format!("decisions[{i}].state"),
                known(matches!(
                    d.state,
                    ConsentState::Accepted | ConsentState::Declined
                )),
            );
        }
        if let Some(source) = &self.source {
            e.check("source", known(source.is_known()));
        }
        e.optional("userAgent", self.user_agent.as_deref(), |v| {
            len(v, 0, USER_AGENT_MAX)
        });
        e.optional("region", self.region.as_deref(), |v| {
            format(is_region(v), Violation::UnknownValue)
        });
        if let Some(policy) = &self.policy {
            e.check("policy", known(policy.is_known()));
        }
        e.0
    }
}

/// One stored decision (response item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentRecord {
    /// UUID of this record.
    pub id: String,
    /// Organization UUID.
    pub organization: String,
    /// Project UUID.
    pub project: String,
    /// The visitor's random UUID.
    pub subject_id: String,
    /// Consent type UUID.
    pub consent_type_id: String,
    /// Consent type version decided on.
    pub version: u32,
    /// `accepted` or `declined`.
    pub state: ConsentState,
    /// Banner or panel, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ConsentSource>,
    /// User agent, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Global Privacy Control as the widget saw it, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpc: Option<bool>,
    /// The visitor's region, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The region policy applied, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<RegionPolicy>,
    /// Hex SHA-256 of the consent type's text and URL at `version` (what was shown),
    /// when the server knows that version's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_hash: Option<String>,
    /// Position in the project's chain, from 1.
    #[serde(default)]
    pub seq: u64,
    /// Hex SHA-256 over the previous record's hash and this record's fields: the
    /// chain `GET .../consent-records/verify` checks.
    #[serde(default)]
    pub hash: String,
    /// ISO 8601 timestamp (server time of the POST).
    pub date_created: String,
}

/// `GET .../consent-records/verify`: the chain checked from its first record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChainReport {
    /// Whether every record's hash matched.
    pub valid: bool,
    /// Records checked.
    pub checked: u64,
    /// The last record's hash (anchor it elsewhere to detect a cut tail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
    /// The first record whose hash does not match, when one does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_broken: Option<BrokenLink>,
}

/// The first record of a chain that fails its check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BrokenLink {
    /// Record UUID.
    pub id: String,
    /// Its position.
    pub seq: u64,
    /// When it was recorded.
    pub date_created: String,
}

/// Longest period the consent statistics cover, in days.
pub const STATS_MAX_DAYS: u32 = 366;

/// `GET .../consent-stats?from=YYYY-MM-DD&to=YYYY-MM-DD`: counts computed from the
/// records, no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentStats {
    /// First day counted (UTC), `YYYY-MM-DD`.
    pub from: String,
    /// Last day counted, inclusive.
    pub to: String,
    /// One entry per consent type of the project, in the consent-types list's order.
    pub types: Vec<TypeStats>,
    /// How banner answers went.
    pub banner: BannerStats,
}

/// One consent type's decisions per day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeStats {
    /// Consent type UUID.
    pub consent_type_id: String,
    /// Its label.
    pub label: String,
    /// Every day of the period, oldest first, zeros included.
    pub days: Vec<DayCount>,
}

/// Decisions of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DayCount {
    /// `YYYY-MM-DD` (UTC).
    pub date: String,
    /// Acceptances that day.
    pub accepted: u64,
    /// Refusals that day.
    pub declined: u64,
}

/// Answers given in the period, one per recorded choice (one POST).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BannerStats {
    /// Banner answers that accepted every type.
    pub accept_all: u64,
    /// Banner answers that declined every refusable type.
    pub reject_all: u64,
    /// Choices saved from the preferences panel.
    pub customised: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    const UUID: &str = "497f6eca-6276-4993-bfeb-53cbbbba6f08";

    fn body() -> NewConsentRecord {
        NewConsentRecord {
            subject_id: UUID.into(),
            decisions: vec![ConsentDecision {
                consent_type_id: UUID.into(),
                version: 1,
                state: ConsentState::Accepted,
            }],
            source: Some(ConsentSource::Banner),
            user_agent: Some("Mozilla/5.0".into()),
            gpc: None,
            region: None,
            policy: None,
        }
    }

    #[test]
    fn json_shape_round_trips() {
        let json = r#"{"subjectId":"497f6eca-6276-4993-bfeb-53cbbbba6f08","decisions":[{"consentTypeId":"497f6eca-6276-4993-bfeb-53cbbbba6f08","version":1,"state":"accepted"}],"source":"banner","userAgent":"Mozilla/5.0"}"#;
        let parsed: NewConsentRecord = serde_json::from_str(json).unwrap();
        assert_eq!(parsed, body());
        assert_eq!(serde_json::to_string(&parsed).unwrap(), json);
    }

    #[test]
    fn valid_body_and_each_violation() {
        assert_eq!(body().validate(), vec![]);
        let mut b = body();
        b.subject_id = "visitor-1".into();
        b.decisions[0].consent_type_id = String::new();
        b.decisions.push(ConsentDecision {
            consent_type_id: UUID.into(),
            version: 0,
            state: ConsentState::Implied,
        });
        b.source = Some(ConsentSource::parse("popup"));
        b.user_agent = Some("a".repeat(USER_AGENT_MAX + 1));
        assert_eq!(
            b.validate(),
            vec![
                FieldError::new("subjectId", Violation::Uuid),
                FieldError::new("decisions[0].consentTypeId", Violation::Required),
                FieldError::new("decisions[1].state", Violation::UnknownValue),
                FieldError::new("source", Violation::UnknownValue),
                FieldError::new(
                    "userAgent",
                    Violation::TooLong {
                        max: USER_AGENT_MAX
                    }
                ),
            ]
        );
        b.user_agent = Some("a".repeat(USER_AGENT_MAX));
        b.decisions.clear();
        assert!(b
            .validate()
            .contains(&FieldError::new("decisions", Violation::Required)));
    }

    #[test]
    fn decisions_are_bounded_and_one_per_type() {
        let decision = |i: usize| ConsentDecision {
            consent_type_id: format!("497f6eca-6276-4993-bfeb-{i:012}"),
            version: 1,
            state: ConsentState::Declined,
        };
        let mut b = body();
        b.decisions = (0..MAX_DECISIONS).map(decision).collect();
        assert_eq!(b.validate(), vec![]);
        b.decisions.push(decision(MAX_DECISIONS));
        assert_eq!(
            b.validate(),
            vec![FieldError::new(
                "decisions",
                Violation::TooMany { max: MAX_DECISIONS }
            )]
        );
        b.decisions = vec![decision(1), decision(2), decision(1)];
        b.decisions[2].consent_type_id = b.decisions[2].consent_type_id.to_uppercase();
        assert_eq!(
            b.validate(),
            vec![FieldError::new("decisions", Violation::Duplicate)]
        );
    }

    #[test]
    fn negative_version_is_a_decode_error() {
        let json = r#"{"subjectId":"x","decisions":[{"consentTypeId":"x","version":-1,"state":"accepted"}]}"#;
        assert!(serde_json::from_str::<NewConsentRecord>(json).is_err());
    }
}
