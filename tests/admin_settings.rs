//! The widget settings, keys and snippet views of the admin page in headless
//! Chromium (wasm-bindgen-test): the request-type order editor, the colour
//! field's live contrast, the settings form against the reference server the
//! test script started (a refused colour is never sent; a saved change is
//! what the server then holds), the keys list (the caller's own key cannot be
//! revoked from it) and the snippet view.
#![cfg(all(target_arch = "wasm32", feature = "admin"))]

mod support;

use leptos::prelude::*;
use leptos::task::tick;
use privacy_widget::admin::components::{ColorField, PurposeOrder};
use privacy_widget::admin::pages::{Access, Install, Settings};
use privacy_widget::api;
use privacy_widget::components::FieldValue;
use privacy_widget::i18n::Locale;
use pw_model::Purpose;
use support::{admin_client, api_base, wait_for, PROJECT};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `f` signed in to the test server, in English.
fn mount<V: IntoView + 'static>(f: impl FnOnce() -> V + 'static) -> Element {
    support::mount_admin(Locale::En, f)
}

fn get<T: JsCast>(root: &Element, test_id: &str) -> Option<T> {
    root.query_selector(&format!("[data-testid=\"{test_id}\"]"))
        .unwrap()
        .map(JsCast::unchecked_into)
}

fn text(root: &Element, test_id: &str) -> String {
    get::<HtmlElement>(root, test_id)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn set_value(root: &Element, test_id: &str, value: &str) {
    let input: HtmlInputElement = get(root, test_id).unwrap();
    input.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

fn click(root: &Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn purpose_order_moves_adds_and_drops_types() {
    let offered = RwSignal::new(vec![Purpose::Access, Purpose::Erasure]);
    let root = mount(move || {
        view! {
            <PurposeOrder offered on_change=Callback::new(move |p| offered.set(p))
                error=Signal::derive(|| None::<String>) show_errors=Signal::derive(|| false) />
        }
    });
    tick().await;
    let rows = root
        .query_selector_all("[data-testid=settings-purpose-row]")
        .unwrap();
    assert_eq!(rows.length(), 9, "every type but Unknown");
    click(
        &root,
        "[data-purpose=Erasure] button[aria-label^='Move up']",
    );
    tick().await;
    assert_eq!(offered.get_untracked(), [Purpose::Erasure, Purpose::Access]);
    let first = root
        .query_selector("[data-testid=settings-purpose-row]")
        .unwrap()
        .unwrap();
    assert_eq!(
        first.get_attribute("data-purpose").as_deref(),
        Some("Erasure")
    );
    // The first row cannot move up, the last offered one cannot move down.
    let up: web_sys::HtmlButtonElement = root
        .query_selector("[data-purpose=Erasure] button[aria-label^='Move up']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(up.disabled());
    click(&root, "#settings-purpose-Access");
    click(&root, "#settings-purpose-Portability");
    tick().await;
    assert_eq!(
        offered.get_untracked(),
        [Purpose::Erasure, Purpose::Portability]
    );
}

#[wasm_bindgen_test]
async fn color_field_shows_contrast_and_mirrors_the_picker() {
    let color = RwSignal::new("#0b5cad".to_owned());
    let root = mount(move || {
        view! {
            <ColorField id="c" label=Signal::derive(|| "Accent".to_owned()) ground="#ffffff"
                value=FieldValue::from(color) error=Signal::derive(|| None::<String>) />
        }
    });
    tick().await;
    let hint = root.query_selector("#c-hint").unwrap().unwrap();
    assert_eq!(hint.text_content().unwrap(), "Contrast with #ffffff: 6.6:1");
    set_value(&root, "c-picker", "#777777");
    tick().await;
    assert_eq!(color.get_untracked(), "#777777");
    assert_eq!(
        get::<HtmlInputElement>(&root, "c").unwrap().value(),
        "#777777"
    );
    assert!(hint.text_content().unwrap().ends_with("4.4:1"));
}

#[wasm_bindgen_test]
async fn settings_form_refuses_a_weak_colour_and_saves_a_change() {
    let client = admin_client();
    let before = api::workspace::settings(&client).await.unwrap();
    let root = mount(|| view! { <Settings /> });
    wait_for("the settings form", || {
        get::<Element>(&root, "settings-form").is_some()
    })
    .await;
    set_value(&root, "settings-accent-dark", "#0b5cad");
    click(&root, "[data-testid=settings-save]");
    wait_for("the contrast message", || {
        text(&root, "settings-accent-dark-error").contains("4.5:1")
    })
    .await;
    assert_eq!(
        api::workspace::settings(&client).await.unwrap(),
        before,
        "nothing sent"
    );
    set_value(&root, "settings-accent-dark", "#9ad0ff");
    click(&root, "#settings-required-city");
    click(&root, "[data-testid=settings-save]");
    wait_for("saved", || {
        text(&root, "settings-status") == "Settings saved."
    })
    .await;
    let saved = api::workspace::settings(&client).await.unwrap();
    assert_eq!(saved.accent_dark, "#9ad0ff");
    assert!(saved.required.city);
    // Leave the shared server as it was for the other tests.
    let restored = api::workspace::save_settings(&client, &before)
        .await
        .unwrap();
    assert_eq!(restored, before);
}

#[wasm_bindgen_test]
async fn keys_list_marks_the_callers_key_and_creates_one_shown_once() {
    let root = mount(|| view! { <Access /> });
    wait_for("the keys", || get::<Element>(&root, "keys-table").is_some()).await;
    let rows = root.query_selector_all("[data-testid=key-row]").unwrap();
    assert!(rows.length() >= 2, "the admin and the widget key");
    let mine = (0..rows.length())
        .filter_map(|i| rows.item(i))
        .map(|n| n.unchecked_into::<Element>())
        .find(|r| {
            r.text_content()
                .unwrap_or_default()
                .contains("In use by you")
        })
        .expect("the caller's key is marked");
    assert!(
        mine.query_selector("[data-testid=key-revoke]")
            .unwrap()
            .is_none(),
        "no revoke button on the key in use"
    );
    // An admin key: its secret is shown once and never in the list.
    set_value(&root, "key-name", "Component test key");
    let scope: web_sys::HtmlSelectElement = get(&root, "key-scope").unwrap();
    scope.set_value("admin");
    let init = EventInit::new();
    init.set_bubbles(true);
    scope
        .dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    click(&root, "[data-testid=key-create]");
    wait_for("the secret", || {
        get::<Element>(&root, "key-secret-value").is_some()
    })
    .await;
    let secret = text(&root, "key-secret-value");
    assert!(
        secret.starts_with("pw_adm_") && secret.len() == 71,
        "{secret}"
    );
    wait_for("the new row", || {
        root.query_selector("[data-testid=key-row][data-name='Component test key']")
            .unwrap()
            .is_some()
    })
    .await;
    let table = text(&root, "keys-table");
    assert!(!table.contains(&secret), "an admin secret is never listed");
    assert!(
        table.contains(&format!("pw_adm_…{}", &secret[secret.len() - 4..])),
        "its hint is"
    );
    // Tidy up: revoke it through the API.
    let client = admin_client();
    let keys = api::workspace::keys(&client).await.unwrap();
    let id = keys
        .iter()
        .find(|k| k.name.as_deref() == Some("Component test key"))
        .unwrap()
        .id;
    api::workspace::revoke_key(&client, id).await.unwrap();
}

#[wasm_bindgen_test]
async fn install_view_writes_the_snippet_for_a_widget_key() {
    let root = mount(|| view! { <Install /> });
    wait_for("the snippet", || get::<Element>(&root, "snippet").is_some()).await;
    let snippet = text(&root, "snippet");
    assert!(
        snippet.starts_with(&format!("<script src=\"{}/widget/loader.js\"", api_base())),
        "{snippet}"
    );
    assert!(
        snippet.contains(&format!("data-project=\"{PROJECT}\"")),
        "{snippet}"
    );
    // One view only: the tag says which.
    click(&root, "#install-view-consent");
    tick().await;
    assert!(text(&root, "snippet").contains("data-view=\"dsr\""));
    let frame = root
        .query_selector("[data-testid=preview]")
        .unwrap()
        .unwrap();
    let src = frame.get_attribute("src").unwrap();
    assert!(
        src.starts_with(&format!("{}/preview?workspace=1&", api_base())),
        "{src}"
    );
    assert!(src.contains("view=dsr"), "{src}");
}
