//! The admin's consent views in headless Chromium (wasm-bindgen-test), against
//! the reference server the test script started (issue 15): the settings'
//! region editor (a rule and a refusal period saved and read back, a bad
//! region code refused next to its field and never sent), the consent records
//! page (a visitor's record found through the URL's filters, the form's check
//! of a visitor id, the hash chain's check in its status region) and the
//! dashboard's consent charts with their text alternatives.
#![cfg(all(target_arch = "wasm32", feature = "admin"))]

mod support;

use leptos::prelude::*;
use leptos::task::tick;
use leptos_router::components::Router;
use privacy_widget::admin::pages::{ConsentRecords, Dashboard, Settings};
use privacy_widget::api;
use privacy_widget::i18n::{t, violation, Key, Locale};
use pw_model::consent_record::{ConsentDecision, ConsentSource, NewConsentRecord};
use pw_model::{
    Category, ConsentState, ConsentType, NewConsentType, RegionPolicy, RegionRule, Violation,
};
use support::{admin_client, wait_for};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `f` signed in to the test server, in English.
fn mount<V: IntoView + 'static>(f: impl FnOnce() -> V + 'static) -> Element {
    support::mount_admin(Locale::En, f)
}

fn query<T: JsCast>(root: &Element, selector: &str) -> Option<T> {
    root.query_selector(selector)
        .unwrap()
        .map(JsCast::unchecked_into)
}

fn get<T: JsCast>(root: &Element, selector: &str) -> T {
    query(root, selector).unwrap_or_else(|| panic!("no {selector}"))
}

fn by_id<T: JsCast>(root: &Element, test_id: &str) -> T {
    get(root, &format!("[data-testid=\"{test_id}\"]"))
}

fn text(root: &Element, test_id: &str) -> String {
    query::<HtmlElement>(root, &format!("[data-testid=\"{test_id}\"]"))
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn fire(target: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    target
        .dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap())
        .unwrap();
}

/// Types `value` into the input at `selector` as a user would.
fn type_into(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = get(root, selector);
    input.set_value(value);
    fire(&input, "input");
}

/// Chooses `value` in the select at `selector`.
fn choose(root: &Element, selector: &str, value: &str) {
    let select: HtmlSelectElement = get(root, selector);
    select.set_value(value);
    fire(&select, "change");
}

fn click(root: &Element, selector: &str) {
    get::<HtmlElement>(root, selector).click();
}

/// Puts `path` in the address bar (the router reads its query from there).
fn go_to(path: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
}

/// A consent type with a label unique to this run.
async fn create_type(label: &str) -> ConsentType {
    let label = format!("{label}_{}", js_sys::Date::now() as u64);
    let mut new = NewConsentType::new(Category::PrivacySetting, label.clone());
    new.name = Some(format!("Type {label}"));
    new.description = Some("What this consent is for.".into());
    api::consent_type::create(&admin_client(), &new, &api::new_idempotency_key())
        .await
        .expect("admin creates a type")
}

/// One accepted decision on `ct` by a new visitor, given in the banner in
/// California under opt-out with GPC on; returns the visitor's id.
async fn record_acceptance(ct: &ConsentType) -> String {
    let subject = api::new_idempotency_key();
    let body = NewConsentRecord {
        subject_id: subject.clone(),
        decisions: vec![ConsentDecision {
            consent_type_id: ct.id.clone(),
            version: u32::try_from(ct.version.unwrap_or(1)).unwrap_or(1),
            state: ConsentState::Accepted,
        }],
        source: Some(ConsentSource::Banner),
        user_agent: Some("component test".into()),
        gpc: Some(true),
        region: Some("US-CA".into()),
        policy: Some(RegionPolicy::OptOut),
    };
    api::consent_record::create(&admin_client(), &body, &api::new_idempotency_key())
        .await
        .expect("a record");
    subject
}

#[wasm_bindgen_test]
async fn settings_region_editor_round_trips_and_refuses_a_bad_code() {
    let client = admin_client();
    let before = api::workspace::settings(&client).await.unwrap();
    let root = mount(|| view! { <Settings /> });
    wait_for("the settings form", || {
        query::<Element>(&root, "[data-testid=settings-form]").is_some()
    })
    .await;
    let rows = "[data-testid=settings-region-row]";
    let last = format!("{rows}:last-child");
    let existing = count(&root, rows);

    // A rule, typed in lower case, and a shorter refusal period.
    click(&root, "[data-testid=settings-region-add]");
    tick().await;
    assert_eq!(count(&root, rows), existing + 1);
    type_into(
        &root,
        &format!("{last} [data-testid=settings-region-code]"),
        "us-ca",
    );
    choose(&root, &format!("{last} select"), "notice");
    click(&root, "[data-testid=settings-declined-P3M]");
    tick().await;
    assert_eq!(
        by_id::<HtmlInputElement>(&root, "settings-declined-duration").value(),
        "P3M"
    );
    assert_eq!(
        by_id::<Element>(&root, "settings-declined-P3M")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    click(&root, "[data-testid=settings-save]");
    wait_for("saved", || {
        text(&root, "settings-status") == t(Locale::En, Key::SettingsSaved)
    })
    .await;
    let saved = api::workspace::settings(&client).await.unwrap();
    assert_eq!(
        saved.region_rules.last(),
        Some(&RegionRule {
            region: "US-CA".into(),
            policy: RegionPolicy::Notice
        }),
        "stored upper case"
    );
    assert_eq!(saved.declined_duration.as_deref(), Some("P3M"));
    // The form now shows what the server stored, in the same row.
    wait_for("the normalized code", || {
        get::<HtmlInputElement>(&root, &format!("{last} [data-testid=settings-region-code]"))
            .value()
            == "US-CA"
    })
    .await;
    assert_eq!(count(&root, rows), existing + 1);

    // A code that is no region: the message sits next to the rules, the
    // input is marked, and nothing is sent.
    type_into(
        &root,
        &format!("{last} [data-testid=settings-region-code]"),
        "USA-CALIF",
    );
    wait_for("the region error", || {
        text(&root, "settings-region-rules-error") == t(Locale::En, Key::RegionCodeInvalid)
    })
    .await;
    let input: HtmlInputElement = get(&root, &format!("{last} [data-testid=settings-region-code]"));
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(input
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .contains("settings-region-rules-error"));
    click(&root, "[data-testid=settings-save]");
    wait_for("the error summary", || {
        text(&root, "settings-status") == t(Locale::En, Key::ErrorSummary)
    })
    .await;
    assert_eq!(
        api::workspace::settings(&client).await.unwrap(),
        saved,
        "nothing sent"
    );

    // Removing the row removes the rule and its message.
    click(
        &root,
        &format!("{last} [data-testid=settings-region-remove]"),
    );
    tick().await;
    assert_eq!(count(&root, rows), existing);
    assert_eq!(text(&root, "settings-region-rules-error"), "");

    // Leave the shared server as it was for the other tests.
    let restored = api::workspace::save_settings(&client, &before)
        .await
        .unwrap();
    assert_eq!(restored, before);
    root.remove();
}

#[wasm_bindgen_test]
async fn records_page_shows_a_visitors_record_and_the_chain_check() {
    let ct = create_type("records").await;
    let subject = record_acceptance(&ct).await;

    go_to(&format!("/consent-records?subjectId={subject}"));
    let root = mount(|| view! { <Router><ConsentRecords /></Router> });
    wait_for("the record", || {
        count(&root, "[data-testid=record-row]") > 0
    })
    .await;
    assert_eq!(
        count(&root, "[data-testid=record-row]"),
        1,
        "only this visitor's"
    );
    let row: Element = get(&root, "[data-testid=record-row]");
    assert_eq!(
        row.get_attribute("data-type").as_deref(),
        Some(ct.id.as_str())
    );
    let row_text = row.text_content().unwrap_or_default();
    for expected in [
        subject.as_str(),
        ct.name.as_deref().unwrap(),
        t(Locale::En, Key::ConsentAccepted),
        t(Locale::En, Key::SourceBanner),
        "Opt-out · US-CA",
        t(Locale::En, Key::Yes),
    ] {
        assert!(row_text.contains(expected), "{expected} in {row_text}");
    }
    // The form shows the URL's filter; the pager counts records.
    assert_eq!(
        by_id::<HtmlInputElement>(&root, "records-subject").value(),
        subject
    );
    assert!(
        text(&root, "pager-status").contains("1 records"),
        "{}",
        text(&root, "pager-status")
    );

    // A visitor id that is not one is refused in the form, not sent.
    type_into(&root, "[data-testid=records-subject]", "visitor-1");
    click(&root, "[data-testid=records-apply]");
    wait_for("the id message", || {
        text(&root, "records-subject-error") == violation(Locale::En, &Violation::Uuid)
    })
    .await;
    assert!(web_sys::window()
        .unwrap()
        .location()
        .search()
        .unwrap()
        .contains(&subject));

    // The chain check, in its status region.
    let status: Element = by_id(&root, "records-verify-status");
    assert_eq!(status.get_attribute("role").as_deref(), Some("status"));
    click(&root, "[data-testid=records-verify-button]");
    wait_for("the chain report", || {
        status.get_attribute("data-valid").is_some()
    })
    .await;
    assert_eq!(status.get_attribute("data-valid").as_deref(), Some("true"));
    let summary = text(&root, "records-verify-summary");
    assert!(summary.starts_with("The chain is intact:"), "{summary}");
    let head = text(&root, "records-verify-head");
    assert_eq!(head.len(), 64, "a SHA-256 in hex: {head}");
    assert!(query::<Element>(&root, "[data-testid=records-verify-broken]").is_none());

    root.remove();
    go_to("/");
}

#[wasm_bindgen_test]
async fn dashboard_consent_charts_have_text_alternatives() {
    let ct = create_type("dashboard").await;
    record_acceptance(&ct).await;
    let root = mount(|| view! { <Dashboard /> });
    let chart = format!(
        "[data-testid=consent-type-chart][data-type=\"{}\"] [data-testid=chart-consent-rate]",
        ct.id
    );
    wait_for("the consent charts", || {
        query::<Element>(&root, &chart).is_some()
    })
    .await;

    // The banner's answers: a bar chart whose label carries its numbers.
    let banner: Element = by_id(&root, "chart-banner");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("img"));
    let label = banner.get_attribute("aria-label").unwrap_or_default();
    assert!(
        label.starts_with("Banner answers: Accepted all: "),
        "{label}"
    );
    assert!(
        label.contains(", Rejected all: ") && label.contains(", Customised: "),
        "{label}"
    );

    // This type's rate per day: today's decision is in the text alternative.
    let rate: Element = get(&root, &chart);
    assert_eq!(rate.get_attribute("role").as_deref(), Some("img"));
    let label = rate.get_attribute("aria-label").unwrap_or_default();
    let type_label = ct.label.clone().unwrap();
    assert!(
        label.starts_with(&format!("{type_label}: acceptance rate per day: ")),
        "{label}"
    );
    assert!(
        label.contains("100% accepted (1 of 1 decisions)"),
        "{label}"
    );
    assert!(
        label.contains("no decisions"),
        "the other days say so: {label}"
    );
    assert_eq!(count(&rate, "rect"), 30, "the last 30 days by default");

    // Another period redraws the charts.
    choose(&root, "[data-testid=consent-period]", "7");
    wait_for("seven days", || {
        query::<Element>(&root, &chart).is_some_and(|c| count(&c, "rect") == 7)
    })
    .await;
    let label = get::<Element>(&root, &chart)
        .get_attribute("aria-label")
        .unwrap_or_default();
    assert!(
        label.contains("100% accepted (1 of 1 decisions)"),
        "{label}"
    );
    root.remove();
}
