//! What the visitor has typed into the DSR form, as plain data: turned into the
//! seed's create body, validated by the model's rules, and kept in
//! sessionStorage so a reload or a failed send loses nothing.
use pw_model::dsr::{Channel, PersonCategory};
use pw_model::{DataSubjectRequest, DsrIntake, FieldError, Purpose, RequiredFields};
use serde::{Deserialize, Serialize};

use crate::i18n::Locale;
use crate::person::display_name;

/// The form's state. Strings stay as typed (trimmed only when sent).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DsrDraft {
    /// Chosen request types, in the order the form lists them.
    pub purposes: Vec<Purpose>,
    /// `givenName`.
    pub given_name: String,
    /// `familyName`.
    pub family_name: String,
    /// `email`.
    pub email: String,
    /// `phoneNumber`.
    pub phone_number: String,
    /// `personCategory` as its seed string; empty when not chosen.
    pub person_category: String,
    /// `countryCode`.
    pub country_code: String,
    /// `address`.
    pub address: String,
    /// `zipCode`.
    pub zip_code: String,
    /// `city`.
    pub city: String,
    /// `message`.
    pub message: String,
    /// Sent as `Idempotency-Key`; created on the first send and kept until the
    /// server confirmed, so a retry (even after a reload) cannot file twice.
    pub idempotency_key: Option<String>,
}

/// Where the widget sends from and in which language.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SubmitContext {
    /// Dastra widget id (`data-widget-id`).
    pub widget_id: Option<i64>,
    /// The host page the visitor filed from.
    pub referrer_url: String,
    /// The language the visitor used.
    pub locale: Locale,
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

impl DsrDraft {
    /// Adds or removes a request type.
    pub fn toggle_purpose(&mut self, purpose: &Purpose, on: bool) {
        self.purposes.retain(|p| p != purpose);
        if on {
            // In the form's order, so the title reads the same however it was
            // ticked; inserted in place (a sort would add ~4 KB of code).
            let rank = |p: &Purpose| Purpose::ALL.iter().position(|k| k == p);
            let at = self.purposes.partition_point(|p| rank(p) <= rank(purpose));
            self.purposes.insert(at, purpose.clone());
        }
    }

    /// Nothing typed yet (the idempotency key alone is not input).
    pub fn is_blank(&self) -> bool {
        *self
            == DsrDraft {
                idempotency_key: self.idempotency_key.clone(),
                ..Default::default()
            }
    }

    /// The seed 002 create body.
    pub fn to_new_dsr(&self, ctx: &SubmitContext) -> DsrIntake {
        let name =
            display_name(Some(&self.given_name), Some(&self.family_name)).unwrap_or_default();
        let types = self
            .purposes
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        // The inbox searches titles (`q`), so a title that names type and person helps.
        let title = match (types.is_empty(), name.is_empty()) {
            (false, false) => Some(format!("{types} – {name}")),
            (false, true) => Some(types),
            (true, false) => Some(name),
            (true, true) => None,
        };
        DsrIntake {
            title,
            purposes: Some(self.purposes.clone()),
            given_name: opt(&self.given_name),
            family_name: opt(&self.family_name),
            email: opt(&self.email),
            phone_number: opt(&self.phone_number),
            person_category: opt(&self.person_category).map(|s| PersonCategory::parse(&s)),
            country_code: opt(&self.country_code).map(|c| c.to_ascii_uppercase()),
            address: opt(&self.address),
            zip_code: opt(&self.zip_code),
            city: opt(&self.city),
            message: opt(&self.message),
            channel: Some(Channel::Widget),
            widget_id: ctx.widget_id,
            referrer_url: opt(&ctx.referrer_url),
            locale: Some(ctx.locale.tag().to_string()),
            ..Default::default()
        }
    }

    /// Every rule the server will apply, checked before sending.
    pub fn errors(&self, required: &RequiredFields, ctx: &SubmitContext) -> Vec<FieldError> {
        DataSubjectRequest::from(self.to_new_dsr(ctx)).validate_new(required)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pw_model::Violation;

    fn ctx() -> SubmitContext {
        SubmitContext {
            widget_id: Some(7),
            referrer_url: "https://shop.example/privacy".into(),
            locale: Locale::Nl,
        }
    }

    #[test]
    fn body_carries_channel_widget_referrer_and_locale() {
        let mut d = DsrDraft {
            given_name: " Jan ".into(),
            family_name: "Jansen".into(),
            email: "jan@example.nl".into(),
            country_code: "nl".into(),
            ..Default::default()
        };
        d.toggle_purpose(&Purpose::Erasure, true);
        d.toggle_purpose(&Purpose::Access, true);
        let body = d.to_new_dsr(&ctx());
        assert_eq!(body.title.as_deref(), Some("Access, Erasure – Jan Jansen"));
        assert_eq!(body.channel, Some(Channel::Widget));
        assert_eq!(body.widget_id, Some(7));
        assert_eq!(body.locale.as_deref(), Some("nl"));
        assert_eq!(body.country_code.as_deref(), Some("NL"));
        assert_eq!(body.given_name.as_deref(), Some("Jan"));
        assert_eq!(body.phone_number, None, "blank stays absent");
    }

    #[test]
    fn errors_use_the_model_rules() {
        let d = DsrDraft {
            email: "not-an-email".into(),
            ..Default::default()
        };
        let errors = d.errors(&RequiredFields::default(), &ctx());
        assert!(errors
            .iter()
            .any(|e| e.field == "email" && e.violation == Violation::Email));
        assert!(errors
            .iter()
            .any(|e| e.field == "purposes" && e.violation == Violation::Required));
    }

    #[test]
    fn blank_ignores_the_idempotency_key() {
        let d = DsrDraft {
            idempotency_key: Some("k".into()),
            ..Default::default()
        };
        assert!(d.is_blank());
        assert!(!DsrDraft {
            city: "Gent".into(),
            ..Default::default()
        }
        .is_blank());
    }

    #[test]
    fn draft_survives_json_round_trip() {
        let mut d = DsrDraft {
            message: "Hé <b>".into(),
            ..Default::default()
        };
        d.toggle_purpose(&Purpose::Portability, true);
        let back: DsrDraft = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back, d);
    }
}
