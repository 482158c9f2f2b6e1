//! What the host page told the widget, through the script tag's `data-*`
//! attributes (read by `public/loader.js` and handed to `mount` as JSON).
use pw_model::{Purpose, RegionPolicy, RequiredFields, WidgetSettings};
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
    /// Intake fields the host page requires IN ADDITION to the workspace's
    /// settings (`data-required`, comma separated JSON names, e.g.
    /// `givenName,familyName`): it can add fields, never drop one the server
    /// requires.
    pub required: String,
    /// The workspace's widget settings, from the manifest the loader fetched;
    /// absent when it could not (the defaults apply and the server decides).
    pub settings: Option<WidgetSettings>,
    /// The preferences ask again only about the types that need a new answer
    /// (set by the loader when it showed the re-ask banner).
    pub reask: bool,
    /// The visitor's region as the loader knew it (`data-region`, else the
    /// manifest's), recorded with each choice.
    pub region: Option<String>,
    /// The region policy the loader applies (opt-in when absent).
    pub policy: Option<RegionPolicy>,
}

impl WidgetConfig {
    /// Parses the loader's JSON; a malformed config falls back to defaults so a
    /// host page typo never leaves the visitor without a widget.
    pub fn from_json(json: &str) -> Self {
        crate::json::from_str(json).unwrap_or_default()
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

    /// The workspace's settings, or the defaults.
    pub fn settings(&self) -> WidgetSettings {
        self.settings.clone().unwrap_or_default()
    }

    /// The intake fields the visitor must fill: the workspace's, plus any the
    /// host page's `data-required` adds.
    pub fn required_fields(&self) -> RequiredFields {
        let mut r = self.settings().required;
        for name in self.required.split(',').map(str::trim) {
            if name != "purposes" {
                r.set(name, true);
            }
        }
        // A request without a type cannot be worked: always required.
        r.purposes = true;
        r
    }

    /// The request types the form offers, in the workspace's order.
    pub fn offered_purposes(&self) -> Vec<Purpose> {
        self.settings().purposes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_fields_are_the_workspaces_plus_what_the_page_adds() {
        assert_eq!(
            WidgetConfig::default().required_fields(),
            RequiredFields::default()
        );
        let mut settings = WidgetSettings::default();
        settings.required.email = false;
        settings.required.city = true;
        let cfg = WidgetConfig {
            required: "givenName, familyName, bogus".into(),
            settings: Some(settings),
            ..Default::default()
        };
        let r = cfg.required_fields();
        assert!(r.given_name && r.family_name && r.city && r.purposes);
        assert!(!r.email, "the workspace made it optional");
        // The page cannot drop what the workspace requires.
        let cfg = WidgetConfig {
            required: "givenName".into(),
            ..Default::default()
        };
        assert!(cfg.required_fields().email && cfg.required_fields().given_name);
    }

    #[test]
    fn config_reads_loader_json() {
        let cfg = WidgetConfig::from_json(
            r#"{"api":"http://a","widgetId":3,"reask":true,"unknown":1,
                "settings":{"purposes":["Erasure","Access"]}}"#,
        );
        assert_eq!(cfg.widget_id, Some(3));
        assert!(cfg.reask);
        assert_eq!(cfg.offered_purposes(), [Purpose::Erasure, Purpose::Access]);
    }
}
