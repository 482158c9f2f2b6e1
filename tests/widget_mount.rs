//! The widget mounts into a shadow root, adopts its stylesheet and reacts to a
//! click (headless Chromium through wasm-bindgen-test-runner).
#![cfg(all(target_arch = "wasm32", feature = "widget"))]

use leptos::task::tick;
use privacy_widget::widget::mount;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_shadow_root() -> ShadowRoot {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap()
}

fn find(root: &ShadowRoot, test_id: &str) -> Option<HtmlElement> {
    root.query_selector(&format!("[data-testid={test_id}]"))
        .unwrap()
        .map(|e| e.unchecked_into())
}

#[wasm_bindgen_test]
async fn mount_adopts_stylesheet_and_toggles_panel() {
    let root = fresh_shadow_root();
    mount(root.clone(), "{}").unwrap();

    let sheets = js_sys::Reflect::get(&root, &"adoptedStyleSheets".into()).unwrap();
    assert_eq!(
        js_sys::Array::from(&sheets).length(),
        1,
        "one adopted sheet"
    );

    let button = find(&root, "pw-open").expect("open button rendered");
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(find(&root, "pw-panel").is_none(), "panel starts closed");

    button.click();
    tick().await;
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let panel = find(&root, "pw-panel").expect("panel shown after click");
    assert!(panel.text_content().unwrap().contains("ready"));
}

#[wasm_bindgen_test]
fn malformed_config_falls_back_to_defaults() {
    let root = fresh_shadow_root();
    // A host page typo must not leave the visitor without a widget.
    mount(root.clone(), "{not json").unwrap();
    assert!(find(&root, "pw-open").is_some());
}
