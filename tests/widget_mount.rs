//! The widget mounts into a shadow root, adopts its stylesheet, and opens from
//! its launcher (headless Chromium through wasm-bindgen-test-runner).
#![cfg(all(target_arch = "wasm32", feature = "widget"))]

mod support;

use leptos::task::tick;
use privacy_widget::widget::{command, mount, mount_views, Views};
use support::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn mount_adopts_stylesheet_and_opens_from_the_launcher() {
    clear_storage();
    let root = fresh_shadow_root();
    mount(
        root.clone(),
        &config(serde_json::json!({ "inline": false, "view": "dsr" })),
    )
    .unwrap();
    tick().await;

    let sheets = js_sys::Reflect::get(&root, &"adoptedStyleSheets".into()).unwrap();
    assert_eq!(
        js_sys::Array::from(&sheets).length(),
        1,
        "one adopted sheet"
    );
    assert!(
        by_id(&root, "pw-panel").is_none(),
        "floating widget starts closed"
    );

    by_id(&root, "pw-launcher").expect("launcher").click();
    tick().await;
    assert!(
        by_id(&root, "pw-dsr-form").is_some(),
        "a single view opens directly"
    );

    // Escape and the JS API close it; the JS API opens it again.
    by_id(&root, "pw-close").unwrap().click();
    tick().await;
    assert!(by_id(&root, "pw-panel").is_none());
    command("open", "dsr");
    tick().await;
    assert!(by_id(&root, "pw-dsr-form").is_some());
}

#[wasm_bindgen_test]
async fn malformed_config_falls_back_to_defaults() {
    let root = fresh_shadow_root();
    // A host page typo must not leave the visitor without a widget.
    mount(root.clone(), "{not json").unwrap();
    tick().await;
    assert!(by_id(&root, "pw-launcher").is_some());
}

#[wasm_bindgen_test]
async fn a_bundle_hands_a_view_it_lacks_to_the_loader() {
    clear_storage();
    let root = fresh_shadow_root();
    let asked = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let listener = {
        let asked = asked.clone();
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            let view = js_sys::Reflect::get(&e.detail(), &"view".into()).unwrap();
            asked.borrow_mut().push(view.as_string().unwrap());
        })
    };
    root.host()
        .add_event_listener_with_callback("privacywidget:open", listener.as_ref().unchecked_ref())
        .unwrap();
    // The consent bundle, floating, on a site that uses both views.
    mount_views(
        root.clone(),
        &config(serde_json::json!({ "inline": false })),
        Views::consent(),
    )
    .unwrap();
    tick().await;
    by_id(&root, "pw-launcher").unwrap().click();
    tick().await;
    by_id(&root, "pw-open-dsr")
        .expect("menu offers the form")
        .click();
    tick().await;
    assert_eq!(
        *asked.borrow(),
        vec!["dsr".to_string()],
        "the loader is asked for the DSR bundle"
    );
    assert!(by_id(&root, "pw-panel").is_none(), "this bundle steps back");
    assert!(by_id(&root, "pw-dsr-form").is_none(), "and carries no form");

    // The JS API takes the same path.
    command("open", "dsr");
    tick().await;
    assert_eq!(asked.borrow().len(), 2);
    drop(listener);
}
