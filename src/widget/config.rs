//! What the host page told the widget, through the script tag's `data-*`
//! attributes (read by `public/loader.js` and handed to `mount` as JSON).
use serde::Deserialize;

/// The widget's configuration; every field has a usable default.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct WidgetConfig {
    /// Base URL of the API server (`data-api`), defaults to the loader's origin.
    pub api: String,
    /// Dastra workspace id (`data-workspace`).
    pub workspace: String,
    /// Public widget key (`data-key`): may only create DSRs and record consent.
    pub key: String,
    /// Preferred locale (`data-locale`); empty means the browser's.
    pub locale: String,
    /// Which view to show (`data-view`).
    pub view: String,
}

impl WidgetConfig {
    /// Parses the loader's JSON; a malformed config falls back to defaults so a
    /// host page typo never leaves the visitor without a widget.
    pub fn from_json(json: &str) -> Self {
        serde_json::from_str(json).unwrap_or_default()
    }
}
