//! A workspace's widget settings (our extension, `GET/PUT /v1/ws/{ws}/settings`):
//! what the intake form requires and offers, in which languages, and how the
//! widget looks. The server stores and enforces them; the widget reads them from
//! the consent manifest; the admin page edits them. One definition, checked by
//! [`WidgetSettings::validate`] on both sides.
use serde::{Deserialize, Serialize};

use crate::dsr::{Purpose, RequiredFields, SHORT_TEXT, URL_TEXT};
use crate::string_enum::string_enum;
use crate::validate::{check_len, is_http_url, FieldError, Validate, Violation};

/// Languages the widget ships (the tags of `src/i18n`'s `Locale::ALL`, tested there).
pub const SUPPORTED_LOCALES: [&str; 4] = ["en", "fr", "nl", "de"];

/// The light scheme's page and button-text colour: a light accent must contrast with it.
pub const LIGHT_BACKGROUND: &str = "#ffffff";
/// The dark scheme's panel background and button-text colour (`style/widget.css`).
pub const DARK_BACKGROUNDS: [&str; 2] = ["#1c2128", "#0b1520"];
/// WCAG 2.2 AA for normal text (1.4.3): the accent colours links and button labels' ground.
pub const MIN_CONTRAST: f64 = 4.5;

string_enum! {
    /// Which colour scheme the widget uses.
    pub enum Theme {
        /// The visitor's system preference (`prefers-color-scheme`).
        Auto = "auto",
        /// Always light.
        Light = "light",
        /// Always dark.
        Dark = "dark",
    }
}

string_enum! {
    /// How the widget asks for consent in a region (issue 15, region rules).
    pub enum RegionPolicy {
        /// Banner before anything optional runs (EU/EEA, UK, CH). The strictest:
        /// what applies when the region is unknown.
        OptIn = "opt-in",
        /// No banner; optional types run until the visitor opts out through the
        /// "Do not sell or share my personal information" entry; GPC is an opt-out
        /// (US state laws).
        OptOut = "opt-out",
        /// A notice with one acknowledgement; optional types run.
        Notice = "notice",
    }
}

string_enum! {
    /// Which law sets the deadlines of the workspace's requests (issue 16).
    pub enum DeadlinePolicy {
        /// GDPR Art. 12(3): one month from receipt, extendable by two more
        /// months with reasons given to the requester within the first month.
        Gdpr = "gdpr",
        /// CCPA (Cal. Civ. Code 1798.130, regs 7021): acknowledge within 10
        /// business days, answer within 45 days, extendable once by 45 with notice.
        Ccpa = "ccpa",
    }
}

/// One region's policy: `region` is an ISO 3166-1 alpha-2 country (`US`) or an
/// ISO 3166-2 subdivision (`US-CA`), upper case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegionRule {
    /// `US`, `US-CA`, `BR`.
    pub region: String,
    /// What applies there.
    pub policy: RegionPolicy,
}

/// Most region rules a workspace keeps (countries and a few subdivisions).
pub const MAX_REGION_RULES: usize = 300;

/// A workspace's widget settings. Every field has a default, so a workspace that
/// never saved settings behaves as before they existed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WidgetSettings {
    /// Intake fields the form and the server require. `purposes` is always on:
    /// a request without a type cannot be worked.
    pub required: RequiredFields,
    /// Request types the form offers, in this order (at least one, each once).
    pub purposes: Vec<Purpose>,
    /// Languages offered, the first being the fallback (a subset of [`SUPPORTED_LOCALES`]).
    pub locales: Vec<String>,
    /// The privacy policy linked from the banner (http or https).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privacy_policy_url: Option<String>,
    /// The organisation named in the widget's header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_name: Option<String>,
    /// Colour scheme.
    pub theme: Theme,
    /// Accent of the light scheme, `#rrggbb`, contrasting with white.
    pub accent_light: String,
    /// Accent of the dark scheme, `#rrggbb`, contrasting with the dark panel.
    pub accent_dark: String,
    /// Policy of every known region without a rule of its own (opt-in by default).
    /// An unknown region always gets the strictest, opt-in ([`WidgetSettings::policy_for`]).
    pub default_policy: RegionPolicy,
    /// Per-region exceptions (a subdivision's rule wins over its country's).
    pub region_rules: Vec<RegionRule>,
    /// How long a refusal lasts before the widget asks again (ISO 8601 duration,
    /// e.g. `P6M` as the CNIL recommends); absent: as long as an acceptance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declined_duration: Option<String>,
    /// The law whose deadlines the workspace's new requests get.
    pub deadline_policy: DeadlinePolicy,
    /// Whether a request whose e-mail address is not confirmed yet counts toward
    /// its deadline from receipt (the law's reading: the clock starts on
    /// receipt). `false`: the deadline is counted from the confirmation.
    pub unverified_counts_toward_deadline: bool,
    /// Where the team is told of a requester's new message; absent: nobody is
    /// e-mailed (the inbox still counts unread messages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_email: Option<String>,
}

impl Default for WidgetSettings {
    fn default() -> Self {
        Self {
            required: RequiredFields::default(),
            purposes: Purpose::ALL
                .iter()
                .filter(|p| **p != Purpose::Unknown)
                .cloned()
                .collect(),
            locales: SUPPORTED_LOCALES.iter().map(|s| (*s).to_owned()).collect(),
            privacy_policy_url: None,
            organisation_name: None,
            theme: Theme::Auto,
            accent_light: "#0b5cad".into(),
            accent_dark: "#8cc4ff".into(),
            default_policy: RegionPolicy::OptIn,
            region_rules: Vec::new(),
            declined_duration: Some("P6M".into()),
            deadline_policy: DeadlinePolicy::Gdpr,
            unverified_counts_toward_deadline: true,
            notify_email: None,
        }
    }
}

impl WidgetSettings {
    /// Blank optional texts become absent and `purposes` is always required, so
    /// what is stored is what is enforced.
    pub fn normalized(mut self) -> Self {
        let blank = |s: &mut Option<String>| {
            if s.as_deref().is_some_and(|v| v.trim().is_empty()) {
                *s = None;
            }
        };
        blank(&mut self.privacy_policy_url);
        blank(&mut self.organisation_name);
        self.required.purposes = true;
        self.accent_light = self.accent_light.trim().to_ascii_lowercase();
        self.accent_dark = self.accent_dark.trim().to_ascii_lowercase();
        for r in &mut self.region_rules {
            r.region = r.region.trim().to_ascii_uppercase();
        }
        if self
            .declined_duration
            .as_deref()
            .is_some_and(|v| v.trim().is_empty())
        {
            self.declined_duration = None;
        }
        self
    }

    /// The policy that applies in `region` (`DE`, `US-CA`; any case): the
    /// subdivision's rule, else its country's, else the default; opt-in when the
    /// region is unknown. `public/consent-rules.js` mirrors it (shared vectors).
    pub fn policy_for(&self, region: Option<&str>) -> RegionPolicy {
        let Some(region) = region.map(str::trim).filter(|r| is_region(r)) else {
            return RegionPolicy::OptIn;
        };
        let region = region.to_ascii_uppercase();
        let country = region.split('-').next().unwrap_or_default();
        let rule =
            |code: &str| (self.region_rules.iter()).find(|r| r.region.eq_ignore_ascii_case(code));
        rule(&region)
            .or_else(|| rule(country))
            .map_or_else(|| self.default_policy.clone(), |r| r.policy.clone())
    }

    /// Whether the form offers `p`.
    pub fn offers(&self, p: &Purpose) -> bool {
        self.purposes.contains(p)
    }
}

impl Validate for WidgetSettings {
    /// `purposes`: 1..=9 known, distinct, not `Unknown`; `locales`: 1..=4 distinct
    /// supported tags; `privacyPolicyUrl` an http(s) URL <= 2048; `organisationName`
    /// <= 256; `theme` known; `accentLight` a `#rrggbb` colour with at least 4.5:1
    /// contrast against white, `accentDark` against both dark grounds.
    fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut push = |field: &str, v: Violation| errors.push(FieldError::new(field, v));
        if self.purposes.is_empty() {
            push("purposes", Violation::Required);
        } else if self
            .purposes
            .iter()
            .any(|p| matches!(p, Purpose::Other(_) | Purpose::Unknown))
        {
            push("purposes", Violation::UnknownValue);
        } else if has_duplicates(&self.purposes) {
            push("purposes", Violation::Duplicate);
        }
        if self.locales.is_empty() {
            push("locales", Violation::Required);
        } else if self
            .locales
            .iter()
            .any(|l| !SUPPORTED_LOCALES.contains(&l.as_str()))
        {
            push("locales", Violation::UnknownValue);
        } else if has_duplicates(&self.locales) {
            push("locales", Violation::Duplicate);
        }
        if let Some(url) = &self.privacy_policy_url {
            if let Some(e) = check_len("privacyPolicyUrl", url, 0, URL_TEXT) {
                push(&e.field, e.violation);
            } else if !is_http_url(url) {
                push("privacyPolicyUrl", Violation::Uri);
            }
        }
        if let Some(e) = self
            .organisation_name
            .as_deref()
            .and_then(|n| check_len("organisationName", n, 0, SHORT_TEXT))
        {
            push(&e.field, e.violation);
        }
        if matches!(self.theme, Theme::Other(_)) {
            push("theme", Violation::UnknownValue);
        }
        for (field, value, grounds) in [
            ("accentLight", &self.accent_light, &[LIGHT_BACKGROUND][..]),
            ("accentDark", &self.accent_dark, &DARK_BACKGROUNDS[..]),
        ] {
            match parse_hex_color(value) {
                None => push(field, Violation::Color),
                Some(c) => {
                    let worst = grounds
                        .iter()
                        .filter_map(|g| parse_hex_color(g))
                        .map(|g| contrast_ratio(c, g))
                        .fold(f64::INFINITY, f64::min);
                    if worst < MIN_CONTRAST {
                        push(field, Violation::Contrast);
                    }
                }
            }
        }
        if matches!(self.deadline_policy, DeadlinePolicy::Other(_)) {
            push("deadlinePolicy", Violation::UnknownValue);
        }
        if let Some(to) = self.notify_email.as_deref() {
            if let Some(e) = check_len("notifyEmail", to, 0, SHORT_TEXT) {
                push(&e.field, e.violation);
            } else if !crate::validate::is_email(to) {
                push("notifyEmail", Violation::Email);
            }
        }
        if matches!(self.default_policy, RegionPolicy::Other(_)) {
            push("defaultPolicy", Violation::UnknownValue);
        }
        if self.region_rules.len() > MAX_REGION_RULES {
            push(
                "regionRules",
                Violation::TooMany {
                    max: MAX_REGION_RULES,
                },
            );
        } else if self
            .region_rules
            .iter()
            .any(|r| !is_region(&r.region) || matches!(r.policy, RegionPolicy::Other(_)))
        {
            push("regionRules", Violation::UnknownValue);
        } else if has_duplicates(
            &(self.region_rules.iter())
                .map(|r| r.region.to_ascii_uppercase())
                .collect::<Vec<_>>(),
        ) {
            push("regionRules", Violation::Duplicate);
        }
        if let Some(d) = &self.declined_duration {
            if let Err(v) = crate::duration::IsoDuration::parse(d) {
                push("declinedDuration", v);
            }
        }
        errors
    }
}

/// `US` or `US-CA`: two ASCII letters, optionally `-` and 1..=3 letters or digits.
pub fn is_region(code: &str) -> bool {
    let (country, sub) = match code.split_once('-') {
        Some((c, s)) => (c, Some(s)),
        None => (code, None),
    };
    country.len() == 2
        && country.bytes().all(|b| b.is_ascii_alphabetic())
        && sub.is_none_or(|s| {
            (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

fn has_duplicates<T: PartialEq>(items: &[T]) -> bool {
    items
        .iter()
        .enumerate()
        .any(|(i, a)| items[..i].contains(a))
}

/// `#rrggbb` (either case) as RGB bytes.
pub fn parse_hex_color(value: &str) -> Option<[u8; 3]> {
    let hex = value.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// WCAG 2.2 relative luminance of an sRGB colour.
fn luminance(c: [u8; 3]) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
}

/// WCAG contrast ratio of two colours, 1.0 ..= 21.0.
pub fn contrast_ratio(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(s: &WidgetSettings) -> Vec<(String, Violation)> {
        s.validate()
            .into_iter()
            .map(|e| (e.field, e.violation))
            .collect()
    }

    #[test]
    fn defaults_are_valid_and_match_the_widget_css() {
        assert_eq!(fields(&WidgetSettings::default()), vec![]);
        let css = include_str!("../../style/widget.css");
        let d = WidgetSettings::default();
        assert!(css.contains(&format!("--pw-accent-light, {}", d.accent_light)));
        assert!(css.contains(&format!("--pw-accent-dark, {}", d.accent_dark)));
        assert!(css.contains(&format!("--pw-bg: {}", DARK_BACKGROUNDS[0])));
        assert!(css.contains(&format!("--pw-accent-fg: {}", DARK_BACKGROUNDS[1])));
    }

    #[test]
    fn contrast_follows_wcag() {
        let white = [255, 255, 255];
        assert!((contrast_ratio([0, 0, 0], white) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(white, white) - 1.0).abs() < 1e-9);
        // #767676 is the classic lightest grey passing 4.5:1 on white.
        assert!(contrast_ratio([0x76, 0x76, 0x76], white) >= 4.5);
        assert!(contrast_ratio([0x77, 0x77, 0x77], white) < 4.5);
    }

    #[test]
    fn every_rule_names_its_field() {
        let s = WidgetSettings {
            purposes: vec![Purpose::Access, Purpose::Access],
            locales: vec!["en".into(), "es".into()],
            privacy_policy_url: Some("javascript:alert(1)".into()),
            organisation_name: Some("x".repeat(SHORT_TEXT + 1)),
            theme: Theme::Other("sepia".into()),
            accent_light: "#ffff00".into(),
            accent_dark: "blue".into(),
            ..WidgetSettings::default()
        };
        assert_eq!(
            fields(&s),
            vec![
                ("purposes".into(), Violation::Duplicate),
                ("locales".into(), Violation::UnknownValue),
                ("privacyPolicyUrl".into(), Violation::Uri),
                (
                    "organisationName".into(),
                    Violation::TooLong { max: SHORT_TEXT }
                ),
                ("theme".into(), Violation::UnknownValue),
                ("accentLight".into(), Violation::Contrast),
                ("accentDark".into(), Violation::Color),
            ]
        );
        let empty = WidgetSettings {
            purposes: vec![],
            locales: vec![],
            ..WidgetSettings::default()
        };
        assert_eq!(
            fields(&empty),
            vec![
                ("purposes".into(), Violation::Required),
                ("locales".into(), Violation::Required)
            ]
        );
        let unknown = WidgetSettings {
            purposes: vec![Purpose::Unknown],
            // A light colour on a dark panel is fine; a dark one is not.
            accent_dark: "#0b5cad".into(),
            ..WidgetSettings::default()
        };
        assert_eq!(
            fields(&unknown),
            vec![
                ("purposes".into(), Violation::UnknownValue),
                ("accentDark".into(), Violation::Contrast)
            ]
        );
    }

    #[test]
    fn normalized_drops_blanks_and_always_requires_a_purpose() {
        let s: WidgetSettings = serde_json::from_str(
            r#"{"required":{"purposes":false,"email":false},"privacyPolicyUrl":" ","accentLight":" #0B5CAD "}"#,
        )
        .unwrap();
        let n = s.normalized();
        assert!(n.required.purposes && !n.required.email);
        assert_eq!(n.privacy_policy_url, None);
        assert_eq!(n.accent_light, "#0b5cad");
        assert_eq!(n.locales.len(), 4, "absent fields take their defaults");
    }
}
