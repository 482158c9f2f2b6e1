//! A view bundle's contract with the loader (headless Chromium through
//! wasm-bindgen-test-runner): it mounts exactly one view into the slot it is
//! handed, a new mount replaces the old one, `unmount` empties the slot,
//! `set_locale` follows the loader's language, and events bubble out of the
//! shadow root to the host page.
#![cfg(all(target_arch = "wasm32", feature = "widget"))]

mod support;

use leptos::prelude::IntoAny;
use leptos::task::tick;
use privacy_widget::widget::{set_locale, unmount, ConsentPanel, DsrView};
use support::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn one_view_per_mount_and_unmount_empties_the_slot() {
    clear_storage();
    let root = mount_view(config(serde_json::json!({ "locale": "en" })), || {
        DsrView().into_any()
    });
    tick().await;
    assert!(by_id(&root, "pw-dsr-form").is_some(), "the form is drawn");
    for absent in ["pw-launcher", "pw-open-consent", "pw-locale", "pw-close"] {
        assert!(by_id(&root, absent).is_none(), "{absent} is the loader's");
    }
    let sheets = || {
        js_sys::Array::from(&js_sys::Reflect::get(&root, &"adoptedStyleSheets".into()).unwrap())
            .length()
    };
    assert_eq!(sheets(), 1, "the views' sheet joins the shadow root");

    // Opened again in the same shadow root: one form, one sheet.
    mount_in(&root, &config(serde_json::json!({})), || {
        DsrView().into_any()
    });
    tick().await;
    assert_eq!(all(&root, "[data-testid='pw-dsr-form']").len(), 1);
    assert_eq!(sheets(), 1, "adopted once per shadow root");

    // Another view: the old one goes.
    let second = mount_view(config(serde_json::json!({})), || ConsentPanel().into_any());
    tick().await;
    assert!(by_id(&root, "pw-dsr-form").is_none(), "replaced");
    assert!(by_id(&second, "pw-consent").is_some());

    unmount();
    tick().await;
    assert!(by_id(&second, "pw-consent").is_none(), "closed");
}

#[wasm_bindgen_test]
async fn the_view_follows_the_loaders_language() {
    clear_storage();
    let root = mount_view(config(serde_json::json!({ "locale": "en" })), || {
        DsrView().into_any()
    });
    tick().await;
    let title = || text(&find(&root, ".pw-title").expect("title"));
    assert_eq!(title(), "Make a privacy request");
    set_locale("de");
    tick().await;
    assert_eq!(title(), "Datenschutzanfrage stellen");
    set_locale("xx-unknown");
    tick().await;
    assert_eq!(
        title(),
        "Datenschutzanfrage stellen",
        "unknown tags are ignored"
    );
}

#[wasm_bindgen_test]
async fn malformed_config_falls_back_to_defaults() {
    let root = fresh_shadow_root();
    // A host page typo must not leave the visitor without a view.
    mount_in(&root, "{not json", || DsrView().into_any());
    tick().await;
    assert!(by_id(&root, "pw-dsr-form").is_some());
}

#[wasm_bindgen_test]
async fn a_saved_choice_reaches_the_host_page() {
    clear_storage();
    let seen = std::rc::Rc::new(std::cell::Cell::new(false));
    let listener = {
        let seen = seen.clone();
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |_| seen.set(true))
    };
    document()
        .add_event_listener_with_callback(
            "privacywidget:consent",
            listener.as_ref().unchecked_ref(),
        )
        .unwrap();
    let root = mount_view(config(serde_json::json!({})), || ConsentPanel().into_any());
    wait_for("consent types", || by_id(&root, "pw-reject-all").is_some()).await;
    by_id(&root, "pw-reject-all").unwrap().click();
    tick().await;
    assert!(seen.get(), "the event bubbles out of the shadow root");
    document()
        .remove_event_listener_with_callback(
            "privacywidget:consent",
            listener.as_ref().unchecked_ref(),
        )
        .unwrap();
}

/// The bundles read JSON with the browser's `JSON.parse` and their own walker
/// (`privacy_widget::json`); it must read what serde_json reads natively.
#[wasm_bindgen_test]
fn the_json_walker_reads_what_serde_json_reads() {
    use privacy_widget::json::from_str;
    use pw_model::{ConsentType, DsrReceipt, ErrorBody, WidgetSettings};
    fn same<T>(text: &str)
    where
        T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let native: T = serde_json::from_str(text).expect("serde_json reads it");
        assert_eq!(from_str::<T>(text).as_ref(), Ok(&native), "{text}");
    }
    same::<serde_json::Value>(
        r#"{"a":[1,-2,3.5,1e300,null,true,"é\"x"],"b":{"c":{}},"d":[],"n":-9007199254740991}"#,
    );
    same::<Vec<ConsentType>>(
        r#"[{"id":"t1","label":"news","version":3,"requireReacceptVersion":2,
            "consentDuration":"P6M","required":false,"status":"Active",
            "category":"Communication","validStates":["Accepted","Implied"],
            "unknownField":{"x":[1]}},{"id":"t2"}]"#,
    );
    same::<DsrReceipt>(r#"{"id":7,"expiryTime":"2026-12-31T00:00:00Z","email":null}"#);
    same::<ErrorBody>(r#"{"statusCode":400,"error":"Bad Request","message":"email: required"}"#);
    same::<WidgetSettings>(
        r#"{"theme":"dark","locales":["nl","fr"],"required":{"email":true},
            "purposes":["Access","Erasure"],"defaultPolicy":"opt-out",
            "regionRules":[{"region":"US-CA","policy":"notice"}],"declinedDuration":"P6M"}"#,
    );
    same::<Option<(Vec<u32>, String)>>(r#"[[1,2],"k"]"#);
    // What does not fit is refused, not guessed.
    assert!(from_str::<DsrReceipt>(r#"{"id":"seven"}"#).is_err());
    assert!(from_str::<Vec<u32>>(r#"[1.5]"#).is_err());
    assert!(from_str::<u8>("300").is_err());
    assert!(from_str::<Vec<u32>>("{not json").is_err());
}
