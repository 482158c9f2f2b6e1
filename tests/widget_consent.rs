//! The consent panel in headless Chromium against the reference server:
//! grouping by category, required types locked on, Global Privacy Control
//! defaults, re-ask after a version bump with requireReaccept, and expiry.
#![cfg(all(target_arch = "wasm32", feature = "widget"))]

mod support;

use leptos::prelude::IntoAny;
use leptos::task::tick;
use privacy_widget::api;
use privacy_widget::widget::consent_store::{storage_key, StoredConsent};
use privacy_widget::widget::ConsentPanel;
use pw_model::{Category, ConsentState, ConsentType, NewConsentType};
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::ShadowRoot;

wasm_bindgen_test_configure!(run_in_browser);

/// Creates a consent type with a label unique to this run.
async fn create_type(
    label: &str,
    category: Category,
    edit: impl FnOnce(&mut NewConsentType),
) -> ConsentType {
    let label = format!("{label}_{}", js_sys::Date::now() as u64);
    let mut new = NewConsentType::new(category, label.clone());
    new.name = Some(format!("Type {label}"));
    new.description = Some("What this consent is for.".into());
    edit(&mut new);
    api::consent_type::create(&admin_client(), &new, &api::new_idempotency_key())
        .await
        .expect("admin creates a type")
}

/// The preferences bundle's view; `reask` as the loader sets it after its
/// re-ask banner.
async fn open_panel(reask: bool) -> ShadowRoot {
    let root = mount_view(config(serde_json::json!({ "reask": reask })), || {
        ConsentPanel().into_any()
    });
    wait_for("consent types", || by_id(&root, "pw-accept-all").is_some()).await;
    root
}

fn switch(root: &ShadowRoot, label: &str) -> web_sys::HtmlElement {
    find(root, &format!("[data-label='{label}'] [role='switch']"))
        .unwrap_or_else(|| panic!("switch for {label}"))
}

fn stored() -> StoredConsent {
    let text = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(&storage_key(PROJECT))
        .unwrap();
    serde_json::from_str(&text.expect("choices stored")).unwrap()
}

#[wasm_bindgen_test]
async fn types_are_grouped_by_category_and_required_is_locked() {
    clear_storage();
    let terms = create_type("terms", Category::Disclosure, |n| n.required = Some(true)).await;
    let news = create_type("news", Category::Communication, |_| {}).await;
    let root = open_panel(false).await;

    let groups: Vec<String> = all(&root, "[data-testid='pw-consent-group']")
        .iter()
        .map(|g| g.get_attribute("data-category").unwrap_or_default())
        .collect();
    let pos = |c: &str| {
        groups
            .iter()
            .position(|g| g == c)
            .unwrap_or_else(|| panic!("group {c} in {groups:?}"))
    };
    assert!(pos("disclosure") < pos("communication"), "{groups:?}");
    let group_of = |label: &str| {
        find(&root, &format!("[data-category] [data-label='{label}']"))
            .unwrap()
            .closest("[data-category]")
            .unwrap()
            .unwrap()
            .get_attribute("data-category")
    };
    assert_eq!(
        group_of(terms.label.as_deref().unwrap()).as_deref(),
        Some("disclosure")
    );
    assert_eq!(
        group_of(news.label.as_deref().unwrap()).as_deref(),
        Some("communication")
    );

    let locked = switch(&root, terms.label.as_deref().unwrap());
    assert_eq!(
        locked.get_attribute("aria-checked").as_deref(),
        Some("true")
    );
    assert_eq!(
        locked.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    locked.click();
    tick().await;
    assert_eq!(
        locked.get_attribute("aria-checked").as_deref(),
        Some("true"),
        "cannot be turned off"
    );

    let toggle = switch(&root, news.label.as_deref().unwrap());
    assert_eq!(
        toggle.get_attribute("aria-checked").as_deref(),
        Some("false"),
        "consent is opt-in"
    );
    toggle.click();
    tick().await;
    assert_eq!(
        toggle.get_attribute("aria-checked").as_deref(),
        Some("true")
    );

    // Saving stores locally at once and records on the server.
    by_id(&root, "pw-save").unwrap().click();
    tick().await;
    let s = stored();
    assert_eq!(
        s.choices[news.label.as_deref().unwrap()].state,
        ConsentState::Accepted
    );
    assert_eq!(
        s.choices[terms.label.as_deref().unwrap()].state,
        ConsentState::Accepted
    );
    let subject = s.subject_id.clone();
    wait_for_records(&subject, &news.id).await;
}

async fn wait_for_records(subject: &str, type_id: &str) {
    for _ in 0..100 {
        if let Ok(records) = api::consent_record::list(&admin_client(), subject).await {
            if records.iter().any(|r| r.consent_type_id == type_id) {
                return;
            }
        }
        sleep(100).await;
    }
    panic!("no consent record for {type_id} on the server");
}

#[wasm_bindgen_test]
async fn global_privacy_control_starts_implied_types_declined() {
    clear_storage();
    let analytics = create_type("analytics", Category::PrivacySetting, |n| {
        n.valid_states = Some(vec![
            ConsentState::Accepted,
            ConsentState::Declined,
            ConsentState::Implied,
        ]);
    })
    .await;
    let label = analytics.label.clone().unwrap();
    let navigator = web_sys::window().unwrap().navigator();

    let root = open_panel(false).await;
    assert!(by_id(&root, "pw-gpc-notice").is_none());
    assert_eq!(
        switch(&root, &label)
            .get_attribute("aria-checked")
            .as_deref(),
        Some("true"),
        "implied consent starts on"
    );

    let desc = js_sys::Object::new();
    js_sys::Reflect::set(&desc, &"value".into(), &JsValue::TRUE).unwrap();
    js_sys::Reflect::set(&desc, &"configurable".into(), &JsValue::TRUE).unwrap();
    js_sys::Reflect::define_property(&navigator, &"globalPrivacyControl".into(), &desc).unwrap();
    let root = open_panel(false).await;
    js_sys::Reflect::delete_property(&navigator, &"globalPrivacyControl".into()).unwrap();
    assert!(
        by_id(&root, "pw-gpc-notice").is_some(),
        "the panel says why"
    );
    assert_eq!(
        switch(&root, &label)
            .get_attribute("aria-checked")
            .as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn a_version_bump_with_require_reaccept_asks_again_for_that_type_only() {
    clear_storage();
    let ads = create_type("ads", Category::Communication, |_| {}).await;
    let mail = create_type("mail", Category::Communication, |_| {}).await;
    let root = open_panel(false).await;
    by_id(&root, "pw-accept-all").unwrap().click();
    tick().await;
    assert_eq!(stored().choices[ads.label.as_deref().unwrap()].version, 1);

    let mut changed = NewConsentType::new(Category::Communication, ads.label.clone().unwrap());
    changed.name = ads.name.clone();
    changed.description = Some("Now also shared with partners.".into());
    changed.require_reaccept = Some(true);
    let bumped = api::consent_type::update(&admin_client(), &ads.id, &changed)
        .await
        .unwrap();
    assert_eq!(bumped.version, Some(2));
    assert_eq!(bumped.require_reaccept_version, Some(2));

    let root = open_panel(true).await;
    assert!(by_id(&root, "pw-reask-notice").is_some());
    let shown: Vec<String> = all(&root, "[data-testid='pw-consent-item']")
        .iter()
        .filter_map(|e| e.get_attribute("data-label"))
        .collect();
    assert_eq!(
        shown,
        vec![ads.label.clone().unwrap()],
        "only the changed type is asked"
    );
    assert!(!shown.contains(mail.label.as_ref().unwrap()));
}

#[wasm_bindgen_test]
async fn an_expired_choice_is_asked_again() {
    clear_storage();
    let short = create_type("short", Category::Custom, |n| {
        n.consent_duration = Some("P1D".into())
    })
    .await;
    let label = short.label.clone().unwrap();
    let root = open_panel(false).await;
    by_id(&root, "pw-reject-all").unwrap().click();
    tick().await;
    let mut s = stored();
    let day = 86_400_000.0;
    let choice = &s.choices[&label];
    assert_eq!(
        choice.expires,
        Some(choice.at + day),
        "P1D from consentDuration"
    );

    // A day and a bit later:
    s.choices.get_mut(&label).unwrap().expires = Some(js_sys::Date::now() - 1.0);
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .set_item(&storage_key(PROJECT), &serde_json::to_string(&s).unwrap())
        .unwrap();
    let root = open_panel(true).await;
    let shown: Vec<String> = all(&root, "[data-testid='pw-consent-item']")
        .iter()
        .filter_map(|e| e.get_attribute("data-label"))
        .collect();
    assert_eq!(shown, vec![label]);
}
