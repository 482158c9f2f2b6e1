//! What the host page told the widget, through the script tag's `data-*`
//! attributes (read by `public/loader.js` and handed to `mount` as JSON).
use pw_model::RequiredFields;
use serde::Deserialize;

use crate::api::{ApiClient, ApiConfig};

/// The widget's configuration; every field has a usable default.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct WidgetConfig {
    /// Base URL of the API server (`data-api`), defaults to the loader's origin.
    pub api: String,
    /// Dastra workspace id (`data-workspace`).
    pub workspace: String,
    /// Concord organisation id (`data-organization`).
    pub organization: String,
    /// Concord project id (`data-project`).
    pub project: String,
    /// Public widget key (`data-key`): may only create DSRs and record consent.
    pub key: String,
    /// Dastra widget id sent with each request (`data-widget-id`).
    pub widget_id: Option<i64>,
    /// Preferred locale (`data-locale`); empty means the browser's.
    pub locale: String,
    /// Intake fields the workspace requires (`data-required`, comma separated
    /// JSON names, e.g. `email,givenName,familyName`); empty: email and a purpose.
    pub required: String,
    /// The preferences ask again only about the types that need a new answer
    /// (set by the loader when it showed the re-ask banner).
    pub reask: bool,
}

impl WidgetConfig {
    /// Parses the loader's JSON; a malformed config falls back to defaults so a
    /// host page typo never leaves the visitor without a widget.
    pub fn from_json(json: &str) -> Self {
        serde_json::from_str(json).unwrap_or_default()
    }

    /// The API client for the reference server or any service speaking the seeds.
    pub fn client(&self) -> ApiClient {
        ApiClient::new(ApiConfig::single(
            &self.api,
            &self.workspace,
            &self.organization,
            &self.project,
            &self.key,
        ))
    }

    /// The intake fields the visitor must fill.
    pub fn required_fields(&self) -> RequiredFields {
        if self.required.trim().is_empty() {
            return RequiredFields::default();
        }
        let names: Vec<&str> = self.required.split(',').map(str::trim).collect();
        let has = |n: &str| names.contains(&n);
        RequiredFields {
            email: has("email"),
            given_name: has("givenName"),
            family_name: has("familyName"),
            phone_number: has("phoneNumber"),
            address: has("address"),
            zip_code: has("zipCode"),
            city: has("city"),
            country_code: has("countryCode"),
            message: has("message"),
            // A request without a type cannot be worked: always required.
            purposes: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_fields_come_from_the_attribute() {
        let cfg = WidgetConfig {
            required: "givenName, familyName".into(),
            ..Default::default()
        };
        let r = cfg.required_fields();
        assert!(r.given_name && r.family_name && r.purposes);
        assert!(!r.email, "only what the workspace asks for");
        assert_eq!(
            WidgetConfig::default().required_fields(),
            RequiredFields::default()
        );
    }

    #[test]
    fn config_reads_loader_json() {
        let cfg =
            WidgetConfig::from_json(r#"{"api":"http://a","widgetId":3,"reask":true,"unknown":1}"#);
        assert_eq!(cfg.widget_id, Some(3));
        assert!(cfg.reask);
    }
}
