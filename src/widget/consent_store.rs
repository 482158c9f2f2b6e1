//! A visitor's consent choices as kept in the host page's localStorage, and the
//! rules that decide what to ask: pure functions over the server's consent
//! types (seed 001) and the stored choices, tested natively.
//!
//! Why localStorage rather than a cookie: the loader reads the choices on every
//! page view without a request, and nothing needs them server-side on the host;
//! a cookie would be sent with every request to the host site for no use.
//! The loader (`public/loader.js`) reads and writes the same key: it gates
//! scripts before any wasm is fetched and stores the banner's Accept all /
//! Reject all. Its rules (`public/consent-rules.js`) and these run against one
//! table of cases, `tests/vectors/consent_rules.json`.
use pw_model::consent_record::{ConsentDecision, ConsentSource, NewConsentRecord};
use pw_model::duration::IsoDuration;
use pw_model::{Category, ConsentState, ConsentStatus, ConsentType, RegionPolicy};
use serde::{Deserialize, Serialize};

/// localStorage key for a project's choices (shared with the loader).
pub fn storage_key(project: &str) -> String {
    format!("pw-consent:{project}")
}

/// One decision on one consent type, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// Consent type id.
    pub id: String,
    /// The type's `version` the visitor decided on.
    pub version: u32,
    /// `accepted` or `declined`.
    pub state: ConsentState,
    /// When (unix ms).
    pub at: f64,
    /// When the decision lapses (unix ms), from the type's `consentDuration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<f64>,
    /// Where it was made (`banner`: Accept all / Reject all; `panel`: type by
    /// type). Under Global Privacy Control only the latter grants advertising
    /// signals (the loader's Consent Mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ConsentSource>,
}

/// Everything stored for one project (written by this module and by the
/// loader's `public/consent-rules.js`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StoredConsent {
    /// A random id for this browser, so records of one visitor can be grouped
    /// (and erased on request) without knowing who they are.
    pub subject_id: String,
    /// Decisions by consent type label.
    pub choices: Choices,
    /// A record the server has not confirmed yet (sent again on next load),
    /// with its idempotency key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsent: Option<(NewConsentRecord, String)>,
}

/// Values by consent type label, in the order first set, stored as a JSON
/// object `{label: value}`: the stored decisions ([`Choices`]) and the
/// panel's switch positions ([`Switches`]). A list rather than a `BTreeMap`:
/// a handful of entries, and the tree code was a few KB of the preferences
/// bundle.
#[derive(Clone, Debug, PartialEq)]
pub struct ByLabel<V>(Vec<(String, V)>);

/// Decisions by consent type label.
pub type Choices = ByLabel<Choice>;

/// Switch positions by consent type label.
pub type Switches = ByLabel<bool>;

impl<V> Default for ByLabel<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V> ByLabel<V> {
    /// The value for `label`.
    pub fn get(&self, label: &str) -> Option<&V> {
        self.iter().find(|(l, _)| *l == label).map(|(_, v)| v)
    }

    /// The value for `label`, to change it.
    pub fn get_mut(&mut self, label: &str) -> Option<&mut V> {
        self.0.iter_mut().find(|(l, _)| l == label).map(|(_, v)| v)
    }

    /// Sets `label`'s value, replacing an earlier one.
    pub fn insert(&mut self, label: String, value: V) {
        match self.get_mut(&label) {
            Some(v) => *v = value,
            None => self.0.push((label, value)),
        }
    }

    /// Every entry, in the order first set.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(l, v)| (l, v))
    }

    /// Every value, to change them.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.0.iter_mut().map(|(_, v)| v)
    }

    /// No entry at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Switches {
    /// Whether `label`'s switch is on (absent: off).
    pub fn is_on(&self, label: &str) -> bool {
        self.get(label) == Some(&true)
    }
}

/// Like a map's: a label given twice keeps its last value.
impl<V> FromIterator<(String, V)> for ByLabel<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(entries: I) -> Self {
        let mut map = Self::default();
        for (label, value) in entries {
            map.insert(label, value);
        }
        map
    }
}

/// `choices["news"]`, like a map: panics when there is no such label.
impl<V> std::ops::Index<&str> for ByLabel<V> {
    type Output = V;
    fn index(&self, label: &str) -> &V {
        self.get(label).expect("a value for this label")
    }
}

impl<V: Serialize> Serialize for ByLabel<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for ByLabel<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Entries<V> {
            type Value = ByLabel<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("values by label")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<ByLabel<V>, A::Error> {
                let mut map = ByLabel::default();
                while let Some((label, value)) = m.next_entry()? {
                    map.insert(label, value);
                }
                Ok(map)
            }
        }
        d.deserialize_map(Entries(std::marker::PhantomData))
    }
}

/// How a type can be answered in the panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offer {
    /// Shown as on and cannot be turned off (`required`, or no refusing state
    /// among `validStates`).
    Locked,
    /// A switch.
    Toggle,
}

fn label(t: &ConsentType) -> &str {
    t.label.as_deref().unwrap_or(&t.id)
}

fn version(t: &ConsentType) -> u32 {
    t.version.unwrap_or(0).max(0) as u32
}

/// Whether a type is offered at all (archived and test types are not).
pub fn is_active(t: &ConsentType) -> bool {
    t.status
        .as_ref()
        .is_none_or(|s| *s == ConsentStatus::Active)
}

/// How `t` can be answered.
pub fn offer(t: &ConsentType) -> Offer {
    let refusable = match &t.valid_states {
        Some(states) if !states.is_empty() => states.iter().any(|s| {
            matches!(
                s,
                ConsentState::Declined | ConsentState::Withdrawn | ConsentState::Implied
            )
        }),
        _ => true,
    };
    if t.required.unwrap_or(false) || !refusable {
        Offer::Locked
    } else {
        Offer::Toggle
    }
}

impl StoredConsent {
    /// The live (not expired) choice for a label.
    pub fn choice(&self, label: &str, now: f64) -> Option<&Choice> {
        self.choices
            .get(label)
            .filter(|c| c.expires.is_none_or(|e| e > now))
    }

    /// Labels of the active types the visitor must be asked about: never
    /// decided, decided but expired, declined longer ago than `declined_for`
    /// (the workspace's `declinedDuration`), or decided on a version older
    /// than the type's `requireReacceptVersion`. Locked types are never asked.
    pub fn needs_ask(
        &self,
        types: &[ConsentType],
        now: f64,
        declined_for: Option<&IsoDuration>,
    ) -> Vec<String> {
        let refusal_over = |c: &Choice| {
            c.state == ConsentState::Declined
                && declined_for
                    .and_then(|d| d.add_to_unix_millis(c.at as i64))
                    .is_some_and(|until| until as f64 <= now)
        };
        types
            .iter()
            .filter(|t| is_active(t) && offer(t) == Offer::Toggle)
            .filter(|t| match self.choice(label(t), now) {
                None => true,
                Some(c) => {
                    refusal_over(c)
                        || t.require_reaccept_version
                            .is_some_and(|r| r > i64::from(c.version))
                }
            })
            .map(|t| label(t).to_string())
            .collect()
    }

    /// Whether the visitor never chose anything for this project (first visit).
    pub fn is_first_visit(&self) -> bool {
        self.choices.is_empty()
    }

    /// The switch positions the panel starts with: locked types on; a live
    /// choice as chosen; otherwise, under the opt-in policy off, except types
    /// whose `validStates` allow `implied` consent, which start on unless the
    /// browser sends Global Privacy Control; under a notice policy on; under
    /// opt-out on unless GPC opts out (the loader's `effective` rule).
    pub fn initial_toggles(
        &self,
        types: &[ConsentType],
        gpc: bool,
        now: f64,
        policy: &RegionPolicy,
    ) -> Switches {
        types
            .iter()
            .filter(|t| is_active(t))
            .map(|t| {
                let on = match (offer(t), self.choice(label(t), now)) {
                    (Offer::Locked, _) => true,
                    (Offer::Toggle, Some(c))
                        if t.require_reaccept_version
                            .is_none_or(|r| r <= i64::from(c.version)) =>
                    {
                        c.state == ConsentState::Accepted
                    }
                    _ => match policy {
                        RegionPolicy::Notice => true,
                        RegionPolicy::OptOut => !gpc,
                        _ => {
                            !gpc && t
                                .valid_states
                                .as_ref()
                                .is_some_and(|s| s.contains(&ConsentState::Implied))
                        }
                    },
                };
                (label(t).to_string(), on)
            })
            .collect()
    }

    /// Applies the visitor's switches: stores every decision for `types`
    /// (with its expiry) and returns the record to send to the server.
    pub fn decide(
        &mut self,
        types: &[ConsentType],
        toggles: &Switches,
        source: ConsentSource,
        now: f64,
    ) -> NewConsentRecord {
        let mut decisions = Vec::new();
        for t in types.iter().filter(|t| is_active(t)) {
            let on = offer(t) == Offer::Locked || toggles.is_on(label(t));
            let state = if on {
                ConsentState::Accepted
            } else {
                ConsentState::Declined
            };
            let expires = t
                .duration()
                .and_then(|d| d.add_to_unix_millis(now as i64))
                .map(|ms| ms as f64);
            self.choices.insert(
                label(t).to_string(),
                Choice {
                    id: t.id.clone(),
                    version: version(t),
                    state: state.clone(),
                    at: now,
                    expires,
                    source: Some(source.clone()),
                },
            );
            decisions.push(ConsentDecision {
                consent_type_id: t.id.clone(),
                version: version(t),
                state,
            });
        }
        NewConsentRecord {
            subject_id: self.subject_id.clone(),
            decisions,
            source: Some(source),
            user_agent: None,
            gpc: None,
            region: None,
            policy: None,
        }
    }

    /// `{label: accepted}` for every live choice: the detail of the
    /// `privacywidget:consent` event and of `PrivacyWidget.choices()`.
    pub fn summary(&self, now: f64) -> Switches {
        self.choices
            .iter()
            .filter(|(l, _)| self.choice(l, now).is_some())
            .map(|(l, c)| (l.clone(), c.state == ConsentState::Accepted))
            .collect()
    }
}

/// Display order of categories (unknown ones last).
pub fn category_rank(c: Option<&Category>) -> usize {
    match c {
        Some(Category::Disclosure) => 0,
        Some(Category::Communication) => 1,
        Some(Category::PrivacySetting) => 2,
        Some(Category::Custom) => 3,
        _ => 4,
    }
}

/// Active types grouped by category, in display order, each group in server order.
pub fn grouped(types: &[ConsentType]) -> Vec<(Option<Category>, Vec<ConsentType>)> {
    let mut groups: Vec<(Option<Category>, Vec<ConsentType>)> = Vec::new();
    for t in types.iter().filter(|t| is_active(t)) {
        match groups.iter_mut().find(|(c, _)| *c == t.category) {
            Some((_, list)) => list.push(t.clone()),
            None => {
                // After every group of the same or an earlier rank: display
                // order without a sort (a stable sort is ~4 KB of code).
                let rank = category_rank(t.category.as_ref());
                let at = groups.partition_point(|(c, _)| category_rank(c.as_ref()) <= rank);
                groups.insert(at, (t.category.clone(), vec![t.clone()]));
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    const DAY: f64 = 86_400_000.0;

    fn ty(label: &str, category: Category) -> ConsentType {
        ConsentType {
            id: format!("id-{label}"),
            label: Some(label.into()),
            category: Some(category),
            version: Some(1),
            status: Some(ConsentStatus::Active),
            ..Default::default()
        }
    }

    #[test]
    fn groups_follow_category_order_and_skip_inactive() {
        let mut archived = ty("old", Category::Disclosure);
        archived.status = Some(ConsentStatus::Archived);
        let types = vec![
            ty("news", Category::Communication),
            ty("terms", Category::Disclosure),
            archived,
            ty("ads", Category::Communication),
        ];
        let g = grouped(&types);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].0, Some(Category::Disclosure));
        assert_eq!(
            g[1].1
                .iter()
                .map(|t| t.label.clone().unwrap())
                .collect::<Vec<_>>(),
            ["news", "ads"]
        );
    }

    #[test]
    fn required_is_locked_on_and_never_asked() {
        let mut terms = ty("terms", Category::Disclosure);
        terms.required = Some(true);
        let s = StoredConsent::default();
        assert_eq!(offer(&terms), Offer::Locked);
        assert!(s
            .initial_toggles(&[terms.clone()], true, 0.0, &RegionPolicy::OptIn)
            .is_on("terms"));
        assert!(s.needs_ask(&[terms], 0.0, None).is_empty());
    }

    #[test]
    fn gpc_declines_implied_defaults() {
        let mut analytics = ty("analytics", Category::PrivacySetting);
        analytics.valid_states = Some(vec![ConsentState::Accepted, ConsentState::Implied]);
        let s = StoredConsent::default();
        assert!(s
            .initial_toggles(&[analytics.clone()], false, 0.0, &RegionPolicy::OptIn)
            .is_on("analytics"));
        assert!(!s
            .initial_toggles(&[analytics], true, 0.0, &RegionPolicy::OptIn)
            .is_on("analytics"));
    }

    #[test]
    fn reask_only_the_bumped_type() {
        let types = vec![
            ty("news", Category::Communication),
            ty("ads", Category::Communication),
        ];
        let mut s = StoredConsent::default();
        let on = Switches::from_iter([("news".to_string(), true), ("ads".to_string(), false)]);
        let record = s.decide(&types, &on, ConsentSource::Banner, 0.0);
        assert_eq!(record.decisions.len(), 2);
        assert!(s.needs_ask(&types, 1.0, None).is_empty());
        let mut bumped = types.clone();
        bumped[0].version = Some(2);
        bumped[0].require_reaccept_version = Some(2);
        assert_eq!(s.needs_ask(&bumped, 1.0, None), ["news"]);
        // A version bump without requireReaccept keeps the choice.
        bumped[0].require_reaccept_version = Some(1);
        assert!(s.needs_ask(&bumped, 1.0, None).is_empty());
    }

    #[test]
    fn expired_choices_are_asked_again() {
        let mut news = ty("news", Category::Communication);
        news.consent_duration = Some("P30D".into());
        let mut s = StoredConsent::default();
        s.decide(
            &[news.clone()],
            &Switches::from_iter([("news".to_string(), true)]),
            ConsentSource::Panel,
            0.0,
        );
        assert_eq!(s.choices["news"].expires, Some(30.0 * DAY));
        assert!(s.needs_ask(&[news.clone()], 29.0 * DAY, None).is_empty());
        assert_eq!(s.needs_ask(&[news.clone()], 31.0 * DAY, None), ["news"]);
        assert!(s.summary(31.0 * DAY).is_empty());
        assert!(
            !s.initial_toggles(&[news], false, 31.0 * DAY, &RegionPolicy::OptIn)
                .is_on("news"),
            "expired choice no longer counts"
        );
    }

    /// The cases shared with the loader's JavaScript twin.
    mod shared_vectors {
        use super::*;
        use crate::i18n::Locale;
        use pw_model::WidgetSettings;
        use serde_json::Value;

        fn vectors() -> Value {
            serde_json::from_str(include_str!("../../tests/vectors/consent_rules.json")).unwrap()
        }

        fn cases(name: &str) -> Vec<Value> {
            vectors()[name].as_array().unwrap().clone()
        }

        fn types(case: &Value) -> Vec<ConsentType> {
            serde_json::from_value(case["types"].clone()).unwrap()
        }

        fn stored(case: &Value) -> StoredConsent {
            serde_json::from_value(case["stored"].clone()).unwrap()
        }

        #[test]
        fn needs_ask() {
            for case in cases("needsAsk") {
                let now = case["now"].as_f64().unwrap();
                let declined_for = case["declinedFor"]
                    .as_str()
                    .map(|d| IsoDuration::parse(d).unwrap());
                let got = stored(&case).needs_ask(&types(&case), now, declined_for.as_ref());
                let want: Vec<String> = serde_json::from_value(case["expect"].clone()).unwrap();
                assert_eq!(got, want, "{}", case["name"]);
            }
        }

        #[test]
        fn region_policy() {
            for case in cases("regionPolicy") {
                let settings: WidgetSettings =
                    serde_json::from_value(case["settings"].clone()).unwrap();
                let got = settings.policy_for(case["region"].as_str());
                assert_eq!(got.as_str(), case["expect"], "{}", case["name"]);
            }
        }

        /// Under opt-out and notice the loader gates with `effective`, the
        /// panel starts its switches with `initial_toggles`: the same table.
        #[test]
        fn region_defaults() {
            for case in cases("effective") {
                let policy = RegionPolicy::parse(case["policy"].as_str().unwrap());
                let got = stored(&case).initial_toggles(
                    &types(&case),
                    case["gpc"].as_bool().unwrap(),
                    case["now"].as_f64().unwrap(),
                    &policy,
                );
                let want: BTreeMap<String, bool> =
                    serde_json::from_value(case["expect"].clone()).unwrap();
                let got = got.iter().map(|(l, on)| (l.clone(), *on));
                assert_eq!(BTreeMap::from_iter(got), want, "{}", case["name"]);
            }
        }

        #[test]
        fn decide_all() {
            for case in cases("decideAll") {
                let (types, mut s) = (types(&case), stored(&case));
                let on = case["accepted"].as_bool().unwrap();
                let toggles = types.iter().map(|t| (label(t).to_string(), on)).collect();
                let now = case["now"].as_f64().unwrap();
                let record = s.decide(&types, &toggles, ConsentSource::Banner, now);
                let want: BTreeMap<String, Choice> =
                    serde_json::from_value(case["expectChoices"].clone()).unwrap();
                let got = s.choices.iter().map(|(l, c)| (l.clone(), c.clone()));
                assert_eq!(BTreeMap::from_iter(got), want, "{}", case["name"]);
                let decisions = serde_json::to_value(&record.decisions).unwrap();
                assert_eq!(decisions, case["expectDecisions"], "{}", case["name"]);
                assert_eq!(record.subject_id, s.subject_id);
            }
        }

        #[test]
        fn add_duration() {
            for case in cases("addDuration") {
                let from = case["from"].as_i64().unwrap();
                let got = IsoDuration::parse(case["duration"].as_str().unwrap())
                    .ok()
                    .and_then(|d| d.add_to_unix_millis(from));
                assert_eq!(got, case["expect"].as_i64(), "{}", case["duration"]);
            }
        }

        #[test]
        fn negotiate() {
            for case in cases("negotiate") {
                let languages: Vec<String> =
                    serde_json::from_value(case["languages"].clone()).unwrap();
                let got = Locale::negotiate(
                    case["explicit"].as_str().unwrap(),
                    languages.iter().map(String::as_str),
                );
                assert_eq!(got.tag(), case["expect"], "{case}");
            }
        }
    }
}
